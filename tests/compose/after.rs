//! After sending (SPEC §3, §5, §11, §12): escalation timing and urgency,
//! threading in text and mailto, the self-serve and known-answer refusals of
//! `question`, the self-serve subcommand names, and recipients once.

use jiff::{SignedDuration, Timestamp};

use crate::support::{self, ID, Programs, Sandbox, python::python, question, with_id};

/// A history record written by hand: sent `ago_min` minutes before the real
/// clock, its answer due `due_min` minutes from it, urgent or routine.
fn record(id: &str, ago_min: i64, due_min: i64, urgent: bool) -> String {
    let now = Timestamp::now();
    let at = |m: i64| now.saturating_add(SignedDuration::from_mins(m)).unwrap();
    serde_json::json!({
        "id": id,
        "time": at(-ago_min),
        "category": if urgent { "urgent" } else { "question" },
        "subject": format!("[EVENT-DAY URGENT] ticket {id}"),
        "to": "support@9pic.ai",
        "message_id": format!("<t{id}@acme.example>"),
        "delivery": "stdout",
        "response": if urgent { "same-day" } else { "routine" },
        "due": at(due_min),
    })
    .to_string()
}

fn sandbox_with(records: &[String]) -> Sandbox {
    let sb = Sandbox::new(Programs::System);
    let lines: String = records.iter().map(|r| format!("{r}\n")).collect();
    std::fs::write(sb.root().join("data/history.jsonl"), lines).unwrap();
    sb
}

#[test]
fn escalating_before_the_due_time_is_refused_with_the_time_left() {
    let sb = sandbox_with(&[record("1", 60, 121, true)]);
    let err = sb
        .run(with_id(&["escalate", "--last", "--summary", "No answer"]))
        .fails(65)
        .to_string();
    assert!(err.contains("support's answer is due "), "{err}");
    assert!(err.contains("(UTC+00:00), in 2 hours"), "{err}");
    assert!(err.contains("--force escalates anyway"), "{err}");
    assert!(err.contains("--last/--ticket"), "{err}");
    // --ticket is refused the same way.
    let err = sb
        .run(with_id(&["escalate", "--ticket", "1", "--summary", "x"]))
        .fails(65)
        .to_string();
    assert!(err.contains("support's answer is due "), "{err}");
    // --force escalates, and the reply keeps the original's urgency.
    let eml = sb.run(with_id(&[
        "escalate",
        "--last",
        "--summary",
        "No answer",
        "--force",
        "--format",
        "eml",
    ]));
    let text = eml.ok();
    assert!(text.contains("X-Priority: 1"), "{text}");
    assert!(text.contains("In-Reply-To: <t1@acme.example>"), "{text}");
    assert!(eml.stderr.contains("the same day"), "{}", eml.stderr);
}

#[test]
fn escalating_after_the_due_time_goes_through_and_marks_the_original() {
    let sb = sandbox_with(&[record("1", 300, -1, true), record("2", 10, 1430, false)]);
    // Before: the first is due, the second waiting.
    let v: serde_json::Value = serde_json::from_str(&sb.run(["history", "--json"]).ok()).unwrap();
    assert_eq!(v["tickets"][0]["state"], "waiting");
    assert_eq!(v["tickets"][1]["state"], "due");
    let list = sb.run(["history"]).ok();
    assert!(list.contains("[due since "), "{list}");
    assert!(list.contains("[waiting: answer due "), "{list}");

    let out = sb.run(with_id(&[
        "escalate",
        "--ticket",
        "1",
        "--summary",
        "Still down",
    ]));
    out.ok();
    assert!(
        out.stderr.contains("the same day"),
        "urgent kept: {}",
        out.stderr
    );
    let v: serde_json::Value = serde_json::from_str(&sb.run(["history", "--json"]).ok()).unwrap();
    assert_eq!(v["tickets"][2]["id"], "1");
    assert_eq!(v["tickets"][2]["state"], "escalated");
    // The escalation itself is urgent: due 4 hours after it went out.
    assert_eq!(v["tickets"][0]["response"], "same-day");
    let show = sb.run(["history", "show", "1"]).ok();
    assert!(show.contains("state: escalated"), "{show}");
}

#[test]
fn text_and_mailto_carry_the_thread() {
    let sb = sandbox_with(&[record("1", 300, -1, false)]);
    let args = |format: &'static str| {
        // --ticket, not --last: each run below adds a record of its own.
        with_id(&[
            "escalate",
            "--ticket",
            "1",
            "--summary",
            "No answer",
            "--format",
            format,
        ])
    };
    let text = sb.run(args("text")).ok();
    let parsed = python(
        "import sys, email\n\
         m = email.message_from_bytes(sys.stdin.buffer.read())\n\
         print(m['In-Reply-To']); print(m['References'])",
        text.as_bytes(),
    );
    assert_eq!(
        String::from_utf8_lossy(&parsed),
        "<t1@acme.example>\n<t1@acme.example>\n"
    );
    let mailto = sb.run(args("mailto")).ok();
    let url = url::Url::parse(mailto.trim()).unwrap();
    let fields: Vec<(String, String)> = url.query_pairs().into_owned().collect();
    let keys: Vec<&str> = fields.iter().map(|(k, _)| k.as_str()).collect();
    assert_eq!(keys, ["subject", "in-reply-to", "body"], "{mailto}");
    assert_eq!(fields[1].1, "<t1@acme.example>");
}

#[test]
fn questions_asking_for_self_serve_tasks_get_the_route() {
    for (summary, route, docs) in [
        (
            "How do I top up credits?",
            "Purchase Credits",
            "/pro-guide/credits",
        ),
        (
            "Please change our logo",
            "Branding & Theme",
            "/pro-guide/branding",
        ),
        (
            "How do I connect a custom domain?",
            "Custom Domain",
            "/pro-guide/domain",
        ),
        (
            "Please invite ann@acme.example",
            "Team Setup",
            "/pro-guide/team",
        ),
        (
            "How do I configure GTM?",
            "Advanced Settings",
            "/pro-guide/advanced-settings",
        ),
        (
            "How do we run an event?",
            "Run an Event",
            "/pro-guide/run-an-event",
        ),
    ] {
        let refusal = support::compose(&question(summary, &[])).unwrap_err();
        assert_eq!(refusal.code, 65, "{summary}: {}", refusal.message);
        assert!(
            refusal.message.contains(route),
            "{summary}: {}",
            refusal.message
        );
        assert!(
            refusal
                .message
                .contains(&format!("https://docs.9pic.ai{docs}")),
            "{summary}: {}",
            refusal.message
        );
        // --force sends it, keeping the advice as a note.
        let sent = support::compose(&question(summary, &["--force"])).unwrap();
        assert!(
            sent.notes.iter().any(|n| n.contains(route)),
            "{:?}",
            sent.notes
        );
    }
    // The details are read too, and named by their flag.
    let refusal = support::compose(&question(
        "Question about our account",
        &["--details", "How can we top-up   credits before Saturday?"],
    ))
    .unwrap_err();
    assert!(refusal.message.contains("--details"), "{}", refusal.message);
}

#[test]
fn questions_the_guides_answer_get_the_answer() {
    for (summary, answer) in [
        (
            "Do you offer phone support?",
            "9pic-help enterprise --phone",
        ),
        (
            "Can I get a discount on my next top-up?",
            "credit prices are fixed",
        ),
        (
            "Can we get a dedicated account manager?",
            "--products account-manager",
        ),
        ("What is your response time?", "one business day"),
    ] {
        let refusal = support::compose(&question(summary, &[])).unwrap_err();
        assert_eq!(refusal.code, 65, "{summary}");
        assert!(
            refusal.message.contains(answer),
            "{summary}: {}",
            refusal.message
        );
        assert!(support::compose(&question(summary, &["--force"])).is_ok());
    }
}

#[test]
fn questions_that_only_mention_a_task_are_sent() {
    for summary in [
        "The event gallery shows no photos since this morning",
        "Which theme works best for a dark venue?",
        "We topped up credits and the balance is right, but exports fail",
        "Our phone number on the invoice is wrong",
        "Where do I find the invoices page", // self-serve on PAYG only
    ] {
        let out = support::compose(&question(summary, &[]));
        assert!(out.is_ok(), "{summary}: {:?}", out.err().map(|r| r.message));
    }
    // On Pay As You Go, downloading an invoice is self-serve.
    let mut payg: Vec<String> = question("Where can I download an invoice?", &[]);
    payg.extend(["--plan", "payg"].map(String::from));
    assert_eq!(support::compose(&payg).unwrap_err().code, 65);
}

#[test]
fn unknown_subcommands_naming_self_serve_tasks_get_the_route() {
    let sb = Sandbox::new(Programs::System);
    for (name, needle) in [
        ("credits", "Credits → Purchase Credits"),
        ("top-up", "Purchase Credits"),
        ("topup", "Purchase Credits"),
        ("recheck", "Recheck"),
        ("invoice", "9pic-help invoices --from"),
        ("branding", "Branding & Theme"),
        ("logo", "Branding & Theme"),
        ("theme", "Branding & Theme"),
        ("invite", "Team Setup"),
        ("team", "Team Setup"),
        ("gtm", "Advanced Settings"),
        ("event", "Run an Event"),
        ("domain-connect", "Custom Domain"),
    ] {
        let err = sb.run([name]).fails(64).to_string();
        assert!(err.contains(needle), "{name}: {err}");
        assert!(!err.contains("similar subcommand"), "{name}: {err}");
    }
    // Any other typo keeps clap's suggestion.
    let err = sb.run(["secuirty"]).fails(64).to_string();
    assert!(err.contains("'security'"), "{err}");
}

#[test]
fn each_recipient_once_in_text_mailto_and_json() {
    let mut args: Vec<&str> = ID.to_vec();
    args.extend([
        "question",
        "--summary",
        "Hello",
        "--cc",
        "support@9pic.ai",
        "--cc",
        "b@acme.example",
        "--cc",
        "B@acme.example",
    ]);
    let email = support::compose(&args).unwrap().email;
    assert_eq!(email.to, ["support@9pic.ai"]);
    assert_eq!(email.cc, ["b@acme.example"]);
    assert!(
        email.mailto().contains("cc=b@acme.example&"),
        "{}",
        email.mailto()
    );
    assert!(!email.text().contains("Cc: support"), "{}", email.text());
}
