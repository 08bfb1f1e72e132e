//! The checklist: the only way to turn a [`Draft`] into a [`Ticket`].
//!
//! `validate` parses every value by its catalog kind, checks what is required
//! in the ticket's situation, applies the category's rules, and reports every
//! problem at once, each with the flag that fixes it. It does no I/O.

use jiff::civil::Date;
use jiff::{Timestamp, ToSpan, Zoned};

use crate::catalog::{self, CategoryId, Channel, Choice, Item, Kind, Plan};
use crate::compose::draft::{Draft, Source, Sourced};
use crate::compose::time;
use crate::email::{self, Attachment};
use crate::error::{Error, Problem, ProblemKind, Problems};

/// A checked value of one checklist item.
#[derive(Debug, Clone)]
pub enum Value {
    Text(String),
    Choice(&'static Choice),
    List(Vec<&'static Choice>),
    Time(Zoned),
    Date(Date),
    Year(i16),
    Count(u64),
    Switch(bool),
}

impl Value {
    /// How the value reads in the email.
    pub fn display(&self) -> String {
        match self {
            Value::Text(s) => s.clone(),
            Value::Choice(c) => c.value.to_string(),
            Value::List(cs) => cs.iter().map(|c| c.value).collect::<Vec<_>>().join(", "),
            Value::Time(t) => time::show(t),
            Value::Date(d) => d.to_string(),
            Value::Year(y) => y.to_string(),
            Value::Count(n) => thousands(*n),
            Value::Switch(b) => if *b { "yes" } else { "no" }.to_string(),
        }
    }
}

/// `1234567` as `1,234,567`.
pub fn thousands(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// One filled-in checklist item.
#[derive(Debug, Clone)]
pub struct Entry {
    pub item: &'static Item,
    pub value: Value,
}

/// The checked org identity.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Identity {
    pub org: String,
    pub login_email: String,
    pub plan: Plan,
    pub sender_name: Option<String>,
}

/// A ticket that passed its checklist: valid by construction.
#[derive(Debug, Clone)]
pub struct Ticket {
    pub category: &'static catalog::Category,
    pub entries: Vec<Entry>,
    pub identity: Identity,
    pub channel: Channel,
    pub cc: Vec<String>,
    pub details: Option<String>,
    pub tried: Vec<String>,
    pub attachments: Vec<Attachment>,
    /// Advice for the user, printed on stderr and carried in JSON.
    pub warnings: Vec<String>,
    /// The product is not unlocked by the plan: the email asks which plan is needed.
    pub asks_about_plan: bool,
    pub urgent: bool,
    pub now: Zoned,
    pub date: Timestamp,
    pub nonce: u64,
    /// The Message-ID of the ticket this one follows up, if known.
    pub in_reply_to: Option<String>,
    /// What [`crate::compose::redact`] masked in the free text, if it ran.
    pub redactions: Vec<crate::compose::redact::Redaction>,
}

impl Ticket {
    /// The value of an item, if given.
    pub fn get(&self, key: &str) -> Option<&Value> {
        self.entries
            .iter()
            .find(|e| e.item.key == key)
            .map(|e| &e.value)
    }

    /// The display text of an item, if given.
    pub fn text(&self, key: &str) -> Option<String> {
        self.get(key).map(Value::display)
    }

    /// The situation (`--issue`/`--topic` value), if the category has one.
    pub fn situation(&self) -> Option<&'static str> {
        let key = self.category.situation_key?;
        match self.get(key) {
            Some(Value::Choice(c)) => Some(c.value),
            _ => None,
        }
    }

    /// What the user should expect after sending.
    pub fn expected_response(&self) -> &'static str {
        self.channel.expected_response(self.urgent)
    }
}

/// Times "when it happened" may lie this far in the future (clock skew).
const FUTURE_SLACK_MINUTES: i64 = 5;

/// Checks a draft against its category's checklist and rules.
pub fn validate(draft: Draft, now: &Zoned) -> Result<Ticket, Error> {
    let mut problems = draft.problems.clone();
    let category = draft.category;

    // Parse every given value by its kind.
    // The thread's subject stands in for an original subject not typed.
    let thread_subject = draft.thread.as_ref().map(|t| vec![t.subject.clone()]);
    let raw_of = |key: &str| {
        let typed = draft.items.iter().find(|(k, _)| *k == key).map(|(_, v)| v);
        typed.or(thread_subject
            .as_ref()
            .filter(|_| key == "original_subject"))
    };
    let mut entries = Vec::new();
    for item in category.items {
        let Some(raw) = raw_of(item.key) else {
            continue;
        };
        match parse(item, raw, now) {
            Ok(value) => entries.push(Entry { item, value }),
            Err(message) => problems.push(Problem::new(ProblemKind::Invalid, item.long(), message)),
        }
    }

    let situation = category.situation_key.and_then(|key| {
        entries
            .iter()
            .find(|e| e.item.key == key)
            .and_then(|e| match e.value {
                Value::Choice(c) => Some(c.value),
                _ => None,
            })
    });
    let given = |key: &str| raw_of(key).is_some();

    // Required items, in the ticket's situation. A value that was given but
    // could not be read (not UTF-8) is already reported as invalid (65), not
    // also as missing (64).
    let unreadable = |item: &Item| draft.problems.0.iter().any(|p| p.flag == item.long());
    for item in category.items {
        if item.need.is_required(situation) && !given(item.key) && !unreadable(item) {
            problems.push(missing(item));
        }
    }

    // escalate needs the original ticket, by one of several flags.
    if category.id == CategoryId::Escalate && !given("original_subject") {
        problems.push(
            Problem::new(
                ProblemKind::Missing,
                "--subject",
                "the ticket to escalate is needed: give its original subject",
            )
            .with_hint("or take it from the history with --last or --ticket ID"),
        );
    }

    let identity = identity(&draft, &mut problems);
    let identity_ok = identity.is_some();
    let cc = check_cc(&draft.cc, &mut problems);

    let mut ticket = Ticket {
        category,
        entries,
        identity: identity.unwrap_or(Identity {
            org: String::new(),
            login_email: String::new(),
            plan: Plan::Payg,
            sender_name: None,
        }),
        channel: category.channel,
        cc,
        details: draft.details.clone(),
        tried: draft
            .tried
            .iter()
            .map(|t| t.trim().to_string())
            .filter(|t| !t.is_empty())
            .collect(),
        attachments: draft.attachments.clone(),
        warnings: Vec::new(),
        asks_about_plan: false,
        urgent: category.is_urgent(situation),
        now: now.clone(),
        date: draft.date,
        nonce: draft.nonce,
        in_reply_to: draft.thread.as_ref().map(|t| t.message_id.clone()),
        redactions: Vec::new(),
    };

    let mut refusals = Problems::default();
    // Rules read only values that parsed; those about the plan need a valid identity.
    apply_rules(&mut ticket, identity_ok, &mut problems, &mut refusals);
    if draft.force {
        for r in refusals.0 {
            ticket.warnings.push(format!(
                "{} (composed anyway because of --force)",
                r.message
            ));
        }
    } else {
        problems.0.extend(refusals.0);
    }

    if problems.is_empty() {
        Ok(ticket)
    } else {
        Err(Error::Problems(problems))
    }
}

fn missing(item: &Item) -> Problem {
    let example = match item.kind {
        Kind::Choice(c) | Kind::List(c) => format!(
            "one of: {}",
            c.iter().map(|c| c.value).collect::<Vec<_>>().join(", ")
        ),
        _ => String::new(),
    };
    let p = Problem::new(
        ProblemKind::Missing,
        item.long(),
        format!("{} is required: {}", item.label, item.help),
    );
    if example.is_empty() {
        p
    } else {
        p.with_hint(example)
    }
}

/// Parses one item's raw values by its kind.
fn parse(item: &'static Item, raw: &[String], now: &Zoned) -> Result<Value, String> {
    let last = raw.last().map(String::as_str).unwrap_or_default();
    let v = last.trim();
    if !matches!(item.kind, Kind::Text | Kind::Switch | Kind::List(_)) {
        // Checked before trimming: a leading or trailing line break is refused, not dropped.
        one_line(last)?;
        if v.is_empty() {
            return Err("is empty".into());
        }
    }
    match item.kind {
        Kind::Line => Ok(Value::Text(v.into())),
        Kind::Text => {
            let text = last.trim_end().trim_start_matches(['\n', '\r']);
            if text.trim().is_empty() {
                return Err("is empty".into());
            }
            Ok(Value::Text(text.into()))
        }
        Kind::Choice(choices) => choice(choices, v).map(Value::Choice),
        Kind::List(choices) => list(choices, raw).map(Value::List),
        Kind::Time => {
            let t = time::parse_time(v, now)?;
            if item.key != "go_live"
                && t.timestamp() > now.timestamp() + FUTURE_SLACK_MINUTES.minutes()
            {
                return Err(format!("{} is in the future", time::show(&t)));
            }
            Ok(Value::Time(t))
        }
        Kind::Date => time::parse_date(v).map(Value::Date),
        Kind::Year => time::parse_year(v).map(Value::Year),
        Kind::Count => count(v).map(Value::Count),
        Kind::Number => v
            .parse::<u32>()
            .map(|n| Value::Count(u64::from(n)))
            .map_err(|_| format!("\"{v}\" is not a whole number")),
        Kind::Email => email::check_address(v).map(|_| Value::Text(lower_domain(v))),
        Kind::Host => {
            email::check_host(v).map(|_| Value::Text(v.trim_end_matches('.').to_ascii_lowercase()))
        }
        Kind::EventId => event_id(v).map(Value::Text),
        Kind::Reference => reference(v).map(|_| Value::Text(v.into())),
        Kind::Phone => phone(v).map(|_| Value::Text(v.into())),
        Kind::Switch => Ok(Value::Switch(v != "false")),
    }
}

/// Values of a list item: comma-separated or repeated, no duplicates.
fn list(choices: &'static [Choice], raw: &[String]) -> Result<Vec<&'static Choice>, String> {
    let mut out: Vec<&'static Choice> = Vec::new();
    for v in raw.iter().map(|v| v.trim()).filter(|v| !v.is_empty()) {
        let c = choice(choices, v)?;
        if !out.iter().any(|o| o.value == c.value) {
            out.push(c);
        }
    }
    if out.is_empty() {
        return Err("needs at least one value".into());
    }
    Ok(out)
}

/// Lower-cases the domain of an address; the local part is left alone.
fn lower_domain(address: &str) -> String {
    match address.rsplit_once('@') {
        Some((l, d)) => format!("{l}@{}", d.to_ascii_lowercase()),
        None => address.to_string(),
    }
}

/// Refuses line breaks and other control characters in one-line values.
fn one_line(v: &str) -> Result<(), String> {
    if v.contains(['\n', '\r', '\u{2028}', '\u{2029}', '\u{85}']) {
        return Err("must be a single line (it contains a line break)".into());
    }
    email::check_header_value(v)
}

fn choice(choices: &'static [Choice], v: &str) -> Result<&'static Choice, String> {
    let wanted = v.trim().to_ascii_lowercase().replace('_', "-");
    choices.iter().find(|c| c.value == wanted).ok_or_else(|| {
        format!(
            "\"{v}\" is not one of: {}",
            choices
                .iter()
                .map(|c| c.value)
                .collect::<Vec<_>>()
                .join(", ")
        )
    })
}

/// `50000`, `50,000`, `50k`, `1.2M`, `2b`: a positive count.
fn count(v: &str) -> Result<u64, String> {
    let bad = || format!("\"{v}\" is not a count; use forms such as 50000, 50k or 1.2M");
    let cleaned: String = v
        .chars()
        .filter(|c| *c != ',' && *c != '_' && *c != ' ')
        .collect();
    let (number, factor) = match cleaned.chars().last().map(|c| c.to_ascii_lowercase()) {
        Some('k') => (&cleaned[..cleaned.len() - 1], 1_000u64),
        Some('m') => (&cleaned[..cleaned.len() - 1], 1_000_000),
        Some('b') => (&cleaned[..cleaned.len() - 1], 1_000_000_000),
        _ => (cleaned.as_str(), 1),
    };
    let (whole, frac) = number.split_once('.').unwrap_or((number, ""));
    if whole.is_empty() && frac.is_empty()
        || !whole.chars().all(|c| c.is_ascii_digit())
        || !frac.chars().all(|c| c.is_ascii_digit())
        || frac.len() > 9
    {
        return Err(bad());
    }
    let whole: u64 = if whole.is_empty() {
        0
    } else {
        whole.parse().map_err(|_| bad())?
    };
    let frac_value = if frac.is_empty() {
        0
    } else {
        let digits: u64 = frac.parse().map_err(|_| bad())?;
        digits
            .checked_mul(factor)
            .map(|x| x / 10u64.pow(frac.len() as u32))
            .ok_or_else(bad)?
    };
    let n = whole
        .checked_mul(factor)
        .and_then(|w| w.checked_add(frac_value))
        .ok_or_else(bad)?;
    if n == 0 {
        return Err(format!("\"{v}\" must be a positive count"));
    }
    Ok(n)
}

/// An event ID, or the ID taken from the event's dashboard URL.
fn event_id(v: &str) -> Result<String, String> {
    let id = if v.contains("://") {
        let url = url::Url::parse(v).map_err(|e| format!("\"{v}\" is not a valid URL: {e}"))?;
        let segments: Vec<&str> = url
            .path_segments()
            .map(|s| s.filter(|s| !s.is_empty()).collect())
            .unwrap_or_default();
        let after_events = segments
            .windows(2)
            .find(|w| matches!(w[0], "events" | "event"))
            .map(|w| w[1]);
        let last_meaningful = segments
            .iter()
            .rev()
            .find(|s| !matches!(**s, "details" | "overview" | "settings" | "photos" | "edit"))
            .copied();
        after_events
            .or(last_meaningful)
            .ok_or_else(|| format!("no event ID found in the URL \"{v}\""))?
            .to_string()
    } else {
        v.to_string()
    };
    let ok = !id.is_empty()
        && id.len() <= 64
        && id
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_');
    if ok {
        Ok(id)
    } else {
        Err(format!(
            "\"{id}\" is not an event ID (letters, digits, - and _; or the event's dashboard URL)"
        ))
    }
}

/// A payment ID or gateway reference: one token, no spaces.
fn reference(v: &str) -> Result<(), String> {
    let ok = v.len() <= 128
        && v.chars()
            .all(|c| c.is_ascii_alphanumeric() || "-_.:/#".contains(c));
    if ok {
        Ok(())
    } else {
        Err(format!(
            "\"{v}\" is not an ID (letters, digits and - _ . : / # only, no spaces)"
        ))
    }
}

fn phone(v: &str) -> Result<(), String> {
    let digits = v.chars().filter(char::is_ascii_digit).count();
    let ok = (6..=20).contains(&digits)
        && v.chars()
            .all(|c| c.is_ascii_digit() || " +-().".contains(c));
    if ok {
        Ok(())
    } else {
        Err(format!("\"{v}\" is not a phone number"))
    }
}

/// Checks the org identity; on failure records why and how to fix it.
fn identity(draft: &Draft, problems: &mut Problems) -> Option<Identity> {
    let id = &draft.identity;
    let no_profile = !id.has_profile;
    let fix = "save it once with `9pic-help profile init --org NAME --login-email EMAIL --plan PLAN`, or pass the flag";
    let absent = |flag: &str, what: &str| {
        if no_profile {
            Problem::new(
                ProblemKind::Identity,
                flag,
                format!("{what} is needed and there is no profile"),
            )
            .with_hint(fix)
        } else {
            Problem::new(
                ProblemKind::Missing,
                flag,
                format!("{what} is needed and the profile has none"),
            )
            .with_hint(format!(
                "set it with `9pic-help profile set {} VALUE` or pass {flag}",
                flag.trim_start_matches("--").replace('-', "_")
            ))
        }
    };
    let invalid = |s: &Sourced, message: String| {
        let (kind, flag) = match s.source {
            Source::Flag => (ProblemKind::Invalid, s.name.to_string()),
            Source::Profile => (ProblemKind::Identity, format!("profile key {}", s.name)),
        };
        Problem::new(kind, flag, message)
    };
    let before = problems.0.len();
    // A flag given with bytes that are not UTF-8 is already reported as
    // invalid; it is not also absent.
    let unreadable = |flag: &str| draft.problems.0.iter().any(|p| p.flag == flag);

    let org = match &id.org {
        None => {
            if !unreadable("--org") {
                problems.push(absent("--org", "the org name as shown in the dashboard"));
            }
            None
        }
        Some(s) => match one_line(&s.value) {
            Ok(()) if !s.value.trim().is_empty() => Some(s.value.trim().to_string()),
            Ok(()) => {
                problems.push(invalid(s, "is empty".into()));
                None
            }
            Err(e) => {
                problems.push(invalid(s, e));
                None
            }
        },
    };
    let login_email = match &id.login_email {
        None => {
            if !unreadable("--login-email") {
                problems.push(absent("--login-email", "the login email"));
            }
            None
        }
        Some(s) => match email::check_header_value(&s.value)
            .and_then(|()| email::check_address(s.value.trim()))
        {
            Ok(()) => Some(lower_domain(s.value.trim())),
            Err(e) => {
                problems.push(invalid(s, e));
                None
            }
        },
    };
    let plan = match &id.plan {
        None => {
            if !unreadable("--plan") {
                problems.push(absent("--plan", "the plan (payg, pro or enterprise)"));
            }
            None
        }
        Some(s) => match Plan::parse(&s.value) {
            Some(p) => Some(p),
            None => {
                problems.push(invalid(
                    s,
                    format!("\"{}\" is not a plan; use payg, pro or enterprise", s.value),
                ));
                None
            }
        },
    };
    let sender_name = match &id.sender_name {
        Some(s) if s.value.chars().count() > 100 => {
            problems.push(invalid(s, "is longer than 100 characters".into()));
            None
        }
        Some(s) => match one_line(&s.value) {
            Ok(()) if !s.value.trim().is_empty() => Some(s.value.trim().to_string()),
            Ok(()) => None,
            Err(e) => {
                problems.push(invalid(s, e));
                None
            }
        },
        None => None,
    };
    if problems.0.len() > before {
        return None;
    }
    Some(Identity {
        org: org?,
        login_email: login_email?,
        plan: plan?,
        sender_name,
    })
}

fn check_cc(cc: &[Sourced], problems: &mut Problems) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for s in cc {
        if let Err(e) = email::check_header_value(&s.value) {
            problems.push(match s.source {
                Source::Flag => Problem::new(ProblemKind::Invalid, "--cc", e),
                Source::Profile => Problem::new(ProblemKind::Identity, "profile key cc", e),
            });
            continue;
        }
        let v = s.value.trim();
        if v.is_empty() {
            continue;
        }
        match email::check_address(v) {
            Ok(()) => {
                let v = lower_domain(v);
                if !out.contains(&v) {
                    out.push(v);
                }
            }
            Err(e) => problems.push(match s.source {
                Source::Flag => Problem::new(ProblemKind::Invalid, "--cc", e),
                Source::Profile => Problem::new(ProblemKind::Identity, "profile key cc", e),
            }),
        }
    }
    out
}

/// The category's rules: refusals go to `refusals` (overridable with
/// `--force`), hard errors to `problems`, advice to the ticket's warnings.
fn apply_rules(
    t: &mut Ticket,
    identity_ok: bool,
    problems: &mut Problems,
    refusals: &mut Problems,
) {
    let now = t.now.clone();
    let situation = t.situation();
    match t.category.id {
        CategoryId::Billing => {
            if matches!(situation, Some("pending" | "not-credited")) {
                let rechecked_at = match t.get("rechecked_at") {
                    Some(Value::Time(z)) => Some(z.clone()),
                    _ => None,
                };
                let rechecked = matches!(t.get("rechecked"), Some(Value::Switch(true)));
                match rechecked_at {
                    None if !rechecked => refusals.push(
                        Problem::new(
                            ProblemKind::Refused,
                            "--rechecked",
                            "Recheck comes first and you can do it yourself: Billing & Transactions → the payment's row → Recheck",
                        )
                        .with_hint(
                            "if the row is still wrong 10 minutes after Recheck, run this again with --rechecked (or --rechecked-at TIME)",
                        ),
                    ),
                    Some(at) => refusals.0.extend(too_early(
                        "--rechecked-at",
                        &at,
                        10.minutes(),
                        &now,
                        "you rechecked at {at}, less than 10 minutes ago; a Recheck can take that long to settle",
                        "if the row has not changed",
                    )),
                    None => {}
                }
            }
            if situation == Some("not-credited") && t.get("gateway_ref").is_none() {
                t.warnings.push(
                    "no --gateway-ref: support will ask for the payment gateway's reference ID, so add it if you have it"
                        .into(),
                );
            }
            if situation == Some("custom-invoice") {
                t.warnings.push(
                    "Custom Payment in the dashboard is usually the first route for a non-credit payment; write only if it does not fit"
                        .into(),
                );
            }
            if situation == Some("invoice-correction")
                && t.get("company").is_none()
                && t.get("address").is_none()
            {
                t.warnings.push(
                    "give the corrected details with --company and/or --address, or support will have to ask".into(),
                );
            }
        }
        CategoryId::Invoices => invoices_range(t, problems),
        CategoryId::Renewal => {
            if identity_ok && t.identity.plan != Plan::Pro {
                t.warnings.push(format!(
                    "renewal is for the Pro plan, and your plan is {}; to move to Pro see `9pic-help upgrade`",
                    t.identity.plan.label()
                ));
            }
        }
        CategoryId::Feature => {
            let product = t.text("product").unwrap_or_default();
            let plans = catalog::product_plans(&product);
            if identity_ok && !product.is_empty() && !plans.contains(&t.identity.plan) {
                t.asks_about_plan = true;
                let where_to = if plans == [Plan::Enterprise] {
                    "`9pic-help enterprise`"
                } else {
                    "`9pic-help upgrade` (or `9pic-help enterprise`)"
                };
                t.warnings.push(format!(
                    "{} needs {}, and your plan is {}: the email asks which plan you need; to talk about changing plans see {where_to}",
                    catalog::product_name(&product),
                    plans.iter().map(|p| p.label()).collect::<Vec<_>>().join(" or "),
                    t.identity.plan.label()
                ));
            }
        }
        CategoryId::Enterprise => {
            let via = t.text("via").unwrap_or_else(|| "sales".into());
            t.channel = match via.as_str() {
                "support" => Channel::Support,
                "form" => Channel::Form,
                _ => Channel::Sales,
            };
        }
        CategoryId::Ops => {
            if situation == Some("invite-not-received")
                && let Some(Value::Count(n)) = t.get("resends")
                && *n < 3
            {
                refusals.push(
                    Problem::new(
                        ProblemKind::Refused,
                        "--resends",
                        format!("{n} resend(s) so far: resending an invite is self-serve (Team Setup → the teammate → Resend)"),
                    )
                    .with_hint("write if the invite still has not arrived after 3 resends; ask them to check spam first"),
                );
            }
        }
        CategoryId::Domain => match t.get("connected_at") {
            Some(Value::Time(at)) => refusals.0.extend(too_early(
                "--connected-at",
                at,
                48.hours(),
                &now,
                "the domain was connected at {at}, less than 48 hours ago; DNS changes can take that long",
                "if it is still not active",
            )),
            _ => t.warnings.push(
                "no --connected-at: support handles domains that are still not active 48 hours after connecting, so check that it has been that long"
                    .into(),
            ),
        },
        CategoryId::Upgrade => {
            if identity_ok && t.identity.plan == Plan::Enterprise {
                refusals.push(
                    Problem::new(
                        ProblemKind::Refused,
                        "--plan",
                        "you are on Enterprise already, so there is nothing to upgrade to",
                    )
                    .with_hint("for changes to your Enterprise package, write with `9pic-help enterprise` or `9pic-help question`"),
                );
            }
        }
        CategoryId::Urgent => {
            if let Some(Value::Time(go_live)) = t.get("go_live") {
                let soon = go_live.timestamp() > now.timestamp()
                    && go_live.timestamp() <= now.timestamp() + 24.hours();
                if !soon {
                    t.warnings.push(format!(
                        "go-live ({}) is not within the next 24 hours; EVENT-DAY URGENT is for events about to go live, so consider `ops` or `question`",
                        time::show(go_live)
                    ));
                }
            }
        }
        CategoryId::Escalate
        | CategoryId::Security
        | CategoryId::Bug | CategoryId::Request | CategoryId::Question => {}
    }
}

/// A refusal when `at + wait` is still ahead: says when writing makes sense.
///
/// `message` may name the time with `{at}`.
fn too_early(
    flag: &str,
    at: &Zoned,
    wait: jiff::Span,
    now: &Zoned,
    message: &str,
    condition: &str,
) -> Option<Problem> {
    let ready = at.timestamp().checked_add(wait).ok()?;
    if ready <= now.timestamp() {
        return None;
    }
    let left = ready.as_second() - now.timestamp().as_second();
    Some(
        Problem::new(
            ProblemKind::Refused,
            flag,
            message.replace("{at}", &time::show(at)),
        )
        .with_hint(format!(
            "write after {} (in {}) {condition}",
            time::show(&ready.to_zoned(now.time_zone().clone())),
            time::human_duration(left)
        )),
    )
}

/// `invoices`: a range from `--from`/`--to` or `--year`, in order, not in the future.
fn invoices_range(t: &mut Ticket, problems: &mut Problems) {
    // A range flag that did not parse is reported already.
    if problems
        .0
        .iter()
        .any(|p| ["--from", "--to", "--year"].contains(&p.flag.as_str()))
    {
        return;
    }
    let today = t.now.date();
    let date = |t: &Ticket, k: &str| match t.get(k) {
        Some(Value::Date(d)) => Some(*d),
        _ => None,
    };
    let (from, to) = (date(t, "from"), date(t, "to"));
    let year = match t.get("year") {
        Some(Value::Year(y)) => Some(*y),
        _ => None,
    };
    let (from, to) = match (from, to, year) {
        (None, None, None) => {
            problems.push(Problem::new(
                ProblemKind::Missing,
                "--from",
                "the date range is required: --from and --to, or --year",
            ));
            problems.push(Problem::new(
                ProblemKind::Missing,
                "--to",
                "the last day of the range is required (or use --year)",
            ));
            return;
        }
        (Some(_), _, Some(_)) | (_, Some(_), Some(_)) => {
            problems.push(Problem::new(
                ProblemKind::Invalid,
                "--year",
                "give either --year or --from/--to, not both",
            ));
            return;
        }
        (None, None, Some(y)) => {
            let first = Date::new(y, 1, 1).unwrap_or(today);
            if first > today {
                problems.push(Problem::new(
                    ProblemKind::Invalid,
                    "--year",
                    format!("{y} is in the future"),
                ));
                return;
            }
            let last = Date::new(y, 12, 31).unwrap_or(today).min(today);
            (first, last)
        }
        (Some(_), None, _) => {
            problems.push(Problem::new(
                ProblemKind::Missing,
                "--to",
                "the last day of the range is required",
            ));
            return;
        }
        (None, Some(_), _) => {
            problems.push(Problem::new(
                ProblemKind::Missing,
                "--from",
                "the first day of the range is required",
            ));
            return;
        }
        (Some(f), Some(to), None) => (f, to),
    };
    let before = problems.0.len();
    if from > to {
        problems.push(Problem::new(
            ProblemKind::Invalid,
            "--from",
            format!("the range starts ({from}) after it ends ({to})"),
        ));
    }
    if from > today {
        problems.push(Problem::new(
            ProblemKind::Invalid,
            "--from",
            format!("{from} is in the future"),
        ));
    }
    if to > today {
        problems.push(Problem::new(
            ProblemKind::Invalid,
            "--to",
            format!("{to} is in the future"),
        ));
    }
    if problems.0.len() == before {
        set_value(t, "from", Value::Date(from));
        set_value(t, "to", Value::Date(to));
    }
}

/// Sets (or replaces) an item's value on a ticket being checked.
fn set_value(t: &mut Ticket, key: &str, value: Value) {
    let Some(item) = t.category.item(key) else {
        return;
    };
    match t.entries.iter_mut().find(|e| e.item.key == key) {
        Some(e) => e.value = value,
        None => {
            let pos = t
                .category
                .items
                .iter()
                .position(|i| i.key == key)
                .unwrap_or(0);
            let at = t
                .entries
                .iter()
                .position(|e| {
                    t.category
                        .items
                        .iter()
                        .position(|i| i.key == e.item.key)
                        .unwrap_or(0)
                        > pos
                })
                .unwrap_or(t.entries.len());
            t.entries.insert(at, Entry { item, value });
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts() {
        assert_eq!(count("50000"), Ok(50_000));
        assert_eq!(count("50k"), Ok(50_000));
        assert_eq!(count("1.2M"), Ok(1_200_000));
        assert_eq!(count("50,000"), Ok(50_000));
        assert!(count("0").is_err());
        assert!(count("-5").is_err());
        assert!(count("lots").is_err());
        assert!(count("1.2.3k").is_err());
    }

    #[test]
    fn event_ids_from_urls() {
        assert_eq!(event_id("EVT-123"), Ok("EVT-123".into()));
        assert_eq!(
            event_id("https://app.9pic.ai/events/evt_42/details"),
            Ok("evt_42".into())
        );
        assert!(event_id("evt 42").is_err());
    }

    #[test]
    fn thousands_separators() {
        assert_eq!(thousands(1_200_000), "1,200,000");
        assert_eq!(thousands(999), "999");
    }
}
