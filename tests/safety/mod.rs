//! Hostile and odd input: arbitrary Unicode and bytes in every field, big
//! inputs, closed pipes, odd homes and read-only directories.

mod local;
mod properties;
mod robustness;
