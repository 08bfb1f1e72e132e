//! Golden emails: one reviewed text email per category (and per notable
//! situation), in `tests/golden/*.txt`, and the same ticket as `eml` parsed
//! back by an independent parser (`mail-parser`).
//!
//! To refresh the files after a deliberate template change:
//! `UPDATE_GOLDEN=1 cargo test golden` — then read the diff.

use mail_parser::{MessageParser, MimeHeaders};

use crate::support::{Sandbox, fixture, header, split_text, with_id};

/// (golden file, expected To, arguments before the identity flags)
pub const CASES: &[(&str, &str, &[&str])] = &[
    (
        "billing-pending",
        "support@9pic.ai",
        &[
            "billing",
            "--issue",
            "pending",
            "--payment-id",
            "pay_123",
            "--when",
            "2026-11-01 09:30",
            "--rechecked-at",
            "2026-11-01 09:40",
            "--gateway-ref",
            "gw_987",
            "--tried",
            "Clicked Recheck on the row",
            "--tried",
            "Logged out and back in",
            "--sender-name",
            "Jane Doe",
        ],
    ),
    (
        "billing-not-credited",
        "support@9pic.ai",
        &[
            "billing",
            "--issue",
            "not-credited",
            "--payment-id",
            "pay_456",
            "--when",
            "2026-10-30T14:05:00+02:00",
            "--rechecked",
            "--gateway-ref",
            "ch_3Nx",
            "--details",
            "Bank statement shows EUR 49.00 taken on 30 October.",
        ],
    ),
    (
        "billing-invoice-correction",
        "support@9pic.ai",
        &[
            "billing",
            "--issue",
            "invoice-correction",
            "--payment-id",
            "pay_789",
            "--when",
            "2026-10-02 12:00",
            "--company",
            "Acme Events GmbH",
            "--address",
            "Hauptstrasse 1\n10115 Berlin",
        ],
    ),
    (
        "invoices",
        "support@9pic.ai",
        &[
            "invoices",
            "--from",
            "2025-01-01",
            "--to",
            "2025-12-31",
            "--details",
            "One zip file for our accountant, please.",
        ],
    ),
    (
        "renewal",
        "support@9pic.ai",
        &["renewal", "--renewal-date", "2026-12-31"],
    ),
    (
        "feature",
        "support@9pic.ai",
        &["feature", "--product", "flow", "--event-date", "2026-12-12"],
    ),
    (
        "feature-needs-plan",
        "support@9pic.ai",
        &["beta", "--product", "checkout"],
    ),
    (
        "enterprise",
        "sales@9pic.ai",
        &[
            "enterprise",
            "--volume",
            "1.2M",
            "--products",
            "checkout,developer-zone",
            "--products",
            "sla",
            "--timeline",
            "Integration live by March 2027",
            "--reason",
            "high-volume,custom-integrations",
            "--events-per-year",
            "40",
            "--phone",
            "+44 20 7946 0958",
        ],
    ),
    (
        "enterprise-via-support",
        "support@9pic.ai",
        &[
            "enterprise",
            "--via",
            "support",
            "--volume",
            "50k",
            "--products",
            "payment-config",
            "--timeline",
            "Next event on 2027-02-01",
        ],
    ),
    (
        "ops-processing-stuck",
        "support@9pic.ai",
        &[
            "operations",
            "--issue",
            "processing-stuck",
            "--event-id",
            "https://app.9pic.ai/events/EVT-2041/details",
            "--when",
            "2026-11-20 18:00",
            "--tried",
            "Re-uploaded two photos",
            "--attach",
            "SCREENSHOT",
        ],
    ),
    (
        "ops-invite",
        "support@9pic.ai",
        &[
            "ops",
            "--issue",
            "invite-not-received",
            "--teammate",
            "sam@acme.example",
            "--resends",
            "3",
            "--when",
            "2026-11-19 08:00",
        ],
    ),
    (
        "domain",
        "support@9pic.ai",
        &[
            "domain",
            "--domain",
            "Photos.Acme.example",
            "--cname-target",
            "cname.9pic.ai",
            "--connected-at",
            "2026-11-01 10:00",
        ],
    ),
    (
        "upgrade",
        "support@9pic.ai",
        &[
            "upgrade",
            "--topic",
            "break-even",
            "--events-per-year",
            "12",
            "--photos-per-event",
            "3k",
        ],
    ),
    (
        "security",
        "support@9pic.ai",
        &[
            "security",
            "--what",
            "Two logins from a country we never work in.\nA teammate we did not add.",
            "--when",
            "2026-11-20 22:15",
        ],
    ),
    (
        "bug",
        "support@9pic.ai",
        &[
            "bug",
            "--summary",
            "Gallery export stops at 99%",
            "--page",
            "/events/EVT-7/export",
            "--steps",
            "1. Open the event\n2. Click Export all",
            "--expected",
            "A zip file",
            "--actual",
            "The progress bar stops at 99%",
        ],
    ),
    (
        "request",
        "support@9pic.ai",
        &[
            "request",
            "--summary",
            "Bulk-rename albums",
            "--details",
            "We run 40 events a year and rename albums by hand.",
        ],
    ),
    (
        "urgent",
        "support@9pic.ai",
        &[
            "urgent",
            "--event-id",
            "EVT-42",
            "--go-live",
            "2026-11-21T18:00:00+00:00",
            "--summary",
            "Public gallery shows a 500 error",
        ],
    ),
    (
        "escalate",
        "support@9pic.ai",
        &[
            "escalate",
            "--subject",
            "Billing (pending): payment pay_123",
            "--summary",
            "No reply after two business days",
        ],
    ),
    (
        "question",
        "support@9pic.ai",
        &[
            "question",
            "--summary",
            "Is a slow upload a bug or our settings?",
            "--page",
            "/events/EVT-9/upload",
            "--tried",
            "Another browser",
        ],
    ),
];

/// The arguments of a case, with fixtures and identity filled in.
pub fn args(case: &[&str]) -> Vec<String> {
    let shot = fixture("screenshot.png").display().to_string();
    with_id(case)
        .into_iter()
        .map(|a| {
            if a == "SCREENSHOT" {
                shot.clone()
            } else {
                a.to_string()
            }
        })
        .collect()
}

#[test]
fn every_category_has_a_golden_case() {
    for c in ninepic_help::catalog::CATEGORIES {
        let covered = CASES.iter().any(|(_, _, a)| {
            ninepic_help::catalog::find(a[0]).is_some_and(|found| found.id == c.id)
        });
        assert!(covered, "no golden case for {}", c.name);
    }
}

#[test]
fn text_emails_match_the_golden_files() {
    let sb = Sandbox::new();
    let update = std::env::var_os("UPDATE_GOLDEN").is_some();
    let mut mismatches = Vec::new();
    for (name, _, case) in CASES {
        let out = sb.run(args(case));
        let text = out.ok();
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/golden")
            .join(format!("{name}.txt"));
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
    let sb = Sandbox::new();
    for (name, to, case) in CASES {
        let text = sb.run(args(case)).ok();
        let (headers, body) = split_text(&text);
        assert_eq!(header(&headers, "To"), Some(*to), "{name}");
        assert!(
            header(&headers, "Subject").is_some_and(|s| !s.is_empty()),
            "{name}"
        );
        for needed in ["Acme Events", "ops@acme.example", "Pro"] {
            assert!(body.contains(needed), "{name}: body lacks {needed}");
        }
    }
}

#[test]
fn eml_parses_back_to_the_same_email() {
    let sb = Sandbox::new();
    for (name, to, case) in CASES {
        let text = sb.run(args(case)).ok();
        let (headers, text_body) = split_text(&text);
        let subject = header(&headers, "Subject").expect("subject");

        let mut eml_args = args(case);
        eml_args.extend(["--format".to_string(), "eml".to_string()]);
        let eml = sb.run(&eml_args);
        assert_eq!(eml.code, 0, "{name}: {}", eml.stderr);
        let msg = MessageParser::default()
            .parse(&eml.stdout)
            .unwrap_or_else(|| panic!("{name}: mail-parser rejected the eml"));

        let tos: Vec<String> = msg
            .to()
            .and_then(|a| a.first())
            .and_then(|a| a.address())
            .map(|a| vec![a.to_string()])
            .unwrap_or_default();
        assert_eq!(tos, vec![to.to_string()], "{name}: To");
        assert_eq!(msg.subject(), Some(subject), "{name}: Subject");
        let body = msg.body_text(0).expect("a text body").replace("\r\n", "\n");
        assert_eq!(body, text_body, "{name}: body");
        assert_eq!(
            msg.header_raw("X-Unsent").map(str::trim),
            Some("1"),
            "{name}: X-Unsent"
        );
        assert!(msg.message_id().is_some(), "{name}: Message-ID");
        assert!(msg.date().is_some(), "{name}: Date");
        assert_eq!(
            msg.header_raw("MIME-Version").map(str::trim),
            Some("1.0"),
            "{name}: MIME-Version"
        );

        let shot = std::fs::read(fixture("screenshot.png")).expect("fixture");
        let expect_attachment = case.contains(&"SCREENSHOT");
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
    let sb = Sandbox::new();
    let script = r#"
import email, email.policy, json, sys
msg = email.message_from_bytes(sys.stdin.buffer.read(), policy=email.policy.default)
body = msg.get_body(preferencelist=("plain",)).get_content()
atts = [(p.get_filename(), len(p.get_payload(decode=True))) for p in msg.iter_attachments()]
print(json.dumps({"to": str(msg["To"]), "subject": str(msg["Subject"]), "body": body,
                  "unsent": msg["X-Unsent"], "atts": atts, "defects": len(msg.defects)}))
"#;
    for (name, to, case) in CASES {
        let text = sb.run(args(case)).ok();
        let (headers, body) = split_text(&text);
        let mut eml_args = args(case);
        eml_args.extend(["--format".into(), "eml".into()]);
        let eml = sb.run(&eml_args);
        assert_eq!(eml.code, 0);
        let parsed = crate::support::python(script, &eml.stdout);
        let v: serde_json::Value = serde_json::from_slice(&parsed).unwrap();
        assert_eq!(v["to"], *to, "{name}");
        assert_eq!(v["subject"], header(&headers, "Subject").unwrap(), "{name}");
        assert_eq!(
            v["body"].as_str().unwrap().replace("\r\n", "\n"),
            body,
            "{name}"
        );
        assert_eq!(v["unsent"], "1", "{name}");
        assert_eq!(v["defects"], 0, "{name}");
        let expected_atts = if case.contains(&"SCREENSHOT") { 1 } else { 0 };
        assert_eq!(v["atts"].as_array().unwrap().len(), expected_atts, "{name}");
    }
}
