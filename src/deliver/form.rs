//! The contact-form sink: print the prepared text, then open the form in a
//! browser for the user to paste it into.

use crate::catalog;
use crate::compose::Composed;
use crate::error::Error;
use crate::options::Format;
use crate::term::Note;

use super::outcome::Delivered;

/// Prints the ticket and opens the contact form; a browser that cannot be
/// opened is reported after the history has recorded the printed ticket.
pub fn deliver(format: Format, composed: &Composed) -> Result<Delivered, Error> {
    super::stdout::write(format, composed)?;
    let url = catalog::CONTACT_FORM_URL;
    let (notes, then) = match open::that_detached(url) {
        Ok(()) => (
            vec![Note::Info(format!(
                "opened {url}; paste the text above into the form"
            ))],
            None,
        ),
        Err(e) => (
            Vec::new(),
            Some(Error::Unavailable {
                what: format!("could not open the contact form in a browser: {e}"),
                hint: Some(format!(
                    "open {url} yourself and paste the text printed above"
                )),
            }),
        ),
    };
    Ok(Delivered {
        label: "stdout",
        notes,
        then,
    })
}
