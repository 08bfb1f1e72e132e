//! The sinks: where a finished email goes. For now, stdout in four formats.
//!
//! Sinks do not validate: they receive a checked ticket and its email.
//! [`handoff`] hands it to the user's mail client or web mail.

pub mod handoff;

use std::io::Write;

use serde_json::json;

use crate::cli::Format;
use crate::compose::checklist::Ticket;
use crate::email::{Email, EmlError};
use crate::error::Error;

/// The version of the JSON object `--format json` prints.
pub const JSON_SCHEMA: &str = "9pic-help.ticket/1";

/// Writes the email to stdout in the chosen format.
pub fn stdout(
    format: Format,
    ticket: &Ticket,
    email: &Email,
    notes: &[String],
) -> Result<(), Error> {
    let bytes = match format {
        Format::Text => email.text().into_bytes(),
        Format::Mailto => format!("{}\n", email.mailto()).into_bytes(),
        Format::Json => {
            let mut s = serde_json::to_string_pretty(&json_report(ticket, email, notes))
                .map_err(|e| Error::Data(format!("internal: JSON: {e}")))?;
            s.push('\n');
            s.into_bytes()
        }
        Format::Eml => eml(email)?,
    };
    write_stdout(&bytes)
}

/// The complete message, attachments read from disk in chunks and encoded
/// straight into the one output buffer.
pub fn eml(email: &Email) -> Result<Vec<u8>, Error> {
    email.eml_from_files().map_err(|e| match e {
        EmlError::Attachment { path, reason } => Error::NoInput { path, reason },
        EmlError::Invalid(m) => Error::Data(m),
        EmlError::Write(e) => Error::Data(format!("internal: {e}")),
    })
}

/// Writes to stdout; a closed pipe (`| head`) is not an error.
pub fn write_stdout(bytes: &[u8]) -> Result<(), Error> {
    let mut out = std::io::stdout().lock();
    match out.write_all(bytes).and_then(|()| out.flush()) {
        Ok(()) => Ok(()),
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
        Err(e) => Err(Error::CantCreate {
            path: "standard output".into(),
            reason: e.to_string(),
        }),
    }
}

/// The `--format json` object (schema [`JSON_SCHEMA`]).
pub fn json_report(ticket: &Ticket, email: &Email, notes: &[String]) -> serde_json::Value {
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
        "date": email.date.to_string(),
        "message_id": email.message_id,
        "in_reply_to": email.in_reply_to,
        "mailto": email.mailto(),
        "attachments": email.attachments,
        "checklist": checklist,
        "details": ticket.details(),
        "tried": ticket.tried(),
        "warnings": notes,
        "redactions": ticket.redactions(),
        "expected_response": ticket.expected_response(),
    })
}
