//! The integration suite: one test binary, one module per area.
//!
//! Every test uses the one harness in `support/`: a sealed
//! [`support::Sandbox`] for the binary, or [`support::compose`] for the pure
//! road in process when no process is needed.

mod support;

mod architecture;

mod cli;
mod compose;
mod deliver;
mod install;
mod safety;
mod store;
