//! Findings of the adversarial review that had no test of their own:
//! non-UTF-8 directories in every `--json` side command, a non-UTF-8
//! attachment through `--send --format json` (the server has the message
//! before anything is printed), and over-long profile values and addresses.

use std::ffi::OsString;
use std::os::unix::ffi::OsStringExt;

use crate::support::smtp::{SmtpServer, sending_profile};
use crate::support::{PROFILE_INIT, Programs, Sandbox, with_id};

/// A sandbox whose config and data directories have a non-UTF-8 byte in their names.
fn non_utf8_dirs() -> (Sandbox, OsString, OsString) {
    let mut s = Sandbox::new(Programs::System);
    let mut config = s.root().as_os_str().to_os_string().into_vec();
    config.extend_from_slice(b"/config\xff");
    let mut data = s.root().as_os_str().to_os_string().into_vec();
    data.extend_from_slice(b"/data\xfe");
    let (config, data) = (OsString::from_vec(config), OsString::from_vec(data));
    s.env("NINEPIC_HELP_CONFIG_DIR", config.clone());
    s.env("NINEPIC_HELP_DATA_DIR", data.clone());
    (s, config, data)
}

#[test]
fn json_side_commands_with_non_utf8_directories_never_panic() {
    let (s, config, _) = non_utf8_dirs();
    assert_eq!(s.run(PROFILE_INIT).code, 0);
    for args in [
        &["profile", "path", "--json"][..],
        &["profile", "show", "--json"],
        &["profile", "list", "--json"],
        &["outbox", "list", "--json"],
        &["history", "--json"],
        &["doctor", "--json"],
    ] {
        let out = s.run(args);
        assert!(!out.stderr.contains("panicked"), "{args:?}: {}", out.stderr);
        assert_ne!(out.code, 101, "{args:?}");
        let doc: serde_json::Value = serde_json::from_slice(&out.stdout)
            .unwrap_or_else(|e| panic!("{args:?}: not JSON ({e}): {}", out.stderr));
        if args[1] == "path" {
            let shown = doc.to_string();
            assert!(shown.contains("config\u{fffd}"), "{args:?}: {shown}");
        }
    }
    assert!(std::path::Path::new(&config).join("profiles.json").exists());
}

#[test]
fn a_non_utf8_attachment_sent_with_json_output_is_sent_once_and_recorded() {
    let s = Sandbox::new(Programs::System);
    let server = SmtpServer::start(&s, None, "ok");
    sending_profile(&s, server.port, 5);
    let shot = s.root().join(OsString::from_vec(b"shot\xff.png".to_vec()));
    std::fs::write(&shot, b"\x89PNG").unwrap();
    let mut args: Vec<OsString> = [
        "--format",
        "json",
        "bug",
        "--summary",
        "Upload fails",
        "--page",
        "/upload",
        "--send",
        "--attach",
    ]
    .map(OsString::from)
    .to_vec();
    args.push(shot.into_os_string());
    let out = s.run(args);
    assert_eq!(out.code, 0, "{}", out.stderr);
    let doc: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON report");
    assert_eq!(doc["delivery"]["method"], "send");
    assert_eq!(server.messages().len(), 1);
    let history = std::fs::read_to_string(s.path("data/history.jsonl")).unwrap();
    assert_eq!(history.lines().count(), 1, "{history}");
}

#[test]
fn over_long_profile_values_and_addresses_are_refused_up_front() {
    let s = Sandbox::new(Programs::System);
    assert_eq!(s.run(PROFILE_INIT).code, 0);
    let long_name = "x".repeat(500);
    let out = s.run(["profile", "set", "sender_name", &long_name]);
    out.exits_naming(65, &["sender_name"]);
    // The refused value was not saved: tickets keep working.
    assert_eq!(s.run(["request", "--summary", "Dark mode"]).code, 0);

    let address = format!("{}@{}.example", "a".repeat(64), "b".repeat(245));
    assert!(address.len() > 254);
    let out = s.run(with_id(&[
        "request",
        "--summary",
        "Dark mode",
        "--cc",
        &address,
    ]));
    out.exits_naming(65, &["254"]);
    let local = format!("{}@acme.example", "a".repeat(65));
    let out = s.run(with_id(&[
        "request",
        "--summary",
        "Dark mode",
        "--cc",
        &local,
    ]));
    assert_eq!(out.code, 65, "{}", out.stderr);
}

#[test]
fn links_planted_at_the_old_temp_names_are_never_followed() {
    use std::os::unix::fs::PermissionsExt;
    let s = Sandbox::new(Programs::System);
    let victim = s.file("victim.txt", b"precious\n");
    std::fs::set_permissions(&victim, std::fs::Permissions::from_mode(0o644)).unwrap();
    std::fs::create_dir_all(s.path("data/outbox")).unwrap();
    std::fs::create_dir_all(s.path("data/drafts")).unwrap();
    for planted in [
        "config/.profiles.json.tmp",
        "data/outbox/.1.eml.tmp",
        "data/outbox/.1.json.tmp",
        "data/drafts/.tmp",
    ] {
        std::os::unix::fs::symlink(&victim, s.path(planted)).unwrap();
    }
    // A closed port: the send fails and the ticket is kept in the outbox.
    let closed = std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .unwrap()
        .port();
    assert_eq!(s.run(PROFILE_INIT).code, 0);
    assert_eq!(s.run(["profile", "set", "smtp.host", "127.0.0.1"]).code, 0);
    assert_eq!(
        s.run(["profile", "set", "smtp.port", &closed.to_string()])
            .code,
        0
    );
    assert_eq!(s.run(["profile", "set", "smtp.security", "none"]).code, 0);
    let out = s.run(["request", "--summary", "Dark mode", "--send"]);
    out.exits_naming(69, &["kept in the outbox as 1"]);
    assert_eq!(std::fs::read(&victim).unwrap(), b"precious\n");
    let mode = std::fs::metadata(&victim).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode, 0o644, "the link's target was chmod-ed");
    assert!(
        std::fs::symlink_metadata(s.path("config/profiles.json"))
            .unwrap()
            .is_file(),
        "profiles.json became a link"
    );
}
