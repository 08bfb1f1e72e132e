//! Prompts in a real pseudo-terminal (expectrl): answers give the same email
//! as flags, a wrong answer is asked again, Ctrl-C and Esc cancel with 130
//! and no output, and without a terminal nothing waits for input.
//!
//! The tool's stdout goes to a file (through `sh -c 'exec … >FILE'`), so the
//! email can be compared byte for byte while stdin and stderr are the PTY.

use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use expectrl::process::unix::WaitStatus;
use expectrl::session::OsSession;
use expectrl::{ControlCode, Eof, Expect};

use super::BILLING;
use crate::support::{ID, Programs, Sandbox, bin, stderr, stdout};

const DOWN: &str = "\x1b[B";
const ENTER: &str = "\r";

/// A run of the tool on a PTY, its stdout captured in a file.
struct Pty {
    session: OsSession,
    out: std::path::PathBuf,
}

impl Pty {
    fn spawn(s: &Sandbox, args: &[&str]) -> Pty {
        let out = s.path("pty-stdout");
        let mut cmd = Command::new("/bin/sh");
        cmd.arg("-c")
            .arg("out=$1; shift; exec \"$@\" >\"$out\"")
            .arg("sh")
            .arg(&out)
            .arg(bin())
            .args(args)
            .env_clear()
            .envs(s.envs())
            .env("TERM", "xterm");
        let mut session = OsSession::spawn(cmd)
            .unwrap_or_else(|e| panic!("cannot start the tool on a pseudo-terminal: {e}"));
        session.set_expect_timeout(Some(Duration::from_secs(10)));
        Pty { session, out }
    }

    fn expect(&mut self, text: &str) {
        if let Err(e) = self.session.expect(text) {
            panic!("the terminal never showed {text:?}: {e}");
        }
    }

    fn send(&mut self, keys: &str) {
        self.session.send(keys).expect("write to the PTY");
    }

    /// Waits for the end; returns the exit code and what went to stdout.
    fn finish(mut self) -> (i32, String) {
        let _ = self.session.expect(Eof);
        let code = match self.session.get_process().wait().expect("wait") {
            WaitStatus::Exited(_, code) => code,
            other => panic!("the tool did not exit normally: {other:?}"),
        };
        (code, std::fs::read_to_string(&self.out).unwrap_or_default())
    }
}

/// The email the flags alone produce.
fn by_flags(s: &Sandbox, args: &[&str]) -> String {
    let out = s.cmd().args(args).args(ID).output().expect("run");
    assert!(out.status.success(), "{}", stderr(&out));
    stdout(&out)
}

#[test]
fn billing_answers_give_the_same_email_as_flags() {
    let s = Sandbox::new(Programs::Fakes);
    let expected = by_flags(&s, &BILLING);

    // --rechecked is not given: the Recheck rule's advice is shown and asked.
    let args = [&["billing", "--quiet"][..], &ID[..]].concat();
    let mut t = Pty::spawn(&s, &args);
    t.expect("Situation ›");
    t.send(ENTER); // pending is the first choice
    t.expect("Payment ID ›");
    t.send("pay 77\r"); // a space: not an ID
    t.expect("is not an ID");
    t.send("pay_77\r");
    t.expect("When it happened ›");
    t.send("2025-01-05T10:00:00Z\r");
    t.expect("Recheck comes first");
    t.expect("Recheck done?");
    t.send("y");
    let (code, email) = t.finish();
    assert_eq!(code, 0);
    assert_eq!(email, expected);
}

#[test]
fn enterprise_answers_give_the_same_email_as_flags() {
    let s = Sandbox::new(Programs::Fakes);
    let expected = by_flags(
        &s,
        &[
            "enterprise",
            "--volume",
            "50k",
            "--products",
            "checkout,payment-config",
            "--timeline",
            "before our March 2026 event",
            "--quiet",
        ],
    );

    let args = [&["enterprise", "--quiet"][..], &ID[..]].concat();
    let mut t = Pty::spawn(&s, &args);
    t.expect("Expected photos a year ›");
    t.send("lots\r");
    t.expect("is not a count");
    t.send("50k\r");
    t.expect("space to mark");
    t.send(" "); // checkout
    t.send(DOWN);
    t.send(DOWN);
    t.send(" "); // payment-config
    t.send(ENTER);
    t.expect("Timeline ›");
    t.send("before our March 2026 event\r");
    let (code, email) = t.finish();
    assert_eq!(code, 0);
    assert_eq!(email, expected);
}

#[test]
fn guided_picker_leads_to_the_same_email_as_flags() {
    let s = Sandbox::new(Programs::Fakes);
    let expected = by_flags(
        &s,
        &[
            "bug",
            "--summary",
            "Export does nothing",
            "--page",
            "/events",
            "--quiet",
        ],
    );
    let args = [&["--quiet"][..], &ID[..]].concat();
    let mut t = Pty::spawn(&s, &args);
    t.expect("What do you need help with?");
    // The decision table's order: billing, invoices, renewal, feature,
    // enterprise, ops, domain, upgrade, security, bug.
    for _ in 0..9 {
        t.send(DOWN);
    }
    t.send(ENTER);
    t.expect("Summary ›");
    t.send("Export does nothing\r");
    t.expect("Page ›");
    t.send("/events\r");
    let (code, email) = t.finish();
    assert_eq!(code, 0);
    assert_eq!(email, expected);
}

#[test]
fn ctrl_c_at_a_text_prompt_exits_130_with_no_output() {
    let s = Sandbox::new(Programs::Fakes);
    let args = [
        &["billing", "--issue", "pending", "--rechecked"][..],
        &ID[..],
    ]
    .concat();
    let mut t = Pty::spawn(&s, &args);
    t.expect("Payment ID ›");
    t.send("pay_");
    t.session.send(ControlCode::EndOfText).expect("send ^C");
    let (code, email) = t.finish();
    assert_eq!(code, 130);
    assert_eq!(email, "");
}

#[test]
fn ctrl_c_in_a_menu_exits_130_and_shows_the_cursor_again() {
    let s = Sandbox::new(Programs::Fakes);
    let args = [&["billing", "--rechecked"][..], &ID[..]].concat();
    let mut t = Pty::spawn(&s, &args);
    t.expect("Situation ›");
    t.session.send(ControlCode::EndOfText).expect("send ^C");
    // The menu hides the cursor; cancelling must show it again.
    t.expect("\x1b[?25h");
    let (code, email) = t.finish();
    assert_eq!(code, 130);
    assert_eq!(email, "");
}

#[test]
fn esc_in_a_menu_exits_130_with_no_output() {
    let s = Sandbox::new(Programs::Fakes);
    let mut t = Pty::spawn(&s, &ID);
    t.expect("What do you need help with?");
    t.send("\x1b");
    let (code, email) = t.finish();
    assert_eq!(code, 130);
    assert_eq!(email, "");
}

#[test]
fn without_a_terminal_missing_items_exit_64_at_once() {
    let s = Sandbox::new(Programs::Fakes);
    let start = Instant::now();
    // No CI variable and no --no-input: only the missing terminal stops prompts.
    let out = Command::new("setsid")
        .arg(bin())
        .args(["billing", "--rechecked"])
        .args(ID)
        .env_clear()
        .envs(s.envs())
        .env("PATH", "/usr/bin:/bin")
        .stdin(Stdio::null())
        .output()
        .expect("setsid");
    let took = start.elapsed();
    assert_eq!(out.status.code(), Some(64), "{}", stderr(&out));
    assert!(took < Duration::from_secs(1), "took {took:?}");
    let err = stderr(&out);
    for flag in ["--issue", "--when"] {
        assert!(err.contains(flag), "{flag} not named: {err}");
    }
    assert_eq!(stdout(&out), "");
}

#[test]
fn without_a_profile_the_org_identity_is_asked_too() {
    let s = Sandbox::new(Programs::Fakes);
    let expected = by_flags(
        &s,
        &["question", "--summary", "Where are invoices?", "--quiet"],
    );
    let mut t = Pty::spawn(&s, &["question", "--quiet"]);
    t.expect("Org name as it appears in the dashboard (--org) ›");
    t.send("Acme Events\r");
    t.expect("(--login-email) ›");
    t.send("not-an-address\r");
    t.expect("is not an email address");
    t.send("ops@acme.example\r");
    t.expect("(--plan) ›");
    t.send(DOWN); // payg → pro
    t.send(ENTER);
    t.expect("Summary ›");
    t.send("Where are invoices?\r");
    let (code, email) = t.finish();
    assert_eq!(code, 0);
    assert_eq!(email, expected);
}
