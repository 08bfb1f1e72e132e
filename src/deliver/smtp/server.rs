//! The SMTP server a profile names: its settings checked and completed with
//! defaults (clear text only on loopback, the timeout within 1–600 s), the
//! transaction's deadline, and the envelope of a message.

use std::net::IpAddr;
use std::time::Duration;

use lettre::address::{Address, Envelope};
use lettre::message::Mailbox;

use crate::error::Error;
use crate::store::profile::{Security, check_timeout, parse_security};

/// How long to wait for the server to connect and to answer each command.
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(30);

/// The environment variable that overrides the timeout, in seconds.
pub const TIMEOUT_ENV: &str = "NINEPIC_HELP_SMTP_TIMEOUT";

/// The whole transaction may take this many timeouts (120 s by default) …
pub(super) const TRANSACTION_TIMEOUTS: u32 = 4;
/// … plus one second for every this many bytes of message, for the upload.
const UPLOAD_BYTES_PER_SECOND: u64 = 64 * 1024;
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::profile::check_smtp_host;

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
        let s = Server {
            host: "127.0.0.1".to_string(),
            port: 25,
            security: Security::None,
            username: None,
            timeout: DEFAULT_TIMEOUT,
        };
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
}
