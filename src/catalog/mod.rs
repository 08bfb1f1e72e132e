//! The categories as data: channels, checklist items, enumerated values.
//!
//! This is the single source of truth. The command line (flags, help, possible
//! values, completion), validation, the templates and `9pic-help schema` all
//! read these tables, so none of them can drift from the others.

use serde::Serialize;

/// Where a ticket goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Channel {
    /// support@9pic.ai: everything operational.
    Support,
    /// sales@9pic.ai: Enterprise conversations.
    Sales,
    /// The web contact form, opened in the browser.
    Form,
}

pub const SUPPORT_ADDRESS: &str = "support@9pic.ai";
pub const SALES_ADDRESS: &str = "sales@9pic.ai";
pub const CONTACT_FORM_URL: &str = "https://9pic.ai/contact/";
pub const IN_PRODUCT_SUPPORT: &str = "/contact-support";
pub const DOCS_URL: &str = "https://docs.9pic.ai";

impl Channel {
    /// The address (or URL, for the form) a ticket on this channel goes to.
    pub fn address(self) -> &'static str {
        match self {
            Channel::Support => SUPPORT_ADDRESS,
            Channel::Sales => SALES_ADDRESS,
            Channel::Form => CONTACT_FORM_URL,
        }
    }

    /// What to expect after sending, as printed on stderr and in JSON.
    pub fn expected_response(self, urgent: bool) -> &'static str {
        match (self, urgent) {
            (Channel::Support, true) => {
                "support answers urgent tickets (stuck payments, broken go-live, security) the same day"
            }
            (Channel::Support, false) => "support answers routine tickets within one business day",
            (Channel::Sales | Channel::Form, _) => {
                "Enterprise sales usually schedules a conversation within 24-48 hours"
            }
        }
    }
}

/// A plan a 9Pic org can be on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Plan {
    Payg,
    Pro,
    Enterprise,
}

impl Plan {
    pub const ALL: [Plan; 3] = [Plan::Payg, Plan::Pro, Plan::Enterprise];

    pub fn value(self) -> &'static str {
        match self {
            Plan::Payg => "payg",
            Plan::Pro => "pro",
            Plan::Enterprise => "enterprise",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Plan::Payg => "Pay As You Go",
            Plan::Pro => "Pro",
            Plan::Enterprise => "Enterprise",
        }
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

/// The plan values as choices, for `--plan`.
pub const PLANS: &[Choice] = &[
    Choice::new("payg", "Pay As You Go"),
    Choice::new("pro", "Pro"),
    Choice::new("enterprise", "Enterprise"),
];

/// One allowed value of an enumerated item.
#[derive(Debug, Clone, Copy, Serialize)]
pub struct Choice {
    pub value: &'static str,
    pub label: &'static str,
}

impl Choice {
    pub const fn new(value: &'static str, label: &'static str) -> Self {
        Choice { value, label }
    }
}

/// What kind of value an item takes; decides parsing and validation.
#[derive(Debug, Clone, Copy, Serialize)]
#[serde(tag = "type", content = "values", rename_all = "kebab-case")]
pub enum Kind {
    /// One line of text; may end up in a header, so control characters are refused.
    Line,
    /// Free text for the body; may span lines.
    Text,
    /// One of the listed values.
    Choice(&'static [Choice]),
    /// Any number of the listed values (comma-separated or repeated flag).
    List(&'static [Choice]),
    /// A point in time: RFC 3339, `YYYY-MM-DD HH:MM`, `now`, `15m ago`.
    Time,
    /// A calendar date, `YYYY-MM-DD`.
    Date,
    /// A calendar year, `YYYY`.
    Year,
    /// A positive count with an optional suffix: `50000`, `50k`, `1.2M`.
    Count,
    /// A whole number, zero or more.
    Number,
    /// An email address.
    Email,
    /// A DNS host name.
    Host,
    /// A 9Pic event ID, or the dashboard URL of the event's details page.
    EventId,
    /// An identifier such as a payment ID or gateway reference.
    Reference,
    /// A phone number.
    Phone,
    /// A yes/no switch.
    Switch,
}

impl Kind {
    /// The placeholder shown in `--help`.
    pub fn value_name(self) -> &'static str {
        match self {
            Kind::Line | Kind::Text => "TEXT",
            Kind::Choice(_) => "VALUE",
            Kind::List(_) => "LIST",
            Kind::Time => "TIME",
            Kind::Date => "YYYY-MM-DD",
            Kind::Year => "YYYY",
            Kind::Count => "COUNT",
            Kind::Number => "N",
            Kind::Email => "EMAIL",
            Kind::Host => "HOST",
            Kind::EventId => "ID|URL",
            Kind::Reference => "ID",
            Kind::Phone => "PHONE",
            Kind::Switch => "",
        }
    }

    /// The allowed values, for enumerated kinds.
    pub fn choices(self) -> &'static [Choice] {
        match self {
            Kind::Choice(c) | Kind::List(c) => c,
            _ => &[],
        }
    }
}

/// When a checklist item must be given.
#[derive(Debug, Clone, Copy, Serialize)]
#[serde(tag = "when", content = "situations", rename_all = "kebab-case")]
pub enum Need {
    Optional,
    Required,
    /// Required only in these situations (values of `--issue`/`--topic`).
    RequiredFor(&'static [&'static str]),
    /// Required in every situation except these.
    RequiredExceptFor(&'static [&'static str]),
}

impl Need {
    /// Whether the item is required given the ticket's situation.
    pub fn is_required(self, situation: Option<&str>) -> bool {
        match self {
            Need::Optional => false,
            Need::Required => true,
            Need::RequiredFor(s) => situation.is_some_and(|v| s.contains(&v)),
            Need::RequiredExceptFor(s) => situation.is_some_and(|v| !s.contains(&v)),
        }
    }
}

/// One item of a category's checklist, supplied by one flag.
#[derive(Debug, Clone, Copy, Serialize)]
pub struct Item {
    /// Stable key, used in templates and JSON (`payment_id`).
    pub key: &'static str,
    /// The long flag without dashes (`payment-id`).
    pub flag: &'static str,
    /// How the email and prompts name it.
    pub label: &'static str,
    /// One line for `--help` and `schema`.
    pub help: &'static str,
    pub kind: Kind,
    pub need: Need,
    /// Whether the value goes into the subject line.
    pub in_subject: bool,
}

impl Item {
    const fn new(key: &'static str, flag: &'static str, label: &'static str, kind: Kind) -> Self {
        Item {
            key,
            flag,
            label,
            help: "",
            kind,
            need: Need::Optional,
            in_subject: false,
        }
    }
    const fn help(mut self, help: &'static str) -> Self {
        self.help = help;
        self
    }
    const fn required(mut self) -> Self {
        self.need = Need::Required;
        self
    }
    const fn required_for(mut self, s: &'static [&'static str]) -> Self {
        self.need = Need::RequiredFor(s);
        self
    }
    const fn required_except_for(mut self, s: &'static [&'static str]) -> Self {
        self.need = Need::RequiredExceptFor(s);
        self
    }
    const fn subject(mut self) -> Self {
        self.in_subject = true;
        self
    }

    /// `--payment-id`, as shown to users.
    pub fn long(&self) -> String {
        format!("--{}", self.flag)
    }
}

/// The ticket categories (subcommands).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum CategoryId {
    Billing,
    Invoices,
    Renewal,
    Feature,
    Enterprise,
    Ops,
    Domain,
    Upgrade,
    Security,
    Bug,
    Request,
    Urgent,
    Escalate,
    Question,
}

/// A ticket category: where it goes and what it must carry.
#[derive(Debug, Serialize)]
pub struct Category {
    pub id: CategoryId,
    /// The subcommand name.
    pub name: &'static str,
    pub aliases: &'static [&'static str],
    /// One line for `--help`, `guide` and the picker.
    pub about: &'static str,
    /// What it is for, in a sentence for `guide`.
    pub when_to_use: &'static str,
    pub channel: Channel,
    /// Whether support treats it as urgent (same-day answer).
    pub urgent: bool,
    /// The key of the item that names the situation (`issue`, `topic`), if any.
    pub situation_key: Option<&'static str>,
    pub items: &'static [Item],
    /// The rules, in words, for `schema` and the README.
    pub rules: &'static [&'static str],
}

impl Category {
    pub fn item(&self, key: &str) -> Option<&'static Item> {
        self.items.iter().find(|i| i.key == key)
    }

    /// Whether tickets of this category in this situation are urgent.
    pub fn is_urgent(&self, situation: Option<&str>) -> bool {
        self.urgent
            || (self.id == CategoryId::Billing
                && matches!(situation, Some("pending" | "not-credited")))
    }
}

// ---- enumerated values -------------------------------------------------------

pub const BILLING_ISSUES: &[Choice] = &[
    Choice::new(
        "pending",
        "a payment stays Pending more than 10 minutes after Recheck",
    ),
    Choice::new(
        "not-credited",
        "charged or debited, but no credits after Recheck",
    ),
    Choice::new(
        "invoice-correction",
        "an issued invoice needs a corrected company name or address",
    ),
    Choice::new(
        "custom-invoice",
        "a custom invoice for a non-credit payment",
    ),
    Choice::new(
        "refund",
        "a refund the Refund Policy does not clearly cover",
    ),
    Choice::new("other", "reconciliation or any other billing question"),
];

/// The six products that are switched on by request.
pub const PRODUCTS: &[Choice] = &[
    Choice::new(
        "checkout",
        "9Pic Checkout: sell photos online (Beta, Enterprise only)",
    ),
    Choice::new(
        "flow",
        "9Pic Flow: AI video reels (Beta, Pro or Enterprise)",
    ),
    Choice::new(
        "buzz",
        "9Pic Buzz: frames and badges (by request, Pro or Enterprise)",
    ),
    Choice::new(
        "certify",
        "9Pic Certify: certificates (by request, Pro or Enterprise)",
    ),
    Choice::new(
        "select",
        "9Pic Select: client photo proofing (by request, Pro or Enterprise)",
    ),
    Choice::new("motion", "9Pic Motion (can be enabled on Pro)"),
];

/// Which plans unlock a by-request product.
pub fn product_plans(product: &str) -> &'static [Plan] {
    match product {
        "checkout" => &[Plan::Enterprise],
        "flow" | "buzz" | "certify" | "select" | "motion" => &[Plan::Pro, Plan::Enterprise],
        _ => &[],
    }
}

/// A product's display name, e.g. `9Pic Flow`.
pub fn product_name(product: &str) -> &'static str {
    match product {
        "checkout" => "9Pic Checkout",
        "flow" => "9Pic Flow",
        "buzz" => "9Pic Buzz",
        "certify" => "9Pic Certify",
        "select" => "9Pic Select",
        "motion" => "9Pic Motion",
        _ => "",
    }
}

pub const ENTERPRISE_PRODUCTS: &[Choice] = &[
    Choice::new("checkout", "9Pic Checkout: selling event photos online"),
    Choice::new("developer-zone", "Developer Zone: API keys and webhooks"),
    Choice::new(
        "payment-config",
        "Payment Config: a custom payment gateway, country or merchant",
    ),
    Choice::new("custom-integration", "integrating 9Pic into your own apps"),
    Choice::new("sla", "a service-level agreement"),
    Choice::new("high-volume-pricing", "unit pricing for high photo volume"),
    Choice::new("account-manager", "a dedicated account manager"),
    Choice::new("compliance", "compliance, NDA or a security overview"),
];

pub const ENTERPRISE_REASONS: &[Choice] = &[
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

pub const VIA: &[Choice] = &[
    Choice::new("sales", "email sales@9pic.ai (the default)"),
    Choice::new(
        "support",
        "email support@9pic.ai with a subject starting \"Enterprise\"",
    ),
    Choice::new(
        "form",
        "open the contact form at 9pic.ai/contact and print the text to paste",
    ),
];

pub const OPS_ISSUES: &[Choice] = &[
    Choice::new("processing-stuck", "photo processing is stuck on an event"),
    Choice::new(
        "invite-not-received",
        "a teammate got no invite after 3 resends",
    ),
    Choice::new("public-link", "an event's public link does not load"),
    Choice::new(
        "dashboard-mismatch",
        "the dashboard differs from what the guide says",
    ),
];

pub const UPGRADE_TOPICS: &[Choice] = &[
    Choice::new(
        "creative-tools",
        "a walk-through of the creative tools before paying",
    ),
    Choice::new("one-off-domain", "a custom domain for one event only"),
    Choice::new("break-even", "usage near the Pro subscription fee"),
    Choice::new("enterprise-comparison", "comparing Enterprise with Pro"),
];

// ---- items shared by several categories --------------------------------------

const WHEN: Item = Item::new("when", "when", "When it happened", Kind::Time)
    .help("when it happened (RFC 3339, \"YYYY-MM-DD HH:MM\", \"now\", \"20m ago\")")
    .required();
const EVENT_DATE: Item = Item::new(
    "event_date",
    "event-date",
    "Upcoming event date",
    Kind::Date,
)
.help("the date of your next event, if any (YYYY-MM-DD)");
const EVENTS_PER_YEAR: Item = Item::new(
    "events_per_year",
    "events-per-year",
    "Events per year",
    Kind::Number,
)
.help("how many events you run in a year");
const SUMMARY: Item = Item::new("summary", "summary", "Summary", Kind::Line)
    .help("a one-line summary")
    .required()
    .subject();

// ---- the categories ----------------------------------------------------------

pub static CATEGORIES: &[Category] = &[
    Category {
        id: CategoryId::Billing,
        name: "billing",
        aliases: &[],
        about: "A payment, credit, invoice or refund problem",
        when_to_use: "a payment stuck on Pending or charged without credits (after Recheck), invoice corrections, custom invoices, refunds, reconciliation",
        channel: Channel::Support,
        urgent: false,
        situation_key: Some("issue"),
        items: &[
            Item::new("issue", "issue", "Situation", Kind::Choice(BILLING_ISSUES))
                .help("what went wrong")
                .required()
                .subject(),
            Item::new("payment_id", "payment-id", "Payment ID", Kind::Reference)
                .help("the payment ID (info icon on the row in Billing & Transactions)")
                .required_except_for(&["other", "custom-invoice"])
                .subject(),
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
            "pending, not-credited: Recheck is self-serve and comes first; give --rechecked or --rechecked-at, at least 10 minutes ago",
            "not-credited without --gateway-ref: warns that support will ask for it",
            "custom-invoice: reminds that Custom Payment in the dashboard is usually the first route",
        ],
    },
    Category {
        id: CategoryId::Invoices,
        name: "invoices",
        aliases: &[],
        about: "A bulk invoice export for accounting",
        when_to_use: "a year's (or any range's) invoices in one export for your accountant",
        channel: Channel::Support,
        urgent: false,
        situation_key: None,
        items: &[
            Item::new("from", "from", "From", Kind::Date)
                .help("first day of the range (YYYY-MM-DD); or use --year")
                .subject(),
            Item::new("to", "to", "To", Kind::Date)
                .help("last day of the range (YYYY-MM-DD); or use --year")
                .subject(),
            Item::new("year", "year", "Year", Kind::Year)
                .help("a whole calendar year instead of --from/--to"),
        ],
        rules: &["needs --from and --to, or --year; from <= to; not in the future"],
    },
    Category {
        id: CategoryId::Renewal,
        name: "renewal",
        aliases: &[],
        about: "Renew the Pro plan",
        when_to_use: "getting your Pro renewal on the calendar",
        channel: Channel::Support,
        urgent: false,
        situation_key: None,
        items: &[
            Item::new("renewal_date", "renewal-date", "Renewal date", Kind::Date)
                .help("when the current plan runs out or should renew (YYYY-MM-DD)"),
        ],
        rules: &["warns when the plan is not Pro"],
    },
    Category {
        id: CategoryId::Feature,
        name: "feature",
        aliases: &["beta"],
        about: "Switch on a beta or by-request product",
        when_to_use: "turning on Checkout, Flow, Buzz, Certify, Select or Motion",
        channel: Channel::Support,
        urgent: false,
        situation_key: None,
        items: &[
            Item::new("product", "product", "Product", Kind::Choice(PRODUCTS))
                .help("the product to switch on")
                .required()
                .subject(),
            EVENT_DATE,
        ],
        rules: &[
            "Checkout: Beta, Enterprise only; Flow: Beta, Pro or Enterprise; Buzz, Certify, Select: by request, Pro or Enterprise; Motion: can be enabled on Pro",
            "on a plan that does not unlock the product the email asks which plan is needed, and a warning points to `upgrade` or `enterprise`",
        ],
    },
    Category {
        id: CategoryId::Enterprise,
        name: "enterprise",
        aliases: &[],
        about: "Talk to sales about Enterprise",
        when_to_use: "high volume, selling photos online (Checkout), API keys and webhooks, a custom payment gateway, an SLA, compliance or an NDA",
        channel: Channel::Sales,
        urgent: false,
        situation_key: None,
        items: &[
            Item::new("volume", "volume", "Expected photos a year", Kind::Count)
                .help("expected annual photo volume (50000, 50k, 1.2M)")
                .required()
                .subject(),
            Item::new(
                "products",
                "products",
                "Products wanted",
                Kind::List(ENTERPRISE_PRODUCTS),
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
        rules: &[
            "--volume must be a positive count",
            "--via support goes to support@9pic.ai with a subject starting \"Enterprise\"; --via form opens the contact form and prints the text",
        ],
    },
    Category {
        id: CategoryId::Ops,
        name: "ops",
        aliases: &["operations"],
        about: "An event, invite, public link or dashboard problem",
        when_to_use: "processing stuck, an invite that never arrives after 3 resends, a public link that does not load, a dashboard that differs from the guide",
        channel: Channel::Support,
        urgent: false,
        situation_key: Some("issue"),
        items: &[
            Item::new("issue", "issue", "Situation", Kind::Choice(OPS_ISSUES))
                .help("what went wrong")
                .required()
                .subject(),
            Item::new("event_id", "event-id", "Event ID", Kind::EventId)
                .help("the event ID, or the URL of the event's details page")
                .required_for(&["processing-stuck", "public-link"])
                .subject(),
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
        rules: &[
            "invite-not-received with fewer than 3 resends is refused: resending is self-serve (Team Setup)",
        ],
    },
    Category {
        id: CategoryId::Domain,
        name: "domain",
        aliases: &[],
        about: "A custom domain not active after 48 hours",
        when_to_use: "a custom domain still not active 48 hours after you connected it",
        channel: Channel::Support,
        urgent: false,
        situation_key: None,
        items: &[
            Item::new("domain", "domain", "Domain", Kind::Host)
                .help("the custom domain, e.g. photos.example.com")
                .required()
                .subject(),
            Item::new("cname_target", "cname-target", "CNAME target", Kind::Host)
                .help("the CNAME target the dashboard gave you")
                .required(),
            Item::new("connected_at", "connected-at", "Connected at", Kind::Time)
                .help("when you connected the domain in Custom Domain"),
        ],
        rules: &["--connected-at less than 48 hours ago is refused, with the time to write"],
    },
    Category {
        id: CategoryId::Upgrade,
        name: "upgrade",
        aliases: &[],
        about: "Talk before upgrading to Pro",
        when_to_use: "a creative-tools walk-through, a one-off custom domain, break-even maths, or an Enterprise comparison before you upgrade",
        channel: Channel::Support,
        urgent: false,
        situation_key: Some("topic"),
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
        rules: &["refused on Enterprise: there is nothing to upgrade to"],
    },
    Category {
        id: CategoryId::Security,
        name: "security",
        aliases: &[],
        about: "Account compromised or suspicious activity (urgent)",
        when_to_use: "anything that looks like someone else in your account",
        channel: Channel::Support,
        urgent: true,
        situation_key: None,
        items: &[
            Item::new("what", "what", "What was noticed", Kind::Text)
                .help("what you noticed")
                .required(),
            WHEN,
        ],
        rules: &["marked urgent: high-priority headers in eml; same-day reply expected"],
    },
    Category {
        id: CategoryId::Bug,
        name: "bug",
        aliases: &[],
        about: "Report a bug",
        when_to_use: "something in 9Pic is broken",
        channel: Channel::Support,
        urgent: false,
        situation_key: None,
        items: &[
            SUMMARY,
            Item::new("page", "page", "Page", Kind::Line)
                .help("the dashboard page or URL where it happens")
                .required(),
            Item::new("steps", "steps", "Steps to reproduce", Kind::Text)
                .help("how to make it happen"),
            Item::new("expected", "expected", "Expected", Kind::Text).help("what you expected"),
            Item::new("actual", "actual", "Actual", Kind::Text).help("what happened instead"),
        ],
        rules: &["the summary is one line"],
    },
    Category {
        id: CategoryId::Request,
        name: "request",
        aliases: &[],
        about: "Request a feature",
        when_to_use: "an idea or a missing feature",
        channel: Channel::Support,
        urgent: false,
        situation_key: None,
        items: &[SUMMARY],
        rules: &["the summary is one line"],
    },
    Category {
        id: CategoryId::Urgent,
        name: "urgent",
        aliases: &[],
        about: "Event-day emergency: going live soon and something is broken",
        when_to_use: "your event goes live within hours and something is broken",
        channel: Channel::Support,
        urgent: true,
        situation_key: None,
        items: &[
            Item::new("event_id", "event-id", "Event ID", Kind::EventId)
                .help("the event ID, or the URL of the event's details page")
                .required()
                .subject(),
            Item::new("go_live", "go-live", "Goes live at", Kind::Time)
                .help("when the event goes live (\"18:00\" forms, RFC 3339, \"in 30m\")")
                .required(),
            SUMMARY,
        ],
        rules: &["warns when go-live is not within the next 24 hours"],
    },
    Category {
        id: CategoryId::Escalate,
        name: "escalate",
        aliases: &[],
        about: "No answer yet: reply on the same thread with ESCALATE",
        when_to_use: "a ticket that has had no answer",
        channel: Channel::Support,
        urgent: false,
        situation_key: None,
        items: &[
            Item::new(
                "original_subject",
                "subject",
                "Original subject",
                Kind::Line,
            )
            .help("the subject of the ticket you are escalating")
            .subject(),
            Item::new("last", "last", "Last ticket", Kind::Switch)
                .help("escalate the most recent ticket in the history, on its thread"),
            Item::new("ticket", "ticket", "Ticket", Kind::Reference)
                .help("escalate this ticket from the history (IDs: `9pic-help history`)"),
            SUMMARY,
        ],
        rules: &[
            "needs the original ticket: --last, --ticket ID (from the history) or --subject ORIGINAL",
            "with --last or --ticket the reply carries In-Reply-To and References",
            "the summary is one line",
        ],
    },
    Category {
        id: CategoryId::Question,
        name: "question",
        aliases: &[],
        about: "A product question, a stuck step, status, or \"bug or misconfiguration?\"",
        when_to_use: "a general question, being stuck on a step, status or outage news, or not knowing whether it is a bug",
        channel: Channel::Support,
        urgent: false,
        situation_key: None,
        items: &[
            SUMMARY,
            Item::new("page", "page", "Page", Kind::Line).help("the dashboard page or URL, if any"),
        ],
        rules: &[],
    },
];

/// Items every ticket category accepts besides its own checklist.
pub mod common {
    pub const DETAILS: &str = "details";
    pub const DETAILS_FILE: &str = "details-file";
    pub const TRIED: &str = "tried";
    pub const ATTACH: &str = "attach";
    pub const CC: &str = "cc";
    pub const FORCE: &str = "force";
    pub const NO_REDACT: &str = "no-redact";
    pub const OPEN: &str = "open";
    pub const EDIT: &str = "edit";
    pub const SEND: &str = "send";
    pub const STDOUT: &str = "stdout";
}

/// Looks a category up by subcommand name or alias.
pub fn find(name: &str) -> Option<&'static Category> {
    CATEGORIES
        .iter()
        .find(|c| c.name == name || c.aliases.contains(&name))
}

/// The category with this id.
pub fn get(id: CategoryId) -> &'static Category {
    CATEGORIES
        .iter()
        .find(|c| c.id == id)
        .unwrap_or(&CATEGORIES[0])
}

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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_category_has_a_unique_name_and_flags() {
        let mut names = std::collections::HashSet::new();
        for c in CATEGORIES {
            assert!(names.insert(c.name), "duplicate category {}", c.name);
            for a in c.aliases {
                assert!(names.insert(a), "duplicate alias {a}");
            }
            let mut flags = std::collections::HashSet::new();
            for i in c.items {
                assert!(
                    flags.insert(i.flag),
                    "{}: duplicate flag {}",
                    c.name,
                    i.flag
                );
                assert!(!i.help.is_empty(), "{}: --{} has no help", c.name, i.flag);
            }
        }
    }

    #[test]
    fn situation_keys_name_choice_items() {
        for c in CATEGORIES {
            if let Some(k) = c.situation_key {
                let item = c.item(k).expect("situation item exists");
                assert!(matches!(item.kind, Kind::Choice(_)));
            }
        }
    }
}
