//! Running events: `ops`, `domain`, `security`, `urgent`.

use crate::catalog::channels::Channel;
use crate::catalog::plans::Plan;
use crate::catalog::rules::{Check, Outcome, Rule};
use crate::catalog::{
    Category, CategoryId, Choice, Claim, Holds, Item, Kind, Situation, situation_choices,
};

use super::{EVENT_ID, SUMMARY, WHEN};

const OPS_SITUATIONS: &[Situation] = &[
    Situation::new("processing-stuck", "Photo processing stuck"),
    Situation::new("invite-not-received", "Invite not received").claims(&[Claim {
        key: "resent",
        cases: &[(
            Holds::AtLeast {
                item: "resends",
                min: 1,
            },
            "although we resent it from Team Setup (the number of resends is below)",
        )],
        otherwise: "and we have not resent it from Team Setup yet",
    }]),
    Situation::new("public-link", "Public link does not load"),
    Situation::new("dashboard-mismatch", "Dashboard differs from the guide"),
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
    claims: &[],
    route: None,
    channel_on: &[],
    items: &[
        Item::new("issue", "issue", "Situation", Kind::Choice(OPS_ISSUES))
            .help("which situation")
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
        Item::new("link", "link", "Failing link", Kind::Line)
            .help("the public link that does not load (public-link)"),
        WHEN,
    ],
    rules: &[
        Rule::new(
            Check::MinCount {
                item: "resends",
                min: 3,
            },
            Outcome::Refuse,
            "{n} resend(s) so far: resending an invite is self-serve (Team Setup → the teammate → Resend)",
        )
        .only_in(&["invite-not-received"])
        .hint("write if the invite still has not arrived after 3 resends; ask them to check spam first"),
        Rule::new(
            Check::NotTried,
            Outcome::Warn,
            "the Troubleshooting pages come first for stuck processing (https://docs.9pic.ai); if you tried them, say so with --tried",
        )
        .only_in(&["processing-stuck"]),
        Rule::new(
            Check::NoDetails,
            Outcome::Missing,
            "what differs from the guide is required: what the guide says and what the dashboard shows",
        )
        .only_in(&["dashboard-mismatch"]),
    ],
    rules_in_words: &[
        "invite-not-received with fewer than 3 resends is refused: resending is self-serve (Team Setup)",
        "processing-stuck without --tried: reminds that the Troubleshooting pages come first; the email mentions them only if --tried does",
        "dashboard-mismatch needs --page and --details (what differs)",
    ],
};

const DOMAIN_SITUATIONS: &[Situation] = &[
    Situation::new("not-active", "Custom domain not active")
        .by_default()
        .claims(&[Claim {
            key: "connected",
            cases: &[(
                Holds::Given {
                    items: &["connected_at"],
                },
                "We connected it in Custom Domain {connected_at},",
            )],
            otherwise: "We connected it in Custom Domain,",
        }]),
    Situation::new("verification-error", "Custom domain verification error"),
];

const DOMAIN_ISSUES: &[Choice] =
    &situation_choices::<{ DOMAIN_SITUATIONS.len() }>(DOMAIN_SITUATIONS);

pub const DOMAIN: Category = Category {
    id: CategoryId::Domain,
    name: "domain",
    aliases: &[],
    about: "A custom domain not active after 48 hours, or a verification error",
    when_to_use: "a custom domain still not active 48 hours after you connected it, or a DNS / verification error in the dashboard",
    channel: Channel::Support,
    urgent: false,
    situation_key: Some("issue"),
    situations: DOMAIN_SITUATIONS,
    claims: &[],
    route: None,
    channel_on: &[],
    items: &[
        Item::new("issue", "issue", "Situation", Kind::Choice(DOMAIN_ISSUES))
            .help("not-active (default) or verification-error"),
        Item::new("domain", "domain", "Domain", Kind::Host)
            .help("the custom domain, e.g. photos.example.com")
            .required()
            .subject()
            .duplicate_key("domain"),
        Item::new("cname_target", "cname-target", "CNAME target", Kind::Host)
            .help("the CNAME target the dashboard gave you")
            .required(),
        Item::new("connected_at", "connected-at", "Connected at", Kind::Time)
            .help("when you connected the domain in Custom Domain")
            .required_for(&["not-active"]),
        Item::new("error", "error", "Error shown", Kind::Line)
            .help("the DNS or verification error the dashboard shows, word for word")
            .required_for(&["verification-error"]),
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
        )
        .only_in(&["not-active"])
        .hint("if the dashboard shows an error, use --issue verification-error --error MESSAGE"),
        Rule::new(
            Check::Differ { a: "domain", b: "cname_target" },
            Outcome::Invalid,
            "the CNAME target is the domain itself ({at}); give the target the dashboard shows in Custom Domain",
        ),
        Rule::new(
            Check::Always,
            Outcome::Warn,
            "custom domains come with Pro, and you are on Pay As You Go; for a single event see `9pic-help upgrade --topic one-off-domain`",
        )
        .on_plans(&[Plan::Payg]),
    ],
    rules_in_words: &[
        "not-active (default): needs --connected-at; less than 48 hours ago is refused, with the time to write",
        "verification-error: needs --error (the message shown); no waiting rule",
        "--domain and --cname-target must be valid host names and differ",
        "on Pay As You Go: warns that custom domains come with Pro",
    ],
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
    claims: &[],
    route: None,
    channel_on: &[],
    items: &[
        Item::new("what", "what", "What was noticed", Kind::Text)
            .help("what you noticed")
            .required(),
        WHEN,
    ],
    rules: &[],
    rules_in_words: &["marked urgent: high-priority headers in eml; same-day reply expected"],
};

/// How far ahead and behind a go-live still makes an event day, in minutes.
const EVENT_DAY_AHEAD: i64 = 24 * 60;
const EVENT_DAY_PAST: i64 = 12 * 60;

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
    claims: &[Claim {
        key: "emergency",
        cases: &[(
            Holds::Within {
                item: "go_live",
                ahead_minutes: EVENT_DAY_AHEAD,
                past_minutes: EVENT_DAY_PAST,
            },
            "This is an event-day emergency.",
        )],
        otherwise: "This is urgent, though not on the event day itself.",
    }],
    route: None,
    channel_on: &[],
    items: &[
        EVENT_ID.required(),
        Item::new("go_live", "go-live", "Go-live time", Kind::Time)
            .help("when the event goes live (\"18:00\" forms, RFC 3339, \"in 30m\")")
            .required()
            .future_ok(),
        SUMMARY,
    ],
    rules: &[Rule::new(
        Check::TimeWindow {
            item: "go_live",
            ahead_minutes: EVENT_DAY_AHEAD,
            past_minutes: EVENT_DAY_PAST,
        },
        Outcome::Refuse,
        "go-live ({time}) is not within 24 hours ahead or 12 hours past; support keeps EVENT-DAY URGENT for events going live now",
    )
    .hint("write with `9pic-help ops` or `9pic-help question` instead; --force sends it as urgent anyway")],
    rules_in_words: &[
        "a go-live more than 24 hours ahead or more than 12 hours past is refused (use `ops` or `question`); --force sends",
    ],
};
