//! The templates of `templates/`, compiled into Rust at build time by
//! askama: one type per category, each extending `base.txt`. Nothing is
//! parsed at run time, and a name a template misspells does not compile.

use std::ops::Deref;

use askama::Template;

use super::fields::Fields;
use crate::error::Error;

/// One category's email, in parts rendered one after the other.
pub(super) trait Letter {
    /// The `subject` block.
    fn subject(&self) -> askama::Result<String>;
    /// The `intro` block: the opening, before it is wrapped.
    fn intro(&self) -> askama::Result<String>;
    /// The `closing` block: the thanks, before it is wrapped.
    fn closing(&self) -> askama::Result<String>;
    /// The `body` block of `base.txt`, once the opening and closing are in
    /// the fields.
    fn body(&self) -> askama::Result<String>;
}

/// The template filters: `wrap` lays out our own prose, `and_list` names
/// a list in words. (Only askama's derived code calls them, which the dead
/// code lint does not count as a use.)
#[allow(dead_code)]
mod filters {
    use std::fmt::Display;

    use askama::Values;

    #[askama::filter_fn]
    pub fn wrap(text: impl Display, _: &dyn Values) -> askama::Result<String> {
        Ok(super::super::wrap(&text.to_string()))
    }

    #[askama::filter_fn]
    pub fn and_list(items: &[&str], _: &dyn Values) -> askama::Result<String> {
        Ok(crate::compose::values::and_list(items))
    }
}

/// Each category's template type, by category name, and what makes it a
/// [`Letter`]. A type derefs to the [`Fields`], which is how the template
/// sees them.
macro_rules! letters {
    ($($category:literal => $name:ident),* $(,)?) => {
        $(
            impl Deref for $name<'_> {
                type Target = Fields;

                fn deref(&self) -> &Fields {
                    self.0
                }
            }

            impl Letter for $name<'_> {
                fn subject(&self) -> askama::Result<String> {
                    self.as_subject().render()
                }

                fn intro(&self) -> askama::Result<String> {
                    self.as_intro().render()
                }

                fn closing(&self) -> askama::Result<String> {
                    self.as_closing().render()
                }

                fn body(&self) -> askama::Result<String> {
                    self.as_body().render()
                }
            }
        )*

        /// The letter of `category`; a category without a template is our bug.
        pub(super) fn letter<'a>(category: &str, fields: &'a Fields) -> Result<Box<dyn Letter + 'a>, Error> {
            match category {
                $($category => Ok(Box::new($name(fields))),)*
                _ => Err(Error::Internal(format!("no template for {category}"))),
            }
        }
    };
}

letters! {
    "billing" => Billing,
    "bug" => Bug,
    "domain" => Domain,
    "enterprise" => Enterprise,
    "escalate" => Escalate,
    "feature" => Feature,
    "invoices" => Invoices,
    "ops" => Ops,
    "question" => Question,
    "renewal" => Renewal,
    "request" => Request,
    "security" => Security,
    "upgrade" => Upgrade,
    "urgent" => Urgent,
}

#[derive(Template)]
#[template(path = "billing.txt", blocks = ["subject", "intro", "closing", "body"])]
struct Billing<'a>(&'a Fields);

#[derive(Template)]
#[template(path = "bug.txt", blocks = ["subject", "intro", "closing", "body"])]
struct Bug<'a>(&'a Fields);

#[derive(Template)]
#[template(path = "domain.txt", blocks = ["subject", "intro", "closing", "body"])]
struct Domain<'a>(&'a Fields);

#[derive(Template)]
#[template(path = "enterprise.txt", blocks = ["subject", "intro", "closing", "body"])]
struct Enterprise<'a>(&'a Fields);

#[derive(Template)]
#[template(path = "escalate.txt", blocks = ["subject", "intro", "closing", "body"])]
struct Escalate<'a>(&'a Fields);

#[derive(Template)]
#[template(path = "feature.txt", blocks = ["subject", "intro", "closing", "body"])]
struct Feature<'a>(&'a Fields);

#[derive(Template)]
#[template(path = "invoices.txt", blocks = ["subject", "intro", "closing", "body"])]
struct Invoices<'a>(&'a Fields);

#[derive(Template)]
#[template(path = "ops.txt", blocks = ["subject", "intro", "closing", "body"])]
struct Ops<'a>(&'a Fields);

#[derive(Template)]
#[template(path = "question.txt", blocks = ["subject", "intro", "closing", "body"])]
struct Question<'a>(&'a Fields);

#[derive(Template)]
#[template(path = "renewal.txt", blocks = ["subject", "intro", "closing", "body"])]
struct Renewal<'a>(&'a Fields);

#[derive(Template)]
#[template(path = "request.txt", blocks = ["subject", "intro", "closing", "body"])]
struct Request<'a>(&'a Fields);

#[derive(Template)]
#[template(path = "security.txt", blocks = ["subject", "intro", "closing", "body"])]
struct Security<'a>(&'a Fields);

#[derive(Template)]
#[template(path = "upgrade.txt", blocks = ["subject", "intro", "closing", "body"])]
struct Upgrade<'a>(&'a Fields);

#[derive(Template)]
#[template(path = "urgent.txt", blocks = ["subject", "intro", "closing", "body"])]
struct Urgent<'a>(&'a Fields);
