//! Composing a ticket: the checklist's rules, the golden emails, header
//! injection and payment-data redaction.

mod golden;
mod injection;
mod reading;
mod redaction;
mod rules;
