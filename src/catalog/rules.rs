//! The rules of the categories, as data. Each [`Rule`] names a [`Check`]
//! over checklist items, the situations it applies in, what happens when it
//! fires ([`Outcome`]) and the words the user reads. The small engine in
//! `compose::rules` applies them; it knows no category, item or flag.
//!
//! In `message` and `hint`, `{at}`, `{n}`, `{time}`, `{plan}`, `{product}`,
//! `{plans}` and `{route}` are replaced by the values the check looked at.

use serde::Serialize;

use super::plans::Plan;

/// What a rule looks at, by item key.
#[derive(Debug, Clone, Copy, Serialize)]
#[serde(tag = "check", rename_all = "kebab-case")]
pub enum Check {
    /// Fires when the item is absent.
    Absent { item: &'static str },
    /// Fires always (a reminder).
    Always,
    /// Fires when neither the switch nor the time item is given.
    SwitchOrTime {
        switch: &'static str,
        time: &'static str,
    },
    /// Fires when the time item lies less than `minutes` ago; says when to write.
    MinWaitSince {
        item: &'static str,
        minutes: i64,
        /// Ends the "write after …" hint (`if it is still not active`).
        condition: &'static str,
    },
    /// Fires when the count item is below `min`.
    MinCount { item: &'static str, min: u64 },
    /// Fires when none of the items is given.
    RequiresOneOf { items: &'static [&'static str] },
    /// Fires when the org's plan is not one of these (needs a valid identity).
    PlanOneOf { plans: &'static [Plan] },
    /// Fires when the org's plan does not unlock the product the item names;
    /// the email then asks which plan is needed.
    PlanUnlocks { item: &'static str },
    /// Fires when the time item is not within `(now - past, now + ahead]`.
    TimeWindow {
        item: &'static str,
        ahead_minutes: i64,
        past_minutes: i64,
    },
    /// A date range from two date items or a year item: in order, not in
    /// the future; a current year ends today. Reports its own problems.
    DateRange {
        from: &'static str,
        to: &'static str,
        year: &'static str,
    },
    /// Fires when the time item lies before the `earlier` time item
    /// (a Recheck before the payment it rechecks).
    NotBefore {
        item: &'static str,
        earlier: &'static str,
    },
    /// Fires when the date item lies before today.
    NotInPast { item: &'static str },
    /// Fires when the date item lies more than `days` after today (a year
    /// typed wrong, most likely).
    FarAhead { item: &'static str, days: i32 },
    /// Fires when the two items hold the same value.
    Differ { a: &'static str, b: &'static str },
    /// Fires when the list (or choice) item holds this value.
    Includes {
        item: &'static str,
        value: &'static str,
    },
    /// Fires when the item is absent and the list item holds a value not in
    /// `unless` (a volume is needed unless only papers are asked for).
    AbsentUnlessOnly {
        item: &'static str,
        list: &'static str,
        unless: &'static [&'static str],
    },
    /// Fires when no `--details` (or `--details-file`) was given.
    NoDetails,
    /// Fires when no `--tried` step was given.
    NotTried,
    /// Fires when the summary or details ask for a self-serve task or a
    /// question the guides answer (the phrases in `self_serve`); `{route}`
    /// is the route and docs link, or the answer. One refusal per match.
    AsksSelfServe,
    /// Fires when the ticket this one follows up (`escalate --last/--ticket`)
    /// is not yet due: `{at}` is the due time, `{time}` how long is left.
    ThreadNotDue,
    /// Fires when the two date items (after [`Check::DateRange`]) are the same day.
    SingleDay {
        from: &'static str,
        to: &'static str,
    },
}

/// What happens when a rule fires.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Outcome {
    /// Refused (65); `--force` composes anyway and keeps the advice as a note.
    Refuse,
    /// A note on stderr; the ticket is composed.
    Warn,
    /// A missing item (64), not overridable.
    Missing,
    /// An invalid value (65), not overridable.
    Invalid,
}

/// One rule of a category.
#[derive(Debug, Clone, Copy, Serialize)]
pub struct Rule {
    /// The situations it applies in; empty for every situation.
    pub situations: &'static [&'static str],
    /// The plans it applies on; empty for every plan (needs a valid identity otherwise).
    pub plans: &'static [Plan],
    pub check: Check,
    pub outcome: Outcome,
    pub message: &'static str,
    pub hint: Option<&'static str>,
}

impl Rule {
    pub const fn new(check: Check, outcome: Outcome, message: &'static str) -> Self {
        Rule {
            situations: &[],
            plans: &[],
            check,
            outcome,
            message,
            hint: None,
        }
    }
    pub const fn only_in(mut self, situations: &'static [&'static str]) -> Self {
        self.situations = situations;
        self
    }
    pub const fn on_plans(mut self, plans: &'static [Plan]) -> Self {
        self.plans = plans;
        self
    }
    pub const fn hint(mut self, hint: &'static str) -> Self {
        self.hint = Some(hint);
        self
    }

    /// Whether the rule applies in this situation.
    pub fn applies(&self, situation: Option<&str>) -> bool {
        self.situations.is_empty() || situation.is_some_and(|s| self.situations.contains(&s))
    }

    /// Whether the rule applies on this plan (unknown plan: only plan-free rules).
    pub fn applies_on(&self, plan: Option<Plan>) -> bool {
        self.plans.is_empty() || plan.is_some_and(|p| self.plans.contains(&p))
    }
}
