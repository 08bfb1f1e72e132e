//! The stdout sink: the email in one of four formats (text, eml, json, mailto),
//! and the one writer of stdout that treats a closed pipe as done.

use std::io::Write;

use serde_json::json;

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
pub fn pretty_json(v: &serde_json::Value) -> Result<String, Error> {
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

/// The `--format json` object (schema [`JSON_SCHEMA`]).
pub fn json_report(composed: &Composed) -> serde_json::Value {
    let (ticket, email) = (&composed.ticket, &composed.email);
    let situation = ticket.situation();
    let checklist: Vec<serde_json::Value> = ticket
        .category()
        .items
        .iter()
        .map(|item| {
            json!({
                "key": item.key,
                "flag": item.long(),
                "label": item.label,
                "required": item.need.is_required(situation),
                "value": ticket.text(item.key),
            })
        })
        .collect();
    json!({
        "schema": JSON_SCHEMA,
        "category": ticket.category().name,
        "situation": situation,
        "channel": ticket.channel(),
        "urgent": ticket.urgent(),
        "account": {
            "org": ticket.identity().org,
            "login_email": ticket.identity().login_email,
            "plan": ticket.identity().plan,
            "sender_name": ticket.identity().sender_name,
        },
        "from": email.from,
        "to": email.to,
        "cc": email.cc,
        "subject": email.subject,
        "body": email.body,
        // Whole seconds, like the Date header of the same message.
        "date": format!("{:.0}", email.date),
        "message_id": email.message_id,
        "in_reply_to": email.in_reply_to,
        "mailto": email.mailto(),
        "attachments": email.attachments,
        "checklist": checklist,
        "details": ticket.details(),
        "tried": ticket.tried(),
        "warnings": composed.notes,
        "redactions": composed.redactions,
        "expected_response": ticket.expected_response(),
    })
}
