//! 9pic-help: compose a checked, complete support ticket for 9Pic.
//!
//! The road: argv → [`cli`] → [`resolve`] (a loose [`resolve::Draft`]) →
//! [`checklist`] (a valid [`checklist::Ticket`]) → [`render`] (an
//! [`email::Email`]) → [`deliver`]. Everything between `resolve` and
//! `deliver` is pure.

pub mod catalog;
pub mod cli;
pub mod complete;
pub mod compose;
pub mod deliver;
pub mod doctor;
pub mod email;
pub mod error;
pub mod guide;
pub mod history;
pub mod manage;
pub mod outbox;
pub mod paths;
pub mod profile;
pub mod prompt;
pub mod resolve;
pub mod secret;
pub mod send;
pub mod smtp;
pub mod state;
pub mod store;
pub mod term;

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
        Some(Command::Outbox(cmd)) => send::outbox(&cli.global, cmd),
        Some(Command::Doctor { json }) => doctor::run(doctor_inputs(&cli.global)?, json),
        None if prompt::interactive(cli.global.no_input) => match prompt::pick_category()? {
            prompt::Picked::Category(category) => ticket(&cli.global, blank_ticket(category)),
            prompt::Picked::SelfServe => Ok(0),
        },
        None => Err(Error::Usage(
            "no command given; run `9pic-help guide` to pick one, or `9pic-help --help`".into(),
        )),
    }
}

/// A ticket request with nothing given yet, for the guided picker.
fn blank_ticket(category: &'static catalog::Category) -> TicketArgs {
    TicketArgs {
        category,
        items: Vec::new(),
        details: None,
        details_file: None,
        tried: Vec::new(),
        attach: Vec::new(),
        cc: Vec::new(),
        force: false,
        open: None,
        edit: false,
        send: false,
        stdout: false,
        no_redact: false,
    }
}

/// What `doctor` checks: the directories and the profile as a ticket would load them.
fn doctor_inputs(global: &GlobalArgs) -> Result<doctor::Inputs, Error> {
    let dirs = manage::dirs(global)?;
    let wanted = manage::wanted_profile(global);
    let profile = profile::Profiles::new(&dirs.config.path)
        .load()
        .and_then(|file| {
            file.select(wanted.as_deref())
                .map(|p| p.map(|(_, p)| p.clone()))
        });
    Ok(doctor::Inputs {
        config_dir: dirs.config.path,
        data_dir: dirs.data.path,
        profile,
    })
}

/// Composes one ticket and writes it out.
fn ticket(global: &GlobalArgs, mut args: TicketArgs) -> Result<u8, Error> {
    let saved = state::load(global)?;
    // Flags choose the sink; otherwise the profile's default delivery does.
    let default = match (&args.open, args.send, args.stdout) {
        (None, false, false) => saved
            .profile
            .as_ref()
            .and_then(|(_, p)| p.delivery.as_deref())
            .and_then(profile::parse_delivery),
        _ => None,
    };
    let open_target = match &args.open {
        Some(v) => Some(deliver::handoff::Target::parse(&v.to_string_lossy())?),
        None if default == Some(profile::Delivery::Open) => Some(deliver::handoff::Target::Client),
        None => None,
    };
    let edit = args.edit;
    let send = args.send || default == Some(profile::Delivery::Send);
    let redact = !args.no_redact;
    let details_from_file = args.details_file.is_some();
    let in_reply_to = state::thread(&mut args, &saved.history)?;
    let profile = saved.profile.as_ref().map(|(_, p)| p);
    let (mut draft, now) = resolve::draft(global, args, profile)?;
    draft.in_reply_to = in_reply_to;
    if prompt::interactive(global.no_input) {
        draft = prompt::fill_missing(draft, &now)?;
    }
    let settings = compose::Settings {
        redact,
        details_from_file,
        // Web mail links cannot carry files; a client gets an .eml draft.
        attachments_travel: send
            || open_target == Some(deliver::handoff::Target::Client)
            || (open_target.is_none() && global.format == cli::Format::Eml),
    };
    let earlier = state::earlier(&saved.history);
    let mut composed = compose::compose(draft, &earlier, settings, &now)?;
    if edit {
        let body = prompt::edit_body(&composed.email.body)?;
        composed.edited(body, redact);
    }
    let compose::Composed {
        ticket,
        email,
        notes,
    } = composed;
    for w in &notes {
        term::warning(w);
    }
    let delivery = match open_target {
        Some(target) if ticket.channel() != catalog::Channel::Form => deliver::handoff::open(
            target,
            global.format,
            &ticket,
            &notes,
            &email,
            &saved.dirs.data.path.join("drafts"),
            global.quiet,
        )?
        .label(),
        _ if send => {
            send::ticket(global, &saved, &ticket, &notes, &email)?;
            "send"
        }
        _ => {
            deliver::stdout(global.format, &ticket, &email, &notes)?;
            "stdout"
        }
    };
    // The email is out (printed, or handed over), so nothing is lost; a history
    // that cannot be written still fails the run (73) so scripts notice, with
    // --no-history to skip it.
    let recorded = state::record(global, &saved, &ticket, &email, delivery);
    if ticket.channel() == catalog::Channel::Form {
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
            term::note(&format!("opened {url}; paste the text above into the form"));
        }
    }
    if !global.quiet {
        term::note(&format!(
            "expected response: {}",
            ticket.expected_response()
        ));
    }
    recorded.map_err(|e| match e {
        Error::CantCreate { path, reason } => Error::CantCreate {
            path,
            reason: format!(
                "{reason} (the email itself went out via {delivery}; pass --no-history to skip the history)"
            ),
        },
        other => other,
    })?;
    Ok(0)
}
