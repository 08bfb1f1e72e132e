//! What each profile setting may hold: delivery and security modes, the
//! keys `profile set` takes, and the checks a stored value must pass.

use std::fmt;

use serde::Serialize;

use crate::catalog::Plan;
use crate::email::{check_address, check_header_value};

/// How a ticket is handed on when no flag says.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Delivery {
    Stdout,
    Open,
    Send,
}

impl Delivery {
    pub const ALL: [Delivery; 3] = [Delivery::Stdout, Delivery::Open, Delivery::Send];

    pub fn value(self) -> &'static str {
        match self {
            Delivery::Stdout => "stdout",
            Delivery::Open => "open",
            Delivery::Send => "send",
        }
    }
}

/// How the SMTP connection is secured (the one definition; the transport uses it too).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Security {
    /// Plain connection upgraded with STARTTLS, which is required (port 587).
    #[default]
    Starttls,
    /// TLS from the first byte (usually port 465).
    Tls,
    /// No encryption at all: allowed for a server on this machine only (port 25).
    None,
}

impl Security {
    pub const ALL: [Security; 3] = [Security::Starttls, Security::Tls, Security::None];

    pub fn value(self) -> &'static str {
        match self {
            Security::Starttls => "starttls",
            Security::Tls => "tls",
            Security::None => "none",
        }
    }

    /// The usual port for this kind of connection.
    pub fn default_port(self) -> u16 {
        match self {
            Security::Starttls => 587,
            Security::Tls => 465,
            Security::None => 25,
        }
    }
}

/// A key `profile set` accepts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Key {
    Org,
    LoginEmail,
    Plan,
    SenderName,
    Timezone,
    Cc,
    Delivery,
    SmtpHost,
    SmtpPort,
    SmtpUsername,
    SmtpSecurity,
    SmtpTimeout,
    MaxAttachmentMb,
}

impl Key {
    pub const ALL: [Key; 13] = [
        Key::Org,
        Key::LoginEmail,
        Key::Plan,
        Key::SenderName,
        Key::Timezone,
        Key::Cc,
        Key::Delivery,
        Key::SmtpHost,
        Key::SmtpPort,
        Key::SmtpUsername,
        Key::SmtpSecurity,
        Key::SmtpTimeout,
        Key::MaxAttachmentMb,
    ];

    /// The key as typed and as shown in messages, e.g. `smtp.host`.
    pub fn name(self) -> &'static str {
        match self {
            Key::Org => "org",
            Key::LoginEmail => "login_email",
            Key::Plan => "plan",
            Key::SenderName => "sender_name",
            Key::Timezone => "timezone",
            Key::Cc => "cc",
            Key::Delivery => "delivery",
            Key::SmtpHost => "smtp.host",
            Key::SmtpPort => "smtp.port",
            Key::SmtpUsername => "smtp.username",
            Key::SmtpSecurity => "smtp.security",
            Key::SmtpTimeout => "smtp.timeout",
            Key::MaxAttachmentMb => "max_attachment_mb",
        }
    }

    /// What the key holds, for help and completion.
    pub fn about(self) -> &'static str {
        match self {
            Key::Org => "the org name as it appears in the dashboard",
            Key::LoginEmail => "the address you log in to 9Pic with",
            Key::Plan => "payg, pro or enterprise",
            Key::SenderName => "your name, for the signature",
            Key::Timezone => "IANA time zone, e.g. Europe/Berlin",
            Key::Cc => "addresses copied on every ticket, comma-separated",
            Key::Delivery => "stdout, open or send",
            Key::SmtpHost => "outgoing mail server",
            Key::SmtpPort => "outgoing mail server port",
            Key::SmtpUsername => "user name on the mail server",
            Key::SmtpSecurity => "starttls, tls or none",
            Key::SmtpTimeout => "seconds to wait for the mail server, 1-600 (default 30)",
            Key::MaxAttachmentMb => "most MB all attachments may hold together (default 25)",
        }
    }

    /// The key named `name` (`-` and `_` are interchangeable).
    pub fn parse(name: &str) -> Option<Key> {
        let name = name.trim().replace('-', "_");
        Key::ALL.into_iter().find(|k| k.name() == name)
    }
}

impl fmt::Display for Key {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// `stdout`, `open` or `send`.
pub fn parse_delivery(s: &str) -> Option<Delivery> {
    Delivery::ALL.into_iter().find(|d| d.value() == s.trim())
}

/// `starttls`, `tls` or `none`.
pub fn parse_security(s: &str) -> Option<Security> {
    Security::ALL.into_iter().find(|d| d.value() == s.trim())
}

/// Why `value` is not acceptable for `key`, if it is not.
pub fn check_value(key: Key, value: &str) -> Result<(), String> {
    let one_of = |ok: bool, list: &str| {
        if ok {
            Ok(())
        } else {
            Err(format!("\"{value}\" is not one of {list}"))
        }
    };
    match key {
        Key::Org | Key::SmtpUsername => check_text(value),
        Key::SenderName => match value.chars().count() {
            n if n > 100 => Err(format!(
                "is {n} characters long; a sender name has at most 100"
            )),
            _ => check_text(value),
        },
        Key::MaxAttachmentMb => match value.parse::<u32>() {
            Ok(n) if (1..=1000).contains(&n) => Ok(()),
            _ => Err(format!(
                "\"{value}\" is not a whole number of MB from 1 to 1000"
            )),
        },
        Key::LoginEmail => check_address(value),
        Key::Cc => split_list(value).iter().try_for_each(|a| check_address(a)),
        Key::Plan => one_of(Plan::parse(value).is_some(), "payg, pro, enterprise"),
        Key::Delivery => one_of(parse_delivery(value).is_some(), "stdout, open, send"),
        Key::SmtpSecurity => one_of(parse_security(value).is_some(), "starttls, tls, none"),
        Key::SmtpHost => check_smtp_host(value),
        Key::SmtpTimeout => check_timeout(value).map(|_| ()),
        Key::SmtpPort => match value.parse::<u16>() {
            Ok(p) if p > 0 => Ok(()),
            _ => Err(format!("\"{value}\" is not a port number (1-65535)")),
        },
        Key::Timezone => {
            check_header_value(value)?;
            jiff::tz::TimeZone::get(value)
                .map(|_| ())
                .map_err(|_| format!("\"{value}\" is not a known time zone (e.g. Europe/Berlin)"))
        }
    }
}

/// The smallest and largest SMTP timeout, in seconds.
pub const TIMEOUT_SECONDS: std::ops::RangeInclusive<u64> = 1..=600;

/// Why `text` is not an SMTP timeout, if it is not: whole seconds, 1–600.
/// (A float such as `1e300` is refused here, never handed to `Duration`.)
pub fn check_timeout(text: &str) -> Result<std::time::Duration, String> {
    match text.trim().parse::<u64>() {
        Ok(s) if TIMEOUT_SECONDS.contains(&s) => Ok(std::time::Duration::from_secs(s)),
        _ => Err(format!(
            "{:?} is not a whole number of seconds from {} to {}",
            text,
            TIMEOUT_SECONDS.start(),
            TIMEOUT_SECONDS.end()
        )),
    }
}

/// A one-line, non-empty text that is safe in a header.
fn check_text(value: &str) -> Result<(), String> {
    check_header_value(value)?;
    if value.trim().is_empty() {
        return Err("is empty".into());
    }
    Ok(())
}

/// Splits a comma-separated list, dropping empty entries.
pub(super) fn split_list(value: &str) -> Vec<String> {
    value
        .split(',')
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_string)
        .collect()
}

/// Why `name` cannot name a profile, if it cannot: 1–64 letters, digits, `.`, `_`, `-`,
/// not starting with `-` or `.` (names appear on command lines and in completion).
pub fn check_name(name: &str) -> Result<(), String> {
    let ok = !name.is_empty()
        && name.len() <= 64
        && !name.starts_with(['-', '.'])
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-'));
    if ok {
        Ok(())
    } else {
        Err(format!(
            "\"{name}\" is not a usable profile name (letters, digits, '.', '_', '-'; up to 64)"
        ))
    }
}

/// Why `value` cannot name an SMTP server, if it cannot.
///
/// Wider than an email domain: a relay is often `localhost`, a one-label
/// intranet name, or an IP address (IPv6 with or without brackets).
pub fn check_smtp_host(value: &str) -> Result<(), String> {
    let bare = value
        .strip_prefix('[')
        .and_then(|v| v.strip_suffix(']'))
        .unwrap_or(value);
    if bare.parse::<std::net::IpAddr>().is_ok() {
        return Ok(());
    }
    if !crate::email::is_dns_name(value.strip_suffix('.').unwrap_or(value)) {
        return Err(format!(
            "\"{value}\" is not a host name or IP address for an SMTP server"
        ));
    }
    Ok(())
}
