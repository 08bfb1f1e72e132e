//! The benchmark floor: a Rust program that starts and does nothing.
//!
//! `benches/run.sh` builds it with the same release profile as `9pic-help`, so
//! every other figure can be read as a multiple of the bare cost of starting a
//! process (exec, dynamic loading, Rust runtime setup, exit).

/// Does nothing, on purpose.
fn main() {}
