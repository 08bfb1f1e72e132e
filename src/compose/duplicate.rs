//! The duplicate guard (SPEC §9, §11): a ticket about the same payment, event
//! or domain as one sent in the last day is probably the same case. While
//! the earlier ticket is within its response time the note says so and when
//! its answer is due; once it is past due, the note points to `escalate`.
//! The earlier tickets come in as plain data.
//!
//! Only a ticket of the same category and situation counts: an event-day
//! emergency about an event that also has an open operations question is a
//! new problem, not a repeat.

use jiff::{SignedDuration, Timestamp, Zoned};

use crate::compose::Draft;
use crate::compose::checklist::{self, Ticket};
use crate::compose::time;

/// How far apart two tickets about the same thing count as one case.
pub const WINDOW: SignedDuration = SignedDuration::from_hours(24);

/// An earlier ticket, as the history knows it.
#[derive(Debug, Clone)]
pub struct Earlier {
    pub id: String,
    pub subject: String,
    pub time: Timestamp,
    /// Its category name and situation (`--issue`/`--topic`), when recorded.
    pub category: String,
    pub situation: Option<String>,
    /// When its answer is due, when recorded.
    pub due: Option<Timestamp>,
    /// Its duplicate-guard values (payment ID, event ID, domain), by item key.
    pub keys: Vec<(String, String)>,
}

/// The values [`note`] will compare earlier tickets by, for the history to
/// pass over the lines that hold none of them (see `History::load_since`).
/// `None` when the draft does not check: compose says why, and nothing is
/// passed over.
pub fn values(draft: &Draft, now: &Zoned) -> Option<Vec<String>> {
    let (ticket, _) = checklist::validate(draft.clone(), now).ok()?;
    Some(
        ticket
            .duplicate_keys()
            .into_iter()
            .map(|(_, value)| value)
            .collect(),
    )
}

/// The note when an earlier ticket in the window shares a duplicate key.
pub fn note(ticket: &Ticket, earlier: &[Earlier]) -> Option<String> {
    let mine: Vec<(&str, &str, String)> = ticket
        .duplicate_keys()
        .into_iter()
        .filter_map(|(item, value)| Some((item.key, item.duplicate_key?, value)))
        .collect();
    if mine.is_empty() {
        return None;
    }
    let same_case = |e: &Earlier| {
        e.category == ticket.category().name
            && (e.situation.is_none() || e.situation.as_deref() == ticket.situation())
    };
    let (e, what, value) = earlier
        .iter()
        .rev()
        .filter(|e| same_case(e))
        .find_map(|e| {
            let age = ticket.date().duration_since(e.time);
            if age > WINDOW || age < -WINDOW {
                return None;
            }
            mine.iter().find_map(|(key, what, value)| {
                e.keys
                    .iter()
                    .any(|(k, v)| k == key && v.eq_ignore_ascii_case(value))
                    .then_some((e, *what, value))
            })
        })?;
    let now = ticket.now();
    let zoned = |t: Timestamp| t.to_zoned(now.time_zone().clone());
    let sent = time::show_relative(&zoned(e.time), now);
    let head = format!(
        "ticket {id} (\"{subject}\", sent {sent}) already asks about {what} {value}",
        id = e.id,
        subject = e.subject,
    );
    Some(match e.due {
        Some(due) if ticket.date() < due => format!(
            "{head}; it is still within its response time: support's answer is due {}, so \
             this one may only repeat it",
            time::show_relative(&zoned(due), now)
        ),
        Some(due) => format!(
            "{head}; its answer was due {}: to follow it up on the same thread instead, run \
             `9pic-help escalate --ticket {id} --summary TEXT`",
            time::show_relative(&zoned(due), now),
            id = e.id
        ),
        None => format!(
            "{head} in the last 24 hours; `9pic-help history` shows whether its answer is due"
        ),
    })
}
