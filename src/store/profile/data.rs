//! A profile as stored, the profiles file's shape, and the settings a
//! profile yields once its values are checked.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::catalog::Plan;

use super::value::{
    Delivery, Key, Security, check_value, parse_delivery, parse_security, split_list,
};

/// File name of the profiles inside the config directory.
pub const FILE_NAME: &str = "profiles.json";
/// Lock file guarding every change to the profiles (never renamed).
pub(super) const LOCK_NAME: &str = "profiles.lock";
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
    /// Most megabytes (10^6 bytes) all attachments of one ticket may hold together.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_attachment_mb: Option<u32>,
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
            Key::MaxAttachmentMb => self.max_attachment_mb.map(|n| n.to_string()),
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
            Key::MaxAttachmentMb => self.max_attachment_mb = value.parse().ok(),
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
            Key::MaxAttachmentMb => self.max_attachment_mb = None,
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
