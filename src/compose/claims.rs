//! Which sentence of each catalog [`Claim`] is true for a ticket: an email
//! asserts what the user did ("I clicked Recheck") or where they stand ("we
//! are thinking about moving to Pro") only when the flags and the plan say so.

use std::collections::BTreeMap;

use jiff::Zoned;

use crate::catalog::Holds;
use crate::compose::checklist::Ticket;
use crate::compose::time;
use crate::compose::values::Value;

/// Each claim of the ticket's category and situation, by key, in the
/// sentence that holds; `{key}` filled with how far that time lies from now.
pub fn sentences(t: &Ticket, now: &Zoned) -> BTreeMap<&'static str, String> {
    let category = t.category();
    let situation = t.situation().and_then(|v| category.situation(v));
    let claims = category
        .claims
        .iter()
        .chain(situation.map_or(&[][..], |s| s.claims));
    claims
        .map(|claim| {
            let sentence = claim
                .cases
                .iter()
                .find(|(holds, _)| holds_for(holds, t, now))
                .map_or(claim.otherwise, |(_, text)| text);
            (claim.key, fill(sentence, t, now))
        })
        .collect()
}

/// Whether the condition holds for the ticket at `now`.
fn holds_for(holds: &Holds, t: &Ticket, now: &Zoned) -> bool {
    match *holds {
        Holds::Given { items } => items
            .iter()
            .any(|k| !matches!(t.get(k), None | Some(Value::Switch(false)))),
        Holds::AtLeast { item, min } => matches!(t.get(item), Some(Value::Count(n)) if *n >= min),
        Holds::Within {
            item,
            ahead_minutes,
            past_minutes,
        } => match t.get(item) {
            Some(Value::Time(at, _)) => {
                let apart = at.timestamp().as_second() - now.timestamp().as_second();
                apart > -past_minutes * 60 && apart <= ahead_minutes * 60
            }
            _ => false,
        },
        Holds::OnPlans { plans } => plans.contains(&t.identity().plan),
    }
}

/// `{rechecked_at}` → `20 minutes ago`, for every time item of the ticket.
fn fill(sentence: &str, t: &Ticket, now: &Zoned) -> String {
    t.entries()
        .iter()
        .fold(sentence.to_string(), |text, e| match &e.value {
            Value::Time(at, _) => {
                text.replace(&format!("{{{}}}", e.item.key), &time::relative(at, now))
            }
            _ => text,
        })
}
