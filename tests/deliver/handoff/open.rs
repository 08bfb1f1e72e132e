//! `--open`: a recording `xdg-open` first (and alone) on `PATH` receives the
//! hand-off; the link decodes back to the email, big or attached emails
//! become `.eml` drafts, and a failing launcher loses nothing.

use std::collections::HashMap;

use mail_parser::{MessageParser, MimeHeaders};
use percent_encoding::percent_decode_str;

use super::BILLING;
use crate::support::{ID, Programs, Sandbox, recorded_args, stderr, stdout};

/// The same ticket as JSON, for the exact subject, body and cc.
fn as_json(s: &Sandbox, args: &[&str]) -> serde_json::Value {
    let out = s
        .cmd()
        .args(args)
        .args(ID)
        .args(["--format", "json"])
        .output()
        .expect("run");
    assert!(out.status.success(), "{}", stderr(&out));
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
    let out = s
        .cmd()
        .args(&args)
        .args(ID)
        .arg("--open")
        .output()
        .expect("run");
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(stdout(&out), "", "a successful hand-off prints no email");

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
    let out = s
        .cmd()
        .args(BILLING)
        .args(ID)
        .args(["--details", long.trim_end(), "--open"])
        .output()
        .expect("run");
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(stderr(&out).contains("characters long"), "{}", stderr(&out));
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
    let out = s
        .cmd()
        .args([
            "bug",
            "--summary",
            "Export button does nothing",
            "--page",
            "/events",
        ])
        .args(ID)
        .args(["--attach".as_ref(), shot.as_os_str()])
        .arg("--open")
        .output()
        .expect("run");
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(stderr(&out).contains("attachment"), "{}", stderr(&out));
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
    let out = s
        .cmd()
        .args(BILLING)
        .args(ID)
        .arg("--open")
        .output()
        .expect("run");
    assert_eq!(out.status.code(), Some(69), "{}", stderr(&out));
    assert_eq!(recorded_args(&rec).len(), 1, "xdg-open was tried");
    let plain = s.cmd().args(BILLING).args(ID).output().expect("run");
    assert!(plain.status.success());
    assert_eq!(stdout(&out), stdout(&plain), "the full email is printed");
    assert!(stderr(&out).contains("could not open"), "{}", stderr(&out));
}

#[test]
fn no_launcher_at_all_exits_69_with_the_email_on_stdout() {
    let s = Sandbox::new(Programs::Fakes);
    let out = s
        .cmd()
        .args(BILLING)
        .args(ID)
        .arg("--open")
        .output()
        .expect("run");
    assert_eq!(out.status.code(), Some(69), "{}", stderr(&out));
    assert!(stdout(&out).contains("Subject: "), "{}", stdout(&out));
}

#[test]
fn webmail_gmail_opens_a_compose_link() {
    let s = Sandbox::new(Programs::Fakes);
    let rec = s.recording_xdg_open(0);
    let args = [&BILLING[..], &["--cc", "boss@acme.example"]].concat();
    let out = s
        .cmd()
        .args(&args)
        .args(ID)
        .args(["--open", "webmail:gmail"])
        .output()
        .expect("run");
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
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
    let out = s
        .cmd()
        .args(BILLING)
        .args(ID)
        .args(["--open", "webmail:outlook"])
        .output()
        .expect("run");
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let url = url::Url::parse(&recorded_args(&rec)[0]).expect("URL");
    assert_eq!(url.host_str(), Some("outlook.office.com"));
    let q: HashMap<String, String> = url.query_pairs().into_owned().collect();
    assert!(q["subject"].contains("pay_77"));
}

#[test]
fn the_profile_default_delivery_opens_and_stdout_overrides_it() {
    let s = Sandbox::new(Programs::Fakes);
    let rec = s.recording_xdg_open(0);
    let init = s
        .cmd()
        .args(["profile", "init", "--no-input"])
        .args(ID)
        .output()
        .expect("run");
    assert!(init.status.success(), "{}", stderr(&init));
    let set = s
        .cmd()
        .args(["profile", "set", "delivery", "open"])
        .output()
        .expect("run");
    assert!(set.status.success(), "{}", stderr(&set));

    let out = s.cmd().args(BILLING).output().expect("run");
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(stdout(&out), "", "handed off, not printed");
    let argv = recorded_args(&rec);
    assert!(
        argv.len() == 1 && argv[0].starts_with("mailto:support@9pic.ai?"),
        "{argv:?}"
    );

    let out = s.cmd().args(BILLING).arg("--stdout").output().expect("run");
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(stdout(&out).contains("To: support@9pic.ai"));
    assert_eq!(
        recorded_args(&rec).len(),
        1,
        "--stdout must not open anything"
    );
}
