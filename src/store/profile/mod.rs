//! Org profiles: several named sets of org details in one JSON file in the config
//! directory, one of them the default. Every change is a locked read-modify-write
//! with an atomic replace; a file that does not parse is never overwritten.
//!
//! Values are stored as typed by the user and validated like flags whenever they are
//! read, so a hand-edited file cannot smuggle anything past the checks.

mod data;
mod file;
mod value;

pub use data::{DEFAULT_NAME, FILE_NAME, PROFILE_ENV, Profile, ProfileFile, Settings, Smtp};
pub use file::Profiles;
pub use value::{
    Delivery, Key, Security, TIMEOUT_SECONDS, check_name, check_smtp_host, check_timeout,
    check_value, parse_delivery, parse_security,
};

#[cfg(test)]
mod tests;
