//! 9pic-help: compose a checked, complete support ticket for 9Pic.
//!
//! The road: argv → [`cli`] → [`resolve`] (a loose [`resolve::Draft`]) →
//! [`checklist`] (a valid [`checklist::Ticket`]) → [`render`] (an
//! [`email::Email`]) → [`deliver`]. Everything between `resolve` and
//! `deliver` is pure.

pub mod catalog;
pub mod checklist;
pub mod cli;
pub mod complete;
pub mod deliver;
pub mod email;
pub mod error;
pub mod guide;
pub mod history;
pub mod manage;
pub mod paths;
pub mod profile;
pub mod render;
pub mod resolve;
pub mod state;
pub mod store;
pub mod ui;
pub mod when;

use cli::{Cli, Command, GlobalArgs, TicketArgs};
pub use error::Error;

/// Runs one invocation; returns the exit code on success.
pub fn run(cli: Cli) -> Result<u8, Error> {
    match cli.command {
        Some(Command::Ticket(args)) => ticket(&cli.global, args),
        Some(Command::Guide { json }) => guide::guide(json).map(|()| 0),
        Some(Command::Schema { category }) => {
            let name = category.map(|c| c.to_string_lossy().into_owned());
            guide::schema(name.as_deref()).map(|()| 0)
        }
        Some(Command::Completions { shell }) => complete::print_script(shell).map(|()| 0),
        Some(Command::Profile(cmd)) => manage::profile(&cli.global, cmd),
        Some(Command::History(args)) => manage::history(&cli.global, args),
        None => Err(Error::Usage(
            "no command given; run `9pic-help guide` to pick one, or `9pic-help --help`".into(),
        )),
    }
}

/// Composes one ticket and writes it out.
fn ticket(global: &GlobalArgs, mut args: TicketArgs) -> Result<u8, Error> {
    let saved = state::load(global)?;
    let in_reply_to = state::thread(&mut args, &saved.history)?;
    let profile = saved.profile.as_ref().map(|(_, p)| p);
    let mut draft = resolve::draft(global, args, profile)?;
    draft.in_reply_to = in_reply_to;
    let mut ticket = checklist::validate(draft)?;
    if let Some(w) = state::duplicate_warning(&ticket, &saved.history) {
        ticket.warnings.push(w);
    }
    let email = render::render(&ticket)?;
    for w in &ticket.warnings {
        ui::warning(w);
    }
    deliver::stdout(global.format, &ticket, &email)?;
    // The ticket is out; failing now would invite a duplicate, so only warn.
    if let Err(e) = state::record(global, &saved, &ticket, &email, "stdout") {
        ui::warning(&format!("the ticket was not added to the history: {e}"));
    }
    if ticket.channel == catalog::Channel::Form {
        let url = catalog::CONTACT_FORM_URL;
        if let Err(e) = open::that_detached(url) {
            return Err(Error::Unavailable {
                what: format!("could not open the contact form in a browser: {e}"),
                hint: Some(format!(
                    "open {url} yourself and paste the text printed above"
                )),
            });
        }
        if !global.quiet {
            ui::note(&format!("opened {url}; paste the text above into the form"));
        }
    }
    if !global.quiet {
        ui::note(&format!(
            "expected response: {}",
            ticket.expected_response()
        ));
    }
    Ok(0)
}
