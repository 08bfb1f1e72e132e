//! The saved state a ticket reads: the profile (checked like the flags it
//! stands for), the history, and the earlier ticket an escalation follows up.

use crate::catalog::channels::Response;
use crate::cli::TicketInput;
use crate::compose::Earlier;
use crate::compose::draft::Thread;
use crate::compose::duplicate::Lookup;
use crate::error::{Error, Problem, ProblemKind, Problems};
use crate::options::{Identity, Options};
use crate::store::history::{History, Loaded, Record};
use crate::store::profile::{Key, Profile, Profiles};

/// Loads the profile (`--profile`, `NINEPIC_HELP_PROFILE`, or the default) and its name.
/// A profile value that a flag does not override is checked here like the flag
/// it stands for: a bad one is a config error (exit 78) naming the key.
pub fn profile(options: &Options) -> Result<Option<(String, Profile)>, Error> {
    let store = Profiles::new(&options.dirs.config.path);
    let file = store.load()?;
    match file.select(options.profile.as_deref())? {
        Some((name, p)) => {
            check_profile(&options.identity, name, p, &store)?;
            Ok(Some((name.to_string(), p.clone())))
        }
        None => Ok(None),
    }
}

/// The clock now, in the zone side commands show times in: the profile's
/// when one is in use and readable, else the system's.
pub fn now(options: &Options) -> Result<jiff::Zoned, Error> {
    match profile(options) {
        Ok(Some((_, p))) => {
            crate::resolve::draft::now(Some(&p)).or_else(|_| crate::resolve::draft::now(None))
        }
        _ => crate::resolve::draft::now(None),
    }
}

/// The earlier ticket the duplicate guard names, if any: the newest one
/// `lookup` matches, read from the history's end back at most to the
/// guard's window (a long history costs a ticket nothing, and a run of
/// tickets about one payment reads back only to the last of them). When the
/// history cannot be read: none, and the warning that says so.
pub fn duplicate(options: &Options, lookup: Option<&Lookup>) -> (Option<Earlier>, Option<String>) {
    let Some(lookup) = lookup else {
        return (None, None);
    };
    let values = lookup.values();
    let history = History::new(&options.dirs.data.path);
    let found = history.newest_since(lookup.since(), Some(&values), |r| {
        lookup.shared(&Earlier::from(r)).is_some()
    });
    match found {
        Ok(found) => (found.as_ref().map(Earlier::from), None),
        Err(e) => (None, Some(format!("{e}; composing without the history"))),
    }
}

/// Checks the values of `p` that the command line does not replace.
fn check_profile(flags: &Identity, name: &str, p: &Profile, store: &Profiles) -> Result<(), Error> {
    let mut used = p.clone();
    for (key, flag) in [
        (Key::Org, &flags.org),
        (Key::LoginEmail, &flags.login_email),
        (Key::Plan, &flags.plan),
        (Key::SenderName, &flags.sender_name),
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

/// For `escalate --last` / `--ticket ID`: the earlier ticket from the history
/// file, read from its end back only as far as that ticket.
pub fn thread(options: &Options, args: &TicketInput) -> Result<Option<Thread>, Error> {
    let history = History::new(&options.dirs.data.path);
    thread_by(args, |named| match named {
        Named::Last => history.newest(),
        Named::Id(id) => history.find_back(id),
    })
}

/// [`thread`] with the history already in memory (the in-process road).
pub fn thread_in(args: &TicketInput, history: &Loaded) -> Result<Option<Thread>, Error> {
    thread_by(args, |named| {
        Ok(match named {
            Named::Last => history.last().cloned(),
            Named::Id(id) => history.find(id).cloned(),
        })
    })
}

/// The earlier ticket an escalation names.
enum Named<'a> {
    Last,
    Id(&'a str),
}

/// Other categories, and an escalation without `--last` or `--ticket`,
/// follow up nothing (and `lookup` is not called).
fn thread_by(
    args: &TicketInput,
    lookup: impl FnOnce(Named) -> Result<Option<Record>, Error>,
) -> Result<Option<Thread>, Error> {
    if args.category.id != crate::catalog::CategoryId::Escalate {
        return Ok(None);
    }
    let given = |key: &str| args.items.iter().find(|(k, _)| *k == key).map(|(_, v)| v);
    let last = given("last").is_some();
    let ticket = given("ticket").and_then(|v| v.last());
    let record = match (last, ticket) {
        (false, None) => return Ok(None),
        (true, Some(_)) => {
            return Err(Error::Usage(
                "--last and --ticket both name the ticket to escalate; give one".into(),
            ));
        }
        (true, None) => lookup(Named::Last)?.ok_or_else(|| {
            not_found(
                "--last",
                "the history is empty, so there is no last ticket; give --subject ORIGINAL".into(),
            )
        })?,
        (false, Some(id)) => {
            let id = id.to_string_lossy();
            lookup(Named::Id(&id))?
                .ok_or_else(|| not_found("--ticket", Loaded::missing(&id).to_string()))?
        }
    };
    Ok(Some(Thread {
        urgent: record.response == Some(Response::SameDay),
        id: record.id,
        message_id: record.message_id,
        subject: record.subject,
        due: record.due,
    }))
}

/// Splits the outcome of [`thread`] or [`thread_in`]: an earlier ticket the
/// history does not hold becomes problems for the draft, reported together
/// with the ticket's others (a missing profile too); other errors stay errors.
pub fn or_problems(
    found: Result<Option<Thread>, Error>,
) -> Result<(Option<Thread>, Problems), Error> {
    match found {
        Ok(thread) => Ok((thread, Problems::default())),
        Err(Error::Problems(p)) => Ok((None, p)),
        Err(e) => Err(e),
    }
}

/// An earlier ticket the history does not hold: a problem with `flag`, so it
/// is reported with the ticket's other problems (a missing profile too).
fn not_found(flag: &str, message: String) -> Error {
    Error::Problems(Problems(vec![Problem::new(
        ProblemKind::Invalid,
        flag,
        message,
    )]))
}
