//! Leaving a prompt on a real pseudo-terminal: what the terminal is left
//! showing. Ctrl-C ends the line it interrupted (the shell's prompt starts on
//! a fresh line) and says nothing more; Esc in a menu or a yes/no question
//! leaves quietly, the menu cleared, no error line. Both exit 130.

use std::process::Command;
use std::time::Duration;

use expectrl::process::unix::WaitStatus;
use expectrl::session::OsSession;
use expectrl::{Eof, Expect};

use crate::support::{ID, Programs, Sandbox, bin};

/// The tool on a PTY, as a person at a terminal runs it (no `CI`).
fn spawn(s: &Sandbox, args: &[&str]) -> OsSession {
    let mut cmd = Command::new(bin());
    cmd.args(args);
    on_pty(s, cmd)
}

/// The tool on a PTY `cols` columns wide (set by `stty` before it starts).
fn spawn_cols(s: &Sandbox, cols: u16, args: &[&str]) -> OsSession {
    let stty = crate::support::require("stty", "coreutils");
    let mut cmd = Command::new("/bin/sh");
    cmd.args(["-c", "\"$0\" cols \"$1\" rows 40 && shift 2 && exec \"$@\""])
        .arg(stty)
        .arg(cols.to_string())
        .arg("--")
        .arg(bin())
        .args(args);
    on_pty(s, cmd)
}

fn on_pty(s: &Sandbox, mut cmd: Command) -> OsSession {
    cmd.env_clear().envs(s.envs()).env("TERM", "xterm");
    let mut session = OsSession::spawn(cmd)
        .unwrap_or_else(|e| panic!("cannot start the tool on a pseudo-terminal: {e}"));
    session.set_expect_timeout(Some(Duration::from_secs(10)));
    session
}

/// Waits until `text` shows, then sends `key`; returns every byte the tool
/// wrote after that and its exit code.
fn press_at(session: &mut OsSession, text: &str, key: &[u8]) -> (Vec<u8>, i32) {
    if let Err(e) = session.expect(text) {
        panic!("the terminal never showed {text:?}: {e}");
    }
    // Let the prompt reach its read of the first key.
    std::thread::sleep(Duration::from_millis(300));
    session.send(key).expect("write to the PTY");
    let rest = match session.expect(Eof) {
        Ok(found) => found.as_bytes().to_vec(),
        Err(e) => panic!("the tool did not end after the key: {e}"),
    };
    let code = match session.get_process().wait().expect("wait") {
        WaitStatus::Exited(_, code) => code,
        other => panic!("the tool did not exit normally: {other:?}"),
    };
    (rest, code)
}

/// The bytes without escape sequences (CSI `ESC [ … letter`), as text.
fn visible(bytes: &[u8]) -> String {
    let text = String::from_utf8_lossy(bytes);
    let mut out = String::new();
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '\u{1b}' {
            if chars.peek() == Some(&'[') {
                chars.next();
                for d in chars.by_ref() {
                    if d.is_ascii_alphabetic() {
                        break;
                    }
                }
            }
            continue;
        }
        out.push(c);
    }
    out
}

#[track_caller]
fn left_on_a_fresh_line(rest: &[u8], code: i32) {
    assert_eq!(code, 130, "after Ctrl-C: {:?}", visible(rest));
    let shown = visible(rest);
    assert!(
        shown.ends_with("\r\n") || shown.ends_with('\n'),
        "Ctrl-C did not end the line: {shown:?}"
    );
    assert!(
        !shown.contains("error") && !shown.contains("cancelled"),
        "Ctrl-C printed more than a newline: {shown:?}"
    );
    assert!(
        rest.ends_with(b"\n") || rest.ends_with(b"\x1b[?25h"),
        "the last bytes move the cursor off the fresh line: {rest:?}"
    );
}

#[test]
fn ctrl_c_at_a_text_prompt_ends_the_line_and_says_nothing_more() {
    let s = Sandbox::new(Programs::Fakes);
    let args = [
        &["billing", "--issue", "pending", "--rechecked"][..],
        &ID[..],
    ]
    .concat();
    let mut t = spawn(&s, &args);
    let (rest, code) = press_at(&mut t, "Payment ID", b"\x03");
    left_on_a_fresh_line(&rest, code);
}

#[test]
fn ctrl_c_in_a_menu_ends_the_line_and_says_nothing_more() {
    let s = Sandbox::new(Programs::Fakes);
    let mut t = spawn(&s, &ID);
    let (rest, code) = press_at(&mut t, "no email needed", b"\x03");
    left_on_a_fresh_line(&rest, code);
}

#[test]
fn ctrl_c_at_a_profile_init_question_ends_the_line() {
    let s = Sandbox::new(Programs::Fakes);
    let mut t = spawn(&s, &["profile", "init"]);
    let (rest, code) = press_at(&mut t, "org", b"\x03");
    left_on_a_fresh_line(&rest, code);
    assert!(
        !s.path("config").join("profiles.json").exists(),
        "a cancelled profile init wrote a profile"
    );
}

#[test]
fn esc_in_a_menu_clears_it_and_leaves_quietly() {
    let s = Sandbox::new(Programs::Fakes);
    let mut t = spawn(&s, &ID);
    let (rest, code) = press_at(&mut t, "no email needed", b"\x1b");
    let shown = visible(&rest);
    assert_eq!(code, 130, "after Esc: {shown:?}");
    assert!(
        !shown.contains("error") && !shown.contains("cancelled"),
        "Esc printed an error line: {shown:?}"
    );
    // Only the menu's clearing: no text is left after it.
    assert_eq!(
        shown.trim_matches(|c: char| c == '\r' || c == '\n'),
        "",
        "Esc left text on the terminal: {shown:?}"
    );
}

#[test]
fn esc_at_a_yes_no_question_leaves_quietly_on_a_fresh_line() {
    let s = Sandbox::new(Programs::Fakes);
    let args = [
        &[
            "billing",
            "--issue",
            "pending",
            "--payment-id",
            "pay_1",
            "--when",
            "20m ago",
        ][..],
        &ID[..],
    ]
    .concat();
    let mut t = spawn(&s, &args);
    let (rest, code) = press_at(&mut t, "Recheck done?", b"\x1b");
    let shown = visible(&rest);
    assert_eq!(code, 130, "after Esc: {shown:?}");
    assert!(
        !shown.contains("error") && !shown.contains("cancelled"),
        "Esc printed an error line: {shown:?}"
    );
    assert!(shown.ends_with('\n'), "Esc left the line open: {shown:?}");
}

#[test]
fn menus_fit_an_80_column_terminal() {
    let s = Sandbox::new(Programs::Fakes);
    let mut t = spawn_cols(&s, 80, &ID);
    if let Err(e) = t.expect("no email needed") {
        panic!("the picker never showed: {e}");
    }
    // Move through the menu, so every row is drawn again, then leave.
    for _ in 0..16 {
        t.send("\x1b[B").expect("write to the PTY");
    }
    let (rest, code) = press_at(&mut t, "self-serve", b"\x1b");
    assert_eq!(code, 130);
    let wide: Vec<String> = visible(&rest)
        .split(['\r', '\n'])
        .filter(|l| console::measure_text_width(l) > 80)
        .map(str::to_owned)
        .collect();
    assert!(
        wide.is_empty(),
        "menu rows wider than 80 columns: {wide:#?}"
    );
    assert!(visible(&rest).contains('…'), "no long row was cut");
}
