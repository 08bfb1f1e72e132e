//! Payment-data redaction, end to end through the real binary.

use crate::support::{Programs, Sandbox, code, question, show};

/// A Luhn-valid test card number.
const CARD: &str = "4111 1111 1111 1111";
/// The same digits with no spaces, as a customer might paste them.
const CARD_RUN: &str = "4111111111111111";
/// 16 digits that fail the Luhn check: an order number, not a card.
const ORDER: &str = "1234567812345678";

fn stdout_of(env: &Sandbox, args: &[String]) -> (String, String) {
    let out = env.output(args);
    assert_eq!(code(&out), 0, "{}", show(&out));
    (
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// Whether the card's digits appear anywhere, in any spacing or encoding.
fn leaks_card(s: &str) -> bool {
    let digits_only: String = s.chars().filter(char::is_ascii_digit).collect();
    s.contains(CARD) || s.contains(CARD_RUN) || digits_only.contains(CARD_RUN)
}

#[test]
fn a_card_in_details_never_reaches_stdout_in_any_format() {
    let env = Sandbox::new(Programs::System);
    for format in ["text", "json", "eml", "mailto"] {
        let details = format!("I paid with {CARD} and then {CARD_RUN} again");
        let args = question(
            "Charged twice",
            &["--details", &details, "--format", format],
        );
        let (stdout, stderr) = stdout_of(&env, &args);
        // The eml body may be quoted-printable or base64: check the decoded text too.
        let decoded = if format == "eml" {
            let msg = mail_parser::MessageParser::default()
                .parse(stdout.as_bytes())
                .expect("the eml parses");
            msg.body_text(0).unwrap_or_default().into_owned()
        } else {
            String::new()
        };
        assert!(!leaks_card(&stdout), "{format}: card leaked:\n{stdout}");
        assert!(!leaks_card(&decoded), "{format}: card leaked:\n{decoded}");
        assert!(!leaks_card(&stderr), "{format}: card leaked on stderr");
        assert!(
            stderr.contains("masked a card number ending in 1111 in --details"),
            "{format}: no warning:\n{stderr}"
        );
        if format != "mailto" && format != "json" {
            let body = if format == "eml" { &decoded } else { &stdout };
            assert!(body.contains("**** **** **** 1111"), "{format}:\n{body}");
        }
    }
}

#[test]
fn json_names_what_was_masked_and_where() {
    let env = Sandbox::new(Programs::System);
    let args = question(
        "Card 5555-5555-5555-4444 declined",
        &[
            "--details",
            "IBAN GB82 WEST 1234 5698 7654 32",
            "--tried",
            "curl -H 'Authorization: Bearer abcDEF123456789xyz'",
            "--format",
            "json",
        ],
    );
    let (stdout, _) = stdout_of(&env, &args);
    let v: serde_json::Value = serde_json::from_str(&stdout).expect("JSON on stdout");
    let red = v["redactions"].as_array().expect("a redactions list");
    let seen: Vec<(String, String)> = red
        .iter()
        .map(|r| {
            (
                r["kind"].as_str().unwrap_or_default().to_string(),
                r["flag"].as_str().unwrap_or_default().to_string(),
            )
        })
        .collect();
    for want in [
        ("card-number", "--summary"),
        ("iban", "--details"),
        ("secret", "--tried"),
    ] {
        assert!(
            seen.iter().any(|(k, f)| k == want.0 && f == want.1),
            "{want:?} not in {seen:?}"
        );
    }
    let warnings = v["warnings"].to_string();
    assert!(warnings.contains("masked a card number"), "{warnings}");
    assert!(!v["subject"].to_string().contains("5555-5555-5555-4444"));
    assert!(!stdout.contains("GB82 WEST 1234 5698 7654 32"));
    assert!(!stdout.contains("abcDEF123456789xyz"));
}

#[test]
fn no_redact_keeps_the_text_as_typed() {
    let env = Sandbox::new(Programs::System);
    for format in ["text", "json", "mailto"] {
        let details = format!("card {CARD}");
        let args = question(
            "Charged twice",
            &["--details", &details, "--no-redact", "--format", format],
        );
        let (stdout, stderr) = stdout_of(&env, &args);
        let plain = stdout.replace("%20", " ");
        assert!(plain.contains(CARD), "{format}:\n{stdout}");
        assert!(!stderr.contains("masked"), "{format}:\n{stderr}");
    }
}

#[test]
fn a_luhn_invalid_order_number_is_left_alone() {
    let env = Sandbox::new(Programs::System);
    let details = format!("order {ORDER}");
    let args = question("Where is my invoice", &["--details", &details]);
    let (stdout, stderr) = stdout_of(&env, &args);
    assert!(stdout.contains(&details), "{stdout}");
    assert!(!stderr.contains("masked"), "{stderr}");
}

#[test]
fn payment_ids_given_through_their_flags_are_not_masked() {
    let env = Sandbox::new(Programs::System);
    // A gateway reference that happens to be a Luhn-valid digit run, and a
    // long random-looking payment ID: both are identifiers, not free text.
    let args: Vec<String> = crate::support::ID
        .iter()
        .map(|s| s.to_string())
        .chain(
            [
                "billing",
                "--issue",
                "not-credited",
                "--payment-id",
                "pay_aB3dE5fG7hJ9kL1mN3pQ5rS7tU9vW1xY3z",
                "--gateway-ref",
                CARD_RUN,
                "--when",
                "1h ago",
                "--rechecked",
            ]
            .map(String::from),
        )
        .collect();
    let out = env.output(&args);
    assert_eq!(code(&out), 0, "{}", show(&out));
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        stdout.contains("pay_aB3dE5fG7hJ9kL1mN3pQ5rS7tU9vW1xY3z"),
        "{stdout}"
    );
    assert!(stdout.contains(CARD_RUN), "{stdout}");
}

#[test]
fn a_card_in_a_details_file_is_masked_and_named() {
    let env = Sandbox::new(Programs::System);
    let path = env.file("details.txt", format!("paid with {CARD}\n").as_bytes());
    let p = path.to_string_lossy().into_owned();
    let args = question("Charged twice", &["--details-file", &p]);
    let (stdout, stderr) = stdout_of(&env, &args);
    assert!(!leaks_card(&stdout), "{stdout}");
    assert!(stderr.contains("in --details-file"), "{stderr}");
}

/// Every file the tool writes under its data directory (history, drafts).
fn data_files(dir: &std::path::Path, out: &mut Vec<std::path::PathBuf>) {
    if let Ok(entries) = std::fs::read_dir(dir) {
        for e in entries.flatten() {
            let p = e.path();
            if p.is_dir() {
                data_files(&p, out);
            } else {
                out.push(p);
            }
        }
    }
}

#[test]
fn a_card_never_reaches_the_history_or_any_stored_file() {
    let env = Sandbox::new(Programs::System);
    let summary = format!("charged on {CARD}");
    let details = format!("card {CARD_RUN}");
    let args = question(&summary, &["--details", &details]);
    let (stdout, _) = stdout_of(&env, &args);
    assert!(!leaks_card(&stdout), "{stdout}");
    let mut files = Vec::new();
    data_files(&env.root().join("data"), &mut files);
    assert!(!files.is_empty(), "the history was not written");
    for f in files {
        let bytes = std::fs::read(&f).unwrap_or_default();
        let text = String::from_utf8_lossy(&bytes);
        assert!(
            !leaks_card(&text),
            "{} holds the card:\n{text}",
            f.display()
        );
    }
}

#[test]
fn a_pasted_list_of_payment_ids_stays_whole_and_a_card_among_them_is_masked() {
    let env = Sandbox::new(Programs::System);
    // Six-digit payment IDs, space-separated, whose digits joined in threes
    // pass the Luhn check ("123456 654321 111117" would, once, be a card).
    let ids = "123456 654321 111117 411111 111111 1111 20 24 05 01 10 30 1";
    // One Amex written 4-6-5 and one Visa written with dashes among them.
    let text = format!("{ids}\nrefunds to 3782 822463 10005 and 4111-1111-1111-1111\n{ids}\n");
    let path = env.file("ids.txt", text.as_bytes());
    let p = path.to_string_lossy().into_owned();
    let args = question(
        "Missing refunds",
        &["--details-file", &p, "--format", "json"],
    );
    let (stdout, stderr) = stdout_of(&env, &args);
    let v: serde_json::Value = serde_json::from_str(&stdout).expect("JSON on stdout");
    let body = v["body"].as_str().expect("a body");
    assert_eq!(
        body.matches(ids).count(),
        2,
        "the IDs were changed:\n{body}"
    );
    assert!(body.contains("**** ****** *0005"), "{body}");
    assert!(body.contains("****-****-****-1111"), "{body}");
    assert!(!body.contains("3782 822463"), "{body}");
    assert_eq!(
        stderr.matches("masked a card number").count(),
        2,
        "one warning per card:\n{stderr}"
    );
}
