//! Every flag `9pic-help CATEGORY --help` shows is described by
//! `9pic-help schema CATEGORY`, for every category.

use std::collections::BTreeSet;

use crate::support::{Programs, Sandbox};

/// The long flags of the option lines in a help text (`  -q, --quiet`).
fn help_flags(help: &str) -> BTreeSet<String> {
    help.lines()
        .filter_map(|l| {
            let l = l.trim_start();
            let l = match l.strip_prefix('-') {
                Some(rest) if !rest.starts_with('-') => rest.split_once(", ")?.1,
                _ => l,
            };
            let flag = l.strip_prefix("--")?;
            let end = flag
                .find(|c: char| !(c.is_ascii_alphanumeric() || c == '-'))
                .unwrap_or(flag.len());
            Some(format!("--{}", &flag[..end]))
        })
        .filter(|f| !["--help", "--version", "--"].contains(&f.as_str()))
        .collect()
}

/// Every `"flag"` value anywhere in a schema document.
fn schema_flags(doc: &serde_json::Value, out: &mut BTreeSet<String>) {
    match doc {
        serde_json::Value::Object(map) => {
            for (k, v) in map {
                if k == "flag"
                    && let Some(s) = v.as_str()
                {
                    out.insert(s.to_string());
                }
                schema_flags(v, out);
            }
        }
        serde_json::Value::Array(items) => items.iter().for_each(|v| schema_flags(v, out)),
        _ => {}
    }
}

#[test]
fn schema_describes_every_flag_help_shows() {
    let sb = Sandbox::new(Programs::System);
    let mut missing = Vec::new();
    for category in ninepic_help::catalog::CATEGORIES {
        let help = sb.run([category.name, "--help"]).ok();
        let shown = help_flags(&help);
        assert!(
            shown.len() > 3,
            "{}: no flags read from --help",
            category.name
        );
        let out = sb.run(["schema", category.name]).ok();
        let doc: serde_json::Value = serde_json::from_str(&out).expect("schema is JSON");
        let mut described = BTreeSet::new();
        schema_flags(&doc, &mut described);
        let lacking: Vec<&String> = shown.difference(&described).collect();
        if !lacking.is_empty() {
            missing.push(format!("{}: {lacking:?}", category.name));
        }
    }
    assert!(
        missing.is_empty(),
        "flags `CATEGORY --help` shows that `schema CATEGORY` does not describe:\n{}",
        missing.join("\n")
    );
}
