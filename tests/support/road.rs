//! The one way tests (and the fuzz target, which includes this file by path)
//! run the pure road in process: argv → clap → resolve → compose, no files
//! written, no terminal, nothing spawned.
//!
//! Every in-process call goes through [`compose`], so when the library's entry
//! point changes only this function changes.

use std::ffi::{OsStr, OsString};

use clap::Parser;
use ninepic_help::cli::{Cli, Command};
use ninepic_help::email::Email;
use ninepic_help::profile::Profile;
use ninepic_help::{compose as road, resolve};

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
    /// 64 for what clap refuses, 0 for `--help`/`--version` and non-ticket
    /// commands, otherwise the error's own `exit_code()`.
    pub code: u8,
    /// clap's message, or the error's text followed by its hint.
    pub message: String,
}

/// Runs the pure part of the road on `argv` (without the program name), with
/// no profile and no history, in UTC. "Now" is the real clock.
pub fn compose<S: AsRef<OsStr>>(argv: &[S]) -> Result<Composed, Refusal> {
    let mut full = vec![OsString::from("9pic-help")];
    full.extend(argv.iter().map(|a| a.as_ref().to_os_string()));
    let cli = Cli::try_parse_from(full).map_err(|e| Refusal {
        code: if e.use_stderr() { 64 } else { 0 },
        message: e.render().to_string(),
    })?;
    let Some(Command::Ticket(args)) = cli.command else {
        return Err(Refusal {
            code: 0,
            message: "not a ticket command".into(),
        });
    };
    let settings = road::Settings {
        redact: !args.no_redact,
        details_from_file: args.details_file.is_some(),
        attachments_travel: args.send
            || args.open.is_some()
            || cli.global.format == ninepic_help::cli::Format::Eml,
    };
    // The sealed time zone: a profile that only names UTC, so "2026-11-01
    // 09:30" means the same here as in the sandboxed binary (TZ=UTC).
    let utc = Profile {
        timezone: Some("UTC".into()),
        ..Profile::default()
    };
    let refused = |e: ninepic_help::Error| Refusal {
        code: e.exit_code(),
        message: match e.hint() {
            Some(h) => format!("{e}\n{h}"),
            None => e.to_string(),
        },
    };
    let (draft, now) = resolve::draft(&cli.global, args, Some(&utc)).map_err(refused)?;
    let composed = road::compose(draft, &[], settings, &now).map_err(refused)?;
    Ok(Composed {
        email: composed.email,
        notes: composed.notes,
    })
}
