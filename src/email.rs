//! The email as pure data, and its encodings: text, mailto (RFC 6068) and eml.
//!
//! Header safety lives here too: [`check_header_value`] refuses anything that
//! could add or split a header, and [`check_address`] validates addresses more
//! strictly than the mail library does. Both run before lettre sees a value.

use std::path::PathBuf;
use std::time::{Duration, UNIX_EPOCH};

use jiff::Timestamp;
use lettre::message::header::{self, HeaderName, HeaderValue};
use lettre::message::{Attachment as MimeAttachment, Mailbox, MultiPart, SinglePart};
use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, utf8_percent_encode};

/// A file to send along with the email.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Attachment {
    pub path: PathBuf,
    /// The file name shown to the recipient.
    pub filename: String,
    pub content_type: String,
    pub size: u64,
}

/// A finished email: everything a sink needs, nothing it must decide.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Email {
    /// `Name <address>` or the bare address.
    pub from: Option<String>,
    pub to: Vec<String>,
    pub cc: Vec<String>,
    pub subject: String,
    pub body: String,
    pub attachments: Vec<Attachment>,
    pub date: Timestamp,
    /// With angle brackets, e.g. `<abc@example.org>`.
    pub message_id: String,
    /// The Message-ID this email replies to, for threading.
    pub in_reply_to: Option<String>,
    /// Marks the email high priority (security, event-day).
    pub urgent: bool,
}

/// Characters RFC 6068 lets through unencoded: only the unreserved set.
const MAILTO_ENCODE: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~');

/// Characters kept unencoded in the address part of a mailto URL.
const MAILTO_ADDR_ENCODE: &AsciiSet = &MAILTO_ENCODE.remove(b'@');

impl Email {
    /// Headers and body, readable, and acceptable to `sendmail -t`.
    pub fn text(&self) -> String {
        let mut out = String::new();
        if let Some(from) = &self.from {
            out.push_str(&format!("From: {from}\n"));
        }
        out.push_str(&format!("To: {}\n", self.to.join(", ")));
        if !self.cc.is_empty() {
            out.push_str(&format!("Cc: {}\n", self.cc.join(", ")));
        }
        out.push_str(&format!("Subject: {}\n", self.subject));
        if let Some(id) = &self.in_reply_to {
            out.push_str(&format!("In-Reply-To: {id}\nReferences: {id}\n"));
        }
        // Like `git format-patch`: a receiver handed this by `sendmail -t`
        // reads a non-ASCII body as UTF-8 only when the message says so.
        if !out.is_ascii() || !self.body.is_ascii() {
            out.push_str("MIME-Version: 1.0\n");
            out.push_str("Content-Type: text/plain; charset=utf-8\n");
            out.push_str("Content-Transfer-Encoding: 8bit\n");
        }
        out.push('\n');
        out.push_str(&self.body);
        if !self.body.ends_with('\n') {
            out.push('\n');
        }
        out
    }

    /// A `mailto:` URL per RFC 6068: only `cc`, `subject` and `body`, CRLF line
    /// breaks as `%0D%0A`, spaces as `%20`, never `+`.
    pub fn mailto(&self) -> String {
        let to: Vec<String> = self
            .to
            .iter()
            .map(|a| utf8_percent_encode(a, MAILTO_ADDR_ENCODE).to_string())
            .collect();
        let mut url = format!("mailto:{}", to.join(","));
        let mut fields = Vec::new();
        if !self.cc.is_empty() {
            let cc: Vec<String> = self
                .cc
                .iter()
                .map(|a| utf8_percent_encode(a, MAILTO_ADDR_ENCODE).to_string())
                .collect();
            fields.push(format!("cc={}", cc.join(",")));
        }
        fields.push(format!(
            "subject={}",
            utf8_percent_encode(&self.subject, MAILTO_ENCODE)
        ));
        fields.push(format!(
            "body={}",
            utf8_percent_encode(&crlf(&self.body), MAILTO_ENCODE)
        ));
        url.push('?');
        url.push_str(&fields.join("&"));
        url
    }

    /// A strict RFC 5322 / MIME message built by lettre, marked as a draft.
    ///
    /// `contents` holds the bytes of each attachment, in order.
    pub fn eml(&self, contents: &[Vec<u8>]) -> Result<Vec<u8>, String> {
        let mailbox = |s: &str| -> Result<Mailbox, String> {
            s.parse::<Mailbox>()
                .map_err(|e| format!("address {s:?} is not valid: {e}"))
        };
        let from = self
            .from
            .as_deref()
            .ok_or_else(|| "an email needs a From address".to_string())?;
        let mut b = lettre::Message::builder()
            .from(mailbox(from)?)
            .raw_header(subject_header(&self.subject)?)
            .date(UNIX_EPOCH + Duration::from_secs(self.date.as_second().max(0) as u64))
            .message_id(Some(self.message_id.clone()))
            .header(XUnsent);
        for to in &self.to {
            b = b.to(mailbox(to)?);
        }
        for cc in &self.cc {
            b = b.cc(mailbox(cc)?);
        }
        if let Some(parent) = &self.in_reply_to {
            b = b.in_reply_to(parent.clone()).references(parent.clone());
        }
        if self.urgent {
            for (name, value) in [
                ("X-Priority", "1 (Highest)"),
                ("Importance", "high"),
                ("Priority", "urgent"),
            ] {
                b = b.raw_header(HeaderValue::new(
                    HeaderName::new_from_ascii_str(name),
                    value.to_string(),
                ));
            }
        }
        let body = crlf(&self.body);
        let message = if self.attachments.is_empty() {
            // lettre ends a lone part with CRLF of its own. In 7bit or
            // quoted-printable that CRLF is read as part of the body, so drop
            // ours; base64 carries the body's own bytes exactly.
            let base64 = lettre::message::Body::new(body.clone()).encoding()
                == header::ContentTransferEncoding::Base64;
            let body = match body.strip_suffix("\r\n") {
                Some(shorter) if !base64 => shorter.to_string(),
                _ => body,
            };
            b.singlepart(SinglePart::plain(body))
        } else {
            // In a multipart the CRLF lettre adds belongs to the boundary.
            let mut parts = MultiPart::mixed()
                .boundary(boundary(&self.message_id))
                .singlepart(SinglePart::plain(body));
            for (a, bytes) in self.attachments.iter().zip(contents) {
                let content_type = header::ContentType::parse(&a.content_type).unwrap_or(
                    header::ContentType::parse("application/octet-stream")
                        .map_err(|e| e.to_string())?,
                );
                parts = parts.singlepart(
                    MimeAttachment::new(a.filename.clone()).body(bytes.clone(), content_type),
                );
            }
            b.multipart(parts)
        }
        .map_err(|e| format!("cannot build the message: {e}"))?;
        let mut message = message;
        if let Some(from) = quoted_from(&mailbox(from)?) {
            message.headers_mut().insert_raw(from);
        }
        Ok(message.formatted())
    }
}

/// The Subject header, RFC 2047-encoded whenever it must be.
///
/// lettre encodes only words with non-ASCII characters, so a subject that
/// merely contains `=?…?=` would be decoded by every reader into something
/// else. Such a subject is encoded whole, so it reads back exactly.
fn subject_header(subject: &str) -> Result<HeaderValue, String> {
    let name = HeaderName::new_from_ascii_str("Subject");
    if !subject.contains("=?") {
        return Ok(HeaderValue::new(name, subject.to_string()));
    }
    let mut encoded = String::new();
    {
        let mut w = email_encoding::headers::writer::EmailWriter::new(
            &mut encoded,
            "Subject: ".len(),
            0,
            false,
        );
        email_encoding::headers::rfc2047::encode(subject, &mut w)
            .map_err(|e| format!("cannot encode the subject: {e}"))?;
    }
    Ok(HeaderValue::dangerous_new_pre_encoded(
        name,
        subject.to_string(),
        encoded,
    ))
}

/// A `From` header with the display name as a quoted string, where lettre
/// would write a bare name that holds a `.`.
///
/// lettre writes such ASCII names as they are (`From: J.R. <a@b>`), which is
/// only the obsolete phrase syntax of RFC 5322 and trips some readers
/// (Python's `email` package fails on a lone `.`). Names are free of control
/// characters by now, so quoting and escaping `"` and `\` is enough.
fn quoted_from(mailbox: &Mailbox) -> Option<HeaderValue> {
    let name = mailbox.name.as_deref()?;
    if !name.contains('.') || !name.chars().all(|c| c.is_ascii() && !c.is_ascii_control()) {
        return None;
    }
    let quoted = format!(
        "\"{}\" <{}>",
        name.replace('\\', "\\\\").replace('"', "\\\""),
        mailbox.email
    );
    Some(HeaderValue::dangerous_new_pre_encoded(
        HeaderName::new_from_ascii_str("From"),
        quoted.clone(),
        quoted,
    ))
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

/// A MIME boundary that is fixed for a given Message-ID (reproducible drafts).
fn boundary(message_id: &str) -> String {
    let digest = fnv1a(message_id.as_bytes());
    format!("=_9pic-help_{digest:016x}")
}

/// A small stable hash, for identifiers that must not change between runs.
pub fn fnv1a(bytes: &[u8]) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in bytes {
        h ^= u64::from(*b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    h
}

/// `X-Unsent: 1`: mail clients open the file as a draft to send.
#[derive(Clone)]
struct XUnsent;

impl header::Header for XUnsent {
    fn name() -> HeaderName {
        HeaderName::new_from_ascii_str("X-Unsent")
    }
    fn parse(_: &str) -> Result<Self, Box<dyn std::error::Error + Send + Sync>> {
        Ok(XUnsent)
    }
    fn display(&self) -> HeaderValue {
        HeaderValue::new(Self::name(), "1".to_string())
    }
}

/// Why a header-bound value is unsafe, if it is.
///
/// Refuses CR, LF, NUL and every other C0 control, DEL, the C1 controls (NEL
/// among them), the Unicode line and paragraph separators, and bidirectional
/// overrides that could disguise a subject.
pub fn check_header_value(value: &str) -> Result<(), String> {
    for c in value.chars() {
        let bad = matches!(
            c,
            '\u{0}'..='\u{1f}'
                | '\u{7f}'..='\u{9f}'
                | '\u{2028}'
                | '\u{2029}'
                | '\u{202a}'..='\u{202e}'
                | '\u{2066}'..='\u{2069}'
        );
        if bad {
            return Err(format!(
                "contains the control character U+{:04X}, which is not allowed in a header",
                c as u32
            ));
        }
    }
    Ok(())
}

/// Validates an email address: one `@`, a dot-atom local part, a host name.
///
/// Stricter than lettre: no display names, comments, quoted strings, URL
/// parameters or anything else a header could be smuggled in with.
pub fn check_address(value: &str) -> Result<(), String> {
    check_header_value(value)?;
    let Some((local, domain)) = value.rsplit_once('@') else {
        return Err(format!("\"{value}\" is not an email address (no @)"));
    };
    let atext = |c: char| c.is_ascii_alphanumeric() || "!#$%&'*+/=?^_`{|}~-".contains(c);
    let local_ok = !local.is_empty()
        && local.len() <= 64
        && local
            .split('.')
            .all(|part| !part.is_empty() && part.chars().all(atext));
    if !local_ok {
        return Err(format!(
            "\"{value}\" is not an email address (bad local part)"
        ));
    }
    check_host(domain).map_err(|_| format!("\"{value}\" is not an email address (bad domain)"))?;
    if !domain.contains('.') {
        return Err(format!(
            "\"{value}\" is not an email address (the domain has no dot)"
        ));
    }
    value
        .parse::<lettre::Address>()
        .map(|_| ())
        .map_err(|e| format!("\"{value}\" is not an email address ({e})"))
}

/// Whether `host` (without a trailing dot) is a DNS name: 1–253 characters of
/// dot-separated labels of letters, digits and inner hyphens, not all-numeric
/// at the end (that would be an IP address).
pub fn is_dns_name(host: &str) -> bool {
    let label_ok = |l: &str| {
        !l.is_empty()
            && l.len() <= 63
            && l.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
            && !l.starts_with('-')
            && !l.ends_with('-')
    };
    let numeric_tld = host
        .rsplit('.')
        .next()
        .is_some_and(|tld| tld.chars().all(|c| c.is_ascii_digit()));
    !host.is_empty() && host.len() <= 253 && host.split('.').all(label_ok) && !numeric_tld
}

/// Validates a public host name such as a custom domain: a DNS name with a dot.
pub fn check_host(value: &str) -> Result<(), String> {
    let host = value.strip_suffix('.').unwrap_or(value);
    if !is_dns_name(host) {
        return Err(format!("\"{value}\" is not a valid host name"));
    }
    if !host.contains('.') {
        return Err(format!("\"{value}\" is not a full host name (no dot)"));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn header_values_refuse_controls() {
        for bad in [
            "a\r\nBcc: x@y",
            "a\nb",
            "a\rb",
            "a\u{2028}b",
            "a\u{85}b",
            "a\0b",
            "a\tb",
            "a\u{7f}",
        ] {
            assert!(check_header_value(bad).is_err(), "{bad:?} accepted");
        }
        assert!(check_header_value("Café – ünïcode ✓").is_ok());
    }

    #[test]
    fn addresses() {
        for good in ["a@b.co", "first.last+tag@sub.example.org"] {
            assert!(check_address(good).is_ok(), "{good} refused");
        }
        for bad in [
            "help@x.org?attach=/etc/passwd",
            "a@b",
            "@b.co",
            "a..b@c.co",
            "Name <a@b.co>",
            "a@b.co\r\nBcc: x@y.z",
            "a@-b.co",
            "a@1.2.3.4",
        ] {
            assert!(check_address(bad).is_err(), "{bad} accepted");
        }
    }

    fn sample(subject: &str, body: &str) -> Email {
        Email {
            from: Some("a@b.co".into()),
            to: vec!["support@9pic.ai".into()],
            cc: Vec::new(),
            subject: subject.into(),
            body: body.into(),
            attachments: Vec::new(),
            date: Timestamp::from_second(1_700_000_000).unwrap_or_default(),
            message_id: "<x@b.co>".into(),
            in_reply_to: None,
            urgent: false,
        }
    }

    /// Regression: a subject that merely looks like an encoded word used to
    /// be written as-is, and every reader decoded it into something else.
    #[test]
    fn a_literal_encoded_word_in_the_subject_reads_back_as_typed() {
        let subject = "Question: =?utf-8?q?hi?= and more";
        let eml = sample(subject, "Hello\n").eml(&[]).unwrap_or_default();
        let msg = mail_parser::MessageParser::default().parse(&eml);
        assert_eq!(msg.as_ref().and_then(|m| m.subject()), Some(subject));
    }

    /// Regression: a single-part eml's body read back with an extra line.
    #[test]
    fn a_single_part_body_reads_back_exactly() {
        let eml = sample("Hi", "one\ntwo\n").eml(&[]).unwrap_or_default();
        let msg = mail_parser::MessageParser::default().parse(&eml);
        let body = msg
            .as_ref()
            .and_then(|m| m.body_text(0))
            .unwrap_or_default();
        assert_eq!(body, "one\r\ntwo\r\n");
    }

    #[test]
    fn text_declares_utf8_only_when_it_holds_non_ascii() {
        let plain = sample("Billing", "Hello\n").text();
        assert!(!plain.contains("MIME-Version"), "{plain}");
        let text = sample("Billing", "Grüße\n").text();
        let (head, body) = text.split_once("\n\n").unwrap();
        assert!(head.ends_with(
            "MIME-Version: 1.0\nContent-Type: text/plain; charset=utf-8\nContent-Transfer-Encoding: 8bit"
        ));
        assert_eq!(body, "Grüße\n");
        let subject = sample("Grüße", "Hello\n").text();
        assert!(
            subject.contains("Subject: Grüße\nMIME-Version: 1.0\n"),
            "{subject}"
        );
    }

    #[test]
    fn line_breaks_become_crlf() {
        assert_eq!(crlf("a\nb\r\nc\rd"), "a\r\nb\r\nc\r\nd");
    }
}
