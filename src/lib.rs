//! 9pic-help: compose a checked, complete support ticket for 9Pic.
//!
//! The road: argv → [`cli`] → [`options`] → [`resolve`] (a loose
//! [`compose::Draft`] and the chosen [`deliver::Sink`]) → [`compose`] (a
//! checked ticket and its [`email::Email`]) → [`edit`] → [`deliver`] →
//! [`record`]. Only `resolve` reads from outside or asks the user; compose is
//! pure; the sinks return their notes, printed here once. The side commands
//! live in [`commands`]; [`road`] runs the road in process for tests.

pub mod catalog;
pub mod cli;
pub mod commands;
pub mod complete;
pub mod compose;
pub mod deliver;
pub mod edit;
pub mod email;
pub mod error;
pub mod help;
pub mod options;
pub mod prompt;
pub mod record;
pub mod resolve;
pub mod road;
pub mod secret;
pub mod store;
pub mod term;

use cli::{Cli, Command, DoctorArgs, GuideArgs, Lazy, TicketArgs, TicketInput};
pub use error::Error;
use options::Options;
use term::Note;

/// Runs one invocation; returns the exit code on success.
pub fn run(cli: Cli) -> Result<u8, Error> {
    let Cli { global, command } = cli;
    let command = match command {
        Some(Command::Schema { category }) => {
            let name = category.map(|c| c.to_string_lossy().into_owned());
            return commands::schema::schema(name.as_deref()).map(|()| 0);
        }
        Some(Command::Completions { shell }) => return complete::print_script(shell).map(|()| 0),
        None if !options::interactive(global.no_input) => {
            return Err(Error::Usage(
                "no command given; run `9pic-help guide` to pick one, or `9pic-help --help`".into(),
            ));
        }
        other => other,
    };
    let options = Options::new(global)?;
    match command {
        Some(Command::Ticket(TicketArgs(input))) => ticket(&options, input),
        Some(Command::Profile(Lazy(cmd))) => commands::profile::run(&options, cmd),
        Some(Command::History(Lazy(args))) => commands::history::run(&options, args),
        Some(Command::Guide(Lazy(GuideArgs { json }))) => commands::guide::run(&options, json),
        Some(Command::Outbox(Lazy(cmd))) => commands::outbox::run(&options, cmd),
        Some(Command::Doctor(Lazy(DoctorArgs { json }))) => {
            commands::doctor::run(commands::doctor::inputs(&options), json)
        }
        _ => match prompt::pick_category()? {
            prompt::Picked::Category(category) => ticket(&options, TicketInput::blank(category)),
            prompt::Picked::SelfServe => Ok(0),
        },
    }
}

/// The ticket road: resolve → compose → edit → deliver → record → notes.
///
/// Text the user typed (standard input, `--edit`) sits in a private draft from
/// the moment it is read: every failure after that names the draft, and a
/// ticket that goes through removes it.
fn ticket(options: &Options, input: TicketInput) -> Result<u8, Error> {
    let resolved = resolve::resolve(options, input)?;
    let mut typed = resolved.typed.clone();
    let result = road(options, resolved, &mut typed);
    match (result, typed) {
        (Ok(code), Some(draft)) => {
            // The ticket went through; the draft has done its job.
            let _ = std::fs::remove_file(&draft);
            Ok(code)
        }
        (Err(e), Some(draft)) => Err(e.with_draft(&draft)),
        (result, None) => result,
    }
}

/// compose → edit → deliver → record → notes; `typed` follows the newest draft.
fn road(
    options: &Options,
    resolved: resolve::Resolved,
    typed: &mut Option<std::path::PathBuf>,
) -> Result<u8, Error> {
    term::show(&resolved.notes, options.quiet);
    let composed = compose::compose(
        resolved.draft,
        resolved.earlier.as_slice(),
        resolved.settings,
        &resolved.now,
    )?;
    let composed = match resolved.edit {
        true => {
            let (edited, draft) = edit::edit(
                composed,
                resolved.settings.redact,
                &resolve::drafts_dir(options),
                options.format,
            )?;
            // The edited text holds the typed details too; one draft is enough.
            if let Some(stdin_draft) = typed.replace(draft) {
                let _ = std::fs::remove_file(stdin_draft);
            }
            edited
        }
        false => composed,
    };
    composed.notes.iter().for_each(|w| term::warning(w));
    let delivered = deliver::deliver(&resolved.sink, &composed, options.format)?;
    let recorded = record::record(options, resolved.profile_name, &composed, delivered.label);
    term::show(&delivered.notes, options.quiet);
    if let Some(failure) = delivered.then {
        return Err(failure);
    }
    let expected = composed.ticket.expected_response();
    term::show(
        &[Note::Info(format!("expected response: {expected}"))],
        options.quiet,
    );
    recorded.map(|()| 0)
}
