//! Property tests over arbitrary Unicode for every free-text field.
//!
//! In process (fast, thousands of cases): the composer never panics; an
//! accepted ticket reads back exactly through mailto and through two real
//! MIME parsers (mail-parser, and Python's `email` package for a batch);
//! every refusal exits 65. Through the real binary (fewer cases): the same,
//! plus non-UTF-8 bytes. Each test writes its counts to
//! `target/tmp/adversarial/NAME.json`, which the README table quotes.

use std::cell::RefCell;
use std::ffi::OsString;
use std::io::Write;
use std::os::unix::ffi::OsStringExt;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::process::{Command, Stdio};

use proptest::prelude::*;
use proptest::test_runner::{Config, FileFailurePersistence, TestCaseError, TestRunner};

use crate::support::{ID, Programs, Sandbox, code, oracle, road, show};
use ninepic_help::email::{Email, crlf};

/// How many inputs each in-process property tries.
const CASES: u32 = 1500;

/// Counts for the README table.
#[derive(Default, Debug, Clone)]
struct Counts {
    generated: u64,
    accepted: u64,
    refused: u64,
    panics: u64,
    disagreements: u64,
}

impl Counts {
    fn save(&self, name: &str) {
        let dir = std::path::Path::new(env!("CARGO_TARGET_TMPDIR")).join("adversarial");
        let _ = std::fs::create_dir_all(&dir);
        let doc = format!(
            "{{\"test\":\"{name}\",\"generated\":{},\"accepted\":{},\"refused\":{},\"panics\":{},\"parser_disagreements\":{}}}\n",
            self.generated, self.accepted, self.refused, self.panics, self.disagreements
        );
        let _ = std::fs::write(dir.join(format!("{name}.json")), &doc);
        eprint!("{doc}");
    }
}

/// Text fragments that have broken mail tools before.
const NASTY: &[&str] = &[
    "\r\n",
    "\n",
    "\r",
    "\0",
    "\t",
    "\u{7f}",
    "\u{85}",
    "\u{2028}",
    "\u{2029}",
    "\u{202e}",
    "\u{feff}",
    "=?utf-8?q?hi?=",
    "=?",
    "?=",
    "Bcc: evil@example.org",
    "\r\nBcc: evil@example.org",
    "\r\n.\r\n",
    "From ",
    "%0D%0A",
    "&attach=/etc/passwd",
    "+",
    "%",
    "\"",
    "\\",
    "é",
    "日本語",
    "👩‍👩‍👧",
    " ",
    "  ",
    "4111 1111 1111 1111",
    "sk_live_51HxYzAbCdEf1234",
    "-",
    "--force",
];

/// Arbitrary Unicode, with nasty fragments and long lines mixed in.
fn text() -> impl Strategy<Value = String> {
    let fragment = prop_oneof![
        4 => any::<String>(),
        3 => proptest::sample::select(NASTY).prop_map(String::from),
        1 => "[a-z ]{0,8}".prop_map(|s| s.repeat(40)),
        2 => "[ -~]{0,40}",
    ];
    proptest::collection::vec(fragment, 0..6).prop_map(|v| v.concat())
}

/// Mostly short, printable, single-line text: the kind that gets accepted.
fn line() -> impl Strategy<Value = String> {
    prop_oneof![
        3 => "[^\\p{C}\\u{2028}\\u{2029}]{1,60}",
        1 => text(),
    ]
}

/// The text fields of one ticket.
#[derive(Debug, Clone)]
struct Fields {
    category: usize,
    summary: String,
    page: String,
    long: [String; 3],
    tried: Vec<String>,
    org: String,
    sender: Option<String>,
    no_redact: bool,
}

fn fields() -> impl Strategy<Value = Fields> {
    (
        0usize..5,
        line(),
        line(),
        [text(), text(), text()],
        proptest::collection::vec(text(), 0..3),
        line(),
        proptest::option::of(line()),
        any::<bool>(),
    )
        .prop_map(
            |(category, summary, page, long, tried, org, sender, no_redact)| Fields {
                category,
                summary,
                page,
                long,
                tried,
                org,
                sender,
                no_redact,
            },
        )
}

fn flag(name: &str, value: &str) -> OsString {
    OsString::from(format!("--{name}={value}"))
}

/// The command line for these fields: every required item present, values
/// passed as `--flag=VALUE` so a leading dash is data, not a flag.
fn argv(f: &Fields) -> Vec<OsString> {
    let mut a = vec![
        flag("org", &f.org),
        flag("login-email", "ops@acme.example"),
        flag("plan", "pro"),
    ];
    if let Some(s) = &f.sender {
        a.push(flag("sender-name", s));
    }
    let [l0, l1, l2] = &f.long;
    let (name, rest): (&str, Vec<OsString>) = match f.category {
        0 => (
            "question",
            vec![
                flag("summary", &f.summary),
                flag("page", &f.page),
                flag("details", l0),
            ],
        ),
        1 => (
            "bug",
            vec![
                flag("summary", &f.summary),
                flag("page", &f.page),
                flag("steps", l0),
                flag("expected", l1),
                flag("actual", l2),
            ],
        ),
        2 => (
            "request",
            vec![flag("summary", &f.summary), flag("details", l0)],
        ),
        3 => (
            "security",
            vec![
                flag("what", l0),
                flag("when", "1h ago"),
                flag("details", l1),
            ],
        ),
        _ => (
            "escalate",
            vec![flag("subject", &f.page), flag("summary", &f.summary)],
        ),
    };
    a.push(OsString::from(name));
    a.extend(rest);
    a.extend(f.tried.iter().map(|t| flag("tried", t)));
    if f.no_redact {
        a.push(OsString::from("--no-redact"));
    }
    a
}

/// Runs `check` over generated fields, counting outcomes; panics are caught
/// and counted (and fail the test).
fn run_property(
    name: &str,
    cases: u32,
    check: impl FnMut(&Fields, &mut Counts) -> Result<(), TestCaseError>,
) {
    let config = Config {
        cases,
        failure_persistence: Some(Box::new(FileFailurePersistence::Off)),
        ..Config::default()
    };
    let mut runner = TestRunner::new(config);
    let counts = RefCell::new(Counts::default());
    let check = RefCell::new(check);
    let result = runner.run(&fields(), |f| {
        let mut c = counts.borrow_mut();
        c.generated += 1;
        let mut check = check.borrow_mut();
        match catch_unwind(AssertUnwindSafe(|| (*check)(&f, &mut c))) {
            Ok(r) => r,
            Err(_) => {
                c.panics += 1;
                Err(TestCaseError::fail("the composer panicked"))
            }
        }
    });
    counts.into_inner().save(name);
    if let Err(e) = result {
        panic!("{name}: {e}");
    }
}

/// Composes in process; refusals must be 65; accepted emails must read back.
fn compose_and_check(f: &Fields, c: &mut Counts) -> Result<Option<Email>, TestCaseError> {
    match road::compose(&argv(f)) {
        Ok(road::Composed { email, .. }) => {
            c.accepted += 1;
            if let Err(e) = oracle::check(&email) {
                c.disagreements += 1;
                return Err(TestCaseError::fail(e));
            }
            Ok(Some(email))
        }
        Err(refusal) => {
            c.refused += 1;
            prop_assert_eq!(
                refusal.code,
                65,
                "a refusal must exit 65: {}",
                refusal.message
            );
            Ok(None)
        }
    }
}

#[test]
fn any_text_composes_or_is_refused_with_65_and_reads_back() {
    run_property("in_process_mail_parser", CASES, |f, c| {
        compose_and_check(f, c).map(|_| ())
    });
}

#[test]
fn a_header_bound_value_with_a_control_character_is_refused() {
    run_property("header_controls", CASES / 3, |f, c| {
        let mut f = f.clone();
        // Force a control character into the one-line summary (a header
        // value); `security` has no summary, so use `question` there.
        f.summary = format!("x{}\r\nBcc: evil@example.org", f.summary);
        if f.category == 3 {
            f.category = 0;
        }
        match road::compose(&argv(&f)) {
            Err(refusal) => {
                c.refused += 1;
                prop_assert_eq!(refusal.code, 65, "{}", refusal.message);
            }
            Ok(road::Composed { email, .. }) => {
                c.accepted += 1;
                return Err(TestCaseError::fail(format!(
                    "accepted a CRLF in the summary: {:?}",
                    email.subject
                )));
            }
        }
        Ok(())
    });
}

#[test]
fn redaction_only_masks_and_never_panics() {
    let config = Config {
        cases: CASES * 2,
        failure_persistence: Some(Box::new(FileFailurePersistence::Off)),
        ..Config::default()
    };
    let n = std::cell::Cell::new(0u64);
    let result = TestRunner::new(config).run(&text(), |s| {
        n.set(n.get() + 1);
        oracle::check_redaction(&s).map_err(TestCaseError::fail)
    });
    Counts {
        generated: n.get(),
        accepted: n.get(),
        ..Counts::default()
    }
    .save("redaction");
    if let Err(e) = result {
        panic!("{e}");
    }
}

/// Python's `email` package reads a batch of accepted emls back.
#[test]
fn python_email_reads_the_same_subject_body_and_header_count() {
    let mut emails: Vec<(Email, Vec<u8>)> = Vec::new();
    run_property("python_batch_compose", 400, |f, c| {
        if let Some(email) = compose_and_check(f, c)? {
            let eml = email.eml(&[]).map_err(TestCaseError::fail)?;
            emails.push((email, eml));
        }
        Ok(())
    });
    let mut input = Vec::new();
    for (_, eml) in &emails {
        input.extend_from_slice(format!("{}\n", eml.len()).as_bytes());
        input.extend_from_slice(eml);
    }
    let script = r#"
import sys, json, email, email.policy
data = sys.stdin.buffer.read()
out = []
i = 0
while i < len(data):
    nl = data.index(b"\n", i)
    n = int(data[i:nl]); raw = data[nl + 1: nl + 1 + n]; i = nl + 1 + n
    m = email.message_from_bytes(raw, policy=email.policy.default)
    body = m.get_body(preferencelist=("plain",))
    out.append({"subject": str(m["subject"]), "headers": len(m.items()),
                "body": body.get_content() if body is not None else None,
                "defects": [str(d) for d in m.defects]})
print(json.dumps(out))
"#;
    let mut child = Command::new("/usr/bin/python3")
        .args(["-c", script])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("python3 (the second MIME parser) must be installed");
    child
        .stdin
        .take()
        .expect("python stdin")
        .write_all(&input)
        .expect("feed python");
    let out = child.wait_with_output().expect("python ran");
    assert!(
        out.status.success(),
        "python failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let parsed: Vec<serde_json::Value> =
        serde_json::from_slice(&out.stdout).expect("python printed JSON");
    assert_eq!(parsed.len(), emails.len());
    let lf = |s: &str| s.replace("\r\n", "\n");
    let mut disagreements = Vec::new();
    for ((email, eml), p) in emails.iter().zip(&parsed) {
        let subject = p["subject"].as_str().unwrap_or_default();
        let body = p["body"].as_str().unwrap_or_default();
        let headers = p["headers"].as_u64().unwrap_or_default() as usize;
        if subject != email.subject {
            disagreements.push(format!("subject {subject:?} != {:?}", email.subject));
        }
        if lf(body) != lf(&crlf(&email.body)) {
            disagreements.push(format!("body {body:?} != {:?}", email.body));
        }
        if headers != oracle::raw_header_count(eml) {
            disagreements.push(format!(
                "python sees {headers} headers, the message has {}",
                oracle::raw_header_count(eml)
            ));
        }
        if !p["defects"].as_array().is_none_or(|d| d.is_empty()) {
            disagreements.push(format!("python found defects: {}", p["defects"]));
        }
    }
    Counts {
        generated: emails.len() as u64,
        accepted: emails.len() as u64,
        disagreements: disagreements.len() as u64,
        ..Counts::default()
    }
    .save("python_email");
    assert!(
        disagreements.is_empty(),
        "{} disagreements, first: {}",
        disagreements.len(),
        disagreements[0]
    );
}

/// Raw bytes for a field: mostly UTF-8, sometimes not.
fn raw_bytes() -> impl Strategy<Value = Vec<u8>> {
    prop_oneof![
        3 => text().prop_map(String::into_bytes),
        1 => proptest::collection::vec(any::<u8>(), 0..40),
    ]
    // The operating system cannot pass a NUL inside an argument.
    .prop_map(|mut v| {
        v.retain(|b| *b != 0);
        v
    })
}

/// The real binary: exit 0 with a parseable eml, or 65 with nothing on stdout;
/// never a panic, whatever bytes the summary and details hold.
#[test]
fn the_binary_accepts_or_refuses_any_bytes_cleanly() {
    let env = Sandbox::new(Programs::System);
    let config = Config {
        cases: 48,
        failure_persistence: Some(Box::new(FileFailurePersistence::Off)),
        ..Config::default()
    };
    let counts = RefCell::new(Counts::default());
    let result = TestRunner::new(config).run(&(raw_bytes(), raw_bytes()), |(summary, details)| {
        let mut counts = counts.borrow_mut();
        counts.generated += 1;
        let mut args: Vec<OsString> = ID.iter().map(OsString::from).collect();
        args.push("question".into());
        let with = |name: &str, v: &[u8]| {
            let mut b = format!("--{name}=").into_bytes();
            b.extend_from_slice(v);
            OsString::from_vec(b)
        };
        args.push(with("summary", &summary));
        args.push(with("details", &details));
        args.push("--format=eml".into());
        let out = env.output(&args);
        let stderr = String::from_utf8_lossy(&out.stderr);
        if stderr.contains("panicked") {
            counts.panics += 1;
            return Err(TestCaseError::fail(show(&out)));
        }
        match code(&out) {
            0 => {
                counts.accepted += 1;
                let parsed = mail_parser::MessageParser::default().parse(&out.stdout);
                if parsed.is_none() {
                    counts.disagreements += 1;
                    return Err(TestCaseError::fail(show(&out)));
                }
            }
            65 => {
                counts.refused += 1;
                prop_assert!(out.stdout.is_empty(), "{}", show(&out));
            }
            _ => return Err(TestCaseError::fail(show(&out))),
        }
        Ok(())
    });
    counts.into_inner().save("binary");
    if let Err(e) = result {
        panic!("{e}");
    }
}
