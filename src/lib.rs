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
pub mod doctor;
pub mod email;
pub mod error;
pub mod guide;
pub mod profile;
pub mod prompt;
pub mod render;
pub mod resolve;
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
        Some(Command::Doctor { json }) => doctor::run(doctor_inputs()?, json),
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
    }
}

/// The config and data directories: the override variable, else the
/// platform's place. (To be replaced by the profile store's path resolution.)
fn state_dirs() -> Result<(std::path::PathBuf, std::path::PathBuf), Error> {
    let var = |name: &str| {
        std::env::var_os(name)
            .filter(|v| !v.is_empty())
            .map(std::path::PathBuf::from)
    };
    let platform = directories::ProjectDirs::from("ai", "9pic", "9pic-help");
    let pick = |env: &str, f: fn(&directories::ProjectDirs) -> &std::path::Path| {
        var(env)
            .or_else(|| platform.as_ref().map(|d| f(d).to_path_buf()))
            .ok_or_else(|| Error::Config {
                message: "cannot find a home directory for the tool's files".into(),
                hint: Some(format!("set HOME, or {env}")),
            })
    };
    Ok((
        pick(
            "NINEPIC_HELP_CONFIG_DIR",
            directories::ProjectDirs::config_dir,
        )?,
        pick("NINEPIC_HELP_DATA_DIR", directories::ProjectDirs::data_dir)?,
    ))
}

/// What `doctor` checks. (The profile load joins when the profile store lands.)
fn doctor_inputs() -> Result<doctor::Inputs, Error> {
    let (config_dir, data_dir) = state_dirs()?;
    Ok(doctor::Inputs {
        config_dir,
        data_dir,
        profile: Ok(None),
    })
}

/// Composes one ticket and writes it out.
fn ticket(global: &GlobalArgs, args: TicketArgs) -> Result<u8, Error> {
    let open_target = match &args.open {
        Some(v) => Some(deliver::handoff::Target::parse(&v.to_string_lossy())?),
        None => None,
    };
    let edit = args.edit;
    let mut draft = resolve::draft(global, args, None)?;
    if prompt::interactive(global.no_input) {
        draft = prompt::fill_missing(draft)?;
    }
    let ticket = checklist::validate(draft)?;
    let mut email = render::render(&ticket)?;
    if edit {
        email.body = prompt::edit_body(&email.body)?;
    }
    for w in &ticket.warnings {
        ui::warning(w);
    }
    match open_target {
        Some(target) if ticket.channel != catalog::Channel::Form => {
            let (_, data_dir) = state_dirs()?;
            deliver::handoff::open(
                target,
                global.format,
                &ticket,
                &email,
                &data_dir.join("drafts"),
                global.quiet,
            )?;
        }
        _ => deliver::stdout(global.format, &ticket, &email)?,
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
