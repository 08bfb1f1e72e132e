//! Secrets: known key prefixes, JWTs, `Bearer` tokens, `password=…`-style
//! assignments and long high-entropy tokens.

use super::span::{Sensitive, Span, wordish_before};

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
pub(super) fn secrets(s: &str) -> Vec<Span> {
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
