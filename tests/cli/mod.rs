//! The command line itself: completion and man pages, and `doctor`.

mod complete;
mod doctor;
