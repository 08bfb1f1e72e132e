//! The integration suite: one test binary, one module per area.
//!
//! Every test runs the real `9pic-help` binary in a sealed environment
//! (temporary HOME, config and data directories, fixed TZ, no colour).

mod support;

mod complete;
mod compose;
mod golden;
mod handoff;
mod history;
mod injection;
mod mailto;
mod profile;
mod rules;
mod smtp;

mod adversarial;
mod edges;
mod encoding;
mod harden_env;
mod harden_oracle;
mod redaction;
