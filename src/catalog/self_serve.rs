//! Self-serve tasks: what emailing only slows down, with the route in the
//! dashboard and the docs page; the answers the guides already give; and
//! the phrases that tell a `question` asks for one of them (SPEC §3, §12).
//!
//! Phrases are regular expressions matched, case-insensitively, against the
//! summary and details with runs of white space made single spaces. They
//! are phrases, never single words: "event" alone must not turn a question
//! back, "how do we run an event" does.

use serde::Serialize;

use super::plans::Plan;

/// A self-serve task: emailing about it only slows it down.
#[derive(Debug, Serialize)]
pub struct SelfServe {
    pub task: &'static str,
    pub where_: &'static str,
    pub docs: &'static str,
    /// The plans it is self-serve on.
    pub plans: &'static [Plan],
    /// Phrases in a question that ask for it.
    pub phrases: &'static [&'static str],
}

const ALL: &[Plan] = &[Plan::Payg, Plan::Pro, Plan::Enterprise];

pub const SELF_SERVE: &[SelfServe] = &[
    SelfServe {
        task: "Top up credits",
        where_: "Credits → Purchase Credits",
        docs: "/pro-guide/credits",
        plans: ALL,
        phrases: &[
            r"\b(how|where) (do|can|should) (i|we) (top ?-?up|buy|purchase|add)( more| some)? credits\b",
            r"\bhow (do|can) (i|we) top ?-?up\b",
            r"\b(please|can you|could you) (top ?-?up|add)( more| some)? credits\b",
            r"\btop ?-?up (my|our|the) credits\b",
        ],
    },
    SelfServe {
        task: "Recheck a Pending payment",
        where_: "Billing & Transactions → the row → Recheck",
        docs: "/pro-guide/transactions",
        plans: ALL,
        phrases: &[
            r"\bhow (do|can) (i|we) recheck\b",
            r"\b(please|can you|could you) recheck (my|our|the|a|this)\b",
        ],
    },
    SelfServe {
        task: "Download an invoice",
        where_: "Billing & Transactions → the row → Invoice",
        docs: "/pro-guide/transactions",
        plans: &[Plan::Payg],
        phrases: &[
            r"\b(how|where) (do|can) (i|we) (download|get|find) (an|the|a|my|our) invoices?\b",
            r"\b(please|can you|could you) send (me|us) (an|the|a|my|our) invoice\b",
        ],
    },
    SelfServe {
        task: "Change branding, logo or theme",
        where_: "Branding & Theme",
        docs: "/pro-guide/branding",
        plans: ALL,
        phrases: &[
            r"\b(change|update|replace|upload|swap) (our|the|my|a|a new) (logo|branding|theme|brand colou?rs?)\b",
            r"\bhow (do|can) (i|we) (change|update|upload|set) (our |the |my |a )?(logo|branding|theme)\b",
        ],
    },
    SelfServe {
        task: "Connect a custom domain",
        where_: "Custom Domain",
        docs: "/pro-guide/domain",
        plans: &[Plan::Pro, Plan::Enterprise],
        phrases: &[
            r"\bhow (do|can) (i|we) (connect|add|set up|setup|use) (a|our|my) (custom |own )?domain\b",
            r"\b(please|can you|could you) (connect|add|set up) (our|my|a) (custom |own )?domain\b",
        ],
    },
    SelfServe {
        task: "Invite or remove team members",
        where_: "Team Setup",
        docs: "/pro-guide/team",
        plans: ALL,
        phrases: &[
            r"\bhow (do|can) (i|we) (invite|add|remove) (a|an|another|second|new|team|our|my|someone|people|colleagues?|members?)\b",
            r"\b(please|can you|could you) (invite|remove) \S+",
            r"\b(please|can you|could you) add [^.?!]{0,40}\b(to|from) (our|the|my) team\b",
        ],
    },
    SelfServe {
        task: "Configure GTM",
        where_: "Advanced Settings",
        docs: "/pro-guide/advanced-settings",
        plans: ALL,
        phrases: &[
            r"\bhow (do|can) (i|we) (configure|set up|setup|add|install|connect|use) (gtm|google tag manager)\b",
            r"\b(please|can you|could you) (configure|set up|add|install) (gtm|google tag manager|our gtm)\b",
        ],
    },
    SelfServe {
        task: "Run an event",
        where_: "Run an Event",
        docs: "/pro-guide/run-an-event",
        plans: ALL,
        phrases: &[
            r"\bhow (do|can) (i|we) (run|start|create|set up|setup|launch) (an|a|my|our|the) event\b",
            r"\b(please|can you|could you) (run|start|create|set up|launch) (an|a|my|our|the) event\b",
        ],
    },
];

/// A question the guides already answer.
#[derive(Debug, Serialize)]
pub struct KnownAnswer {
    /// The question, as `guide` lists it.
    pub question: &'static str,
    /// The answer, in our own words, with the command that goes further.
    pub answer: &'static str,
    /// Phrases in a question that ask it.
    pub phrases: &'static [&'static str],
}

pub const KNOWN_ANSWERS: &[KnownAnswer] = &[
    KnownAnswer {
        question: "Do you offer phone support?",
        answer: "9Pic talks by phone only within Enterprise conversations; for everything else \
                 email is the fastest route. To ask for a call, run `9pic-help enterprise --phone NUMBER`.",
        phrases: &[
            r"\bphone support\b",
            r"\b(do|does) (you|9pic) (offer|have|provide|do) (a )?(phone|telephone)\b",
            r"\b(can|could|may) (i|we) (call|phone|ring) (you|someone|support|9pic)\b",
            r"\b(a|your) (phone|telephone) number (for|to call|to reach)\b",
        ],
    },
    KnownAnswer {
        question: "Can I get a discount on a top-up?",
        answer: "Pay As You Go credit prices are fixed, so top-ups are never discounted; volume \
                 pricing is an Enterprise conversation: `9pic-help enterprise`.",
        phrases: &[
            r"\bdiscount(s|ed)? (on|for) (a |my |our |the |next |my next |our next )?(top ?-?ups?|credits?)\b",
            r"\b(top ?-?up|credit) discounts?\b",
            r"\bcheaper credits\b",
        ],
    },
    KnownAnswer {
        question: "Can we have a dedicated account manager?",
        answer: "A dedicated account manager comes with an Enterprise package; Pro uses the \
                 standard support queue, the same one Enterprise tickets use. To ask about it, run \
                 `9pic-help enterprise --products account-manager`.",
        phrases: &[
            r"\b(dedicated|personal|own|named) account manager\b",
            r"\b(can|could|do) (i|we) (get|have) an account manager\b",
        ],
    },
    KnownAnswer {
        question: "How quickly does support answer?",
        answer: "support answers routine tickets within one business day and urgent ones (stuck \
                 payments, broken go-live, security) the same day; Enterprise sales usually \
                 schedules a conversation within 24-48 hours.",
        phrases: &[
            r"\b(what is|what's|what are) (your|the|9pic's) (support )?response times?\b",
            r"\bhow (quickly|fast|soon) (do|does|will|would) (you|support|9pic|your team) (respond|reply|answer|get back)\b",
            r"\bhow long (does|will|would) (it take )?(support|you|9pic) (take )?to (respond|reply|answer)\b",
        ],
    },
];

/// Said in `guide` about discounts, a frequent self-serve question.
pub const DISCOUNT_NOTE: &str = "Pay As You Go credit prices are fixed, so there are no top-up discounts; volume pricing is an Enterprise conversation (9pic-help enterprise).";

/// Said in `guide` about phone calls.
pub const PHONE_NOTE: &str = "Phone calls happen only in Enterprise conversations.";

/// Said in `guide` on Pay As You Go, where the custom-domain row is missing.
pub const PAYG_DOMAIN_NOTE: &str =
    "Custom domains come with Pro; `9pic-help upgrade` to talk it over before moving up.";

/// Said in `guide` on Enterprise.
pub const ENTERPRISE_NOTE: &str = "Your Enterprise package covers a dedicated account manager, and phone calls happen within Enterprise conversations: `9pic-help enterprise` reaches sales@9pic.ai.";

/// A name someone may type as a subcommand for a self-serve task or its
/// place in the dashboard (`9pic-help credits`): it gets the route, or the
/// command that fits, instead of clap's nearest spelling.
#[derive(Debug, Serialize)]
pub struct Place {
    pub names: &'static [&'static str],
    /// The [`SelfServe::task`] it names.
    pub task: &'static str,
    /// What else helps, e.g. the command for what is not self-serve.
    pub more: &'static str,
}

pub const PLACES: &[Place] = &[
    Place {
        names: &[
            "credits",
            "credit",
            "top-up",
            "topup",
            "top-ups",
            "purchase",
            "buy-credits",
        ],
        task: "Top up credits",
        more: "",
    },
    Place {
        names: &["recheck", "pending", "transactions", "payment"],
        task: "Recheck a Pending payment",
        more: "Still Pending 10 minutes after the Recheck? `9pic-help billing --issue pending --rechecked`.",
    },
    Place {
        names: &["invoice", "download-invoice", "receipt"],
        task: "Download an invoice",
        more: "For a date range or an accounting export: `9pic-help invoices --from YYYY-MM-DD --to YYYY-MM-DD`; for a correction: `9pic-help billing --issue invoice-correction`.",
    },
    Place {
        names: &["branding", "brand", "logo", "theme", "colours", "colors"],
        task: "Change branding, logo or theme",
        more: "",
    },
    Place {
        names: &["domain-connect", "connect-domain", "custom-domain", "cname"],
        task: "Connect a custom domain",
        more: "Connected but not active after 48 hours? `9pic-help domain`.",
    },
    Place {
        names: &[
            "invite",
            "team",
            "members",
            "member",
            "remove-member",
            "users",
            "admins",
        ],
        task: "Invite or remove team members",
        more: "An invitation that never arrives after 3 resends? `9pic-help ops --issue invite-not-received`.",
    },
    Place {
        names: &["gtm", "google-tag-manager", "tag-manager", "analytics"],
        task: "Configure GTM",
        more: "",
    },
    Place {
        names: &["event", "events", "run-event", "run-an-event"],
        task: "Run an event",
        more: "Something broken on the event day? `9pic-help urgent`.",
    },
];

/// What to tell someone who typed `name` as a subcommand, if it names a
/// self-serve task or its place.
pub fn place(name: &str) -> Option<(&'static Place, &'static SelfServe)> {
    let name = name.trim().to_ascii_lowercase();
    let place = PLACES.iter().find(|p| p.names.contains(&name.as_str()))?;
    let task = SELF_SERVE.iter().find(|t| t.task == place.task)?;
    Some((place, task))
}
