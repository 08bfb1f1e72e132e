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
const WINDOW: SignedDuration = SignedDuration::from_hours(24);

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

/// What an earlier ticket must share with a ticket to count as its
/// duplicate: the same category and situation, a day apart at most, and one
/// of the ticket's payment, event or domain values. [`note`] and the history
/// read (`History::newest_since`, which stops at the newest match) both ask it.
#[derive(Debug, Clone)]
pub struct Lookup {
    category: &'static str,
    situation: Option<String>,
    date: Timestamp,
    /// (item key, what the note calls it, value) for each duplicate key given.
    mine: Vec<(&'static str, &'static str, String)>,
}

impl Lookup {
    /// The lookup for the ticket `draft` will become; `None` when the draft
    /// does not check (compose says why) or holds no value to compare by.
    pub fn of(draft: &Draft, now: &Zoned) -> Option<Lookup> {
        let (ticket, _) = checklist::validate(draft.clone(), now).ok()?;
        Lookup::of_ticket(&ticket)
    }

    fn of_ticket(ticket: &Ticket) -> Option<Lookup> {
        let mine: Vec<_> = ticket
            .duplicate_keys()
            .into_iter()
            .filter_map(|(item, value)| Some((item.key, item.duplicate_key?, value)))
            .collect();
        (!mine.is_empty()).then(|| Lookup {
            category: ticket.category().name,
            situation: ticket.situation().map(str::to_string),
            date: ticket.date(),
            mine,
        })
    }

    /// The start of the window: no earlier record counts.
    pub fn since(&self) -> Timestamp {
        self.date - WINDOW
    }

    /// The values compared, for the history to pass over the lines that hold
    /// none of them without parsing them.
    pub fn values(&self) -> Vec<String> {
        self.mine
            .iter()
            .map(|(_, _, value)| value.clone())
            .collect()
    }

    /// What `e` shares with the ticket (what the note calls it, the value),
    /// if it is the same case within the window.
    pub fn shared(&self, e: &Earlier) -> Option<(&'static str, &str)> {
        let same_case =
            e.category == self.category && (e.situation.is_none() || e.situation == self.situation);
        let age = self.date.duration_since(e.time);
        if !same_case || age > WINDOW || age < -WINDOW {
            return None;
        }
        self.mine.iter().find_map(|(key, what, value)| {
            e.keys
                .iter()
                .any(|(k, v)| k == key && v.eq_ignore_ascii_case(value))
                .then_some((*what, value.as_str()))
        })
    }
}

/// The note when an earlier ticket in the window shares a duplicate key
/// (the newest such ticket; `earlier` is oldest first).
pub fn note(ticket: &Ticket, earlier: &[Earlier]) -> Option<String> {
    let lookup = Lookup::of_ticket(ticket)?;
    let (e, (what, value)) = earlier
        .iter()
        .rev()
        .find_map(|e| Some((e, lookup.shared(e)?)))?;
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
