//! The last step of the ticket road: the ticket's line in the local history.

use crate::compose::{Composed, due};
use crate::error::Error;
use crate::options::Options;
use crate::store::history::{History, Keys, NewRecord};

/// Appends the delivered ticket to the history, unless `--no-history`.
///
/// The email is out (printed, or handed over) by now, so nothing is lost; a
/// history that cannot be written still fails the run (73) so scripts notice,
/// and the error says how the email went and how to skip the history.
pub fn record(
    options: &Options,
    profile: Option<String>,
    composed: &Composed,
    delivery: &str,
) -> Result<(), Error> {
    if !options.history {
        return Ok(());
    }
    let (ticket, email) = (&composed.ticket, &composed.email);
    let new = NewRecord {
        time: ticket.date(),
        category: ticket.category().name.to_string(),
        situation: ticket.situation().map(str::to_string),
        subject: email.subject.clone(),
        to: email.to.join(", "),
        message_id: email.message_id.clone(),
        delivery: delivery.to_string(),
        profile,
        keys: Keys::of(|k| ticket.text(k)),
        response: Some(ticket.response()),
        due: Some(due::due(
            ticket.date(),
            ticket.response(),
            ticket.now().time_zone(),
        )),
        in_reply_to: email.in_reply_to.clone(),
    };
    match History::new(&options.dirs.data.path).append(new) {
        Ok(_) => Ok(()),
        Err(Error::CantCreate { path, source }) => Err(Error::CantCreate {
            path,
            source: format!(
                "{source} (the email itself went out via {delivery}; pass --no-history to skip the history)"
            )
            .into(),
        }),
        Err(other) => Err(other),
    }
}
