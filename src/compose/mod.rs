//! The pure middle of the road: from a [`Draft`] to a checked [`Ticket`] and
//! its [`Email`], with the notes for the user. No files, no terminal, no
//! clock: the caller passes `now` and the earlier tickets, and everything
//! read from outside is already in the draft.

pub mod asked;
pub mod checklist;
pub mod claims;
pub mod draft;
pub mod due;
pub mod duplicate;
pub mod identity;
pub mod masking;
pub mod redact;
pub mod render;
pub mod rules;
pub mod time;
pub mod values;

use jiff::Zoned;

use crate::catalog::{Kind, flags, recommended};
use crate::email::Email;
use crate::error::Error;
pub use checklist::Ticket;
pub use draft::Draft;
pub use duplicate::Earlier;

/// What the middle of the road produces.
#[derive(Debug, Clone)]
pub struct Composed {
    pub ticket: Ticket,
    pub email: Email,
    /// Advice for the user (stderr, and `warnings` in JSON), in order.
    pub notes: Vec<String>,
    /// What was masked in the free text (`redactions` in JSON).
    pub redactions: Vec<masking::Redaction>,
}

/// How the pure middle should treat the free text.
#[derive(Debug, Clone, Copy)]
pub struct Settings {
    /// Mask card numbers, IBANs and secrets (off with `--no-redact`).
    pub redact: bool,
    /// Whether the details came from `--details-file` (named in notes).
    pub details_from_file: bool,
    /// Whether attachments travel with the chosen output (eml, an `--open`
    /// draft, `--send`); decided where the sink is chosen.
    pub attachments_travel: bool,
}

/// Checks the draft, adds the duplicate note, masks payment data and renders the email.
pub fn compose(
    draft: Draft,
    earlier: &[Earlier],
    settings: Settings,
    now: &Zoned,
) -> Result<Composed, Error> {
    let (mut ticket, mut notes) = checklist::validate(draft, now)?;
    let mut redactions = Vec::new();
    notes.extend(duplicate::note(&ticket, earlier));
    if settings.redact {
        redactions = masking::ticket(&mut ticket, settings.details_from_file);
        notes.extend(masking::notes(&redactions));
    }
    notes.extend(recommended_note(&ticket));
    notes.extend(attachments_note(&ticket, settings.attachments_travel));
    let view = render::View {
        attachments_travel: settings.attachments_travel,
    };
    let email = render::render(&ticket, now, view)?;
    Ok(Composed {
        ticket,
        email,
        notes,
        redactions,
    })
}

/// One warning naming every recommended item the ticket lacks, with its flag.
fn recommended_note(ticket: &Ticket) -> Option<String> {
    let category = ticket.category();
    let missing: Vec<String> = recommended::of(category.id, ticket.situation())
        .filter_map(|r| {
            let flag = match r.source {
                recommended::Source::Attachment if ticket.attachments().is_empty() => {
                    format!("{} FILE", flags::ATTACH.long())
                }
                recommended::Source::Tried if ticket.tried().is_empty() => {
                    format!("{} {}", flags::TRIED.long(), flags::TRIED.value_name)
                }
                recommended::Source::Item(key) if ticket.get(key).is_none() => {
                    let item = category.item(key)?;
                    match item.kind {
                        Kind::Switch => item.long(),
                        kind => format!("{} {}", item.long(), kind.value_name()),
                    }
                }
                _ => return None,
            };
            Some(format!("{} ({flag})", r.what))
        })
        .collect();
    let (list, them) = match missing.split_last()? {
        (last, []) => (last.clone(), "it"),
        (last, rest) => (format!("{} and {last}", rest.join(", ")), "them"),
    };
    Some(format!(
        "support usually asks for {list}; add {them} if you can, or support may have to write back"
    ))
}

/// In an output that cannot carry files, names each file the body lists
/// and the outputs that would carry it.
fn attachments_note(ticket: &Ticket, travel: bool) -> Option<String> {
    if travel || ticket.attachments().is_empty() {
        return None;
    }
    let names: Vec<&str> = ticket
        .attachments()
        .iter()
        .map(|a| a.filename.as_str())
        .collect();
    Some(format!(
        "not attached: {} (listed in the body as files to attach); this output cannot carry files, \
         so attach them in your mail client, or use --format eml, --open or --send, which carry them",
        names.join(", ")
    ))
}
