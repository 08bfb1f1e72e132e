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
        let article = match self.kind {
            Sensitive::Iban => "an",
            _ => "a",
        };
        format!(
            "masked {article} {}{tail} in {} (use {} to keep it)",
            self.kind.label(),
            self.flag,
            flags::NO_REDACT.long()
        )
    }
}

/// How many notes one kind of value in one flag gets before the rest are
/// counted in one line: a pasted log with hundreds of tokens warns in a few
/// lines, not hundreds (`redactions` in JSON still lists every one).
const NOTES_PER_PLACE: usize = 3;

/// The notes for `found`: one per masked value, at most [`NOTES_PER_PLACE`]
/// per kind and flag, then one line counting the rest there.
pub fn notes(found: &[Redaction]) -> Vec<String> {
    let mut out = Vec::new();
    let mut places: Vec<(Sensitive, &str, usize)> = Vec::new();
    for r in found {
        let at = match places.iter().position(|p| p.0 == r.kind && p.1 == r.flag) {
            Some(i) => i,
            None => {
                places.push((r.kind, &r.flag, 0));
                places.len() - 1
            }
        };
        places[at].2 += 1;
        if places[at].2 <= NOTES_PER_PLACE {
            out.push(r.note());
        }
    }
    for (kind, flag, n) in places {
        let more = n.saturating_sub(NOTES_PER_PLACE);
        if more > 0 {
            out.push(format!(
                "masked {more} more {} in {flag} ({n} in all)",
                plural(more, kind.label())
            ));
        }
    }
    out
}

/// `card number`, `card numbers`, `secrets or tokens`.
fn plural(n: usize, label: &str) -> String {
    match (n, label.split_once(" or ")) {
        (1, _) => label.to_string(),
        (_, Some((a, b))) => format!("{a}s or {b}s"),
        _ => format!("{label}s"),
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

#[cfg(test)]
mod tests {
    use super::*;

    fn found(kind: Sensitive, flag: &str, n: usize) -> Vec<Redaction> {
        (0..n)
            .map(|i| Redaction {
                kind,
                flag: flag.into(),
                kept: format!("{:04}", i),
            })
            .collect()
    }

    #[test]
    fn many_masked_values_in_one_place_are_counted_not_listed() {
        let mut all = found(Sensitive::CardNumber, "--details-file", 500);
        all.extend(found(Sensitive::Secret, "--tried", 2));
        all.extend(found(Sensitive::Secret, "--details-file", 4));
        let listed = notes(&all);
        assert_eq!(listed.len(), 3 + 2 + 3 + 2, "{listed:#?}");
        assert!(listed[0].contains("card number ending in 0000 in --details-file"));
        assert!(
            listed.contains(&"masked 497 more card numbers in --details-file (500 in all)".into()),
            "{listed:#?}"
        );
        assert!(
            listed.contains(&"masked 1 more secret or token in --details-file (4 in all)".into()),
            "{listed:#?}"
        );
        // Three or fewer in a place: each is named, nothing is counted.
        let few = notes(&found(Sensitive::Iban, "--details", 3));
        assert_eq!(few.len(), 3);
        assert!(
            few.iter().all(|n| n.starts_with("masked an IBAN")),
            "{few:?}"
        );
    }
}
