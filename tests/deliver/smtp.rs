//! `--send`, the keyring and the outbox, against real components: an aiosmtpd
//! server on loopback (tests/support/smtp_server.py) and a gnome-keyring-daemon
//! Secret Service under `dbus-run-session` with a fresh HOME
//! (tests/support/keyring_session.sh). A component that cannot start fails the
//! test with the reason; nothing is skipped. The shared mail helpers live
//! here; the password's tests are in `smtp_keyring`, TLS in `smtp_tls`.

use std::io::{Read, Write};
use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::Duration;

use crate::support::smtp::SmtpServer;
use crate::support::{Programs, Sandbox};

pub(super) const SMTP_USER: &str = "alice@acme.example";
pub(super) const GOOD_PASSWORD: &str = "correct horse battery staple";

/// A sandbox for mail tests: the system's programs and a 10 s SMTP timeout.
pub(super) fn mail_sandbox() -> Sandbox {
    Sandbox::new(Programs::System).with_env("NINEPIC_HELP_SMTP_TIMEOUT", "10")
}

/// Mail-test helpers on the shared sandbox.
impl Sandbox {
    /// Runs the binary with `stdin` and extra environment.
    pub(super) fn run_in(&self, args: &[&str], stdin: &[u8], env: &[(&str, &str)]) -> Output {
        let mut c = self.command(args);
        for (k, v) in env {
            c.env(k, v);
        }
        run(c, stdin)
    }

    /// Writes the profiles file with one default profile holding SMTP settings.
    pub(super) fn profile(&self, host: &str, port: u16, username: Option<&str>, security: &str) {
        let mut smtp = serde_json::json!({"host": host, "port": port, "security": security});
        if let Some(u) = username {
            smtp["username"] = u.into();
        }
        let file = serde_json::json!({
            "version": 1,
            "default": "acme",
            "profiles": {"acme": {"org": "Acme Events", "login_email": "ann@acme.example",
                                   "plan": "pro", "smtp": smtp}},
        });
        std::fs::write(
            self.path("config").join("profiles.json"),
            serde_json::to_vec_pretty(&file).expect("json"),
        )
        .expect("profile file");
    }

    /// Every file under config/ and data/, with its bytes.
    pub(super) fn state_files(&self) -> Vec<(PathBuf, Vec<u8>)> {
        let mut out = Vec::new();
        for root in ["config", "data"] {
            walk(&self.path(root), &mut out);
        }
        out
    }

    /// (delivery, Message-ID) of every history record, oldest first.
    pub(super) fn history(&self) -> Vec<(String, String)> {
        let out = self.run_in(&["history", "--json"], b"", &[]);
        assert_eq!(code(&out), 0, "history: {}", text(&out.stderr));
        let doc: serde_json::Value = serde_json::from_slice(&out.stdout).expect("history json");
        let mut records: Vec<(String, String)> = doc["tickets"]
            .as_array()
            .expect("tickets")
            .iter()
            .map(|r| {
                (
                    r["delivery"].as_str().unwrap_or("").to_string(),
                    r["message_id"].as_str().unwrap_or("").to_string(),
                )
            })
            .collect();
        records.reverse();
        records
    }

    /// Runs `doctor --json`: its exit code and the (status, detail) of a check by name.
    pub(super) fn doctor(&self, env: &[(&str, &str)], check: &str) -> (i32, String, String) {
        let out = self.run_in(&["doctor", "--json"], b"", env);
        let doc: serde_json::Value = serde_json::from_slice(&out.stdout)
            .unwrap_or_else(|e| panic!("doctor json: {e}: {}", text(&out.stderr)));
        let found = doc["checks"]
            .as_array()
            .expect("checks")
            .iter()
            .find(|c| c["name"] == check)
            .unwrap_or_else(|| panic!("no {check} check in {doc:#}"));
        (
            code(&out),
            found["status"].as_str().unwrap_or("").to_string(),
            found["detail"].as_str().unwrap_or("").to_string(),
        )
    }

    pub(super) fn outbox_ids(&self) -> Vec<String> {
        let out = self.run_in(&["outbox", "list", "--json"], b"", &[]);
        assert_eq!(code(&out), 0, "outbox list: {}", text(&out.stderr));
        let doc: serde_json::Value = serde_json::from_slice(&out.stdout).expect("outbox json");
        doc["messages"]
            .as_array()
            .expect("messages")
            .iter()
            .map(|m| m["id"].as_str().expect("id").to_string())
            .collect()
    }
}

pub(super) fn walk(dir: &Path, out: &mut Vec<(PathBuf, Vec<u8>)>) {
    let Ok(read) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in read.flatten() {
        let p = entry.path();
        if p.is_dir() {
            walk(&p, out);
        } else if let Ok(bytes) = std::fs::read(&p) {
            out.push((p, bytes));
        }
    }
}

fn run(mut c: Command, stdin: &[u8]) -> Output {
    c.stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    let mut child = c.spawn().expect("spawn 9pic-help");
    let mut pipe = child.stdin.take().expect("stdin");
    let input = stdin.to_vec();
    let writer = std::thread::spawn(move || {
        let _ = pipe.write_all(&input);
    });
    let out = child.wait_with_output().expect("wait 9pic-help");
    let _ = writer.join();
    out
}

pub(super) fn code(out: &Output) -> i32 {
    out.status.code().unwrap_or(-1)
}

pub(super) fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

pub(super) fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    haystack.windows(needle.len()).any(|w| w == needle)
}

/// A ticket with a body line that is a lone dot and an attachment full of dots.
pub(super) fn ticket_args(sandbox: &Sandbox) -> Vec<String> {
    let attachment = sandbox.path("files").join("screen.bin");
    let mut bytes = b".\r\n..\r\n.\n\x00\xff\r\n.\r\n".to_vec();
    bytes.extend((0..=255u8).cycle().take(3000));
    std::fs::write(&attachment, &bytes).expect("attachment");
    [
        "--org",
        "Acme Events",
        "--login-email",
        "ann@acme.example",
        "--plan",
        "pro",
        "--quiet",
        "bug",
        "--summary",
        "Gallery search returns nothing",
        "--page",
        "https://app.9pic.ai/events",
        "--details-file",
        "-",
        "--cc",
        "ops@acme.example",
        "--attach",
    ]
    .iter()
    .map(|s| s.to_string())
    .chain([attachment.display().to_string()])
    .collect()
}

/// A body whose lines include a lone dot: SMTP must not end the message there.
pub(super) const BODY: &[u8] = b"first line\r\n.\r\n..starts with two dots\r\nlast line\r\n";

pub(super) fn args(v: &[String]) -> Vec<&str> {
    v.iter().map(String::as_str).collect()
}

pub(super) fn with(base: &[String], extra: &[&str]) -> Vec<String> {
    base.iter()
        .cloned()
        .chain(extra.iter().map(|s| s.to_string()))
        .collect()
}

/// The eml the tool prints for the same ticket, without the draft marker.
pub(super) fn expected_eml(sandbox: &Sandbox, base: &[String]) -> Vec<u8> {
    let out = sandbox.run_in(
        &args(&with(base, &["--format", "eml", "--no-history"])),
        BODY,
        &[],
    );
    assert_eq!(code(&out), 0, "eml: {}", text(&out.stderr));
    let marker = b"X-Unsent: 1\r\n";
    let at = out
        .stdout
        .windows(marker.len())
        .position(|w| w == marker)
        .expect("the eml draft carries X-Unsent: 1");
    let mut eml = out.stdout[..at].to_vec();
    eml.extend_from_slice(&out.stdout[at + marker.len()..]);
    eml
}

#[test]
fn sent_ticket_arrives_once_byte_for_byte() {
    let sandbox = mail_sandbox();
    let server = SmtpServer::start(&sandbox, None, "ok");
    sandbox.profile("127.0.0.1", server.port, None, "none");
    let base = ticket_args(&sandbox);

    let out = sandbox.run_in(&args(&with(&base, &["--send"])), BODY, &[]);
    assert_eq!(code(&out), 0, "send: {}", text(&out.stderr));
    assert!(out.stdout.is_empty(), "--send prints no ticket on stdout");

    let received = server.messages();
    assert_eq!(received.len(), 1, "exactly one message arrives");
    let (bytes, envelope) = &received[0];
    assert_eq!(
        text(bytes),
        text(&expected_eml(&sandbox, &base)),
        "the sent message is the eml draft minus X-Unsent"
    );
    // Lines starting with a dot go quoted-printable (no dot ever starts a
    // line on the wire): the decoded body has them as typed.
    let body = mail_parser::MessageParser::default()
        .parse(bytes)
        .and_then(|m| m.body_text(0).map(|b| b.replace("\r\n", "\n")))
        .unwrap_or_default();
    assert!(
        body.contains("\nfirst line\n.\n..starts with two dots\n"),
        "the lone-dot line arrived intact:\n{body}"
    );
    assert!(
        !contains(bytes, b"\r\n."),
        "a line of the message starts with a dot"
    );
    assert_eq!(envelope["mail_from"], "ann@acme.example");
    assert_eq!(
        envelope["rcpt_tos"],
        serde_json::json!(["support@9pic.ai", "ops@acme.example"])
    );
    assert!(sandbox.outbox_ids().is_empty(), "a sent ticket is not kept");
}

/// The binary links the C library statically (.cargo/config.toml), so it
/// resolves host names with glibc's built-in sources: a server named
/// `localhost` is found through /etc/hosts and the ticket arrives.
#[test]
fn a_server_named_by_host_name_is_found() {
    let sandbox = mail_sandbox();
    let server = SmtpServer::start(&sandbox, None, "ok");
    sandbox.profile("localhost", server.port, None, "none");
    let base = ticket_args(&sandbox);
    let out = sandbox.run_in(&args(&with(&base, &["--send"])), BODY, &[]);
    assert_eq!(code(&out), 0, "send: {}", text(&out.stderr));
    assert_eq!(server.messages().len(), 1, "the ticket arrives once");
}

#[test]
fn server_down_is_69_and_the_ticket_is_kept() {
    let sandbox = mail_sandbox();
    let port = {
        let l = TcpListener::bind("127.0.0.1:0").expect("bind");
        l.local_addr().expect("addr").port()
    };
    sandbox.profile("127.0.0.1", port, None, "none");
    let base = ticket_args(&sandbox);
    let out = sandbox.run_in(&args(&with(&base, &["--send"])), BODY, &[]);
    assert_eq!(code(&out), 69, "{}", text(&out.stderr));
    assert_eq!(sandbox.outbox_ids(), ["1"]);

    // The outbox holds the complete message: the same bytes that would have been sent.
    let kept = std::fs::read(sandbox.path("data").join("outbox").join("1.eml")).expect("kept");
    assert_eq!(text(&kept), text(&expected_eml(&sandbox, &base)));

    // Once a server listens there, `outbox send --all` delivers it.
    let server = SmtpServer::start(&sandbox, None, "ok");
    sandbox.profile("127.0.0.1", server.port, None, "none");
    let out = sandbox.run_in(&["outbox", "send", "--all"], b"", &[]);
    assert_eq!(code(&out), 0, "{}", text(&out.stderr));
    assert_eq!(server.messages().len(), 1);
    assert_eq!(server.messages()[0].0, kept);
    assert!(sandbox.outbox_ids().is_empty());
}

#[test]
fn temporary_failures_are_75_and_kept() {
    let sandbox = mail_sandbox();
    let base = ticket_args(&sandbox);
    for (n, mode) in ["451-data", "451-mail"].iter().enumerate() {
        let server = SmtpServer::start(&sandbox, None, mode);
        sandbox.profile("127.0.0.1", server.port, None, "none");
        let out = sandbox.run_in(&args(&with(&base, &["--send"])), BODY, &[]);
        assert_eq!(code(&out), 75, "{mode}: {}", text(&out.stderr));
        assert!(text(&out.stderr).contains("451"), "{}", text(&out.stderr));
        assert_eq!(sandbox.outbox_ids().len(), n + 1);
    }
}

#[test]
fn silent_server_times_out_with_75() {
    let sandbox = mail_sandbox();
    let listener = TcpListener::bind("127.0.0.1:0").expect("bind");
    let port = listener.local_addr().expect("addr").port();
    // Accepts the connection and never says a word, until the client hangs up.
    let silent = std::thread::spawn(move || {
        if let Ok((mut conn, _)) = listener.accept() {
            let mut buf = [0u8; 64];
            while matches!(conn.read(&mut buf), Ok(n) if n > 0) {}
        }
    });
    sandbox.profile("127.0.0.1", port, None, "none");
    let base = ticket_args(&sandbox);
    let started = std::time::Instant::now();
    let out = sandbox.run_in(
        &args(&with(&base, &["--send"])),
        BODY,
        &[("NINEPIC_HELP_SMTP_TIMEOUT", "1")],
    );
    assert_eq!(code(&out), 75, "{}", text(&out.stderr));
    // Connect, greeting and EHLO: three timeouts at most.
    assert!(
        started.elapsed() < Duration::from_secs(5),
        "the timeout was honoured"
    );
    assert_eq!(sandbox.outbox_ids(), ["1"]);
    let _ = silent.join();
}

#[test]
fn clear_text_only_to_loopback_and_outbox_drop() {
    let sandbox = mail_sandbox();
    sandbox.profile("smtp.acme.example", 25, None, "none");
    let base = ticket_args(&sandbox);
    let out = sandbox.run_in(&args(&with(&base, &["--send"])), BODY, &[]);
    assert_eq!(code(&out), 78, "{}", text(&out.stderr));
    assert!(text(&out.stderr).contains("loopback") || text(&out.stderr).contains("this machine"));
    assert_eq!(sandbox.outbox_ids(), ["1"]);

    let out = sandbox.run_in(&["outbox", "drop", "7"], b"", &[]);
    assert_eq!(code(&out), 65, "{}", text(&out.stderr));
    let out = sandbox.run_in(&["outbox", "drop", "1"], b"", &[]);
    assert_eq!(code(&out), 0, "{}", text(&out.stderr));
    assert!(sandbox.outbox_ids().is_empty());
    assert!(!sandbox.path("data").join("outbox").join("1.eml").exists());

    let out = sandbox.run_in(&["outbox", "send"], b"", &[]);
    assert_eq!(code(&out), 64, "an ID or --all is required");
}

#[test]
fn outbox_files_are_private() {
    use std::os::unix::fs::PermissionsExt;
    let sandbox = mail_sandbox();
    let port = {
        let l = TcpListener::bind("127.0.0.1:0").expect("bind");
        l.local_addr().expect("addr").port()
    };
    sandbox.profile("127.0.0.1", port, None, "none");
    let out = sandbox.run_in(&args(&with(&ticket_args(&sandbox), &["--send"])), BODY, &[]);
    assert_eq!(code(&out), 69);
    let dir = sandbox.path("data").join("outbox");
    let mode = |p: &Path| std::fs::metadata(p).expect("meta").permissions().mode() & 0o777;
    assert_eq!(mode(&dir), 0o700);
    for name in ["1.eml", "1.json"] {
        assert_eq!(mode(&dir.join(name)), 0o600, "{name}");
    }
}

#[test]
fn doctor_checks_the_keyring_and_the_server() {
    let sandbox = mail_sandbox();
    let server = SmtpServer::start(&sandbox, Some((SMTP_USER, GOOD_PASSWORD)), "ok");
    sandbox.profile("127.0.0.1", server.port, Some(SMTP_USER), "none");
    let good = [("NINEPIC_HELP_SMTP_PASSWORD", GOOD_PASSWORD)];
    let (exit, status, detail) = sandbox.doctor(&good, "SMTP server");
    assert_eq!((exit, status.as_str()), (0, "ok"), "{detail}");
    let (_, status, detail) = sandbox.doctor(&good, "keyring");
    assert_eq!(status, "ok", "{detail}");
    assert!(detail.contains("NINEPIC_HELP_SMTP_PASSWORD"), "{detail}");

    let (exit, status, detail) =
        sandbox.doctor(&[("NINEPIC_HELP_SMTP_PASSWORD", "nope")], "SMTP server");
    assert_eq!((exit, status.as_str()), (77, "fail"), "{detail}");

    // No keyring and no variable: the keyring check fails with 69.
    let (exit, status, detail) = sandbox.doctor(&[], "keyring");
    assert_eq!((exit, status.as_str()), (69, "fail"), "{detail}");

    // doctor logs in but never sends a message.
    assert!(server.messages().is_empty());

    drop(server);
    let (exit, status, detail) = sandbox.doctor(&good, "SMTP server");
    assert_eq!((exit, status.as_str()), (69, "fail"), "{detail}");
}
