//! Org profiles: several named sets of org details in one JSON file in the config
//! directory, one of them the default. Every change is a locked read-modify-write
//! with an atomic replace; a file that does not parse is never overwritten.
//!
//! Values are stored as typed by the user and validated like flags whenever they are
//! read, so a hand-edited file cannot smuggle anything past the checks.

use std::collections::BTreeMap;
use std::fmt;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::catalog::Plan;
use crate::email::{check_address, check_header_value};
use crate::error::Error;
use crate::store::private;

/// File name of the profiles inside the config directory.
pub const FILE_NAME: &str = "profiles.json";
/// Lock file guarding every change to the profiles (never renamed).
const LOCK_NAME: &str = "profiles.lock";
/// Environment variable naming the profile to use.
pub const PROFILE_ENV: &str = "NINEPIC_HELP_PROFILE";
/// The name `profile init` gives when no name is given.
pub const DEFAULT_NAME: &str = "default";
/// Version written in the file.
const FILE_VERSION: u32 = 1;

/// One org's details, as stored (strings as typed; checked by [`Profile::check`]).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Profile {
    /// Org name as it appears in the dashboard.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub org: Option<String>,
    /// The address the user logs in to 9Pic with.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub login_email: Option<String>,
    /// `payg`, `pro` or `enterprise`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub plan: Option<String>,
    /// The name that signs the email.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sender_name: Option<String>,
    /// IANA time zone for local times, e.g. `Europe/Berlin`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub timezone: Option<String>,
    /// Addresses copied on every ticket.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub cc: Vec<String>,
    /// `stdout`, `open` or `send`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub delivery: Option<String>,
    /// Outgoing mail server, for `--send`. Never a password.
    #[serde(default, skip_serializing_if = "Smtp::is_empty")]
    pub smtp: Smtp,
}

/// SMTP settings as stored. There is deliberately no password field: unknown fields
/// are refused, so a password typed into the file is an error, not a secret on disk
/// that the tool quietly carries around.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Smtp {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub host: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub port: Option<u16>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub username: Option<String>,
    /// `starttls`, `tls` or `none`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub security: Option<String>,
    /// Seconds to wait for the server (1–600), as stored: any JSON value, so a
    /// bad one is reported by its key when used, not as a file that does not parse.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub timeout: Option<serde_json::Value>,
}

impl Smtp {
    /// Whether nothing is set.
    pub fn is_empty(&self) -> bool {
        *self == Smtp::default()
    }

    /// The stored timeout as text (a number as written, a string as it is).
    pub fn timeout_text(&self) -> Option<String> {
        self.timeout.as_ref().map(|v| match v {
            serde_json::Value::String(s) => s.clone(),
            other => other.to_string(),
        })
    }
}

/// The whole profiles file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ProfileFile {
    #[serde(default = "file_version")]
    pub version: u32,
    /// Name of the default profile.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub default: Option<String>,
    #[serde(default)]
    pub profiles: BTreeMap<String, Profile>,
}

impl Default for ProfileFile {
    fn default() -> Self {
        ProfileFile {
            version: FILE_VERSION,
            default: None,
            profiles: BTreeMap::new(),
        }
    }
}

/// serde default for [`ProfileFile::version`].
fn file_version() -> u32 {
    FILE_VERSION
}

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
}

impl Key {
    pub const ALL: [Key; 12] = [
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

/// A profile's values after checking: what the rest of the tool may use.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Settings {
    pub org: Option<String>,
    pub login_email: Option<String>,
    pub plan: Option<Plan>,
    pub sender_name: Option<String>,
    pub timezone: Option<String>,
    pub cc: Vec<String>,
    pub delivery: Option<Delivery>,
    pub smtp_host: Option<String>,
    pub smtp_port: Option<u16>,
    pub smtp_username: Option<String>,
    pub smtp_security: Option<Security>,
}

impl Profile {
    /// The stored value of `key`, as text (`cc` joined with `, `).
    pub fn get(&self, key: Key) -> Option<String> {
        match key {
            Key::Org => self.org.clone(),
            Key::LoginEmail => self.login_email.clone(),
            Key::Plan => self.plan.clone(),
            Key::SenderName => self.sender_name.clone(),
            Key::Timezone => self.timezone.clone(),
            Key::Cc => (!self.cc.is_empty()).then(|| self.cc.join(", ")),
            Key::Delivery => self.delivery.clone(),
            Key::SmtpHost => self.smtp.host.clone(),
            Key::SmtpPort => self.smtp.port.map(|p| p.to_string()),
            Key::SmtpUsername => self.smtp.username.clone(),
            Key::SmtpSecurity => self.smtp.security.clone(),
            Key::SmtpTimeout => self.smtp.timeout_text(),
        }
    }

    /// Sets `key` to `value` after checking it; an empty value clears the key.
    /// The error says what is wrong with the value (the caller names the key).
    pub fn set(&mut self, key: Key, value: &str) -> Result<(), String> {
        let value = value.trim();
        if value.is_empty() {
            self.clear(key);
            return Ok(());
        }
        check_value(key, value)?;
        let text = Some(value.to_string());
        match key {
            Key::Org => self.org = text,
            Key::LoginEmail => self.login_email = text,
            Key::Plan => self.plan = text,
            Key::SenderName => self.sender_name = text,
            Key::Timezone => self.timezone = text,
            Key::Cc => self.cc = split_list(value),
            Key::Delivery => self.delivery = text,
            Key::SmtpHost => self.smtp.host = text,
            Key::SmtpPort => self.smtp.port = value.parse().ok(),
            Key::SmtpUsername => self.smtp.username = text,
            Key::SmtpSecurity => self.smtp.security = text,
            Key::SmtpTimeout => {
                self.smtp.timeout = value
                    .trim()
                    .parse::<u64>()
                    .ok()
                    .map(serde_json::Value::from)
            }
        }
        Ok(())
    }

    /// Removes `key`'s value.
    pub fn clear(&mut self, key: Key) {
        match key {
            Key::Org => self.org = None,
            Key::LoginEmail => self.login_email = None,
            Key::Plan => self.plan = None,
            Key::SenderName => self.sender_name = None,
            Key::Timezone => self.timezone = None,
            Key::Cc => self.cc.clear(),
            Key::Delivery => self.delivery = None,
            Key::SmtpHost => self.smtp.host = None,
            Key::SmtpPort => self.smtp.port = None,
            Key::SmtpUsername => self.smtp.username = None,
            Key::SmtpSecurity => self.smtp.security = None,
            Key::SmtpTimeout => self.smtp.timeout = None,
        }
    }

    /// Checks every stored value like the flag it stands for; on failure the list of
    /// `(key, problem)` pairs, all at once.
    pub fn check(&self) -> Result<Settings, Vec<(Key, String)>> {
        let mut problems = Vec::new();
        for key in Key::ALL {
            if key == Key::Cc {
                for addr in &self.cc {
                    if let Err(e) = check_value(Key::Cc, addr) {
                        problems.push((key, e));
                    }
                }
            } else if let Some(Err(e)) = self.get(key).map(|v| check_value(key, &v)) {
                problems.push((key, e));
            }
        }
        if !problems.is_empty() {
            return Err(problems);
        }
        Ok(Settings {
            org: self.org.clone(),
            login_email: self.login_email.clone(),
            plan: self.plan.as_deref().and_then(Plan::parse),
            sender_name: self.sender_name.clone(),
            timezone: self.timezone.clone(),
            cc: self.cc.clone(),
            delivery: self.delivery.as_deref().and_then(parse_delivery),
            smtp_host: self.smtp.host.clone(),
            smtp_port: self.smtp.port,
            smtp_username: self.smtp.username.clone(),
            smtp_security: self.smtp.security.as_deref().and_then(parse_security),
        })
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
        Key::Org | Key::SenderName | Key::SmtpUsername => check_text(value),
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
fn split_list(value: &str) -> Vec<String> {
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

/// The profiles file in a config directory.
#[derive(Debug, Clone)]
pub struct Profiles {
    dir: PathBuf,
}

impl Profiles {
    /// The profiles kept in `config_dir`.
    pub fn new(config_dir: &Path) -> Profiles {
        Profiles {
            dir: config_dir.to_path_buf(),
        }
    }

    /// Path of the profiles file.
    pub fn path(&self) -> PathBuf {
        self.dir.join(FILE_NAME)
    }

    /// Reads the file (an empty set when it does not exist), tightening loose modes.
    /// A file that does not parse is a config error naming the position; it is left
    /// exactly as it is.
    pub fn load(&self) -> Result<ProfileFile, Error> {
        if self.dir.is_dir() {
            let _ = private::repair_mode(&self.dir, 0o700);
        }
        let path = self.path();
        match private::read_private(&path)? {
            None => Ok(ProfileFile::default()),
            Some(bytes) => parse_file(&path, &bytes),
        }
    }

    /// Runs `change` on the current file under the lock and saves the result atomically.
    /// Nothing is written when `change` fails or the file does not parse.
    pub fn update<T>(
        &self,
        change: impl FnOnce(&mut ProfileFile) -> Result<T, Error>,
    ) -> Result<T, Error> {
        let _lock = private::lock(&self.dir, LOCK_NAME)?;
        let mut file = self.load()?;
        let out = change(&mut file)?;
        let mut bytes = serde_json::to_vec_pretty(&file).map_err(|e| Error::CantCreate {
            path: self.path(),
            source: e.into(),
        })?;
        bytes.push(b'\n');
        private::write_atomic(&self.path(), &bytes)?;
        Ok(out)
    }
}

/// Parses the profiles file; a syntax error names the path, line and column.
fn parse_file(path: &Path, bytes: &[u8]) -> Result<ProfileFile, Error> {
    serde_json::from_slice(bytes).map_err(|e| {
        let what = match e.classify() {
            serde_json::error::Category::Eof => "is cut short (truncated)",
            serde_json::error::Category::Data => "has an unexpected value",
            _ => "is not valid JSON",
        };
        let detail = e.to_string();
        let detail = detail
            .rsplit_once(" at line ")
            .map_or(detail.as_str(), |(msg, _)| msg);
        Error::Config {
            message: format!(
                "the profile file {} {what}: {detail} at line {}, column {}",
                path.display(),
                e.line(),
                e.column()
            ),
            hint: Some(format!(
                "it was left untouched: fix it in an editor, or move it away (mv {p} {p}.bad) \
                 and run `9pic-help profile init` again",
                p = path.display()
            )),
        }
    })
}

impl ProfileFile {
    /// The profile to use: `wanted` (from `--profile` or the environment) if given, else
    /// the default. `Ok(None)` when no profile is wanted and none is the default.
    pub fn select(&self, wanted: Option<&str>) -> Result<Option<(&str, &Profile)>, Error> {
        let name = match wanted {
            Some(name) => name,
            None => match self.default.as_deref() {
                Some(name) => name,
                None => return Ok(None),
            },
        };
        match self.profiles.get_key_value(name) {
            Some((name, p)) => Ok(Some((name.as_str(), p))),
            None => Err(self.unknown(name)),
        }
    }

    /// The error for a profile name that does not exist.
    pub fn unknown(&self, name: &str) -> Error {
        let known: Vec<&str> = self.profiles.keys().map(String::as_str).collect();
        Error::Config {
            message: format!("there is no profile named \"{name}\""),
            hint: Some(if known.is_empty() {
                format!("create it: 9pic-help profile init {name} --org NAME --login-email EMAIL")
            } else {
                format!(
                    "known profiles: {}; create it with `9pic-help profile init {name}`",
                    known.join(", ")
                )
            }),
        }
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn corrupt_file_is_named_and_left_alone() {
        let dir = tempfile::tempdir().unwrap();
        let p = Profiles::new(dir.path());
        let text = b"{\n  \"default\": \"a\",\n  \"profiles\": {\"a\": {\"org\": \"x\"";
        std::fs::write(p.path(), text).unwrap();
        let err = p
            .update(|f| {
                f.default = None;
                Ok(())
            })
            .unwrap_err();
        assert_eq!(err.exit_code(), 78);
        let msg = err.to_string();
        assert!(msg.contains("line 3, column 31"), "{msg}");
        assert_eq!(std::fs::read(p.path()).unwrap(), text);
    }

    #[test]
    fn password_in_file_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        let p = Profiles::new(dir.path());
        std::fs::write(p.path(), r#"{"profiles":{"a":{"smtp":{"password":"x"}}}}"#).unwrap();
        assert!(p.load().unwrap_err().to_string().contains("password"));
    }

    #[test]
    fn values_are_checked_like_flags() {
        let mut prof = Profile::default();
        assert!(
            prof.set(Key::LoginEmail, "help@x.org?attach=/etc/passwd")
                .is_err()
        );
        assert!(prof.set(Key::Timezone, "Mars/Olympus").is_err());
        assert!(prof.set(Key::SmtpPort, "0").is_err());
        prof.set(Key::Cc, "a@b.co, c@d.org").unwrap();
        assert_eq!(prof.cc.len(), 2);
        prof.login_email = Some("a@b.co\r\nBcc: x@y.z".into());
        let problems = prof.check().unwrap_err();
        assert_eq!(problems[0].0, Key::LoginEmail);
    }
}
