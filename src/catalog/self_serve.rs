//! Self-serve tasks: what emailing only slows down, with the route in the
//! dashboard and the docs page; and the answers the guides already give.

use serde::Serialize;

/// A self-serve task: emailing about it only slows it down.
#[derive(Debug, Serialize)]
pub struct SelfServe {
    pub task: &'static str,
    pub where_: &'static str,
    pub docs: &'static str,
}

pub const SELF_SERVE: &[SelfServe] = &[
    SelfServe {
        task: "Top up credits",
        where_: "Credits → Purchase Credits",
        docs: "/pro-guide/credits",
    },
    SelfServe {
        task: "Recheck a Pending payment",
        where_: "Billing & Transactions → the row → Recheck",
        docs: "/pro-guide/transactions",
    },
    SelfServe {
        task: "Change branding, logo or theme",
        where_: "Branding & Theme",
        docs: "/pro-guide/branding",
    },
    SelfServe {
        task: "Connect a custom domain",
        where_: "Custom Domain",
        docs: "/pro-guide/domain",
    },
    SelfServe {
        task: "Invite or remove team members",
        where_: "Team Setup",
        docs: "/pro-guide/team",
    },
    SelfServe {
        task: "Configure GTM",
        where_: "Advanced Settings",
        docs: "/pro-guide/advanced-settings",
    },
    SelfServe {
        task: "Run an event",
        where_: "Run an Event",
        docs: "/pro-guide/run-an-event",
    },
];

/// Said in `guide` about discounts, a frequent self-serve question.
pub const DISCOUNT_NOTE: &str = "Pay As You Go credit prices are fixed, so there are no top-up discounts; volume pricing is an Enterprise conversation (9pic-help enterprise).";

/// Said in `guide` about phone calls.
pub const PHONE_NOTE: &str = "Phone calls happen only in Enterprise conversations.";
