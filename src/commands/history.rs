//! The `history` command: the tickets composed so far, newest first, or one of them.

use serde_json::json;

use crate::cli::{HistoryArgs, HistoryCommand};
use crate::compose::time;
use crate::deliver::stdout::{pretty_json, write_stdout};
use crate::error::Error;
use crate::options::Options;
use crate::store::history::{History, Record, State};
use crate::term;

/// Version of the JSON `history --json` and `history show --json` print
/// (2: each ticket carries `due` and `state`).
pub const HISTORY_SCHEMA: &str = "9pic-help.history/2";

/// Runs `history …`.
pub fn run(options: &Options, args: HistoryArgs) -> Result<u8, Error> {
    let history = History::new(&options.dirs.data.path);
    let loaded = history.load()?;
    if !loaded.bad_lines.is_empty() {
        term::warning(&format!(
            "skipped unreadable lines in {}: {}",
            history.path().display(),
            loaded
                .bad_lines
                .iter()
                .map(usize::to_string)
                .collect::<Vec<_>>()
                .join(", ")
        ));
    }
    let now = crate::resolve::saved::now(options)?;
    let state = loaded.states(now.timestamp());
    if let Some(HistoryCommand::Show { id, json }) = args.action {
        let r = loaded.get(&id)?;
        let out = if json {
            pretty_json(&json!({"schema": HISTORY_SCHEMA, "ticket": with_state(r, state(r))}))?
        } else {
            show_record(r, state(r), &now)
        };
        return write_stdout(out.as_bytes()).map(|()| 0);
    }
    let newest: Vec<&Record> = loaded
        .records
        .iter()
        .rev()
        .take(args.limit.unwrap_or(usize::MAX))
        .collect();
    let out = if args.json {
        let tickets: Vec<_> = newest.iter().map(|r| with_state(r, state(r))).collect();
        pretty_json(&json!({"schema": HISTORY_SCHEMA, "tickets": tickets}))?
    } else {
        if newest.is_empty() && !options.quiet {
            term::note("no tickets in the history yet");
        }
        newest.iter().map(|r| line(r, state(r), &now)).collect()
    };
    write_stdout(out.as_bytes()).map(|()| 0)
}

/// A record for `--json`: as stored, with `due` always present (null when
/// unknown) and its `state`.
fn with_state(r: &Record, state: State) -> serde_json::Value {
    let mut v = serde_json::to_value(r).unwrap_or_default();
    if let Some(o) = v.as_object_mut() {
        o.insert("due".into(), json!(r.due));
        o.insert("state".into(), json!(state));
    }
    v
}

/// A time from the history, for people, in the profile's zone.
fn local(t: jiff::Timestamp, now: &jiff::Zoned) -> String {
    time::show(&t.to_zoned(now.time_zone().clone()))
}

/// Where a ticket stands, in words: `waiting, answer due Mon 23 Nov 2026, 09:15 (UTC+00:00)`.
fn standing(r: &Record, state: State, now: &jiff::Zoned) -> String {
    match (state, r.due) {
        (State::Waiting, Some(due)) => format!("waiting: answer due {}", local(due, now)),
        (State::Due, Some(due)) => format!("due since {}", local(due, now)),
        (State::Escalated, _) => "escalated".into(),
        _ => "unknown: recorded before due times were kept".into(),
    }
}

/// One line of the list: ID, time sent, category, subject, state and due time.
fn line(r: &Record, state: State, now: &jiff::Zoned) -> String {
    format!(
        "{:>4}  {}  {:<10} {}  [{}]\n",
        term::escape_controls(&r.id),
        local(r.time, now),
        term::escape_controls(&r.category),
        term::escape_controls(&r.subject),
        standing(r, state, now)
    )
}

/// One record as `key: value` lines.
fn show_record(r: &Record, state: State, now: &jiff::Zoned) -> String {
    let due = r
        .due
        .map_or_else(|| "unknown".to_string(), |d| local(d, now));
    let mut out = format!(
        "id: {}\ntime: {}\ncategory: {}\nsubject: {}\nto: {}\nmessage-id: {}\ndelivery: {}\ndue: {due}\nstate: {}\n",
        term::escape_controls(&r.id),
        local(r.time, now),
        term::escape_controls(&r.category),
        term::escape_controls(&r.subject),
        term::escape_controls(&r.to),
        term::escape_controls(&r.message_id),
        term::escape_controls(&r.delivery),
        state.word()
    );
    for (label, v) in [
        ("profile", &r.profile),
        ("payment ID", &r.keys.payment_id),
        ("event ID", &r.keys.event_id),
        ("domain", &r.keys.domain),
    ] {
        if let Some(v) = v {
            out.push_str(&format!("{label}: {}\n", term::escape_controls(v)));
        }
    }
    out.push_str(&escalate_line(r, state, now));
    out
}

/// How to escalate the ticket, when that is open to it: now once the answer
/// is due (or its due time is unknown), after the due time while waiting,
/// never once escalated.
fn escalate_line(r: &Record, state: State, now: &jiff::Zoned) -> String {
    let command = format!(
        "9pic-help escalate --ticket {} --summary TEXT",
        term::escape_controls(&r.id)
    );
    match (state, r.due) {
        (State::Escalated, _) => String::new(),
        (State::Waiting, Some(due)) => {
            format!("escalate: after {}, with {command}\n", local(due, now))
        }
        _ => format!("escalate: {command}\n"),
    }
}
