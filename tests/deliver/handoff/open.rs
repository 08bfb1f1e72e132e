//! `--open`: a recording `xdg-open` first (and alone) on `PATH` receives the
//! hand-off; the link decodes back to the email, big or attached emails
//! become `.eml` drafts, and a failing launcher loses nothing.

use std::collections::HashMap;

use mail_parser::{MessageParser, MimeHeaders};
use percent_encoding::percent_decode_str;

use super::BILLING;
use crate::support::{ID, Output, Programs, Sandbox, recorded_args};

/// Runs `args`, then the identity flags, then `extra`.
fn with_id(s: &Sandbox, args: &[&str], extra: &[&str]) -> Output {
    s.run([args, &ID[..], extra].concat())
}

/// The same ticket as JSON, for the exact subject, body and cc.
fn as_json(s: &Sandbox, args: &[&str]) -> serde_json::Value {
    let out = with_id(s, args, &["--format", "json"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    serde_json::from_slice(&out.stdout).expect("JSON")
}

/// Splits a mailto: URL per RFC 6068 into its address and decoded fields.
fn decode_mailto(url: &str) -> (String, HashMap<String, String>) {
    let rest = url.strip_prefix("mailto:").expect("a mailto: URL");
    let (to, query) = rest.split_once('?').unwrap_or((rest, ""));
    let dec = |s: &str| {
        percent_decode_str(s)
            .decode_utf8()
            .expect("UTF-8")
            .into_owned()
    };
    let fields = query
        .split('&')
        .filter(|f| !f.is_empty())
        .map(|f| {
            let (k, v) = f.split_once('=').expect("key=value");
            (k.to_string(), dec(v))
        })
        .collect();
    (dec(to), fields)
}

#[test]
fn mailto_link_decodes_back_to_the_exact_email() {
    let s = Sandbox::new(Programs::Fakes);
    let rec = s.recording_xdg_open(0);
    let args = [
        &BILLING[..],
        &[
            "--cc",
            "boss@acme.example",
            "--details",
            "Café & co: 100% sure?\nSecond line + plus, \"quotes\" #hash",
        ],
    ]
    .concat();
    let out = with_id(&s, &args, &["--open"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert_eq!(out.stdout(), "", "a successful hand-off prints no email");

    let argv = recorded_args(&rec);
    assert_eq!(
        argv.len(),
        1,
        "xdg-open gets exactly one argument: {argv:?}"
    );
    let url = &argv[0];
    assert!(!url.contains(' ') && !url.contains('+'), "{url}");
    let (to, fields) = decode_mailto(url);
    let mut keys: Vec<&str> = fields.keys().map(String::as_str).collect();
    keys.sort();
    assert_eq!(keys, ["body", "cc", "subject"], "only cc, subject and body");

    let json = as_json(&s, &args);
    assert_eq!(to, "support@9pic.ai");
    assert_eq!(
        fields["subject"],
        json["subject"].as_str().expect("subject")
    );
    assert_eq!(fields["cc"], "boss@acme.example");
    let body = json["body"].as_str().expect("body").replace('\n', "\r\n");
    assert_eq!(fields["body"], body);
    assert!(fields["body"].contains("Café & co: 100% sure?\r\nSecond line + plus"));
}

/// Parses the draft the launcher was given and checks it is a draft.
fn opened_draft(s: &Sandbox, rec: &std::path::Path) -> Vec<u8> {
    let argv = recorded_args(rec);
    assert_eq!(argv.len(), 1, "{argv:?}");
    let path = std::path::Path::new(&argv[0]);
    assert!(
        path.starts_with(s.path("data")),
        "draft under the data dir: {path:?}"
    );
    assert_eq!(path.extension().and_then(|e| e.to_str()), Some("eml"));
    let bytes = std::fs::read(path).expect("draft file");
    use std::os::unix::fs::PermissionsExt;
    let mode = std::fs::metadata(path).expect("meta").permissions().mode() & 0o777;
    assert_eq!(mode, 0o600, "drafts are private");
    bytes
}

#[test]
fn long_body_becomes_an_eml_draft() {
    let s = Sandbox::new(Programs::Fakes);
    let rec = s.recording_xdg_open(0);
    let long = "word ".repeat(1000);
    let out = with_id(&s, &BILLING, &["--details", long.trim_end(), "--open"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert!(out.stderr.contains("characters long"), "{}", out.stderr);
    let bytes = opened_draft(&s, &rec);
    let msg = MessageParser::default().parse(&bytes).expect("parses");
    assert_eq!(msg.header_raw("X-Unsent").map(str::trim), Some("1"));
    assert!(msg.subject().expect("subject").contains("pay_77"));
    let body = msg.body_text(0).expect("body");
    assert!(body.contains(long.trim_end()), "{body:?}");
}

#[test]
fn attachment_becomes_an_eml_draft_with_the_file_intact() {
    let s = Sandbox::new(Programs::Fakes);
    let rec = s.recording_xdg_open(0);
    let shot = s.path("screen shot.png");
    let content: Vec<u8> = (0..=255u8).cycle().take(3000).collect();
    std::fs::write(&shot, &content).expect("write");
    let shot_arg = shot.to_str().expect("a UTF-8 temp path");
    let out = with_id(
        &s,
        &[
            "bug",
            "--summary",
            "Export button does nothing",
            "--page",
            "/events",
        ],
        &["--attach", shot_arg, "--open"],
    );
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert!(out.stderr.contains("attachment"), "{}", out.stderr);
    let bytes = opened_draft(&s, &rec);
    let msg = MessageParser::default().parse(&bytes).expect("parses");
    let parts: Vec<_> = msg.attachments().collect();
    assert_eq!(parts.len(), 1);
    assert_eq!(parts[0].attachment_name(), Some("screen shot.png"));
    assert_eq!(parts[0].contents(), &content[..], "attachment bytes intact");
}

#[test]
fn failing_launcher_exits_69_with_the_email_on_stdout() {
    let s = Sandbox::new(Programs::Fakes);
    let rec = s.recording_xdg_open(3);
    let out = with_id(&s, &BILLING, &["--open"]);
    assert_eq!(out.code, 69, "{}", out.stderr);
    assert_eq!(recorded_args(&rec).len(), 1, "xdg-open was tried");
    let plain = with_id(&s, &BILLING, &[]);
    assert_eq!(plain.code, 0);
    assert_eq!(out.stdout(), plain.stdout(), "the full email is printed");
    assert!(out.stderr.contains("could not open"), "{}", out.stderr);
}

#[test]
fn no_launcher_at_all_exits_69_with_the_email_on_stdout() {
    let s = Sandbox::new(Programs::Fakes);
    let out = with_id(&s, &BILLING, &["--open"]);
    assert_eq!(out.code, 69, "{}", out.stderr);
    assert!(out.stdout().contains("Subject: "), "{}", out.stdout());
}

#[test]
fn webmail_gmail_opens_a_compose_link() {
    let s = Sandbox::new(Programs::Fakes);
    let rec = s.recording_xdg_open(0);
    let args = [&BILLING[..], &["--cc", "boss@acme.example"]].concat();
    let out = with_id(&s, &args, &["--open", "webmail:gmail"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    let argv = recorded_args(&rec);
    assert_eq!(argv.len(), 1);
    let url = url::Url::parse(&argv[0]).expect("URL");
    assert_eq!(url.host_str(), Some("mail.google.com"));
    let q: HashMap<String, String> = url.query_pairs().into_owned().collect();
    let json = as_json(&s, &args);
    assert_eq!(q["to"], "support@9pic.ai");
    assert_eq!(q["cc"], "boss@acme.example");
    assert_eq!(q["su"], json["subject"].as_str().expect("subject"));
    assert_eq!(q["body"], json["body"].as_str().expect("body"));
}

#[test]
fn webmail_outlook_opens_a_compose_link() {
    let s = Sandbox::new(Programs::Fakes);
    let rec = s.recording_xdg_open(0);
    let out = with_id(&s, &BILLING, &["--open", "webmail:outlook"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    let url = url::Url::parse(&recorded_args(&rec)[0]).expect("URL");
    assert_eq!(url.host_str(), Some("outlook.office.com"));
    let q: HashMap<String, String> = url.query_pairs().into_owned().collect();
    assert!(q["subject"].contains("pay_77"));
}

#[test]
fn the_profile_default_delivery_opens_and_stdout_overrides_it() {
    let s = Sandbox::new(Programs::Fakes);
    let rec = s.recording_xdg_open(0);
    let init = with_id(&s, &["profile", "init", "--no-input"], &[]);
    assert_eq!(init.code, 0, "{}", init.stderr);
    let set = s.run(["profile", "set", "delivery", "open"]);
    assert_eq!(set.code, 0, "{}", set.stderr);

    let out = s.run(BILLING);
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert_eq!(out.stdout(), "", "handed off, not printed");
    let argv = recorded_args(&rec);
    assert!(
        argv.len() == 1 && argv[0].starts_with("mailto:support@9pic.ai?"),
        "{argv:?}"
    );

    let out = s.run([&BILLING[..], &["--stdout"]].concat());
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert!(out.stdout().contains("To: support@9pic.ai"));
    assert_eq!(
        recorded_args(&rec).len(),
        1,
        "--stdout must not open anything"
    );
}
