//! Recommended items: what the guides ask for but a customer may not have at
//! hand. A ticket without them is still composed; one warning names every
//! missing one with the flag that adds it.

use serde::Serialize;

use super::CategoryId;

/// Where a recommended item comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(tag = "from", content = "item", rename_all = "kebab-case")]
pub enum Source {
    /// A file given with `--attach`.
    Attachment,
    /// A step given with `--tried`.
    Tried,
    /// A checklist item of the category, by key.
    Item(&'static str),
}

/// One recommended item of a category.
#[derive(Debug, Clone, Copy, Serialize)]
pub struct Recommended {
    pub category: CategoryId,
    /// The situations it applies in; empty for every situation.
    pub situations: &'static [&'static str],
    /// What support asks for, as the warning words it.
    pub what: &'static str,
    pub source: Source,
}

const fn rec(category: CategoryId, what: &'static str, source: Source) -> Recommended {
    Recommended {
        category,
        situations: &[],
        what,
        source,
    }
}

impl Recommended {
    const fn only_in(mut self, situations: &'static [&'static str]) -> Self {
        self.situations = situations;
        self
    }

    /// Whether it applies in this situation.
    pub fn applies(&self, situation: Option<&str>) -> bool {
        self.situations.is_empty() || situation.is_some_and(|s| self.situations.contains(&s))
    }
}

/// Every recommended item, in the order the warning names them.
pub const RECOMMENDED: &[Recommended] = &[
    rec(
        CategoryId::Billing,
        "a screenshot of the payment in Billing & Transactions",
        Source::Attachment,
    ),
    rec(
        CategoryId::Billing,
        "the payment gateway's reference ID",
        Source::Item("gateway_ref"),
    )
    .only_in(&["pending", "not-credited"]),
    rec(
        CategoryId::Ops,
        "a screenshot or a short screen recording",
        Source::Attachment,
    ),
    rec(
        CategoryId::Ops,
        "the steps you already tried",
        Source::Tried,
    ),
    rec(
        CategoryId::Bug,
        "the steps to reproduce it",
        Source::Item("steps"),
    ),
    rec(
        CategoryId::Bug,
        "a screenshot of the problem",
        Source::Attachment,
    ),
    rec(
        CategoryId::Bug,
        "the steps you already tried",
        Source::Tried,
    ),
    rec(
        CategoryId::Urgent,
        "a screenshot of what is broken",
        Source::Attachment,
    ),
    rec(
        CategoryId::Urgent,
        "the steps you already tried",
        Source::Tried,
    ),
];

/// The recommended items of a category in a situation.
pub fn of(
    category: CategoryId,
    situation: Option<&str>,
) -> impl Iterator<Item = &'static Recommended> {
    RECOMMENDED
        .iter()
        .filter(move |r| r.category == category && r.applies(situation))
}
