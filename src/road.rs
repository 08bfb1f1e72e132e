//! The ticket road in process, for tests and fuzzing: a command line → the
//! [`Composed`] ticket, exactly as a run composes it, without the saved
//! profile and history files (the caller passes them), prompts or delivery.
//! Like a run it reads `--details-file` and the attachments' metadata.
//!
//! [`compose_argv`] is the stable entry point; its signature does not change
//! when the stages behind it do.

use std::ffi::OsString;

use crate::compose::{self, Composed};
use crate::deliver::handoff::Target;
use crate::error::Error;
use crate::options;
use crate::resolve;
use crate::store::history::Loaded;
use crate::store::profile::Profile;

/// The clock type `now` takes, so callers need not depend on jiff themselves.
pub use jiff::Zoned;

/// Composes the ticket `argv` (without the program name) asks for, with
/// `profile` as the saved profile and `earlier` as the history (for
/// `escalate --last/--ticket` and the duplicate guard), at `now`.
///
/// A command line that does not parse, `--help`, `--version`, or a command
/// that is not a ticket is an [`Error::Usage`]; otherwise the error is the one
/// a run would exit with.
pub fn compose_argv(
    argv: &[OsString],
    profile: Option<&Profile>,
    earlier: &Loaded,
    now: &Zoned,
) -> Result<Composed, Error> {
    let (identity, format, input) = options::ticket_argv(argv)?;
    let (thread, unthreaded) =
        resolve::saved::or_problems(resolve::saved::thread_in(&input, earlier))?;
    // No sink is chosen here (no profile delivery): attachments travel with
    // `--send`, with `--open` to the mail client, and in eml.
    let travel = input.send
        || format == options::Format::Eml
        || input
            .open
            .as_ref()
            .is_some_and(|v| resolve::target(&v.to_string_lossy()).ok() == Some(Target::Client));
    let settings = resolve::settings(&input, travel);
    let mut draft = resolve::draft::draft(&identity, input, profile, thread, now)?;
    draft.problems.0.extend(unthreaded.0);
    compose::compose(draft, &earlier.earlier(), settings, now)
}
