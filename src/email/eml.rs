//! The eml: a strict RFC 5322 / MIME message built by lettre, its headers
//! folded and checked, its attachments streamed from their files in base64
//! chunks, so nothing as large as an attachment is held twice.

use std::fs::File;
use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::time::{Duration, UNIX_EPOCH};

use lettre::message::header::{self, HeaderName, HeaderValue};
use lettre::message::{Attachment as MimeAttachment, Body, Mailbox, MultiPart};

use super::encoding::{FOLD_AT, base64_len, crlf, fold_headers, text_part};
use super::message::Email;

impl Email {
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

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
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
