//! `guide`: the decision table, the self-serve list, the answers the guides
//! already give and the phrases `question` turns back, for the org's plan
//! (the profile's, `--plan` overrides), for people or as JSON.

use serde_json::json;

use crate::catalog::{
    self, CATEGORIES, Category, CategoryId, KNOWN_ANSWERS, Plan, SELF_SERVE, SelfServe, self_serve,
};
use crate::deliver::stdout::write_stdout;
use crate::error::Error;
use crate::options::Options;
use crate::resolve::saved;

fn situations(c: &Category) -> Vec<&'static str> {
    c.situation_key
        .and_then(|k| c.item(k))
        .map(|i| i.kind.choices().iter().map(|ch| ch.value).collect())
        .unwrap_or_default()
}

/// The plan the guide is for: `--plan`, else the profile's (best effort: a
/// guide is still useful when the profile cannot be read), else none.
pub fn plan(options: &Options) -> Option<Plan> {
    let flag = options
        .identity
        .plan
        .as_ref()
        .and_then(|p| Plan::parse(&p.to_string_lossy()));
    flag.or_else(|| {
        let (_, profile) = saved::profile(options).ok().flatten()?;
        profile.plan.as_deref().and_then(Plan::parse)
    })
}

/// Whether a category's row belongs in the guide for `plan`: `upgrade` only
/// on Pay As You Go, `renewal` only where there is a plan to renew.
fn shown(c: &Category, plan: Option<Plan>) -> bool {
    match (c.id, plan) {
        (CategoryId::Upgrade, Some(p)) => p == Plan::Payg,
        (CategoryId::Renewal, Some(p)) => p != Plan::Payg,
        _ => true,
    }
}

/// The self-serve tasks on `plan` (every task when the plan is unknown).
fn tasks(plan: Option<Plan>) -> impl Iterator<Item = &'static SelfServe> {
    SELF_SERVE
        .iter()
        .filter(move |s| plan.is_none_or(|p| s.plans.contains(&p)))
}

/// Notes that depend on the plan.
fn plan_notes(plan: Option<Plan>) -> Vec<&'static str> {
    match plan {
        Some(Plan::Payg) => vec![self_serve::PAYG_DOMAIN_NOTE],
        Some(Plan::Enterprise) => vec![self_serve::ENTERPRISE_NOTE],
        _ => Vec::new(),
    }
}

/// Prints the guide.
pub fn run(options: &Options, as_json: bool) -> Result<u8, Error> {
    let plan = plan(options);
    let out = if as_json {
        json_guide(plan)?
    } else {
        text_guide(plan)
    };
    write_stdout(out.as_bytes()).map(|()| 0)
}

fn json_guide(plan: Option<Plan>) -> Result<String, Error> {
    let rows: Vec<_> = CATEGORIES
        .iter()
        .filter(|c| shown(c, plan))
        .map(|c| {
            json!({
                "command": format!("9pic-help {}", c.name),
                "category": c.name,
                "situation": c.when_to_use,
                "situations": situations(c),
                "channel": c.channel,
                "to": c.channel.address(),
                "expected_response": c.expected_in_words(),
            })
        })
        .collect();
    let self_serve: Vec<_> = tasks(plan)
        .map(|s| {
            json!({
                "task": s.task,
                "where": s.where_,
                "docs": format!("{}{}", catalog::DOCS_URL, s.docs),
                "plans": s.plans.iter().map(|p| p.value()).collect::<Vec<_>>(),
                "phrases": s.phrases,
            })
        })
        .collect();
    let known: Vec<_> = KNOWN_ANSWERS
        .iter()
        .map(|a| json!({"question": a.question, "answer": a.answer, "phrases": a.phrases}))
        .collect();
    let mut notes = vec![catalog::DISCOUNT_NOTE, self_serve::PHONE_NOTE];
    notes.extend(plan_notes(plan));
    let doc = json!({
        "schema": "9pic-help.guide/2",
        "plan": plan.map(Plan::value),
        "decision_table": rows,
        "self_serve": self_serve,
        "known_answers": known,
        "phrases_match": "case-insensitive regular expressions over the summary and details of `question`, white space collapsed",
        "notes": notes,
        "in_product": catalog::IN_PRODUCT_SUPPORT,
        "contact_form": catalog::CONTACT_FORM_URL,
        "docs": catalog::DOCS_URL,
    });
    let mut s =
        serde_json::to_string_pretty(&doc).map_err(|e| Error::Internal(format!("JSON: {e}")))?;
    s.push('\n');
    Ok(s)
}

fn text_guide(plan: Option<Plan>) -> String {
    let mut out = match plan {
        Some(p) => format!(
            "Which command for which situation (plan: {})\n\n",
            p.label()
        ),
        None => "Which command for which situation (every plan; --plan picks one)\n\n".into(),
    };
    for c in CATEGORIES.iter().filter(|c| shown(c, plan)) {
        out.push_str(&format!("9pic-help {}", c.name));
        let sits = situations(c);
        if let (Some(key), false) = (c.situation_key, sits.is_empty()) {
            out.push_str(&format!(" --{key} {}", sits.join("|")));
        }
        out.push('\n');
        out.push_str(&format!("    for:      {}\n", c.when_to_use));
        out.push_str(&format!("    goes to:  {}\n", c.route_in_words()));
        out.push_str(&format!("    answer:   {}\n\n", c.expected_in_words()));
    }
    out.push_str(&format!(
        "For an issue on one dashboard page, the dashboard's own Support link ({}) reaches\n\
         the same inbox with your org and the page filled in.\n\n",
        catalog::IN_PRODUCT_SUPPORT
    ));
    out.push_str("Do it yourself instead (emailing only slows these down)\n\n");
    let width = tasks(plan).map(|s| s.task.len()).max().unwrap_or(0);
    for s in tasks(plan) {
        out.push_str(&format!(
            "  {:width$}  {}  ({}{})\n",
            s.task,
            s.where_,
            catalog::DOCS_URL,
            s.docs
        ));
        if plan.is_none() && s.plans.len() < Plan::ALL.len() {
            out.push_str(&format!(
                "  {:width$}  on {} only\n",
                "",
                catalog::plans::labels(s.plans)
            ));
        }
    }
    for note in plan_notes(plan) {
        out.push_str(&format!("\n{note}\n"));
    }
    out.push_str("\nAnswers the guides already give\n\n");
    for a in KNOWN_ANSWERS {
        out.push_str(&format!("  {}\n    {}\n", a.question, a.answer));
    }
    out.push_str(
        "\n`9pic-help question` turns back a summary or details that ask for one of the\n\
         above (--force sends it anyway). The phrases it looks for (case-insensitive):\n\n",
    );
    for (name, phrases) in tasks(plan)
        .map(|s| (s.task, s.phrases))
        .chain(KNOWN_ANSWERS.iter().map(|a| (a.question, a.phrases)))
    {
        out.push_str(&format!("  {name}\n"));
        for p in phrases {
            out.push_str(&format!("    {p}\n"));
        }
    }
    out
}
