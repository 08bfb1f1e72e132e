//! The test that no line of our own prose reads like a mail header, for
//! every template and situation. It lives here, above compose, because it
//! builds its tickets from the catalog's examples through the command line
//! and the draft, as a run does.

use jiff::Zoned;

use crate::catalog::Kind;
use crate::compose::checklist::Ticket;
use crate::compose::render;
use crate::error::Error;

/// The ticket `args` (after `9pic-help`) asks for, checked, or why not.
fn ticket(args: &[&str], plan: &str, now: &Zoned) -> Result<Ticket, Error> {
    let mut argv: Vec<std::ffi::OsString> = args.iter().map(Into::into).collect();
    argv.extend(
        [
            "--org",
            "Acme",
            "--login-email",
            "ops@acme.example",
            "--plan",
            plan,
        ]
        .map(Into::into),
    );
    let (identity, _, input) = crate::options::ticket_argv(&argv)?;
    let draft = crate::resolve::draft::draft(&identity, input, None, None, now)?;
    Ok(crate::compose::checklist::validate(draft, now)?.0)
}

/// The flag and a plausible value for the item behind `flag`.
fn sample(category: &crate::catalog::Category, flag: &str) -> Vec<String> {
    let Some(item) = category.items.iter().find(|i| i.long() == flag) else {
        return vec![flag.into(), "Some words about it.".into()];
    };
    let value = match item.kind {
        Kind::Switch => return vec![flag.into()],
        Kind::Choice(c) | Kind::List(c) => c.first().map_or("x", |c| c.value),
        Kind::Text => "Some words about it.",
        Kind::Time => "20m ago",
        Kind::Date => "2027-01-15",
        Kind::Year => "2027",
        Kind::Count => "50k",
        Kind::Number => "3",
        Kind::Email => "a@acme.example",
        Kind::Host => "photos.acme.example",
        Kind::EventId => "evt_123",
        Kind::Phone => "+49 30 1234567",
        _ => "ref_123",
    };
    vec![flag.into(), value.into()]
}

/// No line of our own prose reads like a mail header, in any template,
/// for any situation, whether attachments travel or are listed: every
/// value the user typed is masked, so what is left is the templates'.
/// (A run does not check this: it depends on the templates only.)
#[test]
fn our_prose_never_reads_like_a_header() {
    use crate::catalog::{self, examples};
    let now = Zoned::now();
    for category in catalog::CATEGORIES {
        let situations: Vec<Option<&str>> = match category.situation_key {
            Some(_) => category.situations.iter().map(|s| Some(s.value)).collect(),
            None => vec![None],
        };
        let flag = category
            .situation_key
            .and_then(|k| category.item(k))
            .map(|i| i.long());
        for situation in situations {
            // Each example of the category, with this situation in place of its own.
            let tickets: Vec<Ticket> = examples::of(category.id)
                .filter_map(|e| {
                    let mut args: Vec<&str> = e.args.to_vec();
                    if let (Some(flag), Some(value)) = (&flag, situation) {
                        match args.iter().position(|a| a == flag) {
                            Some(i) if i + 1 < args.len() => args[i + 1] = value,
                            _ => args.extend([flag.as_str(), value]),
                        }
                    }
                    // Another situation may need items its example lacks: add them.
                    let mut extra: Vec<String> = Vec::new();
                    for _ in 0..3 {
                        let mut all = args.clone();
                        all.extend(extra.iter().map(String::as_str));
                        match ticket(&all, e.plan.value(), &now) {
                            Ok(t) => return Some(t),
                            Err(Error::Problems(p)) => p.0.iter().for_each(|p| {
                                if !extra.contains(&p.flag) {
                                    extra.extend(sample(category, &p.flag));
                                }
                            }),
                            Err(_) => return None,
                        }
                    }
                    None
                })
                .collect();
            assert!(
                !tickets.is_empty(),
                "no example of {} composes as {situation:?}; add one",
                category.name
            );
            for t in &tickets {
                for travel in [false, true] {
                    let view = render::View {
                        attachments_travel: travel,
                    };
                    let prose = render::prose_only(t, &now, view)
                        .unwrap_or_else(|e| panic!("{}: {e}", category.name));
                    let line = render::header_like_line(&prose);
                    assert_eq!(line, None, "{} {situation:?}:\n{prose}", category.name);
                }
            }
        }
    }
}
