//! The small engine that applies a category's rules from the catalog.
//!
//! It knows no category, situation, item or flag by name: everything it
//! checks and every word it says comes from [`crate::catalog::rules`].

use jiff::civil::Date;
use jiff::{Span, ToSpan, Zoned};

use crate::catalog::rules::{Check, Outcome, Rule};
use crate::catalog::{Category, Plan, flags, plans, products};
use crate::compose::values::{Entry, Value};
use crate::compose::{asked, time};
use crate::error::{Problem, ProblemKind, Problems};

/// What the rules found.
#[derive(Debug, Default)]
pub struct Findings {
    /// Hard errors (missing or invalid items).
    pub problems: Problems,
    /// Refusals `--force` may override.
    pub refusals: Problems,
    /// Advice for the user.
    pub warnings: Vec<String>,
    /// The plan does not unlock the product: the email asks which plan is needed.
    pub asks_about_plan: bool,
}

/// The ticket being checked, as the rules see it.
pub struct Subject<'a> {
    pub category: &'static Category,
    pub situation: Option<&'static str>,
    pub entries: &'a mut Vec<Entry>,
    /// The plan, when the identity is valid.
    pub plan: Option<Plan>,
    pub now: &'a Zoned,
    /// Whether `--details` or `--details-file` was given.
    pub details_given: bool,
    /// The details text, for the phrase checks.
    pub details: Option<&'a str>,
    /// Whether `--tried` named at least one step.
    pub tried_given: bool,
    /// When the answer to the ticket this one follows up is due.
    pub thread_due: Option<jiff::Timestamp>,
    /// Problems found so far (a value that did not parse is not judged again).
    pub earlier: &'a Problems,
}

/// The rules that only ask whether an item was given at all, run with the
/// required items: `given` says whether a value was typed for a key.
pub fn presence(
    category: &Category,
    situation: Option<&str>,
    given: impl Fn(&str) -> bool,
    problems: &mut Problems,
) {
    for rule in category.rules.iter().filter(|r| r.applies(situation)) {
        if let (Check::Absent { item }, Outcome::Missing) = (rule.check, rule.outcome)
            && !given(item)
        {
            problems.push(problem(
                rule,
                ProblemKind::Missing,
                flag(category, item),
                &[],
            ));
        }
    }
}

/// Applies every other rule of the category, in catalog order.
pub fn apply(mut s: Subject<'_>) -> Findings {
    let mut out = Findings::default();
    let (category, situation, plan) = (s.category, s.situation, s.plan);
    for rule in category
        .rules
        .iter()
        .filter(|r| r.applies(situation) && r.applies_on(plan))
    {
        if rule.outcome == Outcome::Missing && matches!(rule.check, Check::Absent { .. }) {
            continue;
        }
        check(rule, &s, &mut out);
        if let Check::DateRange { from, to, year } = rule.check {
            date_range(rule, &mut s, [from, to, year], &mut out.problems);
        }
    }
    out
}

/// One rule; a firing rule records its outcome with the values it looked at.
fn check(rule: &Rule, s: &Subject<'_>, out: &mut Findings) {
    let get = |key: &str| {
        s.entries
            .iter()
            .find(|e| e.item.key == key)
            .map(|e| &e.value)
    };
    let fired: Option<(String, Vec<(&str, String)>)> = match rule.check {
        Check::Absent { item } => get(item)
            .is_none()
            .then(|| (flag(s.category, item), vec![])),
        Check::Always => Some((String::new(), vec![])),
        Check::SwitchOrTime { switch, time } => {
            let switched = matches!(get(switch), Some(Value::Switch(true)));
            (!switched && get(time).is_none()).then(|| (flag(s.category, switch), vec![]))
        }
        Check::MinWaitSince {
            item,
            minutes,
            condition,
        } => {
            if let Some(Value::Time(at, _)) = get(item)
                && let Some(p) = too_early(
                    rule,
                    flag(s.category, item),
                    at,
                    minutes.minutes(),
                    s.now,
                    condition,
                )
            {
                out.push(rule.outcome, p);
            }
            None
        }
        Check::MinCount { item, min } => match get(item) {
            Some(Value::Count(n)) if *n < min => {
                Some((flag(s.category, item), vec![("n", n.to_string())]))
            }
            _ => None,
        },
        Check::RequiresOneOf { items } => items.iter().all(|k| get(k).is_none()).then(|| {
            let flags: Vec<String> = items.iter().map(|k| flag(s.category, k)).collect();
            (flags.join(" or "), vec![])
        }),
        Check::PlanOneOf { plans } => s
            .plan
            .filter(|p| !plans.contains(p))
            .map(|p| (flags::PLAN.long(), vec![("plan", p.label().to_string())])),
        Check::PlanUnlocks { item } => {
            let locked: Vec<&products::Product> = chosen(get(item))
                .iter()
                .filter_map(|v| products::find(v))
                .filter(|p| s.plan.is_some_and(|plan| !p.plans.contains(&plan)))
                .collect();
            match (locked.first(), s.plan) {
                (Some(first), Some(plan)) => {
                    out.asks_about_plan = true;
                    let names: Vec<&str> = locked.iter().map(|p| p.name).collect();
                    Some((
                        flag(s.category, item),
                        vec![
                            ("product", names.join(", ")),
                            ("plans", plans::labels(first.plans)),
                            ("plan", plan.label().to_string()),
                            ("route", first.if_locked.to_string()),
                        ],
                    ))
                }
                _ => None,
            }
        }
        Check::NotBefore { item, earlier } => match (get(item), get(earlier)) {
            (Some(Value::Time(t, _)), Some(Value::Time(e, _))) if t.timestamp() < e.timestamp() => {
                Some((
                    flag(s.category, item),
                    vec![("time", time::show(t)), ("at", time::show(e))],
                ))
            }
            _ => None,
        },
        Check::NotInPast { item } => match get(item) {
            Some(Value::Date(d)) if *d < s.now.date() => {
                Some((flag(s.category, item), vec![("at", d.to_string())]))
            }
            _ => None,
        },
        Check::FarAhead { item, days } => match get(item) {
            Some(Value::Date(d))
                if s.now
                    .date()
                    .checked_add(jiff::Span::new().days(days))
                    .is_ok_and(|last| *d > last) =>
            {
                Some((flag(s.category, item), vec![("at", d.to_string())]))
            }
            _ => None,
        },
        Check::Differ { a, b } => match (get(a), get(b)) {
            (Some(x), Some(y)) if x.display() == y.display() => {
                Some((flag(s.category, b), vec![("at", x.display())]))
            }
            _ => None,
        },
        Check::Includes { item, value } => chosen(get(item))
            .contains(&value)
            .then(|| (flag(s.category, item), vec![])),
        Check::AbsentUnlessOnly { item, list, unless } => {
            let values = chosen(get(list));
            let needed = values.is_empty() || values.iter().any(|v| !unless.contains(v));
            let flag = flag(s.category, item);
            // A value that was given but did not parse is reported already.
            let reported = s.earlier.0.iter().any(|p| p.flag == flag);
            (get(item).is_none() && needed && !reported).then_some((flag, vec![]))
        }
        Check::NoDetails => (!s.details_given).then(|| (flags::DETAILS.long(), vec![])),
        Check::NotTried => (!s.tried_given).then(|| (flags::TRIED.long(), vec![])),
        Check::SingleDay { from, to } => match (get(from), get(to)) {
            (Some(Value::Date(f)), Some(Value::Date(t))) if f == t => {
                Some((flag(s.category, from), vec![("at", f.to_string())]))
            }
            _ => None,
        },
        Check::TimeWindow {
            item,
            ahead_minutes,
            past_minutes,
        } => match get(item) {
            Some(Value::Time(t, _)) => {
                let now = s.now.timestamp();
                let inside = t.timestamp() > now - past_minutes.minutes()
                    && t.timestamp() <= now + ahead_minutes.minutes();
                (!inside).then(|| {
                    (
                        flag(s.category, item),
                        vec![("time", time::show_relative(t, s.now))],
                    )
                })
            }
            _ => None,
        },
        Check::DateRange { .. } => None,
        Check::AsksSelfServe => {
            let summary = get("summary").map(Value::display);
            let texts = [
                (flag(s.category, "summary"), summary.as_deref()),
                (flags::DETAILS.long(), s.details),
            ];
            for (flag, text) in texts {
                for reply in asked::replies(text.unwrap_or_default(), s.plan) {
                    let values = [("route", reply.to_string())];
                    out.push(
                        rule.outcome,
                        problem(rule, ProblemKind::Refused, flag.clone(), &values),
                    );
                }
            }
            None
        }
        Check::ThreadNotDue => s
            .thread_due
            .filter(|due| s.now.timestamp() < *due)
            .map(|due| {
                let due = due.to_zoned(s.now.time_zone().clone());
                let left = due.timestamp().as_second() - s.now.timestamp().as_second();
                (
                    format!(
                        "{}/{}",
                        flag(s.category, "last"),
                        flag(s.category, "ticket")
                    ),
                    vec![("at", time::show(&due)), ("time", time::span_words(left))],
                )
            }),
    };
    if let Some((flag, mut values)) = fired {
        // A rule bound to plans is fixed by the plan, and may name it.
        let flag = if flag.is_empty() && !rule.plans.is_empty() {
            flags::PLAN.long()
        } else {
            flag
        };
        if let Some(plan) = s.plan
            && !values.iter().any(|(k, _)| *k == "plan")
        {
            values.push(("plan", plan.label().to_string()));
        }
        let kind = match rule.outcome {
            Outcome::Missing => ProblemKind::Missing,
            Outcome::Invalid => ProblemKind::Invalid,
            Outcome::Refuse | Outcome::Warn => ProblemKind::Refused,
        };
        out.push(rule.outcome, problem(rule, kind, flag, &values));
    }
}

impl Findings {
    fn push(&mut self, outcome: Outcome, p: Problem) {
        match outcome {
            Outcome::Refuse => self.refusals.push(p),
            Outcome::Missing | Outcome::Invalid => self.problems.push(p),
            Outcome::Warn => self.warnings.push(p.message),
        }
    }
}

/// The values a choice or list item holds.
fn chosen(value: Option<&Value>) -> Vec<&'static str> {
    match value {
        Some(Value::Choice(c)) => vec![c.value],
        Some(Value::List(cs)) => cs.iter().map(|c| c.value).collect(),
        _ => Vec::new(),
    }
}

/// The rule's message and hint, with the values filled in.
fn problem(rule: &Rule, kind: ProblemKind, flag: String, values: &[(&str, String)]) -> Problem {
    let fill = |text: &str| {
        values.iter().fold(text.to_string(), |t, (k, v)| {
            t.replace(&format!("{{{k}}}"), v)
        })
    };
    let p = Problem::new(kind, flag, fill(rule.message));
    match rule.hint {
        Some(h) => p.with_hint(fill(h)),
        None => p,
    }
}

/// The flag of an item of the category (`--rechecked-at`).
fn flag(category: &Category, key: &str) -> String {
    category
        .item(key)
        .map_or_else(|| format!("--{key}"), |i| i.long())
}

/// A refusal when `at + wait` is still ahead: says when writing makes sense.
fn too_early(
    rule: &Rule,
    flag: String,
    at: &Zoned,
    wait: Span,
    now: &Zoned,
    condition: &str,
) -> Option<Problem> {
    let ready = at.timestamp().checked_add(wait).ok()?;
    if ready <= now.timestamp() {
        return None;
    }
    Some(
        Problem::new(
            ProblemKind::Refused,
            flag,
            rule.message.replace("{at}", &time::show_in(at, now)),
        )
        .with_hint(format!(
            "write after {} ({}) {condition}",
            time::show(&ready.to_zoned(now.time_zone().clone())),
            time::relative(&ready.to_zoned(now.time_zone().clone()), now)
        )),
    )
}

/// A range from two date items or a year item, in order and not in the
/// future; on success the range is written back as the two date items.
fn date_range(
    rule: &Rule,
    s: &mut Subject<'_>,
    [from_key, to_key, year_key]: [&str; 3],
    problems: &mut Problems,
) {
    let (from_flag, to_flag, year_flag) = (
        flag(s.category, from_key),
        flag(s.category, to_key),
        flag(s.category, year_key),
    );
    // A range flag that did not parse is reported already.
    if s.earlier
        .0
        .iter()
        .any(|p| [&from_flag, &to_flag, &year_flag].contains(&&p.flag))
    {
        return;
    }
    let today = s.now.date();
    let get = |key: &str| {
        s.entries
            .iter()
            .find(|e| e.item.key == key)
            .map(|e| &e.value)
    };
    let date = |k: &str| match get(k) {
        Some(Value::Date(d)) => Some(*d),
        _ => None,
    };
    let year = match get(year_key) {
        Some(Value::Year(y)) => Some(*y),
        _ => None,
    };
    let missing = |f: &str, m: &str| Problem::new(ProblemKind::Missing, f, m);
    let invalid = |f: &str, m: String| Problem::new(ProblemKind::Invalid, f, m);
    let given = (date(from_key), date(to_key), year);
    let (from, to) = match given {
        (None, None, None) => {
            problems.push(missing(&from_flag, rule.message));
            problems.push(missing(
                &to_flag,
                &format!("the last day of the range is required (or use {year_flag})"),
            ));
            return;
        }
        (Some(_), _, Some(_)) | (_, Some(_), Some(_)) => {
            problems.push(invalid(
                &year_flag,
                format!("give either {year_flag} or {from_flag}/{to_flag}, not both"),
            ));
            return;
        }
        (None, None, Some(y)) => {
            let first = Date::new(y, 1, 1).unwrap_or(today);
            if first > today {
                problems.push(invalid(&year_flag, format!("{y} is in the future")));
                return;
            }
            let last = Date::new(y, 12, 31).unwrap_or(today).min(today);
            (first, last)
        }
        (Some(_), None, _) => {
            problems.push(missing(&to_flag, "the last day of the range is required"));
            return;
        }
        (None, Some(_), _) => {
            problems.push(missing(
                &from_flag,
                "the first day of the range is required",
            ));
            return;
        }
        (Some(f), Some(to), None) => (f, to),
    };
    let before = problems.0.len();
    if from > to {
        problems.push(invalid(
            &from_flag,
            format!(
                "the range starts ({}) after it ends ({})",
                time::show_date(from),
                time::show_date(to)
            ),
        ));
    }
    if from > today {
        problems.push(invalid(
            &from_flag,
            format!("{} is in the future", time::show_date(from)),
        ));
    }
    if to > today {
        problems.push(invalid(
            &to_flag,
            format!("{} is in the future", time::show_date(to)),
        ));
    }
    if problems.0.len() == before {
        set_value(s, from_key, Value::Date(from));
        set_value(s, to_key, Value::Date(to));
    }
}

/// Sets (or adds, in checklist order) an item's value on the ticket being checked.
fn set_value(s: &mut Subject<'_>, key: &str, value: Value) {
    let Some(item) = s.category.item(key) else {
        return;
    };
    if let Some(e) = s.entries.iter_mut().find(|e| e.item.key == key) {
        e.value = value;
        return;
    }
    let order = |k: &str| {
        s.category
            .items
            .iter()
            .position(|i| i.key == k)
            .unwrap_or(0)
    };
    let pos = order(key);
    let at = s
        .entries
        .iter()
        .position(|e| order(e.item.key) > pos)
        .unwrap_or(s.entries.len());
    s.entries.insert(at, Entry { item, value });
}
