//! One error type for the whole tool, carrying its sysexits exit code.
//!
//! Every failure the user can cause ends here; `main` prints it once and exits
//! with [`Error::exit_code`] and its chain of causes ([`std::error::Error::source`]).
//! [`EXIT_CODES`] is the one table of codes: `--help` prints it and the README
//! copies it (a test holds them together).

use std::fmt;
use std::path::PathBuf;

/// Every exit code and what it means, in order; `--help` and the README show this table.
pub const EXIT_CODES: &[(u8, &str)] = &[
    (code::OK, "ok"),
    (
        code::USAGE,
        "usage: unknown flag or command, or a required item missing (when not prompting)",
    ),
    (
        code::DATA,
        "data: an invalid value, a rule refused the ticket, unsafe characters in a header value",
    ),
    (
        code::NO_INPUT,
        "an input file (`--attach`, `--details-file`) is missing or unreadable",
    ),
    (
        code::UNAVAILABLE,
        "unavailable: mail client, browser, keyring or SMTP server",
    ),
    (
        code::INTERNAL,
        "internal: a bug in 9pic-help; please report it",
    ),
    (code::CANT_CREATE, "cannot write a file"),
    (code::TEMP_FAIL, "temporary failure: SMTP 4xx, timeout"),
    (
        code::NO_PERMISSION,
        "permission: SMTP authentication refused",
    ),
    (
        code::CONFIG,
        "config: no profile (and no `--org`/`--login-email`), or a corrupt profile",
    ),
    (
        code::CANCELLED,
        "cancelled at a prompt or in the editor, or interrupted (SIGINT) while sending; \
         the ticket waits in the outbox",
    ),
    (
        code::HANGUP,
        "hung up (SIGHUP) while sending; the ticket waits in the outbox",
    ),
    (
        code::TERMINATED,
        "terminated (SIGTERM) while sending; the ticket waits in the outbox",
    ),
];

/// [`EXIT_CODES`] as the text `--help` ends with.
pub fn exit_codes_help() -> String {
    let mut out = String::from("Exit codes:");
    for (code, meaning) in EXIT_CODES {
        out.push_str(&format!("\n  {code:<4} {meaning}"));
    }
    out
}

/// Exit codes (sysexits.h); [`EXIT_CODES`] says what each means.
pub mod code {
    pub const OK: u8 = 0;
    pub const USAGE: u8 = 64;
    pub const DATA: u8 = 65;
    pub const NO_INPUT: u8 = 66;
    pub const UNAVAILABLE: u8 = 69;
    pub const INTERNAL: u8 = 70;
    pub const CANT_CREATE: u8 = 73;
    pub const TEMP_FAIL: u8 = 75;
    pub const NO_PERMISSION: u8 = 77;
    pub const CONFIG: u8 = 78;
    pub const CANCELLED: u8 = 130;
    /// 128 + SIGHUP.
    pub const HANGUP: u8 = 129;
    /// 128 + SIGTERM.
    pub const TERMINATED: u8 = 143;
}

/// What kind of problem a checklist item has.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum ProblemKind {
    /// A required item was not given.
    Missing,
    /// A value was given but is not acceptable.
    Invalid,
    /// A rule refused the ticket (usually: this is self-serve, or too early).
    Refused,
    /// An input file does not exist or cannot be read.
    FileMissing,
    /// The org identity is incomplete and there is no profile to fill it.
    Identity,
}

/// One problem with the request, naming the flag that fixes it.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Problem {
    pub kind: ProblemKind,
    /// The flag that fixes it, e.g. `--payment-id`.
    pub flag: String,
    pub message: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub hint: Option<String>,
}

impl Problem {
    pub fn new(kind: ProblemKind, flag: impl Into<String>, message: impl Into<String>) -> Self {
        Problem {
            kind,
            flag: flag.into(),
            message: message.into(),
            hint: None,
        }
    }

    pub fn with_hint(mut self, hint: impl Into<String>) -> Self {
        self.hint = Some(hint.into());
        self
    }
}

/// Every problem found in one request, reported together.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Problems(pub Vec<Problem>);

impl Problems {
    pub fn push(&mut self, p: Problem) {
        self.0.push(p);
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// The hints more than one problem carries, each once, in order.
    pub fn shared_hints(&self) -> Vec<&str> {
        let hints: Vec<&str> = self.0.iter().filter_map(|p| p.hint.as_deref()).collect();
        let mut shared: Vec<&str> = Vec::new();
        for h in &hints {
            if hints.iter().filter(|o| *o == h).count() > 1 && !shared.contains(h) {
                shared.push(h);
            }
        }
        shared
    }

    /// The exit code for the whole list: config beats usage beats a missing file beats data.
    pub fn exit_code(&self) -> u8 {
        let has = |k| self.0.iter().any(|p| p.kind == k);
        if has(ProblemKind::Identity) {
            code::CONFIG
        } else if has(ProblemKind::Missing) {
            code::USAGE
        } else if has(ProblemKind::FileMissing) {
            code::NO_INPUT
        } else {
            code::DATA
        }
    }
}

/// The underlying failure of a file operation, kept as the error's source.
pub type Cause = Box<dyn std::error::Error + Send + Sync>;

/// The error every fallible step returns.
#[derive(Debug)]
pub enum Error {
    /// The request has problems; nothing was written.
    Problems(Problems),
    /// The profile given to `profile init` has problems; nothing was written.
    ProfileProblems(Problems),
    /// Misuse of the command line that parsing did not catch.
    Usage(String),
    /// A value is invalid outside any checklist (e.g. a profile key).
    Data(String),
    /// A bug in this tool (exit 70), never the user's doing.
    Internal(String),
    /// An input file is missing or unreadable.
    NoInput { path: PathBuf, source: Cause },
    /// A service (mail client, keyring, SMTP server) is not available.
    Unavailable { what: String, hint: Option<String> },
    /// Something could not be written.
    CantCreate { path: PathBuf, source: Cause },
    /// A temporary failure; trying again later may work.
    TempFail(String),
    /// Authentication was refused.
    Permission(String),
    /// The configuration (profile) is missing or corrupt.
    Config {
        message: String,
        hint: Option<String>,
    },
    /// The user cancelled in the editor.
    Cancelled,
    /// The user left a prompt (Ctrl-C, or Esc in a menu): exit 130, and
    /// nothing more is printed as text, the prompt has already left the
    /// terminal on a fresh line.
    Quit,
    /// A signal (TERM, INT, HUP) stopped a send; exit 128 + its number.
    Interrupted { signal: i32 },
    /// Sending failed; the complete message waits in the outbox.
    Kept {
        cause: Box<Error>,
        /// The outbox ID.
        id: String,
        /// The cause's hint (if any) and how to retry.
        hint: String,
    },
    /// A failure after the user's typed text (from `--edit` or standard input)
    /// was saved as a private draft; the hint names the draft.
    Drafted {
        cause: Box<Error>,
        /// The cause's hint (if any) and where the draft is.
        hint: String,
    },
    /// The message (or the user's text) could not be kept where it belonged
    /// (the outbox, a draft); it went to stdout instead.
    Unkept {
        cause: Box<Error>,
        /// Why the outbox could not keep it, and where the message went.
        hint: String,
    },
}

impl Error {
    /// Wraps a send failure whose message was kept in the outbox as `id`.
    pub fn kept(cause: Error, id: &str) -> Error {
        let mut hint = String::new();
        if let Some(h) = cause.hint() {
            hint.push_str(h);
            hint.push('\n');
        }
        hint.push_str(&format!(
            "the complete ticket is kept in the outbox as {id}; \
             send it later with `9pic-help outbox send {id}`"
        ));
        Error::Kept {
            cause: Box::new(cause),
            id: id.to_string(),
            hint,
        }
    }
}

impl Error {
    /// Wraps a send that lost the server after the message's final dot: the
    /// server may have it, so the outbox keeps it as `id` and will not send
    /// it again without `--resend`.
    pub fn maybe_delivered(cause: Error, id: &str) -> Error {
        let hint = format!(
            "the server may have delivered it already; the complete ticket is kept in the \
             outbox as {id}, marked \"may have been delivered\". Ask the recipient (or check \
             for support's reply) before sending it again with `9pic-help outbox send {id} --resend`, \
             or drop it with `9pic-help outbox drop {id}`"
        );
        Error::Kept {
            cause: Box::new(cause),
            id: id.to_string(),
            hint,
        }
    }

    /// Wraps a failure that came after the user's text was saved as the draft
    /// `path`, so the error's hint says where the text is. Wrapping twice keeps
    /// the first draft named.
    pub fn with_draft(self, path: &std::path::Path) -> Error {
        if matches!(self, Error::Drafted { .. }) {
            return self;
        }
        let mut hint = String::new();
        if let Some(h) = self.hint() {
            hint.push_str(h);
            hint.push('\n');
        }
        hint.push_str(&format!("your text is kept in {}", path.display()));
        Error::Drafted {
            cause: Box::new(self),
            hint,
        }
    }

    /// Wraps a failure to keep something on disk whose contents went to
    /// stdout instead; `what` says what is printed there.
    pub fn printed(cause: Error, what: &str) -> Error {
        let mut hint = String::new();
        if let Some(h) = cause.hint() {
            hint.push_str(h);
            hint.push('\n');
        }
        hint.push_str(&format!("{what}, so nothing is lost"));
        Error::Unkept {
            cause: Box::new(cause),
            hint,
        }
    }

    /// The sysexits code for this error.
    pub fn exit_code(&self) -> u8 {
        match self {
            Error::Problems(p) | Error::ProfileProblems(p) => p.exit_code(),
            Error::Usage(_) => code::USAGE,
            Error::Data(_) => code::DATA,
            Error::Internal(_) => code::INTERNAL,
            Error::NoInput { .. } => code::NO_INPUT,
            Error::Unavailable { .. } => code::UNAVAILABLE,
            Error::CantCreate { .. } => code::CANT_CREATE,
            Error::TempFail(_) => code::TEMP_FAIL,
            Error::Permission(_) => code::NO_PERMISSION,
            Error::Config { .. } => code::CONFIG,
            Error::Cancelled | Error::Quit => code::CANCELLED,
            Error::Interrupted { signal } => {
                u8::try_from(128 + (*signal).clamp(0, 127)).unwrap_or(code::CANCELLED)
            }
            Error::Kept { cause, .. }
            | Error::Unkept { cause, .. }
            | Error::Drafted { cause, .. } => cause.exit_code(),
        }
    }

    /// A follow-up line telling the user what to do, when there is one.
    pub fn hint(&self) -> Option<&str> {
        match self {
            Error::Unavailable { hint, .. } | Error::Config { hint, .. } => hint.as_deref(),
            Error::Kept { hint, .. } | Error::Unkept { hint, .. } | Error::Drafted { hint, .. } => {
                Some(hint)
            }
            _ => None,
        }
    }

    /// The list of problems, for the machine-readable error report.
    pub fn problems(&self) -> Option<&Problems> {
        match self {
            Error::Problems(p) | Error::ProfileProblems(p) => Some(p),
            Error::Drafted { cause, .. } => cause.problems(),
            _ => None,
        }
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::Problems(ps) | Error::ProfileProblems(ps) => {
                let n = ps.0.len();
                let what = match self {
                    Error::ProfileProblems(_) => "profile",
                    _ => "ticket",
                };
                write!(
                    f,
                    "{} problem{} with this {what}:",
                    n,
                    if n == 1 { "" } else { "s" }
                )?;
                // A hint that fixes several problems (one `profile init` for
                // --org, --login-email and --plan) is said once, after the list.
                let shared = ps.shared_hints();
                for p in &ps.0 {
                    write!(f, "\n  - {}: {}", p.flag, p.message)?;
                    match &p.hint {
                        Some(h) if !shared.contains(&h.as_str()) => write!(f, "\n      {h}")?,
                        _ => {}
                    }
                }
                for h in shared {
                    write!(f, "\n  {h}")?;
                }
                Ok(())
            }
            Error::Usage(m) | Error::Data(m) | Error::TempFail(m) | Error::Permission(m) => {
                f.write_str(m)
            }
            Error::Internal(m) => write!(f, "internal error (a bug in 9pic-help): {m}"),
            Error::NoInput { path, source } => {
                write!(f, "cannot read {}: {source}", path.display())
            }
            Error::Unavailable { what, .. } => f.write_str(what),
            Error::CantCreate { path, source } => {
                write!(f, "cannot write {}: {source}", path.display())
            }
            Error::Config { message, .. } => f.write_str(message),
            Error::Cancelled => f.write_str("cancelled"),
            Error::Quit => f.write_str("cancelled at a prompt"),
            Error::Interrupted { signal } => {
                let name = match *signal {
                    signal_hook::consts::SIGTERM => "SIGTERM",
                    signal_hook::consts::SIGINT => "SIGINT",
                    signal_hook::consts::SIGHUP => "SIGHUP",
                    _ => "a signal",
                };
                write!(f, "stopped by {name} while sending")
            }
            // The cause is the message; `{:#}` passes on to show its own causes.
            Error::Kept { cause, .. }
            | Error::Unkept { cause, .. }
            | Error::Drafted { cause, .. } => cause.fmt(f),
        }
    }
}

impl std::error::Error for Error {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Error::Kept { cause, .. }
            | Error::Unkept { cause, .. }
            | Error::Drafted { cause, .. } => Some(cause.as_ref()),
            Error::NoInput { source, .. } | Error::CantCreate { source, .. } => {
                Some(source.as_ref())
            }
            _ => None,
        }
    }
}

impl From<Problems> for Error {
    fn from(p: Problems) -> Self {
        Error::Problems(p)
    }
}
