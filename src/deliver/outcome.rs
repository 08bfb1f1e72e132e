//! What a sink did: how the history names the delivery, and the notes and any
//! late failure it returns instead of printing them.

use crate::error::Error;
use crate::term::Note;

/// What a sink did.
#[derive(Debug)]
pub struct Delivered {
    /// How the history names this delivery (`stdout`, `mailto`, `send`, …).
    pub label: &'static str,
    /// Messages for the user, in order.
    pub notes: Vec<Note>,
    /// A failure after the email was already out (printed), reported after
    /// the history records it.
    pub then: Option<Error>,
}

impl Delivered {
    pub fn quietly(label: &'static str) -> Delivered {
        Delivered {
            label,
            notes: Vec::new(),
            then: None,
        }
    }
}
