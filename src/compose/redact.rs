//! Payment-data redaction: masks card numbers, IBANs and secrets in free text.
//!
//! Customers paste whatever is on their screen. Before a ticket is rendered,
//! [`ticket`] scans its free text (details, steps tried, and every Text or
//! Line checklist value such as a summary) and masks
//!
//! - card numbers: runs of 13–19 digits, single spaces or dashes allowed
//!   between digits, that pass the Luhn check;
//! - IBANs: a country code, two check digits and 11–30 letters or digits
//!   (single spaces allowed) whose mod-97 checksum is valid;
//! - secrets: known key prefixes (`sk_live_…`, `rk_…`, `whsec_…`, `ghp_…`,
//!   `AKIA…`, JWTs), `Bearer …` tokens, `password=…`-style assignments, and
//!   long high-entropy tokens.
//!
//! Only the last four letters or digits survive, and none of a value with
//! fewer than twelve (a short password would be half given away).
//! Identifiers given through their own flags (payment ID, gateway reference,
//! event ID) are never touched: they are not free text. The step is pure and
//! runs between the checklist and the renderer.

use serde::Serialize;

use crate::catalog::Kind;
use crate::compose::checklist::{Ticket, Value};

/// The character that replaces a masked one.
const MASK: char = '*';

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
    /// The warning line printed on stderr and carried in JSON.
    pub fn warning(&self) -> String {
        let tail = if self.kept.is_empty() {
            String::new()
        } else {
            format!(" ending in {}", self.kept)
        };
        format!(
            "masked a {}{tail} in {} (use --no-redact to keep it)",
            self.kind.label(),
            self.flag
        )
    }
}

/// Masks every sensitive value in the ticket's free text, recording each one
/// in `ticket.redactions` and as a warning.
///
/// `details_flag` names where the details came from (`--details` or
/// `--details-file`).
pub fn ticket(ticket: &mut Ticket, details_flag: &str) {
    let mut found = Vec::new();
    for entry in &mut ticket.entries {
        if !matches!(entry.item.kind, Kind::Text | Kind::Line) {
            continue;
        }
        if let Value::Text(s) = &mut entry.value {
            mask_into(s, &entry.item.long(), &mut found);
        }
    }
    if let Some(details) = &mut ticket.details {
        mask_into(details, details_flag, &mut found);
    }
    for step in &mut ticket.tried {
        mask_into(step, "--tried", &mut found);
    }
    ticket.warnings.extend(found.iter().map(Redaction::warning));
    ticket.redactions.extend(found);
}

/// Masks `s` in place, recording what was masked under `flag`.
fn mask_into(s: &mut String, flag: &str, found: &mut Vec<Redaction>) {
    let (masked, hits) = text(s);
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

/// A byte range of the text to mask, and why.
#[derive(Debug, Clone, Copy)]
struct Span {
    start: usize,
    end: usize,
    kind: Sensitive,
}

/// Masks one text; returns it with what was masked (kind and kept tail).
pub fn text(s: &str) -> (String, Vec<(Sensitive, String)>) {
    let mut spans: Vec<Span> = Vec::new();
    let mut add = |found: Vec<Span>| {
        for sp in found {
            if !spans.iter().any(|o| sp.start < o.end && o.start < sp.end) {
                spans.push(sp);
            }
        }
    };
    add(cards(s));
    add(ibans(s));
    add(secrets(s));
    spans.sort_by_key(|sp| sp.start);

    let mut out = String::with_capacity(s.len());
    let mut hits = Vec::new();
    let mut at = 0;
    for sp in spans {
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

/// Whether the character at byte `i` (if any) continues a word.
fn wordish(s: &str, i: usize) -> bool {
    s[i..]
        .chars()
        .next()
        .is_some_and(|c| c.is_alphanumeric() || c == '_')
}

/// Whether the character before byte `i` continues a word.
fn wordish_before(s: &str, i: usize) -> bool {
    s[..i]
        .chars()
        .next_back()
        .is_some_and(|c| c.is_alphanumeric() || c == '_')
}

/// Groups of ASCII digits starting at byte `start`, each separated from the
/// next by exactly one space or dash: `(start, end)` byte ranges.
fn digit_groups(s: &str, start: usize) -> Vec<(usize, usize)> {
    let b = s.as_bytes();
    let mut groups = Vec::new();
    let mut i = start;
    loop {
        let g = i;
        while i < b.len() && b[i].is_ascii_digit() {
            i += 1;
        }
        groups.push((g, i));
        if i + 1 < b.len() && matches!(b[i], b' ' | b'-') && b[i + 1].is_ascii_digit() {
            i += 1;
        } else {
            return groups;
        }
    }
}

/// Card numbers: Luhn-valid runs of 13–19 digits.
///
/// A longer run (a card followed by an expiry year, say) is searched for a
/// valid card made of whole consecutive groups.
fn cards(s: &str) -> Vec<Span> {
    let b = s.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < b.len() {
        if !b[i].is_ascii_digit() || wordish_before(s, i) {
            i += 1;
            continue;
        }
        let groups = digit_groups(s, i);
        let run_end = groups.last().map_or(i, |g| g.1);
        if wordish(s, run_end) {
            i = run_end.max(i + 1);
            continue;
        }
        let mut first = 0;
        while first < groups.len() {
            let found = (first..groups.len()).rev().find_map(|last| {
                let (start, end) = (groups[first].0, groups[last].1);
                let digits: Vec<u8> = b[start..end]
                    .iter()
                    .filter(|c| c.is_ascii_digit())
                    .map(|c| c - b'0')
                    .collect();
                ((13..=19).contains(&digits.len()) && luhn(&digits)).then_some(Span {
                    start,
                    end,
                    kind: Sensitive::CardNumber,
                })
            });
            match found {
                Some(sp) => {
                    out.push(sp);
                    first = groups
                        .iter()
                        .position(|g| g.0 >= sp.end)
                        .unwrap_or(groups.len());
                }
                None => first += 1,
            }
        }
        i = run_end.max(i + 1);
    }
    out
}

/// The Luhn checksum over decimal digits.
pub fn luhn(digits: &[u8]) -> bool {
    let sum: u32 = digits
        .iter()
        .rev()
        .enumerate()
        .map(|(n, &d)| {
            let d = u32::from(d);
            if n % 2 == 1 {
                let x = d * 2;
                if x > 9 { x - 9 } else { x }
            } else {
                d
            }
        })
        .sum();
    !digits.is_empty() && sum.is_multiple_of(10)
}

/// IBANs: checksum-valid, with or without single spaces between groups.
fn ibans(s: &str) -> Vec<Span> {
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
        // Candidate ends: after each group of letters/digits, up to 34 of them.
        let mut ends = Vec::new();
        let mut j = i;
        let mut count = 0;
        while j < b.len() && count < 34 {
            if b[j].is_ascii_alphanumeric() {
                count += 1;
                j += 1;
                if !wordish(s, j) {
                    ends.push((j, count));
                }
            } else if b[j] == b' ' && j > i && j + 1 < b.len() && b[j + 1].is_ascii_alphanumeric() {
                j += 1;
            } else {
                break;
            }
        }
        let found = ends
            .iter()
            .rev()
            .find(|(end, n)| (15..=34).contains(n) && iban_valid(&s[i..*end]));
        match found {
            Some(&(end, _)) => {
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

/// The IBAN mod-97 check (ISO 13616), spaces ignored.
pub fn iban_valid(candidate: &str) -> bool {
    let chars: Vec<u8> = candidate
        .bytes()
        .filter(|c| *c != b' ')
        .map(|c| c.to_ascii_uppercase())
        .collect();
    if chars.len() < 15 || !chars.iter().all(u8::is_ascii_alphanumeric) {
        return false;
    }
    let rotated = chars[4..].iter().chain(&chars[..4]);
    let mut rem: u32 = 0;
    for &c in rotated {
        let v = if c.is_ascii_digit() {
            u32::from(c - b'0')
        } else {
            u32::from(c - b'A') + 10
        };
        rem = if v >= 10 {
            (rem * 100 + v) % 97
        } else {
            (rem * 10 + v) % 97
        };
    }
    rem == 1
}

/// Prefixes of keys that are secret by construction.
const SECRET_PREFIXES: &[&str] = &[
    "sk_live_",
    "sk_test_",
    "rk_live_",
    "rk_test_",
    "rk_",
    "whsec_",
    "ghp_",
    "gho_",
    "ghs_",
    "github_pat_",
    "xoxb-",
    "xoxp-",
    "xoxa-",
    "glpat-",
];

/// Names whose value, after `=` or `:`, is a secret.
const SECRET_NAMES: &[&str] = &[
    "password",
    "passwd",
    "pwd",
    "pass",
    "passphrase",
    "token",
    "secret",
    "apikey",
    "api_key",
    "api-key",
    "access_token",
    "auth_token",
    "client_secret",
    "private_key",
];

/// Secrets: key=value assignments, bearer tokens, prefixed keys, high entropy.
fn secrets(s: &str) -> Vec<Span> {
    let mut out = Vec::new();
    out.extend(assignments(s));
    out.extend(bearer(s));
    for (start, end) in tokens(s) {
        let t = &s[start..end];
        if out.iter().any(|o: &Span| start < o.end && o.start < end) {
            continue;
        }
        if looks_secret(t) {
            out.push(Span {
                start,
                end,
                kind: Sensitive::Secret,
            });
        }
    }
    out
}

/// Maximal runs of token characters: letters, digits and `_-+.~/=`, trailing
/// dots and `=` padding trimmed off the dots only.
fn tokens(s: &str) -> Vec<(usize, usize)> {
    let is_tok = |c: char| c.is_ascii_alphanumeric() || "_-+.~/=".contains(c);
    let mut out = Vec::new();
    let mut start = None;
    for (i, c) in s.char_indices().chain(std::iter::once((s.len(), ' '))) {
        match (start, is_tok(c) && i < s.len()) {
            (None, true) => start = Some(i),
            (Some(st), false) => {
                let t = s[st..i].trim_end_matches('.');
                if !t.is_empty() {
                    out.push((st, st + t.len()));
                }
                start = None;
            }
            _ => {}
        }
    }
    out
}

/// Whether one token is a secret on its own.
fn looks_secret(t: &str) -> bool {
    // URLs and paths are split on `/`: judge each piece, not the whole.
    if t.contains('/') && !t.contains("//") {
        // base64 may hold `/`; judge it whole when it has no dot (not a path).
        if t.contains('.') {
            return t.split('/').any(looks_secret);
        }
    } else if t.contains("//") {
        return t.split(['/', '=']).any(looks_secret);
    }
    let lower = t.to_ascii_lowercase();
    if let Some(p) = SECRET_PREFIXES.iter().find(|p| lower.starts_with(*p)) {
        return t.len() >= p.len() + 8;
    }
    if t.len() == 20
        && t.starts_with("AKIA")
        && t.bytes()
            .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit())
    {
        return true;
    }
    if is_jwt(t) {
        return true;
    }
    high_entropy(t)
}

/// A JSON Web Token: three base64url parts, the first starting `eyJ`.
fn is_jwt(t: &str) -> bool {
    let parts: Vec<&str> = t.split('.').collect();
    parts.len() == 3
        && parts[0].starts_with("eyJ")
        && parts.iter().take(2).all(|p| p.len() >= 10)
        && parts.iter().all(|p| {
            p.bytes()
                .all(|c| c.is_ascii_alphanumeric() || c == b'_' || c == b'-')
        })
}

/// Long, random-looking tokens: upper, lower and digits mixed like random
/// text, not like words, identifiers (`pay_123`), hex hashes or UUIDs.
fn high_entropy(t: &str) -> bool {
    let core = t.trim_end_matches('=');
    if core.len() < 32 {
        return false;
    }
    let b = core.as_bytes();
    let upper = b.iter().filter(|c| c.is_ascii_uppercase()).count();
    let lower = b.iter().filter(|c| c.is_ascii_lowercase()).count();
    let digit = b.iter().filter(|c| c.is_ascii_digit()).count();
    if upper < 3 || lower < 3 || digit < 1 {
        return false;
    }
    let class = |c: u8| -> u8 {
        if c.is_ascii_uppercase() {
            0
        } else if c.is_ascii_lowercase() {
            1
        } else if c.is_ascii_digit() {
            2
        } else {
            3
        }
    };
    let changes = b.windows(2).filter(|w| class(w[0]) != class(w[1])).count();
    let change_rate = changes as f64 / (b.len() - 1) as f64;
    // In CamelCase an upper-case letter is nearly always followed by a
    // lower-case one; in random text, more than half the time it is not.
    let upper_then_other = b
        .iter()
        .enumerate()
        .filter(|(i, c)| {
            c.is_ascii_uppercase() && !b.get(i + 1).is_some_and(u8::is_ascii_lowercase)
        })
        .count();
    change_rate >= 0.4 && entropy(b) >= 3.8 && upper_then_other * 4 >= upper
}

/// Shannon entropy in bits per byte.
fn entropy(b: &[u8]) -> f64 {
    let mut counts = [0u32; 256];
    for &c in b {
        counts[usize::from(c)] += 1;
    }
    let n = b.len() as f64;
    counts
        .iter()
        .filter(|&&k| k > 0)
        .map(|&k| {
            let p = f64::from(k) / n;
            -p * p.log2()
        })
        .sum()
}

/// `password=…`, `token: …` and friends: the value is masked, the name kept.
fn assignments(s: &str) -> Vec<Span> {
    let b = s.as_bytes();
    let mut out = Vec::new();
    for (i, &c) in b.iter().enumerate() {
        if c != b'=' && c != b':' {
            continue;
        }
        // The name: the run of [A-Za-z0-9_-] just before.
        let name_start = b[..i]
            .iter()
            .rposition(|c| !(c.is_ascii_alphanumeric() || *c == b'_' || *c == b'-'))
            .map_or(0, |p| p + 1);
        let name = s[name_start..i].to_ascii_lowercase();
        let named = SECRET_NAMES.iter().any(|n| {
            name == *n
                || name
                    .strip_suffix(n)
                    .is_some_and(|rest| rest.ends_with(['_', '-']))
        });
        if !named {
            continue;
        }
        // The value: after optional spaces (for `:` and `=`), up to
        // whitespace, a quote, `&`, `,` or `;`.
        let mut v = i + 1;
        if c == b':' && b.get(v) == Some(&b'/') {
            continue; // a URL scheme, not an assignment
        }
        while v < b.len() && b[v] == b' ' {
            v += 1;
        }
        if b.get(v).is_some_and(|q| *q == b'"' || *q == b'\'') {
            v += 1;
        }
        let end = s[v..]
            .char_indices()
            .find(|(_, c)| c.is_whitespace() || "\"'&,;".contains(*c))
            .map_or(s.len(), |(k, _)| v + k);
        if s[v..end].chars().any(char::is_alphanumeric) {
            out.push(Span {
                start: v,
                end,
                kind: Sensitive::Secret,
            });
        }
    }
    out
}

/// `Bearer <token>` (any case): the token is masked.
fn bearer(s: &str) -> Vec<Span> {
    let lower = s.to_ascii_lowercase();
    let mut out = Vec::new();
    let mut from = 0;
    while let Some(k) = lower[from..].find("bearer") {
        let at = from + k;
        from = at + "bearer".len();
        if wordish_before(s, at) {
            continue;
        }
        let mut v = from;
        let b = s.as_bytes();
        if !(v < b.len() && (b[v] == b' ' || b[v] == b'\t')) {
            continue;
        }
        while v < b.len() && (b[v] == b' ' || b[v] == b'\t') {
            v += 1;
        }
        let end = s[v..]
            .char_indices()
            .find(|(_, c)| !(c.is_ascii_alphanumeric() || "-._~+/=".contains(*c)))
            .map_or(s.len(), |(k, _)| v + k);
        if end - v >= 8 {
            out.push(Span {
                start: v,
                end,
                kind: Sensitive::Secret,
            });
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn masked(s: &str) -> String {
        text(s).0
    }

    #[test]
    fn cards_are_masked_when_luhn_valid() {
        assert_eq!(
            masked("card 4111 1111 1111 1111 was charged"),
            "card **** **** **** 1111 was charged"
        );
        assert_eq!(masked("4242424242424242"), "************4242");
        assert_eq!(masked("5555-5555-5555-4444."), "****-****-****-4444.");
        // A card followed by an expiry year is still found.
        assert_eq!(
            masked("4111 1111 1111 1111 2027"),
            "**** **** **** 1111 2027"
        );
    }

    #[test]
    fn ordinary_numbers_are_left_alone() {
        for s in [
            "order 1234567812345678 (not Luhn-valid)",
            "pay_123 and pay_4111111111111111",
            "at 2024-05-01 10:30 we paid 1,250.00",
            "call +1 555 123 4567",
            "event evt_42 with 12000 photos",
            "ref4111111111111111",
        ] {
            assert_eq!(masked(s), s, "{s}");
        }
    }

    #[test]
    fn ibans_are_masked_when_checksum_valid() {
        assert_eq!(
            masked("IBAN DE89 3704 0044 0532 0130 00 please"),
            "IBAN **** **** **** **** **30 00 please"
        );
        assert_eq!(masked("GB82WEST12345698765432"), "******************5432");
        // One digit off: the checksum fails.
        assert_eq!(masked("GB82WEST12345698765433"), "GB82WEST12345698765433");
    }

    #[test]
    fn secrets_are_masked() {
        assert_eq!(
            masked("key sk_live_51HxYzAbCdEf1234"),
            "key **_****_************1234"
        );
        assert_eq!(
            masked("Authorization: Bearer abcDEF123456789xyz"),
            "Authorization: Bearer **************9xyz"
        );
        assert_eq!(masked("password=hunter2 ok"), "password=******* ok");
        assert_eq!(
            masked("db_password: correcthorsebattery"),
            "db_password: ***************tery"
        );
        assert_eq!(masked("rk_test_abcdefgh12"), "**_****_******gh12");
        let token = "aB3dE5fG7hJ9kL1mN3pQ5rS7tU9vW1xY3z";
        let out = masked(&format!("token {token} here"));
        assert!(!out.contains(token), "{out}");
        assert!(out.ends_with("Y3z here"), "{out}");
    }

    #[test]
    fn words_and_ids_are_not_secrets() {
        for s in [
            "pay_123",
            "pi_3NqQ8h2eZvKYlo2C1aBcDeFg",
            "ThisIsAVeryLongCamelCaseIdentifierForTheYear2024",
            "https://app.9pic.ai/events/evt_42/details",
            "d41d8cd98f00b204e9800998ecf8427e",
            "123e4567-e89b-12d3-a456-426614174000",
            "my password is long and I forgot it",
            "the token: expired",
            "Internationalization",
            "XMLHttpRequestFailedWithStatusCode500Error",
            "HTTPSConnectionPoolHostApi9picAiPort443",
            "see https://docs.9pic.ai/pro-guide/credits",
        ] {
            let out = masked(s);
            if s == "the token: expired" {
                // A named assignment is masked whatever its value.
                assert_eq!(out, "the token: *******");
            } else {
                assert_eq!(out, s, "{s}");
            }
        }
    }

    #[test]
    fn masking_keeps_separators_and_line_structure() {
        let s = "line one\n4111-1111-1111-1111\nline three";
        let out = masked(s);
        assert_eq!(out.lines().count(), 3);
        assert!(!out.contains("4111-1111-1111-1111"));
    }

    #[test]
    fn luhn_and_mod97() {
        assert!(luhn(&[4, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1]));
        assert!(!luhn(&[1, 2, 3, 4, 5, 6, 7, 8, 1, 2, 3, 4, 5, 6, 7, 8]));
        assert!(iban_valid("DE89 3704 0044 0532 0130 00"));
        assert!(!iban_valid("DE88 3704 0044 0532 0130 00"));
    }
}
