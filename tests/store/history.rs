//! The ticket history: records, listing, escalation threading on the original
//! Message-ID, and the 24-hour duplicate guard (concurrent appends are in `store`).

use mail_parser::MessageParser;

use crate::support::{Programs, Sandbox, with_id};

const PENDING: [&str; 10] = [
    "billing",
    "--issue",
    "pending",
    "--payment-id",
    "pay_123",
    "--when",
    "20m ago",
    "--rechecked",
    "--gateway-ref",
    "gw_123",
];

pub(super) fn history_json(sb: &Sandbox) -> serde_json::Value {
    serde_json::from_str(&sb.run(["history", "--json"]).ok()).unwrap()
}

#[test]
fn every_composed_ticket_is_recorded_and_listed() {
    let sb = Sandbox::new(Programs::System);
    sb.run(with_id(&PENDING)).ok();
    sb.run(with_id(&[
        "domain",
        "--domain",
        "photos.acme.example",
        "--cname-target",
        "cname.9pic.ai",
        "--connected-at",
        "3d ago",
    ]))
    .ok();
    sb.run(with_id(&[
        "question",
        "--summary",
        "not recorded",
        "--no-history",
    ]))
    .ok();

    let json = history_json(&sb);
    assert_eq!(json["schema"], "9pic-help.history/2");
    let tickets = json["tickets"].as_array().unwrap();
    assert_eq!(tickets.len(), 2, "--no-history leaves no record");
    // Newest first.
    assert_eq!(tickets[0]["id"], "2");
    assert_eq!(tickets[0]["category"], "domain");
    assert_eq!(tickets[0]["domain"], "photos.acme.example");
    assert_eq!(tickets[1]["payment_id"], "pay_123");
    assert_eq!(tickets[1]["to"], "support@9pic.ai");
    assert_eq!(tickets[1]["delivery"], "stdout");
    assert!(tickets[1]["message_id"].as_str().unwrap().starts_with('<'));

    let list = sb.run(["history", "-n", "1"]).ok();
    assert_eq!(list.lines().count(), 1, "{list}");
    assert!(
        list.trim_start().starts_with("2 ") && list.contains("domain"),
        "{list}"
    );
    // Sent at the sandbox's fixed date, long ago: one business day later it was due.
    assert!(
        list.contains("[due since Fri 2 Jan 2026, 00:00 (UTC+00:00)]"),
        "{list}"
    );
    assert_eq!(tickets[0]["state"], "due");
    assert_eq!(tickets[0]["due"], "2026-01-02T00:00:00Z");

    let one = sb.run(["history", "show", "1"]).ok();
    assert!(one.contains("payment ID: pay_123"), "{one}");
    assert!(one.contains("9pic-help escalate --ticket 1"), "{one}");
    sb.run(["history", "show", "9"]).fails(65);
}

/// Parses an eml and returns (Message-ID, In-Reply-To, References, Subject).
fn threading(eml: &[u8]) -> (String, Vec<String>, Vec<String>, String) {
    let msg = MessageParser::default()
        .parse(eml)
        .expect("a parsable message");
    let list = |v: &mail_parser::HeaderValue| -> Vec<String> {
        v.as_text_list()
            .map(|l| l.iter().map(|s| s.to_string()).collect())
            .unwrap_or_default()
    };
    (
        msg.message_id().expect("Message-ID").to_string(),
        list(msg.in_reply_to()),
        list(msg.references()),
        msg.subject().unwrap_or_default().to_string(),
    )
}

#[test]
fn escalate_threads_on_the_original_message() {
    let sb = Sandbox::new(Programs::System);
    let first = sb
        .run(with_id(&[&PENDING[..], &["--format", "eml"]].concat()))
        .ok();
    let second = sb
        .run(with_id(&[
            "ops",
            "--issue",
            "public-link",
            "--event-id",
            "EV42",
            "--when",
            "1h ago",
            "--format",
            "eml",
        ]))
        .ok();
    let (first_id, _, _, first_subject) = threading(first.as_bytes());
    let (second_id, _, _, _) = threading(second.as_bytes());

    // --last: the newest ticket.
    let out = sb
        .run(with_id(&[
            "escalate",
            "--last",
            "--summary",
            "still waiting",
            "--format",
            "eml",
        ]))
        .ok();
    let (id, in_reply_to, references, subject) = threading(out.as_bytes());
    assert_eq!(in_reply_to, vec![second_id.clone()]);
    assert_eq!(references, vec![second_id]);
    assert_ne!(id, first_id);
    assert!(subject.starts_with("ESCALATE Re: "), "{subject}");

    // --ticket ID: an older one, subject and thread from the history.
    let out = sb
        .run(with_id(&[
            "escalate",
            "--ticket",
            "1",
            "--summary",
            "still waiting",
            "--format",
            "eml",
        ]))
        .ok();
    let (_, in_reply_to, references, subject) = threading(out.as_bytes());
    assert_eq!(in_reply_to, vec![first_id.clone()]);
    assert_eq!(references, vec![first_id]);
    assert_eq!(subject, format!("ESCALATE Re: {first_subject}"));

    // Without a history entry: exit codes that say why.
    sb.run(with_id(&["escalate", "--ticket", "77", "--summary", "x"]))
        .fails(65);
    sb.run(with_id(&[
        "escalate",
        "--last",
        "--ticket",
        "1",
        "--summary",
        "x",
    ]))
    .fails(64);
    let empty = Sandbox::new(Programs::System);
    let err = empty
        .run(with_id(&["escalate", "--last", "--summary", "x"]))
        .fails(65)
        .to_string();
    assert!(err.contains("--subject"), "{err}");
}

#[test]
fn a_repeat_within_its_response_time_waits_and_past_due_names_escalate() {
    let mut sb = Sandbox::new(Programs::System);
    sb.env("SOURCE_DATE_EPOCH", "1767225600"); // 2026-01-01T00:00:00Z
    let first = sb.run(with_id(&PENDING));
    first.ok();
    assert!(!first.stderr.contains("ticket 1"), "{}", first.stderr);
    // A stuck payment is urgent: its answer is due 4 hours later.
    sb.env("SOURCE_DATE_EPOCH", (1767225600 + 3600).to_string());
    let again = sb.run(with_id(&PENDING));
    again.ok();
    for needle in [
        "ticket 1",
        "payment ID pay_123",
        "still within its response time",
        "Thu 1 Jan 2026, 04:00 (UTC+00:00)",
    ] {
        assert!(again.stderr.contains(needle), "{needle}: {}", again.stderr);
    }
    assert!(!again.stderr.contains("escalate"), "{}", again.stderr);
    // Past due (5 hours on), the same payment points to escalate, in JSON too.
    sb.env("SOURCE_DATE_EPOCH", (1767225600 + 5 * 3600).to_string());
    let json: serde_json::Value = serde_json::from_str(
        &sb.run(with_id(&[&PENDING[..], &["--format", "json"]].concat()))
            .ok(),
    )
    .unwrap();
    let warnings = json["warnings"].to_string();
    assert!(warnings.contains("was due"), "{json}");
    assert!(
        warnings.contains("9pic-help escalate --ticket 2"),
        "the newest earlier ticket: {json}"
    );
    // 25 hours after the last one the same payment is a new matter.
    sb.env("SOURCE_DATE_EPOCH", (1767225600 + 31 * 3600).to_string());
    let later = sb.run(with_id(&PENDING));
    later.ok();
    assert!(!later.stderr.contains("already asks"), "{}", later.stderr);
}

/// `history show` offers escalation only when it is open: after the due time
/// while waiting (an escalation at once is refused).
#[test]
fn history_show_offers_escalation_only_when_it_would_be_taken() {
    let mut sb = Sandbox::new(Programs::System);
    sb.env_remove("SOURCE_DATE_EPOCH");
    sb.run(with_id(&PENDING)).ok();
    let waiting = sb.run(["history", "show", "1"]).ok();
    assert!(waiting.contains("state: waiting"), "{waiting}");
    let due = waiting
        .lines()
        .find_map(|l| l.strip_prefix("due: "))
        .unwrap_or_else(|| panic!("no due line: {waiting}"));
    assert!(
        waiting.contains(&format!(
            "escalate: after {due}, with 9pic-help escalate --ticket 1 --summary TEXT"
        )),
        "{waiting}"
    );
    sb.run(with_id(&["escalate", "--ticket", "1", "--summary", "x"]))
        .fails(65);
}

#[test]
fn a_different_situation_on_the_same_payment_is_not_a_repeat() {
    let sb = Sandbox::new(Programs::System);
    sb.run(with_id(&PENDING)).ok();
    let refund = sb.run(with_id(&[
        "billing",
        "--issue",
        "refund",
        "--payment-id",
        "pay_123",
        "--details",
        "charged twice for one top-up",
    ]));
    refund.ok();
    assert!(!refund.stderr.contains("already asks"), "{}", refund.stderr);
}

#[test]
fn a_torn_last_line_is_skipped_and_does_not_swallow_the_next_record() {
    let sb = Sandbox::new(Programs::System);
    sb.run(with_id(&["question", "--summary", "one"])).ok();
    let path = sb.root().join("data/history.jsonl");
    let mut bytes = std::fs::read(&path).unwrap();
    bytes.extend_from_slice(b"{\"id\":\"2\",\"time\":\"20");
    std::fs::write(&path, bytes).unwrap();
    sb.run(with_id(&["question", "--summary", "three"])).ok();
    let out = sb.run(["history", "--json"]);
    let json: serde_json::Value = serde_json::from_str(&out.ok()).unwrap();
    let subjects: Vec<&str> = json["tickets"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["subject"].as_str().unwrap())
        .collect();
    assert_eq!(subjects.len(), 2, "{subjects:?}");
    assert!(
        out.stderr.contains("skipped unreadable lines"),
        "{}",
        out.stderr
    );
}

#[test]
fn an_unwritable_data_dir_exits_73_with_the_email_still_on_stdout() {
    let mut sb = Sandbox::new(Programs::System);
    // Root ignores directory modes, so block the data dir with a file: the
    // write fails for every user.
    let blocked = sb.root().join("data-is-a-file");
    std::fs::write(&blocked, b"").unwrap();
    sb.env(
        "NINEPIC_HELP_DATA_DIR",
        blocked.join("sub").display().to_string(),
    );
    let out = sb.run(crate::support::with_id(&[
        "question",
        "--summary",
        "still printed",
    ]));
    assert_eq!(out.code, 73, "stderr: {}", out.stderr);
    assert!(out.stdout().contains("Subject: Question: still printed"));
    assert!(out.stderr.contains("--no-history"), "{}", out.stderr);
    let out = sb.run(crate::support::with_id(&[
        "question",
        "--summary",
        "x",
        "--no-history",
    ]));
    assert_eq!(out.code, 0, "{}", out.stderr);
}

/// A ticket reads the history from its end only, as far back as the duplicate
/// guard's 24 hours: with 10,000 or 60,000 older records before the recent one,
/// the bytes it reads from the file (counted by strace on the real binary) are
/// the same few blocks, and the guard still finds the recent ticket.
#[test]
fn a_ticket_reads_only_the_tail_of_a_long_history() {
    let mut read = Vec::new();
    for old in [10_000u64, 60_000] {
        let mut file = String::new();
        for id in 1..=old {
            file.push_str(&history_line(id, 10 * 86_400, &format!("pay_old{id}")));
        }
        file.push_str(&history_line(old + 1, 3_600, "pay_123"));
        read.push(bytes_read_by_a_repeat(&file, old + 1));
    }
    assert_eq!(read[0], read[1], "bytes read grew with the history");
}

/// A run of tickets about one payment (a script's loop) fills the last day
/// with records the guard would match: it reads back only to the newest, so
/// 6,000 or 20,000 of them cost the same bytes, not the whole day.
#[test]
fn a_repeat_reads_back_only_to_the_newest_match() {
    let mut read = Vec::new();
    for count in [6_000u64, 20_000] {
        let mut file = String::new();
        for id in 1..=count {
            // Spread over the last 20 hours, oldest first, all about pay_123.
            let before = 72_000 - (id as i64 * 72_000 / count as i64) + 60;
            file.push_str(&history_line(id, before, "pay_123"));
        }
        read.push(bytes_read_by_a_repeat(&file, count));
    }
    assert_eq!(
        read[0], read[1],
        "bytes read grew with the matching records"
    );
}

/// One history line as the tool writes it: ticket `id`, sent `seconds_before`
/// the sandbox's clock, a billing ticket about `payment`.
fn history_line(id: u64, seconds_before: i64, payment: &str) -> String {
    let time = jiff::Timestamp::from_second(crate::support::EPOCH - seconds_before)
        .expect("timestamp")
        .to_string();
    serde_json::json!({
        "id": id.to_string(), "time": time, "category": "billing",
        "subject": format!("Payment {payment} pending"), "to": "support@9pic.ai",
        "message_id": format!("<{id}@example>"), "delivery": "stdout",
        "payment_id": payment,
    })
    .to_string()
        + "\n"
}

/// Runs the pending-payment ticket (pay_123) over the history `file` under
/// strace; checks that the duplicate guard names ticket `newest` and that
/// only a small part of the file was read; returns the bytes read from it.
fn bytes_read_by_a_repeat(file: &str, newest: u64) -> u64 {
    let strace = crate::support::require("strace", "strace");
    let sb = Sandbox::new(Programs::System);
    let path = sb.path("data/history.jsonl");
    std::fs::write(&path, file).expect("write history");
    let trace = sb.path("tmp/strace.txt");
    let mut args: Vec<std::ffi::OsString> = vec![
        "-f".into(),
        "-y".into(),
        "-e".into(),
        "trace=read,pread64,readv,preadv".into(),
        "-o".into(),
        trace.clone().into(),
        crate::support::bin().into(),
    ];
    args.extend(with_id(&PENDING).into_iter().map(Into::into));
    let out = sb
        .program(&strace)
        .args(&args)
        .output()
        .expect("run strace");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{stderr}");
    let dup = format!("ticket {newest} (");
    assert!(
        stderr.contains(&dup) && stderr.contains("already asks about"),
        "the duplicate guard did not name ticket {newest}:\n{stderr}"
    );
    let bytes: u64 = std::fs::read_to_string(&trace)
        .expect("strace output")
        .lines()
        .filter(|l| l.contains("history.jsonl>"))
        .filter_map(|l| l.rsplit_once(" = ")?.1.trim().parse::<u64>().ok())
        .sum();
    assert!(bytes > 0, "strace saw no read of the history");
    let size = file.len() as u64;
    assert!(
        bytes < 512 * 1024 && bytes * 8 < size,
        "read {bytes} bytes of a {size}-byte history"
    );
    bytes
}
