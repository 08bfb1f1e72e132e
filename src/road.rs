//! The ticket road in process, for tests and fuzzing: a command line → the
//! [`Composed`] ticket, exactly as a run composes it, without prompts, stdin,
//! files other than attachments' metadata, or delivery.
//!
//! [`compose_argv`] is the stable entry point; its signature does not change
//! when the stages behind it do.

use std::ffi::OsString;

use crate::cli::{self, Command, TicketArgs};
use crate::compose::{self, Composed};
use crate::error::Error;
use crate::options::Identity;
use crate::resolve;
use crate::store::history::Loaded;
use crate::store::profile::Profile;

/// The clock type `now` takes, so callers need not depend on jiff themselves.
pub use jiff::Zoned;

/// Composes the ticket `argv` (without the program name) asks for, with
/// `profile` as the saved profile and `earlier` as the history (for
/// `escalate --last/--ticket` and the duplicate guard), at `now`.
///
/// A command line clap refuses, `--help`, `--version`, or a command that is
/// not a ticket is an [`Error::Usage`]; otherwise the error is the one a run
/// would exit with.
pub fn compose_argv(
    argv: &[OsString],
    profile: Option<&Profile>,
    earlier: &Loaded,
    now: &Zoned,
) -> Result<Composed, Error> {
    let program = OsString::from("9pic-help");
    let cli = cli::parse_from(std::iter::once(&program).chain(argv))
        .map_err(|e| Error::Usage(e.to_string()))?;
    let Some(Command::Ticket(TicketArgs(input))) = cli.command else {
        return Err(Error::Usage("not a ticket command".into()));
    };
    let identity = Identity::of(&cli.global);
    let thread = resolve::saved::thread(&input, earlier)?;
    let settings = resolve::settings(&input);
    let draft = resolve::draft::draft(&identity, input, profile, thread, now)?;
    compose::compose(draft, earlier, settings, now)
}
