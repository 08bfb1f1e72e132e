//! Nothing claimed that was not said (SPEC §2a): under `--force`, with only
//! the inputs a category cannot do without, an email states no claim whose
//! condition the command line does not meet, and states the one that holds.
//!
//! The conditions are judged here from the command line itself (which flags
//! were typed, which count, how far the time lies from now, which plan), not
//! by the library's own judge, so a wrong judge fails the test. Every
//! category, situation and plan is covered from the catalog: a new claim is
//! tested without touching this file.

use std::collections::BTreeMap;

use ninepic_help::catalog::rules::{Check, Outcome};
use ninepic_help::catalog::{CATEGORIES, Category, Claim, Holds, Kind, PLANS, Plan, Situation};
use proptest::prelude::*;
use regex::Regex;

use crate::support::{self, LOGIN};

/// The now every case composes at.
fn now() -> jiff::Zoned {
    "2026-11-21T15:00:00+00:00[UTC]"
        .parse()
        .expect("a fixed time")
}

/// What the command line said about one item.
#[derive(Debug, Clone, Copy)]
enum Said {
    /// A switch or text was typed.
    Typed,
    /// A count.
    Count(u64),
    /// A time, this many minutes from now (negative: ago).
    Minutes(i64),
}

/// One generated command line and what it said.
#[derive(Debug)]
struct Case {
    argv: Vec<String>,
    plan: Plan,
    said: BTreeMap<&'static str, Said>,
}

/// Random choices for one case.
#[derive(Debug, Clone)]
struct Gen {
    /// Whether each optional item a claim reads is given.
    give: Vec<bool>,
    /// Minutes for times, counts for numbers.
    numbers: Vec<i64>,
}

fn gen_strategy() -> impl Strategy<Value = Gen> {
    (
        prop::collection::vec(any::<bool>(), 16),
        prop::collection::vec(0i64..6000, 16),
    )
        .prop_map(|(give, numbers)| Gen { give, numbers })
}

/// Items a category cannot do without in `situation`: required ones, and
/// those its "missing" rules ask for (the first of several).
fn needed(category: &Category, situation: Option<&str>) -> Vec<&'static str> {
    let mut keys: Vec<&'static str> = category
        .items
        .iter()
        .filter(|i| i.need.is_required(situation))
        .map(|i| i.key)
        .collect();
    for rule in category.rules.iter().filter(|r| r.applies(situation)) {
        if rule.outcome != Outcome::Missing {
            continue;
        }
        match rule.check {
            Check::Absent { item } | Check::AbsentUnlessOnly { item, .. } => keys.push(item),
            Check::RequiresOneOf { items } => keys.extend(items.first()),
            Check::DateRange { from, to, .. } => keys.extend([from, to]),
            _ => {}
        }
    }
    keys
}

/// The items the category's and the situation's claims read.
fn read_by_claims(category: &Category, situation: Option<&Situation>) -> Vec<&'static str> {
    claims_of(category, situation)
        .flat_map(|c| c.cases.iter().flat_map(|(holds, _)| holds.items()))
        .collect()
}

fn claims_of<'a>(
    category: &'a Category,
    situation: Option<&'a Situation>,
) -> impl Iterator<Item = &'static Claim> + 'a {
    category
        .claims
        .iter()
        .chain(situation.map_or(&[][..], |s| s.claims))
}

/// The least a ticket of `category` in `situation` needs, plus a random
/// choice of the optional items its claims read; always `--force`.
fn case(category: &Category, situation: Option<&Situation>, plan: Plan, g: &Gen) -> Case {
    let value = situation.map(|s| s.value);
    let needed = needed(category, value);
    let optional = read_by_claims(category, situation);
    let route = category.route.map(|(key, _)| key);
    let mut out = Case {
        argv: vec![category.name.to_string()],
        plan,
        said: BTreeMap::new(),
    };
    if let (Some(key), Some(v)) = (category.situation_key, value) {
        let flag = category.item(key).expect("situation item").long();
        out.argv.extend([flag, v.to_string()]);
    }
    for (n, item) in category.items.iter().enumerate() {
        let give = needed.contains(&item.key)
            || (optional.contains(&item.key) && g.give[n % g.give.len()]);
        if !give
            || Some(item.key) == category.situation_key
            || Some(item.key) == route
            || matches!(item.key, "last" | "ticket" | "year")
        {
            continue;
        }
        let number = g.numbers[n % g.numbers.len()];
        let (text, said) = match item.kind {
            Kind::Switch => {
                out.argv.push(item.long());
                out.said.insert(item.key, Said::Typed);
                continue;
            }
            Kind::Number => {
                let n = number % 7;
                (n.to_string(), Said::Count(n as u64))
            }
            Kind::Time => {
                // A go-live may lie ahead; anything else happened already.
                let minutes = if item.future_ok {
                    number - 1500
                } else {
                    -(number + 1)
                };
                let text = if minutes < 0 {
                    format!("{}m ago", -minutes)
                } else {
                    format!("in {minutes}m")
                };
                (text, Said::Minutes(minutes))
            }
            Kind::Line | Kind::Text => (format!("Something about {}", item.label), Said::Typed),
            Kind::Choice(choices) | Kind::List(choices) => {
                (choices[0].value.to_string(), Said::Typed)
            }
            Kind::Date => {
                let text = match item.key {
                    "from" => "2025-01-10",
                    "to" => "2025-06-10",
                    _ => "2027-03-15",
                };
                (text.to_string(), Said::Typed)
            }
            Kind::Year => continue,
            Kind::Count => ("20000".to_string(), Said::Typed),
            Kind::Email => ("ann@acme.example".to_string(), Said::Typed),
            Kind::Host if item.key == "domain" => ("photos.acme.example".to_string(), Said::Typed),
            Kind::Host => ("custom.9pic.ai".to_string(), Said::Typed),
            Kind::EventId => ("evt_1".to_string(), Said::Typed),
            Kind::Reference => ("ref_1".to_string(), Said::Typed),
            Kind::Phone => ("+49 30 1234567".to_string(), Said::Typed),
        };
        out.argv.extend([item.long(), text]);
        out.said.insert(item.key, said);
    }
    out.argv
        .extend(["--details".into(), "The case in a few words".into()]);
    out.argv.push("--force".into());
    out.argv.extend(
        [
            "--org",
            "Acme Events",
            "--login-email",
            LOGIN,
            "--plan",
            plan.value(),
        ]
        .map(String::from),
    );
    out
}

/// Whether `holds` is true of what the command line said.
fn holds(holds: &Holds, c: &Case) -> bool {
    match *holds {
        Holds::Given { items } => items.iter().any(|k| c.said.contains_key(k)),
        Holds::AtLeast { item, min } => {
            matches!(c.said.get(item), Some(Said::Count(n)) if *n >= min)
        }
        Holds::Within {
            item,
            ahead_minutes,
            past_minutes,
        } => matches!(
            c.said.get(item),
            Some(Said::Minutes(m)) if *m > -past_minutes && *m <= ahead_minutes
        ),
        Holds::OnPlans { plans } => plans.contains(&c.plan),
    }
}

/// A sentence as a pattern over the body: `{key}` stands for any words, and
/// wrapping may have turned any space into a line break.
fn pattern(sentence: &str) -> Regex {
    let mut out = String::from("(?s)");
    for (i, part) in sentence.split(['{', '}']).enumerate() {
        if i % 2 == 1 {
            out.push_str(".+?");
        } else {
            let words: Vec<String> = part.split(' ').map(regex::escape).collect();
            out.push_str(&words.join(r"\s+"));
        }
    }
    Regex::new(&out).expect("a claim as a pattern")
}

/// Every (category, situation) pair, a category without situations once.
fn pairs() -> Vec<(&'static Category, Option<&'static Situation>)> {
    CATEGORIES
        .iter()
        .flat_map(|c| {
            if c.situations.is_empty() {
                vec![(c, None)]
            } else {
                c.situations.iter().map(|s| (c, Some(s))).collect()
            }
        })
        .collect()
}

/// Composes `c` and checks each claim: the sentence that holds is there,
/// every other sentence of the claim is not.
fn check(category: &Category, situation: Option<&Situation>, c: &Case) -> Result<(), String> {
    let composed = support::compose_at(&c.argv, Some(&now()))
        .map_err(|r| format!("{:?} refused ({}): {}", c.argv, r.code, r.message))?;
    let body = &composed.email.body;
    for claim in claims_of(category, situation) {
        let true_one = claim
            .cases
            .iter()
            .find(|(h, _)| holds(h, c))
            .map_or(claim.otherwise, |(_, s)| s);
        if !pattern(true_one).is_match(body) {
            return Err(format!(
                "{:?}: the claim {} should say {true_one:?}:\n{body}",
                c.argv, claim.key
            ));
        }
        let others = claim.cases.iter().map(|(_, s)| *s).chain([claim.otherwise]);
        for other in others.filter(|s| *s != true_one) {
            if pattern(other).is_match(body) {
                return Err(format!(
                    "{:?}: claims {other:?}, which the command line does not say:\n{body}",
                    c.argv
                ));
            }
        }
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 24, ..ProptestConfig::default() })]

    /// Every category and situation on every plan, with random optional
    /// inputs: only claims the command line bears out.
    #[test]
    fn forced_emails_claim_only_what_was_said(g in gen_strategy()) {
        for (category, situation) in pairs() {
            for plan in PLANS.iter().filter_map(|p| Plan::parse(p.value)) {
                let c = case(category, situation, plan, &g);
                check(category, situation, &c).map_err(TestCaseError::fail)?;
            }
        }
    }
}

/// The test above sees claims: the catalog has one for each kind of
/// condition, so none of them goes unchecked.
#[test]
fn the_catalog_claims_under_every_kind_of_condition() {
    let conditions: Vec<&'static str> = CATEGORIES
        .iter()
        .flat_map(|c| c.every_claim())
        .flat_map(|claim| claim.cases.iter())
        .map(|(h, _)| match h {
            Holds::Given { .. } => "given",
            Holds::AtLeast { .. } => "at-least",
            Holds::Within { .. } => "within",
            Holds::OnPlans { .. } => "on-plans",
        })
        .collect();
    for kind in ["given", "at-least", "within", "on-plans"] {
        assert!(conditions.contains(&kind), "no claim is {kind}");
    }
}

/// The known false claims under `--force`, one by one.
#[test]
fn forced_emails_say_what_is_true() {
    let payg = |args: &[&str]| {
        let mut v: Vec<String> = args.iter().map(|s| s.to_string()).collect();
        v.extend(
            [
                "--force",
                "--org",
                "Acme Events",
                "--login-email",
                LOGIN,
                "--plan",
                "payg",
            ]
            .map(String::from),
        );
        v
    };
    let pro = |args: &[&str]| {
        let mut v = payg(args);
        let at = v.len() - 1;
        v[at] = "pro".into();
        v
    };
    for (argv, said, not_said) in [
        (
            pro(&[
                "billing",
                "--issue",
                "pending",
                "--payment-id",
                "p1",
                "--when",
                "1h ago",
            ]),
            "I have not clicked Recheck",
            "I clicked Recheck",
        ),
        (
            pro(&[
                "ops",
                "--issue",
                "invite-not-received",
                "--teammate",
                "ann@acme.example",
                "--resends",
                "0",
                "--when",
                "1h ago",
            ]),
            "have not resent it",
            "although we resent it",
        ),
        (
            pro(&[
                "urgent",
                "--event-id",
                "evt_1",
                "--go-live",
                "in 3d",
                "--summary",
                "Broken",
            ]),
            "not on the event day itself",
            "event-day emergency",
        ),
        (
            payg(&["renewal"]),
            "We are on Pay As You Go now",
            "our Pro plan",
        ),
        (
            pro(&["upgrade", "--topic", "creative-tools"]),
            "walk us through the creative tools",
            "moving to Pro",
        ),
    ] {
        let c = support::compose_at(&argv, Some(&now()))
            .unwrap_or_else(|r| panic!("{argv:?}: {}", r.message));
        let body = c
            .email
            .body
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ");
        assert!(
            body.contains(said),
            "{argv:?}: lacks {said:?}:\n{}",
            c.email.body
        );
        assert!(
            !body.contains(not_said),
            "{argv:?}: says {not_said:?}:\n{}",
            c.email.body
        );
    }
}

/// Templates assert a user's action only through a claim: no sentence of
/// our own says "I clicked", "we resent", "we connected", "we tried".
#[test]
fn templates_assert_no_action_outside_claims() {
    let action = Regex::new(
        r"(?i)\b(I|we)\s+(have\s+)?(clicked|rechecked|resent|connected|tried|waited|checked|upgraded)\b",
    )
    .expect("pattern");
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("templates");
    for entry in std::fs::read_dir(&dir).expect("templates/") {
        let path = entry.expect("entry").path();
        let text = std::fs::read_to_string(&path).expect("a template");
        if let Some(m) = action.find(&text) {
            panic!("{}: {:?} outside a claim", path.display(), m.as_str());
        }
    }
}
