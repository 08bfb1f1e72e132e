//! `--send`, the keyring and the outbox, against real components: an aiosmtpd
//! server on loopback (tests/support/smtp_server.py) and a gnome-keyring-daemon
//! Secret Service under `dbus-run-session` with a fresh HOME
//! (tests/support/keyring_session.sh). A component that cannot start fails the
//! test with the reason; nothing is skipped.

use std::io::{Read, Write};
use std::net::TcpListener;
use std::os::unix::net::UnixListener;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::Duration;

use clap::CommandFactory;
use ninepic_help::cli::Cli;

use crate::support::keyring::Keyring;
use crate::support::smtp::SmtpServer;
use crate::support::{Programs, Sandbox};

const SMTP_USER: &str = "alice@acme.example";
const GOOD_PASSWORD: &str = "correct horse battery staple";

/// A sandbox for mail tests: the system's programs and a 10 s SMTP timeout.
fn mail_sandbox() -> Sandbox {
    Sandbox::new(Programs::System).with_env("NINEPIC_HELP_SMTP_TIMEOUT", "10")
}

/// Mail-test helpers on the shared sandbox.
impl Sandbox {
    /// Runs the binary with `stdin` and extra environment.
    fn run_in(&self, args: &[&str], stdin: &[u8], env: &[(&str, &str)]) -> Output {
        let mut c = self.command(args);
        for (k, v) in env {
            c.env(k, v);
        }
        run(c, stdin)
    }

    /// Writes the profiles file with one default profile holding SMTP settings.
    fn profile(&self, host: &str, port: u16, username: Option<&str>, security: &str) {
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
    fn state_files(&self) -> Vec<(PathBuf, Vec<u8>)> {
        let mut out = Vec::new();
        for root in ["config", "data"] {
            walk(&self.path(root), &mut out);
        }
        out
    }

    /// (delivery, Message-ID) of every history record, oldest first.
    fn history(&self) -> Vec<(String, String)> {
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
    fn doctor(&self, env: &[(&str, &str)], check: &str) -> (i32, String, String) {
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

    fn outbox_ids(&self) -> Vec<String> {
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

fn walk(dir: &Path, out: &mut Vec<(PathBuf, Vec<u8>)>) {
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

fn code(out: &Output) -> i32 {
    out.status.code().unwrap_or(-1)
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    haystack.windows(needle.len()).any(|w| w == needle)
}

/// A ticket with a body line that is a lone dot and an attachment full of dots.
fn ticket_args(sandbox: &Sandbox) -> Vec<String> {
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
const BODY: &[u8] = b"first line\r\n.\r\n..starts with two dots\r\nlast line\r\n";

fn args(v: &[String]) -> Vec<&str> {
    v.iter().map(String::as_str).collect()
}

fn with(base: &[String], extra: &[&str]) -> Vec<String> {
    base.iter()
        .cloned()
        .chain(extra.iter().map(|s| s.to_string()))
        .collect()
}

/// The eml the tool prints for the same ticket, without the draft marker.
fn expected_eml(sandbox: &Sandbox, base: &[String]) -> Vec<u8> {
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

#[test]
fn keyring_password_wrong_then_fixed_through_the_outbox() {
    let sandbox = mail_sandbox();
    let keyring = Keyring::start(&sandbox);
    let server = SmtpServer::start(&sandbox, Some((SMTP_USER, GOOD_PASSWORD)), "ok");
    sandbox.profile("localhost", server.port, Some(SMTP_USER), "none");
    let base = ticket_args(&sandbox);
    let send = with(&base, &["--send"]);

    // A wrong password in the keyring: 77, and the ticket waits in the outbox.
    let login = ["profile", "smtp-login", "--password-stdin"];
    let out = sandbox.run_in(&login, b"not the password\n", &keyring.env());
    assert_eq!(code(&out), 0, "smtp-login: {}", text(&out.stderr));
    let out = sandbox.run_in(&args(&send), BODY, &keyring.env());
    assert_eq!(code(&out), 77, "wrong password: {}", text(&out.stderr));
    assert!(
        text(&out.stderr).contains("outbox send 1"),
        "{}",
        text(&out.stderr)
    );
    assert_eq!(sandbox.outbox_ids(), ["1"]);
    assert!(server.messages().is_empty());

    // Still wrong: outbox send fails the same way and keeps it.
    let out = sandbox.run_in(&["outbox", "send", "1"], b"", &keyring.env());
    assert_eq!(code(&out), 77, "{}", text(&out.stderr));
    assert_eq!(sandbox.outbox_ids(), ["1"]);

    // Fixed (trailing newline stripped): the outbox delivers it, exactly once.
    let line = format!("{GOOD_PASSWORD}\n");
    let out = sandbox.run_in(&login, line.as_bytes(), &keyring.env());
    assert_eq!(code(&out), 0, "smtp-login: {}", text(&out.stderr));
    let out = sandbox.run_in(&["outbox", "send", "1"], b"", &keyring.env());
    assert_eq!(code(&out), 0, "outbox send: {}", text(&out.stderr));
    let received = server.messages();
    assert_eq!(received.len(), 1);
    assert_eq!(received[0].1["authenticated"], true);
    let history = sandbox.history();
    assert_eq!(history.len(), 1, "{history:?}");
    assert_eq!(history[0].0, "send");
    assert!(
        contains(
            &received[0].0,
            format!("Message-ID: {}", history[0].1).as_bytes()
        ),
        "the history holds the Message-ID that was sent"
    );
    assert_eq!(text(&received[0].0), text(&expected_eml(&sandbox, &base)));
    assert!(sandbox.outbox_ids().is_empty());

    // doctor finds the password in the keyring and logs in with it.
    let (exit, status, detail) = sandbox.doctor(&keyring.env(), "keyring");
    assert_eq!((status.as_str(), exit), ("ok", 0), "{detail}");
    assert!(detail.contains("keyring holds"), "{detail}");
    let (_, status, detail) = sandbox.doctor(&keyring.env(), "SMTP server");
    assert_eq!(status, "ok", "{detail}");
    assert!(detail.contains("logged in as"), "{detail}");

    // A direct send with the stored password works too, and is recorded as sent.
    let out = sandbox.run_in(&args(&send), BODY, &keyring.env());
    assert_eq!(code(&out), 0, "send: {}", text(&out.stderr));
    assert_eq!(server.messages().len(), 2);
    assert_eq!(sandbox.history().last().map(|r| r.0.as_str()), Some("send"));

    // The keyring's file on disk does not hold the password in clear.
    let mut files = Vec::new();
    walk(&keyring.home, &mut files);
    assert!(!files.is_empty(), "the keyring wrote its collection");
    for (path, bytes) in &files {
        assert!(
            !contains(bytes, GOOD_PASSWORD.as_bytes()),
            "{} holds the password",
            path.display()
        );
    }

    // After smtp-logout there is no password: 78 naming smtp-login, ticket kept.
    let out = sandbox.run_in(&["profile", "smtp-logout"], b"", &keyring.env());
    assert_eq!(code(&out), 0, "smtp-logout: {}", text(&out.stderr));
    let out = sandbox.run_in(&args(&send), BODY, &keyring.env());
    assert_eq!(code(&out), 78, "{}", text(&out.stderr));
    assert!(
        text(&out.stderr).contains("smtp-login"),
        "{}",
        text(&out.stderr)
    );
    assert_eq!(sandbox.outbox_ids(), ["1"]);
    let out = sandbox.run_in(&["profile", "smtp-logout"], b"", &keyring.env());
    assert_eq!(code(&out), 0, "a second logout is not an error");
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
fn no_keyring_is_69_with_the_way_around_it() {
    let sandbox = mail_sandbox();
    let server = SmtpServer::start(&sandbox, Some((SMTP_USER, GOOD_PASSWORD)), "ok");
    sandbox.profile("127.0.0.1", server.port, Some(SMTP_USER), "none");
    let base = ticket_args(&sandbox);

    // The sandbox's session bus does not exist.
    let out = sandbox.run_in(&args(&with(&base, &["--send"])), BODY, &[]);
    assert_eq!(code(&out), 69, "{}", text(&out.stderr));
    let err = text(&out.stderr);
    assert!(err.contains("keyring"), "{err}");
    assert!(err.contains("NINEPIC_HELP_SMTP_PASSWORD"), "{err}");
    assert_eq!(sandbox.outbox_ids(), ["1"]);

    let out = sandbox.run_in(&["profile", "smtp-login", "--password-stdin"], b"pw\n", &[]);
    assert_eq!(code(&out), 69, "{}", text(&out.stderr));

    // The environment variable works without any keyring, for scripts and CI.
    let env = [("NINEPIC_HELP_SMTP_PASSWORD", GOOD_PASSWORD)];
    let out = sandbox.run_in(&["outbox", "send", "1"], b"", &env);
    assert_eq!(code(&out), 0, "{}", text(&out.stderr));
    assert_eq!(server.messages().len(), 1);

    // Without a terminal, smtp-login does not prompt: it says how to pipe the password.
    let out = sandbox.run_in(&["profile", "smtp-login"], b"", &[]);
    assert_eq!(code(&out), 64, "{}", text(&out.stderr));
    assert!(text(&out.stderr).contains("--password-stdin"));
}

#[test]
fn sentinel_password_appears_nowhere() {
    const SENTINEL: &str = "SENTINEL-pw-7d1c0ffee";
    let sandbox = mail_sandbox();
    let server = SmtpServer::start(&sandbox, Some((SMTP_USER, SENTINEL)), "ok");
    sandbox.profile("127.0.0.1", server.port, Some(SMTP_USER), "none");
    let base = ticket_args(&sandbox);
    let env = [("NINEPIC_HELP_SMTP_PASSWORD", SENTINEL)];

    let mut outputs = Vec::new();
    for extra in [
        vec!["--format", "json"],
        vec!["--format", "eml"],
        vec!["--send", "--format", "json"],
        vec!["--send"],
    ] {
        outputs.push(sandbox.run_in(&args(&with(&base, &extra)), BODY, &env));
    }
    assert_eq!(code(&outputs[2]), 0, "{}", text(&outputs[2].stderr));
    // A failing send (wrong server password) prints errors and fills the outbox.
    let wrong = [("NINEPIC_HELP_SMTP_PASSWORD", "SENTINEL-other-wrong")];
    drop(server);
    let strict = SmtpServer::start(&sandbox, Some((SMTP_USER, "something else")), "ok");
    sandbox.profile("127.0.0.1", strict.port, Some(SMTP_USER), "none");
    outputs.push(sandbox.run_in(&args(&with(&base, &["--send"])), BODY, &env));
    assert_eq!(code(outputs.last().expect("run")), 77);
    outputs.push(sandbox.run_in(
        &args(&with(&base, &["--send", "--format", "json"])),
        BODY,
        &env,
    ));
    outputs.push(sandbox.run_in(&["outbox", "list"], b"", &env));
    outputs.push(sandbox.run_in(&["outbox", "list", "--json"], b"", &env));
    outputs.push(sandbox.run_in(&["outbox", "send", "--all"], b"", &env));
    outputs.push(sandbox.run_in(&["outbox", "send", "--all"], b"", &wrong));
    for help in [
        vec!["--help"],
        vec!["bug", "--help"],
        vec!["profile", "--help"],
        vec!["profile", "smtp-login", "--help"],
        vec!["outbox", "send", "--help"],
    ] {
        outputs.push(sandbox.run_in(&help, b"", &env));
    }
    for out in &outputs {
        for stream in [&out.stdout, &out.stderr] {
            assert!(
                !contains(stream, SENTINEL.as_bytes()),
                "the password leaked: {}",
                text(stream)
            );
        }
    }
    let files = sandbox.state_files();
    assert!(
        files.iter().any(|(p, _)| p.ends_with("profiles.json")),
        "the profile file was checked"
    );
    assert!(
        files
            .iter()
            .any(|(p, _)| p.extension().is_some_and(|e| e == "eml")),
        "outbox files were checked"
    );
    for (path, bytes) in files {
        assert!(
            !contains(&bytes, SENTINEL.as_bytes()),
            "{} holds the password",
            path.display()
        );
    }
}

#[test]
fn no_argument_takes_a_password() {
    fn visit(cmd: &clap::Command, path: &str, found: &mut Vec<String>) {
        for arg in cmd.get_arguments() {
            let takes_value = arg.get_num_args().is_some_and(|n| n.takes_values())
                || matches!(
                    arg.get_action(),
                    clap::ArgAction::Set | clap::ArgAction::Append
                );
            // Names only: a help text may well say the password is *not* taken here.
            let words = format!(
                "{} {} {:?} {:?}",
                arg.get_id(),
                arg.get_long().unwrap_or(""),
                arg.get_all_aliases().unwrap_or_default(),
                arg.get_value_names().unwrap_or_default(),
            )
            .to_lowercase();
            let about_secrets = ["pass", "secret", "token", "credential", "pw"]
                .iter()
                .any(|w| words.contains(w));
            if takes_value && about_secrets {
                found.push(format!("{path} --{}", arg.get_long().unwrap_or("?")));
            }
        }
        for sub in cmd.get_subcommands() {
            visit(sub, &format!("{path} {}", sub.get_name()), found);
        }
    }
    // The walk catches what it looks for.
    let bad = clap::Command::new("x")
        .subcommand(clap::Command::new("login").arg(clap::Arg::new("password").long("password")));
    let mut caught = Vec::new();
    visit(&bad, "x", &mut caught);
    assert_eq!(caught, ["x login --password"]);

    // Built, so that the ticket commands (deferred until used) have their flags.
    let mut cmd = Cli::command();
    cmd.build();
    let mut found = Vec::new();
    visit(&cmd, "9pic-help", &mut found);
    assert!(
        found.is_empty(),
        "arguments that take a password: {found:?}"
    );
    // The walk really covers the password flags: --password-stdin is a switch.
    let login = cmd
        .find_subcommand("profile")
        .and_then(|p| p.find_subcommand("smtp-login"))
        .expect("profile smtp-login");
    let stdin_flag = login
        .get_arguments()
        .find(|a| a.get_long() == Some("password-stdin"))
        .expect("--password-stdin");
    assert!(!stdin_flag.get_action().takes_values());
}

#[test]
fn composing_touches_neither_keyring_nor_network() {
    let sandbox = mail_sandbox();
    // A session bus and an SMTP server that only count who connects.
    let bus_path = sandbox.path("watched-bus");
    let bus = UnixListener::bind(&bus_path).expect("bind bus socket");
    bus.set_nonblocking(true).expect("nonblocking");
    let smtp = TcpListener::bind("127.0.0.1:0").expect("bind");
    smtp.set_nonblocking(true).expect("nonblocking");
    let port = smtp.local_addr().expect("addr").port();
    sandbox.profile("127.0.0.1", port, Some(SMTP_USER), "none");
    let base = ticket_args(&sandbox);
    let bus_env = format!("unix:path={}", bus_path.display());
    let env = [("DBUS_SESSION_BUS_ADDRESS", bus_env.as_str())];

    for format in ["text", "eml", "json", "mailto"] {
        let out = sandbox.run_in(&args(&with(&base, &["--format", format])), BODY, &env);
        assert_eq!(code(&out), 0, "{format}: {}", text(&out.stderr));
    }
    let out = sandbox.run_in(&["outbox", "list"], b"", &env);
    assert_eq!(code(&out), 0);
    assert!(
        bus.accept().is_err(),
        "composing connected to the session bus"
    );
    assert!(
        smtp.accept().is_err(),
        "composing connected to the SMTP server"
    );

    // The control: --send does reach for the keyring. The fake bus hangs up at
    // once, so the keyring is unavailable (69).
    bus.set_nonblocking(false).expect("blocking");
    let hang_up = std::thread::spawn(move || bus.accept().is_ok());
    let out = sandbox.run_in(&args(&with(&base, &["--send"])), BODY, &env);
    assert_eq!(code(&out), 69, "{}", text(&out.stderr));
    assert!(
        hang_up.join().expect("bus thread"),
        "--send asked the session bus for the keyring"
    );
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

/// A private CA and a certificate for localhost / 127.0.0.1 signed by it (openssl CLI).
fn make_certificates(dir: &Path) -> (PathBuf, PathBuf, PathBuf) {
    let (ca, ca_key) = (dir.join("ca.pem"), dir.join("ca.key"));
    let (cert, key, csr) = (
        dir.join("srv.pem"),
        dir.join("srv.key"),
        dir.join("srv.csr"),
    );
    let ext = dir.join("ext.cnf");
    std::fs::write(
        &ext,
        "subjectAltName=DNS:localhost,IP:127.0.0.1\nbasicConstraints=CA:FALSE\n\
         keyUsage=digitalSignature\nextendedKeyUsage=serverAuth\n",
    )
    .expect("ext.cnf");
    let p = |p: &PathBuf| p.display().to_string();
    let ec = [
        "-newkey",
        "ec",
        "-pkeyopt",
        "ec_paramgen_curve:P-256",
        "-nodes",
    ];
    let steps: Vec<Vec<String>> = vec![
        ["req", "-x509"]
            .iter()
            .chain(&ec)
            .map(|s| s.to_string())
            .chain([
                "-keyout".into(),
                p(&ca_key),
                "-out".into(),
                p(&ca),
                "-days".into(),
                "2".into(),
                "-subj".into(),
                "/CN=9pic-help test CA".into(),
                "-addext".into(),
                "basicConstraints=critical,CA:TRUE".into(),
                "-addext".into(),
                "keyUsage=critical,keyCertSign".into(),
            ])
            .collect(),
        ["req"]
            .iter()
            .chain(&ec)
            .map(|s| s.to_string())
            .chain([
                "-keyout".into(),
                p(&key),
                "-out".into(),
                p(&csr),
                "-subj".into(),
                "/CN=localhost".into(),
            ])
            .collect(),
        [
            "x509",
            "-req",
            "-in",
            &p(&csr),
            "-CA",
            &p(&ca),
            "-CAkey",
            &p(&ca_key),
            "-CAcreateserial",
            "-out",
            &p(&cert),
            "-days",
            "2",
            "-extfile",
            &p(&ext),
        ]
        .iter()
        .map(|s| s.to_string())
        .collect(),
    ];
    for args in steps {
        let out = Command::new("openssl")
            .args(&args)
            .output()
            .expect("run openssl (Debian package openssl)");
        assert!(
            out.status.success(),
            "openssl {args:?}: {}",
            text(&out.stderr)
        );
    }
    (ca, cert, key)
}

#[test]
fn tls_certificates_are_verified() {
    let sandbox = mail_sandbox();
    let (ca, cert, key) = make_certificates(&sandbox.path("files"));
    let base = ticket_args(&sandbox);
    let send = with(&base, &["--send"]);
    for (kind, security) in [("starttls", "starttls"), ("wrapper", "tls")] {
        let tls = [
            "--tls",
            kind,
            "--tls-cert",
            &cert.display().to_string(),
            "--tls-key",
            &key.display().to_string(),
        ]
        .map(str::to_string);
        let tls: Vec<&str> = tls.iter().map(String::as_str).collect();
        let server = SmtpServer::start_with(&sandbox, None, "ok", &tls);
        sandbox.profile("localhost", server.port, None, security);

        // The system does not trust the private CA: refused, kept, nothing sent.
        let out = sandbox.run_in(&args(&send), BODY, &[]);
        assert_eq!(code(&out), 69, "{kind}: {}", text(&out.stderr));
        assert!(
            text(&out.stderr).contains("certificate"),
            "{}",
            text(&out.stderr)
        );
        assert!(
            server.messages().is_empty(),
            "{kind}: sent over an unverified TLS link"
        );

        // Trusted through SSL_CERT_FILE: verified, and delivered.
        let ca_file = ca.display().to_string();
        let out = sandbox.run_in(&args(&send), BODY, &[("SSL_CERT_FILE", ca_file.as_str())]);
        assert_eq!(code(&out), 0, "{kind}: {}", text(&out.stderr));
        assert_eq!(server.messages().len(), 1, "{kind}");
    }
    // The two refused tickets wait in the outbox.
    assert_eq!(sandbox.outbox_ids().len(), 2);
}

#[test]
fn smtp_login_prompts_with_hidden_input_on_a_terminal() {
    use expectrl::process::Termios;
    use expectrl::process::unix::WaitStatus;
    use expectrl::session::OsSession;
    use expectrl::{ControlCode, Eof, Expect};

    let sandbox = mail_sandbox();
    let keyring = Keyring::start(&sandbox);
    let server = SmtpServer::start(&sandbox, Some((SMTP_USER, GOOD_PASSWORD)), "ok");
    sandbox.profile("localhost", server.port, Some(SMTP_USER), "none");
    let on_terminal = || {
        // expectrl starts the terminal with echo off; a real one echoes until the
        // prompt turns it off, which also makes the hidden-input check meaningful.
        // `stty echo` runs in the child before the tool starts, so it cannot race it.
        let tool = sandbox.command(["profile", "smtp-login"]);
        let mut cmd = Command::new("/bin/sh");
        cmd.arg("-c")
            .arg("stty echo && exec \"$@\"")
            .arg("sh")
            .arg(tool.get_program())
            .args(tool.get_args())
            .env_clear()
            .envs(tool.get_envs().filter_map(|(k, v)| v.map(|v| (k, v))))
            .env_remove("CI")
            .env("TERM", "xterm")
            .env("DBUS_SESSION_BUS_ADDRESS", &keyring.address);
        let mut session = OsSession::spawn(cmd)
            .unwrap_or_else(|e| panic!("cannot start the tool on a pseudo-terminal: {e}"));
        session.set_expect_timeout(Some(Duration::from_secs(10)));
        session
            .expect(format!("SMTP password for {SMTP_USER} on localhost").as_str())
            .expect("the password prompt");
        // Typing before the prompt turns echo off would be flushed away
        // (TCSAFLUSH), as on a real terminal: wait for the hidden-input mode.
        let deadline = std::time::Instant::now() + Duration::from_secs(10);
        while session.get_process().is_echo().expect("terminal mode") {
            assert!(
                std::time::Instant::now() < deadline,
                "echo never turned off"
            );
            std::thread::sleep(Duration::from_millis(10));
        }
        session
    };
    let exit = |session: &mut OsSession| match session.get_process().wait().expect("wait") {
        WaitStatus::Exited(_, code) => code,
        other => panic!("smtp-login did not exit normally: {other:?}"),
    };

    // Ctrl-C at the prompt cancels with 130 and stores nothing.
    let mut session = on_terminal();
    session.send(ControlCode::EndOfText).expect("Ctrl-C");
    let _ = session.expect(Eof);
    assert_eq!(exit(&mut session), 130);
    let send = with(&ticket_args(&sandbox), &["--send"]);
    let out = sandbox.run_in(&args(&send), BODY, &keyring.env());
    assert_eq!(code(&out), 78, "nothing was stored: {}", text(&out.stderr));

    // Typed and never echoed; then --send logs in with it.
    let mut session = on_terminal();
    session.send(format!("{GOOD_PASSWORD}\r")).expect("type");
    let shown = match session.expect(Eof) {
        Ok(shown) => shown,
        Err(e) => {
            let alive = session.get_process().is_alive();
            let mut rest = [0u8; 4096];
            let n = std::io::Read::read(&mut session, &mut rest).unwrap_or(0);
            panic!(
                "smtp-login did not end: {e}; alive: {alive:?}; output: {:?}",
                text(&rest[..n])
            );
        }
    };
    assert_eq!(exit(&mut session), 0);
    assert!(
        !contains(shown.before(), GOOD_PASSWORD.as_bytes()),
        "the password was echoed: {}",
        text(shown.before())
    );
    let out = sandbox.run_in(&args(&send), BODY, &keyring.env());
    assert_eq!(code(&out), 0, "{}", text(&out.stderr));
    assert_eq!(server.messages().len(), 1);
}
