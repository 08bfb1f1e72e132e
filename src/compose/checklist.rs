//! The checklist: the only way to turn a [`Draft`] into a [`Ticket`].
//!
//! `validate` parses every value by its catalog kind, checks what is required
//! in the ticket's situation, applies the category's rules through
//! [`super::rules`], and reports every problem at once, each with the flag
//! that fixes it. It does no I/O.

use jiff::{Timestamp, Zoned};

use crate::catalog::channels::Response;
use crate::catalog::{self, Channel, Item, Kind, channels};
use crate::compose::draft::Draft;
use crate::compose::identity::{self, Identity};
use crate::compose::rules::{self, Subject};
use crate::compose::values::{self, Entry, Value};
use crate::email::Attachment;
use crate::error::{Error, Problem, ProblemKind};

/// A ticket that passed its checklist: valid by construction, read-only.
#[derive(Debug, Clone)]
pub struct Ticket {
    category: &'static catalog::Category,
    entries: Vec<Entry>,
    identity: Identity,
    channel: Channel,
    cc: Vec<String>,
    details: Option<String>,
    tried: Vec<String>,
    attachments: Vec<Attachment>,
    asks_about_plan: bool,
    urgent: bool,
    date: Timestamp,
    /// The clock the checklist judged the ticket by.
    now: Zoned,
    nonce: u64,
    in_reply_to: Option<String>,
}

impl Ticket {
    pub fn category(&self) -> &'static catalog::Category {
        self.category
    }

    /// The checked items, in checklist order.
    pub fn entries(&self) -> &[Entry] {
        &self.entries
    }

    pub fn identity(&self) -> &Identity {
        &self.identity
    }

    /// Where it goes: the category's channel, or the route the user picked.
    pub fn channel(&self) -> Channel {
        self.channel
    }

    pub fn cc(&self) -> &[String] {
        &self.cc
    }

    pub fn details(&self) -> Option<&str> {
        self.details.as_deref()
    }

    pub fn tried(&self) -> &[String] {
        &self.tried
    }

    pub fn attachments(&self) -> &[Attachment] {
        &self.attachments
    }

    /// The product is not unlocked by the plan: the email asks which plan is needed.
    pub fn asks_about_plan(&self) -> bool {
        self.asks_about_plan
    }

    pub fn urgent(&self) -> bool {
        self.urgent
    }

    /// The Date of the message.
    pub fn date(&self) -> Timestamp {
        self.date
    }

    /// The clock the checklist judged the ticket by ("in 40 minutes", "lapsed").
    pub fn now(&self) -> &Zoned {
        &self.now
    }

    /// Randomness for the Message-ID; zero when reproducible.
    pub fn nonce(&self) -> u64 {
        self.nonce
    }

    /// The Message-ID of the ticket this one follows up, if known.
    pub fn in_reply_to(&self) -> Option<&str> {
        self.in_reply_to.as_deref()
    }

    /// The value of an item, if given.
    pub fn get(&self, key: &str) -> Option<&Value> {
        self.entries
            .iter()
            .find(|e| e.item.key == key)
            .map(|e| &e.value)
    }

    /// The display text of an item, if given.
    pub fn text(&self, key: &str) -> Option<String> {
        self.get(key).map(Value::display)
    }

    /// The situation (`--issue`/`--topic` value), if the category has one.
    pub fn situation(&self) -> Option<&'static str> {
        situation_of(self.category, &self.entries)
    }

    /// The response class: decides the expected answer and when it is due.
    pub fn response(&self) -> Response {
        self.channel.response(self.urgent)
    }

    /// What to expect after sending.
    pub fn expected_response(&self) -> &'static str {
        self.channel.expected_response(self.urgent)
    }

    /// The values the duplicate guard compares, with their items.
    pub fn duplicate_keys(&self) -> Vec<(&'static Item, String)> {
        self.entries
            .iter()
            .filter(|e| e.item.duplicate_key.is_some())
            .map(|e| (e.item, e.value.display()))
            .collect()
    }

    /// Hands every piece of free text to `mask`, with where it came from;
    /// only the middle of the road does this.
    pub(super) fn mask(&mut self, mut mask: impl FnMut(&mut String, FreeText)) {
        for e in &mut self.entries {
            if matches!(e.item.kind, Kind::Text | Kind::Line)
                && let Value::Text(s) = &mut e.value
            {
                mask(s, FreeText::Item(e.item));
            }
        }
        if let Some(d) = &mut self.details {
            mask(d, FreeText::Details);
        }
        for step in &mut self.tried {
            mask(step, FreeText::Tried);
        }
    }
}

/// Where a piece of free text came from.
#[derive(Debug, Clone, Copy)]
pub enum FreeText {
    Item(&'static Item),
    Details,
    Tried,
}

/// The situation given, or the category's default one.
fn situation_of(category: &catalog::Category, entries: &[Entry]) -> Option<&'static str> {
    let key = category.situation_key?;
    entries
        .iter()
        .find(|e| e.item.key == key)
        .and_then(|e| match e.value {
            Value::Choice(c) => Some(c.value),
            _ => None,
        })
        .or_else(|| category.default_situation().map(|s| s.value))
}

/// Checks a draft against its category's checklist and rules; on success
/// also returns the advice for the user, in order.
pub fn validate(draft: Draft, now: &Zoned) -> Result<(Ticket, Vec<String>), Error> {
    let mut problems = draft.problems.clone();
    let category = draft.category;

    // Parse every given value by its kind.
    // The thread's subject stands in for an original subject not typed.
    let thread_subject = draft.thread.as_ref().map(|t| vec![t.subject.clone()]);
    let raw_of = |key: &str| {
        let typed = draft.items.iter().find(|(k, _)| *k == key).map(|(_, v)| v);
        typed.or(thread_subject
            .as_ref()
            .filter(|_| key == "original_subject"))
    };
    let mut entries = Vec::new();
    for item in category.items {
        let Some(raw) = raw_of(item.key) else {
            continue;
        };
        match values::parse(item, raw, now) {
            Ok(value) => entries.push(Entry { item, value }),
            Err(message) => problems.push(Problem::new(ProblemKind::Invalid, item.long(), message)),
        }
    }

    let situation = situation_of(category, &entries);
    let given = |key: &str| raw_of(key).is_some();

    // Required items, in the ticket's situation. A value that was given but
    // could not be read (not UTF-8) is already reported as invalid (65), not
    // also as missing (64).
    let unreadable = |item: &Item| draft.problems.0.iter().any(|p| p.flag == item.long());
    for item in category.items {
        if item.need.is_required(situation) && !given(item.key) && !unreadable(item) {
            problems.push(missing(item));
        }
    }
    // An original subject asked of the history (--last, --ticket) that the
    // history lacks is already reported by that flag: not again as missing.
    let sought = ["last", "ticket"]
        .iter()
        .filter_map(|key| category.item(key))
        .any(|item| draft.problems.0.iter().any(|p| p.flag == item.long()));
    let given_for_rules = |key: &str| given(key) || (key == "original_subject" && sought);
    rules::presence(category, situation, given_for_rules, &mut problems);

    let identity = identity::identity(&draft, &mut problems);
    let cc = identity::check_cc(&draft.cc, &mut problems);

    // Rules read only values that parsed; those about the plan need a valid identity.
    let findings = rules::apply(Subject {
        category,
        situation,
        entries: &mut entries,
        plan: identity.as_ref().map(|i| i.plan),
        now,
        details_given: draft
            .details
            .as_deref()
            .is_some_and(|d| !d.trim().is_empty()),
        details: draft.details.as_deref(),
        tried_given: draft.tried.iter().any(|t| !t.trim().is_empty()),
        thread_due: draft.thread.as_ref().and_then(|t| t.due),
        earlier: &problems,
    });
    problems.0.extend(findings.problems.0);
    let mut notes = findings.warnings;
    if draft.force {
        notes.extend(
            findings
                .refusals
                .0
                .into_iter()
                .map(|r| format!("{} (composed anyway because of --force)", r.message)),
        );
    } else {
        problems.0.extend(findings.refusals.0);
    }

    let Some(identity) = identity.filter(|_| problems.is_empty()) else {
        return Err(Error::Problems(problems));
    };
    let channel = category
        .route
        .and_then(|(key, routes)| {
            let chosen = entries.iter().find(|e| e.item.key == key)?;
            channels::route(routes, &chosen.value.display())
        })
        .map_or(category.channel_for(identity.plan), |r| r.channel);
    let ticket = Ticket {
        category,
        identity,
        channel,
        cc,
        details: draft.details,
        tried: draft
            .tried
            .iter()
            .map(|t| t.trim().to_string())
            .filter(|t| !t.is_empty())
            .collect(),
        attachments: draft.attachments,
        asks_about_plan: findings.asks_about_plan,
        // An escalation keeps the urgency of the ticket it follows up.
        urgent: category.is_urgent(situation) || draft.thread.as_ref().is_some_and(|t| t.urgent),
        date: draft.date,
        now: now.clone(),
        nonce: draft.nonce,
        in_reply_to: draft.thread.as_ref().map(|t| t.message_id.clone()),
        entries,
    };
    Ok((ticket, notes))
}

fn missing(item: &Item) -> Problem {
    let example = match item.kind {
        Kind::Choice(c) | Kind::List(c) => format!(
            "one of: {}",
            c.iter().map(|c| c.value).collect::<Vec<_>>().join(", ")
        ),
        _ => String::new(),
    };
    let p = Problem::new(
        ProblemKind::Missing,
        item.long(),
        format!("required: {}", item.help),
    );
    if example.is_empty() {
        p
    } else {
        p.with_hint(example)
    }
}
