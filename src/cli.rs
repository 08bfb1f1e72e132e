//! The command line: syntax only.
//!
//! The global flags and the non-ticket commands are clap derive structs. The
//! ticket subcommands are built from [`crate::catalog`], so their flags, help,
//! possible values and completion come from the same tables as validation.
//! clap never decides whether a checklist item is missing or invalid: that is
//! the checklist's job, so every problem is reported at once with exit 64/65.

use std::ffi::{OsStr, OsString};

use clap::builder::{PossibleValue, TypedValueParser, ValueHint};
use clap::{Arg, ArgAction, ArgMatches, Args, FromArgMatches, Parser, Subcommand, ValueEnum};

use crate::catalog::{self, Category, Choice, Kind, Need, common};

const EXIT_CODES: &str = "\
Exit codes:
  0    ok
  64   usage: unknown flag, or a required item missing (not interactive)
  65   data: invalid value, a rule refused the ticket, unsafe characters
  66   an input file (attachment, --details-file) is missing
  69   unavailable: mail client, keyring or SMTP server
  73   cannot write a file
  75   temporary failure: SMTP 4xx or timeout
  77   permission: SMTP authentication refused
  78   config: profile missing or corrupt
  130  cancelled at a prompt";

/// Compose a checked support ticket for 9Pic and hand it on.
#[derive(Debug, Parser)]
#[command(
    name = "9pic-help",
    version,
    about = "Compose a checked, complete support ticket for 9Pic",
    long_about = "Compose a checked, complete support ticket for 9Pic.\n\n\
        Pick the category that fits (see `9pic-help guide`), give the items its \
        checklist asks for, and the email is written to stdout, ready to send.",
    after_long_help = EXIT_CODES,
    propagate_version = true,
    max_term_width = 100
)]
pub struct Cli {
    #[command(flatten)]
    pub global: GlobalArgs,
    #[command(subcommand)]
    pub command: Option<Command>,
}

/// Flags every command accepts.
#[derive(Debug, Args)]
pub struct GlobalArgs {
    /// Org name as it appears in the 9Pic dashboard
    #[arg(long = "org", global = true, value_name = "NAME", value_parser = os_string())]
    pub org: Option<OsString>,

    /// The email address you log in to 9Pic with
    #[arg(
        long = "login-email",
        global = true,
        value_name = "EMAIL",
        value_parser = os_string(),
        value_hint = ValueHint::EmailAddress
    )]
    pub login_email: Option<OsString>,

    /// Your 9Pic plan
    #[arg(long = "plan", global = true, value_name = "PLAN", value_parser = ChoiceParser(catalog::PLANS))]
    pub plan: Option<OsString>,

    /// Your name, for the signature
    #[arg(long = "sender-name", global = true, value_name = "NAME", value_parser = os_string())]
    pub sender_name: Option<OsString>,

    /// How to print the ticket
    #[arg(long = "format", global = true, value_enum, default_value_t = Format::Text)]
    pub format: Format,

    /// Print only the ticket: no expected-response note
    #[arg(long = "quiet", short = 'q', global = true)]
    pub quiet: bool,

    /// Never prompt, even on a terminal
    #[arg(long = "no-input", global = true)]
    pub no_input: bool,

    /// Send the ticket over SMTP with the profile's settings (password from the
    /// OS keyring or NINEPIC_HELP_SMTP_PASSWORD); a failed send keeps it in the outbox
    #[arg(long = "send", global = true)]
    pub send: bool,
}

/// Output formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// Headers and body, readable and fit for `sendmail -t`
    Text,
    /// A complete RFC 5322 / MIME message (a draft with X-Unsent: 1)
    Eml,
    /// One JSON object (schema 9pic-help.ticket/1)
    Json,
    /// The mailto: URL alone
    Mailto,
}

/// Commands.
#[derive(Debug, Subcommand)]
pub enum Command {
    #[command(flatten)]
    Ticket(TicketArgs),

    /// Which command for which situation, and what not to email about
    Guide {
        /// Print the table as JSON
        #[arg(long = "json")]
        json: bool,
    },

    /// Print the checklist schema (all categories, or one) as JSON
    Schema {
        /// A category, e.g. billing
        #[arg(value_name = "CATEGORY", value_parser = ChoiceParser(&CATEGORY_CHOICES))]
        category: Option<OsString>,
    },

    /// Manage the org profile
    #[command(subcommand)]
    Profile(ProfileCommand),

    /// Tickets whose --send failed: list, retry or discard them
    #[command(subcommand)]
    Outbox(OutboxCommand),
}

/// `profile …` subcommands.
#[derive(Debug, Subcommand)]
pub enum ProfileCommand {
    /// Store the SMTP password in the OS keyring (hidden prompt on a terminal)
    #[command(name = "smtp-login")]
    SmtpLogin(SmtpLoginArgs),

    /// Delete the SMTP password from the OS keyring
    #[command(name = "smtp-logout")]
    SmtpLogout,
}

/// `profile smtp-login` flags. There is deliberately no flag that takes the
/// password itself: it would show in `ps` and in the shell history.
#[derive(Debug, Args)]
pub struct SmtpLoginArgs {
    /// Read the password from standard input (one trailing newline is stripped)
    #[arg(long = "password-stdin")]
    pub password_stdin: bool,
}

/// `outbox …` subcommands.
#[derive(Debug, Subcommand)]
pub enum OutboxCommand {
    /// List the tickets waiting to be sent
    List {
        /// Print the list as JSON
        #[arg(long = "json")]
        json: bool,
    },

    /// Try to send one waiting ticket, or all of them
    #[command(group = clap::ArgGroup::new("which").required(true).args(["id", "all"]))]
    Send {
        /// The outbox ID (see `outbox list`)
        #[arg(value_name = "ID")]
        id: Option<String>,
        /// Send every waiting ticket
        #[arg(long = "all")]
        all: bool,
    },

    /// Discard a waiting ticket without sending it
    Drop {
        /// The outbox ID (see `outbox list`)
        #[arg(value_name = "ID")]
        id: String,
    },
}

/// The category names, for `schema CATEGORY` completion.
static CATEGORY_CHOICES: [Choice; 14] = {
    let mut out = [Choice::new("", ""); 14];
    let mut i = 0;
    while i < 14 {
        out[i] = Choice::new(catalog::CATEGORIES[i].name, catalog::CATEGORIES[i].about);
        i += 1;
    }
    out
};

/// A ticket subcommand with its raw values, still unchecked.
#[derive(Debug, Clone)]
pub struct TicketArgs {
    pub category: &'static Category,
    /// Values of checklist items, by item key, as typed.
    pub items: Vec<(&'static str, Vec<OsString>)>,
    pub details: Option<OsString>,
    pub details_file: Option<OsString>,
    pub tried: Vec<OsString>,
    pub attach: Vec<OsString>,
    pub cc: Vec<OsString>,
    pub force: bool,
}

impl FromArgMatches for TicketArgs {
    fn from_arg_matches(matches: &ArgMatches) -> Result<Self, clap::Error> {
        Self::from_arg_matches_mut(&mut matches.clone())
    }

    fn from_arg_matches_mut(matches: &mut ArgMatches) -> Result<Self, clap::Error> {
        let Some((name, sub)) = matches.remove_subcommand() else {
            return Err(clap::Error::new(clap::error::ErrorKind::MissingSubcommand));
        };
        let Some(category) = catalog::find(&name) else {
            return Err(clap::Error::new(clap::error::ErrorKind::InvalidSubcommand));
        };
        let many = |id: &str| -> Vec<OsString> {
            sub.get_many::<OsString>(id)
                .map(|v| v.cloned().collect())
                .unwrap_or_default()
        };
        let items = category
            .items
            .iter()
            .map(|item| {
                let values = if matches!(item.kind, Kind::Switch) {
                    if sub.get_flag(item.key) {
                        vec![OsString::from("true")]
                    } else {
                        Vec::new()
                    }
                } else {
                    many(item.key)
                };
                (item.key, values)
            })
            .filter(|(_, v)| !v.is_empty())
            .collect();
        Ok(TicketArgs {
            category,
            items,
            details: many(common::DETAILS).pop(),
            details_file: many(common::DETAILS_FILE).pop(),
            tried: many(common::TRIED),
            attach: many(common::ATTACH),
            cc: many(common::CC),
            force: sub.get_flag(common::FORCE),
        })
    }

    fn update_from_arg_matches(&mut self, matches: &ArgMatches) -> Result<(), clap::Error> {
        *self = Self::from_arg_matches(matches)?;
        Ok(())
    }
}

impl Subcommand for TicketArgs {
    fn augment_subcommands(mut cmd: clap::Command) -> clap::Command {
        for category in catalog::CATEGORIES {
            cmd = cmd.subcommand(ticket_command(category));
        }
        cmd
    }

    fn augment_subcommands_for_update(cmd: clap::Command) -> clap::Command {
        Self::augment_subcommands(cmd)
    }

    fn has_subcommand(name: &str) -> bool {
        catalog::find(name).is_some()
    }
}

/// Builds one ticket subcommand from its catalog entry.
fn ticket_command(category: &'static Category) -> clap::Command {
    let mut rules = String::new();
    if !category.rules.is_empty() {
        rules.push_str("Rules:\n");
        for r in category.rules {
            rules.push_str("  - ");
            rules.push_str(r);
            rules.push('\n');
        }
        rules.push('\n');
    }
    rules.push_str(&format!(
        "Goes to: {}",
        if category.channel == catalog::Channel::Sales {
            "sales@9pic.ai (or support@9pic.ai with --via support, or the contact form with --via form)"
        } else {
            category.channel.address()
        }
    ));
    let mut cmd = clap::Command::new(category.name)
        .about(category.about)
        .visible_aliases(category.aliases.iter().copied())
        .after_help(rules)
        .next_help_heading("Checklist");
    for item in category.items {
        cmd = cmd.arg(item_arg(item));
    }
    cmd.next_help_heading("Ticket options").args(common_args())
}

fn item_arg(item: &'static catalog::Item) -> Arg {
    let need = match item.need {
        Need::Optional => String::new(),
        Need::Required => " [required]".to_string(),
        Need::RequiredFor(s) => format!(" [required for {}]", s.join(", ")),
        Need::RequiredExceptFor(s) => format!(" [required except for {}]", s.join(", ")),
    };
    let arg = Arg::new(item.key)
        .long(item.flag)
        .help(format!("{}{need}", capitalise(item.help)));
    match item.kind {
        Kind::Switch => arg.action(ArgAction::SetTrue),
        Kind::List(choices) => arg
            .value_name(item.kind.value_name())
            .action(ArgAction::Append)
            .value_delimiter(',')
            .value_parser(ChoiceParser(choices)),
        Kind::Choice(choices) => arg
            .value_name(item.kind.value_name())
            .action(ArgAction::Set)
            .value_parser(ChoiceParser(choices)),
        other => arg
            .value_name(other.value_name())
            .action(ArgAction::Set)
            .value_parser(os_string())
            .value_hint(match other {
                Kind::Email => ValueHint::EmailAddress,
                Kind::Host => ValueHint::Hostname,
                _ => ValueHint::Other,
            }),
    }
}

/// Flags every ticket category takes besides its checklist.
fn common_args() -> [Arg; 6] {
    [
        Arg::new(common::DETAILS)
            .long(common::DETAILS)
            .value_name("TEXT")
            .value_parser(os_string())
            .conflicts_with(common::DETAILS_FILE)
            .help("More detail for the body of the email"),
        Arg::new(common::DETAILS_FILE)
            .long(common::DETAILS_FILE)
            .value_name("PATH|-")
            .value_parser(os_string())
            .value_hint(ValueHint::FilePath)
            .help("Read the details from a file, or from stdin with -"),
        Arg::new(common::TRIED)
            .long(common::TRIED)
            .value_name("STEP")
            .action(ArgAction::Append)
            .value_parser(os_string())
            .help("A step you already tried (repeat for several)"),
        Arg::new(common::ATTACH)
            .long(common::ATTACH)
            .value_name("PATH")
            .action(ArgAction::Append)
            .value_parser(os_string())
            .value_hint(ValueHint::FilePath)
            .help("Attach a screenshot or recording (repeat for several)"),
        Arg::new(common::CC)
            .long(common::CC)
            .value_name("EMAIL")
            .action(ArgAction::Append)
            .value_delimiter(',')
            .value_parser(os_string())
            .value_hint(ValueHint::EmailAddress)
            .help("Copy someone in (repeat or comma-separate)"),
        Arg::new(common::FORCE)
            .long(common::FORCE)
            .action(ArgAction::SetTrue)
            .help("Compose even where a rule refuses; its advice still goes to stderr"),
    ]
}

fn capitalise(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_uppercase().chain(c).collect(),
        None => String::new(),
    }
}

fn os_string() -> clap::builder::OsStringValueParser {
    clap::builder::OsStringValueParser::new()
}

/// Accepts any value but advertises the catalog's choices to help and completion.
///
/// Validation is left to the checklist, so a wrong value is reported together
/// with every other problem (exit 65) rather than by clap alone (exit 64).
#[derive(Clone, Copy)]
pub struct ChoiceParser(pub &'static [Choice]);

impl TypedValueParser for ChoiceParser {
    type Value = OsString;

    fn parse_ref(
        &self,
        _cmd: &clap::Command,
        _arg: Option<&Arg>,
        value: &OsStr,
    ) -> Result<OsString, clap::Error> {
        Ok(value.to_owned())
    }

    fn possible_values(&self) -> Option<Box<dyn Iterator<Item = PossibleValue> + '_>> {
        Some(Box::new(
            self.0
                .iter()
                .map(|c| PossibleValue::new(c.value).help(c.label)),
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    #[test]
    fn cli_is_well_formed() {
        Cli::command().debug_assert();
    }
}
