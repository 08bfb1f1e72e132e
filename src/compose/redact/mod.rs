//! Payment-data redaction: masks card numbers, IBANs and secrets in free text.
//!
//! Customers paste whatever is on their screen. [`text`] masks, in
//! one piece of text,
//!
//! - card numbers: 13–19 digits that pass the Luhn check, written as one
//!   run or grouped as cards are printed (4-4-4-4, 4-4-4-4-3, 4-6-5, 4-6-4;
//!   single spaces or dashes between groups), never a list of short numbers;
//! - IBANs: a country code, two check digits and 11–30 letters or digits
//!   (single spaces allowed) whose mod-97 checksum is valid;
//! - secrets: known key prefixes (`sk_live_…`, `rk_…`, `whsec_…`, `ghp_…`,
//!   `AKIA…`, JWTs), `Bearer …` tokens, `password=…`-style assignments, and
//!   long high-entropy tokens.
//!
//! Only the last four letters or digits survive, and none of a value with
//! fewer than twelve (a short password would be half given away).
//! Identifiers given through their own flags (payment ID, gateway reference,
//! event ID) are never handed to it: they are not free text. It knows no
//! ticket and no flag; the caller says where each finding came from.

use std::collections::BTreeMap;

mod cards;
mod iban;
mod secrets;
mod span;

pub use cards::luhn;
pub use iban::iban_valid;
pub use span::Sensitive;

use cards::cards;
use iban::ibans;
use secrets::secrets;
use span::Span;

/// The character that replaces a masked one.
const MASK: char = '*';

/// Masks one text; returns it with what was masked (kind and kept tail).
///
/// Linear in the length of `s` (up to a logarithm for ordering the spans):
/// every scanner looks at each byte a bounded number of times.
pub fn text(s: &str) -> (String, Vec<(Sensitive, String)>) {
    // Accepted spans by start; they never overlap, so a candidate overlaps
    // one of them exactly when it overlaps the last one starting before its end.
    let mut accepted: BTreeMap<usize, Span> = BTreeMap::new();
    let mut add = |found: Vec<Span>| {
        for sp in found {
            let overlaps = accepted
                .range(..sp.end)
                .next_back()
                .is_some_and(|(_, o)| sp.start < o.end && o.start < sp.end);
            if !overlaps {
                accepted.insert(sp.start, sp);
            }
        }
    };
    add(cards(s));
    add(ibans(s));
    add(secrets(s));

    let mut out = String::with_capacity(s.len());
    let mut hits = Vec::new();
    let mut at = 0;
    for sp in accepted.into_values() {
        out.push_str(&s[at..sp.start]);
        let (masked, kept) = mask(&s[sp.start..sp.end]);
        out.push_str(&masked);
        hits.push((sp.kind, kept));
        at = sp.end;
    }
    out.push_str(&s[at..]);
    (out, hits)
}

/// Masks the letters and digits of a value, keeping its last four (none when
/// it has fewer than twelve) and every separator.
fn mask(value: &str) -> (String, String) {
    let significant = value.chars().filter(|c| c.is_alphanumeric()).count();
    let keep = if significant >= 12 { 4 } else { 0 };
    let mut seen = 0;
    let mut kept = String::new();
    let masked = value
        .chars()
        .map(|c| {
            if !c.is_alphanumeric() {
                return c;
            }
            seen += 1;
            if seen > significant - keep {
                kept.push(c);
                c
            } else {
                MASK
            }
        })
        .collect();
    (masked, kept)
}

#[cfg(test)]
mod tests;
