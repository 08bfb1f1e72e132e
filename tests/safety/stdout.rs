//! A standard output that cannot take the email: closed (`>&-`) or full
//! (`/dev/full`). Help, version and tickets all exit 73 with a message on
//! stderr, and no history record claims a delivery that did not happen.

use std::process::Stdio;

use crate::support::{Programs, Sandbox, bin, code, show, with_id};

/// A request ticket in `format`, with the identity flags.
fn ticket(format: &str) -> Vec<&str> {
    with_id(&["--format", format, "request", "--summary", "Dark mode"])
}

/// Runs the binary with `args` and its stdout on /dev/full.
fn to_dev_full(s: &Sandbox, args: &[&str]) -> std::process::Output {
    let full = std::fs::OpenOptions::new()
        .write(true)
        .open("/dev/full")
        .expect("/dev/full (a Linux character device) is missing");
    s.command(args)
        .stdin(Stdio::null())
        .stdout(full)
        .stderr(Stdio::piped())
        .output()
        .expect("start the binary")
}

/// Runs the binary with `args` and its stdout closed, as `cmd >&-` does.
fn with_stdout_closed(s: &Sandbox, args: &[&str]) -> std::process::Output {
    s.program("/bin/sh")
        .arg("-c")
        .arg("exec \"$0\" \"$@\" >&-")
        .arg(bin())
        .args(args)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .output()
        .expect("start /bin/sh")
}

#[track_caller]
fn assert_73(out: &std::process::Output, what: &str) {
    assert_eq!(code(out), 73, "{what}: {}", show(out));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("standard output"), "{what}: {err}");
    assert!(!err.contains("panicked"), "{what}: {err}");
}

#[test]
fn help_and_version_to_a_full_or_closed_stdout_are_73() {
    let s = Sandbox::new(Programs::System);
    for args in [
        &["--help"][..],
        &["--version"],
        &["-h"],
        &["bug", "--help"],
        &["history", "--help"],
    ] {
        assert_73(&to_dev_full(&s, args), &format!("{args:?} > /dev/full"));
        assert_73(&with_stdout_closed(&s, args), &format!("{args:?} >&-"));
    }
    // The same commands still succeed on a working stdout.
    assert_eq!(s.run(["--version"]).code, 0);
}

#[test]
fn a_ticket_to_a_closed_stdout_is_73_and_not_recorded() {
    let s = Sandbox::new(Programs::System);
    for format in ["text", "eml", "json", "mailto"] {
        assert_73(&with_stdout_closed(&s, &ticket(format)), format);
    }
    assert!(
        !s.path("data/history.jsonl").exists(),
        "a ticket nobody received was recorded: {:?}",
        std::fs::read_to_string(s.path("data/history.jsonl"))
    );
}

#[test]
fn a_ticket_to_dev_full_is_73_and_not_recorded() {
    let s = Sandbox::new(Programs::System);
    for format in ["text", "eml", "json", "mailto"] {
        assert_73(&to_dev_full(&s, &ticket(format)), format);
    }
    assert!(!s.path("data/history.jsonl").exists());
    // A working stdout records the ticket: the history above was absent for a reason.
    s.run(ticket("text")).ok();
    assert!(s.path("data/history.jsonl").exists());
}

#[test]
fn side_commands_to_a_closed_stdout_are_73() {
    let s = Sandbox::new(Programs::System);
    for args in [&["guide"][..], &["schema", "bug"], &["completions", "bash"]] {
        assert_73(&with_stdout_closed(&s, args), &format!("{args:?}"));
    }
}

#[test]
fn a_ticket_sent_to_dev_null_on_purpose_is_fine_and_recorded() {
    let s = Sandbox::new(Programs::System);
    for redirect in [">/dev/null", "1<>/dev/null"] {
        let out = s
            .program("/bin/sh")
            .arg("-c")
            .arg(format!("exec \"$0\" \"$@\" {redirect}"))
            .arg(bin())
            .args(ticket("text"))
            .stdin(Stdio::null())
            .output()
            .expect("start /bin/sh");
        // Read-write is how Python's subprocess.DEVNULL opens it: as much on
        // purpose as `>/dev/null`, though a closed stdout looks the same
        // once Rust's runtime has reopened it.
        assert_eq!(code(&out), 0, "{redirect}: {}", show(&out));
    }
    let history = std::fs::read_to_string(s.path("data/history.jsonl")).unwrap();
    assert_eq!(history.lines().count(), 2, "{history}");
}

#[test]
fn errors_to_a_full_stderr_keep_their_exit_code_in_every_format() {
    let s = Sandbox::new(Programs::System);
    for format in ["text", "json"] {
        let full = std::fs::OpenOptions::new()
            .write(true)
            .open("/dev/full")
            .expect("/dev/full");
        // A missing summary: 64 whatever stderr can take, never a panic (101).
        let out = s
            .command(with_id(&["--format", format, "request"]))
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(full)
            .output()
            .expect("start the binary");
        assert_eq!(code(&out), 64, "{format}: {}", show(&out));
    }
}
