//! TERM, INT and HUP while a message is on its way: caught, not fatal, so the
//! send can stop where it is, leave the message in the outbox, say where it
//! is, and exit with 128 + the signal's number.
//!
//! The handlers only record which signal came; the thread waiting for the SMTP
//! worker looks at [`Signals::caught`] between its checks of the clock.

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

use signal_hook::SigId;
use signal_hook::consts::{SIGHUP, SIGINT, SIGTERM};

/// The signals that end a send; their handlers are removed when this is dropped.
#[derive(Debug)]
pub struct Signals {
    caught: Arc<AtomicUsize>,
    ids: Vec<SigId>,
}

impl Signals {
    /// Catches TERM, INT and HUP from now on. A signal that cannot be caught
    /// keeps its default action (it ends the process; the outbox keeps the message).
    pub fn install() -> Signals {
        let caught = Arc::new(AtomicUsize::new(0));
        let ids = [SIGTERM, SIGINT, SIGHUP]
            .into_iter()
            .filter_map(|signal| {
                let value = usize::try_from(signal).ok()?;
                signal_hook::flag::register_usize(signal, Arc::clone(&caught), value).ok()
            })
            .collect();
        Signals { caught, ids }
    }

    /// The signal caught so far, if any.
    pub fn caught(&self) -> Option<i32> {
        match self.caught.load(Ordering::SeqCst) {
            0 => None,
            n => i32::try_from(n).ok(),
        }
    }
}

impl Drop for Signals {
    fn drop(&mut self) {
        for id in self.ids.drain(..) {
            signal_hook::low_level::unregister(id);
        }
    }
}
