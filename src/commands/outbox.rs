//! The `outbox` commands: list, retry or discard the tickets whose `--send`
//! did not end in the server's acceptance.
//!
//! One unreadable entry never blocks the others: `list` shows the rest and
//! warns, `send --all` sends the rest and exits with the first problem's code,
//! `drop` removes it by its ID. An entry marked "may have been delivered" is
//! sent again only with `--resend`.

use std::sync::Arc;

use serde_json::json;

use crate::cli::OutboxCommand;
use crate::deliver::smtp::signals::Signals;
use crate::deliver::smtp::transport::{self, Job, Login, Server};
use crate::deliver::smtp::{DELIVERY, final_dot_marker, server};
use crate::deliver::stdout::{pretty_json, write_stdout};
use crate::error::Error;
use crate::options::Options;
use crate::store::history::{History, NewRecord};
use crate::store::outbox::{self, Claimed, Entry, Listed, Outbox, State};
use crate::store::profile::{Profile, Profiles};
use crate::term::{self, escape_controls};

/// The `outbox` commands.
pub fn run(options: &Options, command: OutboxCommand) -> Result<u8, Error> {
    let dirs = &options.dirs;
    let outbox = Outbox::new(&dirs.data.path);
    match command {
        OutboxCommand::List { json } => list(&outbox, json, &crate::resolve::saved::now(options)?),
        OutboxCommand::Send { id, all, resend } => {
            let file = Profiles::new(&dirs.config.path).load()?;
            let profile = file.select(options.profile.as_deref())?.map(|(_, p)| p);
            let history = options.history.then(|| History::new(&dirs.data.path));
            let which = match (id, all) {
                (_, true) => None,
                (Some(id), false) => Some(id),
                (None, false) => return Err(Error::Usage("give an outbox ID, or --all".into())),
            };
            let retry = Retry {
                outbox: &outbox,
                history: history.as_ref(),
                quiet: options.quiet,
                resend,
            };
            retry.run(profile, which.as_deref())
        }
        OutboxCommand::Drop { id } => {
            outbox.discard(&id)?;
            if !options.quiet {
                term::note(&format!("dropped {} from the outbox", escape_controls(&id)));
            }
            Ok(0)
        }
    }
}

/// `outbox list`: a table, or JSON for scripts; unreadable entries are warned about.
fn list(outbox: &Outbox, json: bool, now: &jiff::Zoned) -> Result<u8, Error> {
    let listed = outbox.list()?;
    let (entries, corrupt): (Vec<&Listed>, Vec<&Listed>) =
        listed.iter().partition(|l| matches!(l, Listed::Entry(_)));
    for c in &corrupt {
        if let Listed::Corrupt { id, path, problem } = c {
            let e = outbox::corrupt(id, path, problem);
            term::warning(&format!("{e} — {}", e.hint().unwrap_or_default()));
        }
    }
    let entries: Vec<&Entry> = entries
        .into_iter()
        .filter_map(|l| match l {
            Listed::Entry(e) => Some(e.as_ref()),
            Listed::Corrupt { .. } => None,
        })
        .collect();
    let text = if json {
        let messages: Vec<serde_json::Value> = entries
            .iter()
            .map(|e| {
                let mut v = serde_json::to_value(&e.meta).unwrap_or_default();
                v["state"] = json!(e.state);
                v
            })
            .collect();
        let corrupt: Vec<serde_json::Value> = corrupt
            .iter()
            .filter_map(|l| match l {
                Listed::Corrupt { id, path, problem } => Some(json!({
                    "id": id,
                    "path": path.to_string_lossy(),
                    "problem": problem,
                })),
                Listed::Entry(_) => None,
            })
            .collect();
        pretty_json(&json!({
            "schema": "9pic-help.outbox-list/1",
            "directory": outbox.dir().to_string_lossy(),
            "messages": messages,
            "corrupt": corrupt,
        }))?
    } else if entries.is_empty() {
        if corrupt.is_empty() {
            term::note("the outbox is empty");
        }
        String::new()
    } else {
        entries.iter().map(|e| describe(e, now)).collect()
    };
    write_stdout(text.as_bytes())?;
    Ok(0)
}

/// Two lines for one entry; everything read from its files is escaped; the
/// time it was queued is shown in the zone of `now` (the profile's).
fn describe(e: &Entry, now: &jiff::Zoned) -> String {
    let m = &e.meta;
    let queued = match m.queued_at.parse::<jiff::Timestamp>() {
        Ok(t) => crate::compose::time::show(&t.to_zoned(now.time_zone().clone())),
        Err(_) => escape_controls(&m.queued_at).into_owned(),
    };
    let last = match m.attempts {
        0 => "not sent yet".to_string(),
        n => format!(
            "last error (exit {}, {n} attempt{}): {}",
            m.last_exit,
            if n == 1 { "" } else { "s" },
            m.last_error
        ),
    };
    format!(
        "{}\t{}\t{}\t{}\t{}\n\t{}\n",
        escape_controls(&m.id),
        e.state.words(),
        queued,
        escape_controls(&m.recipients.join(", ")),
        escape_controls(&m.subject),
        escape_controls(&last),
    )
}

/// One `outbox send` run.
struct Retry<'a> {
    outbox: &'a Outbox,
    history: Option<&'a History>,
    quiet: bool,
    resend: bool,
}

impl Retry<'_> {
    /// Sends the entry `id`, or every entry; the exit code is the first problem's.
    fn run(&self, profile: Option<&Profile>, id: Option<&str>) -> Result<u8, Error> {
        let listed = match id {
            None => self.outbox.list()?,
            Some(id) => vec![self.outbox.get(id)?],
        };
        if listed.is_empty() {
            if !self.quiet {
                term::note("the outbox is empty; nothing to send");
            }
            return Ok(0);
        }
        let server = server(profile)?;
        let signals = Signals::install();
        let mut problems: Vec<Error> = Vec::new();
        for (n, item) in listed.iter().enumerate() {
            let outcome = match item {
                Listed::Corrupt { id, path, problem } => {
                    Err(Stop::Skip(outbox::corrupt(id, path, problem)))
                }
                Listed::Entry(entry) => self.send_one(&entry.meta.id, &server, &signals),
            };
            let Err(stop) = outcome else { continue };
            match stop {
                Stop::Skip(e) => problems.push(e),
                Stop::End(e) => {
                    let left = listed.len() - n - 1;
                    if left > 0 {
                        term::warning(&format!(
                            "stopped; {left} more ticket{} wait{} in the outbox",
                            if left == 1 { "" } else { "s" },
                            if left == 1 { "s" } else { "" }
                        ));
                    }
                    problems.push(e);
                    break;
                }
            }
        }
        let mut problems = problems.into_iter();
        let Some(first) = problems.next() else {
            return Ok(0);
        };
        for later in problems {
            let hint = later.hint().map(|h| format!("\n  {h}")).unwrap_or_default();
            term::warning(&format!("{later:#}{hint}"));
        }
        Err(first)
    }

    /// Sends one entry. A problem that concerns only this entry lets the run
    /// go on; a signal, or a server given up on, ends it.
    fn send_one(&self, id: &str, server: &Server, signals: &Signals) -> Result<(), Stop> {
        if let Some(signal) = signals.caught() {
            return Err(Stop::End(Error::Interrupted { signal }));
        }
        let mut claimed = self.outbox.claim(id).map_err(Stop::Skip)?;
        if claimed.entry.state == State::MayHaveBeenDelivered && !self.resend {
            return Err(Stop::Skip(Error::Data(format!(
                "outbox entry {id} may have been delivered already: the connection was lost \
                 after the whole message went out ({}); ask the recipient before sending it \
                 again with `9pic-help outbox send {id} --resend`, or drop it with \
                 `9pic-help outbox drop {id}`",
                claimed.entry.meta.last_error
            ))));
        }
        let job = match job(&claimed) {
            Ok(job) => job,
            Err(e) => return Err(Stop::Skip(self.failed(&mut claimed, e, false))),
        };
        match transport::send(server, Login::Lookup, job, Some(signals)) {
            Ok(_) => {
                self.sent(claimed, server);
                Ok(())
            }
            Err(failed) => {
                let end = failed.abandoned || failed.signal.is_some();
                let error = self.failed(&mut claimed, failed.error, failed.maybe_delivered);
                let error = match failed.maybe_delivered {
                    true => match error {
                        Error::Kept { cause, .. } => Error::maybe_delivered(*cause, id),
                        other => other,
                    },
                    false => error,
                };
                Err(if end {
                    Stop::End(error)
                } else {
                    Stop::Skip(error)
                })
            }
        }
    }

    /// Records the failure in the entry; the error says where the ticket waits.
    fn failed(&self, claimed: &mut Claimed, e: Error, maybe_delivered: bool) -> Error {
        if let Err(record) = claimed.record_failure(&e, maybe_delivered) {
            term::warning(&format!(
                "could not record the failure in the outbox: {record}"
            ));
        }
        Error::kept(e, &claimed.entry.meta.id)
    }

    /// The server accepted the entry: remove it, then record it in the history.
    fn sent(&self, claimed: Claimed, server: &Server) {
        let entry = claimed.entry.clone();
        let id = &entry.meta.id;
        if let Err(e) = claimed.remove() {
            term::warning(&format!(
                "{id} was sent, but its outbox entry could not be removed ({e}); \
                 drop it with `9pic-help outbox drop {id}` so it is not sent again"
            ));
        }
        if let Some(history) = self.history
            && let Err(e) = history.append(record_of(&entry))
        {
            term::warning(&format!(
                "{id} was sent, but the history could not record it: {e}"
            ));
        }
        if !self.quiet {
            term::note(&escape_controls(&format!(
                "sent {id} to {} via {} ({})",
                entry.meta.recipients.join(", "),
                server.address(),
                entry.meta.message_id
            )));
        }
    }
}

/// Why one entry was not sent, and whether the run goes on.
enum Stop {
    /// Go on with the next entry.
    Skip(Error),
    /// End the run here.
    End(Error),
}

/// One outbox entry as a send job: its exact bytes, to its recorded envelope.
fn job(claimed: &Claimed) -> Result<Job, Error> {
    let entry = &claimed.entry;
    let message = entry.message()?;
    let recipients: Vec<&str> = entry.meta.recipients.iter().map(String::as_str).collect();
    let envelope = transport::envelope(&entry.meta.from, &recipients)?;
    Ok(Job {
        envelope,
        message: Arc::new(message),
        before_final_dot: final_dot_marker(Some(claimed)),
    })
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
