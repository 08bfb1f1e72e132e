//! Side commands: everything besides composing a ticket, one file each.

pub mod doctor;
pub mod guide;
pub mod history;
pub mod outbox;
pub mod profile;
pub mod schema;
pub mod smtp_login;
