//! Money and the account: `billing`, `invoices`, `renewal`.

use crate::catalog::channels::Channel;
use crate::catalog::plans::Plan;
use crate::catalog::rules::{Check, Outcome, Rule};
use crate::catalog::{
    Category, CategoryId, Choice, Claim, Holds, Item, Kind, Need, Situation, situation_choices,
};

use super::WHEN;

/// What a billing email says about Recheck: only what the flags say.
const RECHECK: Claim = Claim {
    key: "recheck",
    cases: &[
        (
            Holds::Given {
                items: &["rechecked_at"],
            },
            "I clicked Recheck on its row in Billing & Transactions {rechecked_at}, and it has not changed since.",
        ),
        (
            Holds::Given {
                items: &["rechecked"],
            },
            "I clicked Recheck on its row in Billing & Transactions, but it has not changed.",
        ),
    ],
    otherwise: "I have not clicked Recheck on its row yet.",
};

const BILLING_SITUATIONS: &[Situation] = &[
    Situation::new("pending", "Payment still Pending")
        .urgent()
        .claims(&[RECHECK]),
    Situation::new("not-credited", "Charged but not credited")
        .urgent()
        .claims(&[RECHECK]),
    Situation::new("failed", "Payment failed")
        .urgent()
        .claims(&[RECHECK]),
    Situation::new("invoice-correction", "Invoice correction"),
    Situation::new("custom-invoice", "Custom invoice for a non-credit payment"),
    Situation::new("refund", "Refund request"),
    Situation::new("other", "Billing question"),
];

/// The values of `billing --issue`.
pub const BILLING_ISSUES: &[Choice] =
    &situation_choices::<{ BILLING_SITUATIONS.len() }>(BILLING_SITUATIONS);

/// The situations where Recheck comes first.
const AFTER_RECHECK: &[&str] = &["pending", "not-credited", "failed"];

/// The situations about one payment, named by its ID.
const ONE_PAYMENT: &[&str] = &[
    "pending",
    "not-credited",
    "failed",
    "invoice-correction",
    "refund",
];

pub const BILLING: Category = Category {
    id: CategoryId::Billing,
    name: "billing",
    aliases: &[],
    about: "A payment, credit, invoice or refund problem",
    when_to_use: "a payment stuck on Pending, charged without credits or failed (after Recheck), invoice corrections, custom invoices, refunds, reconciliation",
    channel: Channel::Support,
    urgent: false,
    situation_key: Some("issue"),
    situations: BILLING_SITUATIONS,
    claims: &[],
    route: None,
    channel_on: &[],
    items: &[
        Item::new("issue", "issue", "Situation", Kind::Choice(BILLING_ISSUES))
            .help("which situation")
            .required()
            .subject(),
        Item::new("payment_id", "payment-id", "Payment ID", Kind::Reference)
            .help("the payment ID (info icon on the row in Billing & Transactions)")
            .required_for(ONE_PAYMENT)
            .subject()
            .duplicate_key("payment ID"),
        Item {
            need: Need::RequiredFor(AFTER_RECHECK),
            ..WHEN
        },
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
            Check::NotBefore { item: "rechecked_at", earlier: "when" },
            Outcome::Refuse,
            "the Recheck ({time}) is before the payment itself ({at}); Recheck after the payment, then wait 10 minutes",
        )
        .only_in(AFTER_RECHECK)
        .hint("check --when and --rechecked-at"),
        Rule::new(
            Check::Always,
            Outcome::Warn,
            "Custom Payment in the dashboard is usually the first route for a non-credit payment; write only if it does not fit (the email does not claim you tried it)",
        )
        .only_in(&["custom-invoice"]),
        Rule::new(
            Check::RequiresOneOf { items: &["company", "address"] },
            Outcome::Missing,
            "the corrected details are required: the company name (--company) and/or the billing address (--address) the invoice should show",
        )
        .only_in(&["invoice-correction"]),
        Rule::new(
            Check::NoDetails,
            Outcome::Missing,
            "what the payment was for and its amount are required, so support can write the invoice",
        )
        .only_in(&["custom-invoice"]),
        Rule::new(
            Check::NoDetails,
            Outcome::Missing,
            "why you ask for a refund (and the amount, if partial) is required, so support can decide",
        )
        .only_in(&["refund"]),
        Rule::new(
            Check::NoDetails,
            Outcome::Missing,
            "your question is required, so support knows what to look at",
        )
        .only_in(&["other"]),
    ],
    rules_in_words: &[
        "pending, not-credited, failed: Recheck is self-serve and comes first; give --rechecked or --rechecked-at, at least 10 minutes ago and not before --when",
        "pending, not-credited without --gateway-ref or a screenshot (--attach): one warning names what support will ask for",
        "invoice-correction needs --company and/or --address",
        "custom-invoice (purpose and amount), refund (why, and the amount if partial) and other (the question) need --details",
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
    claims: &[],
    route: None,
    channel_on: &[],
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
    rules: &[
        Rule::new(
            Check::DateRange {
                from: "from",
                to: "to",
                year: "year",
            },
            Outcome::Missing,
            "the date range is required: --from and --to, or --year",
        ),
        Rule::new(
            Check::SingleDay { from: "from", to: "to" },
            Outcome::Refuse,
            "one day's invoice is self-serve on Pay As You Go: download it from Billing & Transactions (the payment's row → invoice)",
        )
        .on_plans(&[Plan::Payg])
        .hint("write for a range of days, or pass --force to ask anyway"),
    ],
    rules_in_words: &[
        "needs --from and --to, or --year; from <= to; not in the future; the current year ends today",
        "on Pay As You Go a single day is refused: download that invoice from Billing & Transactions",
    ],
};

pub const RENEWAL: Category = Category {
    id: CategoryId::Renewal,
    name: "renewal",
    aliases: &[],
    about: "Renew the Pro plan (or the Enterprise agreement)",
    when_to_use: "getting your Pro renewal (or Enterprise agreement) on the calendar",
    channel: Channel::Support,
    urgent: false,
    situation_key: None,
    situations: &[],
    claims: &[Claim {
        key: "renewing",
        cases: &[
            (
                Holds::OnPlans { plans: &[Plan::Pro] },
                "We would like to renew our Pro plan",
            ),
            (
                Holds::OnPlans { plans: &[Plan::Enterprise] },
                "We would like to renew our Enterprise agreement",
            ),
        ],
        otherwise: "We are on Pay As You Go now and would like to renew Pro",
    }],
    route: None,
    channel_on: &[(Plan::Enterprise, Channel::Sales)],
    items: &[
        Item::new("renewal_date", "renewal-date", "Renewal date", Kind::Date)
            .help("when the current plan runs out or should renew (YYYY-MM-DD)"),
    ],
    rules: &[Rule::new(
        Check::Always,
        Outcome::Refuse,
        "on Pay As You Go there is no plan to renew; moving to Pro is the dashboard's self-serve upgrade",
    )
    .on_plans(&[Plan::Payg])
    .hint("to talk it through before upgrading, write with `9pic-help upgrade`")],
    rules_in_words: &[
        "refused on Pay As You Go: there is no plan to renew (upgrade in the dashboard, or `upgrade` to talk first)",
        "on Enterprise it is about the Enterprise agreement and goes to sales",
        "a renewal date in the past is written as lapsed",
    ],
};
