//! Files on disk: where they live, private files and locks, and the profile,
//! history and outbox kept in them.

pub mod history;
pub mod outbox;
pub mod paths;
pub mod private;
pub mod profile;
