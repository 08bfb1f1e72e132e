//! The pure middle of the road: from a [`Draft`] to a checked [`Ticket`] and
//! its [`Email`], with the notes for the user. No files, no terminal, no
//! clock: the caller passes `now`, and everything read from outside is
//! already in the draft.

pub mod checklist;
pub mod draft;
pub mod redact;
pub mod render;
pub mod time;

use jiff::Zoned;

use crate::email::Email;
use crate::error::Error;
use crate::store::history::{Keys, Loaded};
pub use checklist::Ticket;
pub use draft::Draft;

/// What the middle of the road produces.
#[derive(Debug, Clone)]
pub struct Composed {
    pub ticket: Ticket,
    pub email: Email,
    /// Advice for the user (stderr, and `warnings` in JSON), in order.
    pub notes: Vec<String>,
    /// What was masked in the free text (`redactions` in JSON).
    pub redactions: Vec<redact::Redaction>,
}

/// How the pure middle should treat the free text.
#[derive(Debug, Clone, Copy)]
pub struct Settings {
    /// Mask card numbers, IBANs and secrets (off with `--no-redact`).
    pub redact: bool,
    /// The flag the details came from, for redaction notes.
    pub details_flag: &'static str,
}

/// Checks the draft, adds the duplicate note, masks payment data and renders the email.
pub fn compose(
    draft: Draft,
    earlier: &Loaded,
    settings: Settings,
    now: &Zoned,
) -> Result<Composed, Error> {
    let mut ticket = checklist::validate(draft, now)?;
    if let Some(w) = earlier.duplicate_warning(&Keys::of(|k| ticket.text(k)), ticket.date) {
        ticket.warnings.push(w);
    }
    if settings.redact {
        redact::ticket(&mut ticket, settings.details_flag);
    }
    let email = render::render(&ticket)?;
    let notes = ticket.warnings.clone();
    let redactions = ticket.redactions.clone();
    Ok(Composed {
        ticket,
        email,
        notes,
        redactions,
    })
}
