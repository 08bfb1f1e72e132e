//! Hand-off tests: the mail client (recording `xdg-open`, neomutt in tmux),
//! the editor, terminal prompts in real pseudo-terminals, and `doctor`.
//!
//! Every test runs the real binary in a sealed directory: its own HOME,
//! config and data directories, a `PATH` holding only the test's fake
//! programs, `LANG`, `TZ` and `NO_COLOR` fixed, and `CI` removed where the
//! test is about a terminal.

mod doctor;
mod edit;
mod neomutt;
mod open;
mod pty;

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// The org identity every test ticket uses.
pub const ID: [&str; 6] = [
    "--org",
    "Acme Events",
    "--login-email",
    "ops@acme.example",
    "--plan",
    "pro",
];

/// A billing ticket given entirely by flags, with fixed times.
pub const BILLING: [&str; 9] = [
    "billing",
    "--issue",
    "pending",
    "--payment-id",
    "pay_77",
    "--when",
    "2025-01-05T10:00:00Z",
    "--rechecked",
    "--quiet",
];

/// A temporary HOME with config, data and a private `bin` for fake programs.
pub struct Sealed {
    pub dir: tempfile::TempDir,
}

impl Sealed {
    pub fn new() -> Sealed {
        let dir = tempfile::tempdir().expect("temp dir");
        for sub in ["home", "config", "data", "bin"] {
            std::fs::create_dir_all(dir.path().join(sub)).expect("mkdir");
        }
        for private in ["config", "data"] {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::Permissions::from_mode(0o700);
            std::fs::set_permissions(dir.path().join(private), mode).expect("chmod");
        }
        Sealed { dir }
    }

    pub fn path(&self, sub: &str) -> PathBuf {
        self.dir.path().join(sub)
    }

    /// The controlled environment, without `CI` (terminal tests add nothing;
    /// [`Sealed::cmd`] adds `CI=true` as CI itself would).
    pub fn envs(&self) -> Vec<(&'static str, std::ffi::OsString)> {
        vec![
            ("HOME", self.path("home").into()),
            ("NINEPIC_HELP_CONFIG_DIR", self.path("config").into()),
            ("NINEPIC_HELP_DATA_DIR", self.path("data").into()),
            ("PATH", self.path("bin").into()),
            ("LANG", "C.UTF-8".into()),
            ("TZ", "UTC".into()),
            ("NO_COLOR", "1".into()),
            ("SOURCE_DATE_EPOCH", "1767225600".into()),
        ]
    }

    /// The binary with a cleared, controlled environment.
    pub fn cmd(&self) -> Command {
        let mut c = Command::new(bin());
        c.env_clear().envs(self.envs()).env("CI", "true");
        c
    }

    /// Writes an executable script into the private `bin`.
    pub fn script(&self, name: &str, body: &str) -> PathBuf {
        let path = self.path("bin").join(name);
        std::fs::write(&path, format!("#!/bin/sh\n{body}\n")).expect("write script");
        make_executable(&path);
        path
    }

    /// A fake `xdg-open` that records its arguments (NUL-terminated, after a
    /// count line) in `rec` and exits with `code`. Shell builtins only, so
    /// `PATH` can hold nothing else and no real launcher is reached.
    pub fn recording_xdg_open(&self, code: i32) -> PathBuf {
        let rec = self.path("xdg-open.rec");
        self.script(
            "xdg-open",
            &format!(
                "{{ printf '%s\\n' \"$#\"; for a in \"$@\"; do printf '%s\\0' \"$a\"; done; }} > '{}'\nexit {code}",
                rec.display()
            ),
        );
        rec
    }
}

/// The tool under test.
pub fn bin() -> &'static str {
    env!("CARGO_BIN_EXE_9pic-help")
}

/// The arguments a recording launcher received.
pub fn recorded_args(rec: &Path) -> Vec<String> {
    let raw = std::fs::read_to_string(rec)
        .unwrap_or_else(|e| panic!("the launcher was not run ({}): {e}", rec.display()));
    let (count, rest) = raw.split_once('\n').expect("count line");
    let args: Vec<String> = rest.split_terminator('\0').map(str::to_string).collect();
    assert_eq!(count, args.len().to_string(), "argument count mismatch");
    args
}

pub fn make_executable(path: &Path) {
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o755)).expect("chmod");
}

pub fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

pub fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// Fails with a reason when a program a test needs is not installed.
pub fn require(program: &str, package: &str) -> PathBuf {
    for dir in ["/usr/bin", "/bin", "/usr/local/bin"] {
        let p = Path::new(dir).join(program);
        if p.is_file() {
            return p;
        }
    }
    panic!(
        "{program} is not installed; this test needs it (Debian package `{package}`, listed in .ci/apt.d/handoff.txt; run `bash .ci/setup`)"
    );
}
