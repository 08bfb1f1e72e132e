//! The exit-code table is the same in README.md and in `9pic-help --help`.

use std::collections::BTreeSet;

use crate::support::{Programs, Sandbox};

/// The codes in the README's "## Exit codes" table (`| 64 | usage … |`).
fn readme_codes() -> BTreeSet<u8> {
    let readme = include_str!("../../README.md");
    let section = readme
        .split("\n## Exit codes")
        .nth(1)
        .expect("README has an `## Exit codes` section");
    let section = section.split("\n## ").next().unwrap_or(section);
    section
        .lines()
        .filter_map(|l| l.strip_prefix('|'))
        .filter_map(|l| l.split('|').next())
        .filter_map(|cell| cell.trim().parse().ok())
        .collect()
}

/// The codes under `Exit codes:` in `--help` (`  64   usage: …`).
fn help_codes(help: &str) -> BTreeSet<u8> {
    let section = help
        .split("Exit codes:")
        .nth(1)
        .expect("--help has an `Exit codes:` section");
    section
        .lines()
        .skip(1)
        .take_while(|l| l.starts_with(' '))
        .filter_map(|l| l.split_whitespace().next())
        .filter_map(|code| code.parse().ok())
        .collect()
}

#[test]
fn readme_and_help_list_the_same_exit_codes() {
    let help = Sandbox::new(Programs::System).run(["--help"]).ok();
    let readme = readme_codes();
    let shown = help_codes(&help);
    assert!(readme.contains(&0) && readme.contains(&65), "{readme:?}");
    assert_eq!(
        readme, shown,
        "README.md's exit-code table and `9pic-help --help` disagree"
    );
}
