//! Running events: `ops`, `domain`, `security`, `urgent`.

use crate::catalog::channels::Channel;
use crate::catalog::rules::{Check, Outcome, Rule};
use crate::catalog::{Category, CategoryId, Choice, Item, Kind, Situation, situation_choices};

use super::{EVENT_ID, SUMMARY, WHEN};

const OPS_SITUATIONS: &[Situation] = &[
    Situation::new("processing-stuck", "photo processing is stuck on an event"),
    Situation::new(
        "invite-not-received",
        "a teammate got no invite after 3 resends",
    ),
    Situation::new("public-link", "an event's public link does not load"),
    Situation::new(
        "dashboard-mismatch",
        "the dashboard differs from what the guide says",
    ),
];

const OPS_ISSUES: &[Choice] = &situation_choices::<{ OPS_SITUATIONS.len() }>(OPS_SITUATIONS);

pub const OPS: Category = Category {
    id: CategoryId::Ops,
    name: "ops",
    aliases: &["operations"],
    about: "An event, invite, public link or dashboard problem",
    when_to_use: "processing stuck, an invite that never arrives after 3 resends, a public link that does not load, a dashboard that differs from the guide",
    channel: Channel::Support,
    urgent: false,
    situation_key: Some("issue"),
    situations: OPS_SITUATIONS,
    route: None,
    items: &[
        Item::new("issue", "issue", "Situation", Kind::Choice(OPS_ISSUES))
            .help("what went wrong")
            .required()
            .subject(),
        EVENT_ID.required_for(&["processing-stuck", "public-link"]),
        Item::new("teammate", "teammate", "Teammate's email", Kind::Email)
            .help("the address the invite was sent to")
            .required_for(&["invite-not-received"]),
        Item::new("resends", "resends", "Resends so far", Kind::Number)
            .help("how many times you resent the invite (Team Setup)")
            .required_for(&["invite-not-received"]),
        Item::new("page", "page", "Dashboard page", Kind::Line)
            .help("the dashboard page or URL")
            .required_for(&["dashboard-mismatch"]),
        WHEN,
    ],
    rules: &[Rule::new(
        Check::MinCount {
            item: "resends",
            min: 3,
        },
        Outcome::Refuse,
        "{n} resend(s) so far: resending an invite is self-serve (Team Setup → the teammate → Resend)",
    )
    .only_in(&["invite-not-received"])
    .hint("write if the invite still has not arrived after 3 resends; ask them to check spam first")],
    rules_in_words: &[
        "invite-not-received with fewer than 3 resends is refused: resending is self-serve (Team Setup)",
    ],
};

pub const DOMAIN: Category = Category {
    id: CategoryId::Domain,
    name: "domain",
    aliases: &[],
    about: "A custom domain not active after 48 hours",
    when_to_use: "a custom domain still not active 48 hours after you connected it",
    channel: Channel::Support,
    urgent: false,
    situation_key: None,
    situations: &[],
    route: None,
    items: &[
        Item::new("domain", "domain", "Domain", Kind::Host)
            .help("the custom domain, e.g. photos.example.com")
            .required()
            .subject()
            .duplicate_key("domain"),
        Item::new("cname_target", "cname-target", "CNAME target", Kind::Host)
            .help("the CNAME target the dashboard gave you")
            .required(),
        Item::new("connected_at", "connected-at", "Connected at", Kind::Time)
            .help("when you connected the domain in Custom Domain"),
    ],
    rules: &[
        Rule::new(
            Check::MinWaitSince {
                item: "connected_at",
                minutes: 48 * 60,
                condition: "if it is still not active",
            },
            Outcome::Refuse,
            "the domain was connected at {at}, less than 48 hours ago; DNS changes can take that long",
        ),
        Rule::new(
            Check::Absent {
                item: "connected_at",
            },
            Outcome::Warn,
            "no --connected-at: support handles domains that are still not active 48 hours after connecting, so check that it has been that long",
        ),
    ],
    rules_in_words: &["--connected-at less than 48 hours ago is refused, with the time to write"],
};

pub const SECURITY: Category = Category {
    id: CategoryId::Security,
    name: "security",
    aliases: &[],
    about: "Account compromised or suspicious activity (urgent)",
    when_to_use: "anything that looks like someone else in your account",
    channel: Channel::Support,
    urgent: true,
    situation_key: None,
    situations: &[],
    route: None,
    items: &[
        Item::new("what", "what", "What was noticed", Kind::Text)
            .help("what you noticed")
            .required(),
        WHEN,
    ],
    rules: &[],
    rules_in_words: &["marked urgent: high-priority headers in eml; same-day reply expected"],
};

pub const URGENT: Category = Category {
    id: CategoryId::Urgent,
    name: "urgent",
    aliases: &[],
    about: "Event-day emergency: going live soon and something is broken",
    when_to_use: "your event goes live within hours and something is broken",
    channel: Channel::Support,
    urgent: true,
    situation_key: None,
    situations: &[],
    route: None,
    items: &[
        EVENT_ID.required(),
        Item::new("go_live", "go-live", "Goes live at", Kind::Time)
            .help("when the event goes live (\"18:00\" forms, RFC 3339, \"in 30m\")")
            .required()
            .future_ok(),
        SUMMARY,
    ],
    rules: &[Rule::new(
        Check::TimeWindow {
            item: "go_live",
            ahead_minutes: 24 * 60,
            past_minutes: 0,
        },
        Outcome::Warn,
        "go-live ({time}) is not within the next 24 hours; EVENT-DAY URGENT is for events about to go live, so consider `ops` or `question`",
    )],
    rules_in_words: &["warns when go-live is not within the next 24 hours"],
};
