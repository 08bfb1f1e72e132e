//! Robustness at the edges: odd bytes, big inputs, closed pipes, odd homes.

use std::ffi::OsString;
use std::io::Read;
use std::os::unix::ffi::OsStringExt;
use std::process::Stdio;

use crate::support::{ID, Programs, Sandbox, code, question, show};

fn args_with(extra: Vec<OsString>) -> Vec<OsString> {
    let mut a: Vec<OsString> = ID.iter().map(OsString::from).collect();
    a.push("question".into());
    a.extend(extra);
    a
}

#[test]
fn a_non_utf8_header_value_exits_65_without_a_panic() {
    let env = Sandbox::new(Programs::System);
    for (flag, bytes) in [
        ("--summary", b"caf\xe9".to_vec()),
        ("--org", b"\xff\xfeAcme".to_vec()),
        ("--page", b"\x80".to_vec()),
    ] {
        let mut a: Vec<OsString> = ID.iter().map(OsString::from).collect();
        a.push("question".into());
        if flag != "--summary" {
            a.push("--summary".into());
            a.push("ok".into());
        }
        a.push(flag.into());
        a.push(OsString::from_vec(bytes));
        let out = env.output(&a);
        assert_eq!(code(&out), 65, "{flag}: {}", show(&out));
        assert!(out.stdout.is_empty(), "{}", show(&out));
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(err.contains("UTF-8") && !err.contains("panicked"), "{err}");
    }
}

/// Regression: an escalate --subject with a line break was reported as
/// invalid and also as missing, so it exited 64 instead of 65.
#[test]
fn an_escalate_subject_with_a_line_break_exits_65() {
    let env = Sandbox::new(Programs::System);
    let mut a: Vec<OsString> = ID.iter().map(OsString::from).collect();
    for s in [
        "escalate",
        "--subject=Billing\r\nBcc: x@evil.example",
        "--summary=ping",
    ] {
        a.push(s.into());
    }
    let out = env.output(&a);
    assert_eq!(code(&out), 65, "{}", show(&out));
    assert!(out.stdout.is_empty());
}

#[test]
fn a_non_utf8_file_path_works() {
    let env = Sandbox::new(Programs::System);
    let name = OsString::from_vec(b"shot-\xe9\xff.png".to_vec());
    let path = env.root().join(&name);
    std::fs::write(&path, b"\x89PNG\r\n\x1a\nnot really").expect("write the attachment");
    let details = env
        .root()
        .join(OsString::from_vec(b"d\xe9tails.txt".to_vec()));
    std::fs::write(&details, "It broke.\n").expect("write the details");
    let out = env.output(args_with(vec![
        "--summary".into(),
        "Upload fails".into(),
        "--attach".into(),
        path.into_os_string(),
        "--details-file".into(),
        details.into_os_string(),
        "--format".into(),
        "eml".into(),
    ]));
    assert_eq!(code(&out), 0, "{}", show(&out));
    let msg = mail_parser::MessageParser::default()
        .parse(&out.stdout)
        .expect("the eml parses");
    assert_eq!(msg.attachment_count(), 1);
    assert!(msg.body_text(0).unwrap_or_default().contains("It broke."));
}

#[test]
fn a_one_megabyte_details_file_composes() {
    let env = Sandbox::new(Programs::System);
    let line = "The upload stalls at 99% and the spinner never stops. ";
    let mut text = String::new();
    // As close to the 1 MiB limit as whole lines get, without passing it.
    while text.len() + line.len() < 1024 * 1024 {
        text.push_str(line);
        text.push('\n');
    }
    let path = env.file("big.txt", text.as_bytes());
    for format in ["text", "eml", "json"] {
        let out = env.output(args_with(vec![
            "--summary".into(),
            "Big log".into(),
            "--details-file".into(),
            path.clone().into_os_string(),
            "--format".into(),
            format.into(),
        ]));
        assert_eq!(code(&out), 0, "{format}: {}", show(&out));
        assert!(out.stdout.len() > 1_000_000, "{format}: output too short");
    }
}

#[test]
fn a_hundred_attachments_all_travel_in_the_eml() {
    let env = Sandbox::new(Programs::System);
    let mut extra: Vec<OsString> = vec!["--summary".into(), "Many files".into()];
    for i in 0..100 {
        let p = env.file(
            &format!("att/shot-{i:03}.png"),
            format!("file {i}").as_bytes(),
        );
        extra.push("--attach".into());
        extra.push(p.into_os_string());
    }
    extra.push("--format".into());
    extra.push("eml".into());
    let out = env.output(args_with(extra));
    assert_eq!(code(&out), 0, "{}", show(&out));
    let msg = mail_parser::MessageParser::default()
        .parse(&out.stdout)
        .expect("the eml parses");
    assert_eq!(msg.attachment_count(), 100);
    let body = msg.body_text(0).unwrap_or_default();
    assert!(body.contains("shot-099.png"), "the body lists the files");
    // The body arrives whole, up to its last line.
    assert!(body.ends_with("Thank you for your help.\r\n"), "{body:?}");
}

#[test]
fn a_closed_stdout_ends_quietly() {
    let env = Sandbox::new(Programs::System);
    let path = env.file("big.txt", "x\n".repeat(300_000).as_bytes());
    for format in ["text", "eml", "json", "mailto"] {
        let mut child = env
            .command(args_with(vec![
                "--summary".into(),
                "Pipe".into(),
                "--details-file".into(),
                path.clone().into_os_string(),
                "--format".into(),
                format.into(),
                "--quiet".into(),
            ]))
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("start the binary");
        // `| head -c1`: read one byte, then close the pipe.
        let mut one = [0u8; 1];
        child
            .stdout
            .take()
            .expect("stdout")
            .read_exact(&mut one)
            .expect("one byte");
        let out = child.wait_with_output().expect("the binary ends");
        let c = code(&out);
        assert!(c == 0 || c == 141 || c == -1, "{format}: {}", show(&out));
        assert!(out.stderr.is_empty(), "{format}: {}", show(&out));
    }
}

#[test]
fn home_unset_still_composes_with_flags() {
    let env = Sandbox::new(Programs::System);
    let out = env
        .command(question("No home", &[]))
        .env_remove("HOME")
        .env_remove("XDG_CONFIG_HOME")
        .env_remove("XDG_DATA_HOME")
        .output()
        .expect("start the binary");
    assert_eq!(code(&out), 0, "{}", show(&out));
}

#[test]
fn a_read_only_config_dir_does_not_stop_composing() {
    use std::os::unix::fs::PermissionsExt;
    let env = Sandbox::new(Programs::System);
    let config = env.root().join("config");
    std::fs::create_dir_all(&config).expect("config dir");
    std::fs::set_permissions(&config, std::fs::Permissions::from_mode(0o500))
        .expect("make it read-only");
    let out = env.output(question("Read-only config", &[]));
    std::fs::set_permissions(&config, std::fs::Permissions::from_mode(0o700))
        .expect("restore permissions");
    assert_eq!(code(&out), 0, "{}", show(&out));
}
