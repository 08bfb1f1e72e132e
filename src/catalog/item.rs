//! The items a category asks for: their kinds (line, text, time, choice, …),
//! the allowed values of a choice, and when an item is needed.

use serde::Serialize;

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
