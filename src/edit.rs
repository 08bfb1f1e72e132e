//! The editor step (`--edit`): the composed email's body through `$VISUAL` or
//! `$EDITOR`, masked again when redaction is on, as a new [`Composed`].
//!
//! The earlier output is consumed, never changed in place: the ticket stays as
//! compose checked it; the email, the notes and the redactions are new.

use crate::compose::Composed;
use crate::compose::redact::{self, Redaction};
use crate::email::Email;
use crate::error::Error;

/// Lets the user edit the body; `redact` masks what the new text holds.
pub fn edit(composed: Composed, redact: bool) -> Result<Composed, Error> {
    let typed = crate::prompt::edit_body(&composed.email.body)?;
    let (body, found) = match redact {
        true => masked(&typed),
        false => (typed, Vec::new()),
    };
    let Composed {
        ticket,
        email,
        mut notes,
        mut redactions,
    } = composed;
    notes.extend(found.iter().map(Redaction::warning));
    redactions.extend(found);
    Ok(Composed {
        ticket,
        email: Email { body, ..email },
        notes,
        redactions,
    })
}

/// The edited body with card numbers, IBANs and secrets masked, and what was masked.
fn masked(body: &str) -> (String, Vec<Redaction>) {
    let (text, hits) = redact::text(body);
    let found = hits
        .into_iter()
        .map(|(kind, kept)| Redaction {
            kind,
            flag: "--edit".into(),
            kept,
        })
        .collect();
    (text, found)
}
