//! What an outbox entry is: its metadata file, its state, and how a listing
//! shows a readable entry or one that is not.

use std::fs;
use std::path::PathBuf;

use serde::{Deserialize, Serialize};

use crate::error::Error;
use crate::store::history::Keys;

/// What the outbox knows about one message besides its bytes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Meta {
    pub schema: String,
    pub id: String,
    /// When the message entered the outbox (RFC 3339).
    pub queued_at: String,
    pub message_id: String,
    pub subject: String,
    /// The ticket's Date (what the history records once it is sent).
    pub date: jiff::Timestamp,
    /// The ticket category, e.g. `billing`.
    pub category: String,
    /// The To header, for the history.
    pub to: String,
    /// The profile the ticket was composed with.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub profile: Option<String>,
    /// Payment ID, event ID, domain: for the history's duplicate guard.
    #[serde(default)]
    pub keys: Keys,
    /// The situation, response class, due time and thread, for the history.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub situation: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub response: Option<crate::catalog::channels::Response>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub due: Option<jiff::Timestamp>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub in_reply_to: Option<String>,
    /// Envelope sender (a bare address).
    pub from: String,
    /// Envelope recipients: To and Cc, each once (bare addresses).
    pub recipients: Vec<String>,
    /// How many sends have failed (0 while the first one is under way).
    #[serde(default)]
    pub attempts: u32,
    /// Why the last send failed (empty before any failure).
    #[serde(default)]
    pub last_error: String,
    /// The exit code of the last failure (0 before any failure).
    #[serde(default)]
    pub last_exit: u8,
}

/// Where an entry stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum State {
    /// Waiting to be sent (again).
    Queued,
    /// Another run is sending it right now.
    Sending,
    /// Its final dot went out without a reply: the server may have it.
    MayHaveBeenDelivered,
}

impl State {
    /// The state in words, for `outbox list`.
    pub fn words(self) -> &'static str {
        match self {
            State::Queued => "waiting",
            State::Sending => "being sent now",
            State::MayHaveBeenDelivered => "may have been delivered",
        }
    }
}

/// One readable message in the outbox.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    pub meta: Meta,
    /// The message file.
    pub path: PathBuf,
    pub state: State,
}

impl Entry {
    /// The exact bytes to send.
    pub fn message(&self) -> Result<Vec<u8>, Error> {
        fs::read(&self.path).map_err(|e| Error::NoInput {
            path: self.path.clone(),
            source: e.into(),
        })
    }
}

/// An entry as the outbox directory holds it: readable, or not.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Listed {
    Entry(Box<Entry>),
    /// Its files cannot be used; `outbox drop ID` removes them.
    Corrupt {
        id: String,
        path: PathBuf,
        problem: String,
    },
}

impl Listed {
    pub fn id(&self) -> &str {
        match self {
            Listed::Entry(e) => &e.meta.id,
            Listed::Corrupt { id, .. } => id,
        }
    }
}
