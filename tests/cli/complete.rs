//! Shell completion and the man pages.
//!
//! - The scripts in `completions/` and the pages in `doc/man/` are exactly what
//!   the CLI generates today (drift tests). After a deliberate CLI change:
//!   `UPDATE_GENERATED=1 cargo test generated` — then read the diff.
//! - Real shells (bash, zsh, fish, elvish; `.ci/apt.d/complete.txt`) load the
//!   checked-in scripts, find `9pic-help` on PATH, and are asked what Tab
//!   offers. Expected enumerated values come from the catalog itself.

use std::path::{Path, PathBuf};
use std::process::Output;

use clap_mangen::roff;
use ninepic_help::catalog::{self, Choice};
use ninepic_help::help;

use crate::support::{Programs, Sandbox};

/// The shells `completions` supports, with the file each script lives in.
const SCRIPTS: &[(&str, &str)] = &[
    ("bash", "9pic-help.bash"),
    ("zsh", "_9pic-help"),
    ("fish", "9pic-help.fish"),
    ("elvish", "9pic-help.elv"),
    ("powershell", "_9pic-help.ps1"),
];

pub(super) fn repo(rel: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join(rel)
}

/// Compares generated files with the checked-in ones in `dir`, or rewrites
/// them under `UPDATE_GENERATED=1`. Stale extra files count as drift too.
fn check_generated(dir: &str, files: &[(String, Vec<u8>)], how: &str) {
    let dir_path = repo(dir);
    if std::env::var_os("UPDATE_GENERATED").is_some() {
        std::fs::create_dir_all(&dir_path).expect("create generated dir");
        for (name, bytes) in files {
            std::fs::write(dir_path.join(name), bytes).expect("write generated file");
        }
    }
    let mut problems = Vec::new();
    for (name, bytes) in files {
        match std::fs::read(dir_path.join(name)) {
            Ok(on_disk) if on_disk == *bytes => {}
            Ok(_) => problems.push(format!("{dir}/{name} differs from what {how} generates")),
            Err(e) => problems.push(format!("{dir}/{name} cannot be read: {e}")),
        }
    }
    let entries = std::fs::read_dir(&dir_path).expect("read generated dir");
    for entry in entries.flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        if !files.iter().any(|(n, _)| *n == name) {
            problems.push(format!("{dir}/{name} is not generated any more: delete it"));
        }
    }
    assert!(
        problems.is_empty(),
        "{}\nregenerate with: UPDATE_GENERATED=1 cargo test generated  (then review the diff)",
        problems.join("\n")
    );
}

#[test]
fn generated_completion_scripts_match_completions_dir() {
    let sandbox = Sandbox::new(Programs::Host);
    let files: Vec<(String, Vec<u8>)> = SCRIPTS
        .iter()
        .map(|(shell, file)| {
            let out = sandbox.run(["completions", shell]);
            (file.to_string(), out.ok().into_bytes())
        })
        .collect();
    check_generated("completions", &files, "`9pic-help completions SHELL`");
}

/// Every man page: `9pic-help.1` and one per visible subcommand, as
/// clap_mangen renders them, with a ticket command's checklist items listed
/// under OPTIONS, and its RULES, EXAMPLES and EXIT STATUS from the same
/// functions as `--help`; the footer names the program.
fn man_pages() -> Vec<(String, Vec<u8>)> {
    fn walk(cmd: clap::Command, out: &mut Vec<(String, Vec<u8>)>) {
        for sub in cmd.get_subcommands().filter(|s| !s.is_hide_set()) {
            walk(sub.clone(), out);
        }
        let category = catalog::find(cmd.get_name())
            .filter(|c| cmd.get_display_name() == Some(&format!("9pic-help-{}", c.name)));
        let cmd = cmd.mut_args(|a| a.hide_short_help(false).hide_long_help(false));
        let man = clap_mangen::Man::new(cmd.clone())
            .source(format!("9pic-help {}", env!("CARGO_PKG_VERSION")))
            .manual("9pic-help manual");
        let mut page = Vec::new();
        man.render_title(&mut page).expect("title");
        man.render_name_section(&mut page).expect("name");
        man.render_synopsis_section(&mut page).expect("synopsis");
        man.render_description_section(&mut page)
            .expect("description");
        if cmd.get_arguments().any(|a| !a.is_hide_set()) {
            man.render_options_section(&mut page).expect("options");
        }
        if cmd.get_subcommands().any(|s| !s.is_hide_set()) {
            man.render_subcommands_section(&mut page)
                .expect("subcommands");
        }
        let mut roff = roff::Roff::new();
        if let Some(category) = category {
            let rules = help::rules(category, 1000);
            roff.control("SH", ["RULES"]);
            for line in rules.lines().skip(1) {
                roff.text([roff::roman(line.trim_start_matches("  - "))]);
                roff.control("br", []);
            }
            roff.control("SH", ["EXAMPLES"]);
            for example in catalog::examples::of(category.id) {
                roff.control("TP", []);
                roff.text([roff::roman(help::example_about(example))]);
                roff.text([roff::bold(help::example_line(example))]);
            }
        }
        roff.control("SH", ["EXIT STATUS"]);
        for (code, meaning) in ninepic_help::error::EXIT_CODES {
            roff.control("TP", []);
            roff.text([roff::bold(code.to_string())]);
            roff.text([roff::roman(*meaning)]);
        }
        roff.to_writer(&mut page).expect("sections");
        man.render_version_section(&mut page).expect("version");
        out.push((man.get_filename(), page));
    }
    let mut cmd = ninepic_help::cli::command().disable_help_subcommand(true);
    cmd.build();
    let mut out = Vec::new();
    walk(cmd, &mut out);
    out.sort();
    out
}

#[test]
fn generated_man_pages_match_doc_man() {
    let pages = man_pages();
    assert!(pages.iter().any(|(n, _)| n == "9pic-help.1"));
    assert!(pages.iter().any(|(n, _)| n == "9pic-help-billing.1"));
    check_generated("doc/man", &pages, "clap_mangen from the CLI definition");
}

#[test]
fn unknown_shell_is_a_usage_error() {
    let out = Sandbox::new(Programs::Host).run(["completions", "tcsh"]);
    let err = out.fails(64);
    assert!(err.contains("bash, elvish, fish, powershell, zsh"), "{err}");
}

/// A sandbox whose PATH finds this build's `9pic-help`, with two saved
/// profiles and a short history in its config and data directories.
pub(super) fn completion_sandbox() -> Sandbox {
    let mut sandbox = Sandbox::new(Programs::Host);
    let bin_dir = Path::new(env!("CARGO_BIN_EXE_9pic-help"))
        .parent()
        .expect("binary has a directory")
        .display()
        .to_string();
    sandbox.env("PATH", format!("{bin_dir}:/usr/local/bin:/usr/bin:/bin"));
    write_state(&sandbox);
    sandbox
}

/// The saved state completion reads, made by the tool itself: two profiles
/// (`acme` the default) and three tickets in the history (IDs 1, 2, 3).
fn write_state(sandbox: &Sandbox) {
    for (name, org, email, plan) in [
        ("acme", "Acme Events", "ops@acme.example", "pro"),
        ("globex", "Globex Weddings", "hi@globex.example", "payg"),
    ] {
        let args = [
            "profile",
            "init",
            name,
            "--org",
            org,
            "--login-email",
            email,
            "--plan",
            plan,
        ];
        sandbox.run(args).ok();
    }
    sandbox.run(["profile", "use", "acme"]).ok();
    let tickets: [&[&str]; 3] = [
        &[
            "ops",
            "--issue",
            "processing-stuck",
            "--event-id",
            "ev_100",
            "--when",
            "1h ago",
        ],
        &["question", "--summary", "Where do I find the invoices page"],
        &[
            "urgent",
            "--event-id",
            "ev_205",
            "--go-live",
            "in 2h",
            "--summary",
            "Gallery down",
        ],
    ];
    for args in tickets {
        sandbox.run(args).ok();
    }
}

/// The subject the history recorded for ticket `id`.
pub(super) fn subject_of(sandbox: &Sandbox, id: &str) -> String {
    let out = sandbox.run(["history", "--json"]).ok();
    let records: serde_json::Value = serde_json::from_str(&out).expect("history --json");
    records["tickets"]
        .as_array()
        .and_then(|a| a.iter().find(|r| r["id"] == id))
        .and_then(|r| r["subject"].as_str())
        .unwrap_or_else(|| panic!("no ticket {id} in the history: {out}"))
        .to_string()
}

fn values(choices: &[Choice]) -> Vec<String> {
    choices.iter().map(|c| c.value.to_string()).collect()
}

/// (command line up to the cursor, expected candidates in order)
fn cases() -> Vec<(&'static str, Vec<String>)> {
    vec![
        ("9pic-help bil", vec!["billing".into()]),
        (
            "9pic-help billing --issue ",
            values(catalog::BILLING_ISSUES),
        ),
        ("9pic-help feature --product ", values(catalog::PRODUCTS)),
        (
            "9pic-help beta --product c",
            vec!["checkout".into(), "certify".into()],
        ),
        ("9pic-help --plan ", values(catalog::PLANS)),
        // Dynamic, from the saved state: profile names (the default first),
        // ticket IDs, and recent event IDs (newest first).
        ("9pic-help --profile ", vec!["acme".into(), "globex".into()]),
        ("9pic-help billing --profile g", vec!["globex".into()]),
        (
            "9pic-help profile use ",
            vec!["acme".into(), "globex".into()],
        ),
        // Ticket IDs in numeric order (tests/cli/complete_saved.rs has ten and more).
        (
            "9pic-help escalate --ticket ",
            vec!["1".into(), "2".into(), "3".into()],
        ),
        (
            "9pic-help history show ",
            vec!["1".into(), "2".into(), "3".into()],
        ),
        (
            "9pic-help ops --event-id ",
            vec!["ev_205".into(), "ev_100".into()],
        ),
    ]
}

/// Runs a shell and returns the candidates it printed, one per line, as
/// (value, description). A shell that is missing fails the test, saying so.
pub(super) fn ask(sandbox: &Sandbox, program: &str, args: &[&str]) -> Vec<(String, String)> {
    let out: Output = sandbox
        .program("timeout")
        .arg("30")
        .arg(program)
        .args(args)
        .output()
        .unwrap_or_else(|e| panic!("cannot run {program} under timeout: {e}"));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        out.status.success(),
        "{program} {args:?} failed ({}); is {program} installed? (.ci/apt.d/complete.txt)\n{stderr}",
        out.status
    );
    String::from_utf8_lossy(&out.stdout)
        .lines()
        .map(|l| match l.split_once('\t') {
            Some((v, d)) => (v.to_string(), d.to_string()),
            None => (l.to_string(), String::new()),
        })
        .collect()
}

/// The values offered for `line`, without their descriptions. Flags are
/// never offered for a word that does not start with `-` when there are
/// values to offer, so none may appear here.
fn offered(_line: &str, found: &[(String, String)]) -> Vec<String> {
    found.iter().map(|(v, _)| v.clone()).collect()
}

fn just_values(found: &[(String, String)]) -> Vec<String> {
    offered("", found)
}

pub(super) fn script(shell: &str) -> String {
    let file = SCRIPTS
        .iter()
        .find(|(s, _)| *s == shell)
        .map(|(_, f)| *f)
        .expect("known shell");
    repo("completions").join(file).display().to_string()
}

#[test]
fn bash_completes_from_checked_in_script() {
    let sandbox = completion_sandbox();
    let driver = repo("tests/shells/bash_complete.sh").display().to_string();
    for (line, expected) in cases() {
        let found = ask(&sandbox, "bash", &[&driver, &script("bash"), line]);
        assert_eq!(offered(line, &found), expected, "bash: `{line}<Tab>`");
    }
}

#[test]
fn zsh_completes_from_checked_in_script_sourced_and_from_fpath() {
    let sandbox = completion_sandbox();
    let driver = repo("tests/shells/zsh_complete.zsh").display().to_string();
    for (line, expected) in cases() {
        let found = ask(
            &sandbox,
            "zsh",
            &["-f", &driver, "source", &script("zsh"), line],
        );
        assert_eq!(
            offered(line, &found),
            expected,
            "zsh (sourced): `{line}<Tab>`"
        );
    }
    // Installed as _9pic-help on $fpath, the very first Tab completes too.
    let found = ask(
        &sandbox,
        "zsh",
        &[
            "-f",
            &driver,
            "fpath",
            &script("zsh"),
            "9pic-help billing --issue ",
        ],
    );
    assert_eq!(
        just_values(&found),
        values(catalog::BILLING_ISSUES),
        "zsh (fpath)"
    );
    // zsh shows each value's description from the catalog.
    let found = ask(
        &sandbox,
        "zsh",
        &[
            "-f",
            &driver,
            "source",
            &script("zsh"),
            "9pic-help feature --product fl",
        ],
    );
    assert_eq!(
        found,
        [("flow".to_string(), catalog::PRODUCTS[1].label.to_string())]
    );
}

#[test]
fn fish_completes_from_checked_in_script_with_descriptions() {
    let sandbox = completion_sandbox();
    for (line, expected) in cases() {
        let command = format!("source {}; complete -C '{line}'", script("fish"));
        let found = ask(&sandbox, "fish", &["--no-config", "-c", &command]);
        assert_eq!(offered(line, &found), expected, "fish: `{line}<Tab>`");
    }
    // Ticket IDs carry their subjects, event IDs the ticket they came from.
    let subject = subject_of(&sandbox, "3");
    let command = format!(
        "source {}; complete -C '9pic-help escalate --ticket 3'",
        script("fish")
    );
    let found = ask(&sandbox, "fish", &["--no-config", "-c", &command]);
    assert_eq!(found, [("3".to_string(), subject.clone())]);
    let command = format!(
        "source {}; complete -C '9pic-help ops --event-id ev_2'",
        script("fish")
    );
    let found = ask(&sandbox, "fish", &["--no-config", "-c", &command]);
    assert_eq!(
        found,
        [("ev_205".to_string(), format!("ticket 3: {subject}"))]
    );
}

#[test]
fn elvish_completer_from_checked_in_script_answers() {
    // Non-interactive elvish has no line editor, so the script's completer
    // closure is bound to a variable instead of edit:completion:arg-completer
    // and called the way the editor calls it.
    let sandbox = completion_sandbox();
    let text = std::fs::read_to_string(script("elvish")).expect("read elvish script");
    let registration = "set edit:completion:arg-completer[9pic-help] = ";
    assert!(
        text.contains(registration),
        "unexpected elvish script:\n{text}"
    );
    let program = text.replace(registration, "var complete~ = ");
    for (line, expected) in cases() {
        let mut words: Vec<String> = line.split_whitespace().map(|w| format!("'{w}'")).collect();
        if line.ends_with(' ') {
            words.push("''".into());
        }
        let path = sandbox.file(
            "complete.elv",
            format!("{program}\ncomplete {}\n", words.join(" ")).as_bytes(),
        );
        let found = ask(&sandbox, "elvish", &[&path.display().to_string()]);
        assert_eq!(offered(line, &found), expected, "elvish: `{line}<Tab>`");
    }
}

#[test]
fn list_values_already_given_are_not_offered_again() {
    let sandbox = completion_sandbox();
    let driver = repo("tests/shells/bash_complete.sh").display().to_string();
    let line = "9pic-help enterprise --products checkout,nda,";
    let found = ask(&sandbox, "bash", &[&driver, &script("bash"), line]);
    let expected: Vec<String> = catalog::CATEGORIES
        .iter()
        .find(|c| c.name == "enterprise")
        .and_then(|c| c.item("products"))
        .map(|i| i.kind.choices())
        .unwrap_or_default()
        .iter()
        .filter(|c| !["checkout", "nda"].contains(&c.value))
        .map(|c| format!("checkout,nda,{}", c.value))
        .collect();
    assert!(expected.len() > 3, "enterprise --products has its values");
    assert_eq!(just_values(&found), expected, "bash: `{line}<Tab>`");
}
