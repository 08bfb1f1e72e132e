//! `schema`: every category's checklist as JSON, for scripts.

use serde_json::json;

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
        "common_flags": ["--details", "--details-file", "--tried", "--attach", "--cc", "--force"],
        "identity_flags": ["--org", "--login-email", "--plan", "--sender-name"],
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
            "rules": c.rules,
        })).collect::<Vec<_>>(),
    });
    let mut s =
        serde_json::to_string_pretty(&doc).map_err(|e| Error::Internal(format!("JSON: {e}")))?;
    s.push('\n');
    write_stdout(s.as_bytes())
}
