//! The flags a ticket command takes besides its checklist, as data: the
//! common ticket flags, the identity flags and the output flags. The CLI
//! builds its arguments from these rows, and `schema` describes them, so the
//! two cannot disagree.

use serde::Serialize;

use super::Choice;

/// How a flag takes its value.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Takes {
    /// A switch, no value.
    Switch,
    /// One value; the last one given wins.
    One,
    /// Repeatable.
    Many,
    /// Repeatable, and each value may be a comma-separated list.
    ManyCommaList,
    /// An optional value, with this value when the flag is given bare.
    Optional(&'static str),
}

/// What a value names, for completion.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Names {
    Text,
    File,
    Email,
    Dir,
}

/// One flag.
#[derive(Debug, Clone, Copy, Serialize)]
pub struct Flag {
    /// The long name without dashes (`details-file`).
    pub name: &'static str,
    /// The placeholder in help (`PATH|-`); empty for a switch.
    pub value_name: &'static str,
    pub help: &'static str,
    pub takes: Takes,
    pub names: Names,
    /// Allowed values, where the set is fixed.
    pub choices: &'static [Choice],
    /// Flags this one cannot be given with.
    pub conflicts: &'static [&'static str],
}

impl Flag {
    const fn new(name: &'static str, takes: Takes, value_name: &'static str) -> Self {
        Flag {
            name,
            value_name,
            help: "",
            takes,
            names: Names::Text,
            choices: &[],
            conflicts: &[],
        }
    }
    const fn help(mut self, help: &'static str) -> Self {
        self.help = help;
        self
    }
    const fn names(mut self, names: Names) -> Self {
        self.names = names;
        self
    }
    const fn choices(mut self, choices: &'static [Choice]) -> Self {
        self.choices = choices;
        self
    }
    const fn conflicts(mut self, flags: &'static [&'static str]) -> Self {
        self.conflicts = flags;
        self
    }

    /// `--details`, as shown to users.
    pub fn long(&self) -> String {
        format!("--{}", self.name)
    }
}

pub const DETAILS: Flag = Flag::new("details", Takes::One, "TEXT")
    .help("More detail for the body of the email")
    .conflicts(&["details-file"]);
pub const DETAILS_FILE: Flag = Flag::new("details-file", Takes::One, "PATH|-")
    .help("Read the details from a file, or from stdin with -")
    .names(Names::File);
pub const TRIED: Flag =
    Flag::new("tried", Takes::Many, "STEP").help("A step you already tried (repeat for several)");
pub const ATTACH: Flag = Flag::new("attach", Takes::Many, "PATH")
    .help("Attach a screenshot or recording (repeat for several)")
    .names(Names::File);
pub const CC: Flag = Flag::new("cc", Takes::ManyCommaList, "EMAIL")
    .help("Copy someone in (repeat or comma-separate)")
    .names(Names::Email);
pub const FORCE: Flag = Flag::new("force", Takes::Switch, "")
    .help("Compose even where a rule refuses; its advice still goes to stderr");
pub const NO_REDACT: Flag = Flag::new("no-redact", Takes::Switch, "")
    .help("Keep card numbers, IBANs and secrets in free text instead of masking them");
pub const OPEN: Flag = Flag::new("open", Takes::Optional("client"), "TARGET")
    .help("Open the email in your mail client (a mailto: link or an .eml draft), or in web mail")
    .choices(OPEN_TARGETS);
pub const EDIT: Flag = Flag::new("edit", Takes::Switch, "")
    .help("Edit the body in $VISUAL or $EDITOR before it goes out");
pub const SEND: Flag = Flag::new("send", Takes::Switch, "")
    .help(
        "Send over SMTP with the profile's settings (password from the OS keyring or \
         NINEPIC_HELP_SMTP_PASSWORD); a failed send is kept in the outbox",
    )
    .conflicts(&["open"]);
pub const STDOUT: Flag = Flag::new("stdout", Takes::Switch, "")
    .help("Print the email to stdout even when the profile's default delivery is open or send")
    .conflicts(&["open", "send"]);

/// Where `--open` can hand the email.
pub const OPEN_TARGETS: &[Choice] = &[
    Choice::new("client", "your mail client (the default for a bare --open)"),
    Choice::new("webmail:gmail", "a Gmail compose page in the browser"),
    Choice::new(
        "webmail:outlook",
        "an Outlook on the web compose page in the browser",
    ),
];

/// Flags every ticket category takes besides its checklist, in help order.
pub const COMMON: &[Flag] = &[
    DETAILS,
    DETAILS_FILE,
    TRIED,
    ATTACH,
    CC,
    FORCE,
    NO_REDACT,
    OPEN,
    EDIT,
    SEND,
    STDOUT,
];

pub const ORG: Flag =
    Flag::new("org", Takes::One, "NAME").help("Org name as it appears in the 9Pic dashboard");
pub const LOGIN_EMAIL: Flag = Flag::new("login-email", Takes::One, "EMAIL")
    .help("The email address you log in to 9Pic with")
    .names(Names::Email);
pub const PLAN: Flag = Flag::new("plan", Takes::One, "PLAN")
    .help("Your 9Pic plan")
    .choices(super::PLANS);
pub const SENDER_NAME: Flag =
    Flag::new("sender-name", Takes::One, "NAME").help("Your name, for the signature");

/// Who is writing: every email states these (profile values or flags).
pub const IDENTITY: &[Flag] = &[ORG, LOGIN_EMAIL, PLAN, SENDER_NAME];

/// The output and global flags a ticket command takes.
pub const OUTPUT: &[Flag] = &[
    Flag::new("format", Takes::One, "FORMAT")
        .help("How to print the ticket")
        .choices(FORMATS),
    Flag::new("quiet", Takes::Switch, "").help("Print only the ticket: no expected-response note"),
    Flag::new("no-input", Takes::Switch, "").help("Never prompt, even on a terminal"),
    Flag::new("profile", Takes::One, "NAME")
        .help("Use this saved profile instead of the default [env: NINEPIC_HELP_PROFILE]"),
    Flag::new("config-dir", Takes::One, "DIR")
        .help("Keep profiles here [env: NINEPIC_HELP_CONFIG_DIR] (history: NINEPIC_HELP_DATA_DIR)")
        .names(Names::Dir),
    Flag::new("no-history", Takes::Switch, "")
        .help("Do not record this ticket in the local history"),
];

/// The values of `--format`.
pub const FORMATS: &[Choice] = &[
    Choice::new(
        "text",
        "Headers and body, readable and fit for `sendmail -t`",
    ),
    Choice::new(
        "eml",
        "A complete RFC 5322 / MIME message (a draft with X-Unsent: 1)",
    ),
    Choice::new("json", "One JSON object (schema 9pic-help.ticket/1)"),
    Choice::new("mailto", "The mailto: URL alone"),
];
