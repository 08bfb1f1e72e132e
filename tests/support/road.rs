//! The one way tests (and the fuzz target, which includes this file by path)
//! run the pure road in process: argv → clap → resolve → compose, no files
//! written, no terminal, nothing spawned.
//!
//! Every in-process call goes through [`compose`], so when the library's entry
//! point changes only this function changes.

use std::ffi::{OsStr, OsString};

use ninepic_help::email::Email;
use ninepic_help::road::{Zoned, compose_argv};
use ninepic_help::store::history::Loaded;
use ninepic_help::store::profile::Profile;

/// An accepted command line: the email and the notes `run` would print.
#[derive(Debug)]
pub struct Composed {
    pub email: Email,
    /// Warnings and advice, in order (stderr `warning:` lines in the binary).
    pub notes: Vec<String>,
}

/// A refused command line: the exit code the binary would use and its message.
#[derive(Debug)]
pub struct Refusal {
    /// The error's own `exit_code()`: 64 for what clap refuses, `--help`,
    /// `--version` and non-ticket commands (the library's usage error).
    pub code: u8,
    /// The error's text followed by its hint.
    pub message: String,
}

/// Runs the pure part of the road on `argv` (without the program name), with
/// no profile and no history, in UTC (as the sandboxed binary runs). "Now" is
/// the real clock.
pub fn compose<S: AsRef<OsStr>>(argv: &[S]) -> Result<Composed, Refusal> {
    compose_at(argv, None)
}

/// [`compose`] with "now" fixed (for golden emails that say "in 40 minutes").
pub fn compose_at<S: AsRef<OsStr>>(
    argv: &[S],
    fixed_now: Option<&Zoned>,
) -> Result<Composed, Refusal> {
    let argv: Vec<OsString> = argv.iter().map(|a| a.as_ref().to_os_string()).collect();
    // The sealed time zone: a profile that only names UTC, so "2026-11-01
    // 09:30" means the same here as in the sandboxed binary (TZ=UTC).
    let utc = Profile {
        timezone: Some("UTC".into()),
        ..Profile::default()
    };
    let now = match fixed_now {
        Some(now) => now.clone(),
        None => Zoned::now().with_time_zone(jiff::tz::TimeZone::UTC),
    };
    match compose_argv(&argv, Some(&utc), &Loaded::default(), &now) {
        Ok(c) => Ok(Composed {
            email: c.email,
            notes: c.notes,
        }),
        Err(e) => Err(Refusal {
            code: e.exit_code(),
            message: match e.hint() {
                Some(h) => format!("{e}\n{h}"),
                None => e.to_string(),
            },
        }),
    }
}
