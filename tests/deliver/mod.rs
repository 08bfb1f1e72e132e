//! Delivering the email: stdout formats, mailto, the mail-client hand-off,
//! SMTP with the keyring, and the outbox.

mod encoding;
mod faults;
mod faults_record;
mod handoff;
mod mailto;
mod smtp;
mod stdout;
