//! The `history` command: the tickets composed so far, newest first, or one of them.

use serde_json::json;

use crate::cli::{HistoryArgs, HistoryCommand};
use crate::deliver::stdout::{pretty_json, write_stdout};
use crate::error::Error;
use crate::options::Options;
use crate::store::history::{History, Record};
use crate::term;

/// Version of the JSON `history --json` and `history show --json` print.
pub const HISTORY_SCHEMA: &str = "9pic-help.history/1";

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
    if let Some(HistoryCommand::Show { id, json }) = args.action {
        let r = loaded.get(&id)?;
        let out = if json {
            pretty_json(&json!({"schema": HISTORY_SCHEMA, "ticket": r}))?
        } else {
            show_record(r)
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
        pretty_json(&json!({"schema": HISTORY_SCHEMA, "tickets": newest}))?
    } else {
        if newest.is_empty() && !options.quiet {
            term::note("no tickets in the history yet");
        }
        newest
            .iter()
            .map(|r| {
                format!(
                    "{:>4}  {}  {:<10} {}\n",
                    term::escape_controls(&r.id),
                    r.time.strftime("%Y-%m-%d %H:%M UTC"),
                    term::escape_controls(&r.category),
                    term::escape_controls(&r.subject)
                )
            })
            .collect()
    };
    write_stdout(out.as_bytes()).map(|()| 0)
}

/// One record as `key: value` lines, every value from the file escaped
/// (the history is plain text a user or another program may have edited).
fn show_record(r: &Record) -> String {
    let e = |v: &str| term::escape_controls(v).into_owned();
    let mut out = format!(
        "id: {}\ntime: {}\ncategory: {}\nsubject: {}\nto: {}\nmessage-id: {}\ndelivery: {}\n",
        e(&r.id),
        r.time,
        e(&r.category),
        e(&r.subject),
        e(&r.to),
        e(&r.message_id),
        e(&r.delivery)
    );
    for (label, v) in [
        ("profile", &r.profile),
        ("payment ID", &r.keys.payment_id),
        ("event ID", &r.keys.event_id),
        ("domain", &r.keys.domain),
    ] {
        if let Some(v) = v {
            out.push_str(&format!("{label}: {}\n", e(v)));
        }
    }
    out.push_str(&format!(
        "escalate: 9pic-help escalate --ticket {} --summary TEXT\n",
        e(&r.id)
    ));
    out
}
