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

use crate::catalog::flags::{self, Flag, Names, Takes};
use crate::catalog::{self, Category, Choice, Kind, Need};
use crate::error::code;
use crate::store::paths::CONFIG_DIR_ENV;
use crate::store::profile::{Delivery, PROFILE_ENV, Security};

/// Parses the process's arguments. On a clap refusal, or `--help`/`--version`,
/// prints clap's text and returns the exit code: 64 for misuse (not clap's
/// default 2), 0 for help and version.
pub fn parse() -> Result<Cli, u8> {
    parse_argv(std::env::args_os(), Leftovers::Leak).map_err(|e| {
        if let Some(message) = self_serve_subcommand(&e) {
            crate::term::error(&message.0);
            crate::term::hint(&message.1);
            return code::USAGE;
        }
        if e.use_stderr() {
            let _ = e.print();
            return code::USAGE;
        }
        print_help_or_version(&e)
    })
}

/// Prints `--help` or `--version` on stdout; a closed or full stdout is a
/// write error (73) said on stderr, never a silent success.
fn print_help_or_version(e: &clap::Error) -> u8 {
    use std::io::Write;
    if !crate::term::stdout_is_open() {
        crate::term::error("cannot write to standard output: it is closed");
        return code::CANT_CREATE;
    }
    match e.print().and_then(|()| std::io::stdout().flush()) {
        Ok(()) => code::OK,
        Err(io) if io.kind() == std::io::ErrorKind::BrokenPipe => code::OK,
        Err(io) => {
            crate::term::error(&format!("cannot write to standard output: {io}"));
            code::CANT_CREATE
        }
    }
}

/// For an unknown subcommand that names a self-serve task or its place
/// (`credits`, `logo`, `invite`, …): the message with its route and the
/// hint, instead of clap's nearest spelling ("did you mean security?").
pub fn self_serve_subcommand(e: &clap::Error) -> Option<(String, String)> {
    use clap::error::{ContextKind, ContextValue, ErrorKind};
    if e.kind() != ErrorKind::InvalidSubcommand {
        return None;
    }
    let Some(ContextValue::String(name)) = e.get(ContextKind::InvalidSubcommand) else {
        return None;
    };
    let (place, task) = catalog::self_serve::place(name)?;
    let message = format!(
        "`{name}` is not a command: \"{}\" is self-serve, and an email only slows it down; \
         in the dashboard: {} ({}{})",
        task.task,
        task.where_,
        catalog::DOCS_URL,
        task.docs
    );
    let hint = match place.more {
        "" => "`9pic-help guide` lists what to do yourself and which command fits the rest".into(),
        more => format!("{more} `9pic-help guide` lists the rest."),
    };
    Some((message, hint))
}

/// Parses `argv` (program name first), noting where `--config-dir` came from.
///
/// The ticket commands are first built without their long help texts (the
/// checklist, rules, examples and exit codes `--help` shows): building those
/// was most of the cost of a run's command line. Only when clap is to show
/// help is the line parsed again with the whole definition.
pub fn parse_from(
    argv: impl IntoIterator<Item = impl Into<OsString> + Clone>,
) -> Result<Cli, clap::Error> {
    parse_argv(argv, Leftovers::Free)
}

/// What becomes of clap's command tree and matches once the line is parsed.
#[derive(Clone, Copy)]
enum Leftovers {
    /// Dropped, as usual (in-process callers: tests, the fuzz target).
    Free,
    /// Left for the process's end (the binary, which parses once): freeing
    /// them, thousands of small allocations, cost about a tenth of a
    /// ticket's instructions. The tool leaks on purpose only here and in a
    /// completion's answer (`complete/shells.rs`).
    Leak,
}

fn parse_argv(
    argv: impl IntoIterator<Item = impl Into<OsString> + Clone>,
    leftovers: Leftovers,
) -> Result<Cli, clap::Error> {
    use clap::error::ErrorKind::{DisplayHelp, DisplayHelpOnMissingArgumentOrSubcommand};
    let argv: Vec<OsString> = argv.into_iter().map(Into::into).collect();
    match parse_with(build(Texts::UsageOnly), &argv, leftovers) {
        Err(e)
            if matches!(
                e.kind(),
                DisplayHelp | DisplayHelpOnMissingArgumentOrSubcommand
            ) =>
        {
            parse_with(command(), &argv, Leftovers::Free)
        }
        parsed => parsed,
    }
}

fn parse_with(
    mut cmd: clap::Command,
    argv: &[OsString],
    leftovers: Leftovers,
) -> Result<Cli, clap::Error> {
    let mut matches = cmd.try_get_matches_from_mut(argv)?;
    shared::refuse_misplaced(&cmd, &matches)?;
    let config_dir_from_env =
        matches.value_source("config_dir") == Some(clap::parser::ValueSource::EnvVariable);
    // What the derived `Cli::from_arg_matches` does, but taking the values
    // out of the matches instead of from a copy of them all: the top level's
    // shared flags, the ones given after the command over them, the command.
    let mut global = GlobalArgs::from_arg_matches_mut(&mut matches)?;
    global.config_dir_from_env = config_dir_from_env;
    shared::merge_levels(&mut global, &cmd, &matches);
    let command = match matches.subcommand_name() {
        Some(_) => Some(Command::from_arg_matches_mut(&mut matches)?),
        None => None,
    };
    if let Leftovers::Leak = leftovers {
        std::mem::forget((cmd, matches));
    }
    Ok(Cli { global, command })
}

/// The whole command line: the derive structs, with the shared flags (profile,
/// directories, identity, output) added to each command that uses them. The
/// ticket and side commands get their arguments when clap builds them
/// (`Command::build`, or parsing a line that names them).
pub fn command() -> clap::Command {
    build(Texts::Full)
}

/// The command line as [`parse_from`] first builds it: the ticket commands
/// without their `--help` texts. For callers that never show help
/// (completion).
pub fn command_without_help() -> clap::Command {
    build(Texts::UsageOnly)
}

/// How much help text the ticket commands carry.
#[derive(Clone, Copy)]
enum Texts {
    /// Everything `--help` and the man pages show.
    Full,
    /// The usage line only (errors show it): enough to parse.
    UsageOnly,
}

fn build(texts: Texts) -> clap::Command {
    let cmd = <Cli as clap::CommandFactory>::command();
    match texts {
        // The top level's closing text (ticket flags, an example, the exit
        // codes) is put together only where help can be shown.
        Texts::Full => cmd.after_help(crate::help::top_level_after()),
        Texts::UsageOnly => cmd.mut_subcommands(|sub| match catalog::find(sub.get_name()) {
            Some(_) => sub.defer(ticket_usage_only),
            None => sub,
        }),
    }
}

/// Compose a checked support ticket for 9Pic and hand it on.
#[derive(Debug, Parser)]
#[command(
    name = "9pic-help",
    version,
    about = "Compose a checked, complete support ticket for 9Pic",
    long_about = "Compose a checked, complete support ticket for 9Pic.\n\n\
        Pick the category that fits (see `9pic-help guide`), give the items its \
        checklist asks for, and the email is written to stdout, ready to send.",
    propagate_version = true,
    max_term_width = 100
)]
pub struct Cli {
    #[command(flatten)]
    pub global: GlobalArgs,
    #[command(subcommand)]
    pub command: Option<Command>,
}

/// The shared flags, settled: given before the command (the top level takes
/// them all; the ticket-only ones hidden there) or after it (each command
/// takes those it uses, see [`shared`]).
#[derive(Debug, Args)]
pub struct GlobalArgs {
    /// Org name as it appears in the 9Pic dashboard
    #[arg(long = "org", hide = true, value_name = "NAME", value_parser = os_string())]
    pub org: Option<OsString>,

    /// The email address you log in to 9Pic with
    #[arg(
        long = "login-email",
        hide = true,
        value_name = "EMAIL",
        value_parser = os_string(),
        value_hint = ValueHint::EmailAddress
    )]
    pub login_email: Option<OsString>,

    /// Your 9Pic plan
    #[arg(long = "plan", hide = true, value_name = "PLAN", value_parser = ChoiceParser(catalog::PLANS))]
    pub plan: Option<OsString>,

    /// Your name, for the signature
    #[arg(long = "sender-name", hide = true, value_name = "NAME", value_parser = os_string())]
    pub sender_name: Option<OsString>,

    /// How to print the ticket
    #[arg(long = "format", hide = true, value_enum, default_value_t = Format::Text)]
    pub format: Format,

    /// Print only the ticket: no expected-response note
    #[arg(long = "quiet", short = 'q', hide = true)]
    pub quiet: bool,

    /// Never prompt, even on a terminal
    #[arg(long = "no-input")]
    pub no_input: bool,

    /// Use this saved profile instead of the default
    #[arg(long = "profile", value_name = "NAME", env = PROFILE_ENV)]
    pub profile: Option<String>,

    /// Keep profiles here (history: NINEPIC_HELP_DATA_DIR)
    #[arg(
        long = "config-dir",
        value_name = "DIR",
        value_hint = ValueHint::DirPath,
        value_parser = os_string(),
        env = CONFIG_DIR_ENV
    )]
    pub config_dir: Option<OsString>,

    /// Whether `config_dir` came from its environment variable rather than the flag.
    #[arg(skip)]
    pub config_dir_from_env: bool,

    /// Do not record this ticket in the local history
    #[arg(long = "no-history", hide = true)]
    pub no_history: bool,
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
    Guide(Lazy<GuideArgs>),

    /// Check the config and data directories, the profile and the mail handler
    Doctor(Lazy<DoctorArgs>),

    /// Print the checklist schema (all categories, or one) as JSON
    Schema {
        /// A category, e.g. billing
        #[arg(value_name = "CATEGORY", value_parser = CategoryNames)]
        category: Option<OsString>,
    },

    /// Print the shell completion script for SHELL (see the README to install it)
    Completions {
        /// The shell to complete in
        #[arg(value_name = "SHELL")]
        shell: clap_complete::Shell,
    },

    /// Manage saved org profiles (org, login email, plan, defaults)
    #[command(subcommand)]
    Profile(Lazy<ProfileCommand>),

    /// List the tickets composed so far, newest first
    History(Lazy<HistoryArgs>),

    /// Tickets whose --send failed: list, retry or discard them
    #[command(subcommand)]
    Outbox(Lazy<OutboxCommand>),
}

/// `guide [--json]`.
#[derive(Debug, Args)]
pub struct GuideArgs {
    /// Print the table as JSON
    #[arg(long = "json")]
    pub json: bool,
}

/// `doctor [--json]`.
#[derive(Debug, Args)]
pub struct DoctorArgs {
    /// Print the checks as JSON
    #[arg(long = "json")]
    pub json: bool,
}

/// A side command whose arguments and subcommands clap adds only when it
/// builds that command (`Command::defer`), with the shared flags it takes:
/// a ticket's run never pays for the side commands.
#[derive(Debug)]
pub struct Lazy<T>(pub T);

impl<T: FromArgMatches> FromArgMatches for Lazy<T> {
    fn from_arg_matches(matches: &ArgMatches) -> Result<Self, clap::Error> {
        T::from_arg_matches(matches).map(Lazy)
    }

    fn from_arg_matches_mut(matches: &mut ArgMatches) -> Result<Self, clap::Error> {
        T::from_arg_matches_mut(matches).map(Lazy)
    }

    fn update_from_arg_matches(&mut self, matches: &ArgMatches) -> Result<(), clap::Error> {
        self.0.update_from_arg_matches(matches)
    }

    fn update_from_arg_matches_mut(&mut self, matches: &mut ArgMatches) -> Result<(), clap::Error> {
        self.0.update_from_arg_matches_mut(matches)
    }
}

/// Builds a [`Lazy`] side command: its own arguments (`augment`, from the
/// derive), then the shared flags. The derive gives the command the about of
/// the type's doc comment; it keeps the one its variant in [`Command`] set.
fn lazily(cmd: clap::Command, augment: fn(clap::Command) -> clap::Command) -> clap::Command {
    let about = cmd.get_about().cloned();
    let long_about = cmd.get_long_about().cloned();
    let mut cmd = augment(cmd);
    if let Some(about) = about {
        cmd = cmd.about(about);
    }
    if let Some(long_about) = long_about {
        cmd = cmd.long_about(long_about);
    }
    shared::add_to_side_command(cmd)
}

impl<T: Subcommand> Subcommand for Lazy<T> {
    fn augment_subcommands(cmd: clap::Command) -> clap::Command {
        cmd.defer(|cmd| lazily(cmd, T::augment_subcommands))
    }

    fn augment_subcommands_for_update(cmd: clap::Command) -> clap::Command {
        cmd.defer(|cmd| lazily(cmd, T::augment_subcommands_for_update))
    }

    fn has_subcommand(name: &str) -> bool {
        T::has_subcommand(name)
    }
}

impl<T: Args> Args for Lazy<T> {
    fn group_id() -> Option<clap::Id> {
        T::group_id()
    }

    fn augment_args(cmd: clap::Command) -> clap::Command {
        cmd.defer(|cmd| lazily(cmd, T::augment_args))
    }

    fn augment_args_for_update(cmd: clap::Command) -> clap::Command {
        cmd.defer(|cmd| lazily(cmd, T::augment_args_for_update))
    }
}

/// `outbox …`
#[derive(Debug, Subcommand)]
pub enum OutboxCommand {
    /// List the tickets waiting to be sent
    List {
        /// Print JSON
        #[arg(long = "json")]
        json: bool,
    },
    /// Try again to send one waiting ticket, or all of them
    #[command(group = clap::ArgGroup::new("which").required(true).args(["id", "all"]))]
    Send {
        /// The outbox ID (see `9pic-help outbox list`)
        #[arg(value_name = "ID")]
        id: Option<String>,
        /// Send every waiting ticket
        #[arg(long = "all")]
        all: bool,
        /// Send a ticket marked "may have been delivered" (the connection was
        /// lost after the whole message went out) once more
        #[arg(long = "resend")]
        resend: bool,
    },
    /// Discard a waiting ticket without sending it
    Drop {
        /// The outbox ID (see `9pic-help outbox list`)
        #[arg(value_name = "ID")]
        id: String,
    },
}

/// `profile smtp-login` flags. No flag takes the password itself: it would
/// show in `ps` and in the shell history.
#[derive(Debug, Args)]
pub struct SmtpLogin {
    /// Read the password from standard input (one trailing newline is stripped)
    #[arg(long = "password-stdin")]
    pub password_stdin: bool,
}

/// `profile …`
#[derive(Debug, Subcommand)]
pub enum ProfileCommand {
    /// Create or update a profile from flags (asks on a terminal for what is missing)
    Init(ProfileInit),
    /// Show a profile (the one in use, or NAME)
    Show {
        /// Profile to show
        #[arg(value_name = "NAME")]
        name: Option<String>,
        /// Print JSON
        #[arg(long = "json")]
        json: bool,
    },
    /// Set one value of the profile in use (an empty VALUE clears it)
    Set {
        /// org, login_email, plan, sender_name, timezone, cc, delivery, smtp.host,
        /// smtp.port, smtp.username or smtp.security
        #[arg(value_name = "KEY", value_parser = profile_keys())]
        key: String,
        /// The new value (cc: comma-separated addresses)
        #[arg(value_name = "VALUE", allow_hyphen_values = true)]
        value: String,
    },
    /// List the saved profiles; the default is marked with *
    List {
        /// Print JSON
        #[arg(long = "json")]
        json: bool,
    },
    /// Make NAME the default profile
    Use {
        #[arg(value_name = "NAME")]
        name: String,
    },
    /// Delete the profile NAME
    Remove {
        #[arg(value_name = "NAME")]
        name: String,
    },
    /// Print where profiles and history are kept, and what chose each place
    Path {
        /// Print JSON
        #[arg(long = "json")]
        json: bool,
    },
    /// Store the SMTP password in the OS keyring (hidden prompt on a terminal)
    #[command(name = "smtp-login")]
    SmtpLogin(SmtpLogin),
    /// Delete the SMTP password from the OS keyring
    #[command(name = "smtp-logout")]
    SmtpLogout,
}

/// `profile init [NAME]`; org, login email, plan and sender name are the global flags.
#[derive(Debug, Args)]
pub struct ProfileInit {
    /// Name of the profile [default: default]
    #[arg(value_name = "NAME")]
    pub name: Option<String>,
    /// IANA time zone for local times, e.g. Europe/Berlin
    #[arg(long = "timezone", value_name = "ZONE")]
    pub timezone: Option<String>,
    /// Address copied on every ticket (repeat or comma-separate)
    #[arg(long = "cc", value_name = "EMAIL", value_delimiter = ',', value_hint = ValueHint::EmailAddress)]
    pub cc: Vec<String>,
    /// How tickets are handed on by default
    #[arg(long = "delivery", value_name = "HOW", value_parser = Delivery::ALL.map(Delivery::value))]
    pub delivery: Option<String>,
    /// Outgoing mail server, for --send
    #[arg(long = "smtp-host", value_name = "HOST", value_hint = ValueHint::Hostname)]
    pub smtp_host: Option<String>,
    /// Outgoing mail server port
    #[arg(long = "smtp-port", value_name = "PORT")]
    pub smtp_port: Option<String>,
    /// User name on the mail server (the password goes in the keyring, never here)
    #[arg(long = "smtp-username", value_name = "USER")]
    pub smtp_username: Option<String>,
    /// How the mail connection is secured
    #[arg(long = "smtp-security", value_name = "MODE", value_parser = Security::ALL.map(Security::value))]
    pub smtp_security: Option<String>,
    /// Make this the default profile
    #[arg(long = "default")]
    pub default: bool,
}

/// `history [--json] [-n N]` and `history show ID`.
#[derive(Debug, Args)]
pub struct HistoryArgs {
    #[command(subcommand)]
    pub action: Option<HistoryCommand>,
    /// Print JSON (one array, newest first)
    #[arg(long = "json")]
    pub json: bool,
    /// Show at most N tickets
    #[arg(short = 'n', long = "limit", value_name = "N")]
    pub limit: Option<usize>,
}

/// `history show ID`.
#[derive(Debug, Subcommand)]
pub enum HistoryCommand {
    /// Show one ticket of the history
    Show {
        /// The ticket's ID (see `9pic-help history`)
        #[arg(value_name = "ID")]
        id: String,
        /// Print JSON
        #[arg(long = "json")]
        json: bool,
    },
}

/// The keys `profile set` takes, offered to help and completion.
fn profile_keys() -> clap::builder::PossibleValuesParser {
    clap::builder::PossibleValuesParser::new(
        crate::store::profile::Key::ALL
            .iter()
            .map(|k| PossibleValue::new(k.name()).help(k.about())),
    )
}

/// Accepts any value but offers the category names to help and completion
/// (`schema CATEGORY`); an unknown name is refused by `schema` itself.
#[derive(Clone, Copy)]
struct CategoryNames;

impl TypedValueParser for CategoryNames {
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
            catalog::CATEGORIES
                .iter()
                .map(|c| PossibleValue::new(c.name).help(c.about)),
        ))
    }
}

/// A ticket subcommand as clap hands it over: its plain [`TicketInput`].
#[derive(Debug, Clone)]
pub struct TicketArgs(pub TicketInput);

/// A ticket request with its raw values, still unchecked; plain data, no clap.
#[derive(Debug, Clone)]
pub struct TicketInput {
    pub category: &'static Category,
    /// Values of checklist items, by item key, as typed.
    pub items: Vec<(&'static str, Vec<OsString>)>,
    pub details: Option<OsString>,
    pub details_file: Option<OsString>,
    pub tried: Vec<OsString>,
    pub attach: Vec<OsString>,
    pub cc: Vec<OsString>,
    pub force: bool,
    /// Keep card numbers, IBANs and secrets in free text (`--no-redact`).
    pub no_redact: bool,
    /// `--open [TARGET]`: hand the email to a mail client or web mail.
    pub open: Option<OsString>,
    /// `--edit`: edit the body in `$VISUAL`/`$EDITOR` first.
    pub edit: bool,
    /// `--send`: deliver over SMTP.
    pub send: bool,
    /// `--stdout`: print, whatever the profile's default delivery says.
    pub stdout: bool,
}

impl TicketInput {
    /// A ticket request with nothing given yet, for the guided picker.
    pub fn blank(category: &'static Category) -> TicketInput {
        TicketInput {
            category,
            items: Vec::new(),
            details: None,
            details_file: None,
            tried: Vec::new(),
            attach: Vec::new(),
            cc: Vec::new(),
            force: false,
            no_redact: false,
            open: None,
            edit: false,
            send: false,
            stdout: false,
        }
    }
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
        Ok(TicketArgs(TicketInput {
            category,
            items,
            details: many(flags::DETAILS.name).pop(),
            details_file: many(flags::DETAILS_FILE.name).pop(),
            tried: many(flags::TRIED.name),
            attach: many(flags::ATTACH.name),
            cc: many(flags::CC.name),
            force: sub.get_flag(flags::FORCE.name),
            no_redact: sub.get_flag(flags::NO_REDACT.name),
            open: many(flags::OPEN.name).pop(),
            edit: sub.get_flag(flags::EDIT.name),
            send: sub.get_flag(flags::SEND.name),
            stdout: sub.get_flag(flags::STDOUT.name),
        }))
    }

    fn update_from_arg_matches(&mut self, matches: &ArgMatches) -> Result<(), clap::Error> {
        *self = Self::from_arg_matches(matches)?;
        Ok(())
    }
}

impl Subcommand for TicketArgs {
    fn augment_subcommands(mut cmd: clap::Command) -> clap::Command {
        for category in catalog::CATEGORIES {
            cmd = cmd.subcommand(ticket_stub(category));
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

/// One ticket subcommand as every run sees it: its name, about and aliases
/// (all that `--help` and a misspelt name need). Its arguments are added by
/// [`ticket_command`] only when clap builds this subcommand — when it is the
/// one named on the command line, or a caller builds the whole tree
/// (`Command::build`, as help generators and completion do). Building all 14
/// ticket commands with their flags was most of a ticket's start-up cost.
fn ticket_stub(category: &'static Category) -> clap::Command {
    clap::Command::new(category.name)
        .about(category.about)
        .visible_aliases(category.aliases.iter().copied())
        .defer(|stub| match catalog::find(stub.get_name()) {
            Some(category) => crate::help::ticket(ticket_command(stub, category), category),
            None => stub,
        })
}

/// A ticket stub's build when no help is to be shown (see [`parse_from`]).
fn ticket_usage_only(stub: clap::Command) -> clap::Command {
    match catalog::find(stub.get_name()) {
        Some(category) => crate::help::ticket_usage(ticket_command(stub, category), category),
        None => stub,
    }
}

/// Builds one ticket subcommand's arguments from its catalog entry, onto
/// `cmd` (its [`ticket_stub`], which already has the name, about and
/// aliases): the checklist items, the ticket options and the shared flags.
fn ticket_command(cmd: clap::Command, category: &'static Category) -> clap::Command {
    let mut cmd = cmd.next_help_heading("Checklist");
    for item in category.items {
        cmd = cmd.arg(item_arg(item));
    }
    cmd.next_help_heading("Ticket options")
        .args(flags::COMMON.iter().map(flag_arg))
        .args(shared::args(shared::ALL).map(|a| a.help_heading("Identity and output")))
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
            .allow_negative_numbers(matches!(other, Kind::Count | Kind::Number))
            .action(ArgAction::Set)
            .value_parser(os_string())
            .value_hint(match other {
                Kind::Email => ValueHint::EmailAddress,
                Kind::Host => ValueHint::Hostname,
                _ => ValueHint::Other,
            }),
    }
}

/// An argument for a flag from the catalog's flag table.
fn flag_arg(flag: &'static Flag) -> Arg {
    let arg = Arg::new(flag.name)
        .long(flag.name)
        .help(flag.help)
        .conflicts_with_all(flag.conflicts.iter().copied());
    let arg = match flag.takes {
        Takes::Switch => return arg.action(ArgAction::SetTrue),
        Takes::One => arg.action(ArgAction::Set),
        Takes::Many => arg.action(ArgAction::Append),
        Takes::ManyCommaList => arg.action(ArgAction::Append).value_delimiter(','),
        Takes::Optional(bare) => arg.num_args(0..=1).default_missing_value(bare),
    };
    let arg = arg
        .value_name(flag.value_name)
        .value_hint(match flag.names {
            Names::Text => ValueHint::Other,
            Names::File => ValueHint::FilePath,
            Names::Email => ValueHint::EmailAddress,
            Names::Dir => ValueHint::DirPath,
        });
    if flag.choices.is_empty() {
        arg.value_parser(os_string())
    } else {
        arg.value_parser(ChoiceParser(flag.choices))
    }
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

/// The shared flags (`--profile`, `--config-dir`, the identity and output
/// flags): which command takes which, and how the values given at the top
/// level or on the command become one [`GlobalArgs`]. A flag a command does
/// not take is refused (64), never silently ignored.
pub mod shared {
    use clap::parser::ValueSource;
    use clap::{Arg, ArgMatches, Args, Command};

    use super::GlobalArgs;

    /// Every shared flag, by its id in [`GlobalArgs`]: what a ticket command takes.
    pub const ALL: &[&str] = &[
        "org",
        "login_email",
        "plan",
        "sender_name",
        "format",
        "quiet",
        "no_input",
        "profile",
        "config_dir",
        "no_history",
    ];

    const WHERE: &[&str] = &["profile", "config_dir"];
    const WHERE_QUIET: &[&str] = &["profile", "config_dir", "quiet"];
    const DIR_QUIET: &[&str] = &["config_dir", "quiet"];

    /// The side commands (by path) and the shared flags each takes.
    const SIDE: &[(&[&str], &[&str])] = &[
        (&["guide"], &["plan", "profile", "config_dir"]),
        (&["doctor"], WHERE),
        (&["history"], WHERE_QUIET),
        (&["history", "show"], WHERE_QUIET),
        (&["outbox", "list"], DIR_QUIET),
        (
            &["outbox", "send"],
            &["profile", "config_dir", "quiet", "no_history"],
        ),
        (&["outbox", "drop"], DIR_QUIET),
        (
            &["profile", "init"],
            &[
                "org",
                "login_email",
                "plan",
                "sender_name",
                "config_dir",
                "quiet",
                "no_input",
            ],
        ),
        (&["profile", "show"], WHERE),
        (&["profile", "set"], WHERE_QUIET),
        (&["profile", "list"], DIR_QUIET),
        (&["profile", "use"], DIR_QUIET),
        (&["profile", "remove"], DIR_QUIET),
        (&["profile", "path"], WHERE),
        (
            &["profile", "smtp-login"],
            &["profile", "config_dir", "quiet", "no_input"],
        ),
        (&["profile", "smtp-logout"], WHERE_QUIET),
    ];

    /// The clap arguments for these shared flags, as a command takes them.
    pub fn args(ids: &'static [&'static str]) -> impl Iterator<Item = Arg> {
        let all = GlobalArgs::augment_args(Command::new("shared"));
        ids.iter()
            .filter_map(move |id| all.get_arguments().find(|a| a.get_id() == id).cloned())
            .map(|a| a.hide(false))
    }

    /// The shared flags of one side command and its subcommands, added when
    /// clap builds it (see [`super::Lazy`]).
    pub(super) fn add_to_side_command(cmd: Command) -> Command {
        let name = cmd.get_name().to_string();
        SIDE.iter()
            .filter(|(path, _)| path[0] == name)
            .fold(cmd, |cmd, (path, ids)| add_at(cmd, &path[1..], ids))
    }

    fn add_at(cmd: Command, path: &[&str], ids: &'static [&'static str]) -> Command {
        match path {
            [] => cmd.args(args(ids)),
            [first, rest @ ..] => cmd.mut_subcommand(*first, |sub| add_at(sub, rest, ids)),
        }
    }

    /// The commands named on the line below the top, each with its matches.
    fn levels<'a>(
        cli: &'a Command,
        matches: &'a ArgMatches,
    ) -> impl Iterator<Item = (&'a Command, &'a ArgMatches)> {
        std::iter::successors(Some((cli, matches)), |(cmd, m)| {
            let (name, sub) = m.subcommand()?;
            Some((cmd.find_subcommand(name)?, sub))
        })
        .skip(1)
    }

    /// Merges the shared flags given on the command into `global` (the
    /// command's value wins over one given before it).
    pub fn merge_levels(global: &mut GlobalArgs, cli: &Command, matches: &ArgMatches) {
        for (_, m) in levels(cli, matches) {
            merge(global, m);
        }
    }

    /// Refuses a shared flag given before a command that does not take it.
    pub fn refuse_misplaced(cli: &Command, matches: &ArgMatches) -> Result<(), clap::Error> {
        let Some((cmd, _)) = levels(cli, matches).last() else {
            return Ok(());
        };
        let refused: Vec<String> = ALL
            .iter()
            .filter(|id| matches.value_source(id) == Some(ValueSource::CommandLine))
            .filter(|id| !cmd.get_arguments().any(|a| a.get_id() == **id))
            .map(|id| format!("--{}", id.replace('_', "-")))
            .collect();
        if refused.is_empty() {
            return Ok(());
        }
        let mut msg = format!("`{}` does not take {}", cmd.get_name(), refused.join(", "));
        if refused.iter().any(|f| f == "--format")
            && cmd.get_arguments().any(|a| a.get_id() == "json")
        {
            msg.push_str("; it prints JSON with --json");
        }
        Err(cli
            .clone()
            .error(clap::error::ErrorKind::UnknownArgument, msg))
    }

    fn given(m: &ArgMatches, id: &str) -> bool {
        matches!(m.try_get_raw(id), Ok(Some(_)))
            && matches!(
                m.value_source(id),
                Some(ValueSource::CommandLine | ValueSource::EnvVariable)
            )
    }

    /// Overlays the shared flags given at one level of the command line.
    fn merge(g: &mut GlobalArgs, m: &ArgMatches) {
        use std::ffi::OsString;
        let os = |id: &str| m.get_one::<OsString>(id).cloned();
        let on = |id: &str| matches!(m.try_get_one::<bool>(id), Ok(Some(true)));
        if given(m, "org") {
            g.org = os("org");
        }
        if given(m, "login_email") {
            g.login_email = os("login_email");
        }
        if given(m, "plan") {
            g.plan = os("plan");
        }
        if given(m, "sender_name") {
            g.sender_name = os("sender_name");
        }
        if let Some(f) = m
            .try_get_one::<super::Format>("format")
            .ok()
            .flatten()
            .filter(|_| given(m, "format"))
        {
            g.format = *f;
        }
        if given(m, "profile") {
            g.profile = m.get_one::<String>("profile").cloned();
        }
        if given(m, "config_dir") {
            g.config_dir = os("config_dir");
            g.config_dir_from_env = m.value_source("config_dir") == Some(ValueSource::EnvVariable);
        }
        g.quiet |= on("quiet");
        g.no_input |= on("no_input");
        g.no_history |= on("no_history");
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

    /// `schema` describes a ticket command from the catalog; every flag its
    /// `--help` shows must be there.
    #[test]
    fn every_ticket_flag_is_in_the_catalog() {
        let mut cli = Cli::command();
        cli.build();
        for category in catalog::CATEGORIES {
            let Some(cmd) = cli.find_subcommand(category.name) else {
                panic!("no subcommand {}", category.name);
            };
            for arg in cmd.get_arguments().filter(|a| !a.is_hide_set()) {
                let Some(long) = arg.get_long() else { continue };
                let known = category.items.iter().any(|i| i.flag == long)
                    || flags::COMMON
                        .iter()
                        .chain(flags::IDENTITY)
                        .chain(flags::OUTPUT)
                        .any(|f| f.name == long)
                    || ["help", "version"].contains(&long);
                assert!(known, "{}: --{long} is not in the catalog", category.name);
            }
        }
    }
}
