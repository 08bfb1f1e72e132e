//! The Debian package, built and used.
//!
//! `cargo deb --no-build` packs the binary this test run built (staged as the
//! release build, so no second build), with the metadata in `Cargo.toml`.
//! `dpkg-deb` lists the package and unpacks it into a temporary root, and from
//! there the package is used as an installed one would be: `man` renders its
//! gzipped pages, bash (through the system's bash-completion loader, on a real
//! terminal) and fish complete with its scripts and its binary.
//!
//! Needs `cargo-deb` (`.ci/setup`) and `.ci/apt.d/package.txt`; without them
//! the tests fail and say what to install.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;
use std::time::Duration;

use expectrl::Expect;
use expectrl::session::OsSession;

use crate::support::{Programs, Sandbox, bin, require, show, stdout};

const REPO: &str = env!("CARGO_MANIFEST_DIR");

/// Where each shell's completion script goes, and the man pages' directory.
const BASH_COMPLETION: &str = "usr/share/bash-completion/completions/9pic-help";
const ZSH_COMPLETION: &str = "usr/share/zsh/vendor-completions/_9pic-help";
const FISH_COMPLETION: &str = "usr/share/fish/vendor_completions.d/9pic-help.fish";
const MAN_DIR: &str = "usr/share/man/man1";
const DOC_DIR: &str = "usr/share/doc/ninepic-help";

/// The package, built once per test run (the tests below share it).
fn package() -> &'static Path {
    static DEB: OnceLock<PathBuf> = OnceLock::new();
    DEB.get_or_init(build_package)
}

fn build_package() -> PathBuf {
    let version = Command::new(env!("CARGO"))
        .args(["deb", "--version"])
        .output();
    match version {
        Ok(out) if out.status.success() => {}
        Ok(out) => panic!(
            "cargo-deb is not installed (`cargo deb --version` failed); run `bash .ci/setup`, \
             which installs it with `cargo install cargo-deb --locked`\n{}",
            show(&out)
        ),
        Err(e) => panic!("cargo cannot be run: {e}"),
    }
    // The binary under test, staged where `cargo deb --no-build` looks for a
    // release build: the package holds exactly what the other tests ran,
    // without a second (release) build. A copy, since cargo-deb strips it.
    let work = Path::new(env!("CARGO_TARGET_TMPDIR")).join("deb");
    let _ = std::fs::remove_dir_all(&work);
    let staged = work.join("target/release");
    let out_dir = work.join("out");
    for dir in [&staged, &out_dir] {
        std::fs::create_dir_all(dir).expect("create the package's work directories");
    }
    std::fs::copy(bin(), staged.join("9pic-help")).expect("stage the binary");
    let out = Command::new(env!("CARGO"))
        .current_dir(REPO)
        .env("CARGO_TARGET_DIR", work.join("target"))
        .args([
            "deb",
            "--no-build",
            "--locked",
            "--fast",
            "--strip",
            "--output",
        ])
        .arg(&out_dir)
        .output()
        .expect("run cargo deb");
    assert!(out.status.success(), "cargo deb failed\n{}", show(&out));
    let debs: Vec<PathBuf> = std::fs::read_dir(&out_dir)
        .expect("read the package's output directory")
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "deb"))
        .collect();
    assert_eq!(debs.len(), 1, "cargo deb should make one package: {debs:?}");
    debs.into_iter().next().expect("one package")
}

/// The package unpacked into a fresh root inside `sandbox`.
fn unpack(sandbox: &Sandbox) -> PathBuf {
    let dpkg_deb = require("dpkg-deb", "dpkg");
    let root = sandbox.path("root");
    let out = Command::new(dpkg_deb)
        .arg("-x")
        .arg(package())
        .arg(&root)
        .output()
        .expect("run dpkg-deb -x");
    assert!(out.status.success(), "dpkg-deb -x failed\n{}", show(&out));
    root
}

/// The checked-in man pages' file names (`9pic-help-billing.1`, …).
fn man_pages() -> Vec<String> {
    let mut pages: Vec<String> = std::fs::read_dir(Path::new(REPO).join("doc/man"))
        .expect("read doc/man")
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".1"))
        .collect();
    pages.sort();
    pages
}

/// One line of `dpkg-deb -c`: mode, size and path (without the leading `./`).
struct Entry {
    mode: String,
    size: u64,
    path: String,
}

fn contents() -> Vec<Entry> {
    let out = Command::new(require("dpkg-deb", "dpkg"))
        .arg("-c")
        .arg(package())
        .output()
        .expect("run dpkg-deb -c");
    assert!(out.status.success(), "dpkg-deb -c failed\n{}", show(&out));
    stdout(&out)
        .lines()
        .map(|line| {
            // -rwxr-xr-x root/root   8442 2026-01-01 00:00 ./usr/bin/9pic-help
            let fields: Vec<&str> = line.split_whitespace().collect();
            assert!(fields.len() >= 6, "unexpected dpkg-deb -c line: {line}");
            Entry {
                mode: fields[0].to_string(),
                size: fields[2].parse().unwrap_or(0),
                path: fields[5].trim_start_matches("./").to_string(),
            }
        })
        .collect()
}

#[test]
fn package_puts_every_file_in_its_system_place() {
    let entries = contents();
    let find = |path: &str| entries.iter().find(|e| e.path == path);
    let mut missing = Vec::new();

    match find("usr/bin/9pic-help") {
        Some(e) => {
            assert!(e.mode.starts_with("-rwxr-xr-x"), "binary mode: {}", e.mode);
            assert!(e.size > 0, "the binary is empty");
        }
        None => missing.push("usr/bin/9pic-help".to_string()),
    }
    let pages = man_pages();
    assert!(pages.len() > 10, "doc/man holds too few pages: {pages:?}");
    for page in &pages {
        let gz = format!("{MAN_DIR}/{page}.gz");
        match find(&gz) {
            Some(e) => assert!(e.mode.starts_with("-rw-r--r--"), "{gz}: {}", e.mode),
            None => missing.push(gz),
        }
        assert!(
            find(&format!("{MAN_DIR}/{page}")).is_none(),
            "{page} is packed uncompressed"
        );
    }
    for path in [
        BASH_COMPLETION.to_string(),
        ZSH_COMPLETION.to_string(),
        FISH_COMPLETION.to_string(),
        format!("{DOC_DIR}/README.md"),
        format!("{DOC_DIR}/LICENSE-MIT"),
        format!("{DOC_DIR}/LICENSE-APACHE"),
        format!("{DOC_DIR}/copyright"),
    ] {
        match find(&path) {
            Some(e) => assert!(e.mode.starts_with("-rw-r--r--"), "{path}: {}", e.mode),
            None => missing.push(path),
        }
    }
    assert!(
        missing.is_empty(),
        "missing from the package: {missing:?}\nit holds:\n{}",
        entries
            .iter()
            .map(|e| e.path.as_str())
            .collect::<Vec<_>>()
            .join("\n")
    );
}

#[test]
fn package_control_fields_describe_it() {
    let out = Command::new(require("dpkg-deb", "dpkg"))
        .arg("-f")
        .arg(package())
        .output()
        .expect("run dpkg-deb -f");
    assert!(out.status.success(), "dpkg-deb -f failed\n{}", show(&out));
    let control = stdout(&out);
    let field = |name: &str| {
        control
            .lines()
            .find_map(|l| l.strip_prefix(&format!("{name}: ")))
            .unwrap_or_else(|| panic!("no {name} field in:\n{control}"))
            .to_string()
    };
    assert_eq!(field("Package"), "ninepic-help");
    assert!(
        field("Version").starts_with(env!("CARGO_PKG_VERSION")),
        "{control}"
    );
    assert_eq!(field("Section"), "utils");
    assert_eq!(field("Priority"), "optional");
    // The binary is linked statically (.cargo/config.toml): `$auto` finds no
    // shared library to depend on, and the unpacked binary names none.
    assert!(!control.contains("libc6"), "{control}");
    let sandbox = Sandbox::new(Programs::System);
    let tool = unpack(&sandbox).join("usr/bin/9pic-help");
    let out = Command::new(require("readelf", "binutils"))
        .arg("--dynamic")
        .arg(&tool)
        .output()
        .expect("run readelf --dynamic");
    assert!(out.status.success(), "readelf failed\n{}", show(&out));
    let dynamic = stdout(&out);
    assert!(
        !dynamic.contains("(NEEDED)"),
        "the packaged binary should link no shared library:\n{dynamic}"
    );
    assert!(field("Description").contains("9Pic"), "{control}");
}

#[test]
fn packaged_binary_runs_from_the_unpacked_root() {
    let sandbox = Sandbox::new(Programs::System);
    let root = unpack(&sandbox);
    let tool = root.join("usr/bin/9pic-help");
    let out = sandbox
        .program(&tool)
        .arg("--version")
        .output()
        .expect("run");
    assert!(out.status.success(), "{}", show(&out));
    assert!(
        stdout(&out).contains(env!("CARGO_PKG_VERSION")),
        "{}",
        show(&out)
    );
    let out = sandbox
        .program(&tool)
        .args(crate::support::question(
            "Where are invoices?",
            &["--no-history"],
        ))
        .output()
        .expect("run");
    assert!(out.status.success(), "{}", show(&out));
    assert!(
        stdout(&out).contains("To: support@9pic.ai"),
        "{}",
        show(&out)
    );
}

/// Section headings (`.SH NAME`, `.SH "TICKET OPTIONS"`) of a roff page.
fn headings(roff: &str) -> Vec<String> {
    roff.lines()
        .filter_map(|l| l.strip_prefix(".SH "))
        .map(|h| h.trim_matches('"').to_string())
        .collect()
}

#[test]
fn packaged_man_page_renders_with_man() {
    let man = require("man", "man-db");
    require("groff", "groff-base");
    let sandbox = Sandbox::new(Programs::System);
    let root = unpack(&sandbox);
    let render = |args: &[&str], manpath: Option<&Path>| {
        let mut cmd = sandbox.program(&man);
        cmd.args(args)
            .env("MANPAGER", "cat")
            .env("PAGER", "cat")
            .env("MANWIDTH", "100");
        if let Some(p) = manpath {
            cmd.env("MANPATH", p);
        }
        let out = cmd.output().expect("run man");
        assert!(out.status.success(), "man {args:?} failed\n{}", show(&out));
        stdout(&out)
    };
    let packaged = render(&["9pic-help-billing"], Some(&root.join("usr/share/man")));
    let source = std::fs::read_to_string(Path::new(REPO).join("doc/man/9pic-help-billing.1"))
        .expect("read doc/man/9pic-help-billing.1");
    let sections = headings(&source);
    assert!(sections.iter().any(|s| s == "NAME"), "{sections:?}");
    for section in &sections {
        assert!(
            packaged.lines().any(|l| l.trim() == section),
            "the rendered page lacks its {section} section:\n{packaged}"
        );
    }
    assert!(packaged.contains("9pic-help-billing"), "{packaged}");
    assert!(packaged.contains("--payment-id"), "{packaged}");
    // The packaged (gzipped) page is the checked-in one.
    let checked_in = render(
        &["-l", &format!("{REPO}/doc/man/9pic-help-billing.1")],
        None,
    );
    assert_eq!(packaged, checked_in);
}

#[test]
fn packaged_bash_completion_completes_on_a_real_terminal() {
    let loader = Path::new("/usr/share/bash-completion/bash_completion");
    assert!(
        loader.is_file(),
        "{} is missing; this test needs the Debian package `bash-completion` \
         (.ci/apt.d/package.txt; run `bash .ci/setup`)",
        loader.display()
    );
    let bash = require("bash", "bash");
    let sandbox = Sandbox::new(Programs::System);
    let root = unpack(&sandbox);
    let share = root.join("usr/share");
    let path = format!("{}:/usr/bin:/bin", root.join("usr/bin").display());
    // expectrl starts the terminal with echo off, and readline then shows
    // nothing typed; a user's terminal echoes, so turn it on before bash starts.
    let mut cmd = Command::new("/bin/sh");
    cmd.args(["-c", "stty echo && exec \"$0\" --norc --noprofile -i"])
        .arg(bash)
        .env_clear()
        .envs(sandbox.envs())
        .env("PATH", &path)
        // bash-completion looks for a command's script, on its first Tab, in
        // $XDG_DATA_DIRS/bash-completion/completions: the unpacked root's.
        .env("XDG_DATA_DIRS", &share)
        .env("TERM", "dumb")
        .env("PS1", "READY$ ")
        .current_dir(sandbox.root());
    let mut session = OsSession::spawn(cmd)
        .unwrap_or_else(|e| panic!("cannot start bash on a pseudo-terminal: {e}"));
    session.set_expect_timeout(Some(Duration::from_secs(20)));
    let send = |s: &mut OsSession, keys: &str| s.send(keys).expect("write to the PTY");
    // Markers are computed (`$((…))`) so the terminal's echo of the typed
    // line cannot match them.
    send(
        &mut session,
        &format!(
            "source {}; complete -p 9pic-help >/dev/null 2>&1 || echo NO-SPEC-$((6*7))\r",
            loader.display()
        ),
    );
    // Nothing is registered until the first Tab loads the packaged script.
    if let Err(e) = session.expect("NO-SPEC-42") {
        panic!("bash-completion did not load, or registered 9pic-help too early: {e}");
    }
    if let Err(e) = session.expect("READY$ ") {
        panic!("bash gave no prompt after loading bash-completion: {e}");
    }
    send(&mut session, "9pic-help bil\t");
    if let Err(e) = session.expect("9pic-help billing") {
        panic!("Tab did not complete `9pic-help bil` to `billing`: {e}");
    }
    // Ctrl-U clears the line; the loaded spec is the packaged script's.
    send(
        &mut session,
        "\x15complete -p 9pic-help | grep -c _clap_complete_9pic_help | sed s/^/SPECS-/\r",
    );
    if let Err(e) = session.expect("SPECS-1") {
        panic!("the packaged script was not the one loaded: {e}");
    }
    send(&mut session, "exit\r");
}

#[test]
fn packaged_fish_completion_completes() {
    let fish = require("fish", "fish");
    let sandbox = Sandbox::new(Programs::System);
    let root = unpack(&sandbox);
    let path = format!("{}:/usr/bin:/bin", root.join("usr/bin").display());
    let script = format!(
        "set -p fish_complete_path {}; complete -C '9pic-help bil'",
        root.join(FISH_COMPLETION)
            .parent()
            .expect("vendor_completions.d")
            .display()
    );
    let out = sandbox
        .program(fish)
        .args(["--no-config", "-c", &script])
        .env("PATH", path)
        .output()
        .expect("run fish");
    assert!(out.status.success(), "{}", show(&out));
    let first: Vec<String> = stdout(&out)
        .lines()
        .map(|l| l.split('\t').next().unwrap_or("").to_string())
        .collect();
    assert_eq!(first, ["billing"], "{}", show(&out));
}

#[test]
fn packaged_zsh_completion_is_found_by_compinit() {
    let zsh = require("zsh", "zsh");
    let sandbox = Sandbox::new(Programs::System);
    let root = unpack(&sandbox);
    let vendor = root
        .join(ZSH_COMPLETION)
        .parent()
        .expect("vendor-completions")
        .to_path_buf();
    // Debian's zsh has /usr/share/zsh/vendor-completions on $fpath; compinit
    // registers every `#compdef` file it finds there.
    let script = format!(
        "fpath=({} $fpath); autoload -Uz compinit; compinit -u -d {}; print -r -- \"COMP=${{_comps[9pic-help]}}\"",
        vendor.display(),
        sandbox.path("tmp/zcompdump").display()
    );
    let out = sandbox
        .program(zsh)
        .args(["-f", "-c", &script])
        .output()
        .expect("run zsh");
    assert!(out.status.success(), "{}", show(&out));
    assert!(
        stdout(&out).contains("COMP=_9pic-help"),
        "compinit did not register the packaged script\n{}",
        show(&out)
    );
}
