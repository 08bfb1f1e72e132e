//! The `profile` and `history` commands: show and change the saved state.
//!
//! Tables and notes go to stderr or stdout as usual (data on stdout, chatter on
//! stderr); `--json` prints one document for scripts.

use std::ffi::OsString;
use std::io::IsTerminal;

use serde_json::json;

use crate::cli::{GlobalArgs, HistoryArgs, HistoryCommand, ProfileCommand, ProfileInit};
use crate::deliver::write_stdout;
use crate::error::{Error, Problem, ProblemKind, Problems};
use crate::store::history::{History, Record};
use crate::store::paths::{Dirs, Located};
use crate::store::profile::{self, DEFAULT_NAME, Key, Profile, Profiles};
use crate::term;

/// Version of the JSON `profile show --json` prints.
pub const PROFILE_SCHEMA: &str = "9pic-help.profile/1";
/// Version of the JSON `history --json` and `history show --json` print.
pub const HISTORY_SCHEMA: &str = "9pic-help.history/1";

/// The tool's directories for this invocation (flag, environment, platform).
pub fn dirs(global: &GlobalArgs) -> Result<Dirs, Error> {
    Dirs::resolve(global.config_dir.as_deref(), |k| std::env::var_os(k))
}

/// The profile asked for with `--profile` or `NINEPIC_HELP_PROFILE`, if any.
pub fn wanted_profile(global: &GlobalArgs) -> Option<String> {
    global
        .profile
        .clone()
        .filter(|s| !s.is_empty())
        .or_else(|| {
            std::env::var(profile::PROFILE_ENV)
                .ok()
                .filter(|s| !s.trim().is_empty())
        })
}

/// Runs one `profile …` command.
pub fn profile(global: &GlobalArgs, cmd: ProfileCommand) -> Result<u8, Error> {
    let dirs = dirs(global)?;
    let store = Profiles::new(&dirs.config.path);
    match cmd {
        ProfileCommand::Init(init) => init_profile(global, &store, init),
        ProfileCommand::SmtpLogin(login) => crate::send::smtp_login(global, &store, &login),
        ProfileCommand::SmtpLogout => crate::send::smtp_logout(global, &store),
        ProfileCommand::Show { name, json } => {
            let file = store.load()?;
            let name = name.or_else(|| wanted_profile(global));
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
                let doc = json!({
                    "schema": PROFILE_SCHEMA,
                    "name": name,
                    "default": is_default,
                    "path": store.path(),
                    "profile": p,
                });
                pretty(&doc)?
            } else {
                let mut out = format!(
                    "name: {name}{}\nfile: {}\n",
                    if is_default { " (default)" } else { "" },
                    store.path().display()
                );
                for key in Key::ALL {
                    if let Some(v) = p.get(key) {
                        out.push_str(&format!("{key}: {v}\n"));
                    }
                }
                out
            };
            write_stdout(out.as_bytes()).map(|()| 0)
        }
        ProfileCommand::Set { key, value } => {
            let key = Key::parse(&key)
                .ok_or_else(|| Error::Usage(format!("\"{key}\" is not a profile key")))?;
            let wanted = wanted_profile(global);
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
            if !global.quiet {
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
                pretty(&json!(list))?
            } else {
                if file.profiles.is_empty() && !global.quiet {
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
                        format!("{mark} {name}\t{org} <{email}>\n")
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
            if !global.quiet {
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
            if !global.quiet {
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
                let place = |l: &Located| json!({"path": l.path, "source": l.source.kind(), "from": l.source.name()});
                pretty(&json!({
                    "config_dir": place(&dirs.config),
                    "profiles": store.path(),
                    "data_dir": place(&dirs.data),
                    "history": history,
                }))?
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
fn init_profile(global: &GlobalArgs, store: &Profiles, init: ProfileInit) -> Result<u8, Error> {
    let name = init
        .name
        .clone()
        .unwrap_or_else(|| DEFAULT_NAME.to_string());
    profile::check_name(&name).map_err(Error::Data)?;
    let mut given = given_values(global, &init)?;
    let existing = store.load()?.profiles.get(&name).cloned();
    let has = |key: Key, given: &[(Key, String)]| {
        given.iter().any(|(k, _)| *k == key)
            || existing.as_ref().is_some_and(|p| p.get(key).is_some())
    };
    if interactive(global) {
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
                    format!("a profile needs its {}", key.about()),
                )
                .with_hint(init_command()),
            );
        }
    }
    if !problems.is_empty() {
        return Err(Error::Problems(problems));
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
    if !global.quiet {
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
fn given_values(global: &GlobalArgs, init: &ProfileInit) -> Result<Vec<(Key, String)>, Error> {
    let text = |v: &OsString, key: Key| -> Result<String, Error> {
        v.to_str()
            .map(str::to_string)
            .ok_or_else(|| Error::Data(format!("{} is not valid UTF-8 text", flag_for(key))))
    };
    let mut given = Vec::new();
    for (key, value) in [
        (Key::Org, &global.org),
        (Key::LoginEmail, &global.login_email),
        (Key::Plan, &global.plan),
        (Key::SenderName, &global.sender_name),
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

/// Whether prompts are allowed: stdin and stderr are terminals, no `--no-input`, no `CI`.
pub fn interactive(global: &GlobalArgs) -> bool {
    !global.no_input
        && std::env::var_os("CI").is_none_or(|v| v.is_empty())
        && std::io::stdin().is_terminal()
        && std::io::stderr().is_terminal()
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
        .map_err(|_| Error::Cancelled)?;
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

/// Pretty JSON with a final newline.
fn pretty(v: &serde_json::Value) -> Result<String, Error> {
    serde_json::to_string_pretty(v)
        .map(|s| s + "\n")
        .map_err(|e| Error::Internal(format!("JSON: {e}")))
}

/// Runs `history …`.
pub fn history(global: &GlobalArgs, args: HistoryArgs) -> Result<u8, Error> {
    let dirs = dirs(global)?;
    let history = History::new(&dirs.data.path);
    let loaded = history.load()?;
    if !loaded.bad_lines.is_empty() {
        term::warning(&format!(
            "skipped unreadable lines in {}: {}",
            history.path().display(),
            loaded
                .bad_lines
                .iter()
                .map(usize::to_string)
                .collect::<Vec<_>>()
                .join(", ")
        ));
    }
    if let Some(HistoryCommand::Show { id, json }) = args.action {
        let Some(r) = loaded.find(&id) else {
            return Err(unknown_ticket(&id));
        };
        let out = if json {
            pretty(&json!({"schema": HISTORY_SCHEMA, "ticket": r}))?
        } else {
            show_record(r)
        };
        return write_stdout(out.as_bytes()).map(|()| 0);
    }
    let newest: Vec<&Record> = loaded
        .records
        .iter()
        .rev()
        .take(args.limit.unwrap_or(usize::MAX))
        .collect();
    let out = if args.json {
        pretty(&json!({"schema": HISTORY_SCHEMA, "tickets": newest}))?
    } else {
        if newest.is_empty() && !global.quiet {
            term::note("no tickets in the history yet");
        }
        newest
            .iter()
            .map(|r| {
                format!(
                    "{:>4}  {}  {:<10} {}\n",
                    r.id,
                    r.time.strftime("%Y-%m-%d %H:%M UTC"),
                    r.category,
                    r.subject
                )
            })
            .collect()
    };
    write_stdout(out.as_bytes()).map(|()| 0)
}

/// One record as `key: value` lines.
fn show_record(r: &Record) -> String {
    let mut out = format!(
        "id: {}\ntime: {}\ncategory: {}\nsubject: {}\nto: {}\nmessage-id: {}\ndelivery: {}\n",
        r.id, r.time, r.category, r.subject, r.to, r.message_id, r.delivery
    );
    for (label, v) in [
        ("profile", &r.profile),
        ("payment ID", &r.keys.payment_id),
        ("event ID", &r.keys.event_id),
        ("domain", &r.keys.domain),
    ] {
        if let Some(v) = v {
            out.push_str(&format!("{label}: {v}\n"));
        }
    }
    out.push_str(&format!(
        "escalate: 9pic-help escalate --ticket {} --summary TEXT\n",
        r.id
    ));
    out
}

/// No ticket with this ID in the history.
pub fn unknown_ticket(id: &str) -> Error {
    Error::Data(format!(
        "there is no ticket \"{id}\" in the history; `9pic-help history` lists them"
    ))
}
