//! Golden emails: one reviewed text email per category (and per notable
//! situation), `tests/golden/NAME.txt`, composed in process from the
//! arguments in `tests/golden/NAME.args` beside it; and the same ticket as
//! `eml`, parsed back by two independent parsers (`mail-parser`, Python's
//! `email`). Every check composes at one fixed "now", so a date in a case
//! never turns from future to past as the calendar moves on.
//!
//! To refresh the files after a deliberate template change:
//! `UPDATE_GOLDEN=1 cargo test golden` — then read the diff.

use mail_parser::{MessageParser, MimeHeaders};

use std::path::{Path, PathBuf};

use crate::support::{self, fixture, header, split_text, with_id};

/// The directory of golden cases: `NAME.args` beside `NAME.txt`.
fn golden_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/golden")
}

/// One golden case, read from `tests/golden/NAME.args`: a `# to: ADDRESS`
/// line (the expected To), an optional `# plan: payg|pro|enterprise` line
/// (the identity's plan, `pro` by default), then the arguments before the identity flags,
/// one per line, with `\n` for a line break inside an argument and
/// `SCREENSHOT` for the checked-in screenshot. The expected text email is
/// `NAME.txt`.
struct Case {
    name: String,
    to: String,
    /// The plan of the identity (`pro` unless the case names another).
    plan: String,
    /// The arguments as written, before the identity flags.
    given: Vec<String>,
}

/// The "now" golden emails are composed at in process, so relative times
/// ("in 40 minutes", "lapsed") read the same on every run.
fn golden_now() -> jiff::Zoned {
    "2026-11-21T15:00:00+00:00[UTC]"
        .parse()
        .expect("a fixed time")
}

impl Case {
    /// The full argument list: fixtures filled in, identity flags after.
    fn args(&self) -> Vec<String> {
        let shot = fixture("screenshot.png").display().to_string();
        let given: Vec<&str> = self.given.iter().map(String::as_str).collect();
        let mut args: Vec<String> = with_id(&given)
            .into_iter()
            .map(|a| {
                if a == "SCREENSHOT" {
                    shot.clone()
                } else {
                    a.to_string()
                }
            })
            .collect();
        if let Some(i) = args.iter().rposition(|a| a == "--plan") {
            args[i + 1] = self.plan.clone();
        }
        args
    }

    /// The plan as the email names it.
    fn plan_label(&self) -> &'static str {
        ninepic_help::catalog::Plan::parse(&self.plan)
            .map(|p| p.label())
            .unwrap_or_else(|| panic!("{}: unknown plan {}", self.name, self.plan))
    }

    fn has_screenshot(&self) -> bool {
        self.given.iter().any(|a| a == "SCREENSHOT")
    }

    fn expected_path(&self) -> PathBuf {
        golden_dir().join(format!("{}.txt", self.name))
    }
}

/// Every case in `tests/golden/`, by name.
fn cases() -> Vec<Case> {
    let mut cases = Vec::new();
    for entry in std::fs::read_dir(golden_dir()).expect("tests/golden") {
        let path = entry.expect("golden entry").path();
        if path.extension().is_none_or(|e| e != "args") {
            continue;
        }
        let name = path
            .file_stem()
            .expect("file name")
            .to_string_lossy()
            .into_owned();
        let text = std::fs::read_to_string(&path).expect("read golden args");
        let mut to = None;
        let mut plan = "pro".to_string();
        let mut given = Vec::new();
        for line in text.lines() {
            if let Some(address) = line.strip_prefix("# to: ") {
                to = Some(address.to_string());
            } else if let Some(p) = line.strip_prefix("# plan: ") {
                plan = p.trim().to_string();
            } else {
                given.push(line.replace("\\n", "\n"));
            }
        }
        let to = to.unwrap_or_else(|| panic!("{}: no `# to:` line", path.display()));
        cases.push(Case {
            name,
            to,
            plan,
            given,
        });
    }
    cases.sort_by(|a, b| a.name.cmp(&b.name));
    assert!(!cases.is_empty(), "no golden cases in tests/golden");
    cases
}

/// The text email of a case, composed in process at [`golden_now`].
fn text_of(case: &Case) -> String {
    composed(case, &[]).text()
}

/// The email of a case with `extra` arguments, composed in process at
/// [`golden_now`], so a case's relative and absolute times read the same on
/// every day the suite runs.
fn composed(case: &Case, extra: &[&str]) -> ninepic_help::email::Email {
    let mut args = case.args();
    args.extend(extra.iter().map(|a| a.to_string()));
    match support::compose_at(&args, Some(&golden_now())) {
        Ok(c) => c.email,
        Err(r) => panic!("{}: refused ({}): {}", case.name, r.code, r.message),
    }
}

/// The `eml` of a case, as `--format eml` writes it, at [`golden_now`].
fn eml_of(case: &Case) -> Vec<u8> {
    composed(case, &["--format", "eml"])
        .eml_from_files()
        .unwrap_or_else(|e| panic!("{}: eml: {e:?}", case.name))
}

#[test]
fn every_category_has_a_golden_case() {
    let cases = cases();
    for c in ninepic_help::catalog::CATEGORIES {
        let covered = cases.iter().any(|case| {
            ninepic_help::catalog::find(&case.given[0]).is_some_and(|found| found.id == c.id)
        });
        assert!(covered, "no golden case for {}", c.name);
    }
}

#[test]
fn text_emails_match_the_golden_files() {
    let update = std::env::var_os("UPDATE_GOLDEN").is_some();
    let mut mismatches = Vec::new();
    for case in cases() {
        let text = text_of(&case);
        let name = &case.name;
        let path = case.expected_path();
        if update {
            std::fs::write(&path, &text).expect("write golden");
            continue;
        }
        let expected = std::fs::read_to_string(&path)
            .unwrap_or_else(|e| panic!("{}: {e} (run with UPDATE_GOLDEN=1)", path.display()));
        if expected != text {
            mismatches.push(format!("--- {name}\n{text}"));
        }
    }
    assert!(
        mismatches.is_empty(),
        "differs from golden:\n{}",
        mismatches.join("\n")
    );
}

#[test]
fn text_emails_carry_account_and_routing() {
    for case in cases() {
        let (name, to) = (&case.name, &case.to);
        let text = text_of(&case);
        let (headers, body) = split_text(&text);
        assert_eq!(header(&headers, "To"), Some(to.as_str()), "{name}");
        assert!(
            header(&headers, "Subject").is_some_and(|s| !s.is_empty()),
            "{name}"
        );
        for needed in ["Acme Events", "ops@acme.example", case.plan_label()] {
            assert!(body.contains(needed), "{name}: body lacks {needed}");
        }
    }
}

#[test]
fn eml_parses_back_to_the_same_email() {
    for case in cases() {
        let (name, to) = (&case.name, &case.to);
        let text = text_of(&case);
        let (headers, text_body) = split_text(&text);
        let subject = header(&headers, "Subject").expect("subject");
        let eml = eml_of(&case);
        let msg = MessageParser::default()
            .parse(&eml)
            .unwrap_or_else(|| panic!("{name}: mail-parser rejected the eml"));

        let tos: Vec<String> = msg
            .to()
            .and_then(|a| a.first())
            .and_then(|a| a.address())
            .map(|a| vec![a.to_string()])
            .unwrap_or_default();
        assert_eq!(tos, vec![to.clone()], "{name}: To");
        assert_eq!(msg.subject(), Some(subject), "{name}: Subject");
        let body = msg.body_text(0).expect("a text body").replace("\r\n", "\n");
        // Only the eml carries the files: its body lists them as attached.
        let text_body = text_body.replace("Files to attach:\n", "Attached:\n");
        assert_eq!(body, text_body, "{name}: body");
        assert_eq!(
            msg.header_raw("X-Unsent").map(str::trim),
            Some("1"),
            "{name}: X-Unsent"
        );
        assert!(msg.message_id().is_some(), "{name}: Message-ID");
        // Dated at the fixed now, as every relative time in it is.
        assert_eq!(
            msg.date().map(|d| d.to_rfc3339()),
            Some("2026-11-21T15:00:00Z".to_string()),
            "{name}: Date"
        );
        assert_eq!(
            msg.header_raw("MIME-Version").map(str::trim),
            Some("1.0"),
            "{name}: MIME-Version"
        );

        let shot = std::fs::read(fixture("screenshot.png")).expect("fixture");
        let expect_attachment = case.has_screenshot();
        assert_eq!(
            msg.attachment_count(),
            usize::from(expect_attachment),
            "{name}"
        );
        if expect_attachment {
            let part = msg.attachment(0).expect("attachment");
            assert_eq!(part.attachment_name(), Some("screenshot.png"));
            assert_eq!(part.contents(), shot.as_slice(), "{name}: attachment bytes");
            assert_eq!(
                part.content_type()
                    .map(|c| format!("{}/{}", c.ctype(), c.subtype().unwrap_or(""))),
                Some("image/png".to_string())
            );
        }
    }
}

/// A second, unrelated parser: Python's standard `email` package.
#[test]
fn python_email_package_reads_the_same_eml() {
    let script = r#"
import email, email.policy, json, sys
msg = email.message_from_bytes(sys.stdin.buffer.read(), policy=email.policy.default)
body = msg.get_body(preferencelist=("plain",)).get_content()
atts = [(p.get_filename(), len(p.get_payload(decode=True))) for p in msg.iter_attachments()]
print(json.dumps({"to": str(msg["To"]), "subject": str(msg["Subject"]), "body": body,
                  "unsent": msg["X-Unsent"], "atts": atts, "defects": len(msg.defects)}))
"#;
    for case in cases() {
        let (name, to) = (&case.name, &case.to);
        let text = text_of(&case);
        let (headers, body) = split_text(&text);
        let body = body.replace("Files to attach:\n", "Attached:\n");
        let parsed = crate::support::python(script, &eml_of(&case));
        let v: serde_json::Value = serde_json::from_slice(&parsed).unwrap();
        assert_eq!(v["to"], to.as_str(), "{name}");
        assert_eq!(v["subject"], header(&headers, "Subject").unwrap(), "{name}");
        assert_eq!(
            v["body"].as_str().unwrap().replace("\r\n", "\n"),
            body,
            "{name}"
        );
        assert_eq!(v["unsent"], "1", "{name}");
        assert_eq!(v["defects"], 0, "{name}");
        let expected_atts = if case.has_screenshot() { 1 } else { 0 };
        assert_eq!(v["atts"].as_array().unwrap().len(), expected_atts, "{name}");
    }
}
