//! The oracle the property tests and the fuzz target share: [`check`] reads
//! every encoding of an accepted email back with independent parsers and
//! reports any disagreement. The fuzz target includes this file (and
//! `road.rs`, the one in-process road) by path.

use ninepic_help::compose::redact;
use ninepic_help::email::{Email, crlf};

/// Checks every encoding of an email against independent readers.
///
/// Returns a description of the first disagreement.
pub fn check(email: &Email) -> Result<(), String> {
    check_headers_are_single_lines(email)?;
    check_mailto(email)?;
    let eml = email.eml(&[]).map_err(|e| format!("eml refused: {e}"))?;
    check_one_message(&eml)?;
    check_eml(email, &eml)
}

/// A receiver that ends DATA on `\n.\n`, `\r\n.\r\n` or `\n.\r\n` (or
/// on a first line that is a lone dot) reads the eml as exactly one message:
/// no such sequence occurs in it, so no second, smuggled message can follow.
pub fn check_one_message(eml: &[u8]) -> Result<(), String> {
    let ends: [&[u8]; 3] = [b"\n.\n", b"\r\n.\r\n", b"\n.\r\n"];
    let starts_with_dot_line = eml.starts_with(b".\n") || eml.starts_with(b".\r\n");
    let mut messages = 1;
    let mut rest = eml;
    while let Some(at) = ends
        .iter()
        .filter_map(|end| find(rest, end).map(|i| i + end.len()))
        .min()
    {
        messages += 1;
        rest = &rest[at..];
    }
    if messages != 1 || starts_with_dot_line {
        return Err(format!(
            "a bare-LF receiver splits the eml into {messages} messages"
        ));
    }
    Ok(())
}

/// Where `needle` first occurs in `hay` (a linear scan; the needles are short).
fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).position(|w| w == needle)
}

fn check_headers_are_single_lines(email: &Email) -> Result<(), String> {
    let header_values = std::iter::once(&email.subject)
        .chain(email.from.iter())
        .chain(&email.to)
        .chain(&email.cc);
    for v in header_values {
        if v.chars()
            .any(|c| c.is_control() || c == '\u{2028}' || c == '\u{2029}')
        {
            return Err(format!("a header value holds a control character: {v:?}"));
        }
    }
    Ok(())
}

/// The mailto URL uses only `cc`, `subject`, `body`, only unreserved
/// characters and `%XX`, and decodes back to the email exactly.
pub fn check_mailto(email: &Email) -> Result<(), String> {
    let url = email.mailto();
    let rest = url
        .strip_prefix("mailto:")
        .ok_or_else(|| format!("not a mailto URL: {url}"))?;
    let ok_char = |c: char| c.is_ascii_alphanumeric() || "-._~%@,?&=".contains(c);
    if let Some(bad) = rest.chars().find(|c| !ok_char(*c)) {
        return Err(format!("mailto URL holds an unencoded {bad:?}"));
    }
    let (to, query) = rest
        .split_once('?')
        .ok_or_else(|| "mailto URL has no fields".to_string())?;
    if decode(to)? != email.to.join(",") {
        return Err(format!("mailto To {to:?} != {:?}", email.to));
    }
    let mut seen = Vec::new();
    for field in query.split('&') {
        let (k, v) = field
            .split_once('=')
            .ok_or_else(|| format!("mailto field without '=': {field:?}"))?;
        let v = decode(v)?;
        let expected = match k {
            "cc" => email.cc.join(","),
            "subject" => email.subject.clone(),
            "body" => crlf(&email.body),
            other => return Err(format!("mailto field {other:?} is not allowed")),
        };
        if v != expected {
            return Err(format!("mailto {k} decodes to {v:?}, not {expected:?}"));
        }
        seen.push(k.to_string());
    }
    if !seen.iter().any(|k| k == "subject") || !seen.iter().any(|k| k == "body") {
        return Err(format!("mailto lacks subject or body: {seen:?}"));
    }
    if email.cc.is_empty() == seen.iter().any(|k| k == "cc") {
        return Err("mailto cc field does not match the cc list".into());
    }
    Ok(())
}

fn decode(s: &str) -> Result<String, String> {
    percent_encoding::percent_decode_str(s)
        .decode_utf8()
        .map(|c| c.into_owned())
        .map_err(|e| format!("mailto value is not UTF-8 after decoding: {e}"))
}

/// Header lines of a raw message: the unfolded lines before the blank line.
pub fn raw_header_count(eml: &[u8]) -> usize {
    let text = String::from_utf8_lossy(eml);
    text.split("\r\n")
        .take_while(|l| !l.is_empty())
        .filter(|l| !l.starts_with([' ', '\t']))
        .count()
}

/// mail-parser reads the eml back with the same header count, subject and body.
pub fn check_eml(email: &Email, eml: &[u8]) -> Result<(), String> {
    if !eml.is_ascii() {
        return Err("the eml holds non-ASCII bytes (headers must be encoded)".into());
    }
    let msg = mail_parser::MessageParser::default()
        .parse(eml)
        .ok_or_else(|| "mail-parser could not parse the eml".to_string())?;
    let raw = raw_header_count(eml);
    if msg.headers().len() != raw {
        return Err(format!(
            "mail-parser sees {} headers, the message has {raw}",
            msg.headers().len()
        ));
    }
    if msg.subject() != Some(email.subject.as_str()) {
        return Err(format!(
            "mail-parser reads the subject as {:?}, not {:?}",
            msg.subject(),
            email.subject
        ));
    }
    let body = msg.body_text(0).unwrap_or_default();
    if body != crlf(&email.body) {
        return Err(format!(
            "mail-parser reads the body as {body:?}, not {:?}",
            crlf(&email.body)
        ));
    }
    Ok(())
}

/// Redaction only ever turns letters and digits into `*`: same length in
/// characters, same separators and line breaks, and a second pass finds
/// nothing new to report.
pub fn check_redaction(s: &str) -> Result<(), String> {
    let (out, hits) = redact::text(s);
    if out.chars().count() != s.chars().count() {
        return Err(format!("redaction changed the length of {s:?}"));
    }
    for (a, b) in s.chars().zip(out.chars()) {
        if a != b && !(b == '*' && a.is_alphanumeric()) {
            return Err(format!("redaction turned {a:?} into {b:?} in {s:?}"));
        }
    }
    if hits.is_empty() && out != s {
        return Err(format!("redaction changed {s:?} without reporting it"));
    }
    let (again, _) = redact::text(&out);
    if again.chars().filter(|c| *c != '*').count() > out.chars().filter(|c| *c != '*').count() {
        return Err("a second redaction pass grew the text".into());
    }
    Ok(())
}
