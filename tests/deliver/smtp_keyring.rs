//! The SMTP password: in a real Secret Service keyring, never on a command
//! line, never in any output or file, asked for with hidden input on a
//! terminal, and not needed at all to compose.

use std::net::TcpListener;
use std::os::unix::net::UnixListener;
use std::process::Command;
use std::time::Duration;

use clap::CommandFactory;
use ninepic_help::cli::Cli;

use super::smtp::{
    BODY, GOOD_PASSWORD, SMTP_USER, args, code, contains, expected_eml, mail_sandbox, text,
    ticket_args, walk, with,
};
use crate::support::keyring::Keyring;
use crate::support::smtp::SmtpServer;

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
