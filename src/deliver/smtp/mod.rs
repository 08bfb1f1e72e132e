//! The SMTP sink: build the message, send it with the profile's settings and
//! the keyring's password, and keep it in the outbox when that fails.
//!
//! Only `--send`, `profile smtp-login`/`smtp-logout`, `outbox send` and `doctor`
//! load the keyring or open a socket; composing never reaches this module. A
//! send that fails for any reason after the message is built keeps the
//! complete message (attachments included) in the outbox, so nothing typed is
//! lost.

pub mod transport;

use std::path::PathBuf;

use serde_json::json;

use crate::compose::Composed;
use crate::error::Error;
use crate::options::Format;
use crate::secret::{self, Password};
use crate::store::history::Keys;
use crate::store::outbox::{self, Outbox};
use crate::store::profile::Profile;
use crate::term::Note;
use transport::Server;

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
}

/// Sends a composed ticket (`--send`); on failure it goes to the outbox.
pub fn deliver(account: &Account, format: Format, composed: &Composed) -> Result<Delivered, Error> {
    let (ticket, email) = (&composed.ticket, &composed.email);
    let message = sendable(&stdout::eml(email)?);
    let from = email
        .from
        .as_deref()
        .ok_or_else(|| Error::Internal("a ticket without a From address".into()))?;
    let recipients: Vec<&str> = email
        .to
        .iter()
        .chain(&email.cc)
        .map(String::as_str)
        .collect();
    let envelope = transport::envelope(from, &recipients)?;

    let profile = account.profile.as_ref().map(|(_, p)| p);
    let attempt = connect(profile).and_then(|(server, password)| {
        transport::send(&server, password.as_ref(), &envelope, &message)
            .map(|reply| (server, reply))
    });
    let (server, reply) = match attempt {
        Ok(sent) => sent,
        Err(cause) => {
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
                attempts: 1,
                last_error: cause.to_string(),
                last_exit: cause.exit_code(),
            };
            return Err(keep(cause, &account.data_dir, meta, &message));
        }
    };
    if format == Format::Json {
        let mut report = stdout::json_report(composed);
        report["delivery"] = json!({
            "method": DELIVERY,
            "server": server.address(),
            "reply": reply,
        });
        stdout::write_stdout(stdout::pretty_json(&report)?.as_bytes())?;
    }
    Ok(Delivered {
        label: DELIVERY,
        notes: vec![Note::Info(format!(
            "sent to {} via {} ({})",
            recipients.join(", "),
            server.address(),
            email.message_id
        ))],
        then: None,
    })
}

/// Puts a message whose send failed into the outbox and says so in the error.
fn keep(cause: Error, data_dir: &std::path::Path, meta: outbox::Meta, message: &[u8]) -> Error {
    let outbox = Outbox::new(data_dir);
    let stored = outbox
        .lock()
        .and_then(|lock| outbox.add(&lock, meta, message));
    match stored {
        Ok(entry) => Error::kept(cause, &entry.meta.id),
        Err(e) => {
            // The outbox cannot hold it: print the message so nothing is lost.
            let _ = stdout::write_stdout(message);
            Error::unkept(cause, e)
        }
    }
}

/// The profile's server and, when it logs in, the password: everything but the socket.
pub fn connect(profile: Option<&Profile>) -> Result<(Server, Option<Password>), Error> {
    let server = server(profile)?;
    let password = match &server.username {
        Some(user) => Some(secret::lookup(user, &server.host)?.0),
        None => None,
    };
    Ok((server, password))
}

/// The checked SMTP settings of a profile (none at all is a config error).
pub fn server(profile: Option<&Profile>) -> Result<Server, Error> {
    let smtp = profile.map(|p| &p.smtp);
    Server::from_settings(&transport::Settings {
        host: smtp.and_then(|s| s.host.as_deref()),
        port: smtp.and_then(|s| s.port),
        username: smtp.and_then(|s| s.username.as_deref()),
        security: smtp.and_then(|s| s.security.as_deref()),
    })
}

/// Removes the draft marker: a message that is actually sent is not a draft.
///
/// Only the exact `X-Unsent: 1` header line is removed, and only from the header
/// block, so the body and attachments stay byte-for-byte as `--format eml` has them.
pub fn sendable(eml: &[u8]) -> Vec<u8> {
    const MARKER: &[u8] = b"X-Unsent: 1\r\n";
    let header_end = find(eml, b"\r\n\r\n").map_or(eml.len(), |i| i + 2);
    let mut at = 0;
    while at < header_end {
        let line_end = find(&eml[at..header_end], b"\r\n").map_or(header_end, |i| at + i + 2);
        if &eml[at..line_end] == MARKER {
            let mut out = Vec::with_capacity(eml.len());
            out.extend_from_slice(&eml[..at]);
            out.extend_from_slice(&eml[line_end..]);
            return out;
        }
        at = line_end;
    }
    eml.to_vec()
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sendable_drops_only_the_draft_header() {
        let eml = b"From: a@b.co\r\nX-Unsent: 1\r\nSubject: s\r\n\r\nX-Unsent: 1\r\nbody\r\n";
        assert_eq!(
            sendable(eml),
            b"From: a@b.co\r\nSubject: s\r\n\r\nX-Unsent: 1\r\nbody\r\n".to_vec()
        );
        let plain = b"From: a@b.co\r\n\r\nbody\r\n";
        assert_eq!(sendable(plain), plain.to_vec());
    }
}
