//! Messages for people on stderr: errors, warnings, notes.
//!
//! Colour only when stderr is a terminal and `NO_COLOR` is unset. Nothing here
//! ever writes to stdout, which belongs to the ticket.

use std::io::{IsTerminal, Write};

use anstyle::{AnsiColor, Style};

fn colour() -> bool {
    std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty()) && std::io::stderr().is_terminal()
}

fn say(style: Style, label: &str, message: &str) {
    let mut err = std::io::stderr().lock();
    // A failing stderr leaves nowhere to report to; ignore it.
    let _ = if colour() {
        writeln!(err, "{style}{label}{style:#} {message}")
    } else {
        writeln!(err, "{label} {message}")
    };
}

/// `error: …`
pub fn error(message: &str) {
    say(AnsiColor::Red.on_default().bold(), "error:", message);
}

/// `warning: …`
pub fn warning(message: &str) {
    say(AnsiColor::Yellow.on_default().bold(), "warning:", message);
}

/// `hint: …`
pub fn hint(message: &str) {
    say(AnsiColor::Cyan.on_default(), "hint:", message);
}

/// `note: …`
pub fn note(message: &str) {
    say(AnsiColor::Green.on_default(), "note:", message);
}

/// A message for the user that a step returns instead of printing it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Note {
    /// `warning: …`, shown even with `--quiet`.
    Warning(String),
    /// `note: …`, left out with `--quiet`.
    Info(String),
    /// `note: …` that says where the user's email is; shown even with `--quiet`.
    Always(String),
}

/// Prints the notes in order; `quiet` leaves out the [`Note::Info`] ones.
pub fn show(notes: &[Note], quiet: bool) {
    for n in notes {
        match n {
            Note::Warning(m) => warning(m),
            Note::Info(m) if !quiet => note(m),
            Note::Info(_) => {}
            Note::Always(m) => note(m),
        }
    }
}

/// Text from outside the tool (a hand-edited history, profile values, SMTP
/// replies) made safe to print: every control character — C0, DEL, C1 (so
/// ESC and CSI sequences, BEL, CR), and the Unicode line and paragraph
/// separators and bidi overrides — is shown as a visible escape such as `\e`,
/// `\r` or `\u{9b}`, so it cannot move the cursor, retitle or clear the
/// screen, or fake a line of output. A backslash is left alone, everything
/// else passes through unchanged. Linear in the input.
pub fn escape_controls(text: &str) -> std::borrow::Cow<'_, str> {
    if !text.chars().any(needs_escape) {
        return std::borrow::Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        match c {
            '\t' => out.push_str("\\t"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\u{1b}' => out.push_str("\\e"),
            c if needs_escape(c) => out.push_str(&c.escape_unicode().to_string()),
            c => out.push(c),
        }
    }
    std::borrow::Cow::Owned(out)
}

/// Whether `c` could change what a terminal shows beyond printing itself.
fn needs_escape(c: char) -> bool {
    c.is_control()
        || matches!(
            c,
            '\u{2028}' | '\u{2029}' | '\u{200e}' | '\u{200f}' | '\u{202a}'..='\u{202e}'
                | '\u{2066}'..='\u{2069}'
        )
}

/// Whether standard output was open when the program started.
///
/// A shell's `>&-` closes descriptor 1, and Rust's runtime then reopens it on
/// `/dev/null` read-write before `main`, so a ticket "printed" there would be
/// recorded as delivered while nobody got it. A shell's `>/dev/null` opens it
/// write-only; `/dev/null` open read-write on descriptor 1 (or no descriptor
/// at all) means standard output was closed, a write error (73).
pub fn stdout_is_open() -> bool {
    use std::os::unix::fs::MetadataExt;
    // SAFETY: F_GETFL only reads the descriptor's flags; any fd value is allowed.
    let flags = unsafe { libc::fcntl(libc::STDOUT_FILENO, libc::F_GETFL) };
    if flags == -1 {
        return false;
    }
    if flags & libc::O_ACCMODE != libc::O_RDWR {
        return true;
    }
    let fd1 = std::fs::metadata("/proc/self/fd/1").map(|m| m.rdev());
    let null = std::fs::metadata("/dev/null").map(|m| m.rdev());
    !matches!((fd1, null), (Ok(a), Ok(b)) if a == b)
}

#[cfg(test)]
mod tests {
    use super::escape_controls;

    #[test]
    fn controls_become_visible_escapes() {
        assert_eq!(escape_controls("plain – text"), "plain – text");
        assert_eq!(
            escape_controls("a\u{1b}]0;pwned\u{7}b\r\n\u{9b}2J\u{202e}x"),
            "a\\e]0;pwned\\u{7}b\\r\\n\\u{9b}2J\\u{202e}x"
        );
        assert_eq!(escape_controls("tab\there\u{0}"), "tab\\there\\u{0}");
    }
}
