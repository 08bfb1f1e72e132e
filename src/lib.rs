//! 9pic-help: compose a checked, complete support ticket for 9Pic.
//!
//! The road: argv → [`cli`] → [`resolve`] (a loose [`resolve::Draft`]) →
//! [`checklist`] (a valid [`checklist::Ticket`]) → [`render`] (an
//! [`email::Email`]) → [`deliver`]. Everything between `resolve` and
//! `deliver` is pure.

pub mod catalog;
pub mod checklist;
pub mod cli;
pub mod deliver;
pub mod email;
pub mod error;
pub mod guide;
pub mod outbox;
pub mod profile;
pub mod render;
pub mod resolve;
pub mod secret;
pub mod send;
pub mod smtp;
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
        Some(Command::Profile(command)) => send::profile(&cli.global, &command),
        Some(Command::Outbox(command)) => send::outbox(&cli.global, &command),
        None => Err(Error::Usage(
            "no command given; run `9pic-help guide` to pick one, or `9pic-help --help`".into(),
        )),
    }
}

/// Composes one ticket and writes it out.
fn ticket(global: &GlobalArgs, args: TicketArgs) -> Result<u8, Error> {
    let draft = resolve::draft(global, args, None)?;
    let ticket = checklist::validate(draft)?;
    let email = render::render(&ticket)?;
    for w in &ticket.warnings {
        ui::warning(w);
    }
    if global.send {
        send::ticket(global, &ticket, &email)?;
    } else {
        deliver::stdout(global.format, &ticket, &email)?;
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
