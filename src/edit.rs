//! The editor step (`--edit`): the composed email's body through `$VISUAL` or
//! `$EDITOR`, masked again when redaction is on, as a new [`Composed`].
//!
//! The earlier output is consumed, never changed in place: the ticket stays as
//! compose checked it; the email, the notes and the redactions are new.

use std::path::{Path, PathBuf};

use crate::compose::Composed;
use crate::compose::masking;
use crate::email::Email;
use crate::error::Error;
use crate::options::Format;

/// Lets the user edit the body; `redact` masks what the new text holds.
/// Returns the new [`Composed`] and the private draft in `drafts_dir` that
/// holds the edited text (the caller removes it once the ticket is delivered).
///
/// When the draft the editor works on cannot be written (a full or read-only
/// disk), the email as composed goes to stdout in `format` and the error
/// (73) says so: nothing the flags or standard input gave is lost.
pub fn edit(
    composed: Composed,
    redact: bool,
    drafts_dir: &Path,
    format: Format,
) -> Result<(Composed, PathBuf), Error> {
    let (mut body, draft) = match crate::prompt::edit_body(&composed.email.body, drafts_dir) {
        Ok(edited) => edited,
        Err(e @ Error::CantCreate { .. }) => return Err(print_unedited(e, format, &composed)),
        Err(e) => return Err(e),
    };
    let found = match redact {
        true => masking::edited_body(&mut body),
        false => Vec::new(),
    };
    let Composed {
        ticket,
        email,
        mut notes,
        mut redactions,
    } = composed;
    notes.extend(masking::notes(&found));
    redactions.extend(found);
    let edited = Composed {
        ticket,
        email: Email { body, ..email },
        notes,
        redactions,
    };
    Ok((edited, draft))
}

/// The draft for the editor could not be saved: the unedited email goes to
/// stdout instead, and the error says so.
fn print_unedited(error: Error, format: Format, composed: &Composed) -> Error {
    match crate::deliver::stdout::write(format, composed) {
        Ok(()) => Error::printed(
            error,
            "the draft for the editor could not be saved; the email as composed \
             (before editing) is printed on stdout",
        ),
        Err(_) => error,
    }
}
