//! What the scanners report: a byte range to mask and its kind, and the
//! word-boundary tests every scanner shares.

use serde::Serialize;

/// What kind of sensitive value was masked.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Sensitive {
    CardNumber,
    Iban,
    Secret,
}

impl Sensitive {
    /// How a message names it.
    pub fn label(self) -> &'static str {
        match self {
            Sensitive::CardNumber => "card number",
            Sensitive::Iban => "IBAN",
            Sensitive::Secret => "secret or token",
        }
    }
}

/// A byte range of the text to mask, and why.
#[derive(Debug, Clone, Copy)]
pub(super) struct Span {
    pub(super) start: usize,
    pub(super) end: usize,
    pub(super) kind: Sensitive,
}

/// Whether the character at byte `i` (if any) continues a word.
pub(super) fn wordish(s: &str, i: usize) -> bool {
    s[i..]
        .chars()
        .next()
        .is_some_and(|c| c.is_alphanumeric() || c == '_')
}

/// Whether the character before byte `i` continues a word.
pub(super) fn wordish_before(s: &str, i: usize) -> bool {
    s[..i]
        .chars()
        .next_back()
        .is_some_and(|c| c.is_alphanumeric() || c == '_')
}
