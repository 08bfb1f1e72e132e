//! Situations (the values of `--issue` or `--topic`) and the claims an
//! email makes, each with the condition under which it is true.

use serde::Serialize;

use super::item::Choice;
use super::plans::Plan;

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
