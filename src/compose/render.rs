//! From a checked [`Ticket`] to an [`Email`], through the templates.
//!
//! Templates live in `templates/` and are embedded at build time: one per
//! category, each extending `base.txt`, which lays out the account, the
//! checklist, details, steps tried, attachments and the signature. Each
//! template fills the `subject` and `intro` blocks (and may add `closing`);
//! `subject` and `body` are rendered as two blocks. Rendering is pure.

use minijinja::{Environment, context};
use serde::Serialize;

use crate::catalog::{Kind, plans, products};
use crate::compose::checklist::Ticket;
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

fn template(name: &str) -> Option<&'static str> {
    TEMPLATES.iter().find(|(n, _)| *n == name).map(|(_, s)| *s)
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

/// Renders the ticket's email.
pub fn render(ticket: &Ticket) -> Result<Email, Error> {
    let name = format!("{}.txt", ticket.category().name);
    let mut env = Environment::new();
    env.set_trim_blocks(true);
    env.set_lstrip_blocks(true);
    env.set_keep_trailing_newline(true);
    env.add_filter("wrap", wrap);
    env.add_filter("and_list", and_list);
    for needed in ["base.txt", name.as_str()] {
        let source =
            template(needed).ok_or_else(|| Error::Internal(format!("no template {needed}")))?;
        env.add_template(needed, source)
            .map_err(|e| Error::Internal(format!("template {needed}: {e:#}")))?;
    }
    let tmpl = env
        .get_template(&name)
        .map_err(|e| Error::Internal(format!("template {name}: {e:#}")))?;

    // The whole template renders the body; the subject is a block of its own.
    let mut captured = tmpl
        .render_captured(context_for(ticket))
        .map_err(|e| Error::Internal(format!("body of {name}: {e:#}")))?;
    let subject = captured
        .with_state_mut(|state| state.render_block("subject"))
        .map_err(|e| Error::Internal(format!("subject of {name}: {e:#}")))?;
    let subject = subject.split_whitespace().collect::<Vec<_>>().join(" ");
    let body = captured.into_output();
    let body = tidy(&body);
    // The subject only ever carries checked values, but check the result too:
    // nothing may leave this function that could split a header.
    email::check_header_value(&subject).map_err(|e| Error::Data(format!("subject {e}")))?;

    let id = ticket.identity();
    let from = match &id.sender_name {
        Some(name) => format!("{} <{}>", quote_display_name(name), id.login_email),
        None => id.login_email.clone(),
    };
    Ok(Email {
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
    })
}

/// Wraps our own prose at 76 columns; user text is never re-wrapped.
fn wrap(text: String) -> String {
    text.split('\n')
        .map(|line| textwrap::fill(line, textwrap::Options::new(76).break_words(false)))
        .collect::<Vec<_>>()
        .join("\n")
}

/// `["An NDA", "A security overview"]` as `An NDA and a security overview`:
/// later items start lower-case unless they start with an acronym or a name.
fn and_list(items: Vec<String>) -> String {
    let items: Vec<String> = items
        .into_iter()
        .enumerate()
        .map(|(i, item)| {
            let mut chars = item.chars();
            match (chars.next(), chars.next()) {
                (Some(first), Some(second))
                    if i > 0 && (second.is_lowercase() || second == ' ') =>
                {
                    format!("{}{}", first.to_lowercase(), &item[first.len_utf8()..])
                }
                _ => item,
            }
        })
        .collect();
    match items.split_last() {
        None => String::new(),
        Some((last, [])) => last.clone(),
        Some((last, rest)) => format!("{} and {last}", rest.join(", ")),
    }
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

/// A span of time in words: "40 minutes", "3 hours 5 minutes", "2 days".
fn for_people(seconds: i64) -> String {
    let plural = |n: i64, unit: &str| format!("{n} {unit}{}", if n == 1 { "" } else { "s" });
    let minutes = (seconds + 30) / 60;
    let (h, m) = (minutes / 60, minutes % 60);
    match (h, m) {
        (0, m) => plural(m, "minute"),
        (h, 0) if h < 48 => plural(h, "hour"),
        (h, m) if h < 48 => format!("{} {}", plural(h, "hour"), plural(m, "minute")),
        (h, _) => plural((h + 12) / 24, "day"),
    }
}

/// Everything a template may use.
fn context_for(t: &Ticket) -> minijinja::Value {
    let mut facts = Vec::new();
    let mut sections = Vec::new();
    let mut items = std::collections::BTreeMap::new();
    let category = t.category();
    let route_key = category.route.map(|(key, _)| key);
    for e in t.entries() {
        items.insert(e.item.key, e.value.display());
        // The route shows in the address and the greeting, not as a fact.
        if Some(e.item.key) == route_key {
            continue;
        }
        match (&e.item.kind, &e.value) {
            (Kind::Text, Value::Text(text)) => sections.push(Section {
                label: e.item.label,
                text: text.clone(),
            }),
            (Kind::Choice(_), Value::Choice(c)) if Some(e.item.key) == category.situation_key => {
                facts.push(Fact {
                    label: e.item.label.into(),
                    value: format!("{} ({})", c.value, c.label),
                })
            }
            _ => facts.push(Fact {
                label: e.item.label.into(),
                value: e.value.display(),
            }),
        }
    }
    let id = t.identity();
    let mut account = vec![
        Fact {
            label: "Organisation".into(),
            value: id.org.clone(),
        },
        Fact {
            label: "Login email".into(),
            value: id.login_email.clone(),
        },
        Fact {
            label: "Plan".into(),
            value: id.plan.label().into(),
        },
    ];
    let width = facts
        .iter()
        .chain(account.iter())
        .map(|f| f.label.chars().count())
        .max()
        .unwrap_or(0)
        + 1;
    for f in facts.iter_mut().chain(account.iter_mut()) {
        f.label = format!("{:width$}", format!("{}:", f.label));
    }
    // The product a plan question is about, named in words.
    let product = t
        .entries()
        .iter()
        .find_map(|e| match (e.item.kind, &e.value) {
            (Kind::Choice(_), Value::Choice(c)) => products::find(c.value),
            _ => None,
        });
    let situation_label = t
        .situation()
        .and_then(|v| category.situation(v))
        .map(|s| s.label);
    // Every value of choice and list items, in words (products by name).
    let mut words = std::collections::BTreeMap::new();
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
    // How far a time lies from now, for people: "in 40 minutes", "3 hours ago".
    let mut from_now = std::collections::BTreeMap::new();
    for e in t.entries() {
        if let Value::Time(at) = &e.value {
            let secs = at.timestamp().as_second() - t.now().timestamp().as_second();
            let text = match secs {
                -59..=59 => "now".to_string(),
                s if s > 0 => format!("in {}", for_people(s)),
                s => format!("{} ago", for_people(-s)),
            };
            from_now.insert(e.item.key, text);
        }
    }
    // The situation's claims, each in the sentence its flags make true.
    let mut claims = std::collections::BTreeMap::new();
    let situation = t.situation().and_then(|v| category.situation(v));
    for claim in situation.map_or(&[][..], |s| s.claims) {
        let sentence = claim
            .cases
            .iter()
            .find(|(keys, _)| keys.iter().any(|k| t.get(k).is_some()))
            .map_or(claim.otherwise, |(_, text)| text);
        let filled = from_now.iter().fold(sentence.to_string(), |text, (k, v)| {
            text.replace(&format!("{{{k}}}"), v)
        });
        claims.insert(claim.key, filled);
    }
    let original_subject = items
        .get("original_subject")
        .map(|s| strip_reply_prefixes(s));
    let attachments: Vec<AttachmentView> = t
        .attachments()
        .iter()
        .map(|a| AttachmentView {
            filename: a.filename.clone(),
            size: human_size(a.size),
        })
        .collect();
    context! {
        category => category.name,
        greeting => t.channel().greeting(),
        situation => t.situation(),
        situation_label => situation_label,
        words => words,
        from_now => from_now,
        claims => claims,
        today => t.now().date().to_string(),
        plan_value => id.plan.value(),
        via => t.text("via"),
        unlocked => unlocked,
        locked => locked,
        threaded => t.in_reply_to().is_some(),
        items => items,
        facts => facts,
        sections => sections,
        account => account,
        org => id.org,
        login_email => id.login_email,
        plan => id.plan.value(),
        plan_label => id.plan.label(),
        sender_name => id.sender_name,
        details => t.details(),
        tried => t.tried(),
        attachments => attachments,
        asks_about_plan => t.asks_about_plan(),
        product_name => product.map(|p| p.name),
        product_plans => product.map(|p| plans::labels(p.plans)),
        wants_call => t.get("phone").is_some(),
        urgent => t.urgent(),
        original_subject => original_subject,
    }
}
