//! Side commands: everything besides composing a ticket, one file each.

pub mod guide;
pub mod schema;
