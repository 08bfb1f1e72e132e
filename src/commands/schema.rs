//! `schema`: every ticket command's flags and checklist as JSON, for scripts,
//! from the same catalog data that builds the command line.

use serde_json::json;

use crate::catalog::flags::{self, Flag};
use crate::catalog::{self, CATEGORIES, Category};
use crate::deliver::stdout::write_stdout;
use crate::error::Error;

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
    let mut s =
        serde_json::to_string_pretty(&doc).map_err(|e| Error::Internal(format!("JSON: {e}")))?;
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
