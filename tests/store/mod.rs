//! Files on disk: profiles and the ticket history.

mod history;
mod profile;
