//! The hand-off sink: the user's mail client (a `mailto:` link, or an `.eml`
//! draft when a link cannot carry everything) or a web mail compose page.
//!
//! Launching goes through the `open` crate's detached launch, which on Linux
//! tries `xdg-open`, then `gio open`, `gnome-open` and `kde-open`, and reports
//! a launcher that fails within its observation window. When nothing can be
//! launched the email is printed on stdout and the error (exit 69) follows, so
//! nothing the user typed is lost.

use std::io::IsTerminal;
use std::path::{Path, PathBuf};

use percent_encoding::{NON_ALPHANUMERIC, utf8_percent_encode};

use crate::compose::Composed;
use crate::email::Email;
use crate::error::Error;
use crate::options::Format;
use crate::store::private;
use crate::term::Note;

use super::outcome::Delivered;

/// Longest `mailto:` link handed to a mail client. Some clients and the
/// Windows shell cut links near 2,048 characters; past this a draft is used.
pub const MAILTO_MAX: usize = 2000;

/// Longest web mail compose link; browsers take far more, the mail sites less.
pub const WEBMAIL_MAX: usize = 8000;

/// `--open`: where to hand the email, and where drafts go.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Open {
    pub target: Target,
    /// Drafts too long for a link are written here.
    pub drafts_dir: PathBuf,
}

/// Where `--open` hands the email.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Target {
    /// The desktop's mail handler: `mailto:` or an `.eml` draft.
    Client,
    /// Gmail's compose page.
    Gmail,
    /// Outlook on the web's compose page.
    Outlook,
}

/// How the email was handed over, for the note on stderr.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Handed {
    /// A `mailto:` link went to the mail client.
    Mailto,
    /// A draft was written here and opened; the reason a link would not do.
    Draft { path: PathBuf, why: String },
    /// A web mail compose page was opened in the browser.
    Webmail,
    /// The link would be too long for web mail: the email was printed instead.
    Printed { why: String },
}

impl Handed {
    /// How the history names this delivery.
    pub fn label(&self) -> &'static str {
        match self {
            Handed::Mailto => "mailto",
            Handed::Draft { .. } => "draft",
            Handed::Webmail => "webmail",
            Handed::Printed { .. } => "stdout",
        }
    }
}

/// Why a `mailto:` link cannot carry this email, if it cannot.
///
/// A link carries only To, Cc, Subject, body and In-Reply-To (RFC 6068):
/// attachments need a real message, and long links are cut by some clients.
pub fn mailto_shortfall(email: &Email, url: &str) -> Option<String> {
    if !email.attachments.is_empty() {
        let n = email.attachments.len();
        return Some(format!(
            "{n} attachment{} cannot travel in a mailto: link",
            if n == 1 { "" } else { "s" }
        ));
    }
    let len = url.chars().count();
    if len > MAILTO_MAX {
        return Some(format!(
            "the mailto: link would be {len} characters long (mail clients take about {MAILTO_MAX})"
        ));
    }
    None
}

/// A web mail compose link carrying To, Cc, Subject and body.
pub fn webmail_url(email: &Email, target: Target) -> String {
    let enc = |s: &str| utf8_percent_encode(s, NON_ALPHANUMERIC).to_string();
    let to = enc(&email.to.join(","));
    let cc = enc(&email.cc.join(","));
    let subject = enc(&email.subject);
    let body = enc(&email.body);
    let cc_part = |name: &str| {
        if email.cc.is_empty() {
            String::new()
        } else {
            format!("&{name}={cc}")
        }
    };
    match target {
        Target::Gmail => format!(
            "https://mail.google.com/mail/?view=cm&fs=1&to={to}{}&su={subject}&body={body}",
            cc_part("cc")
        ),
        Target::Outlook | Target::Client => format!(
            "https://outlook.office.com/mail/deeplink/compose?to={to}{}&subject={subject}&body={body}",
            cc_part("cc")
        ),
    }
}

/// Hands the email over; on a launch failure prints it on stdout (in the
/// chosen format) and returns the failure, so nothing is lost.
pub fn deliver(open: &Open, format: Format, composed: &Composed) -> Result<Delivered, Error> {
    let email = &composed.email;
    let handed = match hand_off(open.target, email, &open.drafts_dir) {
        Ok(h) => h,
        Err(e @ Error::Unavailable { .. }) => {
            super::stdout::write(format, composed)?;
            return Err(e);
        }
        // The draft could not be written (a full or read-only disk): the
        // email goes to stdout so nothing is lost, and the error says why.
        Err(e @ Error::CantCreate { .. }) => {
            super::stdout::write(format, composed)?;
            return Err(Error::printed(
                e,
                "the draft for your mail client could not be saved; the email is printed on stdout",
            ));
        }
        Err(e) => return Err(e),
    };
    let mut notes = Vec::new();
    if !email.attachments.is_empty() && matches!(open.target, Target::Gmail | Target::Outlook) {
        let names: Vec<&str> = email
            .attachments
            .iter()
            .map(|a| a.filename.as_str())
            .collect();
        notes.push(Note::Warning(format!(
            "web mail links cannot carry attachments; attach {} yourself (they are listed in the body)",
            names.join(", ")
        )));
    }
    match &handed {
        Handed::Printed { why } => {
            notes.push(Note::Warning(format!("{why}; printed the email instead")));
            super::stdout::write(format, composed)?;
        }
        Handed::Mailto => notes.push(Note::Info(format!(
            "opened a new message to {} in your mail client",
            email.to.join(", ")
        ))),
        // Shown even with --quiet: it says where the user's email now is.
        Handed::Draft { path, why } => notes.push(Note::Always(format!(
            "{why}, so the email was saved as a draft and opened: {}",
            path.display()
        ))),
        Handed::Webmail => notes.push(Note::Info(
            "opened a web mail compose page in your browser".into(),
        )),
    }
    Ok(Delivered {
        label: handed.label(),
        notes,
        then: None,
    })
}

/// Launches the right thing for `target`; does not print the email.
pub fn hand_off(target: Target, email: &Email, drafts_dir: &Path) -> Result<Handed, Error> {
    match target {
        Target::Client => {
            let url = email.mailto();
            match mailto_shortfall(email, &url) {
                None => {
                    launch(&url, "your mail client")?;
                    Ok(Handed::Mailto)
                }
                Some(why) => {
                    let path = write_draft(email, drafts_dir)?;
                    launch(path.as_os_str(), "your mail client")?;
                    Ok(Handed::Draft { path, why })
                }
            }
        }
        Target::Gmail | Target::Outlook => {
            let url = webmail_url(email, target);
            let len = url.chars().count();
            if len > WEBMAIL_MAX {
                return Ok(Handed::Printed {
                    why: format!(
                        "the web mail link would be {len} characters long (more than {WEBMAIL_MAX})"
                    ),
                });
            }
            launch(&url, "a web browser")?;
            Ok(Handed::Webmail)
        }
    }
}

/// Starts the desktop's handler for `what`, detached; any launcher failure
/// seen in the `open` crate's window becomes exit 69.
fn launch(what: impl AsRef<std::ffi::OsStr>, via: &str) -> Result<(), Error> {
    open::that_detached(what.as_ref()).map_err(|e| Error::Unavailable {
        // The crate's message repeats the whole link; say what happened instead.
        what: if e.kind() == std::io::ErrorKind::NotFound {
            format!("could not open {via}: no launcher (xdg-open, gio, kde-open) is installed")
        } else {
            format!("could not open {via}: the launcher (xdg-open or the like) reported a failure")
        },
        hint: Some(launch_hint(
            via == "a web browser",
            std::io::stdout().is_terminal(),
        )),
    })
}

/// What to do when the launcher failed: where the email is (above on a
/// terminal, else on stdout), and another way than the one that failed.
fn launch_hint(webmail: bool, stdout_is_terminal: bool) -> String {
    let where_ = match stdout_is_terminal {
        true => "printed above",
        false => "printed on stdout",
    };
    let other = match webmail {
        true => {
            "try --open (your desktop mail client) or --format eml > ticket.eml, or send it from the printed text"
        }
        false => "run `9pic-help doctor` to check the mail handler, or try --open webmail:gmail",
    };
    format!("the email is {where_}; {other}")
}

/// Writes the complete message (attachments included, `X-Unsent: 1`) into
/// the drafts directory and returns its path: a new file with an
/// unpredictable name, 0600, in a directory 0700.
pub fn write_draft(email: &Email, drafts_dir: &Path) -> Result<PathBuf, Error> {
    let bytes = super::stdout::eml(email)?;
    let stamp = email.date.strftime("%Y%m%d-%H%M%S");
    // The name's random part comes from the temp-file crate: never predictable,
    // never an existing file (created exclusively).
    private::write_new_private(drafts_dir, &format!("ticket-{stamp}-"), ".eml", &bytes)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_failed_launch_suggests_another_way_and_says_where_the_email_is() {
        let web = launch_hint(true, false);
        assert!(
            web.contains("printed on stdout") && !web.contains("webmail"),
            "{web}"
        );
        let client = launch_hint(false, true);
        assert!(
            client.contains("printed above") && client.contains("webmail:gmail"),
            "{client}"
        );
    }

    fn email(body: &str) -> Email {
        Email {
            from: Some("ops@acme.example".into()),
            to: vec!["support@9pic.ai".into()],
            cc: vec!["boss@acme.example".into()],
            subject: "Billing: pending payment pay_1 & more".into(),
            body: body.into(),
            attachments: vec![],
            date: jiff::Timestamp::UNIX_EPOCH,
            message_id: "<x@9pic-help>".into(),
            in_reply_to: None,
            urgent: false,
        }
    }

    #[test]
    fn short_plain_email_fits_a_mailto_link() {
        let e = email("Hello,\nstuck.");
        assert_eq!(mailto_shortfall(&e, &e.mailto()), None);
    }

    #[test]
    fn long_body_needs_a_draft_but_threading_fits_a_link() {
        let e = email(&"x".repeat(MAILTO_MAX));
        assert!(mailto_shortfall(&e, &e.mailto()).is_some());
        let mut e = email("short");
        e.in_reply_to = Some("<a@b>".into());
        assert_eq!(mailto_shortfall(&e, &e.mailto()), None);
        assert!(e.mailto().contains("&in-reply-to=%3Ca%40b%3E&"));
    }

    #[test]
    fn webmail_links_round_trip() {
        let e = email("Line 1\nLine 2 & 100% = done?");
        for (target, subject_key) in [(Target::Gmail, "su"), (Target::Outlook, "subject")] {
            let url = url::Url::parse(&webmail_url(&e, target)).expect("valid URL");
            let q: std::collections::HashMap<_, _> = url.query_pairs().into_owned().collect();
            assert_eq!(q["to"], "support@9pic.ai");
            assert_eq!(q["cc"], "boss@acme.example");
            assert_eq!(q[subject_key], e.subject);
            assert_eq!(q["body"], e.body);
        }
    }
}
