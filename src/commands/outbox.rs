//! The `outbox` commands: list, retry or discard the tickets whose `--send` failed.

use serde_json::json;

use crate::cli::OutboxCommand;
use crate::deliver::smtp::transport::{self, Server};
use crate::deliver::smtp::{DELIVERY, connect};
use crate::deliver::stdout::{pretty_json, write_stdout};
use crate::error::Error;
use crate::options::Options;
use crate::secret::Password;
use crate::store::history::{History, NewRecord};
use crate::store::outbox::{self, Entry, Outbox};
use crate::store::profile::{Profile, Profiles};
use crate::term;

/// The `outbox` commands.
pub fn run(options: &Options, command: OutboxCommand) -> Result<u8, Error> {
    let dirs = &options.dirs;
    let outbox = Outbox::new(&dirs.data.path);
    match command {
        OutboxCommand::List { json } => list(&outbox, json),
        OutboxCommand::Send { id, all } => {
            let file = Profiles::new(&dirs.config.path).load()?;
            let profile = file.select(options.profile.as_deref())?.map(|(_, p)| p);
            let history = options.history.then(|| History::new(&dirs.data.path));
            retry(
                options,
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
            if !options.quiet {
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
        pretty_json(&json!({
            "schema": "9pic-help.outbox-list/1",
            "directory": outbox.dir(),
            "messages": metas,
        }))?
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
    write_stdout(text.as_bytes())?;
    Ok(0)
}

/// `outbox send ID | --all`: one connection setup, each message tried in turn.
fn retry(
    options: &Options,
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
        if !options.quiet {
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
                if !options.quiet {
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
    let envelope = transport::envelope(&entry.meta.from, &recipients)?;
    transport::send(server, password, &envelope, &message).map(|_| ())
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
        situation: m.situation.clone(),
        response: m.response,
        due: m.due,
        in_reply_to: m.in_reply_to.clone(),
    }
}
