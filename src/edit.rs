//! The editor step (`--edit`): the composed email's body through `$VISUAL` or
//! `$EDITOR`, masked again when redaction is on, as a new [`Composed`].
//!
//! The earlier output is consumed, never changed in place: the ticket stays as
//! compose checked it; the email, the notes and the redactions are new.

use std::path::{Path, PathBuf};

use crate::compose::Composed;
use crate::compose::masking::{self, Redaction};
use crate::email::Email;
use crate::error::Error;

/// Lets the user edit the body; `redact` masks what the new text holds.
/// Returns the new [`Composed`] and the private draft in `drafts_dir` that
/// holds the edited text (the caller removes it once the ticket is delivered).
pub fn edit(
    composed: Composed,
    redact: bool,
    drafts_dir: &Path,
) -> Result<(Composed, PathBuf), Error> {
    let (mut body, draft) = crate::prompt::edit_body(&composed.email.body, drafts_dir)?;
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
    notes.extend(found.iter().map(Redaction::note));
    redactions.extend(found);
    let edited = Composed {
        ticket,
        email: Email { body, ..email },
        notes,
        redactions,
    };
    Ok((edited, draft))
}
