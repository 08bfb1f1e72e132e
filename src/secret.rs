//! The SMTP password: the OS keyring, or `NINEPIC_HELP_SMTP_PASSWORD`. Nothing else.
//!
//! The password never touches a file of ours, a flag, or any output. It lives in
//! the platform's credential store (Secret Service on Linux, Keychain on macOS,
//! Credential Manager on Windows) under the service `9pic-help` and the account
//! `USER@HOST`. The environment variable overrides the store for scripts and CI.
//! This module is only reached from `--send`, `smtp-login`/`smtp-logout` and
//! `outbox send`: composing a ticket never loads the keyring.

use std::fmt;
use std::sync::OnceLock;

use zeroize::Zeroize;

use crate::error::Error;

/// The keyring service every entry is filed under.
pub const SERVICE: &str = "9pic-help";

/// The environment variable that overrides the keyring.
pub const PASSWORD_ENV: &str = "NINEPIC_HELP_SMTP_PASSWORD";

/// A password that refuses to be printed: `Debug` and `Display` show a placeholder.
#[derive(Clone, PartialEq, Eq)]
pub struct Password(String);

impl Password {
    /// Wraps a password that is not empty.
    pub fn new(value: String) -> Result<Self, Error> {
        if value.is_empty() {
            return Err(Error::Data("the SMTP password is empty".to_string()));
        }
        Ok(Password(value))
    }

    /// The password itself, for the SMTP client and the keyring only.
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for Password {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Password(<hidden>)")
    }
}

impl Drop for Password {
    /// Overwrites the bytes so the password does not linger in freed memory.
    fn drop(&mut self) {
        self.0.zeroize();
    }
}

/// Where the password came from, for `doctor` and messages.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Source {
    /// `NINEPIC_HELP_SMTP_PASSWORD`.
    Environment,
    /// The OS keyring.
    Keyring,
}

/// The account name of a keyring entry: `USER@HOST`.
pub fn account(user: &str, host: &str) -> String {
    format!("{user}@{host}")
}

/// The override, once [`take_from_environment`] has moved it out of the environment.
static TAKEN: OnceLock<Option<Password>> = OnceLock::new();

/// Moves [`PASSWORD_ENV`] out of the process environment into this module, so
/// no child process (the editor, the mail client, a browser, a helper) ever
/// inherits it, whichever library spawns it.
///
/// `main` calls this first, before any thread exists.
pub fn take_from_environment() {
    let value = std::env::var_os(PASSWORD_ENV);
    if value.is_some() {
        // SAFETY: called at the very start of `main`, while the process has a
        // single thread, so no other thread reads the environment meanwhile.
        unsafe { std::env::remove_var(PASSWORD_ENV) };
    }
    let password = value
        .and_then(|v| v.into_string().ok())
        .and_then(|v| Password::new(v).ok());
    let _ = TAKEN.set(password);
}

/// The password from the environment, when the override is set (and not empty).
pub fn from_env() -> Option<Password> {
    match TAKEN.get() {
        Some(taken) => taken.clone(),
        // The library used without `main` (tests in process) reads it directly.
        None => Password::new(std::env::var(PASSWORD_ENV).ok()?).ok(),
    }
}

/// The password for `user` on `host`: the environment override first, then the keyring.
pub fn lookup(user: &str, host: &str) -> Result<(Password, Source), Error> {
    if let Some(p) = from_env() {
        return Ok((p, Source::Environment));
    }
    let entry = entry(user, host)?;
    match entry.get_password() {
        Ok(p) => Password::new(p).map(|p| (p, Source::Keyring)),
        Err(keyring::Error::NoEntry) => Err(Error::Config {
            message: format!(
                "no SMTP password for {} in the OS keyring",
                account(user, host)
            ),
            hint: Some(format!(
                "store it with `9pic-help profile smtp-login`, or set {PASSWORD_ENV}"
            )),
        }),
        Err(e) => Err(unavailable(&e)),
    }
}

/// Stores (or replaces) the password for `user` on `host` in the keyring.
pub fn store(user: &str, host: &str, password: &Password) -> Result<(), Error> {
    entry(user, host)?
        .set_password(password.expose())
        .map_err(|e| unavailable(&e))
}

/// Deletes the password for `user` on `host`; `Ok(false)` when there was none.
pub fn forget(user: &str, host: &str) -> Result<bool, Error> {
    match entry(user, host)?.delete_credential() {
        Ok(()) => Ok(true),
        Err(keyring::Error::NoEntry) => Ok(false),
        Err(e) => Err(unavailable(&e)),
    }
}

/// Opens the keyring entry, turning "no store at all" into exit 69 with its cause.
fn entry(user: &str, host: &str) -> Result<keyring::Entry, Error> {
    if let Err(e) = keyring::Entry::store_status() {
        return Err(unavailable(e));
    }
    keyring::Entry::new(SERVICE, &account(user, host)).map_err(|e| unavailable(&e))
}

/// The keyring cannot be used: exit 69, with the ways around it.
fn unavailable(e: &keyring::Error) -> Error {
    Error::Unavailable {
        what: format!("the OS keyring is not available: {e}"),
        hint: Some(format!(
            "unlock your keyring (on Linux a Secret Service such as gnome-keyring on the session D-Bus), \
             or give the password to this run only through {PASSWORD_ENV}; \
             `9pic-help profile smtp-login --password-stdin` stores it once a keyring is available"
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn password_is_never_formatted() {
        let p = Password::new("s3cret-sentinel".to_string()).unwrap();
        assert!(!format!("{p:?}").contains("sentinel"));
    }

    #[test]
    fn empty_password_is_refused() {
        assert!(Password::new(String::new()).is_err());
    }

    #[test]
    fn account_is_user_at_host() {
        assert_eq!(account("ann", "smtp.example.org"), "ann@smtp.example.org");
    }
}
