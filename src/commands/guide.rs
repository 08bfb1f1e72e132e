//! `guide`: the decision table and the self-serve list, for people (or as JSON).

use serde_json::json;

use crate::catalog::{self, CATEGORIES, Category};
use crate::deliver::stdout::write_stdout;
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
            .map_err(|e| Error::Internal(format!("JSON: {e}")))?;
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
