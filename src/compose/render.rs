//! From a checked [`Ticket`] to an [`Email`], through the templates.
//!
//! Templates live in `templates/` and are compiled into Rust at build time
//! (askama, in [`letters`]): one per category, each extending `base.txt`,
//! which lays out the account, the checklist, details, steps tried,
//! attachments and the signature. Each template fills the `subject` and
//! `intro` blocks (and may fill `closing`). The subject and the opening are
//! rendered first, as blocks of their own; the body then gets the facts the
//! opening does not already state ([`layout`]). What the templates see is
//! typed ([`fields`]). Rendering is pure.

// The templates read the fields in askama's derived code, which the dead
// code lint does not count as a read.
#[allow(dead_code)]
mod fields;
#[allow(dead_code)]
mod layout;
mod letters;

use jiff::Zoned;

use crate::compose::checklist::Ticket;
use crate::email::{self, Email};
use crate::error::Error;

/// What render needs to know about where the email goes, as plain data.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct View {
    /// Whether attachments travel with this output (eml, an `--open` draft,
    /// `--send`); otherwise the body lists them as files to attach.
    pub attachments_travel: bool,
}

/// The column our own prose wraps at.
const WIDTH: usize = 72;

/// Renders the ticket's email. Times show in the zone of `now`, with how
/// long ago or ahead of `now` they lie when that is within a week.
pub fn render(ticket: &Ticket, now: &Zoned, view: View) -> Result<Email, Error> {
    let (subject, body) = render_with(ticket, now, view, Mask::None)?;
    // The subject only ever carries checked values, but check the result too:
    // nothing may leave this function that could split a header.
    email::check_header_value(&subject).map_err(|e| Error::Data(format!("subject {e}")))?;

    let id = ticket.identity();
    let from = match &id.sender_name {
        Some(name) => format!("{} <{}>", quote_display_name(name), id.login_email),
        None => id.login_email.clone(),
    };
    let mut email = Email {
        from: Some(from),
        to: vec![ticket.channel().address().to_string()],
        cc: ticket.cc().to_vec(),
        subject,
        message_id: message_id(ticket, &body),
        body,
        attachments: ticket.attachments().to_vec(),
        date: ticket.date(),
        in_reply_to: ticket.in_reply_to().map(str::to_string),
        urgent: ticket.urgent(),
    };
    // Each recipient once in every format, not only in eml.
    email.dedup_recipients();
    Ok(email)
}

/// An error in our own templates or layout (exit 70).
fn internal(message: String) -> Error {
    Error::Internal(message)
}

/// Which values the fields carry as typed, and which as a placeholder.
/// Only the test of our own prose masks (see [`prose_only`]).
#[derive(Clone, Copy, PartialEq, Eq)]
enum Mask {
    None,
    #[cfg(test)]
    UserText,
}

/// Renders subject and body: first the subject and the opening (the
/// `intro` block), then the body with the facts and sections
/// [`Layout::unsaid`](layout::Layout::unsaid) finds the opening does not
/// already state.
fn render_with(
    ticket: &Ticket,
    now: &Zoned,
    view: View,
    mask: Mask,
) -> Result<(String, String), Error> {
    let name = ticket.category().name;
    let failed = |part: &str, e: askama::Error| internal(format!("{part} of {name}: {e}"));
    let (mut fields, layout) = fields::fields(ticket, now, view, mask);
    let (subject, opening, closing) = {
        let letter = letters::letter(name, &fields)?;
        (
            letter.subject().map_err(|e| failed("subject", e))?,
            letter.intro().map_err(|e| failed("opening", e))?,
            letter.closing().map_err(|e| failed("closing", e))?,
        )
    };
    fields.unsaid = layout.unsaid(&unglue(&opening));
    fields.opening = opening;
    fields.closing = closing;
    let body = letters::letter(name, &fields)?
        .body()
        .map_err(|e| failed("body", e))?;
    let subject = unglue(&subject)
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    Ok((subject, tidy(&unglue(&body))))
}

/// Lays out our own prose: lines of a template paragraph join into one
/// paragraph (a blank line separates paragraphs), wrapped at [`WIDTH`]
/// columns only at ASCII spaces, so a word, date, ID, address or URL longer
/// than the line stays whole on its own line. Ends with one line break.
fn wrap(text: &str) -> String {
    let options = textwrap::Options::new(WIDTH)
        .break_words(false)
        .word_separator(textwrap::WordSeparator::AsciiSpace)
        .word_splitter(textwrap::WordSplitter::NoHyphenation);
    let mut paragraphs = Vec::new();
    let mut current: Vec<&str> = Vec::new();
    for line in text.lines().map(str::trim) {
        if line.is_empty() {
            if !current.is_empty() {
                paragraphs.push(current.join(" "));
                current.clear();
            }
        } else {
            current.push(line);
        }
    }
    if !current.is_empty() {
        paragraphs.push(current.join(" "));
    }
    let mut out = paragraphs
        .iter()
        .map(|p| textwrap::fill(p, &options))
        .collect::<Vec<_>>()
        .join("\n\n");
    out.push('\n');
    out
}

/// Joins the words of a date or time so that wrapping keeps them on one
/// line; [`unglue`] turns it back into spaces once the text is laid out.
const GLUE: char = '\u{E000}';

fn glue(s: &str) -> String {
    s.replace(' ', &GLUE.to_string())
}

fn unglue(s: &str) -> String {
    s.replace(GLUE, " ")
}

/// Header names a body line must not start with: a reader (or a careless
/// parser) would take such a line for a header of the message.
const HEADER_NAMES: &[&str] = &[
    "from",
    "to",
    "cc",
    "bcc",
    "date",
    "subject",
    "reply-to",
    "sender",
    "message-id",
    "in-reply-to",
    "references",
    "mime-version",
    "content-type",
    "content-transfer-encoding",
    "content-disposition",
    "return-path",
    "received",
    "importance",
    "priority",
];

/// The first line that reads like a mail header (`To: …`, `X-Priority: …`).
pub fn header_like_line(body: &str) -> Option<&str> {
    body.lines().find(|line| {
        let Some((name, _)) = line.split_once(':') else {
            return false;
        };
        let name = name.to_ascii_lowercase();
        !name.is_empty()
            && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
            && (HEADER_NAMES.contains(&name.as_str()) || name.starts_with("x-"))
    })
}

/// Quotes a display name when it holds characters that need it.
fn quote_display_name(name: &str) -> String {
    // `=?` could read as an RFC 2047 encoded word, so such names are quoted too.
    let plain = !name.contains("=?")
        && name
            .chars()
            .all(|c| c.is_alphanumeric() || " !#$%&'*+-/=?^_`{|}~".contains(c));
    if plain {
        name.to_string()
    } else {
        format!("\"{}\"", name.replace('\\', "\\\\").replace('"', "\\\""))
    }
}

/// A Message-ID: random unless the draft is reproducible.
fn message_id(ticket: &Ticket, body: &str) -> String {
    let domain = ticket
        .identity()
        .login_email
        .rsplit_once('@')
        .map(|(_, d)| d.to_string())
        .unwrap_or_else(|| "9pic-help.invalid".into());
    let mut seed = Vec::new();
    seed.extend_from_slice(&ticket.date().as_second().to_be_bytes());
    seed.extend_from_slice(&ticket.nonce().to_be_bytes());
    seed.extend_from_slice(ticket.category().name.as_bytes());
    seed.extend_from_slice(body.as_bytes());
    format!(
        "<{}.{:016x}.9pic-help@{domain}>",
        ticket.date().as_second(),
        email::fnv1a(&seed)
    )
}

/// Collapses runs of blank lines left by optional blocks; one final newline.
fn tidy(body: &str) -> String {
    let mut out = String::with_capacity(body.len());
    let mut blank = 0;
    for line in body.trim_matches('\n').lines() {
        let line = line.trim_end();
        if line.is_empty() {
            blank += 1;
            if blank > 1 {
                continue;
            }
        } else {
            blank = 0;
        }
        out.push_str(line);
        out.push('\n');
    }
    out
}

/// The body with every value the user typed replaced by a neutral word:
/// the templates' own prose, for the test that none of it reads like a mail
/// header (in `resolve`, which can build tickets from examples; a run does
/// not check it, as it depends on the templates only).
#[cfg(test)]
pub(crate) fn prose_only(ticket: &Ticket, now: &Zoned, view: View) -> Result<String, Error> {
    render_with(ticket, now, view, Mask::UserText).map(|(_, body)| body)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wrapping_breaks_only_at_spaces() {
        let url = "https://photos.acme-events-berlin.test/gallery/2026-11-21/evt_77";
        let text = format!(
            "The public link of our event does not load; the address we tried is {url} and it fails"
        );
        let out = wrap(&text);
        assert!(out.lines().any(|l| l.contains(url)), "{out}");
        let long = format!("see {url}{url}");
        assert!(wrap(&long).lines().any(|l| l == &long[4..]));
        assert!(
            out.lines().all(|l| l.len() <= WIDTH || !l.contains(' ')),
            "{out}"
        );
        let glued = format!(
            "goes live at {} and more words to push it over",
            glue("Sat 21 Nov 2026, 17:09 (UTC+01:00)")
        );
        let out = unglue(&wrap(&format!(
            "Our event with a rather long name here {glued}"
        )));
        assert!(out.contains("Sat 21 Nov 2026, 17:09 (UTC+01:00)"), "{out}");
    }

    #[test]
    fn header_like_lines_are_found() {
        assert_eq!(header_like_line("Hello,\nFrom: 2025\n"), Some("From: 2025"));
        assert_eq!(header_like_line("x\nreply-to: a\n"), Some("reply-to: a"));
        assert_eq!(header_like_line("X-Priority: 1\n"), Some("X-Priority: 1"));
        assert_eq!(
            header_like_line("First day: Mon 5 Jan 2026\nPlan: Pro\n"),
            None
        );
        assert_eq!(header_like_line("Note: to: you\n"), None);
    }
}
