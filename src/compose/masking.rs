//! Masking a ticket's free text through [`super::redact`], and naming where
//! each masked value was: the item's flag, the details' source, the steps.

use serde::Serialize;

use crate::catalog::flags;
use crate::compose::checklist::{FreeText, Ticket};
use crate::compose::redact::{self, Sensitive};

/// One masked value: what it was, where it was, and what is left of it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Redaction {
    pub kind: Sensitive,
    /// The flag whose value held it, e.g. `--details`.
    pub flag: String,
    /// The characters left visible (at most four).
    pub kept: String,
}

impl Redaction {
    /// The note printed on stderr and carried in JSON.
    pub fn note(&self) -> String {
        let tail = if self.kept.is_empty() {
            String::new()
        } else {
            format!(" ending in {}", self.kept)
        };
        format!(
            "masked a {}{tail} in {} (use {} to keep it)",
            self.kind.label(),
            self.flag,
            flags::NO_REDACT.long()
        )
    }
}

/// Masks every piece of free text in the ticket; returns what was masked.
pub fn ticket(ticket: &mut Ticket, details_from_file: bool) -> Vec<Redaction> {
    let mut found = Vec::new();
    ticket.mask(|text, source| {
        let flag = match source {
            FreeText::Item(item) => item.long(),
            FreeText::Details if details_from_file => flags::DETAILS_FILE.long(),
            FreeText::Details => flags::DETAILS.long(),
            FreeText::Tried => flags::TRIED.long(),
        };
        mask_into(text, &flag, &mut found);
    });
    found
}

/// Masks a body the user edited (`--edit`), where new text may have been typed.
pub fn edited_body(body: &mut String) -> Vec<Redaction> {
    let mut found = Vec::new();
    mask_into(body, &flags::EDIT.long(), &mut found);
    found
}

/// Masks `s` in place, recording what was masked under `flag`.
fn mask_into(s: &mut String, flag: &str, found: &mut Vec<Redaction>) {
    let (masked, hits) = redact::text(s);
    if hits.is_empty() {
        return;
    }
    *s = masked;
    found.extend(hits.into_iter().map(|(kind, kept)| Redaction {
        kind,
        flag: flag.to_string(),
        kept,
    }));
}
