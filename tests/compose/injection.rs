//! Header injection: no user value can add or split a header.
//!
//! Each payload goes into every header-bound place (subject items, summary,
//! org name, sender name, addresses, cc); each must be refused with 65,
//! without a panic (in process, through the pure road), and nothing may
//! reach stdout (the remaining tests run the binary).

use crate::support::{self, Programs, Sandbox, question};

const PAYLOADS: &[&str] = &[
    "x\r\n Bcc: victim@evil.example",
    "x\r\nBcc: victim@evil.example",
    "x\nBcc: victim@evil.example",
    "x\rBcc: victim@evil.example",
    "x\u{2028}Bcc: victim@evil.example",
    "x\u{2029}Bcc: victim@evil.example",
    "x\u{85}Bcc: victim@evil.example",
    "x\0Bcc: victim@evil.example",
    "x\u{7f}y",
    "x\u{1b}[31my",
];

/// (description, arguments with `@` where the payload goes)
const PLACES: &[(&str, &[&str])] = &[
    (
        "summary",
        &[
            "question",
            "--summary",
            "@",
            "--org",
            "A",
            "--login-email",
            "a@b.example",
            "--plan",
            "pro",
        ],
    ),
    (
        "bug summary",
        &[
            "bug",
            "--summary",
            "@",
            "--page",
            "/x",
            "--org",
            "A",
            "--login-email",
            "a@b.example",
            "--plan",
            "pro",
        ],
    ),
    (
        "escalate subject",
        &[
            "escalate",
            "--subject",
            "@",
            "--summary",
            "s",
            "--org",
            "A",
            "--login-email",
            "a@b.example",
            "--plan",
            "pro",
        ],
    ),
    (
        "page in subject",
        &[
            "ops",
            "--issue",
            "dashboard-mismatch",
            "--details",
            "The guide names a button the page lacks.",
            "--page",
            "@",
            "--when",
            "now",
            "--org",
            "A",
            "--login-email",
            "a@b.example",
            "--plan",
            "pro",
        ],
    ),
    (
        "timeline",
        &[
            "enterprise",
            "--volume",
            "5k",
            "--products",
            "sla",
            "--timeline",
            "@",
            "--org",
            "A",
            "--login-email",
            "a@b.example",
            "--plan",
            "pro",
        ],
    ),
    (
        "org",
        &[
            "question",
            "--summary",
            "s",
            "--org",
            "@",
            "--login-email",
            "a@b.example",
            "--plan",
            "pro",
        ],
    ),
    (
        "sender name",
        &[
            "question",
            "--summary",
            "s",
            "--org",
            "A",
            "--login-email",
            "a@b.example",
            "--plan",
            "pro",
            "--sender-name",
            "@",
        ],
    ),
    (
        "login email",
        &[
            "question",
            "--summary",
            "s",
            "--org",
            "A",
            "--login-email",
            "a@b.example@",
            "--plan",
            "pro",
        ],
    ),
    (
        "cc",
        &[
            "question",
            "--summary",
            "s",
            "--cc",
            "c@d.example@",
            "--org",
            "A",
            "--login-email",
            "a@b.example",
            "--plan",
            "pro",
        ],
    ),
    (
        "payment id",
        &[
            "billing",
            "--issue",
            "refund",
            "--details",
            "Charged twice for one top-up.",
            "--payment-id",
            "@",
            "--when",
            "now",
            "--org",
            "A",
            "--login-email",
            "a@b.example",
            "--plan",
            "pro",
        ],
    ),
    (
        "teammate",
        &[
            "ops",
            "--issue",
            "invite-not-received",
            "--teammate",
            "t@e.example@",
            "--resends",
            "3",
            "--when",
            "now",
            "--org",
            "A",
            "--login-email",
            "a@b.example",
            "--plan",
            "pro",
        ],
    ),
];

#[test]
fn control_characters_in_header_values_exit_65() {
    let mut tried = 0;
    for (place, template) in PLACES {
        for payload in PAYLOADS {
            for format in ["text", "eml"] {
                let args: Vec<String> = template
                    .iter()
                    .map(|a| a.replace('@', "\u{0}AT\u{0}"))
                    .map(|a| {
                        // Addresses keep their @; the payload goes at the end.
                        let a = a.replace("\u{0}AT\u{0}", "@");
                        if a.ends_with('@') && a.len() > 1 {
                            format!("{}{}", a.trim_end_matches('@'), payload)
                        } else if a == "@" {
                            payload.to_string()
                        } else {
                            a
                        }
                    })
                    .chain(["--format".to_string(), format.to_string()])
                    .collect();
                if args.iter().any(|a| a.contains('\0')) {
                    // A NUL cannot be passed in argv at all; the OS refuses.
                    continue;
                }
                // In process: a panic fails this test, and a refusal means
                // no email exists to reach stdout.
                match support::compose(&args) {
                    Err(refusal) => assert_eq!(
                        refusal.code, 65,
                        "{place} with {payload:?} ({format}): {}",
                        refusal.message
                    ),
                    Ok(composed) => panic!(
                        "{place} with {payload:?} ({format}) was not refused:\n{}",
                        composed.email.text()
                    ),
                }
                tried += 1;
            }
        }
    }
    assert!(tried >= 180, "only {tried} cases ran");
}

#[test]
fn nul_in_a_details_file_header_value_free_body_is_fine_but_not_in_headers() {
    // Body text is free: a details file may hold anything printable, even a
    // "Bcc:" line, and it stays in the body.
    let sb = Sandbox::new(Programs::System);
    let path = sb.file("d.txt", b"Bcc: victim@evil.example\r\n\r\nstill body\n");
    let out = sb.run([
        "question",
        "--summary",
        "s",
        "--details-file",
        path.to_str().unwrap(),
        "--org",
        "A",
        "--login-email",
        "a@b.example",
        "--plan",
        "pro",
        "--format",
        "eml",
    ]);
    let eml = out.ok();
    let head = eml.split("\r\n\r\n").next().unwrap();
    assert!(!head.to_ascii_lowercase().contains("bcc"), "{head}");
    let msg = mail_parser::MessageParser::default()
        .parse(eml.as_bytes())
        .unwrap();
    assert!(msg.bcc().is_none());
    assert!(
        msg.body_text(0)
            .unwrap()
            .contains("Bcc: victim@evil.example")
    );
}

#[test]
fn addresses_with_parameters_or_display_names_are_refused() {
    let sb = Sandbox::new(Programs::System);
    for bad in [
        "help@x.org?attach=/etc/passwd",
        "Eve <eve@evil.example>",
        "eve@evil.example, mallory@evil.example",
        "a@b",
        "\"quoted\"@b.example",
    ] {
        let out = sb.run(question("s", &["--cc", bad]));
        // A comma splits --cc into two values; each must still be valid.
        if bad.contains(", ") {
            assert_eq!(out.code, 0, "{bad}: {}", out.stderr);
            continue;
        }
        assert_eq!(out.code, 65, "{bad} accepted: {}", out.stdout());
        assert!(out.stderr.contains("--cc"), "{}", out.stderr);
    }
}

#[test]
fn line_breaks_at_the_edges_are_refused_not_trimmed() {
    let sb = Sandbox::new(Programs::System);
    for v in ["\r\nBcc: x@evil.example", "summary\n", "\rsummary"] {
        let out = sb.run(question(v, &[]));
        assert_eq!(out.code, 65, "{v:?}: {}", out.stdout());
        let out = sb.run([
            "question",
            "--summary",
            "s",
            "--org",
            v,
            "--login-email",
            "a@b.example",
            "--plan",
            "pro",
        ]);
        assert_eq!(out.code, 65, "org {v:?}: {}", out.stdout());
        let out = sb.run(question("s", &["--cc", &format!("c@d.example{v}")]));
        assert_eq!(out.code, 65, "cc {v:?}: {}", out.stdout());
    }
}
