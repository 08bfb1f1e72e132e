//! The saved state around one ticket: the profile it is composed with, the
//! history it threads on (`escalate --last/--ticket`) and is checked against (the
//! duplicate guard), and the record it leaves behind.
//!
//! Loading happens before `resolve`; recording after `deliver`. What lies between
//! stays pure: it only sees the values loaded here.

use crate::cli::{GlobalArgs, TicketArgs};
use crate::compose::checklist::Ticket;
use crate::email::Email;
use crate::error::Error;
use crate::manage::{self, unknown_ticket};
use crate::store::history::{History, Keys, Loaded, NewRecord, Record};
use crate::store::paths::Dirs;
use crate::store::profile::{Key, Profile, Profiles};
use crate::term;

/// Everything saved that a ticket may use.
#[derive(Debug, Clone)]
pub struct TicketState {
    pub dirs: Dirs,
    /// The profile in use and its name, if there is one.
    pub profile: Option<(String, Profile)>,
    /// The history so far (empty when it cannot be read; a warning says so).
    pub history: Loaded,
}

/// Loads the profile (`--profile`, `NINEPIC_HELP_PROFILE`, or the default) and the
/// history. A profile value that a flag does not override is checked here like the
/// flag it stands for: a bad one is a config error (exit 78) naming the key.
pub fn load(global: &GlobalArgs) -> Result<TicketState, Error> {
    let dirs = manage::dirs(global)?;
    let store = Profiles::new(&dirs.config.path);
    let file = store.load()?;
    let wanted = manage::wanted_profile(global);
    let profile = match file.select(wanted.as_deref())? {
        Some((name, p)) => {
            check_profile(global, name, p, &store)?;
            Some((name.to_string(), p.clone()))
        }
        None => None,
    };
    let history = History::new(&dirs.data.path);
    let history = match history.load() {
        Ok(h) => h,
        Err(e) => {
            term::warning(&format!("{e}; composing without the history"));
            Loaded::default()
        }
    };
    Ok(TicketState {
        dirs,
        profile,
        history,
    })
}

/// Checks the values of `p` that the command line does not replace.
fn check_profile(
    global: &GlobalArgs,
    name: &str,
    p: &Profile,
    store: &Profiles,
) -> Result<(), Error> {
    let mut used = p.clone();
    for (key, flag) in [
        (Key::Org, &global.org),
        (Key::LoginEmail, &global.login_email),
        (Key::Plan, &global.plan),
        (Key::SenderName, &global.sender_name),
    ] {
        if flag.is_some() {
            used.clear(key);
        }
    }
    let Err(problems) = used.check() else {
        return Ok(());
    };
    let mut message = format!(
        "profile \"{name}\" ({}) has {} unusable value{}:",
        store.path().display(),
        problems.len(),
        if problems.len() == 1 { "" } else { "s" }
    );
    for (key, e) in &problems {
        message.push_str(&format!("\n  - profile key {key}: {e}"));
    }
    let first = problems.first().map_or("KEY", |(k, _)| k.name());
    Err(Error::Config {
        message,
        hint: Some(format!(
            "fix it with `9pic-help profile set {first} VALUE`, or override it with its flag"
        )),
    })
}

/// For `escalate --last` / `--ticket ID`: takes those flags out of `args`, fills the
/// original subject from the history (unless `--subject` gave one) and returns the
/// original Message-ID to thread on. Other categories pass through untouched.
pub fn thread(args: &mut TicketArgs, history: &Loaded) -> Result<Option<String>, Error> {
    if args.category.id != crate::catalog::CategoryId::Escalate {
        return Ok(None);
    }
    let take = |args: &mut TicketArgs, key: &str| -> Option<Vec<std::ffi::OsString>> {
        let i = args.items.iter().position(|(k, _)| *k == key)?;
        Some(args.items.remove(i).1)
    };
    let last = take(args, "last").is_some();
    let ticket = take(args, "ticket").and_then(|v| v.last().cloned());
    let record: &Record = match (last, ticket) {
        (false, None) => return Ok(None),
        (true, Some(_)) => {
            return Err(Error::Usage(
                "--last and --ticket both name the ticket to escalate; give one".into(),
            ));
        }
        (true, None) => history.last().ok_or_else(|| {
            Error::Data(
                "the history is empty, so there is no last ticket; give --subject ORIGINAL".into(),
            )
        })?,
        (false, Some(id)) => {
            let id = id.to_string_lossy();
            history.find(&id).ok_or_else(|| unknown_ticket(&id))?
        }
    };
    if !args.items.iter().any(|(k, _)| *k == "original_subject") {
        args.items
            .push(("original_subject", vec![record.subject.clone().into()]));
    }
    Ok(Some(record.message_id.clone()))
}

/// The payment ID, event ID and domain of a ticket.
pub fn keys_of(ticket: &Ticket) -> Keys {
    Keys {
        payment_id: ticket.text("payment_id"),
        event_id: ticket.text("event_id"),
        domain: ticket.text("domain"),
    }
}

/// The duplicate guard: a warning when a ticket in the last 24 hours had the same
/// payment ID, event ID or domain, pointing to `escalate --ticket` instead.
pub fn duplicate_warning(ticket: &Ticket, history: &Loaded) -> Option<String> {
    let (earlier, what, value) = history.duplicate_of(&keys_of(ticket), ticket.date)?;
    Some(format!(
        "ticket {id} (\"{subject}\", {time}) already asked about {what} {value} in the last \
         24 hours; to follow it up instead, run `9pic-help escalate --ticket {id} --summary TEXT`",
        id = earlier.id,
        subject = earlier.subject,
        time = earlier.time.strftime("%Y-%m-%d %H:%M UTC"),
    ))
}

/// Appends the ticket to the history (unless `--no-history`); returns its record.
pub fn record(
    global: &GlobalArgs,
    state: &TicketState,
    ticket: &Ticket,
    email: &Email,
    delivery: &str,
) -> Result<Option<Record>, Error> {
    if global.no_history {
        return Ok(None);
    }
    let new = NewRecord {
        time: ticket.date,
        category: ticket.category.name.to_string(),
        subject: email.subject.clone(),
        to: email.to.join(", "),
        message_id: email.message_id.clone(),
        delivery: delivery.to_string(),
        profile: state.profile.as_ref().map(|(name, _)| name.clone()),
        keys: keys_of(ticket),
    };
    History::new(&state.dirs.data.path).append(new).map(Some)
}
