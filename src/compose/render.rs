//! From a checked [`Ticket`] to an [`Email`], through the templates.
//!
//! Templates live in `templates/` and are embedded at build time: one per
//! category, each extending `base.txt`, which lays out the account, the
//! checklist, details, steps tried, attachments and the signature. Each
//! template fills the `subject` and `intro` blocks (and may add `closing`);
//! `subject` and `body` are rendered as two blocks. Rendering is pure.

use std::collections::BTreeMap;

use jiff::Zoned;
use minijinja::{Environment, context};
use serde::Serialize;

use crate::catalog::{Kind, plans, products};
use crate::compose::checklist::Ticket;
use crate::compose::time;
use crate::compose::values::Value;
use crate::email::{self, Email};
use crate::error::Error;

/// The embedded templates, by name.
const TEMPLATES: &[(&str, &str)] = &[
    ("base.txt", include_str!("../../templates/base.txt")),
    ("billing.txt", include_str!("../../templates/billing.txt")),
    ("invoices.txt", include_str!("../../templates/invoices.txt")),
    ("renewal.txt", include_str!("../../templates/renewal.txt")),
    ("feature.txt", include_str!("../../templates/feature.txt")),
    (
        "enterprise.txt",
        include_str!("../../templates/enterprise.txt"),
    ),
    ("ops.txt", include_str!("../../templates/ops.txt")),
    ("domain.txt", include_str!("../../templates/domain.txt")),
    ("upgrade.txt", include_str!("../../templates/upgrade.txt")),
    ("security.txt", include_str!("../../templates/security.txt")),
    ("bug.txt", include_str!("../../templates/bug.txt")),
    ("request.txt", include_str!("../../templates/request.txt")),
    ("urgent.txt", include_str!("../../templates/urgent.txt")),
    ("escalate.txt", include_str!("../../templates/escalate.txt")),
    ("question.txt", include_str!("../../templates/question.txt")),
];

/// The embedded template `name`: its name and source, both static.
fn template(name: &str) -> Option<(&'static str, &'static str)> {
    TEMPLATES.iter().find(|(n, _)| *n == name).copied()
}

/// What render needs to know about where the email goes, as plain data.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct View {
    /// Whether attachments travel with this output (eml, an `--open` draft,
    /// `--send`); otherwise the body lists them as files to attach.
    pub attachments_travel: bool,
}

/// One line of the facts block: `Label:   value`.
#[derive(Serialize)]
struct Fact {
    label: String,
    value: String,
}

/// A multi-line item, shown as its own paragraph.
#[derive(Serialize)]
struct Section {
    label: &'static str,
    text: String,
}

#[derive(Serialize)]
struct AttachmentView {
    filename: String,
    size: String,
}

/// The column our own prose wraps at.
const WIDTH: usize = 72;

/// Renders the ticket's email. Times show in the zone of `now`, with how
/// long ago or ahead of `now` they lie when that is within a week.
pub fn render(ticket: &Ticket, now: &Zoned, view: View) -> Result<Email, Error> {
    let (subject, body) = render_with(ticket, now, view, Mask::None)?;
    // The subject only ever carries checked values, but check the result too:
    // nothing may leave this function that could split a header.
    email::check_header_value(&subject).map_err(|e| Error::Data(format!("subject {e}")))?;

    let id = ticket.identity();
    let from = match &id.sender_name {
        Some(name) => format!("{} <{}>", quote_display_name(name), id.login_email),
        None => id.login_email.clone(),
    };
    let mut email = Email {
        from: Some(from),
        to: vec![ticket.channel().address().to_string()],
        cc: ticket.cc().to_vec(),
        subject,
        message_id: message_id(ticket, &body),
        body,
        attachments: ticket.attachments().to_vec(),
        date: ticket.date(),
        in_reply_to: ticket.in_reply_to().map(str::to_string),
        urgent: ticket.urgent(),
    };
    // Each recipient once in every format, not only in eml.
    email.dedup_recipients();
    Ok(email)
}

/// An error in our own templates or layout (exit 70).
fn internal(message: String) -> Error {
    Error::Internal(message)
}

/// The template environment with the base and the category's template, and
/// the function `unsaid(opening)` (see [`Layout::unsaid`]). Only these two
/// templates are compiled: a run renders one email. The environment starts
/// empty, without minijinja's built-in filters, tests and globals (setting
/// them up cost a tenth of a ticket's render): the templates use only the
/// filters and the function added here. A template that needs a built-in
/// adds it here (`minijinja::filters::…`); the test over every template
/// and situation fails on one that is missing.
fn environment(name: &str, layout: Layout) -> Result<Environment<'static>, Error> {
    let mut env = Environment::empty();
    env.set_trim_blocks(true);
    env.set_lstrip_blocks(true);
    env.set_keep_trailing_newline(true);
    env.add_filter("wrap", wrap);
    env.add_filter("and_list", and_list);
    env.add_function("unsaid", move |opening: String| {
        layout.unsaid(&unglue(&opening))
    });
    for needed in ["base.txt", name] {
        let (needed, source) =
            template(needed).ok_or_else(|| internal(format!("no template {needed}")))?;
        env.add_template(needed, source)
            .map_err(|e| internal(format!("template {needed}: {e:#}")))?;
    }
    Ok(env)
}

/// Which values the context carries as typed, and which as a placeholder.
/// Only the test of our own prose masks (see [`prose_only`]).
#[derive(Clone, Copy, PartialEq, Eq)]
enum Mask {
    None,
    #[cfg(test)]
    UserText,
}

/// Renders subject and body in one pass: the base template captures the
/// opening, then asks [`Layout::unsaid`] for the facts and sections it does
/// not already state.
fn render_with(
    ticket: &Ticket,
    now: &Zoned,
    view: View,
    mask: Mask,
) -> Result<(String, String), Error> {
    let name = format!("{}.txt", ticket.category().name);
    let (ctx, layout) = context(ticket, now, view, mask);
    let env = environment(&name, layout)?;
    let tmpl = env
        .get_template(&name)
        .map_err(|e| internal(format!("template {name}: {e:#}")))?;
    let mut captured = tmpl
        .render_captured(ctx)
        .map_err(|e| internal(format!("body of {name}: {e:#}")))?;
    let subject = captured
        .with_state_mut(|state| state.render_block("subject"))
        .map_err(|e| internal(format!("subject of {name}: {e:#}")))?;
    let subject = unglue(&subject)
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    Ok((subject, tidy(&unglue(&captured.into_output()))))
}

/// Lays out our own prose: lines of a template paragraph join into one
/// paragraph (a blank line separates paragraphs), wrapped at [`WIDTH`]
/// columns only at ASCII spaces, so a word, date, ID, address or URL longer
/// than the line stays whole on its own line. Ends with one line break.
fn wrap(text: String) -> String {
    let options = textwrap::Options::new(WIDTH)
        .break_words(false)
        .word_separator(textwrap::WordSeparator::AsciiSpace)
        .word_splitter(textwrap::WordSplitter::NoHyphenation);
    let mut paragraphs = Vec::new();
    let mut current: Vec<&str> = Vec::new();
    for line in text.lines().map(str::trim) {
        if line.is_empty() {
            if !current.is_empty() {
                paragraphs.push(current.join(" "));
                current.clear();
            }
        } else {
            current.push(line);
        }
    }
    if !current.is_empty() {
        paragraphs.push(current.join(" "));
    }
    let mut out = paragraphs
        .iter()
        .map(|p| textwrap::fill(p, &options))
        .collect::<Vec<_>>()
        .join("\n\n");
    out.push('\n');
    out
}

/// Joins the words of a date or time so that wrapping keeps them on one
/// line; [`unglue`] turns it back into spaces once the text is laid out.
const GLUE: char = '\u{E000}';

fn glue(s: &str) -> String {
    s.replace(' ', &GLUE.to_string())
}

fn unglue(s: &str) -> String {
    s.replace(GLUE, " ")
}

/// Header names a body line must not start with: a reader (or a careless
/// parser) would take such a line for a header of the message.
const HEADER_NAMES: &[&str] = &[
    "from",
    "to",
    "cc",
    "bcc",
    "date",
    "subject",
    "reply-to",
    "sender",
    "message-id",
    "in-reply-to",
    "references",
    "mime-version",
    "content-type",
    "content-transfer-encoding",
    "content-disposition",
    "return-path",
    "received",
    "importance",
    "priority",
];

/// The first line that reads like a mail header (`To: …`, `X-Priority: …`).
pub fn header_like_line(body: &str) -> Option<&str> {
    body.lines().find(|line| {
        let Some((name, _)) = line.split_once(':') else {
            return false;
        };
        let name = name.to_ascii_lowercase();
        !name.is_empty()
            && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
            && (HEADER_NAMES.contains(&name.as_str()) || name.starts_with("x-"))
    })
}

/// The template filter for [`values::and_list`].
fn and_list(items: Vec<String>) -> String {
    crate::compose::values::and_list(items)
}

/// Quotes a display name when it holds characters that need it.
fn quote_display_name(name: &str) -> String {
    // `=?` could read as an RFC 2047 encoded word, so such names are quoted too.
    let plain = !name.contains("=?")
        && name
            .chars()
            .all(|c| c.is_alphanumeric() || " !#$%&'*+-/=?^_`{|}~".contains(c));
    if plain {
        name.to_string()
    } else {
        format!("\"{}\"", name.replace('\\', "\\\\").replace('"', "\\\""))
    }
}

/// A Message-ID: random unless the draft is reproducible.
fn message_id(ticket: &Ticket, body: &str) -> String {
    let domain = ticket
        .identity()
        .login_email
        .rsplit_once('@')
        .map(|(_, d)| d.to_string())
        .unwrap_or_else(|| "9pic-help.invalid".into());
    let mut seed = Vec::new();
    seed.extend_from_slice(&ticket.date().as_second().to_be_bytes());
    seed.extend_from_slice(&ticket.nonce().to_be_bytes());
    seed.extend_from_slice(ticket.category().name.as_bytes());
    seed.extend_from_slice(body.as_bytes());
    format!(
        "<{}.{:016x}.9pic-help@{domain}>",
        ticket.date().as_second(),
        email::fnv1a(&seed)
    )
}

/// Collapses runs of blank lines left by optional blocks; one final newline.
fn tidy(body: &str) -> String {
    let mut out = String::with_capacity(body.len());
    let mut blank = 0;
    for line in body.trim_matches('\n').lines() {
        let line = line.trim_end();
        if line.is_empty() {
            blank += 1;
            if blank > 1 {
                continue;
            }
        } else {
            blank = 0;
        }
        out.push_str(line);
        out.push('\n');
    }
    out
}

/// `Re: ESCALATE Re: Billing` → `Billing`: the bare subject of the thread.
fn strip_reply_prefixes(subject: &str) -> String {
    let mut s = subject.trim();
    loop {
        let lower = s.to_ascii_lowercase();
        let cut = ["re:", "aw:", "sv:", "escalate"]
            .iter()
            .find(|p| lower.starts_with(*p))
            .map(|p| p.len());
        match cut {
            Some(n) => s = s[n..].trim_start(),
            None => return s.to_string(),
        }
    }
}

fn human_size(bytes: u64) -> String {
    match bytes {
        b if b < 1024 => format!("{b} B"),
        b if b < 1024 * 1024 => format!("{:.0} KB", b as f64 / 1024.0),
        b => format!("{:.1} MB", b as f64 / (1024.0 * 1024.0)),
    }
}

/// Whether `needle` occurs in `hay` as a whole (not inside a longer word).
fn mentions(hay: &str, needle: &str) -> bool {
    if needle.is_empty() {
        return false;
    }
    let word = |c: Option<char>| c.is_some_and(char::is_alphanumeric);
    hay.match_indices(needle).any(|(at, _)| {
        !word(hay[..at].chars().next_back()) && !word(hay[at + needle.len()..].chars().next())
    })
}

/// The facts block and the longer texts, before the opening is known.
struct Layout {
    /// Facts (label, value, how far a time lies from now).
    facts: Vec<(String, String, Option<String>)>,
    sections: Vec<Section>,
    /// The organisation and the login email.
    account: [(&'static str, String); 2],
    /// The plan in words: the one account value an opening may state ("We
    /// are on Pro; which plan would we need …"), and then not again.
    plan: &'static str,
}

/// Everything a template may use, built once per rendering: the context, and
/// the layout `unsaid` filters once the opening is known.
fn context(t: &Ticket, now: &Zoned, view: View, mask: Mask) -> (minijinja::Value, Layout) {
    let user = |s: &str| match mask {
        Mask::None => s.to_string(),
        #[cfg(test)]
        Mask::UserText => "x".to_string(),
    };
    let category = t.category();
    let route_key = category.route.map(|(key, _)| key);
    let mut items = BTreeMap::new();
    let mut facts = Vec::new();
    let mut sections = Vec::new();
    for e in t.entries() {
        let typed = matches!(e.value, Value::Text(_));
        let mut words = if typed {
            user(&e.value.display())
        } else {
            e.value.words(now)
        };
        if e.item.key == "original_subject" && mask == Mask::None {
            words = strip_reply_prefixes(&words);
        }
        // In sentences a date or time must not break across lines.
        let glued = match &e.value {
            Value::Time(t) => match time::near(t, now) {
                Some(phrase) => format!("{}, {phrase}", glue(&time::show_in(t, now))),
                None => glue(&time::show_in(t, now)),
            },
            Value::Date(d) => glue(&time::show_date(*d)),
            _ => words.clone(),
        };
        items.insert(e.item.key, glued);
        // The route shows in the address and the greeting, the situation
        // in the opening and the subject: neither is a fact of its own.
        if Some(e.item.key) == route_key || Some(e.item.key) == category.situation_key {
            continue;
        }
        match (&e.item.kind, &e.value) {
            (Kind::Text, Value::Text(_)) => sections.push(Section {
                label: e.item.label,
                text: words,
            }),
            // A switch is said by the sentence it makes true (a claim),
            // never as "Recheck done: yes".
            (_, Value::Switch(_)) => {}
            _ => {
                let distance = match &e.value {
                    Value::Time(at) => time::near(at, now),
                    _ => None,
                };
                facts.push((e.item.label.to_string(), words, distance))
            }
        }
    }
    let id = t.identity();
    let account = [
        ("Organisation", user(&id.org)),
        ("Login email", user(&id.login_email)),
    ];
    // The product a plan question is about, named in words.
    let product = t
        .entries()
        .iter()
        .find_map(|e| match (e.item.kind, &e.value) {
            (Kind::Choice(_), Value::Choice(c)) => products::find(c.value),
            _ => None,
        });
    let attachments: Vec<AttachmentView> = t
        .attachments()
        .iter()
        .map(|a| AttachmentView {
            filename: user(&a.filename),
            size: human_size(a.size),
        })
        .collect();
    let situation_label = t
        .situation()
        .and_then(|s| category.situation(s))
        .map(|s| s.label);
    // Every value of choice and list items, in words (products by name).
    let mut words = BTreeMap::new();
    for e in t.entries() {
        let labels: Vec<&str> = match &e.value {
            Value::Choice(c) => vec![c.label],
            Value::List(cs) => cs
                .iter()
                .map(|c| {
                    // A product offered by `feature` is named by its name, not its help line.
                    products::find(c.value)
                        .filter(|p| p.feature == Some(c.label))
                        .map_or(c.label, |p| p.name)
                })
                .collect(),
            _ => continue,
        };
        words.insert(e.item.key, labels);
    }
    // Products of a `feature` ticket the plan does (not) unlock, by name.
    let (mut unlocked, mut locked) = (Vec::new(), Vec::new());
    for e in t.entries() {
        if let Value::List(cs) = &e.value {
            for p in cs.iter().filter_map(|c| products::find(c.value)) {
                if p.feature.is_none() {
                    continue;
                }
                if p.plans.contains(&id.plan) {
                    unlocked.push(p.name);
                } else {
                    locked.push(p.name);
                }
            }
        }
    }
    // Machine values (RFC 3339 times, ISO dates) for templates to compare,
    // never to print.
    let raw: BTreeMap<&str, String> = t
        .entries()
        .iter()
        .map(|e| (e.item.key, e.value.display()))
        .collect();
    // How far a time lies from now, for people: "in 40 minutes", "3 hours ago".
    let mut from_now = BTreeMap::new();
    for e in t.entries() {
        if let Value::Time(at) = &e.value {
            from_now.insert(e.item.key, time::relative(at, now));
        }
    }
    // The claims, each in the sentence the ticket makes true.
    let claims = crate::compose::claims::sentences(t, now);
    let ctx = context! {
        category => category.name,
        greeting => t.channel().greeting(),
        situation => t.situation(),
        situation_label => situation_label,
        org => user(&id.org),
        login_email => user(&id.login_email),
        plan => id.plan.value(),
        plan_label => id.plan.label(),
        sender_name => id.sender_name.as_deref().map(user),
        details => t.details().map(user),
        tried => t.tried().iter().map(|s| user(s)).collect::<Vec<_>>(),
        attachments => attachments,
        attachments_travel => view.attachments_travel,
        asks_about_plan => t.asks_about_plan(),
        product_name => product.map(|p| p.name),
        product_plans => product.map(|p| plans::labels(p.plans)),
        wants_call => t.get("phone").is_some(),
        urgent => t.urgent(),
        original_subject => items.get("original_subject").cloned(),
        words => words,
        raw => raw,
        from_now => from_now,
        claims => claims,
        today => now.date().to_string(),
        plan_value => id.plan.value(),
        via => t.text("via"),
        unlocked => unlocked,
        locked => locked,
        threaded => t.in_reply_to().is_some(),
        items => items,
    };
    let layout = Layout {
        facts,
        sections,
        account,
        plan: id.plan.label(),
    };
    (ctx, layout)
}

impl Layout {
    /// The facts (account last) and sections the opening does not already
    /// state, for the base template once it has the opening. A time whose
    /// distance the opening states ("goes live in 40 minutes") keeps only
    /// its clock time here.
    fn unsaid(&self, opening: &str) -> minijinja::Value {
        let said = |value: &str| mentions(opening, value.trim());
        let facts: Vec<(&str, &str)> = self
            .facts
            .iter()
            .filter(|(_, v, _)| !said(v))
            .map(|(l, v, distance)| match distance {
                Some(d) if said(d) => (
                    l.as_str(),
                    v.trim_end_matches(d.as_str()).trim_end_matches([',', ' ']),
                ),
                _ => (l.as_str(), v.as_str()),
            })
            .chain(self.account.iter().map(|(l, v)| (*l, v.as_str())))
            .chain((!said(self.plan)).then_some(("Plan", self.plan)))
            .collect();
        let width = facts
            .iter()
            .map(|(l, _)| l.chars().count())
            .max()
            .unwrap_or(0)
            + 1;
        let facts: Vec<Fact> = facts
            .into_iter()
            .map(|(label, value)| Fact {
                label: format!("{:width$}", format!("{label}:")),
                value: value.to_string(),
            })
            .collect();
        let sections: Vec<&Section> = self.sections.iter().filter(|s| !said(&s.text)).collect();
        context! {
            facts => facts,
            sections => sections,
        }
    }
}

/// The body with every value the user typed replaced by a neutral word:
/// the templates' own prose, for the test that none of it reads like a mail
/// header (in `resolve`, which can build tickets from examples; a run does
/// not check it, as it depends on the templates only).
#[cfg(test)]
pub(crate) fn prose_only(ticket: &Ticket, now: &Zoned, view: View) -> Result<String, Error> {
    render_with(ticket, now, view, Mask::UserText).map(|(_, body)| body)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wrapping_breaks_only_at_spaces() {
        let url = "https://photos.acme-events-berlin.test/gallery/2026-11-21/evt_77";
        let text = format!(
            "The public link of our event does not load; the address we tried is {url} and it fails"
        );
        let out = wrap(text);
        assert!(out.lines().any(|l| l.contains(url)), "{out}");
        let long = format!("see {url}{url}");
        assert!(wrap(long.clone()).lines().any(|l| l == &long[4..]));
        assert!(
            out.lines().all(|l| l.len() <= WIDTH || !l.contains(' ')),
            "{out}"
        );
        let glued = format!(
            "goes live at {} and more words to push it over",
            glue("Sat 21 Nov 2026, 17:09 (UTC+01:00)")
        );
        let out = unglue(&wrap(format!(
            "Our event with a rather long name here {glued}"
        )));
        assert!(out.contains("Sat 21 Nov 2026, 17:09 (UTC+01:00)"), "{out}");
    }

    #[test]
    fn header_like_lines_are_found() {
        assert_eq!(header_like_line("Hello,\nFrom: 2025\n"), Some("From: 2025"));
        assert_eq!(header_like_line("x\nreply-to: a\n"), Some("reply-to: a"));
        assert_eq!(header_like_line("X-Priority: 1\n"), Some("X-Priority: 1"));
        assert_eq!(
            header_like_line("First day: Mon 5 Jan 2026\nPlan: Pro\n"),
            None
        );
        assert_eq!(header_like_line("Note: to: you\n"), None);
    }

    #[test]
    fn mentions_whole_values_only() {
        assert!(mentions("after 3 resends", "3"));
        assert!(!mentions("waited 30 minutes", "3"));
        assert!(mentions("event evt_77 goes", "evt_77"));
        assert!(!mentions("event evt_777 goes", "evt_77"));
        assert!(!mentions("anything", ""));
    }
}
