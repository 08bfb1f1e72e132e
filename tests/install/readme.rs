//! The README as a newcomer reads it: its first command composes a ticket and
//! saves nothing, its completion and man-page steps work in a fresh HOME as
//! written, its JSON example has the real output's fields and values, every
//! `cargo install` is `--locked`, and every package the tests install is named.

use std::collections::BTreeSet;
use std::path::Path;
use std::process::Command;

use serde_json::Value;

use crate::support::{Programs, Sandbox, bin, fixture, require, show, stdout};

const README: &str = include_str!("../../README.md");
const REPO: &str = env!("CARGO_MANIFEST_DIR");

/// The shell lines of the first fenced block after `marker`.
fn block_after(marker: &str) -> &'static str {
    README
        .split(marker)
        .nth(1)
        .and_then(|s| s.split("```").nth(1))
        .unwrap_or_else(|| panic!("README has no code block after {marker:?}"))
}

/// Words of a shell command line, split by bash itself.
fn shell_words(line: &str) -> Vec<String> {
    let out = Command::new(require("bash", "bash"))
        .arg("-c")
        .arg(format!("printf '%s\\0' {line}"))
        .output()
        .expect("run bash");
    assert!(out.status.success(), "bash could not split {line:?}");
    stdout(&out)
        .split_terminator('\0')
        .map(str::to_string)
        .collect()
}

/// The arguments the README's first command passes to 9pic-help.
fn first_command_args() -> Vec<String> {
    let block = block_after("# 9pic-help").replace("\\\n", " ");
    let line = block
        .lines()
        .find(|l| l.starts_with("cargo run"))
        .expect("the README's first block has a `cargo run` line");
    let (_, args) = line
        .split_once(" -- ")
        .expect("`cargo run … -- ARGS` in the first block");
    shell_words(args)
}

/// Files under `dir`, recursively.
fn files_under(dir: &Path) -> Vec<String> {
    let mut found = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for entry in std::fs::read_dir(&d).into_iter().flatten().flatten() {
            let p = entry.path();
            if p.is_dir() {
                stack.push(p);
            } else {
                found.push(p.display().to_string());
            }
        }
    }
    found
}

#[test]
fn readme_first_command_composes_with_no_profile_and_saves_nothing() {
    let args = first_command_args();
    assert!(args.iter().any(|a| a == "--no-history"), "{args:?}");
    // A fresh HOME: the platform's default directories, nothing set up.
    let mut sandbox = Sandbox::new(Programs::System);
    for var in [
        "NINEPIC_HELP_CONFIG_DIR",
        "NINEPIC_HELP_DATA_DIR",
        "XDG_CONFIG_HOME",
        "XDG_DATA_HOME",
    ] {
        sandbox.env_remove(var);
    }
    sandbox.env_remove("SOURCE_DATE_EPOCH");
    let out = sandbox.output(&args);
    assert!(out.status.success(), "{}", show(&out));
    let email = stdout(&out);
    assert!(email.contains("To: support@9pic.ai"), "{email}");
    assert!(email.contains("pay_123"), "{email}");
    for dir in ["home", "config", "data", "xdg-config", "xdg-data"] {
        let written = files_under(&sandbox.path(dir));
        assert!(written.is_empty(), "the first command wrote {written:?}");
    }
}

/// The README's `9pic-help.ticket/1` example, its `// comments` removed.
fn readme_json_example() -> Value {
    let block = block_after("### JSON schema `9pic-help.ticket/1`");
    let json: String = block
        .strip_prefix("json\n")
        .expect("a ```json block")
        .lines()
        .map(|line| {
            // A comment starts at `//` outside a string (an even number of quotes before it).
            let cut = line
                .match_indices("//")
                .map(|(i, _)| i)
                .find(|&i| line[..i].matches('"').count() % 2 == 0)
                .unwrap_or(line.len());
            format!("{}\n", &line[..cut])
        })
        .collect();
    serde_json::from_str(&json).unwrap_or_else(|e| panic!("README JSON example: {e}\n{json}"))
}

/// Every key path (`account.org`, `checklist[].flag`) in a JSON value.
fn key_paths(value: &Value, prefix: &str, out: &mut BTreeSet<String>) {
    match value {
        Value::Object(map) => {
            for (k, v) in map {
                let path = if prefix.is_empty() {
                    k.clone()
                } else {
                    format!("{prefix}.{k}")
                };
                out.insert(path.clone());
                key_paths(v, &path, out);
            }
        }
        Value::Array(items) => {
            for item in items {
                key_paths(item, &format!("{prefix}[]"), out);
            }
        }
        _ => {}
    }
}

#[test]
fn readme_json_example_has_the_real_fields_and_values() {
    let example = readme_json_example();
    let sandbox = Sandbox::new(Programs::System);
    let shot = fixture("screenshot.png");
    let mut args = first_command_args();
    let shot = shot.display().to_string();
    args.extend(
        [
            "--sender-name",
            "Ada Lovelace",
            "--format",
            "json",
            "--attach",
            &shot,
        ]
        .map(String::from),
    );
    let out = sandbox.output(&args);
    assert!(out.status.success(), "{}", show(&out));
    let real: Value = serde_json::from_slice(&out.stdout).expect("--format json is JSON");

    let (mut documented, mut produced) = (BTreeSet::new(), BTreeSet::new());
    key_paths(&example, "", &mut documented);
    key_paths(&real, "", &mut produced);
    let undocumented: Vec<_> = produced.difference(&documented).collect();
    let invented: Vec<_> = documented.difference(&produced).collect();
    assert!(
        undocumented.is_empty() && invented.is_empty(),
        "README's JSON example and the real output differ:\n\
         fields the README lacks: {undocumented:?}\nfields the tool never writes: {invented:?}"
    );
    // Values the example states outright are the real ones for the same ticket.
    for key in [
        "schema",
        "category",
        "situation",
        "channel",
        "urgent",
        "account",
        "from",
        "to",
        "cc",
        "in_reply_to",
        "details",
        "tried",
        "redactions",
    ] {
        assert_eq!(
            example[key], real[key],
            "README's {key} differs from the tool's"
        );
    }
    // The date is whole seconds in UTC, as shown.
    let date = real["date"].as_str().expect("date is a string");
    let shown = example["date"].as_str().expect("README date is a string");
    assert_eq!(date.len(), shown.len(), "date {date} vs README {shown}");
    assert!(date.ends_with('Z') && !date.contains('.'), "{date}");
}

#[test]
fn every_cargo_install_in_the_readme_is_locked() {
    let lines: Vec<&str> = README
        .lines()
        .filter(|l| l.contains("cargo install "))
        .filter(|l| l.trim_start().starts_with("cargo install ") || l.contains("`cargo install "))
        .collect();
    assert!(!lines.is_empty(), "README shows no `cargo install`");
    for line in lines {
        for cmd in line.split("cargo install ").skip(1) {
            let cmd = cmd.split(['`', '#']).next().unwrap_or("");
            if !cmd.trim().is_empty() && !cmd.starts_with("with") {
                assert!(cmd.contains("--locked"), "not --locked: {line}");
            }
        }
    }
}

/// Package names listed in `.ci/<dir>/*.txt` (comments and blanks skipped).
fn ci_packages(dir: &str) -> BTreeSet<String> {
    let mut names = BTreeSet::new();
    for entry in std::fs::read_dir(Path::new(REPO).join(".ci").join(dir))
        .into_iter()
        .flatten()
        .flatten()
    {
        let text = std::fs::read_to_string(entry.path()).unwrap_or_default();
        for line in text.lines() {
            let name = line.split('#').next().unwrap_or("").trim();
            if !name.is_empty() {
                names.insert(name.to_string());
            }
        }
    }
    names
}

#[test]
fn readme_names_every_package_the_tests_install() {
    let tests = README
        .split("## Tests")
        .nth(1)
        .expect("README has a `## Tests` section");
    let mut missing: Vec<String> = ci_packages("apt.d")
        .into_iter()
        .chain(ci_packages("pip.d"))
        .filter(|name| !tests.contains(&format!("`{name}`")))
        .collect();
    if !tests.contains("`cargo-deb`") {
        missing.push("cargo-deb".into());
    }
    assert!(
        missing.is_empty(),
        "README's `## Tests` section does not say why the tests install {missing:?}"
    );
}

#[test]
fn readme_man_page_steps_work_in_a_fresh_home() {
    require("man", "man-db");
    let script = marked_block("man");
    let sandbox = Sandbox::new(Programs::System);
    // The binary where `cargo install` puts it; ~/.local/bin is not on PATH.
    let cargo_bin = sandbox.path("home/.cargo/bin");
    std::fs::create_dir_all(&cargo_bin).expect("mkdir ~/.cargo/bin");
    std::os::unix::fs::symlink(bin(), cargo_bin.join("9pic-help")).expect("link the binary");
    let out = sandbox
        .program(require("bash", "bash"))
        .args(["-e", "-c", &script])
        .current_dir(REPO)
        .env("PATH", format!("{}:/usr/bin:/bin", cargo_bin.display()))
        .env("MANPAGER", "cat")
        .env("PAGER", "cat")
        .env_remove("MANPATH")
        .output()
        .expect("run bash");
    assert!(
        out.status.success(),
        "the README's man-page steps failed\n{}",
        show(&out)
    );
    let text = stdout(&out);
    // `man -l` and then `man` each printed the page.
    let shown = text.matches("9pic-help-billing - ").count();
    assert_eq!(shown, 2, "{}", show(&out));
    let installed = sandbox.path("home/.local/share/man/man1/9pic-help-billing.1");
    assert!(installed.is_file(), "{} not installed", installed.display());
}

/// The lines of a README block between `<!-- NAME:start -->` and `<!-- NAME:end -->`.
fn marked_block(name: &str) -> String {
    README
        .split(&format!("<!-- {name}:start -->"))
        .nth(1)
        .and_then(|s| s.split(&format!("<!-- {name}:end -->")).next())
        .unwrap_or_else(|| panic!("README marks no {name} block"))
        .lines()
        .filter(|l| !l.starts_with("```"))
        .collect::<Vec<_>>()
        .join("\n")
}

#[test]
fn readme_completion_steps_work_in_a_fresh_home() {
    let bash = require("bash", "bash");
    let mut sandbox = Sandbox::new(Programs::System);
    // A fresh HOME: every place is the default one under it.
    for var in ["XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_CACHE_HOME"] {
        sandbox.env_remove(var);
    }
    let bin_dir = Path::new(bin()).parent().expect("binary directory");
    sandbox.env("PATH", format!("{}:/usr/bin:/bin", bin_dir.display()));
    let out = sandbox
        .program(&bash)
        .args(["-e", "-c", &marked_block("completion")])
        .output()
        .expect("run bash");
    assert!(
        out.status.success(),
        "the README's completion steps failed\n{}",
        show(&out)
    );
    let home = sandbox.path("home");

    // bash, first route: ~/.bashrc sources the script.
    let out = sandbox
        .program(&bash)
        .args(["-c", "source ~/.bashrc && complete -p 9pic-help"])
        .output()
        .expect("run bash");
    assert!(
        stdout(&out).contains("_clap_complete_9pic_help"),
        "{}",
        show(&out)
    );

    // bash, second route: bash-completion loads the saved file by the command's name.
    let loader = "/usr/share/bash-completion/bash_completion";
    assert!(
        Path::new(loader).is_file(),
        "{loader} is missing: install the Debian package `bash-completion` (.ci/apt.d/package.txt)"
    );
    let out = sandbox
        .program(&bash)
        .args([
            "--norc",
            "-c",
            &format!("source {loader}; __load_completion 9pic-help && complete -p 9pic-help"),
        ])
        .output()
        .expect("run bash");
    assert!(
        stdout(&out).contains("_clap_complete_9pic_help"),
        "{}",
        show(&out)
    );
    let saved = home.join(".local/share/bash-completion/completions/9pic-help");
    let helper = format!("{REPO}/tests/shells/bash_complete.sh");
    let out = sandbox
        .program(&bash)
        .arg(helper)
        .arg(&saved)
        .arg("9pic-help bil")
        .output()
        .expect("run bash");
    assert_eq!(stdout(&out).trim(), "billing", "{}", show(&out));

    // zsh: compinit registers the file saved on $fpath.
    let zsh = require("zsh", "zsh");
    let out = sandbox
        .program(zsh)
        .args([
            "-f",
            "-c",
            "fpath=(~/.zfunc $fpath); autoload -Uz compinit; compinit -u -d ~/.zcompdump; \
             print -r -- \"COMP=${_comps[9pic-help]}\"",
        ])
        .output()
        .expect("run zsh");
    assert!(stdout(&out).contains("COMP=_9pic-help"), "{}", show(&out));

    // fish loads ~/.config/fish/completions by itself.
    let fish = require("fish", "fish");
    let out = sandbox
        .program(fish)
        .args(["-c", "complete -C '9pic-help bil'"])
        .output()
        .expect("run fish");
    let offered = stdout(&out);
    let first: Vec<&str> = offered
        .lines()
        .map(|l| l.split('\t').next().unwrap_or(""))
        .collect();
    assert_eq!(first, ["billing"], "{}", show(&out));

    // elvish: the line is in rc.elv.
    let rc = std::fs::read_to_string(home.join(".config/elvish/rc.elv")).unwrap_or_default();
    assert!(rc.contains("9pic-help completions elvish"), "{rc}");
}
