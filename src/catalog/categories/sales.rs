//! Products and plans: `feature`, `enterprise`, `upgrade`.

use crate::catalog::channels::{Channel, ENTERPRISE_ROUTES, VIA};
use crate::catalog::plans::Plan;
use crate::catalog::products::{ENTERPRISE_OFFERS, FEATURE as PRODUCTS, NO_VOLUME_NEEDED};
use crate::catalog::rules::{Check, Outcome, Rule};
use crate::catalog::{
    Category, CategoryId, Choice, Claim, Holds, Item, Kind, Situation, situation_choices,
};

use super::{EVENT_DATE, EVENT_DATE_FAR_AHEAD, EVENTS_PER_YEAR};

pub const FEATURE: Category = Category {
    aliases: &["beta"],
    items: &[
        Item::new("product", "product", "Products", Kind::List(PRODUCTS))
            .help("the products to switch on (comma-separated or repeated)")
            .required()
            .subject(),
        EVENT_DATE,
    ],
    rules: &[
        Rule::new(
            Check::Includes { item: "product", value: "checkout" },
            Outcome::Refuse,
            "9Pic Checkout is Beta and for Enterprise only; on {plan} it is evaluated with sales",
        )
        .on_plans(&[Plan::Payg, Plan::Pro])
        .hint("ask sales with `9pic-help enterprise --products checkout`; --force writes the question to support instead"),
        Rule::new(
            Check::PlanUnlocks { item: "product" },
            Outcome::Warn,
            "not part of {plan}: {product}; the email asks which plan you would need, and to talk about changing plans see {route}",
        ),
        Rule::new(
            Check::NotInPast { item: "event_date" },
            Outcome::Invalid,
            "the event date {at} is in the past; give your next event's date",
        ),
        EVENT_DATE_FAR_AHEAD,
    ],
    rules_in_words: &[
        "Checkout: Beta, Enterprise only; Flow: Beta, Pro or Enterprise; Buzz, Certify, Select: by request, Pro or Enterprise; Motion: by request on Pro",
        "Checkout on Pay As You Go or Pro is refused: ask sales with `9pic-help enterprise --products checkout` (--force asks support)",
        "on a plan that does not unlock a product the email asks which plan is needed, and a warning points to `upgrade`",
        "--event-date must not be in the past; more than a year ahead gets a warning",
    ],
    ..Category::new(
        CategoryId::Feature,
        "feature",
        "Switch on a beta or by-request product",
        "turning on Checkout, Flow, Buzz, Certify, Select or Motion",
    )
};

/// Why a customer wants Enterprise: the label explains it in `--help`; the
/// name is how the email lists it, each starting with an article (or a
/// name), so that several join into one sentence: "A high photo volume,
/// an online photo shop and a call with sales".
const ENTERPRISE_REASONS: &[Choice] = &[
    Choice::new(
        "high-volume",
        "tens of thousands of photos per event, or many events a year",
    )
    .named("A high photo volume"),
    Choice::new("sell-online", "selling photos online with Checkout")
        .named("An online photo shop (9Pic Checkout)"),
    Choice::new(
        "custom-integrations",
        "API keys, webhooks, the Developer Zone",
    )
    .named("An integration with our systems (API keys and webhooks)"),
    Choice::new(
        "custom-gateway",
        "a specific payment gateway, country or merchant setup",
    )
    .named("A custom payment gateway (for our country or merchant setup)"),
    Choice::new("sla", "a service-level agreement").named("A service-level agreement"),
    Choice::new("compliance", "compliance, an NDA or a security overview")
        .named("The compliance papers we need (an NDA or a security overview)"),
    Choice::new("account-manager", "a dedicated account manager")
        .named("A dedicated account manager"),
    Choice::new("call", "a call with sales").named("A call with sales"),
];

pub const ENTERPRISE: Category = Category {
    channel: Channel::Sales,
    route: Some(("via", ENTERPRISE_ROUTES)),
    items: &[
        Item::new("volume", "volume", "Expected photos a year", Kind::Count)
            .help("expected annual photo volume (50000, 50k, 1.2M); not needed when asking only for nda, security-overview, account-manager, compliance")
            .subject(),
        Item::new(
            "products",
            "products",
            "What we would like",
            Kind::List(ENTERPRISE_OFFERS),
        )
        .help("the products you want (comma-separated or repeated)")
        .required(),
        Item::new("timeline", "timeline", "Timeline", Kind::Line)
            .help("your next event or integration deadline")
            .required(),
        Item::new(
            "reason",
            "reason",
            "Why Enterprise",
            Kind::List(ENTERPRISE_REASONS),
        )
        .help("why Enterprise (comma-separated or repeated)"),
        EVENTS_PER_YEAR,
        Item::new("phone", "phone", "Phone (for a call)", Kind::Phone)
            .help("a number to call you on, to ask for a call"),
        Item::new("via", "via", "Route", Kind::Choice(VIA))
            .help("how to reach sales: sales (default), support, or form"),
    ],
    rules: &[Rule::new(
        Check::AbsentUnlessOnly {
            item: "volume",
            list: "products",
            unless: NO_VOLUME_NEEDED,
        },
        Outcome::Missing,
        "the expected photo volume a year is required (50000, 50k, 1.2M), unless you ask only for nda, security-overview, account-manager or compliance",
    )],
    rules_in_words: &[
        "--volume (a positive whole count) is required unless every product is nda, security-overview, account-manager or compliance",
        "on Enterprise already, the email asks as an existing Enterprise customer",
        "--via support goes to support@9pic.ai with a subject starting \"Enterprise\"; --via form opens the contact form and prints the text",
    ],
    ..Category::new(
        CategoryId::Enterprise,
        "enterprise",
        "Talk to sales about Enterprise",
        "high volume, selling photos online (Checkout), API keys and webhooks, a custom payment gateway, an SLA, compliance or an NDA",
    )
};

/// Only on Pay As You Go is moving to Pro still ahead; under `--force` on
/// another plan the email asks without saying so.
const ON_PAYG: Holds = Holds::OnPlans {
    plans: &[Plan::Payg],
};

const UPGRADE_SITUATIONS: &[Situation] = &[
    Situation::new("creative-tools", "A walk-through of the creative tools").claims(&[Claim {
        key: "moving",
        cases: &[(
            ON_PAYG,
            "We are thinking about moving to Pro. Before we pay, could someone walk us through the creative tools?",
        )],
        otherwise: "Could someone walk us through the creative tools?",
    }]),
    Situation::new("one-off-domain", "A custom domain for one event").claims(&[Claim {
        key: "moving",
        cases: &[(
            ON_PAYG,
            "Is that possible without moving to Pro for good, and what would it take?",
        )],
        otherwise: "What would it take?",
    }]),
    Situation::new("break-even", "Does Pro pay off for our usage?").claims(&[Claim {
        key: "moving",
        cases: &[(
            ON_PAYG,
            "Our usage (the numbers are below) may be near the point where Pro costs less than buying credits. Could you help us work out whether Pro pays off for us?",
        )],
        otherwise: "Could you help us work out which plan pays off best for our usage (the numbers are below)?",
    }]),
    Situation::new("enterprise-comparison", "Enterprise compared with Pro"),
];

const UPGRADE_TOPICS: &[Choice] =
    &situation_choices::<{ UPGRADE_SITUATIONS.len() }>(UPGRADE_SITUATIONS);

pub const UPGRADE: Category = Category {
    situation_key: Some("topic"),
    situations: UPGRADE_SITUATIONS,
    items: &[
        Item::new("topic", "topic", "Topic", Kind::Choice(UPGRADE_TOPICS))
            .help("what you want to talk through")
            .required()
            .subject(),
        EVENTS_PER_YEAR.required_for(&["break-even"]),
        Item::new(
            "photos_per_event",
            "photos-per-event",
            "Photos per event",
            Kind::Count,
        )
        .help("typical photos per event (5000, 5k)")
        .required_for(&["break-even"]),
        EVENT_DATE
            .help("the date of the event (YYYY-MM-DD)")
            .required_for(&["one-off-domain"]),
        Item::new("domain", "domain", "Domain we would use", Kind::Host)
            .help("the custom domain you have in mind, e.g. photos.example.com"),
    ],
    rules: &[
        Rule::new(
            Check::Always,
            Outcome::Refuse,
            "you are on Enterprise already, so there is nothing to upgrade to",
        )
        .on_plans(&[Plan::Enterprise])
        .hint("for changes to your Enterprise package, write with `9pic-help enterprise`"),
        Rule::new(
            Check::Always,
            Outcome::Refuse,
            "creative tools and custom domains are already part of Pro, your plan",
        )
        .only_in(&["creative-tools", "one-off-domain"])
        .on_plans(&[Plan::Pro])
        .hint("to switch on a by-request tool use `9pic-help feature`; connect a domain yourself in Custom Domain"),
        Rule::new(
            Check::Always,
            Outcome::Refuse,
            "on Pro, comparing with Enterprise is a conversation with sales",
        )
        .only_in(&["enterprise-comparison"])
        .on_plans(&[Plan::Pro])
        .hint("write with `9pic-help enterprise`"),
        Rule::new(
            Check::NotInPast { item: "event_date" },
            Outcome::Invalid,
            "the event date {at} is in the past; give the date of the coming event",
        ),
        EVENT_DATE_FAR_AHEAD,
    ],
    rules_in_words: &[
        "for Pay As You Go: refused on Enterprise (nothing to upgrade to)",
        "on Pro, creative-tools and one-off-domain are refused (already included) and enterprise-comparison points to `enterprise`",
        "break-even needs --events-per-year and --photos-per-event; one-off-domain needs --event-date (not past; more than a year ahead gets a warning)",
    ],
    ..Category::new(
        CategoryId::Upgrade,
        "upgrade",
        "Talk before upgrading to Pro",
        "a creative-tools walk-through, a one-off custom domain, break-even maths, or an Enterprise comparison before you upgrade",
    )
};
