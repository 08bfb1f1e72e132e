//! Messages in the team's own words: `bug`, `request`, `escalate`, `question`.

use crate::catalog::rules::{Check, Outcome, Rule};
use crate::catalog::{Category, CategoryId, Choice, Item, Kind, Situation, situation_choices};

use super::SUMMARY;

pub const BUG: Category = Category {
    items: &[
        SUMMARY,
        Item::new("page", "page", "Page", Kind::Line)
            .help("the dashboard page or URL where it happens")
            .required(),
        Item::new("steps", "steps", "Steps to reproduce", Kind::Text).help("how to make it happen"),
        Item::new("expected", "expected", "Expected", Kind::Text).help("what you expected"),
        Item::new("actual", "actual", "Actual", Kind::Text).help("what happened instead"),
    ],
    // Without --steps the recommended items' note warns (catalog/recommended.rs);
    // a rule of its own said the same thing a second time.
    rules_in_words: &[
        "the summary is one line",
        "without --steps: warns that support usually asks for the steps to reproduce",
    ],
    ..Category::new(
        CategoryId::Bug,
        "bug",
        "Report a bug",
        "something in 9Pic is broken",
    )
};

pub const REQUEST: Category = Category {
    items: &[SUMMARY],
    rules_in_words: &["the summary is one line"],
    ..Category::new(
        CategoryId::Request,
        "request",
        "Request a feature",
        "an idea or a missing feature",
    )
};

pub const ESCALATE: Category = Category {
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
        Rule::new(
            Check::Absent {
                item: "original_subject",
            },
            Outcome::Missing,
            "the ticket to escalate is needed: give its original subject",
        )
        .hint("or take it from the history with --last or --ticket ID"),
        Rule::new(
            Check::ThreadNotDue,
            Outcome::Refuse,
            "support's answer is due {at}, in {time}",
        )
        .hint("escalate once it is due, or --force escalates anyway"),
    ],
    rules_in_words: &[
        "needs the original ticket: --last, --ticket ID (from the history) or --subject ORIGINAL",
        "--last/--ticket before the original's answer is due (one business day; 4 hours if urgent; 48 hours for sales): refused with the due time and how long is left (--force escalates anyway)",
        "an escalation keeps the original's urgency (priority and same-day answer)",
        "with --last or --ticket the reply carries In-Reply-To and References",
        "the summary is one line",
    ],
    ..Category::new(
        CategoryId::Escalate,
        "escalate",
        "No answer yet: reply on the same thread with ESCALATE",
        "a ticket that has had no answer",
    )
};

const QUESTION_SITUATIONS: &[Situation] = &[
    Situation::new("general", "Question").by_default(),
    Situation::new("stuck", "Stuck on a step"),
    Situation::new("status", "Status or outage"),
    Situation::new("bug-or-config", "Bug or misconfiguration"),
];

const QUESTION_TOPICS: &[Choice] =
    &situation_choices::<{ QUESTION_SITUATIONS.len() }>(QUESTION_SITUATIONS);

pub const QUESTION: Category = Category {
    situation_key: Some("topic"),
    situations: QUESTION_SITUATIONS,
    items: &[
        Item::new("topic", "topic", "Topic", Kind::Choice(QUESTION_TOPICS)).help(
            "general (default), stuck (on a step), status (is something down), bug-or-config",
        ),
        SUMMARY,
        Item::new("page", "page", "Page", Kind::Line)
            .help("the dashboard page or URL (required for stuck)")
            .required_for(&["stuck"]),
    ],
    rules: &[Rule::new(Check::AsksSelfServe, Outcome::Refuse, "{route}")
        .hint("--force sends the question anyway")],
    rules_in_words: &[
        "a summary or details asking for a self-serve task (top up credits, Recheck, download an invoice, branding, custom domain, team, GTM, running an event): refused with the route and its docs link (--force sends anyway; phrases in `9pic-help guide`)",
        "a question the guides already answer (phone support, top-up discounts, a dedicated account manager, response times): refused with the answer (--force sends anyway)",
        "stuck needs --page (the step you are on)",
        "status: say what seems down and its impact in --summary and --details",
    ],
    ..Category::new(
        CategoryId::Question,
        "question",
        "A product question, a stuck step, status, or \"bug or misconfiguration?\"",
        "a general question, being stuck on a step, status or outage news, or not knowing whether it is a bug",
    )
};
