//! The one test harness: a sealed [`Sandbox`] to run the binary in, the one
//! identity every ticket uses, the in-process road ([`road::compose`]), and
//! readers for what the tool wrote.

#![allow(dead_code)]

pub mod bad_smtp;
pub mod disk;
pub mod keyring;
pub mod oracle;
pub mod python;
pub mod road;
pub mod smtp;

use std::ffi::{OsStr, OsString};
use std::io::{BufRead, BufReader, Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::time::Duration;

pub use python::python;
pub use road::{compose, compose_at};

/// The organisation every test ticket is for.
pub const ORG: &str = "Acme Events";
/// The dashboard login every test ticket is from.
pub const LOGIN: &str = "ops@acme.example";
/// The plan every test ticket names.
pub const PLAN: &str = "pro";

/// The identity flags, for tickets without a profile.
pub const ID: [&str; 6] = ["--org", ORG, "--login-email", LOGIN, "--plan", PLAN];

/// The fixed date (2026-01-01T00:00:00Z) every sandbox sets as
/// `SOURCE_DATE_EPOCH`, so Date headers and Message-IDs are reproducible.
pub const EPOCH: i64 = 1_767_225_600;

/// Directories created in every sandbox.
const DIRS: [&str; 10] = [
    "home",
    "config",
    "data",
    "bin",
    "files",
    "tmp",
    "xdg-config",
    "xdg-data",
    "xdg-cache",
    "xdg-runtime",
];

/// The tool under test.
pub fn bin() -> &'static str {
    env!("CARGO_BIN_EXE_9pic-help")
}

/// Which programs the binary can find: an explicit choice for every sandbox.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Programs {
    /// The caller's `PATH`: real shells, real tools (completion tests).
    Host,
    /// `/usr/bin:/bin`: the distribution's programs, nothing the user added.
    System,
    /// Only the sandbox's own `bin/`, where a test puts its fake programs.
    Fakes,
}

/// A sealed place to run the binary: its own HOME, XDG, config and data
/// directories, `TZ=UTC`, `LANG=C.UTF-8`, `NO_COLOR`, `CI`, a fixed
/// `SOURCE_DATE_EPOCH`, an `EDITOR` that fails (no `VISUAL`), the chosen `PATH`, and a
/// session bus that leads nowhere (a keyring test starts its own, see
/// [`keyring`]). Nothing else of the caller's environment gets through.
pub struct Sandbox {
    pub dir: tempfile::TempDir,
    env: Vec<(String, OsString)>,
}

/// What one run produced.
#[derive(Debug)]
pub struct Output {
    pub code: i32,
    pub stdout: Vec<u8>,
    pub stderr: String,
}

impl Output {
    pub fn stdout(&self) -> String {
        String::from_utf8_lossy(&self.stdout).into_owned()
    }

    /// Asserts success and returns stdout.
    #[track_caller]
    pub fn ok(&self) -> String {
        assert_eq!(self.code, 0, "expected success, stderr:\n{}", self.stderr);
        self.stdout()
    }

    /// Asserts the exit code, that stdout is empty, and returns stderr.
    #[track_caller]
    pub fn fails(&self, code: i32) -> &str {
        assert_eq!(
            self.code,
            code,
            "wrong exit code; stderr:\n{}\nstdout:\n{}",
            self.stderr,
            self.stdout()
        );
        assert!(
            self.stdout.is_empty(),
            "stdout not empty:\n{}",
            self.stdout()
        );
        &self.stderr
    }
}

impl Sandbox {
    /// A fresh sandbox whose `PATH` follows `programs`.
    pub fn new(programs: Programs) -> Self {
        let dir = tempfile::tempdir().expect("temp dir");
        for sub in DIRS {
            std::fs::create_dir_all(dir.path().join(sub)).expect("mkdir");
        }
        for private in ["config", "data", "xdg-runtime"] {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::Permissions::from_mode(0o700);
            std::fs::set_permissions(dir.path().join(private), mode).expect("chmod");
        }
        let p = |s: &str| OsString::from(dir.path().join(s));
        let path: OsString = match programs {
            Programs::Host => std::env::var_os("PATH").unwrap_or_default(),
            Programs::System => "/usr/bin:/bin".into(),
            Programs::Fakes => p("bin"),
        };
        let mut bus = OsString::from("unix:path=");
        bus.push(dir.path().join("no-bus"));
        let env = vec![
            ("PATH".into(), path),
            ("HOME".into(), p("home")),
            ("XDG_CONFIG_HOME".into(), p("xdg-config")),
            ("XDG_DATA_HOME".into(), p("xdg-data")),
            ("XDG_CACHE_HOME".into(), p("xdg-cache")),
            ("XDG_RUNTIME_DIR".into(), p("xdg-runtime")),
            ("TMPDIR".into(), p("tmp")),
            ("NINEPIC_HELP_CONFIG_DIR".into(), p("config")),
            ("NINEPIC_HELP_DATA_DIR".into(), p("data")),
            ("TZ".into(), "UTC".into()),
            ("LANG".into(), "C.UTF-8".into()),
            ("NO_COLOR".into(), "1".into()),
            ("CI".into(), "true".into()),
            ("SOURCE_DATE_EPOCH".into(), EPOCH.to_string().into()),
            // `VISUAL` stays unset so a test's own `EDITOR` is the one used.
            ("EDITOR".into(), "false".into()),
            ("DBUS_SESSION_BUS_ADDRESS".into(), bus),
        ];
        Sandbox { dir, env }
    }

    /// The sandbox's top directory.
    pub fn root(&self) -> &Path {
        self.dir.path()
    }

    /// A path inside the sandbox (`home`, `config`, `data`, `bin`, `files`, …).
    pub fn path(&self, sub: &str) -> PathBuf {
        self.dir.path().join(sub)
    }

    /// Sets (or replaces) an environment variable for later runs.
    pub fn env(&mut self, key: &str, value: impl Into<OsString>) -> &mut Self {
        self.env.retain(|(k, _)| k != key);
        self.env.push((key.into(), value.into()));
        self
    }

    /// Removes an environment variable for later runs.
    pub fn env_remove(&mut self, key: &str) -> &mut Self {
        self.env.retain(|(k, _)| k != key);
        self
    }

    /// Builder form of [`Sandbox::env`].
    pub fn with_env(mut self, key: &str, value: impl Into<OsString>) -> Self {
        self.env(key, value);
        self
    }

    /// The controlled environment without `CI`, for tests about a terminal.
    pub fn envs(&self) -> Vec<(String, OsString)> {
        self.env
            .iter()
            .filter(|(k, _)| k != "CI")
            .cloned()
            .collect()
    }

    /// A file in the sandbox with these contents (parents created).
    pub fn file(&self, name: &str, contents: &[u8]) -> PathBuf {
        let path = self.dir.path().join(name);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).expect("mkdir for fixture");
        }
        std::fs::write(&path, contents).expect("write fixture");
        path
    }

    /// Writes an executable `sh` script into the sandbox's `bin/`.
    pub fn script(&self, name: &str, body: &str) -> PathBuf {
        let path = self.path("bin").join(name);
        std::fs::write(&path, format!("#!/bin/sh\n{body}\n")).expect("write script");
        make_executable(&path);
        path
    }

    /// A fake `xdg-open` that records its arguments (NUL-terminated, after a
    /// count line) in the returned file and exits with `code`. Shell builtins
    /// only, so it works with [`Programs::Fakes`].
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

    /// The binary with no arguments yet, in the sandbox's environment.
    pub fn cmd(&self) -> Command {
        self.program(bin())
    }

    /// The binary with these arguments, in the sandbox's environment.
    pub fn command<I, S>(&self, args: I) -> Command
    where
        I: IntoIterator<Item = S>,
        S: AsRef<OsStr>,
    {
        let mut cmd = self.cmd();
        cmd.args(args);
        cmd
    }

    /// Another program (a shell, say) run with this sandbox's environment.
    pub fn program(&self, program: impl AsRef<OsStr>) -> Command {
        let mut cmd = Command::new(program);
        cmd.env_clear().current_dir(self.dir.path());
        for (k, v) in &self.env {
            cmd.env(k, v);
        }
        cmd
    }

    /// Runs the binary with no stdin.
    pub fn run<I, S>(&self, args: I) -> Output
    where
        I: IntoIterator<Item = S>,
        S: AsRef<OsStr>,
    {
        self.run_with_stdin(args, None)
    }

    /// Runs the binary with no stdin and returns the raw process output.
    pub fn output<I, S>(&self, args: I) -> std::process::Output
    where
        I: IntoIterator<Item = S>,
        S: AsRef<OsStr>,
    {
        self.command(args)
            .stdin(Stdio::null())
            .output()
            .expect("the 9pic-help binary could not be started")
    }

    /// Runs the binary, feeding `stdin` when given (a thread writes it, so a
    /// binary that stops reading early cannot block the test).
    pub fn run_with_stdin<I, S>(&self, args: I, stdin: Option<&[u8]>) -> Output
    where
        I: IntoIterator<Item = S>,
        S: AsRef<OsStr>,
    {
        let mut cmd = self.command(args);
        cmd.stdin(if stdin.is_some() {
            Stdio::piped()
        } else {
            Stdio::null()
        })
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
        let mut child = cmd.spawn().expect("spawn 9pic-help");
        let writer = stdin.map(|bytes| {
            let mut pipe = child.stdin.take().expect("stdin");
            let input = bytes.to_vec();
            std::thread::spawn(move || {
                let _ = pipe.write_all(&input);
            })
        });
        let out = child.wait_with_output().expect("wait");
        if let Some(w) = writer {
            let _ = w.join();
        }
        Output {
            code: out.status.code().unwrap_or(-1),
            stdout: out.stdout,
            stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
        }
    }
}

/// `args` followed by the identity flags.
pub fn with_id<'a>(args: &[&'a str]) -> Vec<&'a str> {
    let mut v = args.to_vec();
    v.extend(ID);
    v
}

/// The identity, then `question --summary S`, then `extra`.
pub fn question<'a>(summary: &'a str, extra: &[&'a str]) -> Vec<String> {
    let mut v: Vec<String> = ID.iter().map(|s| s.to_string()).collect();
    v.extend(["question", "--summary", summary].map(String::from));
    v.extend(extra.iter().map(|s| s.to_string()));
    v
}

/// The path of a checked-in fixture.
pub fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name)
}

/// The exit code of a raw output (-1 for a signal).
pub fn code(out: &std::process::Output) -> i32 {
    out.status.code().unwrap_or(-1)
}

/// A raw output's stdout as text.
pub fn stdout(o: &std::process::Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

/// A raw output's stderr as text.
pub fn stderr(o: &std::process::Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// Exit code, stdout and stderr of a raw output, for assertion messages.
pub fn show(out: &std::process::Output) -> String {
    format!(
        "exit {:?}\n--- stdout\n{}\n--- stderr\n{}",
        out.status.code(),
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    )
}

/// Splits the text format into (headers, body).
pub fn split_text(text: &str) -> (Vec<(String, String)>, String) {
    let (head, body) = text.split_once("\n\n").expect("blank line after headers");
    let headers = head
        .lines()
        .map(|l| {
            let (k, v) = l.split_once(": ").expect("header line");
            (k.to_string(), v.to_string())
        })
        .collect();
    (headers, body.to_string())
}

/// The value of one header in the text format.
pub fn header<'a>(headers: &'a [(String, String)], name: &str) -> Option<&'a str> {
    headers
        .iter()
        .find(|(k, _)| k.eq_ignore_ascii_case(name))
        .map(|(_, v)| v.as_str())
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

/// Fails with a reason when a program a test needs is not installed.
#[track_caller]
pub fn require(program: &str, package: &str) -> PathBuf {
    for dir in ["/usr/bin", "/bin", "/usr/local/bin"] {
        let p = Path::new(dir).join(program);
        if p.is_file() {
            return p;
        }
    }
    panic!(
        "{program} is not installed; this test needs it (Debian package `{package}`, listed in .ci/apt.d/; run `bash .ci/setup`)"
    );
}

/// Where the helper programs (SMTP server, keyring session) live.
pub const SUPPORT: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/support");

/// Reads the first line a helper prints (`READY …` or `FAILED …`), or fails after 20 s.
pub fn first_line(child: &mut Child, what: &str) -> String {
    let stdout = child.stdout.take().expect("helper stdout");
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        let mut line = String::new();
        let _ = BufReader::new(stdout).read_line(&mut line);
        let _ = tx.send(line);
    });
    let line = rx
        .recv_timeout(Duration::from_secs(20))
        .unwrap_or_else(|_| panic!("{what} did not start within 20 s"));
    let line = line.trim_end().to_string();
    if !line.starts_with("READY ") {
        let mut err = String::new();
        if let Some(mut e) = child.stderr.take() {
            let _ = e.read_to_string(&mut err);
        }
        panic!("{what} could not start: {line:?}\n{err}");
    }
    line["READY ".len()..].to_string()
}
