//! The email as pure data, and its encodings: text, mailto (RFC 6068) and eml.
//!
//! [`message`] holds the [`Email`] itself with its text and mailto forms;
//! [`eml`] builds the MIME message with lettre, over the transfer encodings
//! and header folding in [`encoding`]. Header safety lives in [`check`]:
//! [`check_header_value`] refuses anything that could add or split a header,
//! and [`check_address`] validates addresses more strictly than the mail
//! library does. Both run before lettre sees a value.

pub mod check;
pub mod eml;
pub mod encoding;
pub mod message;

pub use check::{check_address, check_header_value, check_host, is_dns_name};
pub use eml::{EmlError, fnv1a};
pub use encoding::crlf;
pub use message::{Attachment, Email, json_path};

#[cfg(test)]
mod tests;
