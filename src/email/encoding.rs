//! Transfer encodings and header folding for the eml: CRLF line breaks,
//! quoted-printable that never starts a line with a dot, base64 sizes, and
//! header lines folded within 78 characters (refused beyond 998).

use lettre::message::header;
use lettre::message::{Body, SinglePart};

/// The longest header line where a fold is possible.
pub(super) const FOLD_AT: usize = 78;
/// The longest line RFC 5322 allows at all.
const LINE_MAX: usize = 998;

/// Folds every header line longer than 78 characters before a space or tab
/// (where unfolding gives the same value back), and refuses a line that is
/// still longer than 998.
pub(super) fn fold_headers(block: &str) -> Result<String, String> {
    let mut out = String::with_capacity(block.len() + block.len() / 32);
    for line in block.split_inclusive("\r\n") {
        let (line, end) = match line.strip_suffix("\r\n") {
            Some(l) => (l, "\r\n"),
            None => (line, ""),
        };
        fold_line(line, &mut out);
        out.push_str(end);
    }
    if let Some(long) = out.split("\r\n").find(|l| l.len() > LINE_MAX) {
        let name = long.split(':').next().unwrap_or_default();
        return Err(format!(
            "the {name} header would be a line of {} characters (at most {LINE_MAX})",
            long.len()
        ));
    }
    Ok(out)
}

/// Folds one physical header line: before the last blank that keeps the line
/// within 78 characters, or failing that the first blank at all. A blank
/// is only a fold point with something other than blanks on both sides.
fn fold_line(mut rest: &str, out: &mut String) {
    let blank = |c: u8| c == b' ' || c == b'\t';
    while rest.len() > FOLD_AT {
        let b = rest.as_bytes();
        let first = b.iter().position(|&c| !blank(c)).unwrap_or(b.len());
        let last = b.iter().rposition(|&c| !blank(c)).unwrap_or(0);
        let ok = |p: usize| p > first && p < last && blank(b[p]);
        let at = (first + 1..=FOLD_AT.min(last))
            .rev()
            .find(|&p| ok(p))
            .or_else(|| (FOLD_AT + 1..last).find(|&p| ok(p)));
        let Some(at) = at else { break };
        out.push_str(&rest[..at]);
        out.push_str("\r\n");
        rest = &rest[at..];
    }
    out.push_str(rest);
}

/// The text part, 7bit only when that is safe as it is: short lines of
/// printable ASCII, none starting with ".", not holding the boundary;
/// otherwise quoted-printable, where no line starts with ".", or base64 when
/// that is shorter. No line of an eml starts with a dot, so even a program
/// that reads a lone "." as the end (`sendmail` without `-i`, a receiver
/// that ends DATA on a bare LF) sees the whole message.
pub(super) fn text_part(body: &str, lone: bool, boundary: &str) -> SinglePart {
    use header::ContentTransferEncoding as Cte;
    let (bytes, encoding) = if plain_7bit(body, lone, boundary) {
        // lettre ends a lone part with CRLF of its own, read as part of the
        // body: drop ours. In a multipart that CRLF belongs to the boundary.
        let body = if lone {
            body.strip_suffix("\r\n").unwrap_or(body)
        } else {
            body
        };
        (body.as_bytes().to_vec(), Cte::SevenBit)
    } else {
        let mut qp = quoted_printable(body.as_bytes());
        if qp.len() <= base64_len(body.len()) {
            if lone {
                // lettre's own CRLF ends the last line: drop ours, or make
                // the last line a soft break when the body has no final one.
                match qp.strip_suffix("\r\n") {
                    Some(shorter) => qp.truncate(shorter.len()),
                    None => qp.push('='),
                }
            }
            (qp.into_bytes(), Cte::QuotedPrintable)
        } else {
            // Base64 carries the body's own bytes; line breaks are ignored.
            let mut b64 = String::with_capacity(base64_len(body.len()));
            // Writing to a String cannot fail.
            let _ = email_encoding::body::base64::encode(body.as_bytes(), &mut b64);
            (b64.into_bytes(), Cte::Base64)
        }
    };
    SinglePart::builder()
        .header(header::ContentType::TEXT_PLAIN)
        .body(Body::dangerous_pre_encoded(bytes, encoding))
}

/// Whether the body can go as it is: printable ASCII and tabs in lines of at
/// most 76 characters joined by CRLF, none starting with ".", no boundary;
/// alone in the message, it must end with a line break (kept exact).
fn plain_7bit(body: &str, lone: bool, boundary: &str) -> bool {
    if lone && !body.ends_with("\r\n") {
        return false;
    }
    if body.contains(boundary) {
        return false;
    }
    body.split("\r\n").all(|line| {
        line.len() <= 76
            && !line.starts_with('.')
            && line
                .bytes()
                .all(|c| c == b'\t' || (b' '..=b'~').contains(&c))
    })
}

/// Quoted-printable (RFC 2045 §6.7) for text with CRLF line breaks: lines of
/// at most 76 characters, `=`, controls, non-ASCII, a bare CR or LF and
/// blanks before a line break encoded, and a "." at the start of any line
/// written `=2E`, so that no line can begin with a dot.
pub(super) fn quoted_printable(text: &[u8]) -> String {
    /// Characters of data on a line; a soft break's "=" makes 76.
    const MAX: usize = 75;
    const HEX: &[u8; 16] = b"0123456789ABCDEF";
    let mut out = String::with_capacity(text.len() + text.len() / 16);
    let mut line = 0;
    let mut i = 0;
    while i < text.len() {
        let c = text[i];
        if c == b'\r' && text.get(i + 1) == Some(&b'\n') {
            out.push_str("\r\n");
            line = 0;
            i += 2;
            continue;
        }
        let before_break =
            i + 1 == text.len() || (text[i + 1] == b'\r' && text.get(i + 2) == Some(&b'\n'));
        let mut literal = match c {
            b'=' => false,
            b' ' | b'\t' => !before_break,
            b'!'..=b'~' => true,
            _ => false,
        };
        if line + if literal { 1 } else { 3 } > MAX {
            out.push_str("=\r\n");
            line = 0;
        }
        if c == b'.' && line == 0 {
            literal = false;
        }
        if literal {
            out.push(char::from(c));
            line += 1;
        } else {
            out.push('=');
            out.push(char::from(HEX[usize::from(c >> 4)]));
            out.push(char::from(HEX[usize::from(c & 15)]));
            line += 3;
        }
        i += 1;
    }
    out
}

/// The length of `n` bytes in base64, in lines of 76 characters joined by CRLF.
pub(super) fn base64_len(n: usize) -> usize {
    let chars = n.div_ceil(3).saturating_mul(4);
    let lines = chars.div_ceil(76);
    chars.saturating_add(lines.saturating_sub(1).saturating_mul(2))
}

/// Normalises every line break to CRLF.
pub fn crlf(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + s.len() / 32);
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\r' => {
                if chars.peek() == Some(&'\n') {
                    chars.next();
                }
                out.push_str("\r\n");
            }
            '\n' => out.push_str("\r\n"),
            c => out.push(c),
        }
    }
    out
}
