//! Delivery over SMTP with lettre's connection: TLS verified by rustls, every
//! wait bounded, errors mapped to exit codes (refused or unknown host 69, a
//! 4xx, a lost connection or a timeout 75, authentication 77), and the moment
//! the message's final dot goes out marked, so a reply lost after it is never
//! taken for a message that did not arrive.
//!
//! The conversation runs on a worker thread. The caller's thread watches it
//! and gives up when one step (connect with greeting and EHLO, each reply,
//! each chunk of the message) outlasts its share of the timeout, or the whole
//! transaction outlasts its deadline: that catches a server that drips one
//! byte at a time, under every read timeout. It also stops at a caught signal.
//! A worker given up on is left behind; its socket closes when the process
//! exits.
//!
//! Only `--send`, `outbox send` and `doctor` reach this module; composing a
//! ticket never opens a socket.

use std::net::IpAddr;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc;
use std::sync::{Arc, Mutex, PoisonError};
use std::time::{Duration, Instant};

use lettre::address::{Address, Envelope};
use lettre::message::Mailbox;
use lettre::transport::smtp::authentication::{Credentials, Mechanism};
use lettre::transport::smtp::client::{SmtpConnection, TlsParameters};
use lettre::transport::smtp::commands::{Data, Mail, Rcpt};
use lettre::transport::smtp::extension::{ClientId, Extension, MailBodyParameter, MailParameter};

use super::signals::Signals;
use crate::error::Error;
use crate::secret::{self, Password};
use crate::store::profile::{Security, check_timeout, parse_security};
use crate::term::escape_controls;

/// How long to wait for the server to connect and to answer each command.
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(30);

/// The environment variable that overrides the timeout, in seconds.
pub const TIMEOUT_ENV: &str = "NINEPIC_HELP_SMTP_TIMEOUT";

/// The whole transaction may take this many timeouts (120 s by default) …
const TRANSACTION_TIMEOUTS: u32 = 4;
/// … plus one second for every this many bytes of message, for the upload.
const UPLOAD_BYTES_PER_SECOND: u64 = 64 * 1024;
/// The message goes out in pieces this large; each must be written within the timeout.
const CHUNK: usize = 64 * 1024;
/// How often the watching thread looks at the worker, the clock and the signals.
const POLL: Duration = Duration::from_millis(25);

/// The SMTP settings of a profile as stored (strings as typed); never a password.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Settings<'a> {
    pub host: Option<&'a str>,
    pub port: Option<u16>,
    pub username: Option<&'a str>,
    /// `starttls` (the default), `tls` or `none`.
    pub security: Option<&'a str>,
    /// Seconds, 1–600, as stored (checked here).
    pub timeout: Option<&'a str>,
}

/// Settings checked and completed with defaults, ready to connect.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Server {
    pub host: String,
    pub port: u16,
    pub security: Security,
    /// Log in as this user; no authentication when absent.
    pub username: Option<String>,
    /// The wait for the connection and for each reply.
    pub timeout: Duration,
}

impl Server {
    /// Checks the profile's settings: a host is required, `none` only on
    /// loopback, the timeout within 1–600 s ([`TIMEOUT_ENV`] first).
    pub fn from_settings(s: &Settings<'_>) -> Result<Self, Error> {
        let Some(host) = s.host.filter(|h| !h.is_empty()) else {
            return Err(Error::Config {
                message: "no SMTP server is set in the profile".to_string(),
                hint: Some(
                    "set one with `9pic-help profile set smtp.host HOST` (and smtp.port, \
                     smtp.username, smtp.security)"
                        .to_string(),
                ),
            });
        };
        let security = match s.security {
            None => Security::default(),
            Some(value) => parse_security(value).ok_or_else(|| Error::Config {
                message: format!(
                    "the profile's smtp.security {value:?} is not one of starttls, tls, none"
                ),
                hint: Some(
                    "fix it with `9pic-help profile set smtp.security starttls`".to_string(),
                ),
            })?,
        };
        if security == Security::None && !is_loopback(host) {
            return Err(Error::Config {
                message: format!(
                    "smtp.security none sends the password and the ticket in clear text; \
                     it is allowed only for a server on this machine, not {host}"
                ),
                hint: Some(
                    "use `9pic-help profile set smtp.security starttls` (or tls)".to_string(),
                ),
            });
        }
        Ok(Server {
            host: host.to_string(),
            port: s.port.unwrap_or_else(|| security.default_port()),
            security,
            username: s.username.filter(|u| !u.is_empty()).map(str::to_string),
            timeout: timeout(s.timeout)?,
        })
    }

    /// `host:port`, for messages.
    pub fn address(&self) -> String {
        format!("{}:{}", self.host, self.port)
    }

    /// The deadline of a whole transaction carrying `len` bytes of message:
    /// four timeouts (120 s by default), plus a second per 64 KiB to upload.
    pub fn deadline(&self, len: usize) -> Duration {
        let upload = Duration::from_secs(len as u64 / UPLOAD_BYTES_PER_SECOND);
        self.timeout.saturating_mul(TRANSACTION_TIMEOUTS) + upload
    }
}

/// Whether `host` names this machine: `localhost` or a loopback address.
pub fn is_loopback(host: &str) -> bool {
    let bare = host.trim_start_matches('[').trim_end_matches(']');
    bare.eq_ignore_ascii_case("localhost")
        || bare.parse::<IpAddr>().is_ok_and(|ip| ip.is_loopback())
}

/// The timeout in force: [`TIMEOUT_ENV`], else the profile's `smtp.timeout`,
/// else [`DEFAULT_TIMEOUT`]. A bad value is a config error naming its source.
pub fn timeout(profile: Option<&str>) -> Result<Duration, Error> {
    if let Some(value) = std::env::var_os(TIMEOUT_ENV) {
        let text = value.to_string_lossy();
        return check_timeout(&text).map_err(|why| Error::Config {
            message: format!("{TIMEOUT_ENV}: {why}"),
            hint: Some(format!(
                "unset it, or give a number such as {TIMEOUT_ENV}=30"
            )),
        });
    }
    match profile {
        None => Ok(DEFAULT_TIMEOUT),
        Some(text) => check_timeout(text).map_err(|why| Error::Config {
            message: format!("the profile's smtp.timeout {why}"),
            hint: Some("fix it with `9pic-help profile set smtp.timeout 30`".to_string()),
        }),
    }
}

/// The sender and recipients of a message, as the SMTP envelope wants them.
pub fn envelope(from: &str, recipients: &[&str]) -> Result<Envelope, Error> {
    let address = |s: &str| -> Result<Address, Error> {
        s.parse::<Mailbox>()
            .map(|m| m.email)
            .map_err(|e| Error::Data(format!("cannot send to or from {s:?}: {e}")))
    };
    let to = recipients
        .iter()
        .map(|r| address(r))
        .collect::<Result<Vec<_>, _>>()?;
    Envelope::new(Some(address(from)?), to)
        .map_err(|e| Error::Data(format!("cannot build the SMTP envelope: {e}")))
}

/// How the worker logs in.
#[derive(Debug, Clone)]
pub enum Login {
    /// Look the password up (environment, then keyring) when the server has a user.
    Lookup,
    /// This password (doctor, when it found one).
    With(Password),
    /// Do not log in.
    Skip,
}

/// Called once, just before the message's final dot is written: from then on
/// the server may hold the message even if no reply comes back.
pub type BeforeFinalDot = Box<dyn FnOnce() + Send>;

/// One message to send: its envelope and its exact bytes (CRLF line ends).
pub struct Job {
    pub envelope: Envelope,
    pub message: Arc<Vec<u8>>,
    pub before_final_dot: BeforeFinalDot,
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
    fn plain(error: Error) -> Failed {
        Failed {
            error,
            maybe_delivered: false,
            signal: None,
            abandoned: false,
        }
    }
}

/// Sends one message; returns the server's reply to the final dot.
pub fn send(
    server: &Server,
    login: Login,
    job: Job,
    signals: Option<&Signals>,
) -> Result<String, Failed> {
    let deadline = server.deadline(job.message.len());
    watch(server, deadline, signals, move |talk| {
        let mut conn = talk.open(login)?;
        let reply = talk.transmit(&mut conn, job)?;
        talk.close(conn);
        Ok(reply)
    })
}

/// Connects, greets, secures the connection and logs in as `login` says, then quits.
pub fn probe(server: &Server, login: Login) -> Result<(), Error> {
    let deadline = server.timeout.saturating_mul(TRANSACTION_TIMEOUTS);
    watch(server, deadline, None, move |talk| {
        let mut conn = talk.open(login)?;
        talk.step(Step::Noop);
        conn.test_connected();
        talk.close(conn);
        Ok(String::new())
    })
    .map(|_| ())
    .map_err(|f| f.error)
}

/// A step of the conversation; each has its share of the timeout.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Step {
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
    fn timeouts(self) -> u32 {
        match self {
            Step::Connect | Step::Login => 3,
            Step::Tls => 2,
            _ => 1,
        }
    }

    /// What the step is doing, for messages.
    fn doing(self) -> &'static str {
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

/// Where the worker is, shared with the watching thread.
struct Progress {
    stage: Mutex<(Step, Instant)>,
    past_dot: AtomicBool,
}

impl Progress {
    fn now(&self) -> (Step, Instant) {
        *self.stage.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

/// The worker's side: the server, and where it reports its steps.
struct Talk {
    server: Server,
    progress: Arc<Progress>,
}

/// A failure on the worker: ours (the keyring) or the conversation's.
enum Fault {
    Ours(Error),
    Smtp(lettre::transport::smtp::Error),
}

impl From<lettre::transport::smtp::Error> for Fault {
    fn from(e: lettre::transport::smtp::Error) -> Self {
        Fault::Smtp(e)
    }
}

impl Talk {
    fn step(&self, step: Step) {
        *self
            .progress
            .stage
            .lock()
            .unwrap_or_else(PoisonError::into_inner) = (step, Instant::now());
    }

    /// Connects, secures and logs in.
    fn open(&self, login: Login) -> Result<SmtpConnection, Fault> {
        let server = &self.server;
        let password = match (login, &server.username) {
            (Login::Skip, _) | (_, None) => None,
            (Login::With(p), Some(_)) => Some(p),
            (Login::Lookup, Some(user)) => {
                self.step(Step::Password);
                Some(secret::lookup(user, &server.host).map_err(Fault::Ours)?.0)
            }
        };
        let tls = match server.security {
            Security::None => None,
            _ => Some(TlsParameters::new(server.host.clone()).map_err(|e| {
                Fault::Ours(Error::Unavailable {
                    what: format!("cannot set up TLS for {}: {e}", server.host),
                    hint: None,
                })
            })?),
        };
        let hello = ClientId::default();
        self.step(Step::Connect);
        let wrapper = tls.as_ref().filter(|_| server.security == Security::Tls);
        let mut conn = SmtpConnection::connect(
            (server.host.as_str(), server.port),
            Some(server.timeout),
            &hello,
            wrapper,
            None,
        )?;
        if let (Security::Starttls, Some(tls)) = (server.security, &tls) {
            self.step(Step::Tls);
            conn.starttls(tls, &hello)?;
        }
        if let (Some(user), Some(password)) = (&server.username, password) {
            self.step(Step::Login);
            let credentials = Credentials::new(user.clone(), password.expose().to_string());
            conn.auth(&[Mechanism::Plain, Mechanism::Login], &credentials)?;
        }
        Ok(conn)
    }

    /// MAIL, RCPT, DATA and the message; the reply to its final dot.
    fn transmit(&self, conn: &mut SmtpConnection, job: Job) -> Result<String, Fault> {
        let Job {
            envelope,
            message,
            before_final_dot,
        } = job;
        let mut options = Vec::new();
        if !message.is_ascii() && conn.server_info().supports_feature(Extension::EightBitMime) {
            options.push(MailParameter::Body(MailBodyParameter::EightBitMime));
        }
        self.step(Step::Mail);
        conn.command(Mail::new(envelope.from().cloned(), options))?;
        for to in envelope.to() {
            self.step(Step::Rcpt);
            conn.command(Rcpt::new(to.clone(), Vec::new()))?;
        }
        self.step(Step::Data);
        conn.command(Data)?;
        // lettre ends the data with CRLF "." CRLF; the first CRLF belongs to
        // the last line, so ours goes and the server stores our exact bytes.
        let data = message.strip_suffix(b"\r\n").unwrap_or(&message);
        let body = Body {
            rest: data,
            talk: self,
            before_final_dot: Some(before_final_dot),
        };
        let reply = conn.message_iter(body)?;
        let text: Vec<&str> = reply.message().collect();
        Ok(escape_controls(&format!(
            "{} {}",
            reply.code(),
            text.join(" ")
        )))
    }

    /// QUIT, politely; the message is already accepted, so a failure is ignored.
    fn close(&self, mut conn: SmtpConnection) {
        self.step(Step::Quit);
        let _ = conn.quit();
    }
}

/// The message in chunks, each written within the timeout; the end marks the final dot.
struct Body<'a> {
    rest: &'a [u8],
    talk: &'a Talk,
    before_final_dot: Option<BeforeFinalDot>,
}

impl<'a> Iterator for Body<'a> {
    type Item = &'a [u8];

    fn next(&mut self) -> Option<&'a [u8]> {
        if self.rest.is_empty() {
            // lettre writes the final dot as soon as this returns None.
            if let Some(mark) = self.before_final_dot.take() {
                mark();
            }
            self.talk.progress.past_dot.store(true, Ordering::SeqCst);
            self.talk.step(Step::FinalReply);
            return None;
        }
        let (chunk, rest) = self.rest.split_at(self.rest.len().min(CHUNK));
        self.rest = rest;
        self.talk.step(Step::Body);
        Some(chunk)
    }
}

/// Runs `work` on a worker thread and waits for it within the step budgets
/// and `deadline`, stopping at a caught signal.
fn watch<F>(
    server: &Server,
    deadline: Duration,
    signals: Option<&Signals>,
    work: F,
) -> Result<String, Failed>
where
    F: FnOnce(&Talk) -> Result<String, Fault> + Send + 'static,
{
    let progress = Arc::new(Progress {
        stage: Mutex::new((Step::Connect, Instant::now())),
        past_dot: AtomicBool::new(false),
    });
    let talk = Talk {
        server: server.clone(),
        progress: Arc::clone(&progress),
    };
    let (tx, rx) = mpsc::channel();
    let started = Instant::now();
    std::thread::Builder::new()
        .name("smtp".into())
        .spawn(move || {
            let result = work(&talk).map_err(|fault| (fault, talk.progress.now().0));
            let _ = tx.send(result);
        })
        .map_err(|e| {
            Failed::plain(Error::Internal(format!(
                "cannot start the SMTP worker: {e}"
            )))
        })?;
    loop {
        match rx.recv_timeout(POLL) {
            Ok(Ok(reply)) => return Ok(reply),
            Ok(Err((fault, step))) => {
                let past_dot = progress.past_dot.load(Ordering::SeqCst);
                return Err(failure(server, fault, step, past_dot));
            }
            Err(mpsc::RecvTimeoutError::Timeout) => {}
            Err(mpsc::RecvTimeoutError::Disconnected) => {
                return Err(Failed {
                    error: Error::Internal("the SMTP worker stopped without a word".into()),
                    maybe_delivered: progress.past_dot.load(Ordering::SeqCst),
                    signal: None,
                    abandoned: false,
                });
            }
        }
        let maybe_delivered = progress.past_dot.load(Ordering::SeqCst);
        if let Some(signal) = signals.and_then(Signals::caught) {
            return Err(Failed {
                error: Error::Interrupted { signal },
                maybe_delivered,
                signal: Some(signal),
                abandoned: true,
            });
        }
        let (step, since) = progress.now();
        let budget = server.timeout.saturating_mul(step.timeouts());
        let late = if since.elapsed() > budget {
            Some(format!("{} s", budget.as_secs()))
        } else if started.elapsed() > deadline {
            Some(format!(
                "{} s for the whole transaction",
                deadline.as_secs()
            ))
        } else {
            None
        };
        if let Some(limit) = late {
            return Err(Failed {
                error: Error::TempFail(format!(
                    "the SMTP server {} did not answer in time ({limit}) while {}",
                    server.address(),
                    step.doing()
                )),
                maybe_delivered,
                signal: None,
                abandoned: true,
            });
        }
    }
}

/// What a failed conversation means: which exit code, and whether the server may have the message.
fn failure(server: &Server, fault: Fault, step: Step, past_dot: bool) -> Failed {
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
    let said = escape_controls(&e.to_string());
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::profile::check_smtp_host;
    use std::io::Read;
    use std::net::TcpListener;

    fn local(port: u16, timeout: Duration) -> Server {
        Server {
            host: "127.0.0.1".to_string(),
            port,
            security: Security::None,
            username: None,
            timeout,
        }
    }

    fn job() -> Job {
        Job {
            envelope: envelope("ann@example.org", &["support@9pic.ai"]).unwrap(),
            message: Arc::new(b"x\r\n".to_vec()),
            before_final_dot: Box::new(|| {}),
        }
    }

    #[test]
    fn clear_text_only_on_loopback() {
        let mut s = Settings {
            host: Some("smtp.example.org"),
            security: Some("none"),
            ..Settings::default()
        };
        assert_eq!(Server::from_settings(&s).unwrap_err().exit_code(), 78);
        for host in ["localhost", "127.0.0.1", "::1", "[::1]", "127.1.2.3"] {
            s.host = Some(host);
            assert!(Server::from_settings(&s).is_ok(), "{host}");
        }
    }

    #[test]
    fn timeouts_are_whole_seconds_within_range() {
        for good in ["1", "30", "600", " 45 "] {
            assert!(check_timeout(good).is_ok(), "{good} refused");
        }
        for bad in [
            "0",
            "601",
            "abc",
            "1e300",
            "1e20",
            "18446744073709551616",
            "-1",
            "1.5",
            "NaN",
            "inf",
            "",
        ] {
            assert!(check_timeout(bad).is_err(), "{bad:?} accepted");
        }
        let s = Settings {
            host: Some("smtp.example.org"),
            timeout: Some("1e300"),
            ..Settings::default()
        };
        let e = Server::from_settings(&s).unwrap_err();
        assert_eq!(e.exit_code(), 78);
        assert!(e.to_string().contains("smtp.timeout"), "{e}");
    }

    #[test]
    fn the_transaction_deadline_is_four_timeouts_plus_the_upload() {
        let s = local(25, DEFAULT_TIMEOUT);
        assert_eq!(s.deadline(1000), Duration::from_secs(120));
        assert_eq!(s.deadline(640 * 1024), Duration::from_secs(130));
    }

    #[test]
    fn smtp_hosts() {
        for good in [
            "smtp.example.org",
            "localhost",
            "relay",
            "127.0.0.1",
            "::1",
            "[::1]",
        ] {
            assert!(check_smtp_host(good).is_ok(), "{good} refused");
        }
        for bad in [
            "",
            "a b",
            "smtp.example.org\r\nX: y",
            "-x.org",
            "1.2.3.999",
            "a..b",
        ] {
            assert!(check_smtp_host(bad).is_err(), "{bad:?} accepted");
        }
    }

    #[test]
    fn default_ports_follow_security() {
        let s = Settings {
            host: Some("smtp.example.org"),
            security: Some("tls"),
            ..Settings::default()
        };
        assert_eq!(Server::from_settings(&s).unwrap().port, 465);
    }

    #[test]
    fn refused_connection_is_unavailable() {
        let port = {
            let l = TcpListener::bind("127.0.0.1:0").unwrap();
            l.local_addr().unwrap().port()
        };
        let server = local(port, Duration::from_secs(2));
        let failed = send(&server, Login::Skip, job(), None).unwrap_err();
        assert_eq!(failed.error.exit_code(), 69, "{}", failed.error);
        assert!(!failed.maybe_delivered);
    }

    #[test]
    fn silent_server_is_a_timeout_within_the_step_budget() {
        // A real socket that accepts and never greets: the wait must end.
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let port = listener.local_addr().unwrap().port();
        let keep = std::thread::spawn(move || {
            let (mut conn, _) = listener.accept().unwrap();
            let mut buf = [0u8; 64];
            let _ = conn.read(&mut buf);
        });
        let started = Instant::now();
        let failed = send(
            &local(port, Duration::from_secs(1)),
            Login::Skip,
            job(),
            None,
        )
        .unwrap_err();
        assert_eq!(failed.error.exit_code(), 75, "{}", failed.error);
        assert!(started.elapsed() < Duration::from_secs(5));
        drop(keep);
    }
}
