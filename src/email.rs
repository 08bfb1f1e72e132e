//! The email as pure data, and its encodings: text, mailto (RFC 6068) and eml.
//!
//! Header safety lives here too: [`check_header_value`] refuses anything that
//! could add or split a header, and [`check_address`] validates addresses more
//! strictly than the mail library does. Both run before lettre sees a value.

use std::fs::File;
use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::time::{Duration, UNIX_EPOCH};

use jiff::Timestamp;
use lettre::message::header::{self, HeaderName, HeaderValue};
use lettre::message::{Attachment as MimeAttachment, Body, Mailbox, MultiPart, SinglePart};
use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, utf8_percent_encode};

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

    /// A strict RFC 5322 / MIME message built by lettre, marked as a draft,
    /// with the attachments' bytes given in memory.
    ///
    /// `contents` holds the bytes of each attachment, in order (one for each).
    /// Sinks use [`Email::write_eml`] or [`Email::eml_from_files`], which read
    /// the attachments from their paths without holding them twice.
    pub fn eml(&self, contents: &[Vec<u8>]) -> Result<Vec<u8>, String> {
        if contents.len() != self.attachments.len() {
            return Err(format!(
                "internal: {} attachments but {} contents",
                self.attachments.len(),
                contents.len()
            ));
        }
        let sources = self
            .attachments
            .iter()
            .zip(contents)
            .map(|(a, bytes)| Source {
                path: &a.path,
                len: bytes.len() as u64,
                reader: Box::new(bytes.as_slice()),
            })
            .collect();
        let plan = self.plan(sources, true).map_err(|e| e.to_string())?;
        let mut out = Vec::with_capacity(plan.len_hint());
        plan.write(&mut out).map_err(|e| e.to_string())?;
        Ok(out)
    }

    /// Writes the message to `out` as it is encoded, reading each attachment
    /// from its path in chunks: nothing as large as an attachment is held.
    ///
    /// Every attachment is opened (and must be a regular file) before the
    /// first byte is written, so an unreadable one fails with
    /// [`EmlError::Attachment`] and nothing written.
    pub fn write_eml<W: Write + ?Sized>(&self, out: &mut W) -> Result<(), EmlError> {
        let plan = self.plan(self.open_attachments()?, true)?;
        plan.write(out)
    }

    /// The whole message in memory (for SMTP and the outbox), attachments
    /// read from their paths: one buffer of the encoded size, reserved up
    /// front, and nothing else as large.
    pub fn eml_from_files(&self) -> Result<Vec<u8>, EmlError> {
        self.message_from_files(true)
    }

    /// The message to send: [`Email::eml_from_files`] without the
    /// `X-Unsent: 1` draft marker, byte for byte what `send::sendable` makes
    /// of the draft, but with no second copy of the message.
    pub fn sendable_eml(&self) -> Result<Vec<u8>, EmlError> {
        self.message_from_files(false)
    }

    fn message_from_files(&self, draft: bool) -> Result<Vec<u8>, EmlError> {
        let plan = self.plan(self.open_attachments()?, draft)?;
        let mut out = Vec::new();
        out.try_reserve_exact(plan.len_hint()).map_err(|e| {
            EmlError::Invalid(format!("the message is too large to hold in memory: {e}"))
        })?;
        plan.write(&mut out)?;
        Ok(out)
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

    /// Opens every attachment, checking each is a regular file.
    fn open_attachments(&self) -> Result<Vec<Source<'_>>, EmlError> {
        self.attachments
            .iter()
            .map(|a| {
                let fail = |reason: String| EmlError::Attachment {
                    path: a.path.clone(),
                    reason,
                };
                // Checked before opening too: opening a FIFO would wait.
                let regular = |m: std::io::Result<std::fs::Metadata>| match m {
                    Ok(m) if m.is_file() => Ok(m),
                    Ok(_) => Err(fail("not a regular file".to_string())),
                    Err(e) => Err(fail(e.to_string())),
                };
                regular(std::fs::metadata(&a.path))?;
                let file = File::open(&a.path).map_err(|e| fail(e.to_string()))?;
                let meta = regular(file.metadata())?;
                Ok(Source {
                    path: &a.path,
                    len: meta.len(),
                    // The file as it was checked: one that grows meanwhile
                    // (a log being written) cannot run past the size limit.
                    reader: Box::new(file.take(meta.len())),
                })
            })
            .collect()
    }

    /// Everything but the attachments' bodies, encoded and folded.
    fn plan<'a>(&self, sources: Vec<Source<'a>>, draft: bool) -> Result<Plan<'a>, EmlError> {
        let invalid = EmlError::Invalid;
        let mailbox = |s: &str| -> Result<Mailbox, EmlError> {
            s.parse::<Mailbox>()
                .map_err(|e| invalid(format!("address {s:?} is not valid: {e}")))
        };
        let from = self
            .from
            .as_deref()
            .ok_or_else(|| invalid("an email needs a From address".to_string()))?;
        let mut b = lettre::Message::builder()
            .from(mailbox(from)?)
            .raw_header(subject_header(&self.subject).map_err(invalid)?)
            .date(UNIX_EPOCH + Duration::from_secs(self.date.as_second().max(0) as u64))
            .message_id(Some(self.message_id.clone()));
        if draft {
            b = b.header(XUnsent);
        }
        let (to, cc) = self.unique_recipients();
        for to in &to {
            b = b.to(mailbox(to)?);
        }
        for cc in &cc {
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
        let boundary = boundary(&self.message_id);
        let body = crlf(&self.body);
        let lone = sources.is_empty();
        let text = text_part(&body, lone, &boundary);
        let mut message = if lone {
            b.singlepart(text)
        } else {
            b.multipart(
                MultiPart::mixed()
                    .boundary(boundary.clone())
                    .singlepart(text),
            )
        }
        .map_err(|e| invalid(format!("cannot build the message: {e}")))?;
        if let Some(from) = quoted_from(&mailbox(from)?) {
            message.headers_mut().insert_raw(from);
        }
        let formatted = message.formatted();
        let split = find(&formatted, b"\r\n\r\n")
            .ok_or_else(|| invalid("internal: a message without a header block".into()))?;
        let header_block = std::str::from_utf8(&formatted[..split + 2])
            .map_err(|_| invalid("internal: a header that is not ASCII".into()))?;
        let mut head = fold_headers(header_block).map_err(invalid)?.into_bytes();
        head.extend_from_slice(&formatted[split + 2..]);
        if lone {
            return Ok(Plan {
                head,
                parts: Vec::new(),
                tail: Vec::new(),
            });
        }
        // The closing delimiter goes after the attachments.
        let tail = format!("--{boundary}--\r\n").into_bytes();
        if !head.ends_with(&tail) {
            return Err(invalid("internal: a multipart without its end".into()));
        }
        head.truncate(head.len() - tail.len());
        let mut parts = Vec::with_capacity(sources.len());
        for (a, source) in self.attachments.iter().zip(sources) {
            let content_type = header::ContentType::parse(&a.content_type)
                .or_else(|_| header::ContentType::parse("application/octet-stream"))
                .map_err(|e| invalid(e.to_string()))?;
            // lettre writes the part's headers; its body is streamed later.
            let part = MimeAttachment::new(a.filename.clone()).body(
                Body::dangerous_pre_encoded(Vec::new(), header::ContentTransferEncoding::Base64),
                content_type,
            );
            let headers = fold_headers(&part.headers().to_string()).map_err(invalid)?;
            parts.push(Part {
                head: format!("--{boundary}\r\n{headers}\r\n").into_bytes(),
                source,
            });
        }
        Ok(Plan { head, parts, tail })
    }
}

/// Why an eml could not be written.
#[derive(Debug)]
pub enum EmlError {
    /// The email cannot be encoded: an address lettre refuses, a header line
    /// that cannot be kept within 998 characters.
    Invalid(String),
    /// An attachment cannot be opened or read (a sink maps this to exit 66).
    Attachment { path: PathBuf, reason: String },
    /// The output could not be written.
    Write(std::io::Error),
}

impl std::fmt::Display for EmlError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            EmlError::Invalid(m) => f.write_str(m),
            EmlError::Attachment { path, reason } => {
                write!(f, "cannot read {}: {reason}", path.to_string_lossy())
            }
            EmlError::Write(e) => write!(f, "cannot write the message: {e}"),
        }
    }
}

impl std::error::Error for EmlError {}

/// An attachment's bytes, to be read once.
struct Source<'a> {
    path: &'a Path,
    /// The expected size, for reserving the output.
    len: u64,
    reader: Box<dyn Read + 'a>,
}

/// One attachment part: its delimiter and headers, then its streamed body.
struct Part<'a> {
    head: Vec<u8>,
    source: Source<'a>,
}

/// A message ready to write: everything small is already encoded.
struct Plan<'a> {
    /// The headers and the text part (for a multipart, up to the first
    /// attachment's delimiter).
    head: Vec<u8>,
    parts: Vec<Part<'a>>,
    /// The closing delimiter of a multipart.
    tail: Vec<u8>,
}

/// How many bytes of input one base64 chunk reads: whole 76-character
/// lines (57 bytes each), 1,024 of them.
const CHUNK: usize = 57 * 1024;

impl Plan<'_> {
    /// The size of the encoded message, if the attachments keep their size.
    fn len_hint(&self) -> usize {
        let parts = self.parts.iter().map(|p| {
            let len = usize::try_from(p.source.len).unwrap_or(usize::MAX);
            p.head
                .len()
                .saturating_add(base64_len(len))
                .saturating_add(2)
        });
        parts
            .fold(
                self.head.len().saturating_add(self.tail.len()),
                usize::saturating_add,
            )
            .min(isize::MAX as usize / 2)
    }

    fn write<W: Write + ?Sized>(self, out: &mut W) -> Result<(), EmlError> {
        out.write_all(&self.head).map_err(EmlError::Write)?;
        let mut buf = vec![0u8; CHUNK];
        let mut line = String::with_capacity(base64_len(CHUNK));
        for part in self.parts {
            out.write_all(&part.head).map_err(EmlError::Write)?;
            let Source {
                path, mut reader, ..
            } = part.source;
            let fail = |e: std::io::Error| EmlError::Attachment {
                path: path.to_path_buf(),
                reason: e.to_string(),
            };
            let mut first = true;
            loop {
                let n = read_full(&mut reader, &mut buf).map_err(fail)?;
                if n == 0 {
                    break;
                }
                line.clear();
                if !first {
                    line.push_str("\r\n");
                }
                first = false;
                email_encoding::body::base64::encode(&buf[..n], &mut line).map_err(|_| {
                    EmlError::Invalid("internal: base64 encoding failed".to_string())
                })?;
                out.write_all(line.as_bytes()).map_err(EmlError::Write)?;
                if n < CHUNK {
                    break;
                }
            }
            // The line break before the next delimiter belongs to it.
            out.write_all(b"\r\n").map_err(EmlError::Write)?;
        }
        out.write_all(&self.tail).map_err(EmlError::Write)?;
        out.flush().map_err(EmlError::Write)
    }
}

/// Reads until `buf` is full or the input ends: every chunk but the last is
/// whole lines of base64.
fn read_full(reader: &mut dyn Read, buf: &mut [u8]) -> std::io::Result<usize> {
    let mut n = 0;
    while n < buf.len() {
        match reader.read(&mut buf[n..]) {
            Ok(0) => break,
            Ok(k) => n += k,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
            Err(e) => return Err(e),
        }
    }
    Ok(n)
}

/// The length of `n` bytes in base64, in lines of 76 characters joined by CRLF.
fn base64_len(n: usize) -> usize {
    let chars = n.div_ceil(3).saturating_mul(4);
    let lines = chars.div_ceil(76);
    chars.saturating_add(lines.saturating_sub(1).saturating_mul(2))
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
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

/// The longest header line where a fold is possible.
const FOLD_AT: usize = 78;
/// The longest line RFC 5322 allows at all.
const LINE_MAX: usize = 998;

/// Folds every header line longer than 78 characters before a space or tab
/// (where unfolding gives the same value back), and refuses a line that is
/// still longer than 998.
fn fold_headers(block: &str) -> Result<String, String> {
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
fn text_part(body: &str, lone: bool, boundary: &str) -> SinglePart {
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
fn quoted_printable(text: &[u8]) -> String {
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

/// The Subject header, RFC 2047-encoded whenever it must be.
///
/// lettre encodes only words with non-ASCII characters, so a subject that
/// merely contains `=?…?=` would be decoded by every reader into something
/// else. Such a subject is encoded whole, so it reads back exactly.
///
/// A word too long to fold within 78 characters (a 1,300-character word,
/// say) is no reason for a long line either: then the subject is encoded
/// whole too, in encoded words that fold.
fn subject_header(subject: &str) -> Result<HeaderValue, String> {
    let name = HeaderName::new_from_ascii_str("Subject");
    if !subject.contains("=?") {
        let value = HeaderValue::new(name.clone(), subject.to_string());
        let mut headers = header::Headers::new();
        headers.insert_raw(value.clone());
        let folds = fold_headers(&headers.to_string())
            .is_ok_and(|f| f.split("\r\n").all(|l| l.len() <= FOLD_AT));
        if folds {
            return Ok(value);
        }
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
    // RFC 5321: a path holds at most 256 octets, so an address at most 254.
    if value.len() > 254 {
        return Err(format!(
            "is {} characters long; an email address has at most 254",
            value.len()
        ));
    }
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

    /// Checks what every eml must hold to on the wire: CRLF only, no NUL,
    /// no line over 998 (headers within 78 where they can fold), no line
    /// starting with "." at all, in any part.
    fn assert_wire_safe(eml: &[u8]) {
        for (i, &c) in eml.iter().enumerate() {
            assert_ne!(c, 0, "NUL at {i}");
            if c == b'\r' {
                assert_eq!(eml.get(i + 1), Some(&b'\n'), "bare CR at {i}");
            }
            if c == b'\n' {
                assert!(i > 0 && eml[i - 1] == b'\r', "bare LF at {i}");
            }
        }
        let text = String::from_utf8_lossy(eml);
        let header_end = text.find("\r\n\r\n").unwrap_or(text.len());
        for (n, line) in text.split("\r\n").enumerate() {
            assert!(line.len() <= 998, "line {n} has {} characters", line.len());
            assert!(
                !line.starts_with('.'),
                "line {n} starts with a dot: {line:?}"
            );
        }
        for line in text[..header_end].split("\r\n") {
            assert!(line.len() <= 78, "header line of {}: {line:?}", line.len());
        }
    }

    const SMUGGLE: &[u8] =
        b"hi\n.\nMAIL FROM:<evil@x>\r\nRCPT TO:<v@x>\nDATA\n\x00bare\rcr\n.\r\nQUIT\n";

    /// Critical (SMTP smuggling): an attachment's bare LF, CR and NUL bytes
    /// and dot lines went out raw as 7bit; a long one-word subject made a
    /// 1,300-character header line; body lines starting with "." went as is.
    #[test]
    fn nothing_but_crlf_short_lines_and_no_dot_lines_reach_the_wire() {
        let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
        let path = dir.path().join("evil.txt");
        std::fs::write(&path, SMUGGLE).unwrap_or_else(|e| panic!("{e}"));
        let subject = "W".repeat(1300);
        let body = format!(
            ".\n.hidden line\n{}\n..\nend with a dot .\n",
            "long words ".repeat(40)
        );
        let mut email = sample(&subject, &body);
        email.attachments.push(Attachment {
            path: path.clone(),
            filename: "evil.txt".into(),
            content_type: "text/plain".into(),
            size: SMUGGLE.len() as u64,
        });
        let eml = email.eml_from_files().unwrap_or_else(|e| panic!("{e}"));
        assert_wire_safe(&eml);
        let mut streamed = Vec::new();
        email
            .write_eml(&mut streamed)
            .unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(streamed, eml);
        assert_eq!(email.eml(&[SMUGGLE.to_vec()]), Ok(eml.clone()));

        let msg = mail_parser::MessageParser::default()
            .parse(&eml)
            .unwrap_or_else(|| panic!("unparsable"));
        assert_eq!(msg.subject(), Some(subject.as_str()));
        assert_eq!(msg.body_text(0).as_deref(), Some(crlf(&body).as_str()));
        assert_eq!(msg.attachment_count(), 1);
        assert_eq!(msg.attachment(0).map(|a| a.contents()), Some(SMUGGLE));
        let text = String::from_utf8_lossy(&eml);
        assert!(text.contains("Content-Transfer-Encoding: base64"));
        assert!(!text.contains("MAIL FROM"));
    }

    #[test]
    fn a_lone_text_part_reads_back_exactly_in_every_encoding() {
        for body in [
            "short\n",
            "a dot alone below\n.\nafter it\n",
            "from\n.\r\n \n",
            "no final break",
            "",
            ".dot first\n",
            "trailing blank \nand tab\t\n",
            "Grüße, ünïcode ✓\n",
            "Привет, мир! Это длинный текст без латиницы вообще.\n",
            "nul\0 and esc\x1b and bell\x07\n",
            &"x".repeat(300),
            &format!("{}\n", "y ".repeat(200)),
        ] {
            let eml = sample("Hi", body).eml(&[]).unwrap_or_default();
            assert_wire_safe(&eml);
            let msg = mail_parser::MessageParser::default().parse(&eml);
            let read = msg.as_ref().and_then(|m| m.body_text(0));
            assert_eq!(read.as_deref().unwrap_or_default(), crlf(body), "{body:?}");
        }
    }

    #[test]
    fn quoted_printable_never_starts_a_line_with_a_dot() {
        // A dot that a soft break would put first on a line is encoded too.
        for shift in 0..80 {
            let text = format!("{}{}", "a".repeat(shift), ".".repeat(200));
            let qp = quoted_printable(text.as_bytes());
            for line in qp.split("\r\n") {
                assert!(!line.starts_with('.'), "{line:?}");
                assert!(line.len() <= 76, "{line:?}");
            }
        }
    }

    #[test]
    fn each_recipient_once() {
        let mut email = sample("Hi", "x\n");
        email.cc = vec![
            "Support@9PIC.ai".into(),
            "me@b.co".into(),
            "ME@b.co".into(),
            "other@b.co".into(),
        ];
        assert_eq!(
            email.recipients(),
            ["support@9pic.ai", "me@b.co", "other@b.co"]
        );
        let eml = String::from_utf8(email.eml(&[]).unwrap_or_default()).unwrap_or_default();
        assert!(eml.contains("\r\nCc: me@b.co, other@b.co\r\n"), "{eml}");
        email.dedup_recipients();
        assert_eq!(email.cc, ["me@b.co", "other@b.co"]);
    }

    #[test]
    fn long_recipient_lists_and_names_fold() {
        let mut email = sample("Hi", "x\n");
        email.from = Some("J.R. Someone With A Rather Long Name Indeed Esq. <a@b.co>".into());
        email.cc = (0..12).map(|n| format!("person-{n}@example.org")).collect();
        let eml = email.eml(&[]).unwrap_or_else(|e| panic!("{e}"));
        assert_wire_safe(&eml);
        let msg = mail_parser::MessageParser::default().parse(&eml);
        let cc = msg
            .as_ref()
            .and_then(|m| m.cc())
            .map(|c| c.iter().count())
            .unwrap_or_default();
        assert_eq!(cc, 12);
    }

    #[test]
    fn an_unreadable_attachment_is_an_attachment_error_before_any_output() {
        let mut email = sample("Hi", "x\n");
        email.attachments.push(Attachment {
            path: "/nonexistent/shot.png".into(),
            filename: "shot.png".into(),
            content_type: "image/png".into(),
            size: 1,
        });
        let mut out = Vec::new();
        let err = email.write_eml(&mut out);
        assert!(matches!(err, Err(EmlError::Attachment { .. })), "{err:?}");
        assert!(out.is_empty());
    }

    /// A writer that keeps only what it needs to check the stream: the
    /// largest single write, the total, and the bytes (to compare).
    struct Recorder {
        largest: usize,
        writes: usize,
        bytes: Vec<u8>,
    }

    impl Write for Recorder {
        fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
            self.largest = self.largest.max(buf.len());
            self.writes += 1;
            self.bytes.extend_from_slice(buf);
            Ok(buf.len())
        }
        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }

    /// Critical: a large attachment was held four times over. It is now
    /// read in chunks and written as encoded; the memory figure itself is
    /// measured by benches/encode.sh.
    #[test]
    fn a_twenty_megabyte_attachment_is_streamed_in_chunks() {
        let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
        let path = dir.path().join("big.bin");
        let mut state: u32 = 1;
        let data: Vec<u8> = (0..20 * 1024 * 1024 + 7)
            .map(|_| {
                state = state.wrapping_mul(1_664_525).wrapping_add(1_013_904_223);
                (state >> 24) as u8
            })
            .collect();
        std::fs::write(&path, &data).unwrap_or_else(|e| panic!("{e}"));
        let mut email = sample("Big", "see attached\n");
        email.attachments.push(Attachment {
            path,
            filename: "big.bin".into(),
            content_type: "application/octet-stream".into(),
            size: data.len() as u64,
        });
        let mut rec = Recorder {
            largest: 0,
            writes: 0,
            bytes: Vec::new(),
        };
        email.write_eml(&mut rec).unwrap_or_else(|e| panic!("{e}"));
        assert!(
            rec.largest <= 80 * 1024,
            "one write of {} bytes",
            rec.largest
        );
        assert!(rec.writes > 300, "only {} writes", rec.writes);
        let msg = mail_parser::MessageParser::default()
            .parse(&rec.bytes)
            .unwrap_or_else(|| panic!("unparsable"));
        assert_eq!(msg.attachment(0).map(|a| a.contents() == data), Some(true));
        // The buffer the SMTP path fills is reserved once, to the byte.
        let eml = email.eml_from_files().unwrap_or_default();
        assert_eq!(eml.len(), eml.capacity());
        assert_eq!(eml, rec.bytes);
        let to_send = email.sendable_eml().unwrap_or_default();
        assert_eq!(to_send.len(), to_send.capacity());
        // The same message without its draft marker.
        let marker = b"X-Unsent: 1\r\n";
        let at = eml
            .windows(marker.len())
            .position(|w| w == marker)
            .unwrap_or_else(|| panic!("no X-Unsent header"));
        assert_eq!(to_send, [&eml[..at], &eml[at + marker.len()..]].concat());
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
