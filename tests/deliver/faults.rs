//! Nothing lost, nothing sent twice, nothing forged, nothing hangs: `--send`
//! and `outbox send` against a misbehaving SMTP server on loopback
//! (tests/support/bad_smtp.py), with signals, corrupt outbox entries and bad
//! timeouts. Each test runs with a 1–5 s `smtp.timeout` from the profile, so
//! every wait it provokes is short.

use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use crate::support::bad_smtp::BadSmtp;
use crate::support::{Output, Programs, Sandbox, code};

const LOGIN: &str = "ann@acme.example";
const SUMMARY: &str = "Gallery search returns nothing";

/// A sandbox whose default profile sends to 127.0.0.1:`port` with `timeout` seconds.
fn sandbox(port: u16, timeout: u64) -> Sandbox {
    let sandbox = Sandbox::new(Programs::System);
    profiles(&sandbox, &[("acme", port)], timeout);
    sandbox
}

/// A sandbox and a server in `mode` inside it, the profile sending there.
fn with_server(mode: &str, timeout: u64) -> (Sandbox, BadSmtp) {
    let sandbox = Sandbox::new(Programs::System);
    let server = BadSmtp::start(&sandbox, mode);
    profiles(&sandbox, &[("acme", server.port)], timeout);
    (sandbox, server)
}

/// Writes profiles, each sending to its port on loopback; the first is the default.
fn profiles(sandbox: &Sandbox, list: &[(&str, u16)], timeout: u64) {
    let mut all = serde_json::Map::new();
    for (name, port) in list {
        all.insert(
            name.to_string(),
            serde_json::json!({"org": "Acme Events", "login_email": LOGIN, "plan": "pro",
                "smtp": {"host": "127.0.0.1", "port": port, "security": "none", "timeout": timeout}}),
        );
    }
    let file = serde_json::json!({"version": 1, "default": list[0].0, "profiles": all});
    std::fs::write(
        sandbox.path("config").join("profiles.json"),
        serde_json::to_vec_pretty(&file).expect("json"),
    )
    .expect("profiles");
}

/// A bug ticket sent with `--send`, Cc'd to its own To address, with `extra` flags.
fn ticket<'a>(extra: &[&'a str]) -> Vec<&'a str> {
    let mut v = vec![
        "--quiet",
        "bug",
        "--summary",
        SUMMARY,
        "--page",
        "https://app.9pic.ai/events",
        "--cc",
        "support@9pic.ai",
        "--send",
    ];
    v.extend(extra);
    v
}

/// (id, state) of every readable outbox entry.
fn outbox(sandbox: &Sandbox) -> Vec<(String, String)> {
    let out = sandbox.run(["outbox", "list", "--json"]);
    assert_eq!(out.code, 0, "outbox list: {}", out.stderr);
    let doc: serde_json::Value = serde_json::from_slice(&out.stdout).expect("outbox json");
    doc["messages"]
        .as_array()
        .expect("messages")
        .iter()
        .map(|m| {
            (
                m["id"].as_str().expect("id").to_string(),
                m["state"].as_str().expect("state").to_string(),
            )
        })
        .collect()
}

/// The kept message of entry `id`.
fn kept(sandbox: &Sandbox, id: &str) -> Vec<u8> {
    std::fs::read(
        sandbox
            .path("data")
            .join("outbox")
            .join(format!("{id}.eml")),
    )
    .unwrap_or_else(|e| panic!("outbox entry {id} has no message: {e}"))
}

fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    haystack.windows(needle.len()).any(|w| w == needle)
}

/// Asserts a failed send: its exit code, nothing on stdout, the one entry kept in `state`.
#[track_caller]
fn assert_kept(sandbox: &Sandbox, out: &Output, exit: i32, state: &str) {
    assert_eq!(out.code, exit, "stderr:\n{}", out.stderr);
    assert!(out.stdout.is_empty(), "stdout: {}", out.stdout());
    assert!(!out.stderr.contains("panicked"), "{}", out.stderr);
    assert!(
        out.stderr.contains("kept in the outbox as 1"),
        "where is the ticket?\n{}",
        out.stderr
    );
    assert_eq!(outbox(sandbox), vec![("1".to_string(), state.to_string())]);
    assert!(contains(&kept(sandbox, "1"), SUMMARY.as_bytes()));
}

/// Points the default profile at `port`.
fn repoint(sandbox: &Sandbox, port: u16) {
    profiles(sandbox, &[("acme", port)], 2);
}

#[test]
fn a_dripping_greeting_is_given_up_on_in_time_and_the_ticket_kept() {
    let (sandbox, _server) = with_server("drip", 1);
    let started = Instant::now();
    let out = sandbox.run(ticket(&[]));
    // One byte every 0.5 s never trips a read timeout; the step budget does.
    assert!(
        started.elapsed() < Duration::from_secs(8),
        "{:?}",
        started.elapsed()
    );
    assert_kept(&sandbox, &out, 75, "queued");
    assert!(
        out.stderr.contains("did not answer in time"),
        "{}",
        out.stderr
    );
}

#[test]
fn silence_after_connect_times_out_and_the_ticket_is_kept() {
    let (sandbox, _server) = with_server("silent", 1);
    let started = Instant::now();
    let out = sandbox.run(ticket(&[]));
    assert!(started.elapsed() < Duration::from_secs(8));
    assert_kept(&sandbox, &out, 75, "queued");
}

#[test]
fn a_huge_banner_is_refused_briefly_and_the_ticket_kept() {
    let (sandbox, _server) = with_server("huge-banner", 2);
    let out = sandbox.run(ticket(&[]));
    assert_kept(&sandbox, &out, 69, "queued");
    assert!(
        out.stderr.len() < 4000,
        "{} bytes of stderr",
        out.stderr.len()
    );
}

#[test]
fn a_drop_mid_data_is_temporary_and_the_ticket_sent_once_later() {
    let (sandbox, server) = with_server("drop-mid-data", 2);
    let out = sandbox.run(ticket(&[]));
    assert_kept(&sandbox, &out, 75, "queued");
    assert!(server.messages().is_empty());

    let good = BadSmtp::start(&sandbox, "ok");
    repoint(&sandbox, good.port);
    let again = sandbox.run(["outbox", "send", "--all"]);
    assert_eq!(again.code, 0, "{}", again.stderr);
    assert_eq!(good.messages().len(), 1);
    assert!(outbox(&sandbox).is_empty());
}

#[test]
fn a_drop_after_the_final_dot_is_never_sent_twice_silently() {
    let (sandbox, server) = with_server("drop-after-dot", 2);
    let out = sandbox.run(ticket(&[]));
    assert_kept(&sandbox, &out, 75, "may-have-been-delivered");
    assert!(out.stderr.contains("--resend"), "{}", out.stderr);
    // The server did store it.
    assert_eq!(server.messages().len(), 1);

    let good = BadSmtp::start(&sandbox, "ok");
    repoint(&sandbox, good.port);
    let text = sandbox.run(["outbox", "list"]);
    assert!(
        text.stdout().contains("may have been delivered"),
        "{}",
        text.stdout()
    );
    for args in [&["outbox", "send", "1"][..], &["outbox", "send", "--all"]] {
        let refused = sandbox.run(args);
        assert_eq!(refused.code, 65, "{args:?}: {}", refused.stderr);
        assert!(refused.stderr.contains("--resend"), "{}", refused.stderr);
    }
    assert!(good.messages().is_empty(), "sent again without --resend");

    let resent = sandbox.run(["outbox", "send", "1", "--resend"]);
    assert_eq!(resent.code, 0, "{}", resent.stderr);
    assert_eq!(good.messages().len(), 1);
    assert!(outbox(&sandbox).is_empty());
}

#[test]
fn silence_after_the_final_dot_is_uncertain_too() {
    let (sandbox, _server) = with_server("silent-after-dot", 1);
    let started = Instant::now();
    let out = sandbox.run(ticket(&[]));
    assert!(started.elapsed() < Duration::from_secs(8));
    assert_kept(&sandbox, &out, 75, "may-have-been-delivered");
}

#[test]
fn a_bare_lf_dot_receiver_gets_one_message_and_nothing_forged() {
    let (sandbox, server) = with_server("lf-dot", 2);
    let payload = b"notes\n.\nMAIL FROM:<evil@attacker.example>\nRCPT TO:<victim@example.org>\nDATA\nSubject: forged\n\nforged body\n.\nQUIT\n";
    let attachment = sandbox.file("files/notes.txt", payload);
    let path = attachment.display().to_string();
    let out = sandbox.run(ticket(&["--attach", &path]));
    assert_eq!(out.code, 0, "{}", out.stderr);
    let messages = server.messages();
    assert_eq!(messages.len(), 1, "exactly one message arrives");
    let (bytes, envelope) = &messages[0];
    assert_eq!(envelope["mail_from"], LOGIN);
    // The Cc equal to To is one recipient, sent to once.
    assert_eq!(envelope["rcpt_tos"], serde_json::json!(["support@9pic.ai"]));
    assert!(
        !contains(bytes, b"evil@attacker.example"),
        "the payload went out raw"
    );
    assert!(!contains(bytes, b"\n.\n") && !contains(bytes, b"\r\n.\r\n"));
    assert!(contains(bytes, SUMMARY.as_bytes()));
    assert!(outbox(&sandbox).is_empty());
}

#[test]
fn a_4xx_is_75_and_a_5xx_is_69_and_both_are_kept() {
    for (mode, exit) in [("reply-451", 75), ("reply-554", 69)] {
        let (sandbox, server) = with_server(mode, 2);
        let out = sandbox.run(ticket(&[]));
        assert_kept(&sandbox, &out, exit, "queued");
        assert!(server.messages().is_empty());
    }
}

#[test]
fn escape_sequences_in_replies_never_reach_the_terminal() {
    let (sandbox, _server) = with_server("escapes", 2);
    let out = sandbox.run(ticket(&[]));
    assert_kept(&sandbox, &out, 69, "queued");
    for shown in [out.stderr.clone(), sandbox.run(["outbox", "list"]).stdout()] {
        assert!(
            !shown.contains('\u{1b}') && !shown.contains('\u{7}'),
            "{shown:?}"
        );
        assert!(shown.contains("\\e]0;pwned"), "{shown:?}");
    }
}

/// Sends `signal` to a running `--send` once the server has its connection.
fn interrupted(sandbox: &Sandbox, server: &BadSmtp, connection: usize, signal: &str) -> Output {
    let child: Child = sandbox
        .command(ticket(&[]))
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn 9pic-help");
    server.wait_for(&format!("connect {connection}"));
    let status = Command::new("kill")
        .args(["-s", signal, &child.id().to_string()])
        .status()
        .expect("kill");
    assert!(status.success());
    let out = child.wait_with_output().expect("wait");
    Output {
        code: code(&out),
        stdout: out.stdout,
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

#[test]
fn term_int_and_hup_during_a_send_keep_the_ticket_and_say_where() {
    let (sandbox, server) = with_server("silent", 5);
    for (n, (signal, exit)) in [("TERM", 143), ("INT", 130), ("HUP", 129)]
        .into_iter()
        .enumerate()
    {
        let started = Instant::now();
        let out = interrupted(&sandbox, &server, n + 1, signal);
        assert_eq!(out.code, exit, "{signal}: {}", out.stderr);
        assert!(started.elapsed() < Duration::from_secs(5));
        let id = (n + 1).to_string();
        assert!(
            out.stderr.contains(&format!("kept in the outbox as {id}")),
            "{signal}: {}",
            out.stderr
        );
        assert!(contains(&kept(&sandbox, &id), SUMMARY.as_bytes()));
    }
    let states: Vec<String> = outbox(&sandbox).into_iter().map(|(_, s)| s).collect();
    assert_eq!(states, ["queued", "queued", "queued"]);

    // All three go out later, each once.
    let good = BadSmtp::start(&sandbox, "ok");
    repoint(&sandbox, good.port);
    let sent = sandbox.run(["outbox", "send", "--all"]);
    assert_eq!(sent.code, 0, "{}", sent.stderr);
    assert_eq!(good.messages().len(), 3);
    assert!(outbox(&sandbox).is_empty());
}

#[test]
fn bad_timeouts_are_config_errors_naming_the_setting() {
    let sandbox = sandbox(9, 2);
    for bad in ["0", "601", "abc", "1e300", "1e20", "18446744073709551616"] {
        let mut env = Sandbox::new(Programs::System);
        profiles(&env, &[("acme", 9)], 2);
        env.env("NINEPIC_HELP_SMTP_TIMEOUT", bad);
        let out = env.run(ticket(&[]));
        assert_eq!(out.code, 78, "{bad}: {}", out.stderr);
        assert!(
            out.stderr.contains("NINEPIC_HELP_SMTP_TIMEOUT"),
            "{}",
            out.stderr
        );
        // Nothing lost: the ticket waits for a fixed setting.
        assert_eq!(outbox(&env).len(), 1);
        let doctor = env.run(["doctor"]);
        assert_eq!(doctor.code, 78, "{bad}: {}", doctor.stderr);
        assert!(!doctor.stderr.contains("panicked"));

        let set = sandbox.run(["profile", "set", "smtp.timeout", bad]);
        assert_ne!(set.code, 0, "profile set accepted {bad}");
        assert!(set.stderr.contains("smtp.timeout"), "{}", set.stderr);
    }
    // A hand-edited profile is checked too, by its key.
    let file = sandbox.path("config").join("profiles.json");
    let text = std::fs::read_to_string(&file).expect("profiles");
    std::fs::write(&file, text.replace("\"timeout\": 2", "\"timeout\": 1e300")).expect("edit");
    let out = sandbox.run(ticket(&[]));
    assert_eq!(out.code, 78, "{}", out.stderr);
    assert!(out.stderr.contains("smtp.timeout"), "{}", out.stderr);
}

#[test]
fn a_corrupt_entry_never_blocks_the_others() {
    let closed = std::net::TcpListener::bind("127.0.0.1:0")
        .expect("bind")
        .local_addr()
        .expect("addr")
        .port();
    let sandbox = sandbox(closed, 2);
    for _ in 0..2 {
        assert_eq!(sandbox.run(ticket(&[])).code, 69);
    }
    let dir = sandbox.path("data").join("outbox");
    std::fs::write(dir.join("1.json"), b"{ torn").expect("corrupt");

    let list = sandbox.run(["outbox", "list"]);
    assert_eq!(list.code, 0, "{}", list.stderr);
    assert!(list.stdout().starts_with("2\t"), "{}", list.stdout());
    assert!(list.stderr.contains("outbox drop 1"), "{}", list.stderr);

    let good = BadSmtp::start(&sandbox, "ok");
    repoint(&sandbox, good.port);
    let sent = sandbox.run(["outbox", "send", "--all"]);
    assert_eq!(sent.code, 78, "{}", sent.stderr);
    assert_eq!(good.messages().len(), 1, "entry 2 was not sent");

    let dropped = sandbox.run(["outbox", "drop", "1"]);
    assert_eq!(dropped.code, 0, "{}", dropped.stderr);
    let left = sandbox.run(["outbox", "list", "--json"]);
    assert!(left.stderr.is_empty(), "{}", left.stderr);
    assert!(outbox(&sandbox).is_empty());
    assert_eq!(std::fs::read_dir(&dir).expect("outbox dir").count(), 1); // outbox.lock
}

#[test]
fn outbox_ids_never_wrap() {
    let closed = std::net::TcpListener::bind("127.0.0.1:0")
        .expect("bind")
        .local_addr()
        .expect("addr")
        .port();
    let sandbox = sandbox(closed, 2);
    assert_eq!(sandbox.run(ticket(&[])).code, 69);
    let dir = sandbox.path("data").join("outbox");
    let stray = dir.join(format!("{}.eml", u64::MAX));
    std::fs::write(&stray, b"stray").expect("stray");
    let out = sandbox.run(ticket(&[]));
    // Without its write-ahead entry nothing is sent (73), and the message is
    // not lost: it is on stdout.
    assert_eq!(out.code, 73, "{}", out.stderr);
    assert!(out.stderr.contains(&u64::MAX.to_string()), "{}", out.stderr);
    assert!(out.stderr.contains("nothing was sent"), "{}", out.stderr);
    assert!(contains(&out.stdout, SUMMARY.as_bytes()));
    assert!(!dir.join("0.eml").exists());
    assert!(contains(&kept(&sandbox, "1"), SUMMARY.as_bytes()));
    assert_eq!(std::fs::read(&stray).expect("stray"), b"stray");
}

#[test]
fn a_hung_outbox_send_blocks_no_other_send() {
    let sandbox = Sandbox::new(Programs::System);
    let silent = BadSmtp::start(&sandbox, "silent");
    let closed = std::net::TcpListener::bind("127.0.0.1:0")
        .expect("bind")
        .local_addr()
        .expect("addr")
        .port();
    profiles(&sandbox, &[("other", closed)], 5);
    assert_eq!(sandbox.run(ticket(&[])).code, 69);
    profiles(&sandbox, &[("acme", silent.port), ("other", closed)], 5);
    let hung = sandbox
        .command(["outbox", "send", "--all"])
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn outbox send");
    silent.wait_for("connect 1");

    let started = Instant::now();
    let mut args = vec!["--profile", "other"];
    args.extend(ticket(&[]));
    let other = sandbox.run(args);
    assert_eq!(other.code, 69, "{}", other.stderr);
    assert!(
        started.elapsed() < Duration::from_secs(4),
        "{:?}",
        started.elapsed()
    );
    assert!(
        other.stderr.contains("kept in the outbox as 2"),
        "{}",
        other.stderr
    );

    let status = Command::new("kill")
        .args(["-s", "TERM", &hung.id().to_string()])
        .status()
        .expect("kill");
    assert!(status.success());
    let out = hung.wait_with_output().expect("wait");
    assert_eq!(code(&out), 143);
    assert_eq!(outbox(&sandbox).len(), 2);
}

#[test]
fn doctor_gives_up_on_a_dripping_server_and_a_hanging_xdg_mime() {
    let (mut sandbox, _server) = with_server("drip", 1);
    sandbox.script("xdg-mime", "exec /usr/bin/sleep 60");
    let path = format!("{}:/usr/bin:/bin", sandbox.path("bin").display());
    sandbox.env("PATH", path);
    let started = Instant::now();
    let out = sandbox.run(["doctor", "--json"]);
    assert!(
        started.elapsed() < Duration::from_secs(10),
        "{:?}",
        started.elapsed()
    );
    assert_eq!(out.code, 75, "{}", out.stderr);
    let doc: serde_json::Value = serde_json::from_slice(&out.stdout).expect("doctor json");
    let detail = |name: &str| {
        doc["checks"]
            .as_array()
            .expect("checks")
            .iter()
            .find(|c| c["name"] == name)
            .map(|c| c["detail"].as_str().unwrap_or("").to_string())
            .unwrap_or_default()
    };
    assert!(detail("mail handler").contains("within 5 s"), "{doc:#}");
    assert!(detail("SMTP server").contains("in time"), "{doc:#}");
}

#[test]
fn children_never_inherit_the_smtp_password() {
    const SENTINEL: &str = "sentinel-pass-4711";
    let mut sandbox = Sandbox::new(Programs::System);
    let editor_dump = sandbox.path("editor.env");
    let open_dump = sandbox.path("open.env");
    let editor = sandbox.script(
        "fake-editor",
        &format!("export -p > '{}'", editor_dump.display()),
    );
    sandbox.script(
        "xdg-open",
        &format!("export -p > '{}'", open_dump.display()),
    );
    sandbox.env("EDITOR", &editor);
    sandbox.env("NINEPIC_HELP_SMTP_PASSWORD", SENTINEL);
    let path = format!("{}:/usr/bin:/bin", sandbox.path("bin").display());
    sandbox.env("PATH", path);
    let mut args = crate::support::with_id(&["bug", "--summary", SUMMARY, "--page", "x"]);
    args.extend(["--edit", "--open"]);
    let out = sandbox.run(&args);
    assert_eq!(out.code, 0, "{}", out.stderr);
    for dump in [editor_dump, open_dump] {
        // The mail client is started detached: give it a moment to write.
        let started = Instant::now();
        while !dump.exists() && started.elapsed() < Duration::from_secs(5) {
            std::thread::sleep(Duration::from_millis(20));
        }
        std::thread::sleep(Duration::from_millis(50));
        let env = std::fs::read_to_string(&dump)
            .unwrap_or_else(|e| panic!("{} was not run: {e}", dump.display()));
        // The control: the dump holds the rest of the environment.
        assert!(env.contains("NO_COLOR"), "{env}");
        assert!(!env.contains(SENTINEL), "{}: {env}", dump.display());
        assert!(!env.contains("NINEPIC_HELP_SMTP_PASSWORD"), "{env}");
    }
}
