//! How an SMTP conversation failed, in the exit code table: the step it was
//! at, whether the server may have the message, and a lettre error mapped to
//! 69 (refused, unreachable), 75 (try later, lost, timed out) or 77 (login).

use crate::error::Error;
use crate::term::escape_controls;

use super::server::Server;

/// A step of the conversation; each has its share of the timeout.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Step {
    /// The password from the environment or the keyring.
    Password,
    /// Connect, the greeting and EHLO.
    Connect,
    /// STARTTLS, the handshake and EHLO again.
    Tls,
    /// AUTH and its challenges.
    Login,
    Mail,
    Rcpt,
    Data,
    /// One chunk of the message.
    Body,
    /// The reply to the final dot.
    FinalReply,
    Noop,
    Quit,
}

impl Step {
    /// How many timeouts this step may take: one per reply it waits for.
    pub(super) fn timeouts(self) -> u32 {
        match self {
            Step::Connect | Step::Login => 3,
            Step::Tls => 2,
            _ => 1,
        }
    }

    /// What the step is doing, for messages.
    pub(super) fn doing(self) -> &'static str {
        match self {
            Step::Password => "looking up the password",
            Step::Connect => "connecting and waiting for the greeting",
            Step::Tls => "setting up TLS",
            Step::Login => "logging in",
            Step::Mail | Step::Rcpt | Step::Data => "waiting for a reply to the envelope",
            Step::Body => "sending the message",
            Step::FinalReply => "waiting for the reply to the message's end",
            Step::Noop => "waiting for a reply to NOOP",
            Step::Quit => "saying goodbye",
        }
    }
}

/// A failure on the worker: ours (the keyring) or the conversation's.
pub(super) enum Fault {
    Ours(Error),
    Smtp(lettre::transport::smtp::Error),
}

impl From<lettre::transport::smtp::Error> for Fault {
    fn from(e: lettre::transport::smtp::Error) -> Self {
        Fault::Smtp(e)
    }
}

/// How a send ended without the server's acceptance.
#[derive(Debug)]
pub struct Failed {
    pub error: Error,
    /// The final dot went out and no definite answer came back: the server
    /// may have the message, so it must not be sent again without asking.
    pub maybe_delivered: bool,
    /// The signal (TERM, INT, HUP) that ended the wait, if one did.
    pub signal: Option<i32>,
    /// The worker was given up on (a signal or a deadline) and may still hold
    /// a connection: do not start another one to the same server in this run.
    pub abandoned: bool,
}

impl Failed {
    pub(super) fn plain(error: Error) -> Failed {
        Failed {
            error,
            maybe_delivered: false,
            signal: None,
            abandoned: false,
        }
    }
}

/// What a failed conversation means: which exit code, and whether the server may have the message.
pub(super) fn failure(server: &Server, fault: Fault, step: Step, past_dot: bool) -> Failed {
    let e = match fault {
        Fault::Ours(error) => return Failed::plain(error),
        Fault::Smtp(e) => e,
    };
    // After the final dot only a definite answer, or a reset (the server
    // closed with our bytes unread), proves the message did not arrive.
    let maybe_delivered = past_dot && e.status().is_none() && !is_reset(&e);
    let error = classify(server, &e, step);
    if maybe_delivered {
        return Failed {
            error: Error::TempFail(format!(
                "the connection to {} ended after the whole message went out, \
                 before the server's reply; the server may have the message ({})",
                server.address(),
                escape_controls(&e.to_string())
            )),
            maybe_delivered,
            signal: None,
            abandoned: false,
        };
    }
    Failed::plain(error)
}

/// Maps a lettre error to the exit code table: 69, 75 or 77.
fn classify(server: &Server, e: &lettre::transport::smtp::Error, step: Step) -> Error {
    let at = server.address();
    let said = escape_controls(&e.to_string()).into_owned();
    if let Some(code) = e.status() {
        let code_text = code.to_string();
        let refused_login = step == Step::Login && !e.is_transient();
        if refused_login || matches!(code_text.as_str(), "530" | "534" | "535" | "538") {
            return Error::Permission(format!(
                "the SMTP server {at} refused the login of {}: {said}",
                server.username.as_deref().unwrap_or("(no user set)")
            ));
        }
        if e.is_transient() {
            return Error::TempFail(format!("the SMTP server {at} said try later: {said}"));
        }
        return Error::Unavailable {
            what: format!("the SMTP server {at} refused the message: {said}"),
            hint: None,
        };
    }
    if said.contains("certificate") {
        return Error::Unavailable {
            what: format!("the TLS certificate of the SMTP server {at} was not accepted: {said}"),
            hint: Some(format!(
                "smtp.host must be the name in the server's certificate ({}); a private CA \
                 must be trusted by the system (or named in SSL_CERT_FILE)",
                server.host
            )),
        };
    }
    if is_timeout(e) {
        return Error::TempFail(format!(
            "the SMTP server {at} did not answer in time ({} s) while {}: {said}",
            server.timeout.as_secs(),
            step.doing()
        ));
    }
    if step != Step::Connect {
        return Error::TempFail(format!(
            "the connection to the SMTP server {at} was lost while {}: {said}",
            step.doing()
        ));
    }
    Error::Unavailable {
        what: format!("cannot reach the SMTP server {at}: {said}"),
        hint: Some(
            "check smtp.host, smtp.port and smtp.security in `9pic-help profile show`".to_string(),
        ),
    }
}

/// The I/O errors in an error's chain.
fn io_kinds(e: &lettre::transport::smtp::Error) -> Vec<std::io::ErrorKind> {
    let mut kinds = Vec::new();
    let mut source: Option<&(dyn std::error::Error + 'static)> = std::error::Error::source(e);
    while let Some(err) = source {
        if let Some(io) = err.downcast_ref::<std::io::Error>() {
            kinds.push(io.kind());
        }
        source = err.source();
    }
    kinds
}

/// Whether an I/O timeout lies anywhere in the error's chain.
///
/// lettre's own `is_timeout` misses read timeouts: on Linux a socket read
/// timeout surfaces as `WouldBlock` (EAGAIN), not `TimedOut`.
fn is_timeout(e: &lettre::transport::smtp::Error) -> bool {
    use std::io::ErrorKind::{TimedOut, WouldBlock};
    e.is_timeout()
        || io_kinds(e)
            .iter()
            .any(|k| matches!(k, TimedOut | WouldBlock))
}

/// Whether the server reset the connection (it closed with our bytes unread).
fn is_reset(e: &lettre::transport::smtp::Error) -> bool {
    use std::io::ErrorKind::{BrokenPipe, ConnectionReset};
    io_kinds(e)
        .iter()
        .any(|k| matches!(k, ConnectionReset | BrokenPipe))
}
