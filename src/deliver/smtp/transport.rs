//! Delivery over SMTP with lettre: TLS verified by rustls, timeouts set, errors
//! mapped to exit codes (refused or unknown host 69, 4xx or timeout 75,
//! authentication 77).
//!
//! Only `--send`, `outbox send` and `doctor` reach this module; composing a
//! ticket never opens a socket.

use std::net::IpAddr;
use std::time::Duration;

use lettre::address::{Address, Envelope};
use lettre::message::Mailbox;
use lettre::transport::smtp::authentication::{Credentials, Mechanism};
use lettre::transport::smtp::client::{Tls, TlsParameters};
use lettre::{SmtpTransport, Transport};

use crate::error::Error;
use crate::secret::Password;
use crate::store::profile::{Security, parse_security};

/// How long to wait for the server to connect and to answer each command.
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(30);

/// The environment variable that overrides [`DEFAULT_TIMEOUT`], in seconds.
pub const TIMEOUT_ENV: &str = "NINEPIC_HELP_SMTP_TIMEOUT";

/// The SMTP settings of a profile as stored (strings as typed); never a password.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Settings<'a> {
    pub host: Option<&'a str>,
    pub port: Option<u16>,
    pub username: Option<&'a str>,
    /// `starttls` (the default), `tls` or `none`.
    pub security: Option<&'a str>,
}

/// Settings checked and completed with defaults, ready to connect.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Server {
    pub host: String,
    pub port: u16,
    pub security: Security,
    /// Log in as this user; no authentication when absent.
    pub username: Option<String>,
}

impl Server {
    /// Checks the profile's settings: a host is required, `none` only on loopback.
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
        })
    }

    /// `host:port`, for messages.
    pub fn address(&self) -> String {
        format!("{}:{}", self.host, self.port)
    }
}

/// Whether `host` names this machine: `localhost` or a loopback address.
pub fn is_loopback(host: &str) -> bool {
    let bare = host.trim_start_matches('[').trim_end_matches(']');
    bare.eq_ignore_ascii_case("localhost")
        || bare.parse::<IpAddr>().is_ok_and(|ip| ip.is_loopback())
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

/// The timeout in force: [`TIMEOUT_ENV`] when it holds a positive number of seconds.
pub fn timeout() -> Duration {
    std::env::var(TIMEOUT_ENV)
        .ok()
        .and_then(|v| v.trim().parse::<f64>().ok())
        .filter(|s| s.is_finite() && *s > 0.0)
        .map(Duration::from_secs_f64)
        .unwrap_or(DEFAULT_TIMEOUT)
}

/// Sends `message` (a complete RFC 5322 message) to `server`; returns the server's reply.
pub fn send(
    server: &Server,
    password: Option<&Password>,
    envelope: &Envelope,
    message: &[u8],
) -> Result<String, Error> {
    let transport = transport(server, password)?;
    // lettre ends the data with CRLF "." CRLF after the message; the first CRLF
    // belongs to the last line, so drop ours and the server stores our exact bytes.
    let data = message.strip_suffix(b"\r\n").unwrap_or(message);
    let response = transport
        .send_raw(envelope, data)
        .map_err(|e| classify(server, &e))?;
    let reply: Vec<&str> = response.message().collect();
    Ok(format!("{} {}", response.code(), reply.join(" ")))
}

/// Connects, greets, secures the connection and logs in (with a password), then quits.
pub fn probe(server: &Server, password: Option<&Password>) -> Result<(), Error> {
    let mut server = server.clone();
    if password.is_none() {
        server.username = None;
    }
    let transport = transport(&server, password)?;
    match transport.test_connection() {
        Ok(true) => Ok(()),
        Ok(false) => Err(Error::Unavailable {
            what: format!("the SMTP server {} did not answer NOOP", server.address()),
            hint: None,
        }),
        Err(e) => Err(classify(&server, &e)),
    }
}

/// Builds the transport: TLS as configured, verified against the system's roots.
fn transport(server: &Server, password: Option<&Password>) -> Result<SmtpTransport, Error> {
    let tls = || {
        TlsParameters::new(server.host.clone()).map_err(|e| Error::Unavailable {
            what: format!("cannot set up TLS for {}: {e}", server.host),
            hint: None,
        })
    };
    let tls = match server.security {
        Security::Starttls => Tls::Required(tls()?),
        Security::Tls => Tls::Wrapper(tls()?),
        Security::None => Tls::None,
    };
    let mut builder = SmtpTransport::builder_dangerous(server.host.as_str())
        .port(server.port)
        .tls(tls)
        .timeout(Some(timeout()));
    if let Some(user) = &server.username {
        let Some(password) = password else {
            return Err(Error::Config {
                message: format!("no SMTP password for {user}"),
                hint: Some("store it with `9pic-help profile smtp-login`".to_string()),
            });
        };
        builder = builder
            .credentials(Credentials::new(
                user.clone(),
                password.expose().to_string(),
            ))
            .authentication(vec![Mechanism::Plain, Mechanism::Login]);
    }
    Ok(builder.build())
}

/// Maps a lettre error to the exit code table: 69, 75 or 77.
fn classify(server: &Server, e: &lettre::transport::smtp::Error) -> Error {
    let at = server.address();
    if let Some(code) = e.status() {
        let code_text = code.to_string();
        if matches!(code_text.as_str(), "530" | "534" | "535" | "538") {
            return Error::Permission(format!(
                "the SMTP server {at} refused the login of {}: {e}",
                server.username.as_deref().unwrap_or("(no user set)")
            ));
        }
        if e.is_transient() {
            return Error::TempFail(format!("the SMTP server {at} said try later: {e}"));
        }
        return Error::Unavailable {
            what: format!("the SMTP server {at} refused the message: {e}"),
            hint: None,
        };
    }
    if e.to_string().contains("certificate") {
        return Error::Unavailable {
            what: format!("the TLS certificate of the SMTP server {at} was not accepted: {e}"),
            hint: Some(format!(
                "smtp.host must be the name in the server's certificate ({}); a private CA \
                 must be trusted by the system (or named in SSL_CERT_FILE)",
                server.host
            )),
        };
    }
    if is_timeout(e) {
        return Error::TempFail(format!(
            "the SMTP server {at} did not answer in time ({} s): {e}",
            timeout().as_secs_f64()
        ));
    }
    Error::Unavailable {
        what: format!("cannot reach the SMTP server {at}: {e}"),
        hint: Some(
            "check smtp.host, smtp.port and smtp.security in `9pic-help profile show`".to_string(),
        ),
    }
}

/// Whether an I/O timeout lies anywhere in the error's chain.
///
/// lettre's own `is_timeout` misses read timeouts: on Linux a socket read
/// timeout surfaces as `WouldBlock` (EAGAIN), not `TimedOut`.
fn is_timeout(e: &lettre::transport::smtp::Error) -> bool {
    let mut source: Option<&(dyn std::error::Error + 'static)> = std::error::Error::source(e);
    while let Some(err) = source {
        if let Some(io) = err.downcast_ref::<std::io::Error>()
            && matches!(
                io.kind(),
                std::io::ErrorKind::TimedOut | std::io::ErrorKind::WouldBlock
            )
        {
            return true;
        }
        source = err.source();
    }
    e.is_timeout()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::profile::check_smtp_host;
    use std::io::Read;
    use std::net::TcpListener;

    fn local(port: u16) -> Server {
        Server {
            host: "127.0.0.1".to_string(),
            port,
            security: Security::None,
            username: None,
        }
    }

    fn sample_envelope() -> Envelope {
        envelope("ann@example.org", &["support@9pic.ai"]).unwrap()
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
        let err = send(&local(port), None, &sample_envelope(), b"x\r\n").unwrap_err();
        assert_eq!(err.exit_code(), 69, "{err}");
    }

    #[test]
    fn silent_server_is_a_timeout() {
        // A real socket that accepts and never greets: the read must time out.
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let port = listener.local_addr().unwrap().port();
        let keep = std::thread::spawn(move || {
            let (mut conn, _) = listener.accept().unwrap();
            let mut buf = [0u8; 64];
            let _ = conn.read(&mut buf);
        });
        let server = local(port);
        let transport = SmtpTransport::builder_dangerous(server.host.as_str())
            .port(port)
            .tls(Tls::None)
            .timeout(Some(Duration::from_millis(300)))
            .build();
        let e = transport.send_raw(&sample_envelope(), b"x").unwrap_err();
        let err = classify(&server, &e);
        assert_eq!(err.exit_code(), 75, "{err}");
        drop(keep);
    }
}
