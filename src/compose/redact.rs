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

use serde::Serialize;

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

/// A byte range of the text to mask, and why.
#[derive(Debug, Clone, Copy)]
struct Span {
    start: usize,
    end: usize,
    kind: Sensitive,
}

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
///
/// One pass over the run.
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

/// The most digits a card number has.
const CARD_MAX: usize = 19;
/// The fewest digits a card number has.
const CARD_MIN: usize = 13;

/// How far a window of digit groups (their lengths so far) is from being
/// written the way card numbers are: one unbroken run of 13–19 digits, or
/// groups of four ending in a group of one to four (4-4-4-4, 4-4-4-4-3,
/// 4-4-4-1, …), or the 4-6-5 and 4-6-4 of American Express and Diners.
/// A list of six-digit payment IDs is none of these.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Shape {
    /// It may still grow into a card shape.
    Open,
    /// It is a card shape and may not grow (a short last group, 4-6-5).
    Closed,
    /// It is no card shape, however it goes on.
    Broken,
}

/// The shape of the window after adding a group of `len` digits as its
/// `index`-th group, given the lengths of its first two groups (0 when not
/// there yet) and its shape before.
fn shape_after(before: Shape, index: usize, first: usize, second: usize, len: usize) -> Shape {
    match (before, index) {
        (Shape::Closed | Shape::Broken, _) => Shape::Broken,
        // A single group is a card only as one run (checked by its length).
        (Shape::Open, 0) => Shape::Open,
        (Shape::Open, _) if first != 4 => Shape::Broken,
        (Shape::Open, 1) if len == 6 => Shape::Open,
        (Shape::Open, 2) if second == 6 => match len {
            4 | 5 => Shape::Closed,
            _ => Shape::Broken,
        },
        (Shape::Open, _) => match len {
            4 => Shape::Open,
            1..=3 => Shape::Closed,
            _ => Shape::Broken,
        },
    }
}

/// Whether a window of `groups` groups holding `digits` digits, in `shape`,
/// is written as a card number.
fn card_shaped(groups: usize, digits: usize, shape: Shape) -> bool {
    (CARD_MIN..=CARD_MAX).contains(&digits) && (groups == 1 || shape != Shape::Broken)
}

/// Card numbers: Luhn-valid runs of 13–19 digits, written as cards are
/// (see [`Shape`]).
///
/// A longer run of groups (a card followed by an expiry year, or between
/// payment IDs) is searched for a card made of whole consecutive groups:
/// from each group, the longest card-shaped window that passes the check.
/// A window never spans more than 19 digits and stops as soon as its shape
/// is broken, which keeps the scan linear: O(19) work per group.
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
            // Add the groups from `first` on, up to 19 digits and while the
            // shape holds, keeping the Luhn sum both ways (which digits are
            // doubled depends on the final length): O(1) per digit.
            let mut n = 0;
            let mut sums = [0u32; 2];
            let mut found: Option<usize> = None;
            let mut shape = Shape::Open;
            let mut lens = [0usize; 2];
            let mut last = first;
            while last < groups.len() {
                let (gs, ge) = groups[last];
                let index = last - first;
                if index < 2 {
                    lens[index] = ge - gs;
                }
                shape = shape_after(shape, index, lens[0], lens[1], ge - gs);
                if n + (ge - gs) > CARD_MAX || (index > 0 && shape == Shape::Broken) {
                    break;
                }
                for &c in &b[gs..ge] {
                    let d = u32::from(c - b'0');
                    let doubled = if d * 2 > 9 { d * 2 - 9 } else { d * 2 };
                    // sums[0] doubles the digits at even places from the
                    // left, sums[1] those at odd places.
                    sums[n % 2] += doubled;
                    sums[1 - n % 2] += d;
                    n += 1;
                }
                // With n digits the doubled ones are those at an even
                // distance + 1 from the right: even places when n is even.
                if card_shaped(index + 1, n, shape) && sums[n % 2].is_multiple_of(10) {
                    found = Some(last);
                }
                last += 1;
            }
            match found {
                Some(last) => {
                    out.push(Span {
                        start: groups[first].0,
                        end: groups[last].1,
                        kind: Sensitive::CardNumber,
                    });
                    first = last + 1;
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
///
/// From each possible start, at most 34 letters or digits are read once,
/// the mod-97 remainder carried along, so the scan is linear.
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
    let mut out = assignments(s);
    out.extend(bearer(s));
    // Tokens come in order and never overlap; walk the named spans (sorted
    // by start) alongside, keeping the furthest end of those starting before
    // the token's end: the token overlaps one exactly when that end is past
    // its start.
    let mut named = out.clone();
    named.sort_by_key(|sp| sp.start);
    let mut next = 0;
    let mut furthest = 0;
    for (start, end) in tokens(s) {
        while next < named.len() && named[next].start < end {
            furthest = furthest.max(named[next].end);
            next += 1;
        }
        if furthest > start {
            continue;
        }
        if looks_secret(&s[start..end]) {
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
    let mut stop = NextChar::default();
    let mut alnum = NextChar::default();
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
        // Values start further right each time, so one forward scan for
        // each boundary serves every assignment until it is passed.
        let end = stop.next(s, v, |c| c.is_whitespace() || "\"'&,;".contains(c));
        if alnum.next(s, v, char::is_alphanumeric) < end {
            out.push(Span {
                start: v,
                end,
                kind: Sensitive::Secret,
            });
        }
    }
    out
}

/// The first character at or after a byte position that matches a test,
/// remembered: for positions that only grow, every byte is tested once.
#[derive(Default)]
struct NextChar {
    /// The last scan started here…
    from: usize,
    /// …and found the first match here (`s.len()` for none).
    at: Option<usize>,
}

impl NextChar {
    /// The byte index of the first character at or after `v` (a character
    /// boundary) for which `test` holds, or `s.len()`.
    fn next(&mut self, s: &str, v: usize, test: impl Fn(char) -> bool) -> usize {
        if let Some(at) = self.at
            && self.from <= v
            && v <= at
        {
            return at;
        }
        let at = s[v..]
            .char_indices()
            .find(|(_, c)| test(*c))
            .map_or(s.len(), |(k, _)| v + k);
        self.from = v;
        self.at = Some(at);
        at
    }
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
    fn cards_in_the_usual_groupings_are_masked() {
        for (card, want) in [
            ("4111 1111 1111 1111", "**** **** **** 1111"),
            ("4111-1111-1111-1111", "****-****-****-1111"),
            ("4111111111111111", "************1111"),
            // American Express 4-6-5 and Diners 4-6-4.
            ("3782 822463 10005", "**** ****** *0005"),
            ("378282246310005", "***********0005"),
            ("3056 930902 5904", "**** ****** 5904"),
            // Nineteen digits, 4-4-4-4-3; thirteen, 4-4-4-1.
            ("6011 0009 9013 9424 009", "**** **** **** ***4 009"),
            ("4222 2222 2222 2", "**** **** *222 2"),
        ] {
            assert!(
                luhn(
                    &card
                        .bytes()
                        .filter(u8::is_ascii_digit)
                        .map(|c| c - b'0')
                        .collect::<Vec<_>>()
                ),
                "{card}"
            );
            assert_eq!(
                masked(&format!("paid with {card}.")),
                format!("paid with {want}."),
                "{card}"
            );
        }
        // Between payment IDs, the card alone is masked.
        assert_eq!(
            masked("123456 654321 4111 1111 1111 1111 111111 222222"),
            "123456 654321 **** **** **** 1111 111111 222222"
        );
    }

    #[test]
    fn lists_of_short_numbers_are_no_card_numbers() {
        // Luhn-valid when joined, but nobody writes a card like this.
        for s in [
            "123456 654321 111117",
            "411111 111111 1111",
            "41 1111 1111 1111 11",
            "4111 11111 1111 111",
            "1 2 3 4 5 6 7 8 9 1 2 3 3",
            "20 24 05 01 10 30 1",
        ] {
            let digits: Vec<u8> = s
                .bytes()
                .filter(u8::is_ascii_digit)
                .map(|c| c - b'0')
                .collect();
            assert!(
                luhn(&digits),
                "{s} should pass Luhn to make the test mean something"
            );
            assert_eq!(masked(s), s, "{s}");
        }
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

    /// Whether groups of these lengths are written as a card number is.
    fn written_as_card(lens: &[usize]) -> bool {
        let total: usize = lens.iter().sum();
        (13..=19).contains(&total)
            && match lens {
                [_] | [4, 6, 4] | [4, 6, 5] => true,
                [4, middle @ .., last] => middle.iter().all(|&l| l == 4) && (1..=4).contains(last),
                _ => false,
            }
    }

    /// The card scan written plainly (every window of whole groups, its
    /// shape and digits looked at again for each): slow, but plainly right.
    fn cards_by_every_window(s: &str) -> Vec<(usize, usize)> {
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
                    let lens: Vec<usize> = groups[first..=last].iter().map(|g| g.1 - g.0).collect();
                    (written_as_card(&lens) && luhn(&digits)).then_some((start, end))
                });
                match found {
                    Some(sp) => {
                        out.push(sp);
                        first = groups
                            .iter()
                            .position(|g| g.0 >= sp.1)
                            .unwrap_or(groups.len());
                    }
                    None => first += 1,
                }
            }
            i = run_end.max(i + 1);
        }
        out
    }

    /// A small deterministic generator (no time, no randomness source).
    fn xorshift(state: &mut u64) -> u64 {
        *state ^= *state << 13;
        *state ^= *state >> 7;
        *state ^= *state << 17;
        *state
    }

    #[test]
    fn the_windowed_card_scan_finds_what_every_window_finds() {
        let mut state = 0x9e37_79b9_7f4a_7c15;
        let pieces = [
            "4111",
            "1111",
            "4242",
            "5555",
            "4444",
            "1",
            "12",
            "2027",
            "0",
            "411111",
            "x",
            "é",
            "_",
            ".",
            "a",
            "3782",
            "822463",
            "10005",
            "0005",
            "4111111111111111",
            "123",
        ];
        let seps = [" ", "-", "  ", "", " -", "\n"];
        for _ in 0..3000 {
            let mut s = String::new();
            let n = xorshift(&mut state) % 24;
            for _ in 0..n {
                let r = xorshift(&mut state);
                s.push_str(pieces[(r % pieces.len() as u64) as usize]);
                s.push_str(seps[((r >> 16) % seps.len() as u64) as usize]);
            }
            let fast: Vec<(usize, usize)> = cards(&s).iter().map(|sp| (sp.start, sp.end)).collect();
            assert_eq!(fast, cards_by_every_window(&s), "{s:?}");
        }
    }

    #[test]
    fn ibans_found_incrementally_match_the_whole_check() {
        // Every prefix that is long enough, valid or not, agrees with iban_valid.
        let iban = "GB82WEST12345698765432";
        for end in 15..=iban.len() {
            let candidate = &iban[..end];
            let found = ibans(candidate);
            assert_eq!(
                found.len() == 1 && found[0].end == end,
                iban_valid(candidate),
                "{candidate}"
            );
        }
        assert!(iban_valid("gb82west12345698765432"));
    }

    /// Critical: 8 KB of "1 1 1 …" used to hang (every pair of groups,
    /// digits collected again for each). A mebibyte of digit groups is now
    /// scanned once; the result is checked, the time is left to benches/.
    #[test]
    fn a_mebibyte_of_digit_groups_is_redacted_correctly() {
        let ones = "1 ".repeat(512 * 1024);
        let (out, hits) = text(&ones);
        assert!(hits.is_empty());
        assert_eq!(out, ones);

        // Cards and six-digit payment IDs in one long run of groups.
        let unit = "4111 1111 1111 1111 123456 ";
        let masked_unit = "**** **** **** 1111 123456 ";
        let n = (1 << 20) / unit.len();
        let (out, hits) = text(&unit.repeat(n));
        assert_eq!(hits.len(), n);
        assert!(
            hits.iter()
                .all(|(k, kept)| *k == Sensitive::CardNumber && kept == "1111")
        );
        assert_eq!(out, masked_unit.repeat(n));

        // Pasted payment IDs: 1 MiB of six-digit groups, twenty to a line,
        // are no card numbers, whatever their digits add up to (the same as
        // the reference scan, quadratic in a run, so the runs are kept short
        // for it here).
        let mut ids = String::new();
        let mut state = 7;
        while ids.len() < 1 << 20 {
            for _ in 0..19 {
                ids.push_str(&format!("{:06} ", xorshift(&mut state) % 1_000_000));
            }
            ids.push_str(&format!("{:06}\n", xorshift(&mut state) % 1_000_000));
        }
        let fast: Vec<(usize, usize)> = cards(&ids).iter().map(|sp| (sp.start, sp.end)).collect();
        assert_eq!(fast, cards_by_every_window(&ids));
        let (out, hits) = text(&ids);
        assert!(hits.is_empty(), "{} payment IDs masked", hits.len());
        assert_eq!(out, ids);
        // And as one single run of 300 IDs.
        let run = ids[..7 * 300].replace('\n', " ");
        let fast: Vec<(usize, usize)> = cards(&run).iter().map(|sp| (sp.start, sp.end)).collect();
        assert_eq!(fast, cards_by_every_window(&run));
    }

    #[test]
    fn overlapping_assignments_stay_linear_and_masked() {
        let s = "token:".repeat(200_000);
        let (out, hits) = text(&s);
        assert_eq!(out.len(), s.len());
        assert!(!hits.is_empty());
        let s = "password=x ".repeat(100_000);
        let (out, hits) = text(&s);
        assert_eq!(hits.len(), 100_000);
        assert_eq!(out, "password=* ".repeat(100_000));
    }

    #[test]
    fn luhn_and_mod97() {
        assert!(luhn(&[4, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1]));
        assert!(!luhn(&[1, 2, 3, 4, 5, 6, 7, 8, 1, 2, 3, 4, 5, 6, 7, 8]));
        assert!(iban_valid("DE89 3704 0044 0532 0130 00"));
        assert!(!iban_valid("DE88 3704 0044 0532 0130 00"));
    }
}
