//! The plans a 9Pic org can be on.

use serde::Serialize;

use super::Choice;

/// A plan a 9Pic org can be on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Plan {
    Payg,
    Pro,
    Enterprise,
}

/// The plan values as choices, for `--plan`.
pub const PLANS: &[Choice] = &[
    Choice::new("payg", "Pay As You Go"),
    Choice::new("pro", "Pro"),
    Choice::new("enterprise", "Enterprise"),
];

impl Plan {
    pub const ALL: [Plan; 3] = [Plan::Payg, Plan::Pro, Plan::Enterprise];

    /// Its row in [`PLANS`].
    fn choice(self) -> &'static Choice {
        &PLANS[self as usize]
    }

    pub fn value(self) -> &'static str {
        self.choice().value
    }

    pub fn label(self) -> &'static str {
        self.choice().label
    }

    pub fn parse(s: &str) -> Option<Plan> {
        let s = s.trim().to_ascii_lowercase();
        Plan::ALL
            .into_iter()
            .find(|p| p.value() == s || p.label().to_ascii_lowercase() == s)
            .or(match s.as_str() {
                "pay-as-you-go" | "pay_as_you_go" => Some(Plan::Payg),
                _ => None,
            })
    }
}

/// Plan labels joined for a sentence: `Pro or Enterprise`.
pub fn labels(plans: &[Plan]) -> String {
    plans
        .iter()
        .map(|p| p.label())
        .collect::<Vec<_>>()
        .join(" or ")
}
