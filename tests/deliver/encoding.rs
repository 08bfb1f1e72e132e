//! What `--format eml` puts on the wire: nothing but CRLF line breaks, no
//! line a receiver could end the message on, short header lines, each
//! recipient once — end to end through the real binary.

use crate::support::{Programs, Sandbox, code, question, show};

/// An attachment that, sent raw, smuggles a second message past a receiver
/// that ends DATA on a bare `LF.LF`.
const SMUGGLE: &[u8] = b"report\n.\nMAIL FROM:<evil@x.example>\r\nRCPT TO:<v@x.example>\nDATA\n\
Subject: forged\n\nhi\x00\rthere\n.\r\nQUIT\n";

/// No bare CR or LF, no NUL, no line over 998 or starting with ".", header
/// lines within 78.
fn assert_wire_safe(eml: &[u8]) {
    for (i, &c) in eml.iter().enumerate() {
        assert_ne!(c, 0, "NUL at byte {i}");
        if c == b'\r' {
            assert_eq!(eml.get(i + 1), Some(&b'\n'), "bare CR at byte {i}");
        }
        if c == b'\n' {
            assert!(i > 0 && eml[i - 1] == b'\r', "bare LF at byte {i}");
        }
    }
    let text = String::from_utf8_lossy(eml);
    let header_end = text.find("\r\n\r\n").expect("a header block");
    for line in text[..header_end].split("\r\n") {
        assert!(line.len() <= 78, "header line of {}: {line:?}", line.len());
    }
    for line in text.split("\r\n") {
        assert!(line.len() <= 998, "a line of {} characters", line.len());
        assert!(!line.starts_with('.'), "a line starts with a dot: {line:?}");
    }
}

#[test]
fn a_smuggling_attachment_a_long_subject_and_dot_lines_go_out_encoded() {
    let env = Sandbox::new(Programs::System);
    let evil = env.file("evil.txt", SMUGGLE);
    let summary = "W".repeat(1300);
    let long_word = format!("https://x.example/{}", "a".repeat(300));
    let details = format!(".\n.hidden\n{long_word}\n..\nthe end.\n");
    let args = question(
        &summary,
        &[
            "--details",
            &details,
            "--attach",
            evil.to_str().expect("a UTF-8 temp path"),
            "--cc",
            "SUPPORT@9pic.ai",
            "--format",
            "eml",
        ],
    );
    let out = env.output(&args);
    assert_eq!(code(&out), 0, "{}", show(&out));
    assert_wire_safe(&out.stdout);
    let msg = mail_parser::MessageParser::default()
        .parse(&out.stdout)
        .expect("the eml parses");
    assert!(
        msg.subject().is_some_and(|s| s.contains(&summary)),
        "{:?}",
        msg.subject()
    );
    let body = msg.body_text(0).unwrap_or_default();
    assert!(body.contains("\r\n.hidden\r\n"), "{body}");
    assert!(body.contains(&long_word), "{body}");
    assert_eq!(msg.attachment_count(), 1);
    assert_eq!(msg.attachment(0).map(|a| a.contents()), Some(SMUGGLE));
    // The Cc that only repeats the To address is dropped.
    assert!(msg.cc().is_none(), "{:?}", msg.cc());
}

#[test]
fn an_attachment_that_cannot_be_read_is_66_with_nothing_written() {
    let env = Sandbox::new(Programs::System);
    let missing = env.path("home").join("gone.png");
    let args = question(
        "Upload fails",
        &[
            "--attach",
            missing.to_str().expect("a UTF-8 temp path"),
            "--format",
            "eml",
        ],
    );
    let out = env.output(&args);
    assert_eq!(code(&out), 66, "{}", show(&out));
    assert!(out.stdout.is_empty());
}

/// Critical: 8 KB of "1 1 1 …" in the details hung redaction. A mebibyte of
/// digit groups now composes; how fast is measured by benches/encode.sh.
#[test]
fn a_mebibyte_of_digit_groups_in_the_details_file_composes() {
    let env = Sandbox::new(Programs::System);
    let mut text = "1 ".repeat(256 * 1024);
    text.push('\n');
    text.push_str(&"4111 1111 1111 1111 123456 ".repeat(19_000));
    text.push('\n');
    let details = env.file("groups.txt", text.as_bytes());
    let args = question(
        "Many numbers",
        &[
            "--details-file",
            details.to_str().expect("a UTF-8 temp path"),
        ],
    );
    let out = env.output(&args);
    assert_eq!(code(&out), 0, "{}", show(&out));
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(!stdout.contains("4111 1111 1111 1111"));
    assert!(stdout.contains("**** **** **** 1111 123456"));
}
