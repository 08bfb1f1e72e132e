//! Messages for people on stderr: errors, warnings, notes.
//!
//! Colour only when stderr is a terminal and `NO_COLOR` is unset. Nothing here
//! ever writes to stdout, which belongs to the ticket.

use std::io::{IsTerminal, Write};
use std::sync::atomic::{AtomicU8, Ordering};

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

/// Descriptor 1 as found before Rust's runtime started: not looked at (0),
/// open (1) or closed (2). See [`note_stdout_at_start`].
static STDOUT_AT_START: AtomicU8 = AtomicU8::new(0);

/// Looks at descriptor 1 before Rust's runtime does. The binary runs it from
/// `.init_array`, before `main`: a shell's `>&-` closes descriptor 1, and the
/// runtime then reopens it on `/dev/null` before `main`, where a closed
/// stdout can no longer be told from `/dev/null` opened on purpose.
pub extern "C" fn note_stdout_at_start() {
    // SAFETY: F_GETFD only reads the descriptor's flags; any fd value is allowed.
    let open = unsafe { libc::fcntl(libc::STDOUT_FILENO, libc::F_GETFD) } != -1;
    STDOUT_AT_START.store(if open { 1 } else { 2 }, Ordering::Relaxed);
}

/// Whether standard output was open when the program started, and is now:
/// a ticket "printed" to a closed stdout would be recorded as delivered while
/// nobody got it (a write error, 73). `/dev/null`, opened write-only
/// (`>/dev/null`) or read-write (`1<>/dev/null`, Python's
/// `subprocess.DEVNULL`), is open on purpose.
pub fn stdout_is_open() -> bool {
    // SAFETY: as above.
    let open_now = unsafe { libc::fcntl(libc::STDOUT_FILENO, libc::F_GETFD) } != -1;
    open_now && STDOUT_AT_START.load(Ordering::Relaxed) != 2
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
