//! How every email reads (SPEC §2a): labels in words, times for people,
//! wrapping only at spaces, nothing twice, no body line that looks like a
//! header, recommended items, attachments where they cannot travel, and a
//! text email that survives `sendmail -t` (a real msmtp to a real server).
//!
//! The properties run every category through the one in-process road with
//! values generated from the catalog's own item kinds, so a new item or
//! situation is covered without touching this file.

use std::collections::BTreeSet;

use ninepic_help::catalog::{self, CATEGORIES, Category, Kind, PLANS, products};
use proptest::prelude::*;

use crate::support::{self, ID, Programs, Sandbox, compose, fixture, with_id};

/// The header names no line of our body may start with.
const HEADERS: &[&str] = &[
    "from",
    "to",
    "cc",
    "bcc",
    "date",
    "subject",
    "reply-to",
    "sender",
    "message-id",
    "in-reply-to",
    "references",
    "mime-version",
    "content-type",
];

fn header_like(line: &str) -> bool {
    line.split_once(':').is_some_and(|(name, _)| {
        let name = name.to_ascii_lowercase();
        HEADERS.contains(&name.as_str()) || name.starts_with("x-")
    })
}

/// Every flag value of the catalog an email must never show: the values of
/// situations, topics, products, reasons and plans that differ from their
/// words and read as internal values (hyphenated, or `payg`). A value that
/// is itself part of some label (a real phrase) is left out.
fn slugs() -> BTreeSet<&'static str> {
    let mut choices: Vec<&'static catalog::Choice> = PLANS.iter().collect();
    for c in CATEGORIES {
        for i in c.items {
            choices.extend(i.kind.choices());
        }
    }
    let mut words: Vec<String> = choices.iter().map(|c| c.words().to_lowercase()).collect();
    words.extend(choices.iter().map(|c| c.label.to_lowercase()));
    words.extend(products::ALL.iter().map(|p| p.name.to_lowercase()));
    choices
        .iter()
        .map(|c| c.value)
        .filter(|v| v.contains('-') || *v == "payg")
        .filter(|v| !words.iter().any(|w| w.contains(v)))
        .collect()
}

/// Whether `needle` occurs in `hay` as a whole token.
fn mentions(hay: &str, needle: &str) -> bool {
    let word = |c: Option<char>| c.is_some_and(|c| c.is_alphanumeric() || c == '-' || c == '_');
    hay.match_indices(needle).any(|(at, _)| {
        !word(hay[..at].chars().next_back()) && !word(hay[at + needle.len()..].chars().next())
    })
}

/// Values one generated ticket gives, by kind of check.
#[derive(Debug, Default)]
struct Given {
    argv: Vec<String>,
    /// Each must appear whole in the subject or body (IDs, URLs, addresses).
    whole: Vec<String>,
    /// Each may appear at most once in the body.
    once: Vec<String>,
}

/// Words for generated free text: no flag value, no colon, some non-ASCII.
const WORDS: &[&str] = &[
    "gallery",
    "upload",
    "photos",
    "export",
    "button",
    "guest",
    "album",
    "watermark",
    "camera",
    "kiosk",
    "Grüße",
    "Zürich",
    "frames",
    "slideshow",
    "badge",
    "printer",
];

/// A phrase of `n` words with a unique marker, so no two values can contain each other.
fn phrase(seed: &[usize], marker: &str) -> String {
    let mut words: Vec<&str> = seed.iter().map(|i| WORDS[i % WORDS.len()]).collect();
    words.insert(words.len() / 2, marker);
    words.join(" ")
}

/// Builds a command line for `category` from the catalog: every item its
/// kind allows (history-bound items and the route left out), with `--force`.
fn ticket(category: &'static Category, g: &Gen) -> Given {
    let mut out = Given::default();
    out.argv.push(category.name.to_string());
    let route = category.route.map(|(key, _)| key);
    for (n, item) in category.items.iter().enumerate() {
        if Some(item.key) == route || matches!(item.key, "last" | "ticket" | "year") {
            continue;
        }
        let flag = item.long();
        let marker = format!("zq{n}x{}", g.token);
        let value = match item.kind {
            Kind::Switch => {
                out.argv.push(flag);
                continue;
            }
            Kind::Line | Kind::Text => {
                let mut text = phrase(&g.words, &marker);
                if item.key == "summary" || item.key == "page" {
                    text.push_str(&format!(" {}", g.url));
                    out.whole.push(g.url.clone());
                }
                out.once.push(text.clone());
                text
            }
            Kind::Choice(choices) => choices[g.pick % choices.len()].value.to_string(),
            Kind::List(choices) => {
                let a = choices[g.pick % choices.len()].value;
                let b = choices[(g.pick + 1) % choices.len()].value;
                format!("{a},{b}")
            }
            Kind::Time if item.future_ok => format!("in {}m", 20 + g.minutes),
            Kind::Time if item.key == "connected_at" => "3d ago".to_string(),
            Kind::Time if item.key == "when" => "5h ago".to_string(),
            Kind::Time => format!("{}m ago", 20 + g.minutes),
            Kind::Date => {
                let date = match item.key {
                    "from" => format!("2025-0{}-1{}", 1 + g.pick % 4, g.day),
                    "to" => format!("2025-0{}-1{}", 6 + g.pick % 4, g.day),
                    _ => format!("2027-0{}-1{}", 1 + g.pick % 9, g.day),
                };
                let shown = jiff::civil::Date::strptime("%Y-%m-%d", &date)
                    .expect("a valid date")
                    .strftime("%a %-d %b %Y")
                    .to_string();
                out.whole.push(shown.clone());
                out.once.push(shown);
                date
            }
            Kind::Year => continue,
            Kind::Count => format!("{}", 20_000 + g.minutes * 1000),
            Kind::Number => format!("{}", 3 + g.pick % 5),
            Kind::Email => {
                let v = format!("ann.{marker}@acme-events-berlin.example");
                out.whole.push(v.clone());
                out.once.push(v.clone());
                v
            }
            Kind::Host if item.key == "domain" => {
                let v = format!("photos-{marker}.acme-events-berlin.example");
                out.whole.push(v.clone());
                v
            }
            Kind::Host => "custom.9pic.ai".to_string(),
            Kind::EventId => {
                let id = format!("evt_{marker}");
                out.whole.push(id.clone());
                out.once.push(id.clone());
                if g.pick.is_multiple_of(2) {
                    format!("https://app.9pic.ai/events/{id}/details")
                } else {
                    id
                }
            }
            Kind::Reference => {
                let v = format!("ref_{marker}_{}", g.token);
                out.whole.push(v.clone());
                out.once.push(v.clone());
                v
            }
            Kind::Phone => "+49 30 1234567".to_string(),
        };
        out.argv.push(flag);
        out.argv.push(value);
    }
    let details = phrase(&g.words, &format!("zqdx{}", g.token));
    let tried = phrase(&g.words, &format!("zqtx{}", g.token));
    out.once.extend([details.clone(), tried.clone()]);
    out.argv
        .extend(["--details".into(), details, "--tried".into(), tried]);
    out.argv.push("--force".into());
    out.argv.extend(ID.iter().map(|s| s.to_string()));
    out
}

/// Generated values shared by one ticket's items.
#[derive(Debug, Clone)]
struct Gen {
    words: Vec<usize>,
    token: String,
    url: String,
    pick: usize,
    minutes: usize,
    day: usize,
}

fn gen_strategy() -> impl Strategy<Value = Gen> {
    (
        prop::collection::vec(0usize..100, 2..9),
        "[a-z0-9]{4,8}",
        "[a-z]{3,12}(-[a-z]{3,10}){1,3}",
        0usize..50,
        0usize..300,
        0usize..10,
    )
        .prop_map(|(words, token, path, pick, minutes, day)| Gen {
            words,
            url: format!("https://photos.acme-events-berlin.example/gallery/2026-11-21/{path}?view=grid-large"),
            token,
            pick,
            minutes,
            day,
        })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 48, ..ProptestConfig::default() })]

    /// Every category, every situation the generator picks: words not slugs,
    /// whole values, nothing twice, no header-looking line.
    #[test]
    fn every_email_reads_as_words(category in 0usize..CATEGORIES.len(), g in gen_strategy()) {
        let category = &CATEGORIES[category];
        let given = ticket(category, &g);
        let composed = match compose(&given.argv) {
            Ok(c) => c,
            Err(r) => return Err(TestCaseError::fail(format!(
                "{:?} refused ({}): {}", given.argv, r.code, r.message
            ))),
        };
        let (subject, body) = (&composed.email.subject, &composed.email.body);
        for slug in slugs() {
            prop_assert!(!mentions(subject, slug), "slug {slug} in subject {subject:?}");
            prop_assert!(!mentions(body, slug), "slug {slug} in body:\n{body}");
        }
        for value in &given.whole {
            prop_assert!(
                subject.contains(value.as_str()) || body.contains(value.as_str()),
                "{value:?} is not whole in:\n{subject}\n{body}"
            );
        }
        for value in &given.once {
            prop_assert!(body.matches(value.as_str()).count() <= 1, "{value:?} twice in:\n{body}");
        }
        for line in body.lines() {
            prop_assert!(!header_like(line), "header-like line {line:?} in:\n{body}");
        }
        // Claims under --force: tests/compose/claims.rs.
    }
}

#[test]
fn the_slug_list_is_not_empty() {
    let slugs = slugs();
    for expected in [
        "not-credited",
        "invite-not-received",
        "developer-zone",
        "payg",
    ] {
        assert!(
            slugs.contains(expected),
            "{expected} missing from {slugs:?}"
        );
    }
}

fn body_of(args: &[&str]) -> (String, String, Vec<String>) {
    let c = compose(&with_id(args)).unwrap_or_else(|r| panic!("{args:?}: {}", r.message));
    (c.email.subject, c.email.body, c.notes)
}

#[test]
fn times_show_weekday_minute_offset_and_distance() {
    let (_, body, _) = body_of(&[
        "urgent",
        "--event-id",
        "evt_77",
        "--go-live",
        "in 40m",
        "--summary",
        "Gallery is empty",
    ]);
    let live = body
        .lines()
        .find(|l| l.starts_with("Go-live time:"))
        .unwrap_or_else(|| panic!("no go-live fact in:\n{body}"));
    // The distance is said once: in the opening, not again after the time.
    assert_eq!(body.matches("in 40 minutes").count(), 1, "{body}");
    assert!(!live.contains("in 40 minutes"), "{body}");
    assert!(live.contains("(UTC+00:00)"), "{body}");
    let opening = body.split("\n\n").nth(1).unwrap_or_default();
    assert!(opening.contains("in 40 minutes"), "{body}");
    let shown = regex_like_time(&body).unwrap_or_else(|| panic!("no time in:\n{body}"));
    assert!(
        shown.matches(':').count() == 2 && !shown.contains(":00+") && !shown.contains("-11-"),
        "{shown}"
    );
    assert!(!body.contains(":00+00:00"), "ISO time in:\n{body}");
}

/// The first `Www D Mmm YYYY, HH:MM (UTC±HH:MM)` in `text`, kept on one line.
fn regex_like_time(text: &str) -> Option<String> {
    let days = ["Mon ", "Tue ", "Wed ", "Thu ", "Fri ", "Sat ", "Sun "];
    for line in text.lines() {
        for d in days {
            if let Some(at) = line.find(d) {
                let rest = &line[at..];
                if let Some(end) = rest.find(')') {
                    let t = &rest[..=end];
                    if t.contains(", ") && t.contains("(UTC") {
                        return Some(t.to_string());
                    }
                }
            }
        }
    }
    None
}

#[test]
fn invoices_have_no_header_looking_lines_and_dates_in_words() {
    let (subject, body, _) = body_of(&["invoices", "--from", "2025-01-01", "--to", "2025-12-31"]);
    assert!(subject.contains("Wed 1 Jan 2025"), "{subject}");
    assert!(body.lines().all(|l| !header_like(l)), "{body}");
    assert!(body.contains("Wed 31 Dec 2025"), "{body}");
    assert!(!body.contains("2025-12-31"), "{body}");
}

#[test]
fn one_warning_names_every_missing_recommended_item() {
    let (_, _, notes) = body_of(&[
        "billing",
        "--issue",
        "not-credited",
        "--payment-id",
        "pay_1",
        "--when",
        "2h ago",
        "--rechecked",
    ]);
    let asks: Vec<&String> = notes
        .iter()
        .filter(|n| n.contains("usually asks"))
        .collect();
    assert_eq!(asks.len(), 1, "{notes:?}");
    assert!(asks[0].contains("(--attach FILE)"), "{notes:?}");
    assert!(asks[0].contains("(--gateway-ref ID)"), "{notes:?}");
    assert!(
        !notes
            .iter()
            .any(|n| n.contains("gateway") && !n.contains("usually asks")),
        "a second gateway warning: {notes:?}"
    );

    let shot = fixture("screenshot.png").display().to_string();
    let (_, _, notes) = body_of(&[
        "billing",
        "--issue",
        "not-credited",
        "--payment-id",
        "pay_1",
        "--when",
        "2h ago",
        "--rechecked",
        "--gateway-ref",
        "gw_1",
        "--attach",
        &shot,
    ]);
    assert!(
        !notes.iter().any(|n| n.contains("usually asks")),
        "{notes:?}"
    );
}

#[test]
fn attachments_are_files_to_attach_in_text_and_attached_in_eml() {
    let shot = fixture("screenshot.png").display().to_string();
    let args = [
        "bug",
        "--summary",
        "Export does nothing",
        "--page",
        "Gallery",
        "--attach",
        shot.as_str(),
    ];
    let (_, text_body, notes) = body_of(&args);
    assert!(
        text_body.contains("Files to attach:\n- screenshot.png"),
        "{text_body}"
    );
    assert!(!text_body.contains("Attached:"), "{text_body}");
    let warn = notes
        .iter()
        .find(|n| n.contains("screenshot.png"))
        .unwrap_or_else(|| panic!("no attachment warning: {notes:?}"));
    assert!(warn.contains("--format eml") && warn.contains("--send") && warn.contains("--open"));

    let mut eml_args = args.to_vec();
    eml_args.extend(["--format", "eml"]);
    let (_, eml_body, notes) = body_of(&eml_args);
    assert!(
        eml_body.contains("Attached:\n- screenshot.png"),
        "{eml_body}"
    );
    assert!(
        !notes.iter().any(|n| n.contains("not attached")),
        "{notes:?}"
    );

    // The real binary: the warning reaches stderr, stdout keeps the list.
    let sandbox = Sandbox::new(Programs::System);
    let out = sandbox.run(with_id(&[&args[..], &["--no-history"]].concat()));
    assert!(out.ok().contains("Files to attach:"));
    assert!(
        out.stderr.contains("not attached: screenshot.png"),
        "{}",
        out.stderr
    );
}

#[test]
fn text_survives_sendmail_t_through_msmtp() {
    let msmtp = support::require("msmtp", "msmtp");
    let sandbox = Sandbox::new(Programs::System);
    let server = support::smtp::SmtpServer::start(&sandbox, None, "ok");
    let out = sandbox.run(with_id(&[
        "question",
        "--summary",
        "Können wir Grüße auf die Rahmen drucken?",
        "--details",
        "Viele Grüße aus Zürich",
        "--no-history",
    ]));
    let text = out.ok();
    assert!(
        text.contains("Content-Type: text/plain; charset=utf-8\n"),
        "{text}"
    );
    let rc = sandbox.file(
        "msmtprc",
        format!(
            "account default\nhost 127.0.0.1\nport {}\nauth off\ntls off\nfrom {}\n",
            server.port,
            support::LOGIN
        )
        .as_bytes(),
    );
    let mut child = std::process::Command::new(msmtp)
        .arg("-C")
        .arg(&rc)
        .arg("-t")
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("run msmtp");
    use std::io::Write;
    child
        .stdin
        .take()
        .expect("msmtp stdin")
        .write_all(text.as_bytes())
        .expect("feed msmtp");
    let done = child.wait_with_output().expect("msmtp ran");
    assert!(
        done.status.success(),
        "msmtp failed: {}",
        String::from_utf8_lossy(&done.stderr)
    );
    let messages = server.messages();
    assert_eq!(
        messages.len(),
        1,
        "the server got {} messages",
        messages.len()
    );
    let read = support::python(
        "import sys, email, email.policy\n\
         m = email.message_from_bytes(sys.stdin.buffer.read(), policy=email.policy.default)\n\
         sys.stdout.write(m['Subject'] + '\\n' + m['To'] + '\\n' + m.get_content())",
        &messages[0].0,
    );
    let read = String::from_utf8(read).expect("UTF-8 from Python");
    let mut lines = read.splitn(3, '\n');
    let subject = lines.next().unwrap_or_default();
    assert!(
        subject.contains("Können wir Grüße auf die Rahmen drucken?"),
        "{subject}"
    );
    assert_eq!(lines.next(), Some("support@9pic.ai"));
    let body = lines.next().unwrap_or_default();
    assert!(body.contains("Viele Grüße aus Zürich"), "{body}");
}

/// Every reason for Enterprise joins the others in one sentence: the list
/// holds a single "and" (before its last item), and no reason brings an
/// "and" or "or" of its own outside brackets.
#[test]
fn enterprise_reasons_join_into_one_sentence() {
    let reasons: Vec<&str> = catalog::find("enterprise")
        .and_then(|c| c.item("reason"))
        .map(|i| i.kind.choices().iter().map(|c| c.value).collect())
        .expect("enterprise --reason");
    let all = reasons.join(",");
    let (_, body, _) = body_of(&[
        "enterprise",
        "--volume",
        "200k",
        "--products",
        "checkout,developer-zone",
        "--timeline",
        "March 2027",
        "--reason",
        &all,
    ]);
    let line = body
        .lines()
        .find_map(|l| l.strip_prefix("Why Enterprise:"))
        .unwrap_or_else(|| panic!("no reasons in:\n{body}"))
        .trim();
    let outside_brackets: String = line
        .split('(')
        .map(|part| part.split_once(')').map_or(part, |(_, rest)| rest))
        .collect();
    assert_eq!(outside_brackets.matches(" and ").count(), 1, "{line}");
    assert_eq!(outside_brackets.matches(" or ").count(), 0, "{line}");
    assert_eq!(
        outside_brackets.matches(", ").count(),
        reasons.len() - 2,
        "{line}"
    );
    // After the first, each reason goes on in lower case, as in a sentence.
    for part in outside_brackets.split(", ").skip(1) {
        let part = part.strip_prefix("and ").unwrap_or(part);
        let part = part.rsplit(" and ").next().unwrap_or(part);
        assert!(
            part.chars().next().is_some_and(|c| !c.is_uppercase()),
            "{part:?} in {line}"
        );
    }
}

/// A switch is said once, by the sentence it makes true: no "Recheck done:
/// yes" fact under the opening that already says so.
#[test]
fn a_switch_is_said_by_its_sentence_not_as_a_fact() {
    let (_, body, _) = body_of(&[
        "billing",
        "--issue",
        "failed",
        "--payment-id",
        "pay_1",
        "--when",
        "2h ago",
        "--rechecked",
    ]);
    let flat = body.split_whitespace().collect::<Vec<_>>().join(" ");
    assert_eq!(flat.matches("Recheck").count(), 1, "{body}");
    assert!(flat.contains("I clicked Recheck"), "{body}");
    assert!(!body.contains(": yes"), "{body}");
}
