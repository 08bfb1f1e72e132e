//! Composing: formats, exit codes, reproducibility, guide and schema.

use mail_parser::MessageParser;

use crate::support::{ID, Programs, Sandbox, fails, fixture, question, with_id};

const PENDING: &[&str] = &[
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

#[test]
fn spec_example_composes_to_stdout_and_notes_the_response_time() {
    let out = Sandbox::new(Programs::System).run(with_id(PENDING));
    let text = out.ok();
    assert!(text.starts_with("From: ops@acme.example\nTo: support@9pic.ai\nSubject: "));
    assert!(text.contains("pay_123"));
    assert!(out.stderr.contains("same day"), "{}", out.stderr);
    let quiet = Sandbox::new(Programs::System).run([with_id(PENDING), vec!["--quiet"]].concat());
    assert_eq!(
        quiet.ok(),
        text.replace(&relative_line(&text), &relative_line(&quiet.stdout()))
    );
    // Quiet drops the notes; warnings (here: what support usually asks for) stay.
    assert!(!quiet.stderr.contains("note:"), "{}", quiet.stderr);
}

/// The "When it happened" line, which moves with the clock.
fn relative_line(text: &str) -> String {
    text.lines()
        .find(|l| l.starts_with("When it happened:"))
        .unwrap_or_default()
        .to_string()
}

#[test]
fn relative_times_are_shown_with_an_offset() {
    let mut sb = Sandbox::new(Programs::System);
    sb.env("TZ", "Asia/Kolkata");
    let text = sb.run(with_id(PENDING)).ok();
    let line = relative_line(&text);
    assert!(line.contains("(UTC+05:30)"), "{line}");
}

#[test]
fn json_output_follows_the_documented_schema() {
    let out = Sandbox::new(Programs::System).run(
        [
            with_id(&[
                "billing",
                "--issue",
                "not-credited",
                "--payment-id",
                "pay_9",
                "--when",
                "1h ago",
                "--rechecked",
                "--cc",
                "boss@acme.example",
                "--format",
                "json",
            ]),
            vec!["--attach", fixture("screenshot.png").to_str().unwrap()],
        ]
        .concat(),
    );
    let v: serde_json::Value = serde_json::from_str(&out.ok()).expect("valid JSON");
    assert_eq!(v["schema"], "9pic-help.ticket/1");
    assert_eq!(v["category"], "billing");
    assert_eq!(v["situation"], "not-credited");
    assert_eq!(v["to"][0], "support@9pic.ai");
    assert_eq!(v["cc"][0], "boss@acme.example");
    assert!(v["subject"].as_str().unwrap().contains("pay_9"));
    assert!(v["body"].as_str().unwrap().contains("Acme Events"));
    assert!(
        v["mailto"]
            .as_str()
            .unwrap()
            .starts_with("mailto:support@9pic.ai?")
    );
    assert_eq!(v["attachments"][0]["filename"], "screenshot.png");
    assert_eq!(v["attachments"][0]["size"], 74);
    let checklist = v["checklist"].as_array().unwrap();
    let pid = checklist.iter().find(|i| i["key"] == "payment_id").unwrap();
    assert_eq!(pid["flag"], "--payment-id");
    assert_eq!(pid["value"], "pay_9");
    assert_eq!(pid["required"], true);
    let gw = checklist
        .iter()
        .find(|i| i["key"] == "gateway_ref")
        .unwrap();
    assert!(gw["value"].is_null());
    // not-credited without --gateway-ref warns, in JSON and on stderr.
    assert!(v["warnings"][0].as_str().unwrap().contains("--gateway-ref"));
    assert!(out.stderr.contains("--gateway-ref"));
    assert!(
        v["expected_response"]
            .as_str()
            .unwrap()
            .contains("same day")
    );
    assert_eq!(v["account"]["plan"], "pro");
}

/// The report is written key by key (not through a sorted map): every object
/// in it, nested ones too, keeps the schema's alphabetical key order.
#[test]
fn json_keys_come_in_alphabetical_order_at_every_level() {
    let out = Sandbox::new(Programs::System).run(
        [
            with_id(&[
                "billing",
                "--issue",
                "not-credited",
                "--payment-id",
                "pay_9",
                "--when",
                "1h ago",
                "--rechecked",
                "--tried",
                "paid again with card 4111 1111 1111 1111",
                "--format",
                "json",
            ]),
            vec!["--attach", fixture("screenshot.png").to_str().unwrap()],
        ]
        .concat(),
    );
    let text = out.ok();
    // The last key seen at each indentation; a line at a shallower one ends
    // the deeper objects, so their keys start over.
    let mut last: Vec<Option<String>> = Vec::new();
    let mut keys = 0;
    for line in text.lines() {
        let depth = line.len() - line.trim_start().len();
        last.resize(depth + 1, None);
        let Some(key) = line
            .trim_start()
            .strip_prefix('"')
            .and_then(|rest| rest.split_once("\": "))
            .map(|(key, _)| key.to_string())
        else {
            continue;
        };
        if let Some(before) = &last[depth] {
            assert!(before < &key, "\"{key}\" comes after \"{before}\":\n{text}");
        }
        last[depth] = Some(key);
        keys += 1;
    }
    assert!(keys > 30, "too few keys checked ({keys}):\n{text}");
    assert!(
        text.contains("\"redactions\": [\n    {\n      \"flag\""),
        "{text}"
    );
}

#[test]
fn source_date_epoch_makes_drafts_reproducible() {
    let mut sb = Sandbox::new(Programs::System);
    sb.env("SOURCE_DATE_EPOCH", "1790000000");
    let shot = fixture("screenshot.png");
    let args = [
        with_id(&[
            "question",
            "--summary",
            "Where are exports kept?",
            "--format",
            "eml",
        ]),
        vec!["--attach", shot.to_str().unwrap()],
    ]
    .concat();
    let a = sb.run(&args);
    let b = sb.run(&args);
    assert_eq!(a.code, 0, "{}", a.stderr);
    assert_eq!(a.stdout, b.stdout, "two runs differ");
    let msg = MessageParser::default().parse(&a.stdout).unwrap();
    assert_eq!(msg.date().unwrap().to_timestamp(), 1_790_000_000);

    // Without it, the Message-ID differs between runs.
    let mut plain = Sandbox::new(Programs::System);
    plain.env_remove("SOURCE_DATE_EPOCH");
    let ids: Vec<String> = (0..2)
        .map(|_| {
            let out = plain.run(with_id(&["question", "--summary", "Hi", "--format", "eml"]));
            let msg = MessageParser::default().parse(&out.stdout).unwrap();
            msg.message_id().unwrap().to_string()
        })
        .collect();
    assert_ne!(ids[0], ids[1]);
}

#[test]
fn non_ascii_headers_are_rfc2047_encoded() {
    let out = Sandbox::new(Programs::System).run([
        "question",
        "--summary",
        "Galerie « Été » ne charge pas",
        "--org",
        "Zoë Fotografie",
        "--login-email",
        "zoe@foto.example",
        "--plan",
        "payg",
        "--sender-name",
        "Zoë Müller",
        "--format",
        "eml",
    ]);
    let raw = out.ok();
    let head = raw.split("\r\n\r\n").next().unwrap();
    assert!(head.is_ascii(), "raw 8-bit header:\n{head}");
    assert!(head.contains("=?utf-8?"), "{head}");
    let msg = MessageParser::default().parse(raw.as_bytes()).unwrap();
    assert_eq!(
        msg.subject(),
        Some("Question: Galerie « Été » ne charge pas")
    );
    let from = msg.from().unwrap().first().unwrap();
    assert_eq!(from.name(), Some("Zoë Müller"));
    assert!(msg.body_text(0).unwrap().contains("Zoë Fotografie"));
}

#[test]
fn urgent_categories_get_priority_headers() {
    let sb = Sandbox::new(Programs::System);
    let sec = sb.run(with_id(&[
        "security",
        "--what",
        "odd logins",
        "--when",
        "1h ago",
        "--format",
        "eml",
    ]));
    let msg = MessageParser::default().parse(&sec.stdout).unwrap();
    assert_eq!(
        msg.header_raw("X-Priority").map(str::trim),
        Some("1 (Highest)")
    );
    assert_eq!(msg.header_raw("Importance").map(str::trim), Some("high"));
    assert!(msg.subject().unwrap().contains("URGENT"));
    assert!(sec.stderr.contains("same day"));

    let q = sb.run(with_id(&["question", "--summary", "hi", "--format", "eml"]));
    let msg = MessageParser::default().parse(&q.stdout).unwrap();
    assert!(msg.header_raw("X-Priority").is_none());
}

#[test]
fn details_come_from_a_file_or_stdin() {
    let sb = Sandbox::new(Programs::System);
    let path = sb.file("details.txt", b"Line one\nLine two\n");
    let text = sb
        .run(with_id(&[
            "question",
            "--summary",
            "hi",
            "--details-file",
            path.to_str().unwrap(),
        ]))
        .ok();
    assert!(text.contains("Details:\nLine one\nLine two\n"), "{text}");
    let out = sb.run_with_stdin(
        with_id(&["question", "--summary", "hi", "--details-file", "-"]),
        Some(b"From stdin\n"),
    );
    assert!(out.ok().contains("Details:\nFrom stdin\n"));
}

#[test]
fn missing_input_files_exit_66() {
    let sb = Sandbox::new(Programs::System);
    let err = sb
        .run(with_id(&[
            "question",
            "--summary",
            "hi",
            "--attach",
            "nope.png",
        ]))
        .fails(66)
        .to_string();
    assert!(
        err.contains("--attach") && err.contains("nope.png"),
        "{err}"
    );
    let err = sb
        .run(with_id(&[
            "question",
            "--summary",
            "hi",
            "--details-file",
            "gone.txt",
        ]))
        .fails(66)
        .to_string();
    assert!(err.contains("--details-file"), "{err}");
}

#[test]
fn no_identity_and_no_profile_exits_78_with_the_fix() {
    let err = fails(["question", "--summary", "hi"], 78);
    assert!(
        err.contains("--org") && err.contains("--login-email"),
        "{err}"
    );
    assert!(err.contains("9pic-help profile init"), "{err}");
}

#[test]
fn usage_errors_exit_64() {
    let sb = Sandbox::new(Programs::System);
    sb.run(with_id(&["billing", "--bogus-flag"])).fails(64);
    sb.run(with_id(&["nonsense"])).fails(64);
    sb.run(["--format", "yaml", "question"]).fails(64);
    assert_eq!(sb.run(["--help"]).code, 0);
    let version = sb.run(["--version"]);
    assert!(version.ok().starts_with("9pic-help "));
}

#[test]
fn help_documents_exit_codes_and_checklists() {
    let sb = Sandbox::new(Programs::System);
    let help = sb.run(["--help"]).ok();
    for code in ["64", "65", "66", "69", "73", "75", "77", "78", "130"] {
        assert!(help.contains(code), "--help lacks exit code {code}");
    }
    let billing = sb.run(["billing", "--help"]).ok();
    for needle in [
        "--payment-id",
        "required",
        "pending",
        "not-credited",
        "Recheck",
        "--force",
    ] {
        assert!(
            billing.contains(needle),
            "billing --help lacks {needle}:\n{billing}"
        );
    }
}

#[test]
fn guide_prints_the_decision_table_and_self_serve_list() {
    let sb = Sandbox::new(Programs::System);
    let text = sb.run(["guide"]).ok();
    for needle in [
        "9pic-help billing",
        "support@9pic.ai",
        "sales@9pic.ai",
        "/contact-support",
        "Purchase Credits",
        "Team Setup",
        "one business day",
        "24-48 hours",
    ] {
        assert!(text.contains(needle), "guide lacks {needle}");
    }
    let v: serde_json::Value = serde_json::from_str(&sb.run(["guide", "--json"]).ok()).unwrap();
    assert_eq!(v["schema"], "9pic-help.guide/2");
    assert_eq!(v["plan"], serde_json::Value::Null, "no profile, no --plan");
    assert_eq!(v["decision_table"].as_array().unwrap().len(), 14);
    assert_eq!(v["self_serve"].as_array().unwrap().len(), 8);
    assert_eq!(v["known_answers"].as_array().unwrap().len(), 4);
}

#[test]
fn guide_differs_by_plan() {
    let sb = Sandbox::new(Programs::System);
    let json = |plan: &str| -> serde_json::Value {
        serde_json::from_str(&sb.run(["guide", "--json", "--plan", plan]).ok()).unwrap()
    };
    let names = |v: &serde_json::Value, key: &str, field: &str| -> Vec<String> {
        v[key]
            .as_array()
            .unwrap()
            .iter()
            .map(|r| r[field].as_str().unwrap().to_string())
            .collect()
    };
    let (payg, pro, ent) = (json("payg"), json("pro"), json("enterprise"));
    let tasks = names(&payg, "self_serve", "task");
    assert!(
        tasks.contains(&"Download an invoice".to_string()),
        "{tasks:?}"
    );
    assert!(
        !tasks.contains(&"Connect a custom domain".to_string()),
        "{tasks:?}"
    );
    let tasks = names(&pro, "self_serve", "task");
    assert!(
        !tasks.contains(&"Download an invoice".to_string()),
        "{tasks:?}"
    );
    assert!(
        tasks.contains(&"Connect a custom domain".to_string()),
        "{tasks:?}"
    );
    assert!(names(&payg, "decision_table", "category").contains(&"upgrade".to_string()));
    for v in [&pro, &ent] {
        assert!(!names(v, "decision_table", "category").contains(&"upgrade".to_string()));
    }
    assert!(
        payg["notes"]
            .to_string()
            .contains("Custom domains come with Pro")
    );
    assert!(ent["notes"].to_string().contains("account manager"));
    // The phrases are listed, in text too, with the in-product link.
    let text = sb.run(["guide", "--plan", "pro"]).ok();
    for needle in [
        "/contact-support",
        "Do you offer phone support?",
        r"phone support\b",
        "(plan: Pro)",
    ] {
        assert!(text.contains(needle), "guide lacks {needle}");
    }
}

#[test]
fn schema_describes_every_category_from_the_catalog() {
    let sb = Sandbox::new(Programs::System);
    let v: serde_json::Value = serde_json::from_str(&sb.run(["schema"]).ok()).unwrap();
    let cats = v["categories"].as_array().unwrap();
    assert_eq!(cats.len(), ninepic_help::catalog::CATEGORIES.len());
    let one: serde_json::Value = serde_json::from_str(&sb.run(["schema", "feature"]).ok()).unwrap();
    let product = &one["categories"][0]["items"][0];
    assert_eq!(product["flag"], "--product");
    let values: Vec<&str> = product["kind"]["values"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["value"].as_str().unwrap())
        .collect();
    assert_eq!(
        values,
        ["checkout", "flow", "buzz", "certify", "select", "motion"]
    );
    sb.run(["schema", "nope"]).fails(64);
}

#[test]
fn a_closed_stdout_ends_quietly() {
    use std::process::Stdio;
    let sb = Sandbox::new(Programs::System);
    let mut child = sb
        .command(["guide"])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    drop(child.stdout.take()); // the reader goes away at once
    let out = child.wait_with_output().unwrap();
    assert!(
        matches!(out.status.code(), Some(0) | None),
        "{:?}",
        out.status
    );
    assert!(
        out.stderr.is_empty(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn identity_flags_work_before_or_after_the_subcommand() {
    let sb = Sandbox::new(Programs::System);
    let mut before: Vec<&str> = ID.to_vec();
    before.extend(["question", "--summary", "hi"]);
    let a = sb.run(&before).ok();
    let b = sb.run(with_id(&["question", "--summary", "hi"])).ok();
    assert_eq!(a, b);
}

#[test]
fn every_readme_example_composes() {
    let readme = include_str!("../../README.md");
    let block = readme
        .split("<!-- examples:start -->")
        .nth(1)
        .and_then(|s| s.split("<!-- examples:end -->").next())
        .expect("README examples block");
    let sb = Sandbox::new(Programs::System);
    let mut count = 0;
    for line in block.lines().filter(|l| l.starts_with("9pic-help ")) {
        let words = shell_words(line.trim_start_matches("9pic-help "));
        let args: Vec<&str> = words.iter().map(String::as_str).collect();
        let out = sb.run(with_id(&args));
        assert_eq!(out.code, 0, "README example failed: {line}\n{}", out.stderr);
        count += 1;
    }
    assert_eq!(count, ninepic_help::catalog::CATEGORIES.len() + 1);
}

/// Splits a README command line: words, with "double quotes" grouping.
fn shell_words(line: &str) -> Vec<String> {
    let mut words = Vec::new();
    let mut cur = String::new();
    let mut quoted = false;
    for c in line.chars() {
        match c {
            '"' => quoted = !quoted,
            ' ' if !quoted => {
                if !cur.is_empty() {
                    words.push(std::mem::take(&mut cur));
                }
            }
            c => cur.push(c),
        }
    }
    if !cur.is_empty() {
        words.push(cur);
    }
    words
}

#[test]
fn enterprise_via_form_opens_the_contact_form_and_prints_the_text() {
    use std::os::unix::fs::PermissionsExt;
    let mut sb = Sandbox::new(Programs::System);
    let bin = sb.root().join("bin");
    std::fs::create_dir_all(&bin).unwrap();
    let log = sb.root().join("opened.txt");
    let script = format!("#!/bin/sh\nprintf '%s\\n' \"$@\" >> '{}'\n", log.display());
    let launcher = bin.join("xdg-open");
    std::fs::write(&launcher, script).unwrap();
    std::fs::set_permissions(&launcher, std::fs::Permissions::from_mode(0o755)).unwrap();
    sb.env("PATH", format!("{}:/usr/bin:/bin", bin.display()));
    let out = sb.run(with_id(&[
        "enterprise",
        "--via",
        "form",
        "--volume",
        "20k",
        "--products",
        "sla",
        "--timeline",
        "Q2",
    ]));
    let text = out.ok();
    assert!(
        text.contains("Subject: Enterprise: A service-level agreement (SLA)"),
        "{text}"
    );
    assert!(
        out.stderr.contains("https://9pic.ai/contact/"),
        "{}",
        out.stderr
    );
    // The launcher is detached; give it a moment to write.
    let mut opened = String::new();
    for _ in 0..50 {
        opened = std::fs::read_to_string(&log).unwrap_or_default();
        if !opened.is_empty() {
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    assert_eq!(opened, "https://9pic.ai/contact/\n");
}

#[test]
fn display_names_with_dots_are_quoted_for_every_reader() {
    let sb = Sandbox::new(Programs::System);
    for name in [".", "J.R. Smith", "a.\"b\\c", "Dr. Zoë."] {
        let out = sb.run(question("s", &["--sender-name", name, "--format", "eml"]));
        let eml = out.ok();
        let msg = MessageParser::default().parse(eml.as_bytes()).unwrap();
        assert_eq!(
            msg.from().unwrap().first().unwrap().name(),
            Some(name),
            "{name}"
        );
        let display = crate::support::python(
            "import email,sys,email.policy\n\
             m=email.message_from_bytes(sys.stdin.buffer.read(),policy=email.policy.default)\n\
             print(m['From'].addresses[0].display_name, end='')",
            eml.as_bytes(),
        );
        assert_eq!(String::from_utf8_lossy(&display), name);
    }
    let long = "x".repeat(101);
    let err = sb
        .run(question("s", &["--sender-name", &long]))
        .fails(65)
        .to_string();
    assert!(err.contains("--sender-name"), "{err}");
}
