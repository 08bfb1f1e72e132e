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
//!
//! The server's settings come from [`super::server`] and the exit code of a
//! failure from [`super::failure`]; their public items are re-exported here.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc;
use std::sync::{Arc, Mutex, PoisonError};
use std::time::{Duration, Instant};

use lettre::address::Envelope;
use lettre::transport::smtp::authentication::{Credentials, Mechanism};
use lettre::transport::smtp::client::{SmtpConnection, TlsParameters};
use lettre::transport::smtp::commands::{Data, Mail, Rcpt};
use lettre::transport::smtp::extension::{ClientId, Extension, MailBodyParameter, MailParameter};

pub use super::failure::Failed;
use super::failure::{Fault, Step, failure};
use super::server::TRANSACTION_TIMEOUTS;
pub use super::server::{
    DEFAULT_TIMEOUT, Server, Settings, TIMEOUT_ENV, envelope, is_loopback, timeout,
};
use super::signals::Signals;
use crate::error::Error;
use crate::secret::{self, Password};
use crate::store::profile::Security;
use crate::term::escape_controls;

/// The message goes out in pieces this large; each must be written within the timeout.
const CHUNK: usize = 64 * 1024;
/// How often the watching thread looks at the worker, the clock and the signals.
const POLL: Duration = Duration::from_millis(25);

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
        Ok(escape_controls(&format!("{} {}", reply.code(), text.join(" "))).into_owned())
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

#[cfg(test)]
mod tests {
    use super::*;
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
