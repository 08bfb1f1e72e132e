//! A sealed environment for running the real binary in the hardening tests.
//!
//! Every run gets its own temporary HOME, config and data directories, a
//! fixed `SOURCE_DATE_EPOCH`, `NO_COLOR`, `CI` (no prompts) and nothing else
//! from the caller's environment.

use std::ffi::OsStr;
use std::path::PathBuf;
use std::process::{Command, Output, Stdio};

/// The binary under test.
pub const BIN: &str = env!("CARGO_BIN_EXE_9pic-help");

/// A temporary home with config and data directories inside.
pub struct Sealed {
    pub dir: tempfile::TempDir,
}

impl Default for Sealed {
    fn default() -> Self {
        Sealed::new()
    }
}

impl Sealed {
    /// A fresh sealed environment.
    pub fn new() -> Sealed {
        let dir = tempfile::tempdir().expect("a temporary directory for the test");
        Sealed { dir }
    }

    /// The temporary HOME.
    pub fn home(&self) -> PathBuf {
        self.dir.path().to_path_buf()
    }

    /// A command for the binary with the sealed environment.
    pub fn cmd<I, S>(&self, args: I) -> Command
    where
        I: IntoIterator<Item = S>,
        S: AsRef<OsStr>,
    {
        let home = self.home();
        let mut c = Command::new(BIN);
        c.env_clear()
            .env("HOME", &home)
            .env("XDG_CONFIG_HOME", home.join(".config"))
            .env("XDG_DATA_HOME", home.join(".local/share"))
            .env("NINEPIC_HELP_CONFIG_DIR", home.join("config"))
            .env("NINEPIC_HELP_DATA_DIR", home.join("data"))
            .env("PATH", "/usr/bin:/bin")
            .env("LANG", "C.UTF-8")
            .env("TZ", "UTC")
            .env("NO_COLOR", "1")
            .env("CI", "1")
            .env("SOURCE_DATE_EPOCH", "1700000000")
            .args(args)
            .stdin(Stdio::null());
        c
    }

    /// Runs the binary with these arguments and collects its output.
    pub fn run<I, S>(&self, args: I) -> Output
    where
        I: IntoIterator<Item = S>,
        S: AsRef<OsStr>,
    {
        self.cmd(args)
            .output()
            .expect("the 9pic-help binary could not be started")
    }

    /// Writes a file under the temporary home and returns its path.
    pub fn file(&self, name: &str, contents: &[u8]) -> PathBuf {
        let p = self.dir.path().join(name);
        if let Some(parent) = p.parent() {
            std::fs::create_dir_all(parent).expect("create a test directory");
        }
        std::fs::write(&p, contents).expect("write a test file");
        p
    }
}

/// The identity flags every ticket needs when there is no profile.
pub const ID: [&str; 6] = [
    "--org",
    "Acme Photo",
    "--login-email",
    "ops@acme.example",
    "--plan",
    "pro",
];

/// `question --summary S` with the identity, plus `extra`.
pub fn question<'a>(summary: &'a str, extra: &[&'a str]) -> Vec<String> {
    let mut v: Vec<String> = ID.iter().map(|s| s.to_string()).collect();
    v.extend(["question", "--summary", summary].map(String::from));
    v.extend(extra.iter().map(|s| s.to_string()));
    v
}

/// The exit code, or a message naming the signal.
pub fn code(out: &Output) -> i32 {
    out.status.code().unwrap_or(-1)
}

/// Stdout and stderr as text, for assertion messages.
pub fn show(out: &Output) -> String {
    format!(
        "exit {:?}\n--- stdout\n{}\n--- stderr\n{}",
        out.status.code(),
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    )
}
