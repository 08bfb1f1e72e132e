//! What the templates see: the ticket as typed fields, built once per
//! rendering. A name a template misspells does not compile.

use std::collections::BTreeMap;
use std::fmt;

use jiff::Zoned;

use super::layout::{Layout, Section, Unsaid};
use super::{Mask, View, glue};
use crate::catalog::{Kind, products};
use crate::compose::checklist::Ticket;
use crate::compose::time;
use crate::compose::values::Value;

/// A value the ticket may lack: shows as nothing when absent.
#[derive(Debug, Default)]
pub(super) struct Maybe(Option<String>);

impl Maybe {
    pub(super) fn is_some(&self) -> bool {
        self.0.is_some()
    }

    pub(super) fn is_none(&self) -> bool {
        self.0.is_none()
    }
}

impl From<String> for Maybe {
    fn from(value: String) -> Self {
        Maybe(Some(value))
    }
}

impl fmt::Display for Maybe {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.0.as_deref().unwrap_or_default())
    }
}

/// A struct with one field per key the templates use, filled from a map by
/// key (`items.payment_id`); a key the map lacks gets the field's default.
macro_rules! by_key {
    ($(#[$doc:meta])* $name:ident: $t:ty { $($key:ident),* $(,)? }) => {
        $(#[$doc])*
        #[derive(Debug, Default)]
        pub(super) struct $name {
            $(pub(super) $key: $t,)*
        }

        impl $name {
            /// The keys, for the test that each is one the catalog defines.
            #[cfg(test)]
            pub(super) const KEYS: &[&str] = &[$(stringify!($key)),*];

            fn from_map<V: Into<$t>>(mut map: BTreeMap<&str, V>) -> Self {
                Self {
                    $($key: map.remove(stringify!($key)).map(Into::into).unwrap_or_default(),)*
                }
            }
        }
    };
}

by_key! {
    /// Item values in words, a time or date glued so that it stays on one line.
    Items: Maybe {
        address, company, domain, event_date, event_id, from, link, original_subject,
        page, payment_id, phone, renewal_date, steps, summary, teammate, to, volume, year,
    }
}

by_key! {
    /// Machine values (RFC 3339 times, ISO dates) for templates to compare,
    /// never to print; empty when not given.
    Raw: String { renewal_date, to }
}

by_key! {
    /// How far a time lies from now, for people: "in 40 minutes", "3 hours ago".
    FromNow: String { go_live }
}

by_key! {
    /// Every value of a choice or list item, in words (products by name).
    Words: Vec<&'static str> { products }
}

by_key! {
    /// The claims, each in the sentence the ticket makes true; empty when the
    /// category has no such claim.
    Claims: String { connected, emergency, moving, recheck, renewing, resent }
}

#[derive(Debug)]
pub(super) struct Attachment {
    pub(super) filename: String,
    pub(super) size: String,
}

/// Everything a template may use.
#[derive(Debug)]
pub(super) struct Fields {
    pub(super) greeting: &'static str,
    /// The situation's value and label; empty when the category has none.
    pub(super) situation: &'static str,
    pub(super) situation_label: &'static str,
    pub(super) org: String,
    pub(super) plan_label: &'static str,
    pub(super) plan_value: &'static str,
    pub(super) sender_name: Option<String>,
    pub(super) details: Option<String>,
    pub(super) tried: Vec<String>,
    pub(super) attachments: Vec<Attachment>,
    pub(super) attachments_travel: bool,
    /// The channel the ticket goes through (`form`), empty for email.
    pub(super) via: String,
    /// Products of a `feature` ticket the plan does (not) unlock, by name.
    pub(super) unlocked: Vec<&'static str>,
    pub(super) locked: Vec<&'static str>,
    pub(super) threaded: bool,
    /// Today's date, ISO, to compare with [`Raw`] dates.
    pub(super) today: String,
    pub(super) items: Items,
    pub(super) raw: Raw,
    pub(super) from_now: FromNow,
    pub(super) words: Words,
    pub(super) claims: Claims,
    /// The rendered `intro` block, once known (see [`super::render_with`]).
    pub(super) opening: String,
    /// The rendered `closing` block.
    pub(super) closing: String,
    /// What the base template lays out after the opening.
    pub(super) unsaid: Unsaid,
}

/// The fields of a ticket, with the layout [`Layout::unsaid`] filters once
/// the opening is known.
pub(super) fn fields(t: &Ticket, now: &Zoned, view: View, mask: Mask) -> (Fields, Layout) {
    let user = |s: &str| match mask {
        Mask::None => s.to_string(),
        #[cfg(test)]
        Mask::UserText => "x".to_string(),
    };
    let category = t.category();
    let route_key = category.route.map(|(key, _)| key);
    let mut items = BTreeMap::new();
    let mut facts = Vec::new();
    let mut sections = Vec::new();
    for e in t.entries() {
        let typed = matches!(e.value, Value::Text(_));
        let mut words = if typed {
            user(&e.value.display())
        } else {
            e.value.words(now)
        };
        if e.item.key == "original_subject" && mask == Mask::None {
            words = strip_reply_prefixes(&words);
        }
        // In sentences a date or time must not break across lines.
        let glued = match &e.value {
            Value::Time(t, precision) => {
                let at = glue(&time::show_in_at(t, now, *precision));
                match time::near(t, now) {
                    Some(phrase) => format!("{at}, {phrase}"),
                    None => at,
                }
            }
            Value::Date(d) => glue(&time::show_date(*d)),
            _ => words.clone(),
        };
        items.insert(e.item.key, glued);
        // The route shows in the address and the greeting, the situation
        // in the opening and the subject: neither is a fact of its own.
        if Some(e.item.key) == route_key || Some(e.item.key) == category.situation_key {
            continue;
        }
        match (&e.item.kind, &e.value) {
            (Kind::Text, Value::Text(_)) => sections.push(Section {
                label: e.item.label,
                text: words,
            }),
            // A switch is said by the sentence it makes true (a claim),
            // never as "Recheck done: yes".
            (_, Value::Switch(_)) => {}
            _ => {
                let distance = match &e.value {
                    Value::Time(at, _) => time::near(at, now),
                    _ => None,
                };
                facts.push((e.item.label.to_string(), words, distance))
            }
        }
    }
    let id = t.identity();
    let account = [
        ("Organisation", user(&id.org)),
        ("Login email", user(&id.login_email)),
    ];
    let attachments = t
        .attachments()
        .iter()
        .map(|a| Attachment {
            filename: user(&a.filename),
            size: human_size(a.size),
        })
        .collect();
    let situation_label = t
        .situation()
        .and_then(|s| category.situation(s))
        .map_or("", |s| s.label);
    let mut words = BTreeMap::new();
    for e in t.entries() {
        let labels: Vec<&str> = match &e.value {
            Value::Choice(c) => vec![c.label],
            Value::List(cs) => cs
                .iter()
                .map(|c| {
                    // A product offered by `feature` is named by its name, not its help line.
                    products::find(c.value)
                        .filter(|p| p.feature == Some(c.label))
                        .map_or(c.label, |p| p.name)
                })
                .collect(),
            _ => continue,
        };
        words.insert(e.item.key, labels);
    }
    let (mut unlocked, mut locked) = (Vec::new(), Vec::new());
    for e in t.entries() {
        if let Value::List(cs) = &e.value {
            for p in cs.iter().filter_map(|c| products::find(c.value)) {
                if p.feature.is_none() {
                    continue;
                }
                if p.plans.contains(&id.plan) {
                    unlocked.push(p.name);
                } else {
                    locked.push(p.name);
                }
            }
        }
    }
    let raw: BTreeMap<&str, String> = t
        .entries()
        .iter()
        .map(|e| (e.item.key, e.value.display()))
        .collect();
    let mut from_now = BTreeMap::new();
    for e in t.entries() {
        if let Value::Time(at, _) = &e.value {
            from_now.insert(e.item.key, time::relative(at, now));
        }
    }
    let fields = Fields {
        greeting: t.channel().greeting(),
        situation: t.situation().unwrap_or_default(),
        situation_label,
        org: user(&id.org),
        plan_label: id.plan.label(),
        plan_value: id.plan.value(),
        sender_name: id.sender_name.as_deref().map(user),
        details: t.details().map(user),
        tried: t.tried().iter().map(|s| user(s)).collect(),
        attachments,
        attachments_travel: view.attachments_travel,
        via: t.text("via").unwrap_or_default(),
        unlocked,
        locked,
        threaded: t.in_reply_to().is_some(),
        today: now.date().to_string(),
        items: Items::from_map(items),
        raw: Raw::from_map(raw),
        from_now: FromNow::from_map(from_now),
        words: Words::from_map(words),
        claims: Claims::from_map(crate::compose::claims::sentences(t, now)),
        opening: String::new(),
        closing: String::new(),
        unsaid: Unsaid::default(),
    };
    let layout = Layout {
        facts,
        sections,
        account,
        plan: id.plan.label(),
    };
    (fields, layout)
}

/// `Re: ESCALATE Re: Billing` → `Billing`: the bare subject of the thread.
fn strip_reply_prefixes(subject: &str) -> String {
    let mut s = subject.trim();
    loop {
        let lower = s.to_ascii_lowercase();
        let cut = ["re:", "aw:", "sv:", "escalate"]
            .iter()
            .find(|p| lower.starts_with(*p))
            .map(|p| p.len());
        match cut {
            Some(n) => s = s[n..].trim_start(),
            None => return s.to_string(),
        }
    }
}

fn human_size(bytes: u64) -> String {
    match bytes {
        b if b < 1024 => format!("{b} B"),
        b if b < 1024 * 1024 => format!("{:.0} KB", b as f64 / 1024.0),
        b => format!("{:.1} MB", b as f64 / (1024.0 * 1024.0)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalog::CATEGORIES;

    /// A key the catalog renames would leave its field empty without a word:
    /// every key the templates use is one the catalog defines.
    #[test]
    fn every_key_is_a_catalog_key() {
        let items: Vec<&str> = CATEGORIES
            .iter()
            .flat_map(|c| c.items.iter().map(|i| i.key))
            .collect();
        for key in [Items::KEYS, Raw::KEYS, FromNow::KEYS, Words::KEYS].concat() {
            assert!(items.contains(&key), "no catalog item {key}");
        }
        let claims: Vec<&str> = CATEGORIES
            .iter()
            .flat_map(|c| c.every_claim().map(|claim| claim.key))
            .collect();
        for key in Claims::KEYS {
            assert!(claims.contains(key), "no catalog claim {key}");
        }
        for key in claims {
            assert!(Claims::KEYS.contains(&key), "claim {key} has no field");
        }
    }
}
