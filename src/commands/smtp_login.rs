//! `profile smtp-login` and `profile smtp-logout`: the SMTP password in the OS keyring.

use std::io::Read;

use crate::deliver::smtp::server;
use crate::deliver::smtp::transport::Server;
use crate::error::Error;
use crate::options::Options;
use crate::secret::{self, Password};
use crate::store::profile::Profiles;
use crate::term;

/// `profile smtp-login`: stores the password of the profile's SMTP user.
pub fn login(options: &Options, store: &Profiles, password_stdin: bool) -> Result<u8, Error> {
    let (user, server) = smtp_account(options, store)?;
    let password = read_password(options, password_stdin, &user, &server.host)?;
    secret::store(&user, &server.host, &password)?;
    if !options.quiet {
        term::note(&format!(
            "stored the SMTP password for {} in the OS keyring",
            secret::account(&user, &server.host)
        ));
    }
    Ok(0)
}

/// `profile smtp-logout`: deletes it; not an error when there was none.
pub fn logout(options: &Options, store: &Profiles) -> Result<u8, Error> {
    let (user, server) = smtp_account(options, store)?;
    let account = secret::account(&user, &server.host);
    let deleted = secret::forget(&user, &server.host)?;
    if !options.quiet {
        term::note(&if deleted {
            format!("deleted the SMTP password for {account} from the OS keyring")
        } else {
            format!("there was no SMTP password for {account} to delete")
        });
    }
    Ok(0)
}

/// The SMTP user and server of the selected profile (both name the keyring entry).
fn smtp_account(options: &Options, store: &Profiles) -> Result<(String, Server), Error> {
    let file = store.load()?;
    let selected = file.select(options.profile.as_deref())?;
    let server = server(selected.map(|(_, p)| p))?;
    let user = server.username.clone().ok_or_else(|| Error::Config {
        message: "the profile has no SMTP user name to store a password for".into(),
        hint: Some("set it with `9pic-help profile set smtp.username USER`".into()),
    })?;
    Ok((user, server))
}

/// The password for `smtp-login`: stdin with `--password-stdin`, else a hidden prompt.
fn read_password(
    options: &Options,
    password_stdin: bool,
    user: &str,
    host: &str,
) -> Result<Password, Error> {
    if password_stdin {
        let mut text = String::new();
        std::io::stdin()
            .read_to_string(&mut text)
            .map_err(|e| Error::NoInput {
                path: "standard input".into(),
                source: e.into(),
            })?;
        let trimmed = text
            .strip_suffix('\n')
            .map(|t| t.strip_suffix('\r').unwrap_or(t))
            .unwrap_or(&text);
        let password = Password::new(trimmed.to_string());
        zeroize::Zeroize::zeroize(&mut text);
        return password;
    }
    if !options.interactive {
        return Err(Error::Usage(
            "no terminal to ask for the SMTP password on; \
             pipe it in with `profile smtp-login --password-stdin`"
                .into(),
        ));
    }
    let typed = crate::prompt::password(&format!("SMTP password for {user} on {host}"))?;
    Password::new(typed)
}
