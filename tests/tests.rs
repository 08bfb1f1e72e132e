//! The one integration test binary; each area is a module.

mod edges;
mod harden_env;
mod redaction;
