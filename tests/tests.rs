//! The integration suite: one test binary, one module per area.
//!
//! Every test runs the real `9pic-help` binary in a sealed environment
//! (temporary HOME, config and data directories, fixed TZ, no colour).

mod support;

mod compose;
mod golden;
mod handoff;
mod history;
mod injection;
mod mailto;
mod profile;
mod rules;
mod smtp;
