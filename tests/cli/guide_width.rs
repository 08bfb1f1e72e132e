//! `guide` fits the terminal it is printed on (a real pseudo-terminal of a
//! set width), and prints at a fixed 80 columns when stdout is not one.

use std::process::Command;
use std::time::Duration;

use expectrl::session::OsSession;
use expectrl::{Eof, Expect};

use crate::support::{Programs, Sandbox, bin, require};

/// What `guide` prints on a terminal `cols` columns wide, line ends as `\n`.
fn guide_on_terminal(s: &Sandbox, cols: u16) -> String {
    let stty = require("stty", "coreutils");
    let mut cmd = Command::new("/bin/sh");
    cmd.args(["-c", "\"$2\" cols \"$1\" rows 40 && exec \"$0\" guide"])
        .arg(bin())
        .arg(cols.to_string())
        .arg(stty)
        .env_clear()
        .envs(s.envs())
        .env("TERM", "xterm");
    let mut session = OsSession::spawn(cmd)
        .unwrap_or_else(|e| panic!("cannot start guide on a pseudo-terminal: {e}"));
    session.set_expect_timeout(Some(Duration::from_secs(20)));
    let all = match session.expect(Eof) {
        Ok(found) => found.as_bytes().to_vec(),
        Err(e) => panic!("guide did not end: {e}"),
    };
    String::from_utf8_lossy(&all).replace("\r\n", "\n")
}

/// Lines wider than `width` columns (as a terminal counts them).
fn wider_than(text: &str, width: usize) -> Vec<String> {
    text.lines()
        .filter(|l| console::measure_text_width(l) > width)
        .map(|l| format!("{} columns: {l}", console::measure_text_width(l)))
        .collect()
}

/// Everything the guide must say, whatever its width.
#[track_caller]
fn complete(text: &str) {
    let words: String = text.split_whitespace().collect::<Vec<_>>().join(" ");
    for c in ninepic_help::catalog::CATEGORIES {
        assert!(
            text.contains(&format!("9pic-help {}", c.name)),
            "{} missing",
            c.name
        );
    }
    for task in ninepic_help::catalog::SELF_SERVE {
        assert!(words.contains(task.task), "{} missing", task.task);
        assert!(words.contains(task.where_), "{} missing", task.where_);
    }
    for a in ninepic_help::catalog::KNOWN_ANSWERS {
        assert!(words.contains(a.question), "{} missing", a.question);
    }
}

#[test]
fn on_an_80_column_terminal_no_line_is_wider() {
    let s = Sandbox::new(Programs::Fakes);
    let text = guide_on_terminal(&s, 80);
    assert!(text.lines().count() > 50, "too little output:\n{text}");
    let wide = wider_than(&text, 80);
    assert!(
        wide.is_empty(),
        "lines over 80 columns:\n{}",
        wide.join("\n")
    );
    complete(&text);
}

#[test]
fn on_a_wide_terminal_the_self_serve_list_is_an_aligned_table() {
    let s = Sandbox::new(Programs::Fakes);
    let text = guide_on_terminal(&s, 160);
    let wide = wider_than(&text, 160);
    assert!(
        wide.is_empty(),
        "lines over 160 columns:\n{}",
        wide.join("\n")
    );
    // Prose stays readable: it wraps at 100 columns at most.
    let prose = text
        .lines()
        .find(|l| l.starts_with("For an issue on one dashboard page"));
    assert!(
        prose.is_some_and(|l| console::measure_text_width(l) <= 100),
        "prose not wrapped at 100:\n{text}"
    );
    complete(&text);
    // Each task shares its line with where it is done, that column aligned.
    let mut starts = Vec::new();
    for task in ninepic_help::catalog::SELF_SERVE {
        let row = text
            .lines()
            .find(|l| l.starts_with(&format!("  {}  ", task.task)) && l.contains(task.where_))
            .unwrap_or_else(|| panic!("no table row for {}:\n{text}", task.task));
        let at = row.find(task.where_).unwrap_or(0);
        starts.push(row[..at].chars().count());
    }
    starts.dedup();
    assert_eq!(starts.len(), 1, "the where column is not aligned:\n{text}");
}

#[test]
fn without_a_terminal_the_width_is_a_fixed_80() {
    let mut s = Sandbox::new(Programs::Fakes);
    let plain = s.run(["guide"]).ok();
    let wide = wider_than(&plain, 80);
    assert!(
        wide.is_empty(),
        "lines over 80 columns:\n{}",
        wide.join("\n")
    );
    complete(&plain);
    for columns in ["200", "50"] {
        s.env("COLUMNS", columns);
        assert_eq!(
            s.run(["guide"]).ok(),
            plain,
            "COLUMNS={columns} changed piped output"
        );
    }
}
