//! Hostile and odd input: arbitrary Unicode and bytes in every field, big
//! inputs, closed pipes, odd homes and read-only directories, full disks,
//! closed and full stdouts, times past the calendar, and an unprivileged user.

mod disk;
mod leftovers;
mod local;
mod properties;
mod robustness;
mod stdout;
mod times;
mod user;
