//! The SMTP sink and what surrounds it: `--send`, `profile smtp-login` /
//! `smtp-logout`, and the `outbox` commands.
//!
//! These are the only paths that load the keyring or open a socket; composing
//! a ticket to stdout never reaches this module. A send that fails for any
//! reason after the message is built keeps the complete message (attachments
//! included) in the outbox, so nothing typed is lost.

use std::io::Read;
use std::path::Path;

use serde_json::json;

use crate::catalog::Channel;
use crate::cli::{Format, GlobalArgs, OutboxCommand, SmtpLogin};
use crate::compose::checklist::Ticket;
use crate::deliver;
use crate::email::Email;
use crate::error::Error;
use crate::manage;
use crate::secret::{self, Password};
use crate::smtp::{self, Server};
use crate::state::{self, TicketState};
use crate::store::history::{History, NewRecord};
use crate::store::outbox::{self, Entry, Outbox};
use crate::store::profile::{Profile, Profiles};
use crate::term;

/// How the history names a ticket delivered over SMTP.
pub const DELIVERY: &str = "send";

/// Sends a composed ticket (`--send`); on failure it goes to the outbox.
///
/// On success the caller records the ticket in the history as [`DELIVERY`].
pub fn ticket(
    global: &GlobalArgs,
    saved: &TicketState,
    ticket: &Ticket,
    email: &Email,
) -> Result<(), Error> {
    if ticket.channel == Channel::Form {
        return Err(Error::Usage(
            "--send delivers email, and this ticket goes to the web contact form; \
             drop --send, or choose --via sales or --via support"
                .into(),
        ));
    }
    let message = sendable(&deliver::eml(email)?);
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
    let envelope = smtp::envelope(from, &recipients)?;

    let profile = saved.profile.as_ref().map(|(_, p)| p);
    let attempt = connect(profile).and_then(|(server, password)| {
        smtp::send(&server, password.as_ref(), &envelope, &message).map(|reply| (server, reply))
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
                date: ticket.date,
                category: ticket.category.name.to_string(),
                to: email.to.join(", "),
                profile: saved.profile.as_ref().map(|(name, _)| name.clone()),
                keys: state::keys_of(ticket),
                from: envelope.from().map(|a| a.to_string()).unwrap_or_default(),
                recipients: envelope.to().iter().map(|a| a.to_string()).collect(),
                attempts: 1,
                last_error: cause.to_string(),
                last_exit: cause.exit_code(),
            };
            return Err(keep(cause, &saved.dirs.data.path, meta, &message));
        }
    };
    if global.format == Format::Json {
        let mut report = deliver::json_report(ticket, email);
        report["delivery"] = json!({
            "method": DELIVERY,
            "server": server.address(),
            "reply": reply,
        });
        let mut text = serde_json::to_string_pretty(&report)
            .map_err(|e| Error::Internal(format!("JSON: {e}")))?;
        text.push('\n');
        deliver::write_stdout(text.as_bytes())?;
    }
    if !global.quiet {
        term::note(&format!(
            "sent to {} via {} ({})",
            recipients.join(", "),
            server.address(),
            email.message_id
        ));
    }
    Ok(())
}

/// Puts a message whose send failed into the outbox and says so in the error.
fn keep(cause: Error, data_dir: &Path, meta: outbox::Meta, message: &[u8]) -> Error {
    let outbox = Outbox::new(data_dir);
    let stored = outbox
        .lock()
        .and_then(|lock| outbox.add(&lock, meta, message));
    match stored {
        Ok(entry) => Error::kept(cause, &entry.meta.id),
        Err(e) => {
            // The outbox cannot hold it: print the message so nothing is lost.
            term::error(&format!("the outbox cannot keep this ticket: {e}"));
            term::note("the complete message follows on stdout");
            let _ = deliver::write_stdout(message);
            cause
        }
    }
}

/// `profile smtp-login`: stores the password of the profile's SMTP user.
pub fn smtp_login(global: &GlobalArgs, store: &Profiles, args: &SmtpLogin) -> Result<u8, Error> {
    let (user, server) = smtp_account(global, store)?;
    let password = read_password(global, args, &user, &server.host)?;
    secret::store(&user, &server.host, &password)?;
    if !global.quiet {
        term::note(&format!(
            "stored the SMTP password for {} in the OS keyring",
            secret::account(&user, &server.host)
        ));
    }
    Ok(0)
}

/// `profile smtp-logout`: deletes it; not an error when there was none.
pub fn smtp_logout(global: &GlobalArgs, store: &Profiles) -> Result<u8, Error> {
    let (user, server) = smtp_account(global, store)?;
    let account = secret::account(&user, &server.host);
    let deleted = secret::forget(&user, &server.host)?;
    if !global.quiet {
        term::note(&if deleted {
            format!("deleted the SMTP password for {account} from the OS keyring")
        } else {
            format!("there was no SMTP password for {account} to delete")
        });
    }
    Ok(0)
}

/// The SMTP user and server of the selected profile (both name the keyring entry).
fn smtp_account(global: &GlobalArgs, store: &Profiles) -> Result<(String, Server), Error> {
    let file = store.load()?;
    let selected = file.select(manage::wanted_profile(global).as_deref())?;
    let server = server(selected.map(|(_, p)| p))?;
    let user = server.username.clone().ok_or_else(|| Error::Config {
        message: "the profile has no SMTP user name to store a password for".into(),
        hint: Some("set it with `9pic-help profile set smtp.username USER`".into()),
    })?;
    Ok((user, server))
}

/// The password for `smtp-login`: stdin with `--password-stdin`, else a hidden prompt.
fn read_password(
    global: &GlobalArgs,
    args: &SmtpLogin,
    user: &str,
    host: &str,
) -> Result<Password, Error> {
    if args.password_stdin {
        let mut text = String::new();
        std::io::stdin()
            .read_to_string(&mut text)
            .map_err(|e| Error::NoInput {
                path: "standard input".into(),
                reason: e.to_string(),
            })?;
        let trimmed = text
            .strip_suffix('\n')
            .map(|t| t.strip_suffix('\r').unwrap_or(t))
            .unwrap_or(&text);
        let password = Password::new(trimmed.to_string());
        zeroize::Zeroize::zeroize(&mut text);
        return password;
    }
    if !crate::prompt::interactive(global.no_input) {
        return Err(Error::Usage(
            "no terminal to ask for the SMTP password on; \
             pipe it in with `profile smtp-login --password-stdin`"
                .into(),
        ));
    }
    let typed = crate::prompt::password(&format!("SMTP password for {user} on {host}"))?;
    Password::new(typed)
}

/// The `outbox` commands.
pub fn outbox(global: &GlobalArgs, command: OutboxCommand) -> Result<u8, Error> {
    let dirs = manage::dirs(global)?;
    let outbox = Outbox::new(&dirs.data.path);
    match command {
        OutboxCommand::List { json } => list(&outbox, json),
        OutboxCommand::Send { id, all } => {
            let file = Profiles::new(&dirs.config.path).load()?;
            let profile = file
                .select(manage::wanted_profile(global).as_deref())?
                .map(|(_, p)| p);
            let history = (!global.no_history).then(|| History::new(&dirs.data.path));
            retry(
                global,
                &outbox,
                profile,
                history.as_ref(),
                id.as_deref(),
                all,
            )
        }
        OutboxCommand::Drop { id } => {
            let lock = outbox.lock()?;
            outbox.remove(&lock, &id)?;
            if !global.quiet {
                term::note(&format!("dropped {id} from the outbox"));
            }
            Ok(0)
        }
    }
}

/// `outbox list`: a table, or JSON for scripts.
fn list(outbox: &Outbox, json: bool) -> Result<u8, Error> {
    let entries = outbox.list()?;
    let text = if json {
        let metas: Vec<&outbox::Meta> = entries.iter().map(|e| &e.meta).collect();
        let mut s = serde_json::to_string_pretty(&json!({
            "schema": "9pic-help.outbox-list/1",
            "directory": outbox.dir(),
            "messages": metas,
        }))
        .map_err(|e| Error::Internal(format!("JSON: {e}")))?;
        s.push('\n');
        s
    } else if entries.is_empty() {
        term::note("the outbox is empty");
        String::new()
    } else {
        let mut s = String::new();
        for e in &entries {
            let m = &e.meta;
            s.push_str(&format!(
                "{}\t{}\t{}\t{}\n\tlast error (exit {}, {} attempt{}): {}\n",
                m.id,
                m.queued_at,
                m.recipients.join(", "),
                m.subject,
                m.last_exit,
                m.attempts,
                if m.attempts == 1 { "" } else { "s" },
                m.last_error
            ));
        }
        s
    };
    deliver::write_stdout(text.as_bytes())?;
    Ok(0)
}

/// `outbox send ID | --all`: one connection setup, each message tried in turn.
fn retry(
    global: &GlobalArgs,
    outbox: &Outbox,
    profile: Option<&Profile>,
    history: Option<&History>,
    id: Option<&str>,
    all: bool,
) -> Result<u8, Error> {
    // Held throughout, so two runs never send the same message twice.
    let lock = outbox.lock()?;
    let entries = match (id, all) {
        (_, true) => outbox.list()?,
        (Some(id), false) => vec![outbox.get(id)?],
        (None, false) => return Err(Error::Usage("give an outbox ID, or --all".into())),
    };
    if entries.is_empty() {
        if !global.quiet {
            term::note("the outbox is empty; nothing to send");
        }
        return Ok(0);
    }
    let (server, password) = match connect(profile) {
        Ok(connection) => connection,
        Err(e) => {
            for mut entry in entries {
                outbox.record_failure(&lock, &mut entry, &e)?;
            }
            return Err(e);
        }
    };
    let mut first_failure: Option<Error> = None;
    for mut entry in entries {
        let id = entry.meta.id.clone();
        match send_entry(&entry, &server, password.as_ref()) {
            Ok(()) => {
                outbox.remove(&lock, &id)?;
                if let Some(history) = history {
                    history.append(record_of(&entry))?;
                }
                if !global.quiet {
                    term::note(&format!(
                        "sent {id} to {} via {} ({})",
                        entry.meta.recipients.join(", "),
                        server.address(),
                        entry.meta.message_id
                    ));
                }
            }
            Err(e) => {
                outbox.record_failure(&lock, &mut entry, &e)?;
                if first_failure.is_none() {
                    first_failure = Some(Error::kept(e, &id));
                } else {
                    term::warning(&format!("{id} was not sent either: {e}"));
                }
            }
        }
    }
    match first_failure {
        Some(e) => Err(e),
        None => Ok(0),
    }
}

/// Sends one outbox entry, its exact bytes, to its recorded envelope.
fn send_entry(entry: &Entry, server: &Server, password: Option<&Password>) -> Result<(), Error> {
    let message = entry.message()?;
    let recipients: Vec<&str> = entry.meta.recipients.iter().map(String::as_str).collect();
    let envelope = smtp::envelope(&entry.meta.from, &recipients)?;
    smtp::send(server, password, &envelope, &message).map(|_| ())
}

/// The history record of a ticket sent from the outbox.
fn record_of(entry: &Entry) -> NewRecord {
    let m = &entry.meta;
    NewRecord {
        time: m.date,
        category: m.category.clone(),
        subject: m.subject.clone(),
        to: m.to.clone(),
        message_id: m.message_id.clone(),
        delivery: DELIVERY.into(),
        profile: m.profile.clone(),
        keys: m.keys.clone(),
    }
}

/// The profile's server and, when it logs in, the password: everything but the socket.
fn connect(profile: Option<&Profile>) -> Result<(Server, Option<Password>), Error> {
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
    Server::from_settings(&smtp::Settings {
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
