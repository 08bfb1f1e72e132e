//! Help as a newcomer reads it: a ticket command's `--help` starts with its
//! checklist, then its rules, examples and exit codes; its usage names the
//! required flags; every example works; side commands show and take only
//! their own flags (`--json`, never `--format`).

use ninepic_help::catalog::{self, Need, examples};
use ninepic_help::error::EXIT_CODES;

use crate::support::{self, PROFILE_INIT, Programs, Sandbox};

/// Where `needle` starts in `text`, failing the test when it is missing.
#[track_caller]
fn at(text: &str, needle: &str) -> usize {
    text.find(needle)
        .unwrap_or_else(|| panic!("help lacks {needle:?}:\n{text}"))
}

#[test]
fn ticket_help_starts_with_the_checklist_then_rules_examples_and_exit_codes() {
    let sb = Sandbox::new(Programs::Host);
    for category in catalog::CATEGORIES {
        let help = sb.run([category.name, "--help"]).ok();
        let name = category.name;
        let checklist = at(&help, "Checklist");
        let rules = at(&help, "Rules:");
        let examples = at(&help, "Examples:");
        let options = at(&help, "Ticket options:");
        let exit = at(&help, "Exit codes:");
        assert!(
            checklist < rules && rules < examples && examples < options && options < exit,
            "{name}: sections out of order:\n{help}"
        );
        // Nothing but the about line and the usage comes before the checklist.
        let before: Vec<&str> = help[..checklist]
            .lines()
            .filter(|l| !l.is_empty())
            .collect();
        assert_eq!(before.len(), 2, "{name}: before the checklist: {before:?}");
        // Required items first, each with its flag.
        for item in category.items {
            let pos = at(&help[checklist..rules], &format!("  {}", item.long()));
            let optional = matches!(item.need, Need::Optional);
            let first_optional = help[checklist..rules]
                .find("Checklist, optional:")
                .unwrap_or(usize::MAX);
            assert_eq!(
                optional,
                pos > first_optional,
                "{name}: {} misplaced",
                item.long()
            );
        }
        for rule in category.rules_in_words {
            let first_words: String = rule
                .split_whitespace()
                .take(3)
                .collect::<Vec<_>>()
                .join(" ");
            let flat = help[rules..examples]
                .split_whitespace()
                .collect::<Vec<_>>()
                .join(" ");
            assert!(flat.contains(&first_words), "{name}: rule {rule:?} missing");
        }
        let example_lines = help[examples..options]
            .lines()
            .filter(|l| l.starts_with(&format!("  9pic-help {name}")))
            .count();
        assert!(
            example_lines >= 3,
            "{name}: {example_lines} examples:\n{help}"
        );
        for (code, _) in EXIT_CODES {
            assert!(
                help[exit..].contains(&format!("  {code} ")),
                "{name}: exit code {code}"
            );
        }
        // The usage line names every flag each ticket needs.
        let usage = help
            .lines()
            .find(|l| l.starts_with("Usage: "))
            .unwrap_or_else(|| panic!("{name}: no usage line"));
        assert!(
            usage.starts_with(&format!("Usage: 9pic-help {name}")),
            "{usage}"
        );
        for item in category
            .items
            .iter()
            .filter(|i| matches!(i.need, Need::Required))
        {
            assert!(
                usage.contains(&item.long()),
                "{name}: usage lacks {}: {usage}",
                item.long()
            );
        }
    }
    let billing = sb.run(["billing", "--help"]).ok();
    assert!(
        billing.contains("Usage: 9pic-help billing --issue <VALUE> [OPTIONS]"),
        "{billing}"
    );
    let escalate = sb.run(["escalate", "-h"]).ok();
    assert!(
        escalate.contains("(--last | --ticket <ID> | --subject <TEXT>)"),
        "{escalate}"
    );
}

#[test]
fn wrapped_rule_lines_hang_under_their_dash() {
    let sb = Sandbox::new(Programs::Host).with_env("COLUMNS", "60");
    let help = sb.run(["billing", "--help"]).ok();
    let rules = &help[at(&help, "Rules:")..at(&help, "Goes to:")];
    let mut continued = 0;
    for line in rules.lines().skip(1) {
        assert!(line.chars().count() <= 60, "too wide: {line:?}");
        assert!(
            line.starts_with("  - ") || line.starts_with("    "),
            "no hanging indent: {line:?}"
        );
        continued += usize::from(line.starts_with("    "));
    }
    assert!(continued > 0, "no rule wrapped at 60 columns:\n{rules}");
}

#[test]
fn every_example_composes_or_is_refused_as_it_says() {
    for example in examples::EXAMPLES {
        let mut argv: Vec<&str> = example.args.to_vec();
        argv.extend([
            "--org",
            "Acme Events",
            "--login-email",
            "ops@acme.example",
            "--plan",
            example.plan.value(),
        ]);
        match (support::compose(&argv), example.refused) {
            (Ok(_), None) => {}
            (Err(r), Some(_)) if r.code == 65 => {}
            (Ok(_), Some(why)) => panic!("{argv:?} composed, but help says refused: {why}"),
            (Err(r), _) => panic!("{argv:?} failed ({}): {}", r.code, r.message),
        }
    }
    for category in catalog::CATEGORIES {
        let n = examples::of(category.id).count();
        assert!(n >= 3, "{} has {n} examples", category.name);
    }
}

/// Side commands and a line that runs each.
const SIDE: &[&[&str]] = &[
    &["guide"],
    &["doctor"],
    &["history"],
    &["profile", "list"],
    &["profile", "show"],
    &["profile", "path"],
    &["outbox", "list"],
];

#[test]
fn side_commands_refuse_format_and_print_json_with_json() {
    let sb = Sandbox::new(Programs::Host);
    sb.run(PROFILE_INIT).ok();
    for args in SIDE {
        let mut with_format = args.to_vec();
        with_format.extend(["--format", "json"]);
        let err = sb.run(&with_format).fails(64).to_string();
        assert!(err.contains("--format"), "{with_format:?}: {err}");
        let before: Vec<&str> = ["--format", "json"]
            .iter()
            .chain(args.iter())
            .copied()
            .collect();
        let err = sb.run(&before).fails(64).to_string();
        assert!(err.contains("--json"), "{before:?}: {err}");
        let mut with_json = args.to_vec();
        with_json.push("--json");
        let out = sb.run(&with_json);
        assert!(
            out.code == 0 || (args == &["doctor"] && out.code != 64),
            "{with_json:?}: {}",
            out.stderr
        );
        serde_json::from_slice::<serde_json::Value>(&out.stdout)
            .unwrap_or_else(|e| panic!("{with_json:?} is not JSON ({e}): {}", out.stdout()));
    }
}

#[test]
fn side_command_help_shows_only_their_own_flags() {
    let sb = Sandbox::new(Programs::Host);
    let ticket_only = [
        "--format",
        "--open",
        "--send",
        "--edit",
        "--stdout",
        "--details",
        "--attach",
        "--cc ",
        "--force",
        "--no-redact",
        "--no-history",
        "--tried",
    ];
    let mut lines: Vec<Vec<&str>> = SIDE.iter().map(|a| a.to_vec()).collect();
    lines.extend([
        vec!["schema"],
        vec!["completions"],
        vec!["history", "show"],
        vec!["profile", "use"],
        vec!["profile", "set"],
        vec!["outbox", "send"],
        vec!["outbox", "drop"],
    ]);
    for args in lines {
        let mut with_help = args.clone();
        with_help.push("--help");
        let help = sb.run(&with_help).ok();
        for flag in ticket_only {
            // A retried send is recorded in the history, unless told not to.
            if args == ["outbox", "send"] && flag == "--no-history" {
                continue;
            }
            assert!(
                !help.contains(flag),
                "{args:?} --help shows {flag}:\n{help}"
            );
        }
        if !matches!(args[..], ["profile", "init"] | ["guide"]) {
            assert!(!help.contains("--plan"), "{args:?} --help shows --plan");
        }
    }
    let init = sb.run(["profile", "init", "--help"]).ok();
    for flag in ["--org", "--login-email", "--plan", "--timezone"] {
        assert!(init.contains(flag), "profile init --help lacks {flag}");
    }
    assert!(
        !init.contains("--format")
            && !init
                .lines()
                .any(|l| l.split_whitespace().next() == Some("--send")),
        "{init}"
    );
}

#[test]
fn top_level_help_names_the_delivery_flags_with_an_example() {
    let help = Sandbox::new(Programs::Host).run(["--help"]).ok();
    for flag in [
        "--open",
        "--send",
        "--edit",
        "--format",
        "--details",
        "--attach",
        "--tried",
    ] {
        assert!(help.contains(flag), "--help lacks {flag}");
    }
    assert!(
        help.contains("  9pic-help billing --issue pending"),
        "{help}"
    );
}

#[test]
fn profile_init_problems_speak_of_the_profile() {
    let err = Sandbox::new(Programs::Host)
        .run(["profile", "init", "p3", "--org", "X"])
        .fails(64)
        .to_string();
    assert!(err.contains("1 problem with this profile"), "{err}");
    assert!(
        err.contains("the profile needs the address you log in to 9Pic with"),
        "{err}"
    );
    assert!(!err.contains("ticket") && !err.contains("its the"), "{err}");
}

#[test]
fn doctor_ends_with_a_count_of_warnings_and_problems() {
    let out = Sandbox::new(Programs::Host).run(["doctor"]);
    let report = out.stdout();
    let last = report.lines().last().unwrap_or_default().to_string();
    let warnings = report.lines().filter(|l| l.starts_with("[warn]")).count();
    let problems = report.lines().filter(|l| l.starts_with("[FAIL]")).count();
    let plural = |n: usize, w: &str| format!("{n} {w}{}", if n == 1 { "" } else { "s" });
    assert_eq!(
        last,
        format!(
            "{}, {}",
            plural(warnings, "warning"),
            plural(problems, "problem")
        ),
        "{report}"
    );
    assert!(!report.contains("No problems found"), "{report}");
}
