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
