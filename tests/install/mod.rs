//! Installing 9pic-help: the Debian package, built and used from an unpacked
//! root, and the README's set-up steps run as written.

mod deb;
mod readme;
