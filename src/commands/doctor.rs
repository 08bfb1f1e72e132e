//! `doctor`: checks what the tool depends on and says what to fix.
//!
//! Each check is a small function returning a [`Check`]; [`run`] prints them
//! and exits non-zero (with the code of the first broken check) when
//! something is broken. Warnings do not fail the run: they name features
//! that will not work (e.g. `--open` without a mail handler) while the rest
//! does. The keyring and the network are touched only by [`check_keyring`]
//! and [`check_smtp`], and only when the profile names an SMTP server; the
//! SMTP check logs in but never sends a message.

use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::Duration;

use wait_timeout::ChildExt;

use crate::deliver::stdout::write_stdout;
use crate::error::{Error, code};
use crate::options::Options;
use crate::store::profile::{Profile, Profiles};
use crate::term::escape_controls;

/// How a check came out.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Status {
    Ok,
    /// Works, but a feature will not (or the check could not be made).
    Warn,
    /// Broken: the tool cannot do its job until this is fixed.
    Fail,
}

/// One line of the report.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Check {
    pub name: &'static str,
    pub status: Status,
    pub detail: String,
    /// What to do about it, for Warn and Fail.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub fix: Option<String>,
    /// The exit code a Fail maps to.
    #[serde(skip)]
    pub code: u8,
}

impl Check {
    fn ok(name: &'static str, detail: impl Into<String>) -> Check {
        Check {
            name,
            status: Status::Ok,
            detail: detail.into(),
            fix: None,
            code: code::OK,
        }
    }
    fn warn(name: &'static str, detail: impl Into<String>, fix: impl Into<String>) -> Check {
        Check {
            name,
            status: Status::Warn,
            detail: detail.into(),
            fix: Some(fix.into()),
            code: code::OK,
        }
    }
    fn fail(
        name: &'static str,
        code: u8,
        detail: impl Into<String>,
        fix: impl Into<String>,
    ) -> Check {
        Check {
            name,
            status: Status::Fail,
            detail: detail.into(),
            fix: Some(fix.into()),
            code,
        }
    }
}

/// What doctor looks at, gathered by the caller.
pub struct Inputs {
    pub config_dir: PathBuf,
    pub data_dir: PathBuf,
    /// The profile as loaded: `Ok(None)` when there is none yet.
    pub profile: Result<Option<Profile>, Error>,
}

/// What `doctor` checks: the directories and the profile as a ticket would load them.
pub fn inputs(options: &Options) -> Inputs {
    let profile = Profiles::new(&options.dirs.config.path)
        .load()
        .and_then(|file| {
            file.select(options.profile.as_deref())
                .map(|p| p.map(|(_, p)| p.clone()))
        });
    Inputs {
        config_dir: options.dirs.config.path.clone(),
        data_dir: options.dirs.data.path.clone(),
        profile,
    }
}

/// Runs every check, prints the report, and returns the exit code.
pub fn run(inputs: Inputs, as_json: bool) -> Result<u8, Error> {
    let mut checks = vec![
        check_dir("config directory", &inputs.config_dir),
        check_dir("data directory", &inputs.data_dir),
        check_profile(&inputs.profile),
        check_mail_handler(),
    ];
    let profile = inputs.profile.as_ref().ok().and_then(Option::as_ref);
    checks.extend(check_keyring(profile));
    checks.extend(check_smtp(profile));
    let exit = checks
        .iter()
        .find(|c| c.status == Status::Fail)
        .map_or(code::OK, |c| c.code);
    let out = if as_json {
        let doc = serde_json::json!({
            "schema": "9pic-help.doctor/1",
            "ok": exit == code::OK,
            "checks": checks,
        });
        format!("{doc:#}\n")
    } else {
        report(&checks)
    };
    write_stdout(out.as_bytes())?;
    Ok(exit)
}

/// The report for people: one line per check, the fix indented below.
fn report(checks: &[Check]) -> String {
    let mut out = String::new();
    for c in checks {
        let mark = match c.status {
            Status::Ok => "ok  ",
            Status::Warn => "warn",
            Status::Fail => "FAIL",
        };
        out.push_str(&format!("[{mark}] {}: {}\n", c.name, c.detail));
        if let Some(fix) = &c.fix {
            out.push_str(&format!("       fix: {fix}\n"));
        }
    }
    let count = |status| checks.iter().filter(|c| c.status == status).count();
    let plural = |n: usize, word: &str| format!("{n} {word}{}", if n == 1 { "" } else { "s" });
    out.push_str(&format!(
        "{}, {}\n",
        plural(count(Status::Warn), "warning"),
        plural(count(Status::Fail), "problem")
    ));
    out
}

/// A state directory: fine if it is a writable directory, or does not exist
/// yet but could be created (the first save creates it).
pub fn check_dir(name: &'static str, dir: &Path) -> Check {
    // The same refusal, in the same words, as the commands that write there.
    if let Some(refused) = crate::store::private::dir_refusal(dir) {
        return Check::fail(name, refused.exit_code(), refused.to_string(), REFUSED_FIX);
    }
    match std::fs::metadata(dir) {
        Ok(m) => {
            if let Err(e) = probe_write(dir) {
                return Check::fail(
                    name,
                    code::CANT_CREATE,
                    format!("{} is not writable: {e}", dir.display()),
                    format!("fix the permissions: chmod u+rwx {}", dir.display()),
                );
            }
            loose_mode(&m).map_or_else(
                || Check::ok(name, dir.display().to_string()),
                |mode| {
                    Check::warn(
                        name,
                        format!("{} is readable by others (mode {mode:o})", dir.display()),
                        format!("chmod 700 {}", dir.display()),
                    )
                },
            )
        }
        Err(_) => match dir.ancestors().skip(1).find(|a| a.exists()) {
            Some(parent) if probe_write(parent).is_ok() => Check::ok(
                name,
                format!("{} (not created yet; it will be)", dir.display()),
            ),
            _ => Check::fail(
                name,
                code::CANT_CREATE,
                format!("{} does not exist and cannot be created", dir.display()),
                "create it, or set the override variable to a writable place",
            ),
        },
    }
}

/// What to do about a state directory the tool refuses.
const REFUSED_FIX: &str = "move it away (the tool creates its own directory), or point \
     --config-dir / --data-dir or their NINEPIC_HELP_* variables elsewhere";

/// Whether a file can be created in `dir` (created and removed at once).
fn probe_write(dir: &Path) -> std::io::Result<()> {
    let probe = dir.join(format!(".9pic-help-doctor-{}", std::process::id()));
    std::fs::write(&probe, b"")?;
    std::fs::remove_file(&probe)
}

#[cfg(unix)]
fn loose_mode(m: &std::fs::Metadata) -> Option<u32> {
    use std::os::unix::fs::PermissionsExt;
    let mode = m.permissions().mode() & 0o777;
    (mode & 0o077 != 0).then_some(mode)
}

#[cfg(not(unix))]
fn loose_mode(_: &std::fs::Metadata) -> Option<u32> {
    None
}

/// The profile: present, readable, and holding the org identity.
pub fn check_profile(profile: &Result<Option<Profile>, Error>) -> Check {
    const NAME: &str = "profile";
    const INIT: &str = "9pic-help profile init --org NAME --login-email EMAIL --plan PLAN";
    match profile {
        Err(e) => Check::fail(
            NAME,
            e.exit_code(),
            e.to_string(),
            e.hint().unwrap_or(match e {
                // A refused directory or file: the same fix as for a directory.
                Error::CantCreate { .. } => REFUSED_FIX,
                _ => "repair or remove the file",
            }),
        ),
        Ok(None) => Check::warn(
            NAME,
            "no profile yet: every ticket needs --org, --login-email and --plan",
            INIT,
        ),
        Ok(Some(p)) => {
            let mut lacking = Vec::new();
            if p.org.is_none() {
                lacking.push("org");
            }
            if p.login_email.is_none() {
                lacking.push("login_email");
            }
            if p.plan.is_none() {
                lacking.push("plan");
            }
            if lacking.is_empty() {
                Check::ok(
                    NAME,
                    format!(
                        "{} <{}>, plan {}",
                        p.org.as_deref().unwrap_or_default(),
                        p.login_email.as_deref().unwrap_or_default(),
                        p.plan.as_deref().unwrap_or_default()
                    ),
                )
            } else {
                Check::warn(
                    NAME,
                    format!("the profile has no {}", lacking.join(", ")),
                    format!("9pic-help profile set {} VALUE", lacking[0]),
                )
            }
        }
    }
}

/// The mail handler `--open` hands `mailto:` links to.
pub fn check_mail_handler() -> Check {
    const NAME: &str = "mail handler";
    if cfg!(target_os = "macos") || cfg!(windows) {
        return Check::ok(NAME, "the system opens mailto: links");
    }
    let fix = "install or set a mail client (xdg-mime default CLIENT.desktop x-scheme-handler/mailto), or use --open webmail:gmail / --format eml";
    let handler = match xdg_mime_default() {
        Err(why) => {
            return Check::warn(
                NAME,
                format!("cannot ask xdg-mime for the mailto handler: {why}"),
                "install xdg-utils, then run doctor again",
            );
        }
        Ok(handler) => handler,
    };
    if handler.is_empty() {
        return Check::warn(NAME, "no program is set to handle mailto: links", fix);
    }
    if which("xdg-open").is_none() {
        return Check::warn(
            NAME,
            format!("{handler} handles mailto:, but xdg-open is not on PATH"),
            "install xdg-utils",
        );
    }
    Check::ok(NAME, format!("{handler} handles mailto: links"))
}

/// How long a helper such as `xdg-mime` may take before doctor gives up on it.
pub const HELPER_TIMEOUT: Duration = Duration::from_secs(5);

/// `xdg-mime query default x-scheme-handler/mailto`, within [`HELPER_TIMEOUT`]:
/// a helper that hangs is killed, and doctor says so.
fn xdg_mime_default() -> Result<String, String> {
    let mut child = Command::new("xdg-mime")
        .args(["query", "default", "x-scheme-handler/mailto"])
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .map_err(|e| e.to_string())?;
    // The answer is one short line, well within a pipe's buffer, so waiting
    // before reading cannot deadlock.
    match child.wait_timeout(HELPER_TIMEOUT) {
        Ok(Some(_)) => {}
        Ok(None) | Err(_) => {
            let _ = child.kill();
            let _ = child.wait();
            return Err(format!(
                "it did not answer within {} s",
                HELPER_TIMEOUT.as_secs()
            ));
        }
    }
    let mut out = String::new();
    if let Some(mut stdout) = child.stdout.take() {
        let _ = stdout.by_ref().take(64 * 1024).read_to_string(&mut out);
    }
    Ok(escape_controls(out.trim()).into_owned())
}

/// The first `name` on `PATH`.
fn which(name: &str) -> Option<PathBuf> {
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path)
        .map(|d| d.join(name))
        .find(|p| p.is_file())
}

/// The SMTP settings of a profile that configures a server, checked.
fn smtp_server(
    profile: Option<&Profile>,
) -> Option<Result<crate::deliver::smtp::transport::Server, Error>> {
    let p = profile?;
    p.smtp.host.as_ref()?;
    Some(crate::deliver::smtp::server(Some(p)))
}

/// The SMTP password: from `NINEPIC_HELP_SMTP_PASSWORD`, or the OS keyring.
///
/// `None` when there is nothing to check (no SMTP server, or no user to log in as).
pub fn check_keyring(profile: Option<&Profile>) -> Option<Check> {
    const NAME: &str = "keyring";
    let Ok(server) = smtp_server(profile)? else {
        return None;
    };
    let user = server.username.as_deref()?;
    let account = crate::secret::account(user, &server.host);
    Some(match crate::secret::lookup(user, &server.host) {
        Ok((_, crate::secret::Source::Environment)) => Check::ok(
            NAME,
            format!(
                "the SMTP password comes from {} (the keyring is not asked)",
                crate::secret::PASSWORD_ENV
            ),
        ),
        Ok((_, crate::secret::Source::Keyring)) => Check::ok(
            NAME,
            format!("the OS keyring holds the SMTP password for {account}"),
        ),
        Err(e) => Check::fail(
            NAME,
            e.exit_code(),
            e.to_string(),
            e.hint()
                .unwrap_or("run `9pic-help profile smtp-login`")
                .to_string(),
        ),
    })
}

/// The SMTP server, when the profile configures one: connects, greets, secures
/// the connection as configured and logs in when a password is at hand.
pub fn check_smtp(profile: Option<&Profile>) -> Option<Check> {
    const NAME: &str = "SMTP server";
    let server = match smtp_server(profile)? {
        Ok(server) => server,
        Err(e) => {
            return Some(Check::fail(
                NAME,
                e.exit_code(),
                e.to_string(),
                e.hint()
                    .unwrap_or("check `9pic-help profile show`")
                    .to_string(),
            ));
        }
    };
    // Without a password the login is not tried; the keyring check says why.
    let password = server
        .username
        .as_deref()
        .and_then(|user| crate::secret::lookup(user, &server.host).ok())
        .map(|(p, _)| p);
    let detail = format!(
        "{} ({}{})",
        server.address(),
        server.security.value(),
        match (&server.username, &password) {
            (Some(user), Some(_)) => format!(", logged in as {user}"),
            (Some(_), None) => ", login not tried".to_string(),
            (None, _) => ", no login".to_string(),
        }
    );
    let login = match password {
        Some(p) => crate::deliver::smtp::transport::Login::With(p),
        None => crate::deliver::smtp::transport::Login::Skip,
    };
    Some(match crate::deliver::smtp::transport::probe(&server, login) {
        Ok(()) => Check::ok(NAME, format!("{detail} answers")),
        Err(e) => Check::fail(
            NAME,
            e.exit_code(),
            e.to_string(),
            e.hint()
                .unwrap_or("check smtp.host, smtp.port, smtp.security and smtp.username in `9pic-help profile show`")
                .to_string(),
        ),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn missing_dir_under_writable_parent_is_fine() {
        let tmp = std::env::temp_dir().join(format!("doctor-unit-{}", std::process::id()));
        let c = check_dir("data directory", &tmp.join("a/b"));
        assert_eq!(c.status, Status::Ok, "{c:?}");
    }

    #[test]
    fn a_file_is_not_a_directory() {
        let exe = std::env::current_exe().expect("test binary path");
        let c = check_dir("config directory", &exe);
        assert_eq!(c.status, Status::Fail);
        assert_eq!(c.code, code::CANT_CREATE);
    }

    #[test]
    fn incomplete_profile_is_a_warning() {
        let p = Profile {
            org: Some("Acme".into()),
            ..Profile::default()
        };
        let c = check_profile(&Ok(Some(p)));
        assert_eq!(c.status, Status::Warn);
        assert!(c.detail.contains("login_email"));
    }
}
