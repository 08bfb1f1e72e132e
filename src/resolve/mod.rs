//! Flags + [`Options`] + profile + history + files + prompts → [`Resolved`]:
//! everything the rest of the ticket road needs, gathered once.
//!
//! This is the last step that reads anything from outside or asks the user;
//! compose, the editor step and the sinks only see what it returns.

pub mod draft;
#[cfg(test)]
mod prose;
pub mod saved;

use std::path::PathBuf;

use jiff::Zoned;

use crate::cli::TicketInput;
use crate::compose::{Draft, Earlier, Settings};
use crate::deliver::Sink;
use crate::deliver::handoff::{Open, Target};
use crate::deliver::smtp::Account;
use crate::error::{Error, Problem, ProblemKind, Problems};
use crate::options::Options;
use crate::store::profile::{Delivery, Profile, parse_delivery};
use crate::term::Note;

/// A ticket request with everything gathered: what compose, edit, deliver and record need.
#[derive(Debug)]
pub struct Resolved {
    pub draft: Draft,
    /// The clock, in the profile's time zone.
    pub now: Zoned,
    pub sink: Sink,
    /// The earlier ticket the duplicate guard names: the newest match, if any.
    pub earlier: Option<Earlier>,
    pub settings: Settings,
    /// `--edit`: the body goes through `$VISUAL`/`$EDITOR` before delivery.
    pub edit: bool,
    /// The profile's name, for the history record.
    pub profile_name: Option<String>,
    /// Messages for the user from resolving (e.g. an unreadable history).
    pub notes: Vec<Note>,
    /// The private draft holding what standard input gave (`--details-file -`).
    pub typed: Option<PathBuf>,
}

/// Resolves one ticket request; prompts for what is missing when interactive.
pub fn resolve(options: &Options, mut input: TicketInput) -> Result<Resolved, Error> {
    let typed = match input.details_file.as_deref() {
        Some(p) if p == "-" => {
            let path = save_stdin(options)?;
            input.details_file = Some(path.clone().into_os_string());
            Some(path)
        }
        _ => None,
    };
    resolve_saved(options, input, typed.clone()).map_err(|e| match &typed {
        Some(draft) => e.with_draft(draft),
        None => e,
    })
}

/// Saves standard input (at most the details limit plus one byte, so the
/// limit is still noticed) as a private draft before anything can fail.
fn save_stdin(options: &Options) -> Result<PathBuf, Error> {
    use std::io::Read;
    let mut bytes = Vec::new();
    std::io::stdin()
        .take(draft::MAX_DETAILS_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| Error::NoInput {
            path: "standard input".into(),
            source: e.into(),
        })?;
    crate::store::private::write_new_private(&drafts_dir(options), "stdin-", ".txt", &bytes)
        .map_err(|e| give_back(e, &bytes))
}

/// Standard input could not be kept as a draft: the text read goes back out
/// on stdout, so what the user typed or piped is not lost with the error.
fn give_back(error: Error, bytes: &[u8]) -> Error {
    match crate::deliver::stdout::write_stdout(bytes) {
        Ok(()) => Error::printed(
            error,
            "the text read from standard input is printed on stdout",
        ),
        Err(_) => error,
    }
}

/// Resolves the request once standard input, if used, is in its draft.
fn resolve_saved(
    options: &Options,
    input: TicketInput,
    typed: Option<PathBuf>,
) -> Result<Resolved, Error> {
    let profile = saved::profile(options)?;
    let sink = sink(options, &input, profile.as_ref())?;
    let (thread, unthreaded) = saved::or_problems(saved::thread(options, &input))?;
    let settings = settings(&input, sink.carries_attachments(options.format));
    let edit = input.edit;
    let p = profile.as_ref().map(|(_, p)| p);
    let now = draft::now(p)?;
    let mut draft = draft::draft(&options.identity, input, p, thread, &now)?;
    draft.problems.0.extend(unthreaded.0);
    if options.interactive {
        draft = crate::prompt::fill_missing(draft, &now)?;
    }
    let lookup = crate::compose::duplicate::Lookup::of(&draft, &now);
    let (earlier, unread) = saved::duplicate(options, lookup.as_ref());
    let notes = unread.into_iter().map(Note::Warning).collect();
    Ok(Resolved {
        draft,
        now,
        sink,
        earlier,
        settings,
        edit,
        profile_name: profile.map(|(name, _)| name),
        notes,
        typed,
    })
}

/// How compose treats the free text: masking (off with `--no-redact`), the
/// flag the details came from, for its notes, and whether the chosen output
/// carries attachments (`travel`, from [`Sink::carries_attachments`]).
pub fn settings(input: &TicketInput, travel: bool) -> Settings {
    Settings {
        redact: !input.no_redact,
        details_from_file: input.details_file.is_some(),
        attachments_travel: travel,
    }
}

/// The sink: `--open`, `--send` or `--stdout`, else the profile's delivery, else stdout.
fn sink(
    options: &Options,
    input: &TicketInput,
    profile: Option<&(String, Profile)>,
) -> Result<Sink, Error> {
    let open = |target| {
        Sink::Open(Open {
            target,
            drafts_dir: drafts_dir(options),
        })
    };
    let send = |asked| {
        Sink::Send(Box::new(Account {
            profile: profile.cloned(),
            data_dir: options.dirs.data.path.clone(),
            asked,
        }))
    };
    if let Some(value) = &input.open {
        return Ok(open(target(&value.to_string_lossy())?));
    }
    if input.send {
        return Ok(send(true));
    }
    if input.stdout {
        return Ok(Sink::Stdout);
    }
    let default = profile
        .and_then(|(_, p)| p.delivery.as_deref())
        .and_then(parse_delivery);
    Ok(match default {
        Some(Delivery::Open) => open(Target::Client),
        Some(Delivery::Send) => send(false),
        Some(Delivery::Stdout) | None => Sink::Stdout,
    })
}

/// Where `--open` writes drafts too long for a link, and where typed text is kept.
pub fn drafts_dir(options: &Options) -> PathBuf {
    options.dirs.data.path.join("drafts")
}

/// Parses a `--open` value (`client`, `webmail:gmail`, `webmail:outlook`).
pub fn target(value: &str) -> Result<Target, Error> {
    match value.trim().to_ascii_lowercase().as_str() {
        "" | "client" | "mail" => Ok(Target::Client),
        "webmail:gmail" | "gmail" => Ok(Target::Gmail),
        "webmail:outlook" | "outlook" => Ok(Target::Outlook),
        other => Err(Error::Problems(Problems(vec![Problem::new(
            ProblemKind::Invalid,
            "--open",
            format!(
                "\"{other}\" is not a place to open the email; use client, webmail:gmail or webmail:outlook"
            ),
        )]))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn targets_parse() {
        assert_eq!(target("client").ok(), Some(Target::Client));
        assert_eq!(target("webmail:gmail").ok(), Some(Target::Gmail));
        assert_eq!(target("webmail:outlook").ok(), Some(Target::Outlook));
        assert!(target("webmail:yahoo").is_err());
    }
}
