//! The email's encodings read back: text, eml through real MIME parsers,
//! every wire rule, recipients once, and attachments streamed.

use std::io::Write;

use jiff::Timestamp;

use super::encoding::quoted_printable;
use super::*;

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
