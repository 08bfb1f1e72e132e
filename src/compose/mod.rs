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
    /// What was masked in the free text (`redactions` in JSON).
    pub redactions: Vec<masking::Redaction>,
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
    let mut redactions = Vec::new();
    notes.extend(duplicate::note(&ticket, earlier));
    if settings.redact {
        redactions = masking::ticket(&mut ticket, settings.details_from_file);
        notes.extend(redactions.iter().map(masking::Redaction::note));
    }
    let email = render::render(&ticket)?;
    Ok(Composed {
        ticket,
        email,
        notes,
        redactions,
    })
}
