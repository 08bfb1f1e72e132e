//! The org profile: the saved identity and defaults a ticket is composed with.
//!
//! A profile is a second source of the same values the global flags give;
//! flags always win. Persistence (named profiles, atomic writes, locks) builds
//! on this type.

use serde::{Deserialize, Serialize};

/// One org's saved settings. Never holds a password.
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
    /// The name to sign with.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sender_name: Option<String>,
    /// An IANA time zone for local times, e.g. `Europe/Paris`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub timezone: Option<String>,
    /// Addresses copied on every ticket.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub cc: Vec<String>,
}
