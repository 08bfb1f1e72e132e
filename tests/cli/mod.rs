//! The command line itself: completion and man pages, `doctor`, help and
//! schema agreeing, and the exit-code table.

mod bash_terminal;
mod complete;
mod complete_saved;
mod doctor;
mod exit_codes;
mod guide_width;
mod help;
mod messages;
mod prompt_keys;
mod schema;
mod zones;
