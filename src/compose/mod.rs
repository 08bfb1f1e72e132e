//! The pure middle of the road: from a [`Draft`] to a checked [`Ticket`] and
//! its [`Email`], with the notes for the user. No files, no terminal, no
//! clock: the caller passes `now` and the earlier tickets, and everything
//! read from outside is already in the draft.

pub mod checklist;
pub mod draft;
pub mod duplicate;
pub mod identity;
pub mod masking;
pub mod redact;
pub mod render;
pub mod rules;
pub mod time;
pub mod values;

use jiff::Zoned;

use crate::email::Email;
use crate::error::Error;
pub use checklist::Ticket;
pub use draft::Draft;
pub use duplicate::Earlier;

/// What the middle of the road produces.
#[derive(Debug, Clone)]
pub struct Composed {
    pub ticket: Ticket,
    pub email: Email,
    /// Advice for the user (stderr, and `warnings` in JSON), in order.
    pub notes: Vec<String>,
}

/// How the pure middle should treat the free text.
#[derive(Debug, Clone, Copy)]
pub struct Settings {
    /// Mask card numbers, IBANs and secrets (off with `--no-redact`).
    pub redact: bool,
    /// Whether the details came from `--details-file` (named in notes).
    pub details_from_file: bool,
}

/// Checks the draft, adds the duplicate note, masks payment data and renders the email.
pub fn compose(
    draft: Draft,
    earlier: &[Earlier],
    settings: Settings,
    now: &Zoned,
) -> Result<Composed, Error> {
    let (mut ticket, mut notes) = checklist::validate(draft, now)?;
    notes.extend(duplicate::note(&ticket, earlier));
    if settings.redact {
        let found = masking::ticket(&mut ticket, settings.details_from_file);
        notes.extend(found.iter().map(masking::Redaction::note));
        ticket.add_redactions(found);
    }
    let email = render::render(&ticket)?;
    Ok(Composed {
        ticket,
        email,
        notes,
    })
}

impl Composed {
    /// Takes the body the user edited (`--edit`), masking what was typed
    /// into it when `redact` is on.
    pub fn edited(&mut self, mut body: String, redact: bool) {
        if redact {
            let found = masking::edited_body(&mut body);
            self.notes
                .extend(found.iter().map(masking::Redaction::note));
            self.ticket.add_redactions(found);
        }
        self.email.body = body;
    }
}
