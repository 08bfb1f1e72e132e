//! Global flags and environment → [`Options`], once per run.
//!
//! This is where the directories, the profile name, the output format and the
//! one rule for prompting are settled; nothing after it reads a global flag or
//! one of these environment variables again.

use std::ffi::OsString;
use std::io::IsTerminal;
use std::path::PathBuf;

use crate::cli::{self, Command, GlobalArgs, TicketArgs, TicketInput};
use crate::error::Error;
use crate::store::paths::{CONFIG_DIR_ENV, Dirs, Source};

/// How a ticket (or an error) is printed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// Headers and body, readable and fit for `sendmail -t`.
    Text,
    /// A complete RFC 5322 / MIME message.
    Eml,
    /// One JSON object.
    Json,
    /// The `mailto:` URL alone.
    Mailto,
}

impl Format {
    /// The format a parsed command line asks for (also for its errors).
    pub fn of(cli: &cli::Cli) -> Format {
        cli.global.format.into()
    }
}

impl From<cli::Format> for Format {
    fn from(f: cli::Format) -> Format {
        match f {
            cli::Format::Text => Format::Text,
            cli::Format::Eml => Format::Eml,
            cli::Format::Json => Format::Json,
            cli::Format::Mailto => Format::Mailto,
        }
    }
}

/// The identity flags as typed (each overrides its profile key).
#[derive(Debug, Clone, Default)]
pub struct Identity {
    pub org: Option<OsString>,
    pub login_email: Option<OsString>,
    pub plan: Option<OsString>,
    pub sender_name: Option<OsString>,
}

impl Identity {
    /// The identity flags of a command line.
    pub fn of(global: &GlobalArgs) -> Identity {
        Identity {
            org: global.org.clone(),
            login_email: global.login_email.clone(),
            plan: global.plan.clone(),
            sender_name: global.sender_name.clone(),
        }
    }
}

/// Everything global about this run, settled once.
#[derive(Debug, Clone)]
pub struct Options {
    /// The config and data directories, each with what chose it.
    pub dirs: Dirs,
    /// The profile asked for (`--profile` or `NINEPIC_HELP_PROFILE`); `None` means the default.
    pub profile: Option<String>,
    pub identity: Identity,
    pub format: Format,
    /// No notes on stderr (`--quiet`).
    pub quiet: bool,
    /// Whether prompts may be shown (see [`interactive`]).
    pub interactive: bool,
    /// Whether tickets are recorded in the history (off with `--no-history`).
    pub history: bool,
}

impl Options {
    /// Settles the global flags (clap has already merged their environment variables).
    pub fn new(global: GlobalArgs) -> Result<Options, Error> {
        let identity = Identity::of(&global);
        // An empty variable counts as unset; an empty flag is a mistake.
        let config_flag = match (global.config_dir, global.config_dir_from_env) {
            (Some(path), _) if !path.is_empty() => {
                let source = match global.config_dir_from_env {
                    true => Source::Env(CONFIG_DIR_ENV),
                    false => Source::Flag("--config-dir"),
                };
                Some((PathBuf::from(path), source))
            }
            (Some(_), false) => {
                return Err(Error::Usage(
                    "a value is required for '--config-dir <DIR>' but none was supplied".into(),
                ));
            }
            _ => None,
        };
        Ok(Options {
            dirs: Dirs::resolve(config_flag, |k| std::env::var_os(k))?,
            profile: global.profile.filter(|p| !p.trim().is_empty()),
            identity,
            format: global.format.into(),
            quiet: global.quiet,
            interactive: interactive(global.no_input),
            history: !global.no_history,
        })
    }
}

/// A ticket command line (without the program name) for in-process use: its
/// identity flags and its ticket input. A line clap refuses, `--help`,
/// `--version`, or a command that is not a ticket is an [`Error::Usage`].
pub fn ticket_argv(argv: &[OsString]) -> Result<(Identity, Format, TicketInput), Error> {
    let program = OsString::from("9pic-help");
    let cli = cli::parse_from(std::iter::once(&program).chain(argv))
        .map_err(|e| Error::Usage(e.to_string()))?;
    match cli.command {
        Some(Command::Ticket(TicketArgs(input))) => {
            Ok((Identity::of(&cli.global), cli.global.format.into(), input))
        }
        _ => Err(Error::Usage("not a ticket command".into())),
    }
}

/// The one rule for prompting: stdin and stderr are terminals, no `--no-input`,
/// and `CI` unset. An empty `CI` counts as unset (`CI= 9pic-help …` is how one
/// clears it for a single run).
pub fn interactive(no_input: bool) -> bool {
    !no_input
        && std::env::var_os("CI").is_none_or(|v| v.is_empty())
        && std::io::stdin().is_terminal()
        && std::io::stderr().is_terminal()
}
