//! The sinks: where a finished email goes, one file each, behind one [`Sink`].
//!
//! Resolve chooses the sink; a sink neither validates nor prints messages: it
//! writes the email where it belongs and returns what happened, with its notes
//! as data for `lib` to print once.

pub mod form;
pub mod handoff;
pub mod outcome;
pub mod smtp;
pub mod stdout;

use crate::catalog::Channel;
use crate::compose::Composed;
use crate::error::Error;
use crate::options::Format;
pub use outcome::Delivered;

/// Where the email goes, chosen in resolve (flags, else the profile's delivery).
#[derive(Debug, Clone)]
pub enum Sink {
    /// Print it (`--stdout`, and the default).
    Stdout,
    /// Hand it to the mail client or web mail (`--open`).
    Open(handoff::Open),
    /// Send it over SMTP (`--send`).
    Send(Box<smtp::Account>),
}

impl Sink {
    /// Whether files can travel with the email this way: an `.eml` on stdout,
    /// a mail-client hand-off (an `.eml` draft when a link cannot carry them),
    /// or SMTP. Web mail links and the other formats only list them.
    pub fn carries_attachments(&self, format: Format) -> bool {
        match self {
            Sink::Stdout => format == Format::Eml,
            Sink::Open(open) => open.target == handoff::Target::Client,
            Sink::Send(_) => true,
        }
    }
}

/// Sends the email to `sink`; a ticket for the contact form goes to [`form`] whatever
/// the sink, except a typed `--send`, which cannot reach a web form (the
/// profile's default delivery `send` gives way to the form).
pub fn deliver(sink: &Sink, composed: &Composed, format: Format) -> Result<Delivered, Error> {
    let ticket = &composed.ticket;
    match sink {
        Sink::Send(account) if account.asked && ticket.channel() == Channel::Form => {
            Err(Error::Usage(
                "--send delivers email, and this ticket goes to the web contact form; \
             drop --send, or choose --via sales or --via support"
                    .into(),
            ))
        }
        _ if ticket.channel() == Channel::Form => form::deliver(format, composed),
        Sink::Stdout => stdout::write(format, composed).map(|()| Delivered::quietly("stdout")),
        Sink::Open(open) => handoff::deliver(open, format, composed),
        Sink::Send(account) => smtp::deliver(account, format, composed),
    }
}
