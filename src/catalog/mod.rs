//! The catalog: the single source of what a ticket is.
//!
//! The category type lives here, those of its parts in [`item`] and
//! [`situation`]; the data lives in the submodules, each with one job:
//! [`channels`] (addresses, routes, expected responses), [`plans`],
//! [`products`] (the one product table), [`flags`] (common, identity and
//! output flags), [`rules`] (the rule types), [`categories`] (the ticket
//! categories with their situations, checklists and rules) and
//! [`self_serve`]. The command line, validation, the templates, `guide` and
//! `schema` all read these tables, so none of them can drift from the others.

pub mod categories;
pub mod channels;
pub mod examples;
pub mod flags;
pub mod item;
pub mod plans;
pub mod products;
pub mod recommended;
pub mod rules;
pub mod self_serve;
pub mod situation;

use serde::Serialize;

pub use categories::{BILLING_ISSUES, CATEGORIES};
pub use channels::{
    CONTACT_FORM_URL, Channel, DOCS_URL, IN_PRODUCT_SUPPORT, Route, SALES_ADDRESS, SUPPORT_ADDRESS,
};
pub use item::{Choice, Item, Kind, Need};
pub use plans::{PLANS, Plan};
pub use products::FEATURE as PRODUCTS;
pub use rules::Rule;
pub use self_serve::{DISCOUNT_NOTE, KNOWN_ANSWERS, KnownAnswer, SELF_SERVE, SelfServe};
pub use situation::{Claim, Holds, Situation, situation_choices};

/// The ticket categories (subcommands).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum CategoryId {
    Billing,
    Invoices,
    Renewal,
    Feature,
    Enterprise,
    Ops,
    Domain,
    Upgrade,
    Security,
    Bug,
    Request,
    Urgent,
    Escalate,
    Question,
}

/// A ticket category: where it goes and what it must carry.
#[derive(Debug, Serialize)]
pub struct Category {
    pub id: CategoryId,
    /// The subcommand name.
    pub name: &'static str,
    pub aliases: &'static [&'static str],
    /// One line for `--help`, `guide` and the picker.
    pub about: &'static str,
    /// What it is for, in a sentence for `guide`.
    pub when_to_use: &'static str,
    /// Where it goes unless a route item says otherwise.
    pub channel: Channel,
    /// Whether support treats every ticket of it as urgent (same-day answer).
    pub urgent: bool,
    /// The key of the item that names the situation (`issue`, `topic`), if any.
    pub situation_key: Option<&'static str>,
    /// The situations, when the category has them.
    pub situations: &'static [Situation],
    /// What its emails claim in every situation, each with its condition.
    pub claims: &'static [Claim],
    /// The key of the item that picks the route (`via`), and its routes.
    pub route: Option<(&'static str, &'static [Route])>,
    /// Plans whose tickets go elsewhere than `channel` (Enterprise renewals to sales).
    pub channel_on: &'static [(Plan, Channel)],
    pub items: &'static [Item],
    /// The rules the checklist applies, in order.
    pub rules: &'static [Rule],
    /// The rules, in words, for `--help` and `schema`.
    pub rules_in_words: &'static [&'static str],
}

impl Category {
    /// A category that goes to support, not urgent, with no aliases,
    /// situations, claims, routes, items or rules yet: each category's
    /// definition names only what it adds (`..Category::new(…)`).
    pub const fn new(
        id: CategoryId,
        name: &'static str,
        about: &'static str,
        when_to_use: &'static str,
    ) -> Self {
        Category {
            id,
            name,
            aliases: &[],
            about,
            when_to_use,
            channel: Channel::Support,
            urgent: false,
            situation_key: None,
            situations: &[],
            claims: &[],
            route: None,
            channel_on: &[],
            items: &[],
            rules: &[],
            rules_in_words: &[],
        }
    }

    /// Every claim its emails may make: the category's, then each situation's.
    pub fn every_claim(&self) -> impl Iterator<Item = &'static Claim> + use<> {
        let (own, situations) = (self.claims, self.situations);
        own.iter()
            .chain(situations.iter().flat_map(|s| s.claims.iter()))
    }

    pub fn item(&self, key: &str) -> Option<&'static Item> {
        self.items.iter().find(|i| i.key == key)
    }

    /// The situation with this value.
    pub fn situation(&self, value: &str) -> Option<&'static Situation> {
        self.situations.iter().find(|s| s.value == value)
    }

    /// The situation when none is given, if the category has one.
    pub fn default_situation(&self) -> Option<&'static Situation> {
        self.situations.iter().find(|s| s.default)
    }

    /// Where a ticket goes on this plan, before any route item.
    pub fn channel_for(&self, plan: Plan) -> Channel {
        self.channel_on
            .iter()
            .find(|(p, _)| *p == plan)
            .map_or(self.channel, |(_, c)| *c)
    }

    /// Whether tickets of this category in this situation are urgent.
    pub fn is_urgent(&self, situation: Option<&str>) -> bool {
        self.urgent
            || situation
                .and_then(|s| self.situation(s))
                .is_some_and(|s| s.urgent)
    }

    /// The situations that are urgent when the category is not.
    pub fn urgent_situations(&self) -> Vec<&'static str> {
        if self.urgent {
            return Vec::new();
        }
        self.situations
            .iter()
            .filter(|s| s.urgent)
            .map(|s| s.value)
            .collect()
    }

    /// Where it goes, in words: the default address and the other routes.
    pub fn route_in_words(&self) -> String {
        let others: Vec<String> = self
            .route
            .map(|(key, routes)| {
                let flag = self.item(key).map_or(String::new(), |i| i.long());
                routes
                    .iter()
                    .filter(|r| r.channel != self.channel)
                    .map(|r| format!("{} with {flag} {}", r.channel.in_words(), r.value))
                    .collect()
            })
            .unwrap_or_default();
        if others.is_empty() {
            self.channel.address().to_string()
        } else {
            format!("{} (or {})", self.channel.address(), others.join(", or "))
        }
    }

    /// The expected answer, in words, with urgent situations named.
    pub fn expected_in_words(&self) -> String {
        let urgent = self.urgent_situations();
        if urgent.is_empty() {
            return self.channel.expected_response(self.urgent).to_string();
        }
        format!(
            "same day for {}; otherwise one business day",
            urgent.join(", ")
        )
    }
}

/// Looks a category up by subcommand name or alias.
pub fn find(name: &str) -> Option<&'static Category> {
    CATEGORIES
        .iter()
        .find(|c| c.name == name || c.aliases.contains(&name))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_category_has_a_unique_name_and_flags() {
        let mut names = std::collections::HashSet::new();
        for c in CATEGORIES {
            assert!(names.insert(c.name), "duplicate category {}", c.name);
            for a in c.aliases {
                assert!(names.insert(a), "duplicate alias {a}");
            }
            let mut flags = std::collections::HashSet::new();
            for i in c.items {
                assert!(
                    flags.insert(i.flag),
                    "{}: duplicate flag {}",
                    c.name,
                    i.flag
                );
                assert!(!i.help.is_empty(), "{}: --{} has no help", c.name, i.flag);
            }
        }
    }

    #[test]
    fn situation_keys_name_the_situations() {
        for c in CATEGORIES {
            if let Some(k) = c.situation_key {
                let item = c.item(k).expect("situation item exists");
                let values: Vec<_> = item.kind.choices().iter().map(|ch| ch.value).collect();
                let situations: Vec<_> = c.situations.iter().map(|s| s.value).collect();
                assert_eq!(values, situations, "{}", c.name);
            } else {
                assert!(c.situations.is_empty(), "{}", c.name);
            }
        }
    }

    #[test]
    fn rules_name_items_and_situations_of_their_category() {
        use rules::Check;
        for c in CATEGORIES {
            for r in c.rules {
                for s in r.situations {
                    assert!(c.situation(s).is_some(), "{}: situation {s}", c.name);
                }
                let keys: Vec<&str> = match r.check {
                    Check::Absent { item }
                    | Check::MinWaitSince { item, .. }
                    | Check::MinCount { item, .. }
                    | Check::PlanUnlocks { item }
                    | Check::TimeWindow { item, .. }
                    | Check::NotInPast { item }
                    | Check::FarAhead { item, .. }
                    | Check::Includes { item, .. } => vec![item],
                    Check::NotBefore { item, earlier } => vec![item, earlier],
                    Check::Differ { a, b } => vec![a, b],
                    Check::AbsentUnlessOnly { item, list, .. } => vec![item, list],
                    Check::SingleDay { from, to } => vec![from, to],
                    Check::SwitchOrTime { switch, time } => vec![switch, time],
                    Check::RequiresOneOf { items } => items.to_vec(),
                    Check::DateRange { from, to, year } => vec![from, to, year],
                    Check::Always
                    | Check::PlanOneOf { .. }
                    | Check::NoDetails
                    | Check::NotTried
                    | Check::AsksSelfServe
                    | Check::ThreadNotDue => vec![],
                };
                for k in keys {
                    assert!(c.item(k).is_some(), "{}: rule names item {k}", c.name);
                }
            }
        }
    }

    #[test]
    fn claims_name_items_of_their_category() {
        for c in CATEGORIES {
            for claim in c.every_claim() {
                for (holds, _) in claim.cases {
                    for k in holds.items() {
                        assert!(c.item(k).is_some(), "{}: claim names item {k}", c.name);
                    }
                }
            }
        }
    }

    #[test]
    fn recommended_items_name_items_and_situations_of_their_category() {
        for r in recommended::RECOMMENDED {
            let c = CATEGORIES
                .iter()
                .find(|c| c.id == r.category)
                .expect("category exists");
            for s in r.situations {
                assert!(c.situation(s).is_some(), "{}: situation {s}", c.name);
            }
            if let recommended::Source::Item(key) = r.source {
                assert!(c.item(key).is_some(), "{}: recommends item {key}", c.name);
            }
        }
    }

    #[test]
    fn flags_do_not_clash_with_checklist_items() {
        for c in CATEGORIES {
            for i in c.items {
                for f in flags::COMMON
                    .iter()
                    .chain(flags::IDENTITY)
                    .chain(flags::OUTPUT)
                {
                    assert_ne!(i.flag, f.name, "{}: --{} clashes", c.name, i.flag);
                }
            }
        }
    }

    #[test]
    fn plans_agree_with_their_table() {
        for p in Plan::ALL {
            assert_eq!(Plan::parse(p.value()), Some(p));
        }
        assert_eq!(PLANS.len(), Plan::ALL.len());
    }
}
