//! The loose input of the pure middle: every value a ticket needs, gathered by
//! [`crate::resolve`] but not yet checked. Only [`super::checklist`] turns it
//! into a [`super::checklist::Ticket`].

use jiff::Timestamp;

use crate::catalog::Category;
use crate::email::Attachment;
use crate::error::Problems;

/// Where an identity value came from, for messages.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Source {
    Flag,
    Profile,
}

/// A value together with where it came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Sourced {
    pub value: String,
    pub source: Source,
    /// The flag or profile key that sets it.
    pub name: &'static str,
}

/// The org identity, still unchecked.
#[derive(Debug, Clone, Default)]
pub struct IdentityDraft {
    pub org: Option<Sourced>,
    pub login_email: Option<Sourced>,
    pub plan: Option<Sourced>,
    pub sender_name: Option<Sourced>,
    /// Whether a profile was found at all (decides exit 78 versus 64).
    pub has_profile: bool,
}

/// A ticket request with every input gathered, not yet checked.
#[derive(Debug, Clone)]
pub struct Draft {
    pub category: &'static Category,
    /// Checklist values by item key, as typed.
    pub items: Vec<(&'static str, Vec<String>)>,
    pub identity: IdentityDraft,
    pub details: Option<String>,
    pub tried: Vec<String>,
    /// Addresses to copy, each with the flag or key it came from.
    pub cc: Vec<Sourced>,
    pub attachments: Vec<Attachment>,
    pub force: bool,
    /// The Date of the message (fixed by `SOURCE_DATE_EPOCH`).
    pub date: Timestamp,
    /// Randomness for the Message-ID; zero when the draft must be reproducible.
    pub nonce: u64,
    /// Problems found while reading the inputs (bad encoding, missing files).
    pub problems: Problems,
    /// The earlier ticket this one follows up (`escalate --last/--ticket`).
    pub thread: Option<Thread>,
}

/// An earlier ticket from the history that this one follows up.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Thread {
    /// Its history ID.
    pub id: String,
    /// Its Message-ID, for In-Reply-To and References.
    pub message_id: String,
    /// Its subject: the original subject unless `--subject` gives one.
    pub subject: String,
    /// Whether it was urgent: its escalation is too.
    pub urgent: bool,
    /// When its answer is due, if the history knows (older records do not).
    pub due: Option<Timestamp>,
}
