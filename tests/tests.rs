//! The one integration test binary; each area is a module.

mod adversarial;
mod edges;
mod harden_env;
mod harden_oracle;
mod redaction;
