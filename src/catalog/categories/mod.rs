//! The ticket categories, in the order help, `guide` and the picker list
//! them. Each category is a constant in the file of its area; adding one
//! means writing its constant and naming it here (nothing else counts them).

mod account;
mod messages;
mod operations;
mod sales;

use super::rules::{Check, Outcome, Rule};
use super::{Category, Item, Kind};

pub use account::BILLING_ISSUES;

/// Every ticket category.
pub static CATEGORIES: &[Category] = &[
    account::BILLING,
    account::INVOICES,
    account::RENEWAL,
    sales::FEATURE,
    sales::ENTERPRISE,
    operations::OPS,
    operations::DOMAIN,
    sales::UPGRADE,
    operations::SECURITY,
    messages::BUG,
    messages::REQUEST,
    operations::URGENT,
    messages::ESCALATE,
    messages::QUESTION,
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
/// An event date more than a year ahead is most likely a year typed wrong:
/// said on stderr, the email is written all the same.
const EVENT_DATE_FAR_AHEAD: Rule = Rule::new(
    Check::FarAhead {
        item: "event_date",
        days: 366,
    },
    Outcome::Warn,
    "the event date {at} is more than a year away; check the year (the email asks to be ready before then)",
);
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
const EVENT_ID: Item = Item::new("event_id", "event-id", "Event ID", Kind::EventId)
    .help("the event ID, or the URL of the event's details page")
    .subject()
    .duplicate_key("event ID");
