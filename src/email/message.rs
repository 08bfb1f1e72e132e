//! The [`Email`] as pure data, its attachments, and the forms that need no
//! MIME: the readable text and the `mailto:` URL (RFC 6068).

use std::path::PathBuf;

use jiff::Timestamp;
use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, utf8_percent_encode};

use super::encoding::crlf;

/// A file to send along with the email.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Attachment {
    pub path: PathBuf,
    /// The file name shown to the recipient.
    pub filename: String,
    pub content_type: String,
    pub size: u64,
}

/// In JSON the path is text, with `path_bytes_base64` beside it when it is not
/// UTF-8 (see [`json_path`]): never a panic.
impl serde::Serialize for Attachment {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        let (path, bytes) = json_path(&self.path);
        let mut map = serializer.serialize_map(None)?;
        map.serialize_entry("path", &path)?;
        if let Some(b) = &bytes {
            map.serialize_entry("path_bytes_base64", b)?;
        }
        map.serialize_entry("filename", &self.filename)?;
        map.serialize_entry("content_type", &self.content_type)?;
        map.serialize_entry("size", &self.size)?;
        map.end()
    }
}

/// A path for JSON output: its text when it is UTF-8; otherwise the text with
/// U+FFFD for the bad bytes and, beside it under `<key>_bytes_base64`, the raw
/// bytes base64-encoded (a path on Linux is bytes, not text).
pub fn json_path(path: &std::path::Path) -> (String, Option<String>) {
    use base64::Engine as _;
    use std::os::unix::ffi::OsStrExt;
    match path.to_str() {
        Some(s) => (s.to_string(), None),
        None => (
            path.to_string_lossy().into_owned(),
            Some(base64::engine::general_purpose::STANDARD.encode(path.as_os_str().as_bytes())),
        ),
    }
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

    /// A `mailto:` URL per RFC 6068: only `cc`, `subject`, `body` and, when
    /// replying, `in-reply-to`; CRLF line breaks as `%0D%0A`, spaces as `%20`,
    /// never `+`.
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
        if let Some(id) = &self.in_reply_to {
            fields.push(format!(
                "in-reply-to={}",
                utf8_percent_encode(id, MAILTO_ENCODE)
            ));
        }
        fields.push(format!(
            "body={}",
            utf8_percent_encode(&crlf(&self.body), MAILTO_ENCODE)
        ));
        url.push('?');
        url.push_str(&fields.join("&"));
        url
    }

    /// Each recipient once, To first: the To and Cc lists without an address
    /// seen before (compared without regard to case).
    ///
    /// The eml's headers use these lists; the SMTP envelope should too
    /// ([`Email::recipients`]).
    pub fn unique_recipients(&self) -> (Vec<String>, Vec<String>) {
        let mut seen = std::collections::HashSet::new();
        let mut keep = |list: &[String]| -> Vec<String> {
            list.iter()
                .filter(|a| seen.insert(address_key(a)))
                .cloned()
                .collect()
        };
        let to = keep(&self.to);
        let cc = keep(&self.cc);
        (to, cc)
    }

    /// Every envelope recipient once: To, then Cc, duplicates dropped.
    pub fn recipients(&self) -> Vec<String> {
        let (mut to, cc) = self.unique_recipients();
        to.extend(cc);
        to
    }

    /// Drops repeated recipients from `to` and `cc` in place (a Cc equal to a
    /// To address, or repeated), so every sink shows each recipient once.
    pub fn dedup_recipients(&mut self) {
        (self.to, self.cc) = self.unique_recipients();
    }
}

/// The key an address is compared by: the part in angle brackets if any,
/// without regard to case.
fn address_key(a: &str) -> String {
    let addr = match (a.rfind('<'), a.rfind('>')) {
        (Some(open), Some(close)) if open < close => &a[open + 1..close],
        _ => a,
    };
    addr.trim().to_lowercase()
}
