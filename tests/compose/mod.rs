//! Composing a ticket: the checklist's rules, the golden emails, header
//! injection and payment-data redaction.

mod after;
mod claims;
mod golden;
mod injection;
mod reading;
mod redaction;
mod rules;
