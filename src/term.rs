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

/// Text from outside (an SMTP reply, a hand-edited file) made safe for a
/// terminal: every control character except tab and line feed is shown as
/// its escape (`\u{1b}`), so nothing can move the cursor, retitle the window
/// or clear the screen.
pub fn escape_controls(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '\t' | '\n' => out.push(c),
            c if c.is_control() || matches!(c, '\u{2028}' | '\u{2029}') => {
                out.extend(c.escape_default())
            }
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    #[test]
    fn controls_are_escaped_and_text_kept() {
        let got = super::escape_controls("250 ok\u{1b}]0;pwned\u{7}\r\u{9b}2J tab\there\nnext é");
        assert_eq!(
            got,
            "250 ok\\u{1b}]0;pwned\\u{7}\\r\\u{9b}2J tab\there\nnext é"
        );
        assert!(
            !got.chars()
                .any(|c| c.is_control() && c != '\t' && c != '\n')
        );
    }
}
