//! Products and plans: `feature`, `enterprise`, `upgrade`.

use crate::catalog::channels::{Channel, ENTERPRISE_ROUTES, VIA};
use crate::catalog::plans::Plan;
use crate::catalog::products::{ENTERPRISE_OFFERS, FEATURE as PRODUCTS};
use crate::catalog::rules::{Check, Outcome, Rule};
use crate::catalog::{Category, CategoryId, Choice, Item, Kind, Situation, situation_choices};

use super::{EVENT_DATE, EVENTS_PER_YEAR};

pub const FEATURE: Category = Category {
    id: CategoryId::Feature,
    name: "feature",
    aliases: &["beta"],
    about: "Switch on a beta or by-request product",
    when_to_use: "turning on Checkout, Flow, Buzz, Certify, Select or Motion",
    channel: Channel::Support,
    urgent: false,
    situation_key: None,
    situations: &[],
    route: None,
    items: &[
        Item::new("product", "product", "Product", Kind::Choice(PRODUCTS))
            .help("the product to switch on")
            .required()
            .subject(),
        EVENT_DATE,
    ],
    rules: &[Rule::new(
        Check::PlanUnlocks { item: "product" },
        Outcome::Warn,
        "{product} needs {plans}, and your plan is {plan}: the email asks which plan you need; to talk about changing plans see {route}",
    )],
    rules_in_words: &[
        "Checkout: Beta, Enterprise only; Flow: Beta, Pro or Enterprise; Buzz, Certify, Select: by request, Pro or Enterprise; Motion: can be enabled on Pro",
        "on a plan that does not unlock the product the email asks which plan is needed, and a warning points to `upgrade` or `enterprise`",
    ],
};

const ENTERPRISE_REASONS: &[Choice] = &[
    Choice::new(
        "high-volume",
        "tens of thousands of photos per event, or many events a year",
    ),
    Choice::new("sell-online", "selling photos online with Checkout"),
    Choice::new(
        "custom-integrations",
        "API keys, webhooks, the Developer Zone",
    ),
    Choice::new(
        "custom-gateway",
        "a specific payment gateway, country or merchant setup",
    ),
    Choice::new("sla", "a service-level agreement"),
    Choice::new("compliance", "compliance, NDA or a security overview"),
];

pub const ENTERPRISE: Category = Category {
    id: CategoryId::Enterprise,
    name: "enterprise",
    aliases: &[],
    about: "Talk to sales about Enterprise",
    when_to_use: "high volume, selling photos online (Checkout), API keys and webhooks, a custom payment gateway, an SLA, compliance or an NDA",
    channel: Channel::Sales,
    urgent: false,
    situation_key: None,
    situations: &[],
    route: Some(("via", ENTERPRISE_ROUTES)),
    items: &[
        Item::new("volume", "volume", "Expected photos a year", Kind::Count)
            .help("expected annual photo volume (50000, 50k, 1.2M)")
            .required()
            .subject(),
        Item::new(
            "products",
            "products",
            "Products wanted",
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
    rules: &[],
    rules_in_words: &[
        "--volume must be a positive count",
        "--via support goes to support@9pic.ai with a subject starting \"Enterprise\"; --via form opens the contact form and prints the text",
    ],
};

const UPGRADE_SITUATIONS: &[Situation] = &[
    Situation::new(
        "creative-tools",
        "a walk-through of the creative tools before paying",
    ),
    Situation::new("one-off-domain", "a custom domain for one event only"),
    Situation::new("break-even", "usage near the Pro subscription fee"),
    Situation::new("enterprise-comparison", "comparing Enterprise with Pro"),
];

const UPGRADE_TOPICS: &[Choice] =
    &situation_choices::<{ UPGRADE_SITUATIONS.len() }>(UPGRADE_SITUATIONS);

pub const UPGRADE: Category = Category {
    id: CategoryId::Upgrade,
    name: "upgrade",
    aliases: &[],
    about: "Talk before upgrading to Pro",
    when_to_use: "a creative-tools walk-through, a one-off custom domain, break-even maths, or an Enterprise comparison before you upgrade",
    channel: Channel::Support,
    urgent: false,
    situation_key: Some("topic"),
    situations: UPGRADE_SITUATIONS,
    route: None,
    items: &[
        Item::new("topic", "topic", "Topic", Kind::Choice(UPGRADE_TOPICS))
            .help("what you want to talk through")
            .required()
            .subject(),
        EVENTS_PER_YEAR,
        Item::new(
            "photos_per_event",
            "photos-per-event",
            "Photos per event",
            Kind::Count,
        )
        .help("typical photos per event (5000, 5k)"),
        EVENT_DATE,
    ],
    rules: &[Rule::new(
        Check::PlanOneOf {
            plans: &[Plan::Payg, Plan::Pro],
        },
        Outcome::Refuse,
        "you are on Enterprise already, so there is nothing to upgrade to",
    )
    .hint("for changes to your Enterprise package, write with `9pic-help enterprise` or `9pic-help question`")],
    rules_in_words: &["refused on Enterprise: there is nothing to upgrade to"],
};
