//! The stdout sink: the email in one of four formats (text, eml, json, mailto),
//! and the one writer of stdout that treats a closed pipe as done.

use std::io::Write;

use serde::ser::SerializeMap;
use serde::{Serialize, Serializer};

use crate::catalog::plans::Plan;
use crate::compose::Composed;
use crate::email::{Email, EmlError};
use crate::error::Error;
use crate::options::Format;

/// The version of the JSON object `--format json` prints.
pub const JSON_SCHEMA: &str = "9pic-help.ticket/1";

/// Writes the email to stdout in the chosen format.
pub fn write(format: Format, composed: &Composed) -> Result<(), Error> {
    let email = &composed.email;
    let bytes = match format {
        Format::Text => email.text().into_bytes(),
        Format::Mailto => format!("{}\n", email.mailto()).into_bytes(),
        Format::Json => pretty_json(&json_report(composed))?.into_bytes(),
        Format::Eml => return stream_eml(email),
    };
    write_stdout(&bytes)
}

/// The complete message, attachments read from disk in chunks and encoded
/// straight into the one output buffer.
pub fn eml(email: &Email) -> Result<Vec<u8>, Error> {
    email.eml_from_files().map_err(eml_error)
}

/// What an encoding failure means for the user: an attachment that cannot be
/// read (66), a value that cannot be encoded (65), or a failed write.
pub fn eml_error(e: EmlError) -> Error {
    match e {
        EmlError::Attachment { path, reason } => Error::NoInput {
            path,
            source: reason.into(),
        },
        EmlError::Invalid(m) => Error::Data(m),
        EmlError::Write(e) => write_error(e),
    }
}

/// A failed write to stdout (exit 73); a closed pipe is handled by the callers.
fn write_error(e: std::io::Error) -> Error {
    Error::CantCreate {
        path: "standard output".into(),
        source: e.into(),
    }
}

/// Streams the eml to stdout as it is encoded: a few MiB whatever the
/// attachments' size. A closed pipe (`| head`) is not an error.
pub fn stream_eml(email: &Email) -> Result<(), Error> {
    if !crate::term::stdout_is_open() {
        return Err(closed_stdout());
    }
    let mut out = std::io::BufWriter::with_capacity(64 * 1024, std::io::stdout().lock());
    let written = email
        .write_eml(&mut out)
        .and_then(|()| out.flush().map_err(EmlError::Write));
    match written {
        Ok(()) => Ok(()),
        Err(EmlError::Write(e)) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
        Err(e) => Err(eml_error(e)),
    }
}

/// Pretty JSON with a final newline.
pub fn pretty_json(v: &impl Serialize) -> Result<String, Error> {
    serde_json::to_string_pretty(v)
        .map(|s| s + "\n")
        .map_err(|e| Error::Internal(format!("JSON: {e}")))
}

/// The error for a closed standard output (`>&-`).
pub fn closed_stdout() -> Error {
    Error::CantCreate {
        path: "standard output".into(),
        source: "it is closed (the shell ran the command with >&-)".into(),
    }
}

/// Writes to stdout; a closed pipe (`| head`) is not an error, a closed
/// descriptor (`>&-`) or a full disk is (73).
pub fn write_stdout(bytes: &[u8]) -> Result<(), Error> {
    if !crate::term::stdout_is_open() {
        return Err(closed_stdout());
    }
    let mut out = std::io::stdout().lock();
    match out.write_all(bytes).and_then(|()| out.flush()) {
        Ok(()) => Ok(()),
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
        Err(e) => Err(Error::CantCreate {
            path: "standard output".into(),
            source: e.into(),
        }),
    }
}

/// The `--format json` object (schema [`JSON_SCHEMA`]), written straight
/// from the ticket: building it as a `serde_json::Value` first, and freeing
/// that, cost a fifth of a JSON ticket's instructions. The keys come in
/// alphabetical order, as the schema has always printed them; nested objects
/// of other types (attachments, redactions) go through a `Value`, which sorts
/// their keys the same way.
pub struct Report<'a> {
    composed: &'a Composed,
    /// How a sent ticket went (`--send`); absent for stdout.
    pub delivery: Option<serde_json::Value>,
}

/// The report of a composed ticket, without a delivery.
pub fn json_report(composed: &Composed) -> Report<'_> {
    Report {
        composed,
        delivery: None,
    }
}

impl Serialize for Report<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let (ticket, email) = (&self.composed.ticket, &self.composed.email);
        let id = ticket.identity();
        let mut m = serializer.serialize_map(None)?;
        m.serialize_entry(
            "account",
            &Account {
                login_email: &id.login_email,
                org: &id.org,
                plan: id.plan,
                sender_name: id.sender_name.as_deref(),
            },
        )?;
        m.serialize_entry("attachments", &sorted::<S::Error>(&email.attachments)?)?;
        m.serialize_entry("body", &email.body)?;
        m.serialize_entry("category", ticket.category().name)?;
        m.serialize_entry("cc", &email.cc)?;
        m.serialize_entry("channel", &ticket.channel())?;
        let situation = ticket.situation();
        let checklist: Vec<ChecklistEntry> = ticket
            .category()
            .items
            .iter()
            .map(|item| ChecklistEntry {
                flag: item.long(),
                key: item.key,
                label: item.label,
                required: item.need.is_required(situation),
                value: ticket.text(item.key),
            })
            .collect();
        m.serialize_entry("checklist", &checklist)?;
        // Whole seconds, like the Date header of the same message.
        m.serialize_entry("date", &format!("{:.0}", email.date))?;
        if let Some(delivery) = &self.delivery {
            m.serialize_entry("delivery", delivery)?;
        }
        m.serialize_entry("details", &ticket.details())?;
        m.serialize_entry("expected_response", ticket.expected_response())?;
        m.serialize_entry("from", &email.from)?;
        m.serialize_entry("in_reply_to", &email.in_reply_to)?;
        m.serialize_entry("mailto", &email.mailto())?;
        m.serialize_entry("message_id", &email.message_id)?;
        m.serialize_entry(
            "redactions",
            &sorted::<S::Error>(&self.composed.redactions)?,
        )?;
        m.serialize_entry("schema", JSON_SCHEMA)?;
        m.serialize_entry("situation", &situation)?;
        m.serialize_entry("subject", &email.subject)?;
        m.serialize_entry("to", &email.to)?;
        m.serialize_entry("tried", ticket.tried())?;
        m.serialize_entry("urgent", &ticket.urgent())?;
        m.serialize_entry("warnings", &self.composed.notes)?;
        m.end()
    }
}

/// `v` as a `serde_json::Value`, whose objects print their keys sorted.
fn sorted<E: serde::ser::Error>(v: &impl Serialize) -> Result<serde_json::Value, E> {
    serde_json::to_value(v).map_err(E::custom)
}

/// The report's `account` object, keys in alphabetical order.
#[derive(Serialize)]
struct Account<'a> {
    login_email: &'a str,
    org: &'a str,
    plan: Plan,
    sender_name: Option<&'a str>,
}

/// One checklist item in the report, keys in alphabetical order.
#[derive(Serialize)]
struct ChecklistEntry {
    flag: String,
    key: &'static str,
    label: &'static str,
    required: bool,
    value: Option<String>,
}
