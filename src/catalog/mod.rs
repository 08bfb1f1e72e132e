//! The catalog: the single source of what a ticket is.
//!
//! The types live here; the data lives in the submodules, each with one job:
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
pub mod plans;
pub mod products;
pub mod recommended;
pub mod rules;
pub mod self_serve;

use serde::Serialize;

pub use categories::{BILLING_ISSUES, CATEGORIES};
pub use channels::{
    CONTACT_FORM_URL, Channel, DOCS_URL, IN_PRODUCT_SUPPORT, Route, SALES_ADDRESS, SUPPORT_ADDRESS,
};
pub use plans::{PLANS, Plan};
pub use products::FEATURE as PRODUCTS;
pub use rules::Rule;
pub use self_serve::{DISCOUNT_NOTE, KNOWN_ANSWERS, KnownAnswer, SELF_SERVE, SelfServe};

/// One allowed value of an enumerated item.
#[derive(Debug, Clone, Copy, Serialize)]
pub struct Choice {
    pub value: &'static str,
    pub label: &'static str,
    /// Its name in an email, when the label is a help line (`9Pic Flow`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<&'static str>,
}

impl Choice {
    pub const fn new(value: &'static str, label: &'static str) -> Self {
        Choice {
            value,
            label,
            name: None,
        }
    }
    pub const fn named(mut self, name: &'static str) -> Self {
        self.name = Some(name);
        self
    }

    /// How an email names it: its name, else its label; never the flag value.
    pub fn words(&self) -> &'static str {
        match self.name {
            Some(name) => name,
            None => self.label,
        }
    }
}

/// What kind of value an item takes; decides parsing and validation.
#[derive(Debug, Clone, Copy, Serialize)]
#[serde(tag = "type", content = "values", rename_all = "kebab-case")]
pub enum Kind {
    /// One line of text; may end up in a header, so control characters are refused.
    Line,
    /// Free text for the body; may span lines.
    Text,
    /// One of the listed values.
    Choice(&'static [Choice]),
    /// Any number of the listed values (comma-separated or repeated flag).
    List(&'static [Choice]),
    /// A point in time: RFC 3339, `YYYY-MM-DD HH:MM`, `now`, `15m ago`.
    Time,
    /// A calendar date, `YYYY-MM-DD`.
    Date,
    /// A calendar year, `YYYY`.
    Year,
    /// A positive count with an optional suffix: `50000`, `50k`, `1.2M`.
    Count,
    /// A whole number, zero or more.
    Number,
    /// An email address.
    Email,
    /// A DNS host name.
    Host,
    /// A 9Pic event ID, or the dashboard URL of the event's details page.
    EventId,
    /// An identifier such as a payment ID or gateway reference.
    Reference,
    /// A phone number.
    Phone,
    /// A yes/no switch.
    Switch,
}

impl Kind {
    /// The placeholder shown in `--help`.
    pub fn value_name(self) -> &'static str {
        match self {
            Kind::Line | Kind::Text => "TEXT",
            Kind::Choice(_) => "VALUE",
            Kind::List(_) => "LIST",
            Kind::Time => "TIME",
            Kind::Date => "YYYY-MM-DD",
            Kind::Year => "YYYY",
            Kind::Count => "COUNT",
            Kind::Number => "N",
            Kind::Email => "EMAIL",
            Kind::Host => "HOST",
            Kind::EventId => "ID|URL",
            Kind::Reference => "ID",
            Kind::Phone => "PHONE",
            Kind::Switch => "",
        }
    }

    /// The allowed values, for enumerated kinds.
    pub fn choices(self) -> &'static [Choice] {
        match self {
            Kind::Choice(c) | Kind::List(c) => c,
            _ => &[],
        }
    }
}

/// When a checklist item must be given.
#[derive(Debug, Clone, Copy, Serialize)]
#[serde(tag = "when", content = "situations", rename_all = "kebab-case")]
pub enum Need {
    Optional,
    Required,
    /// Required only in these situations (values of `--issue`/`--topic`).
    RequiredFor(&'static [&'static str]),
    /// Required in every situation except these.
    RequiredExceptFor(&'static [&'static str]),
}

impl Need {
    /// Whether the item is required given the ticket's situation.
    pub fn is_required(self, situation: Option<&str>) -> bool {
        match self {
            Need::Optional => false,
            Need::Required => true,
            Need::RequiredFor(s) => situation.is_some_and(|v| s.contains(&v)),
            Need::RequiredExceptFor(s) => situation.is_some_and(|v| !s.contains(&v)),
        }
    }
}

/// One item of a category's checklist, supplied by one flag.
#[derive(Debug, Clone, Copy, Serialize)]
pub struct Item {
    /// Stable key, used in templates and JSON (`payment_id`).
    pub key: &'static str,
    /// The long flag without dashes (`payment-id`).
    pub flag: &'static str,
    /// How the email and prompts name it.
    pub label: &'static str,
    /// One line for `--help` and `schema`.
    pub help: &'static str,
    pub kind: Kind,
    pub need: Need,
    /// Whether the value goes into the subject line.
    pub in_subject: bool,
    /// Whether a time may lie in the future (a go-live may; "when it happened" may not).
    pub future_ok: bool,
    /// How the duplicate guard names it, if a ticket with the same value in
    /// the last day is probably the same case (`payment ID`).
    pub duplicate_key: Option<&'static str>,
}

impl Item {
    pub const fn new(
        key: &'static str,
        flag: &'static str,
        label: &'static str,
        kind: Kind,
    ) -> Self {
        Item {
            key,
            flag,
            label,
            help: "",
            kind,
            need: Need::Optional,
            in_subject: false,
            future_ok: false,
            duplicate_key: None,
        }
    }
    pub const fn help(mut self, help: &'static str) -> Self {
        self.help = help;
        self
    }
    pub const fn required(mut self) -> Self {
        self.need = Need::Required;
        self
    }
    pub const fn required_for(mut self, s: &'static [&'static str]) -> Self {
        self.need = Need::RequiredFor(s);
        self
    }
    pub const fn required_except_for(mut self, s: &'static [&'static str]) -> Self {
        self.need = Need::RequiredExceptFor(s);
        self
    }
    pub const fn subject(mut self) -> Self {
        self.in_subject = true;
        self
    }
    pub const fn future_ok(mut self) -> Self {
        self.future_ok = true;
        self
    }
    pub const fn duplicate_key(mut self, name: &'static str) -> Self {
        self.duplicate_key = Some(name);
        self
    }

    /// `--payment-id`, as shown to users.
    pub fn long(&self) -> String {
        format!("--{}", self.flag)
    }
}

/// A claim an email makes about what the user did or where they stand, in
/// the sentence that is true for the ticket: the first case whose condition
/// holds, else `otherwise`. `{key}` in a sentence is replaced by how far that
/// item's time lies from now ("20 minutes ago"). Under `--force` this is what
/// keeps an email from saying "I clicked Recheck" when nobody did: templates
/// assert a user's action only through a claim.
#[derive(Debug, Clone, Copy, Serialize)]
pub struct Claim {
    /// How templates name it: `{{ claims.recheck }}`.
    pub key: &'static str,
    pub cases: &'static [(Holds, &'static str)],
    pub otherwise: &'static str,
}

/// When a claim's sentence is true, by item key.
#[derive(Debug, Clone, Copy, Serialize)]
#[serde(tag = "holds", rename_all = "kebab-case")]
pub enum Holds {
    /// Any of these items was given (a switch only when on).
    Given { items: &'static [&'static str] },
    /// The count item is at least `min`.
    AtLeast { item: &'static str, min: u64 },
    /// The time item lies within `(now - past, now + ahead]`.
    Within {
        item: &'static str,
        ahead_minutes: i64,
        past_minutes: i64,
    },
    /// The org is on one of these plans.
    OnPlans { plans: &'static [Plan] },
}

impl Holds {
    /// The items the condition reads.
    pub fn items(&self) -> Vec<&'static str> {
        match *self {
            Holds::Given { items } => items.to_vec(),
            Holds::AtLeast { item, .. } | Holds::Within { item, .. } => vec![item],
            Holds::OnPlans { .. } => vec![],
        }
    }
}

/// One situation of a category (a value of `--issue` or `--topic`).
#[derive(Debug, Clone, Copy, Serialize)]
pub struct Situation {
    pub value: &'static str,
    pub label: &'static str,
    /// What its email claims, each with the condition that makes it true.
    pub claims: &'static [Claim],
    /// Whether support treats it as urgent (same-day answer).
    pub urgent: bool,
    /// Whether it is the situation when none is given.
    pub default: bool,
}

impl Situation {
    pub const fn new(value: &'static str, label: &'static str) -> Self {
        Situation {
            value,
            label,
            claims: &[],
            urgent: false,
            default: false,
        }
    }
    pub const fn urgent(mut self) -> Self {
        self.urgent = true;
        self
    }
    pub const fn claims(mut self, claims: &'static [Claim]) -> Self {
        self.claims = claims;
        self
    }
    /// The situation when the user names none.
    pub const fn by_default(mut self) -> Self {
        self.default = true;
        self
    }
}

/// The situations as choices for their flag; sized by the table, so none is left out.
pub const fn situation_choices<const N: usize>(s: &[Situation]) -> [Choice; N] {
    let mut out = [Choice::new("", ""); N];
    let mut i = 0;
    while i < N {
        out[i] = Choice::new(s[i].value, s[i].label);
        i += 1;
    }
    out
}

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
