//! `guide` and `schema`: the catalog, printed for people and for scripts.

use serde_json::json;

use crate::catalog::flags::{self, Flag};
use crate::catalog::{self, CATEGORIES, Category};
use crate::deliver::write_stdout;
use crate::error::Error;

fn situations(c: &Category) -> Vec<&'static str> {
    c.situation_key
        .and_then(|k| c.item(k))
        .map(|i| i.kind.choices().iter().map(|ch| ch.value).collect())
        .unwrap_or_default()
}

/// Prints the decision table and the self-serve list.
pub fn guide(as_json: bool) -> Result<(), Error> {
    if as_json {
        let rows: Vec<_> = CATEGORIES
            .iter()
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
        let self_serve: Vec<_> = catalog::SELF_SERVE
            .iter()
            .map(|s| {
                json!({
                    "task": s.task,
                    "where": s.where_,
                    "docs": format!("{}{}", catalog::DOCS_URL, s.docs),
                })
            })
            .collect();
        let doc = json!({
            "schema": "9pic-help.guide/1",
            "decision_table": rows,
            "self_serve": self_serve,
            "notes": [
                catalog::DISCOUNT_NOTE,
                catalog::self_serve::PHONE_NOTE,
            ],
            "in_product": catalog::IN_PRODUCT_SUPPORT,
            "contact_form": catalog::CONTACT_FORM_URL,
            "docs": catalog::DOCS_URL,
        });
        let mut s = serde_json::to_string_pretty(&doc)
            .map_err(|e| Error::Data(format!("internal: JSON: {e}")))?;
        s.push('\n');
        return write_stdout(s.as_bytes());
    }

    let mut out = String::from("Which command for which situation\n\n");
    for c in CATEGORIES {
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
        "Already in the dashboard? Its Support entry ({}) reaches the same inbox with your\norg filled in.\n\n",
        catalog::IN_PRODUCT_SUPPORT
    ));
    out.push_str("Do it yourself instead (emailing only slows these down)\n\n");
    let width = catalog::SELF_SERVE
        .iter()
        .map(|s| s.task.len())
        .max()
        .unwrap_or(0);
    for s in catalog::SELF_SERVE {
        out.push_str(&format!(
            "  {:width$}  {}  ({}{})\n",
            s.task,
            s.where_,
            catalog::DOCS_URL,
            s.docs
        ));
    }
    out.push_str(&format!(
        "\n{}\nPhone calls happen only in Enterprise conversations; email is the fastest way otherwise.\n",
        catalog::DISCOUNT_NOTE
    ));
    write_stdout(out.as_bytes())
}

/// Prints the checklist schema of every category, or of one.
pub fn schema(category: Option<&str>) -> Result<(), Error> {
    let categories: Vec<&Category> = match category {
        None => CATEGORIES.iter().collect(),
        Some(name) => vec![catalog::find(name).ok_or_else(|| {
            Error::Usage(format!(
                "no category \"{name}\"; use one of: {}",
                CATEGORIES
                    .iter()
                    .map(|c| c.name)
                    .collect::<Vec<_>>()
                    .join(", ")
            ))
        })?],
    };
    let doc = json!({
        "schema": "9pic-help.schema/1",
        "common_flags": flags_json(flags::COMMON),
        "identity_flags": flags_json(flags::IDENTITY),
        "output_flags": flags_json(flags::OUTPUT),
        "categories": categories.iter().map(|c| json!({
            "name": c.name,
            "aliases": c.aliases,
            "about": c.about,
            "when_to_use": c.when_to_use,
            "channel": c.channel,
            "to": c.channel.address(),
            "urgent": c.urgent,
            "situation_key": c.situation_key,
            "items": c.items.iter().map(|i| json!({
                "key": i.key,
                "flag": i.long(),
                "label": i.label,
                "help": i.help,
                "kind": i.kind,
                "need": i.need,
                "in_subject": i.in_subject,
            })).collect::<Vec<_>>(),
            "rules": c.rules_in_words,
            "checks": c.rules,
            "situations": c.situations,
        })).collect::<Vec<_>>(),
    });
    let mut s = serde_json::to_string_pretty(&doc)
        .map_err(|e| Error::Data(format!("internal: JSON: {e}")))?;
    s.push('\n');
    write_stdout(s.as_bytes())
}

/// Flags from the catalog's flag table, as `schema` describes them.
fn flags_json(list: &[Flag]) -> Vec<serde_json::Value> {
    list.iter()
        .map(|f| {
            json!({
                "flag": f.long(),
                "value_name": f.value_name,
                "help": f.help,
                "takes": f.takes,
                "values": f.choices,
                "conflicts": f.conflicts.iter().map(|c| format!("--{c}")).collect::<Vec<_>>(),
            })
        })
        .collect()
}
