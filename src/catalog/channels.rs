//! Channels: where a ticket goes, the addresses, and the answer to expect.
//!
//! Every address, every route a category offers (`enterprise --via`) and every
//! expected-response sentence is written here once; the CLI help, `guide`,
//! the renderer and the stderr notes read them.

use serde::{Deserialize, Serialize};

use super::Choice;

/// Where a ticket goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Channel {
    /// support@9pic.ai: everything operational.
    Support,
    /// sales@9pic.ai: Enterprise conversations.
    Sales,
    /// The web contact form, opened in the browser.
    Form,
}

pub const SUPPORT_ADDRESS: &str = "support@9pic.ai";
pub const SALES_ADDRESS: &str = "sales@9pic.ai";
pub const CONTACT_FORM_URL: &str = "https://9pic.ai/contact/";
pub const IN_PRODUCT_SUPPORT: &str = "/contact-support";
pub const DOCS_URL: &str = "https://docs.9pic.ai";

/// How fast an answer comes: decides the expected-response sentence and,
/// with `compose::due`, when the answer is due.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Response {
    /// Support, one business day.
    Routine,
    /// Support, the same day.
    SameDay,
    /// Enterprise sales, a conversation within 24–48 hours.
    Sales,
}

impl Response {
    /// What to expect after sending, as printed on stderr and in JSON.
    pub fn expected(self) -> &'static str {
        match self {
            Response::SameDay => {
                "support answers urgent tickets (stuck payments, broken go-live, security) the same day"
            }
            Response::Routine => "support answers routine tickets within one business day",
            Response::Sales => {
                "Enterprise sales usually schedules a conversation within 24-48 hours"
            }
        }
    }
}

impl Channel {
    /// The address (or URL, for the form) a ticket on this channel goes to.
    pub fn address(self) -> &'static str {
        match self {
            Channel::Support => SUPPORT_ADDRESS,
            Channel::Sales => SALES_ADDRESS,
            Channel::Form => CONTACT_FORM_URL,
        }
    }

    /// How help and `guide` name it: the address, or "the contact form".
    pub fn in_words(self) -> &'static str {
        match self {
            Channel::Form => "the contact form",
            other => other.address(),
        }
    }

    /// Who the email greets.
    pub fn greeting(self) -> &'static str {
        match self {
            Channel::Support => "9Pic support",
            Channel::Sales | Channel::Form => "9Pic team",
        }
    }

    /// The response class of a ticket on this channel.
    pub fn response(self, urgent: bool) -> Response {
        match (self, urgent) {
            (Channel::Support, true) => Response::SameDay,
            (Channel::Support, false) => Response::Routine,
            (Channel::Sales | Channel::Form, _) => Response::Sales,
        }
    }

    /// What to expect after sending.
    pub fn expected_response(self, urgent: bool) -> &'static str {
        self.response(urgent).expected()
    }
}

/// One value of a route item (`enterprise --via`): where it sends the ticket.
#[derive(Debug, Clone, Copy, Serialize)]
pub struct Route {
    pub value: &'static str,
    pub label: &'static str,
    pub channel: Channel,
}

/// The routes of `enterprise --via`; the first is the default.
pub const ENTERPRISE_ROUTES: &[Route] = &[
    Route {
        value: "sales",
        label: "email sales@9pic.ai (the default)",
        channel: Channel::Sales,
    },
    Route {
        value: "support",
        label: "email support@9pic.ai with a subject starting \"Enterprise\"",
        channel: Channel::Support,
    },
    Route {
        value: "form",
        label: "open the contact form at 9pic.ai/contact and print the text to paste",
        channel: Channel::Form,
    },
];

/// The route values as choices, for the `--via` flag.
pub const VIA: &[Choice] = &route_choices::<{ ENTERPRISE_ROUTES.len() }>(ENTERPRISE_ROUTES);

const fn route_choices<const N: usize>(routes: &[Route]) -> [Choice; N] {
    let mut out = [Choice::new("", ""); N];
    let mut i = 0;
    while i < N {
        out[i] = Choice::new(routes[i].value, routes[i].label);
        i += 1;
    }
    out
}

/// The route a value of a route item names.
pub fn route(routes: &'static [Route], value: &str) -> Option<&'static Route> {
    routes.iter().find(|r| r.value == value)
}
