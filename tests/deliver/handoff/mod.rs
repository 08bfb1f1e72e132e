//! Hand-off tests: the mail client (recording `xdg-open`, neomutt in tmux),
//! the editor, terminal prompts in real pseudo-terminals, and `doctor`.
//!
//! Every test runs the real binary in a [`Sandbox`](crate::support::Sandbox)
//! with [`Programs::Fakes`](crate::support::Programs::Fakes): a `PATH`
//! holding only the test's fake programs, and `CI` removed where the test is
//! about a terminal.

mod edit;
mod neomutt;
mod open;
mod pty;

/// A billing ticket given entirely by flags, with fixed times.
pub const BILLING: [&str; 9] = [
    "billing",
    "--issue",
    "pending",
    "--payment-id",
    "pay_77",
    "--when",
    "2025-01-05T10:00:00Z",
    "--rechecked",
    "--quiet",
];
