//! IBANs: a country code, two check digits and 11–30 letters or digits whose
//! mod-97 checksum is valid, found with the remainder carried along.

use super::span::{Sensitive, Span, wordish, wordish_before};

/// IBANs: checksum-valid, with or without single spaces between groups.
///
/// From each possible start, at most 34 letters or digits are read once,
/// the mod-97 remainder carried along, so the scan is linear.
pub(super) fn ibans(s: &str) -> Vec<Span> {
    let b = s.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i + 4 <= b.len() {
        let starts = b[i].is_ascii_alphabetic()
            && b[i + 1].is_ascii_alphabetic()
            && b[i + 2].is_ascii_digit()
            && b[i + 3].is_ascii_digit()
            && !wordish_before(s, i);
        if !starts {
            i += 1;
            continue;
        }
        // Candidate ends: after each group of letters/digits, up to 34 of
        // them; the longest one whose checksum holds wins.
        let head = [b[i], b[i + 1], b[i + 2], b[i + 3]];
        let mut found = None;
        let mut rem = 0;
        let mut j = i;
        let mut count = 0;
        while j < b.len() && count < 34 {
            if b[j].is_ascii_alphanumeric() {
                if count >= 4 {
                    rem = mod97_step(rem, b[j]);
                }
                count += 1;
                j += 1;
                if (15..=34).contains(&count)
                    && !wordish(s, j)
                    && head.iter().fold(rem, |r, &c| mod97_step(r, c)) == 1
                {
                    found = Some(j);
                }
            } else if b[j] == b' ' && j > i && j + 1 < b.len() && b[j + 1].is_ascii_alphanumeric() {
                j += 1;
            } else {
                break;
            }
        }
        match found {
            Some(end) => {
                out.push(Span {
                    start: i,
                    end,
                    kind: Sensitive::Iban,
                });
                i = end;
            }
            None => i += 1,
        }
    }
    out
}

/// One letter or digit more into an ISO 7064 mod-97 remainder (letters
/// count as 10–35, case ignored).
fn mod97_step(rem: u32, c: u8) -> u32 {
    let c = c.to_ascii_uppercase();
    if c.is_ascii_digit() {
        (rem * 10 + u32::from(c - b'0')) % 97
    } else {
        (rem * 100 + u32::from(c.saturating_sub(b'A')) + 10) % 97
    }
}

/// The IBAN mod-97 check (ISO 13616), spaces ignored.
pub fn iban_valid(candidate: &str) -> bool {
    let chars: Vec<u8> = candidate.bytes().filter(|c| *c != b' ').collect();
    if chars.len() < 15 || !chars.iter().all(u8::is_ascii_alphanumeric) {
        return false;
    }
    let rotated = chars[4..].iter().chain(&chars[..4]);
    rotated.fold(0, |rem, &c| mod97_step(rem, c)) == 1
}
