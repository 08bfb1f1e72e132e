//! The SMTP sink: build the message, send it with the profile's settings and
//! the keyring's password, and keep it in the outbox when that fails.
//!
//! Only `--send`, `profile smtp-login`/`smtp-logout`, `outbox send` and `doctor`
//! load the keyring or open a socket; composing never reaches this module. A
//! send that fails for any reason after the message is built keeps the
//! complete message (attachments included) in the outbox, so nothing typed is
//! lost.

mod failure;
mod server;
pub mod signals;
pub mod transport;

use std::path::PathBuf;
use std::sync::Arc;

use serde_json::json;

use crate::compose::Composed;
use crate::error::Error;
use crate::options::Format;
use crate::store::history::Keys;
use crate::store::outbox::{self, Claimed, Outbox};
use crate::store::profile::Profile;
use crate::term::Note;
use signals::Signals;
use transport::{Failed, Job, Login, Server};

use super::outcome::Delivered;
use super::stdout;

/// How the history names a ticket delivered over SMTP.
pub const DELIVERY: &str = "send";

/// What the SMTP sink needs besides the email: the profile and where the outbox is.
#[derive(Debug, Clone)]
pub struct Account {
    /// The profile in use and its name, if any (a missing server fails at send time).
    pub profile: Option<(String, Profile)>,
    /// The data directory, which holds the outbox.
    pub data_dir: PathBuf,
    /// The user asked with `--send` (not the profile's default delivery).
    pub asked: bool,
}

/// Sends a composed ticket (`--send`).
///
/// Everything that can fail on our side is done before the connection opens:
/// the message, the envelope, the JSON report, and the outbox entry that keeps
/// the message until the server accepts it. After acceptance only the entry's
/// removal and the printing remain, and neither can make a re-run send twice.
pub fn deliver(account: &Account, format: Format, composed: &Composed) -> Result<Delivered, Error> {
    let (ticket, email) = (&composed.ticket, &composed.email);
    let message = Arc::new(email.sendable_eml().map_err(stdout::eml_error)?);
    let from = email
        .from
        .as_deref()
        .ok_or_else(|| Error::Internal("a ticket without a From address".into()))?;
    let recipients = email.recipients();
    let refs: Vec<&str> = recipients.iter().map(String::as_str).collect();
    let envelope = transport::envelope(from, &refs)?;
    let mut report = (format == Format::Json).then(|| stdout::json_report(composed));

    let signals = Signals::install();
    let meta = outbox::Meta {
        schema: outbox::SCHEMA.to_string(),
        id: String::new(),
        queued_at: jiff::Timestamp::now().to_string(),
        message_id: email.message_id.clone(),
        subject: email.subject.clone(),
        date: ticket.date(),
        category: ticket.category().name.to_string(),
        to: email.to.join(", "),
        profile: account.profile.as_ref().map(|(name, _)| name.clone()),
        keys: Keys::of(|k| ticket.text(k)),
        situation: ticket.situation().map(str::to_string),
        response: Some(ticket.response()),
        due: Some(crate::compose::due::due(
            ticket.date(),
            ticket.response(),
            ticket.now().time_zone(),
        )),
        in_reply_to: email.in_reply_to.clone(),
        from: envelope.from().map(|a| a.to_string()).unwrap_or_default(),
        recipients: envelope.to().iter().map(|a| a.to_string()).collect(),
        attempts: 0,
        last_error: String::new(),
        last_exit: 0,
    };
    let mut notes = Vec::new();
    // Write-ahead: without the outbox entry a signal or a lost connection
    // could lose the message, so nothing is sent when it cannot be written.
    let kept = match Outbox::new(&account.data_dir).add(meta, &message) {
        Ok(kept) => kept,
        Err(e) => return Err(unsent(e, &message)),
    };
    let before_final_dot = final_dot_marker(Some(&kept));
    let profile = account.profile.as_ref().map(|(_, p)| p);
    let result = match signals.caught() {
        Some(signal) => Err(Failed {
            error: Error::Interrupted { signal },
            maybe_delivered: false,
            signal: Some(signal),
            abandoned: false,
        }),
        None => server(profile)
            .map_err(|error| Failed {
                error,
                maybe_delivered: false,
                signal: None,
                abandoned: false,
            })
            .and_then(|server| {
                let job = Job {
                    envelope,
                    message: Arc::clone(&message),
                    before_final_dot,
                };
                transport::send(&server, Login::Lookup, job, Some(&signals))
                    .map(|reply| (server, reply))
            }),
    };
    let (server, reply) = match result {
        Ok(sent) => sent,
        Err(failed) => return Err(keep(failed, kept, notes)),
    };
    if let Err(e) = kept.remove() {
        notes.push(Note::Warning(format!(
            "the ticket was sent, but its outbox entry could not be removed ({e}); \
             drop it with `9pic-help outbox drop ID` so it is not sent again"
        )));
    }
    notes.push(Note::Info(format!(
        "sent to {} via {} ({})",
        recipients.join(", "),
        server.address(),
        email.message_id
    )));
    // The server has the message: a failure to print is reported after the
    // history records the ticket, never instead of it.
    let then = match report.as_mut() {
        Some(report) => {
            report.delivery = Some(json!({
                "method": DELIVERY,
                "server": server.address(),
                "reply": reply,
            }));
            stdout::pretty_json(report)
                .and_then(|text| stdout::write_stdout(text.as_bytes()))
                .err()
        }
        None => None,
    };
    Ok(Delivered {
        label: DELIVERY,
        notes,
        then,
    })
}

/// What the worker calls just before the final dot: the entry's marker.
pub fn final_dot_marker(kept: Option<&Claimed>) -> transport::BeforeFinalDot {
    let marker = kept.map(Claimed::final_dot_marker);
    Box::new(move || {
        if let Some(path) = marker {
            // Should the marker fail, the entry still says the send was under
            // way; the failure path marks it again from the caller's side.
            let _ = outbox::mark_final_dot(&path);
        }
    })
}

/// The outbox could not keep the message before sending (a full or
/// read-only disk): nothing is sent, and the complete message goes to stdout.
fn unsent(why: Error, message: &[u8]) -> Error {
    match stdout::write_stdout(message) {
        Ok(()) => Error::printed(
            why,
            "nothing was sent, because the outbox could not keep the message first; \
             the complete message is printed on stdout (save it, free some space, and send again)",
        ),
        Err(_) => why,
    }
}

/// The error for a send that failed: the entry records why, and the error
/// says where the message is.
fn keep(failed: Failed, mut claimed: Claimed, notes: Vec<Note>) -> Error {
    crate::term::show(&notes, false);
    let Failed {
        error,
        maybe_delivered,
        ..
    } = failed;
    if let Err(e) = claimed.record_failure(&error, maybe_delivered) {
        crate::term::warning(&format!("could not record the failure in the outbox: {e}"));
    }
    let id = claimed.entry.meta.id.clone();
    match maybe_delivered {
        true => Error::maybe_delivered(error, &id),
        false => Error::kept(error, &id),
    }
}

/// The checked SMTP settings of a profile (none at all is a config error).
pub fn server(profile: Option<&Profile>) -> Result<Server, Error> {
    let smtp = profile.map(|p| &p.smtp);
    let timeout = smtp.and_then(|s| s.timeout_text());
    Server::from_settings(&transport::Settings {
        host: smtp.and_then(|s| s.host.as_deref()),
        port: smtp.and_then(|s| s.port),
        username: smtp.and_then(|s| s.username.as_deref()),
        security: smtp.and_then(|s| s.security.as_deref()),
        timeout: timeout.as_deref(),
    })
}
