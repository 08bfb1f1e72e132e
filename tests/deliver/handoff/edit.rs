//! `--edit`: the body goes through `$EDITOR` (here a script); an emptied
//! body cancels with 130 and writes nothing; `$VISUAL` wins over `$EDITOR`.

use super::BILLING;
use crate::support::{ID, Programs, Sandbox, stderr, stdout};

#[test]
fn editor_changes_reach_the_output() {
    let s = Sandbox::new(Programs::Fakes);
    let editor = s.script(
        "rewrite",
        "/bin/sed -i 's/^Hello 9Pic support,$/Hi team, edited by hand./' \"$1\"",
    );
    let out = s
        .cmd()
        .args(BILLING)
        .args(ID)
        .arg("--edit")
        .env("EDITOR", &editor)
        .output()
        .expect("run");
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let email = stdout(&out);
    assert!(email.contains("\n\nHi team, edited by hand.\n"), "{email}");
    assert!(!email.contains("Hello 9Pic support,"), "{email}");
    assert!(
        email.contains("Subject: Payment still Pending: pay_77"),
        "{email}"
    );
}

#[test]
fn emptied_body_cancels_with_130_and_writes_nothing() {
    let s = Sandbox::new(Programs::Fakes);
    let editor = s.script("empty", ": > \"$1\"");
    let out = s
        .cmd()
        .args(BILLING)
        .args(ID)
        .args(["--edit", "--open"])
        .env("EDITOR", &editor)
        .output()
        .expect("run");
    assert_eq!(out.status.code(), Some(130), "{}", stderr(&out));
    assert_eq!(stdout(&out), "");
    let drafts = s.path("data").join("drafts");
    let left = std::fs::read_dir(&drafts).map_or(0, |d| d.count());
    assert_eq!(left, 0, "no draft kept for an emptied body");
}

#[test]
fn visual_wins_over_editor_and_controls_are_refused() {
    let s = Sandbox::new(Programs::Fakes);
    let visual = s.script("visual", "printf 'Hello\\033[2J there\\n' > \"$1\"");
    let editor = s.script("editor", "exit 0");
    let out = s
        .cmd()
        .args(BILLING)
        .args(ID)
        .arg("--edit")
        .env("VISUAL", &visual)
        .env("EDITOR", &editor)
        .output()
        .expect("run");
    assert_eq!(out.status.code(), Some(65), "{}", stderr(&out));
    assert!(stderr(&out).contains("U+001B"), "{}", stderr(&out));
    assert_eq!(stdout(&out), "");
}

#[test]
fn missing_editor_is_unavailable() {
    let s = Sandbox::new(Programs::Fakes);
    let out = s
        .cmd()
        .args(BILLING)
        .args(ID)
        .arg("--edit")
        .env("EDITOR", "no-such-editor --wait")
        .output()
        .expect("run");
    assert_eq!(out.status.code(), Some(69), "{}", stderr(&out));
    assert!(stderr(&out).contains("no-such-editor"), "{}", stderr(&out));
    assert_eq!(stdout(&out), "");
}
