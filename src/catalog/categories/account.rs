//! Money and the account: `billing`, `invoices`, `renewal`.

use crate::catalog::channels::Channel;
use crate::catalog::plans::Plan;
use crate::catalog::rules::{Check, Outcome, Rule};
use crate::catalog::{Category, CategoryId, Choice, Item, Kind, Situation, situation_choices};

use super::WHEN;

const BILLING_SITUATIONS: &[Situation] = &[
    Situation::new(
        "pending",
        "a payment stays Pending more than 10 minutes after Recheck",
    )
    .urgent(),
    Situation::new(
        "not-credited",
        "charged or debited, but no credits after Recheck",
    )
    .urgent(),
    Situation::new(
        "invoice-correction",
        "an issued invoice needs a corrected company name or address",
    ),
    Situation::new(
        "custom-invoice",
        "a custom invoice for a non-credit payment",
    ),
    Situation::new(
        "refund",
        "a refund the Refund Policy does not clearly cover",
    ),
    Situation::new("other", "reconciliation or any other billing question"),
];

/// The values of `billing --issue`.
pub const BILLING_ISSUES: &[Choice] =
    &situation_choices::<{ BILLING_SITUATIONS.len() }>(BILLING_SITUATIONS);

/// The situations where Recheck comes first.
const AFTER_RECHECK: &[&str] = &["pending", "not-credited"];

pub const BILLING: Category = Category {
    id: CategoryId::Billing,
    name: "billing",
    aliases: &[],
    about: "A payment, credit, invoice or refund problem",
    when_to_use: "a payment stuck on Pending or charged without credits (after Recheck), invoice corrections, custom invoices, refunds, reconciliation",
    channel: Channel::Support,
    urgent: false,
    situation_key: Some("issue"),
    situations: BILLING_SITUATIONS,
    route: None,
    items: &[
        Item::new("issue", "issue", "Situation", Kind::Choice(BILLING_ISSUES))
            .help("what went wrong")
            .required()
            .subject(),
        Item::new("payment_id", "payment-id", "Payment ID", Kind::Reference)
            .help("the payment ID (info icon on the row in Billing & Transactions)")
            .required_except_for(&["other", "custom-invoice"])
            .subject()
            .duplicate_key("payment ID"),
        WHEN,
        Item::new(
            "gateway_ref",
            "gateway-ref",
            "Gateway Ref ID",
            Kind::Reference,
        )
        .help("the payment gateway's reference ID"),
        Item::new("rechecked", "rechecked", "Recheck done", Kind::Switch)
            .help("you clicked Recheck on the row in Billing & Transactions"),
        Item::new(
            "rechecked_at",
            "rechecked-at",
            "Recheck done at",
            Kind::Time,
        )
        .help("when you last clicked Recheck"),
        Item::new("company", "company", "Correct company name", Kind::Line)
            .help("the company name the invoice should show"),
        Item::new("address", "address", "Correct billing address", Kind::Text)
            .help("the address the invoice should show"),
    ],
    rules: &[
        Rule::new(
            Check::SwitchOrTime { switch: "rechecked", time: "rechecked_at" },
            Outcome::Refuse,
            "Recheck comes first and you can do it yourself: Billing & Transactions → the payment's row → Recheck",
        )
        .only_in(AFTER_RECHECK)
        .hint("if the row is still wrong 10 minutes after Recheck, run this again with --rechecked (or --rechecked-at TIME)"),
        Rule::new(
            Check::MinWaitSince {
                item: "rechecked_at",
                minutes: 10,
                condition: "if the row has not changed",
            },
            Outcome::Refuse,
            "you rechecked at {at}, less than 10 minutes ago; a Recheck can take that long to settle",
        )
        .only_in(AFTER_RECHECK),
        Rule::new(
            Check::Always,
            Outcome::Warn,
            "Custom Payment in the dashboard is usually the first route for a non-credit payment; write only if it does not fit",
        )
        .only_in(&["custom-invoice"]),
        Rule::new(
            Check::RequiresOneOf { items: &["company", "address"] },
            Outcome::Warn,
            "give the corrected details with --company and/or --address, or support will have to ask",
        )
        .only_in(&["invoice-correction"]),
    ],
    rules_in_words: &[
        "pending, not-credited: Recheck is self-serve and comes first; give --rechecked or --rechecked-at, at least 10 minutes ago",
        "pending, not-credited without --gateway-ref or a screenshot (--attach): one warning names what support will ask for",
        "custom-invoice: reminds that Custom Payment in the dashboard is usually the first route",
    ],
};

pub const INVOICES: Category = Category {
    id: CategoryId::Invoices,
    name: "invoices",
    aliases: &[],
    about: "A bulk invoice export for accounting",
    when_to_use: "a year's (or any range's) invoices in one export for your accountant",
    channel: Channel::Support,
    urgent: false,
    situation_key: None,
    situations: &[],
    route: None,
    items: &[
        Item::new("from", "from", "First day", Kind::Date)
            .help("first day of the range (YYYY-MM-DD); or use --year")
            .subject(),
        Item::new("to", "to", "Last day", Kind::Date)
            .help("last day of the range (YYYY-MM-DD); or use --year")
            .subject(),
        Item::new("year", "year", "Year", Kind::Year)
            .help("a whole calendar year instead of --from/--to"),
    ],
    rules: &[Rule::new(
        Check::DateRange {
            from: "from",
            to: "to",
            year: "year",
        },
        Outcome::Missing,
        "the date range is required: --from and --to, or --year",
    )],
    rules_in_words: &["needs --from and --to, or --year; from <= to; not in the future"],
};

pub const RENEWAL: Category = Category {
    id: CategoryId::Renewal,
    name: "renewal",
    aliases: &[],
    about: "Renew the Pro plan",
    when_to_use: "getting your Pro renewal on the calendar",
    channel: Channel::Support,
    urgent: false,
    situation_key: None,
    situations: &[],
    route: None,
    items: &[
        Item::new("renewal_date", "renewal-date", "Renewal date", Kind::Date)
            .help("when the current plan runs out or should renew (YYYY-MM-DD)"),
    ],
    rules: &[Rule::new(
        Check::PlanOneOf {
            plans: &[Plan::Pro],
        },
        Outcome::Warn,
        "renewal is for the Pro plan, and your plan is {plan}; to move to Pro see `9pic-help upgrade`",
    )],
    rules_in_words: &["warns when the plan is not Pro"],
};
