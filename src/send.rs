//! The SMTP sink and what surrounds it: `--send`, `profile smtp-login` /
//! `smtp-logout`, and the `outbox` commands.
//!
//! These are the only paths that load the keyring or open a socket; composing
//! a ticket to stdout never reaches this module. A send that fails for any
//! reason after the message is built keeps the complete message (attachments
//! included) in the outbox, so nothing typed is lost.

use std::collections::BTreeMap;
use std::io::{IsTerminal, Read};
use std::path::PathBuf;

use lettre::address::Envelope;
use serde::Deserialize;
use serde_json::json;

use crate::catalog::Channel;
use crate::checklist::Ticket;
use crate::cli::{GlobalArgs, OutboxCommand, ProfileCommand, SmtpLoginArgs};
use crate::deliver;
use crate::email::Email;
use crate::error::Error;
use crate::outbox::{self, Entry, Outbox};
use crate::secret::{self, Password};
use crate::smtp::{self, Server};
use crate::ui;

/// Sends a composed ticket (`--send`); on failure it goes to the outbox.
pub fn ticket(global: &GlobalArgs, ticket: &Ticket, email: &Email) -> Result<(), Error> {
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
        .ok_or_else(|| Error::Data("internal: a ticket without a From address".into()))?;
    let recipients: Vec<&str> = email
        .to
        .iter()
        .chain(&email.cc)
        .map(String::as_str)
        .collect();
    let envelope = smtp::envelope(from, &recipients)?;

    let attempt = connect().and_then(|(server, password)| {
        smtp::send(&server, password.as_ref(), &envelope, &message).map(|reply| (server, reply))
    });
    match attempt {
        Ok((server, reply)) => {
            record_sent(email, &server)?;
            if global.format == crate::cli::Format::Json {
                let mut report = deliver::json_report(ticket, email);
                report["delivery"] = json!({
                    "method": "smtp",
                    "server": server.address(),
                    "reply": reply,
                });
                let mut text = serde_json::to_string_pretty(&report)
                    .map_err(|e| Error::Data(format!("internal: JSON: {e}")))?;
                text.push('\n');
                deliver::write_stdout(text.as_bytes())?;
            }
            if !global.quiet {
                ui::note(&format!(
                    "sent to {} via {} ({})",
                    recipients.join(", "),
                    server.address(),
                    email.message_id
                ));
            }
            Ok(())
        }
        Err(cause) => Err(keep(cause, ticket, email, &envelope, &message)),
    }
}

/// Puts a message whose send failed into the outbox and says so in the error.
fn keep(
    cause: Error,
    ticket: &Ticket,
    email: &Email,
    envelope: &Envelope,
    message: &[u8],
) -> Error {
    let meta = outbox::Meta {
        schema: outbox::SCHEMA.to_string(),
        id: String::new(),
        queued_at: jiff::Timestamp::now().to_string(),
        message_id: email.message_id.clone(),
        subject: email.subject.clone(),
        category: Some(ticket.category.name.to_string()),
        from: envelope.from().map(|a| a.to_string()).unwrap_or_default(),
        recipients: envelope.to().iter().map(|a| a.to_string()).collect(),
        attempts: 1,
        last_error: cause.to_string(),
        last_exit: cause.exit_code(),
    };
    let stored = data_dir().and_then(|dir| {
        let outbox = Outbox::new(&dir);
        let lock = outbox.lock()?;
        outbox.add(&lock, meta, message)
    });
    match stored {
        Ok(entry) => Error::kept(cause, &entry.meta.id),
        Err(e) => {
            // The outbox cannot hold it: print the message so nothing is lost.
            ui::error(&format!("the outbox cannot keep this ticket: {e}"));
            ui::note("the complete message follows on stdout");
            let _ = deliver::write_stdout(message);
            cause
        }
    }
}

/// The `profile smtp-login` and `smtp-logout` commands.
pub fn profile(global: &GlobalArgs, command: &ProfileCommand) -> Result<u8, Error> {
    let server = server()?;
    let user = server.username.clone().ok_or_else(|| Error::Config {
        message: "the profile has no SMTP user name to store a password for".into(),
        hint: Some("set it with `9pic-help profile set smtp.username USER`".into()),
    })?;
    let account = secret::account(&user, &server.host);
    match command {
        ProfileCommand::SmtpLogin(args) => {
            let password = read_password(global, args, &user, &server.host)?;
            secret::store(&user, &server.host, &password)?;
            ui::note(&format!(
                "stored the SMTP password for {account} in the OS keyring"
            ));
        }
        ProfileCommand::SmtpLogout => {
            if secret::forget(&user, &server.host)? {
                ui::note(&format!(
                    "deleted the SMTP password for {account} from the OS keyring"
                ));
            } else {
                ui::note(&format!(
                    "there was no SMTP password for {account} to delete"
                ));
            }
        }
    }
    Ok(0)
}

/// The password for `smtp-login`: stdin with `--password-stdin`, else a hidden prompt.
fn read_password(
    global: &GlobalArgs,
    args: &SmtpLoginArgs,
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
    if !interactive(global) {
        return Err(Error::Usage(
            "no terminal to ask for the SMTP password on; \
             pipe it in with `profile smtp-login --password-stdin`"
                .into(),
        ));
    }
    let typed = dialoguer::Password::new()
        .with_prompt(format!("SMTP password for {user} on {host}"))
        .interact()
        .map_err(|e| match e {
            dialoguer::Error::IO(io) if io.kind() == std::io::ErrorKind::Interrupted => {
                Error::Cancelled
            }
            dialoguer::Error::IO(io) => Error::NoInput {
                path: "the terminal".into(),
                reason: io.to_string(),
            },
        })?;
    Password::new(typed)
}

/// Whether prompting is allowed: stdin and stderr are terminals, no `--no-input`, no `CI`.
fn interactive(global: &GlobalArgs) -> bool {
    !global.no_input
        && std::env::var_os("CI").is_none()
        && std::io::stdin().is_terminal()
        && std::io::stderr().is_terminal()
}

/// The `outbox` commands.
pub fn outbox(global: &GlobalArgs, command: &OutboxCommand) -> Result<u8, Error> {
    let outbox = Outbox::new(&data_dir()?);
    match command {
        OutboxCommand::List { json } => list(&outbox, *json),
        OutboxCommand::Send { id, all } => retry(global, &outbox, id.as_deref(), *all),
        OutboxCommand::Drop { id } => {
            let lock = outbox.lock()?;
            outbox.remove(&lock, id)?;
            if !global.quiet {
                ui::note(&format!("dropped {id} from the outbox"));
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
        .map_err(|e| Error::Data(format!("internal: JSON: {e}")))?;
        s.push('\n');
        s
    } else if entries.is_empty() {
        ui::note("the outbox is empty");
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
fn retry(global: &GlobalArgs, outbox: &Outbox, id: Option<&str>, all: bool) -> Result<u8, Error> {
    // Held throughout, so two runs never send the same message twice.
    let lock = outbox.lock()?;
    let entries = match (id, all) {
        (_, true) => outbox.list()?,
        (Some(id), false) => vec![outbox.get(id)?],
        (None, false) => return Err(Error::Usage("give an outbox ID, or --all".into())),
    };
    if entries.is_empty() {
        if !global.quiet {
            ui::note("the outbox is empty; nothing to send");
        }
        return Ok(0);
    }
    let (server, password) = match connect() {
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
            Ok(server) => {
                outbox.remove(&lock, &id)?;
                record_sent_entry(&entry, &server)?;
                if !global.quiet {
                    ui::note(&format!(
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
                    ui::warning(&format!("{id} was not sent either: {e}"));
                }
            }
        }
    }
    match first_failure {
        Some(e) => Err(e),
        None => Ok(0),
    }
}

/// Sends one outbox entry with an established server and password.
fn send_entry(
    entry: &Entry,
    server: &Server,
    password: Option<&Password>,
) -> Result<Server, Error> {
    let message = entry.message()?;
    let recipients: Vec<&str> = entry.meta.recipients.iter().map(String::as_str).collect();
    let envelope = smtp::envelope(&entry.meta.from, &recipients)?;
    smtp::send(server, password, &envelope, &message)?;
    Ok(server.clone())
}

/// The profile's server and, when it logs in, the password: everything but the socket.
fn connect() -> Result<(Server, Option<Password>), Error> {
    let server = server()?;
    let password = match &server.username {
        Some(user) => Some(secret::lookup(user, &server.host)?.0),
        None => None,
    };
    Ok((server, password))
}

/// The checked SMTP settings of the selected profile.
fn server() -> Result<Server, Error> {
    let s = profile_smtp()?;
    Server::from_settings(&smtp::Settings {
        host: s.host.as_deref(),
        port: s.port,
        username: s.username.as_deref(),
        security: s.security.as_deref(),
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

/// Hook for the history (issue 3): a sent ticket is recorded with its Message-ID.
fn record_sent(_email: &Email, _server: &Server) -> Result<(), Error> {
    Ok(())
}

/// Hook for the history (issue 3): a ticket sent from the outbox.
fn record_sent_entry(_entry: &Entry, _server: &Server) -> Result<(), Error> {
    Ok(())
}

/// The SMTP part of one stored profile, read leniently.
#[derive(Debug, Default, Deserialize)]
struct StoredSmtp {
    host: Option<String>,
    port: Option<u16>,
    username: Option<String>,
    security: Option<String>,
}

#[derive(Debug, Default, Deserialize)]
struct StoredProfile {
    #[serde(default)]
    smtp: StoredSmtp,
}

#[derive(Debug, Default, Deserialize)]
struct StoredProfiles {
    default: Option<String>,
    #[serde(default)]
    profiles: BTreeMap<String, StoredProfile>,
}

/// The SMTP settings of the selected profile (`NINEPIC_HELP_PROFILE`, else the default).
///
/// Bridge until the profile store lands: reads `profiles.json` in the config
/// directory (`NINEPIC_HELP_CONFIG_DIR`, else the platform's).
fn profile_smtp() -> Result<StoredSmtp, Error> {
    let dir = match std::env::var_os("NINEPIC_HELP_CONFIG_DIR").filter(|v| !v.is_empty()) {
        Some(d) => PathBuf::from(d),
        None => project_dirs()?.config_dir().to_path_buf(),
    };
    let path = dir.join("profiles.json");
    let no_profile = || Error::Config {
        message: "no profile with SMTP settings".into(),
        hint: Some(
            "create one with `9pic-help profile init`, then `9pic-help profile set smtp.host HOST`"
                .into(),
        ),
    };
    let text = match std::fs::read_to_string(&path) {
        Ok(t) => t,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Err(no_profile()),
        Err(e) => {
            return Err(Error::NoInput {
                path,
                reason: e.to_string(),
            });
        }
    };
    let mut file: StoredProfiles = serde_json::from_str(&text).map_err(|e| Error::Config {
        message: format!(
            "{} is corrupt at line {}, column {}: {e}",
            path.display(),
            e.line(),
            e.column()
        ),
        hint: None,
    })?;
    let wanted = std::env::var("NINEPIC_HELP_PROFILE")
        .ok()
        .filter(|v| !v.is_empty())
        .or(file.default.clone())
        .ok_or_else(no_profile)?;
    let profile = file.profiles.remove(&wanted).ok_or_else(|| Error::Config {
        message: format!("there is no profile named {wanted:?}"),
        hint: Some("see `9pic-help profile list`".into()),
    })?;
    Ok(profile.smtp)
}

/// The data directory: `NINEPIC_HELP_DATA_DIR`, else the platform's.
fn data_dir() -> Result<PathBuf, Error> {
    match std::env::var_os("NINEPIC_HELP_DATA_DIR").filter(|v| !v.is_empty()) {
        Some(d) => Ok(std::path::absolute(PathBuf::from(&d)).unwrap_or_else(|_| PathBuf::from(d))),
        None => Ok(project_dirs()?.data_dir().to_path_buf()),
    }
}

fn project_dirs() -> Result<directories::ProjectDirs, Error> {
    directories::ProjectDirs::from("ai", "9pic", "9pic-help").ok_or_else(|| Error::Config {
        message: "cannot find a home directory for the tool's files".into(),
        hint: Some("set HOME, or NINEPIC_HELP_CONFIG_DIR and NINEPIC_HELP_DATA_DIR".into()),
    })
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
