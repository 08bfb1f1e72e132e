//! Completion in an interactive bash on a real pseudo-terminal: readline cuts
//! the line into COMP_WORDS itself (at `:` and `=` too), and what Tab leaves
//! on the line is read back. The checked-in `completions/9pic-help.bash` is
//! sourced with bash-completion NOT loaded, as in a plain `~/.bashrc`.

use std::path::Path;
use std::process::Command;
use std::time::Duration;

use expectrl::Expect;
use expectrl::session::OsSession;

use crate::support::{Programs, Sandbox, require};

/// An interactive bash that finds this build's `9pic-help` and has sourced
/// the checked-in script.
fn bash_with_script(sandbox: &Sandbox) -> OsSession {
    let bash = require("bash", "bash");
    let bin_dir = Path::new(env!("CARGO_BIN_EXE_9pic-help"))
        .parent()
        .expect("binary has a directory")
        .display()
        .to_string();
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("completions/9pic-help.bash");
    // expectrl starts the terminal with echo off; a user's terminal echoes.
    let mut cmd = Command::new("/bin/sh");
    cmd.args([
        "-c",
        "stty echo cols 200 && exec \"$0\" --norc --noprofile -i",
    ])
    .arg(bash)
    .env_clear()
    .envs(sandbox.envs())
    .env("PATH", format!("{bin_dir}:/usr/bin:/bin"))
    .env("TERM", "dumb")
    .env("PS1", "READY$ ")
    .current_dir(sandbox.root());
    let mut session = OsSession::spawn(cmd)
        .unwrap_or_else(|e| panic!("cannot start bash on a pseudo-terminal: {e}"));
    session.set_expect_timeout(Some(Duration::from_secs(20)));
    session
        .send(format!("source {}\r", script.display()))
        .expect("write to the PTY");
    if let Err(e) = session.expect("READY$ ") {
        panic!("bash gave no prompt: {e}");
    }
    session
}

/// Types `typed`, presses Tab (twice when `twice`), then moves to the start of
/// the line and turns it into an `echo` of itself, so the line as completion
/// left it comes back as output: returns that line.
fn line_after_tab(session: &mut OsSession, typed: &str) -> String {
    session
        .send(format!("{typed}\t"))
        .expect("write to the PTY");
    std::thread::sleep(Duration::from_millis(700));
    // Ctrl-A, then `echo "<LINE>"` with the line quoted: the output starts
    // with a marker the echoed input cannot show at a line start.
    session
        .send("\x01echo AFTER-TAB:\x05:END\r")
        .expect("write to the PTY");
    let found = session
        .expect(expectrl::Regex("\n(AFTER-TAB:[^\r\n]*:END)"))
        .unwrap_or_else(|e| panic!("no line came back after `{typed}<Tab>`: {e}"));
    let line = String::from_utf8_lossy(found.get(1).expect("the captured line")).into_owned();
    if let Err(e) = session.expect("READY$ ") {
        panic!("bash gave no prompt: {e}");
    }
    line.trim_start_matches("AFTER-TAB:")
        .trim_end_matches(":END")
        .to_string()
}

#[test]
fn bash_completes_values_holding_a_colon() {
    let sandbox = Sandbox::new(Programs::Host);
    let mut bash = bash_with_script(&sandbox);
    for (typed, expected) in [
        // A value after `webmail:` (bash's current word is only `g`).
        (
            "9pic-help billing --open webmail:g",
            "9pic-help billing --open webmail:gmail ",
        ),
        (
            "9pic-help billing --open webmail:o",
            "9pic-help billing --open webmail:outlook ",
        ),
        // Up to the colon: both candidates share `webmail:`.
        (
            "9pic-help billing --open web",
            "9pic-help billing --open webmail:",
        ),
        // With `=`, which bash also cuts at.
        (
            "9pic-help billing --open=webmail:ou",
            "9pic-help billing --open=webmail:outlook ",
        ),
        // Words without breaks are untouched.
        ("9pic-help bil", "9pic-help billing "),
    ] {
        let line = line_after_tab(&mut bash, typed);
        assert_eq!(line, expected, "bash: `{typed}<Tab>`");
    }
    bash.send("exit\r").expect("write to the PTY");
}

#[test]
fn bash_lists_ticket_ids_with_their_subjects_and_inserts_only_ids() {
    let sandbox = Sandbox::new(Programs::Host);
    for n in 1..=11 {
        let summary = format!("Question number {n}");
        let args = crate::support::question(&summary, &[]);
        sandbox.run(&args).ok();
    }
    let mut bash = bash_with_script(&sandbox);
    // One match a row, and no pager, so the listing reads in order.
    bash.send(
        "bind 'set completion-display-width 0'; bind 'set page-completions off'; \
         echo BOUND-$((1+1))\r",
    )
    .expect("write to the PTY");
    if let Err(e) = bash.expect("BOUND-2") {
        panic!("bash did not take the settings: {e}");
    }
    // The first Tab inserts what all IDs share (nothing), the second lists;
    // the listing ends with the last ID's row.
    bash.send("9pic-help history show \t\t")
        .expect("write to the PTY");
    let listing = match bash.expect(expectrl::Regex("\n11 +-- [^\r\n]*\r?\n")) {
        Ok(found) => {
            let mut all = found.before().to_vec();
            all.extend_from_slice(found.get(0).unwrap_or_default());
            String::from_utf8_lossy(&all).replace('\r', "")
        }
        Err(e) => panic!("bash listed no ticket 11: {e}"),
    };
    let rows: Vec<String> = listing
        .lines()
        .filter(|l| l.contains(" -- "))
        .map(|l| l.split_whitespace().collect::<Vec<_>>().join(" "))
        .collect();
    let expected: Vec<String> = (1..=11)
        .map(|n| {
            let subject = super::complete::subject_of(&sandbox, &n.to_string());
            format!("{n} -- {subject}")
        })
        .collect();
    assert_eq!(rows, expected, "bash's listing:\n{listing}");
    // The line itself holds no description: only what was typed.
    std::thread::sleep(Duration::from_millis(300));
    bash.send("\x01echo AFTER-TAB:\x05:END\r")
        .expect("write to the PTY");
    let found = bash
        .expect(expectrl::Regex("\n(AFTER-TAB:[^\r\n]*:END)"))
        .unwrap_or_else(|e| panic!("no line came back: {e}"));
    let line = String::from_utf8_lossy(found.get(1).unwrap_or_default()).into_owned();
    assert_eq!(line, "AFTER-TAB:9pic-help history show :END");
    // A prefix that one ID alone has is inserted bare.
    let line = line_after_tab(&mut bash, "9pic-help history show 9");
    assert_eq!(line, "9pic-help history show 9 ");
    bash.send("exit\r").expect("write to the PTY");
}
