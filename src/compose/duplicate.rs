//! The duplicate guard: a ticket about the same payment, event or domain as
//! one sent in the last day is probably the same case, so the note points to
//! `escalate` instead. The earlier tickets come in as plain data.

use jiff::{SignedDuration, Timestamp};

use crate::compose::checklist::Ticket;

/// How far apart two tickets about the same thing count as one case.
pub const WINDOW: SignedDuration = SignedDuration::from_hours(24);

/// An earlier ticket, as the history knows it.
#[derive(Debug, Clone)]
pub struct Earlier {
    pub id: String,
    pub subject: String,
    pub time: Timestamp,
    /// Its duplicate-guard values (payment ID, event ID, domain), by item key.
    pub keys: Vec<(String, String)>,
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
    let (e, what, value) = earlier.iter().rev().find_map(|e| {
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
    Some(format!(
        "ticket {id} (\"{subject}\", {time}) already asked about {what} {value} in the last \
         24 hours; to follow it up instead, run `9pic-help escalate --ticket {id} --summary TEXT`",
        id = e.id,
        subject = e.subject,
        time = e.time.strftime("%Y-%m-%d %H:%M UTC"),
    ))
}
