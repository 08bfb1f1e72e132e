//! The `profile` commands: create, show, change, list and remove saved org profiles.
//!
//! Data goes to stdout, notes to stderr; `--json` prints one document for scripts.

use std::ffi::OsString;

use serde_json::json;

use crate::cli::{ProfileCommand, ProfileInit};
use crate::deliver::stdout::{pretty_json, write_stdout};
use crate::error::{Error, Problem, ProblemKind, Problems};
use crate::options::{Identity, Options};
use crate::store::history::History;
use crate::store::paths::{self, Located};
use crate::store::profile::{self, DEFAULT_NAME, Key, Profile, Profiles};
use crate::term;

use super::smtp_login;

/// Version of the JSON `profile show --json` prints.
pub const PROFILE_SCHEMA: &str = "9pic-help.profile/1";

/// Runs one `profile …` command.
pub fn run(options: &Options, cmd: ProfileCommand) -> Result<u8, Error> {
    let dirs = &options.dirs;
    let store = Profiles::new(&dirs.config.path);
    match cmd {
        ProfileCommand::Init(init) => init_profile(options, &store, init),
        ProfileCommand::SmtpLogin(login) => {
            smtp_login::login(options, &store, login.password_stdin)
        }
        ProfileCommand::SmtpLogout => smtp_login::logout(options, &store),
        ProfileCommand::Show { name, json } => {
            let file = store.load()?;
            let name = name.or_else(|| options.profile.clone());
            let Some((name, p)) = file.select(name.as_deref())? else {
                return Err(no_profile());
            };
            if let Err(problems) = p.check() {
                for (key, e) in problems {
                    term::warning(&format!("profile key {key}: {e}"));
                }
            }
            let is_default = file.default.as_deref() == Some(name);
            let out = if json {
                let mut doc = json!({
                    "schema": PROFILE_SCHEMA,
                    "name": name,
                    "default": is_default,
                    "profile": p,
                });
                if let Some(object) = doc.as_object_mut() {
                    paths::insert_path(object, "path", &store.path());
                }
                pretty_json(&doc)?
            } else {
                let mut out = format!(
                    "name: {name}{}\nfile: {}\n",
                    if is_default { " (default)" } else { "" },
                    store.path().display()
                );
                for key in Key::ALL {
                    if let Some(v) = p.get(key) {
                        out.push_str(&format!("{key}: {}\n", term::escape_controls(&v)));
                    }
                }
                out
            };
            write_stdout(out.as_bytes()).map(|()| 0)
        }
        ProfileCommand::Set { key, value } => {
            let key = Key::parse(&key)
                .ok_or_else(|| Error::Usage(format!("\"{key}\" is not a profile key")))?;
            let wanted = options.profile.clone();
            let mut checked = Profile::default();
            checked
                .set(key, &value)
                .map_err(|e| Error::Data(format!("profile key {key}: {e}")))?;
            let name = store.update(|file| {
                let name = match file.select(wanted.as_deref())? {
                    Some((name, _)) => name.to_string(),
                    None => return Err(no_profile()),
                };
                if let Some(p) = file.profiles.get_mut(&name) {
                    p.set(key, &value)
                        .map_err(|e| Error::Data(format!("profile key {key}: {e}")))?;
                }
                Ok(name)
            })?;
            if !options.quiet {
                term::note(&format!("profile \"{name}\": {key} {}", describe(&value)));
            }
            Ok(0)
        }
        ProfileCommand::List { json } => {
            let file = store.load()?;
            let out = if json {
                let list: Vec<_> = file
                    .profiles
                    .iter()
                    .map(|(name, p)| {
                        json!({
                            "name": name,
                            "default": file.default.as_deref() == Some(name.as_str()),
                            "org": p.org,
                            "login_email": p.login_email,
                            "plan": p.plan,
                        })
                    })
                    .collect();
                pretty_json(&json!(list))?
            } else {
                if file.profiles.is_empty() && !options.quiet {
                    term::note(&format!("no profiles yet; {}", init_command()));
                }
                file.profiles
                    .iter()
                    .map(|(name, p)| {
                        let mark = if file.default.as_deref() == Some(name.as_str()) {
                            '*'
                        } else {
                            ' '
                        };
                        let org = p.org.as_deref().unwrap_or("-");
                        let email = p.login_email.as_deref().unwrap_or("-");
                        let e = term::escape_controls;
                        format!("{mark} {}\t{} <{}>\n", e(name), e(org), e(email))
                    })
                    .collect()
            };
            write_stdout(out.as_bytes()).map(|()| 0)
        }
        ProfileCommand::Use { name } => {
            store.update(|file| {
                if !file.profiles.contains_key(&name) {
                    return Err(file.unknown(&name));
                }
                file.default = Some(name.clone());
                Ok(())
            })?;
            if !options.quiet {
                term::note(&format!("\"{name}\" is now the default profile"));
            }
            Ok(0)
        }
        ProfileCommand::Remove { name } => {
            let new_default = store.update(|file| {
                if file.profiles.remove(&name).is_none() {
                    return Err(file.unknown(&name));
                }
                if file.default.as_deref() == Some(name.as_str()) {
                    // With one profile left there is no doubt which one to use.
                    file.default = match file.profiles.len() {
                        1 => file.profiles.keys().next().cloned(),
                        _ => None,
                    };
                }
                Ok(file.default.clone())
            })?;
            if !options.quiet {
                term::note(&format!("removed profile \"{name}\""));
                if new_default.is_none() {
                    term::note(
                        "no default profile now; pick one with `9pic-help profile use NAME`",
                    );
                }
            }
            Ok(0)
        }
        ProfileCommand::Path { json } => {
            let history = History::new(&dirs.data.path).path();
            let out = if json {
                let place = |l: &Located| {
                    let mut v = paths::path_object("path", &l.path);
                    if let Some(o) = v.as_object_mut() {
                        o.insert("source".into(), l.source.kind().into());
                        o.insert("from".into(), l.source.name().into());
                    }
                    v
                };
                let mut doc = serde_json::Map::new();
                doc.insert("config_dir".into(), place(&dirs.config));
                paths::insert_path(&mut doc, "profiles", &store.path());
                doc.insert("data_dir".into(), place(&dirs.data));
                paths::insert_path(&mut doc, "history", &history);
                pretty_json(&serde_json::Value::Object(doc))?
            } else {
                format!(
                    "config dir: {}  ({})\nprofiles:   {}\ndata dir:   {}  ({})\nhistory:    {}\n",
                    dirs.config.path.display(),
                    dirs.config.source,
                    store.path().display(),
                    dirs.data.path.display(),
                    dirs.data.source,
                    history.display()
                )
            };
            write_stdout(out.as_bytes()).map(|()| 0)
        }
    }
}

/// `profile init [NAME]`: flags first, prompts on a terminal for what is still missing.
fn init_profile(options: &Options, store: &Profiles, init: ProfileInit) -> Result<u8, Error> {
    let name = init
        .name
        .clone()
        .unwrap_or_else(|| DEFAULT_NAME.to_string());
    profile::check_name(&name).map_err(Error::Data)?;
    let mut given = given_values(&options.identity, &init)?;
    let existing = store.load()?.profiles.get(&name).cloned();
    let has = |key: Key, given: &[(Key, String)]| {
        given.iter().any(|(k, _)| *k == key)
            || existing.as_ref().is_some_and(|p| p.get(key).is_some())
    };
    if options.interactive {
        crate::prompt::guard_interrupt();
        for key in [Key::Org, Key::LoginEmail, Key::Plan, Key::SenderName] {
            if !has(key, &given)
                && let Some(v) = ask(key)?
            {
                given.push((key, v));
            }
        }
    }
    let mut problems = Problems::default();
    let mut draft = existing.clone().unwrap_or_default();
    for (key, value) in &given {
        if let Err(e) = draft.set(*key, value) {
            problems.push(Problem::new(ProblemKind::Invalid, flag_for(*key), e));
        }
    }
    for key in [Key::Org, Key::LoginEmail] {
        if draft.get(key).is_none() {
            problems.push(
                Problem::new(
                    ProblemKind::Missing,
                    flag_for(key),
                    format!("the profile needs {}", key.about()),
                )
                .with_hint(format!(
                    "add `{} {}` to this command",
                    flag_for(key),
                    if key == Key::Org { "NAME" } else { "EMAIL" }
                )),
            );
        }
    }
    if !problems.is_empty() {
        return Err(Error::ProfileProblems(problems));
    }
    let is_default = store.update(|file| {
        file.profiles.insert(name.clone(), draft.clone());
        let default_missing = file
            .default
            .as_ref()
            .is_none_or(|d| !file.profiles.contains_key(d));
        if init.default || default_missing {
            file.default = Some(name.clone());
        }
        Ok(file.default.as_deref() == Some(name.as_str()))
    })?;
    if !options.quiet {
        term::note(&format!(
            "{} profile \"{name}\"{} in {}",
            if existing.is_some() {
                "updated"
            } else {
                "saved"
            },
            if is_default { " (default)" } else { "" },
            store.path().display()
        ));
        if draft.plan.is_none() {
            term::note(
                "no plan saved: tickets will need --plan, or `9pic-help profile set plan pro`",
            );
        }
    }
    Ok(0)
}

/// The values `profile init` got from flags, as (key, text).
fn given_values(identity: &Identity, init: &ProfileInit) -> Result<Vec<(Key, String)>, Error> {
    let text = |v: &OsString, key: Key| -> Result<String, Error> {
        v.to_str()
            .map(str::to_string)
            .ok_or_else(|| Error::Data(format!("{} is not valid UTF-8 text", flag_for(key))))
    };
    let mut given = Vec::new();
    for (key, value) in [
        (Key::Org, &identity.org),
        (Key::LoginEmail, &identity.login_email),
        (Key::Plan, &identity.plan),
        (Key::SenderName, &identity.sender_name),
    ] {
        if let Some(v) = value {
            given.push((key, text(v, key)?));
        }
    }
    for (key, value) in [
        (Key::Timezone, &init.timezone),
        (Key::Delivery, &init.delivery),
        (Key::SmtpHost, &init.smtp_host),
        (Key::SmtpPort, &init.smtp_port),
        (Key::SmtpUsername, &init.smtp_username),
        (Key::SmtpSecurity, &init.smtp_security),
    ] {
        if let Some(v) = value {
            given.push((key, v.clone()));
        }
    }
    if !init.cc.is_empty() {
        given.push((Key::Cc, init.cc.join(",")));
    }
    Ok(given)
}

/// The flag of `profile init` that sets `key`.
fn flag_for(key: Key) -> String {
    format!("--{}", key.name().replace(['_', '.'], "-"))
}

/// Asks for one profile value on the terminal; empty input skips optional keys.
fn ask(key: Key) -> Result<Option<String>, Error> {
    let required = matches!(key, Key::Org | Key::LoginEmail);
    let prompt = format!("{} ({})", key.name(), key.about());
    let answer: String = dialoguer::Input::new()
        .with_prompt(prompt)
        .allow_empty(!required)
        .validate_with(|v: &String| -> Result<(), String> {
            if v.trim().is_empty() {
                return Ok(());
            }
            profile::check_value(key, v.trim())
        })
        .interact_text()
        .map_err(crate::prompt::prompt_error)?;
    let answer = answer.trim().to_string();
    Ok((!answer.is_empty()).then_some(answer))
}

/// The command that creates a first profile.
pub fn init_command() -> String {
    "create one with `9pic-help profile init --org NAME --login-email EMAIL --plan PLAN`".into()
}

/// No profile to show or change.
fn no_profile() -> Error {
    Error::Config {
        message: "there is no profile to use".into(),
        hint: Some(format!(
            "{}, or pick a saved one with `9pic-help profile use NAME`",
            init_command()
        )),
    }
}

/// `set to "x"` or `cleared`.
fn describe(value: &str) -> String {
    if value.trim().is_empty() {
        "cleared".into()
    } else {
        format!("set to \"{}\"", value.trim())
    }
}
