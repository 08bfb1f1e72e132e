//! Running the binary in a sealed environment, and reading what it wrote.

#![allow(dead_code)]

use std::ffi::OsStr;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

/// The org identity flags most tests use.
pub const ID: [&str; 6] = [
    "--org",
    "Acme Events",
    "--login-email",
    "ops@acme.example",
    "--plan",
    "pro",
];

/// A sealed place to run the binary: its own HOME, config and data dirs.
pub struct Sandbox {
    pub dir: tempfile::TempDir,
    env: Vec<(String, String)>,
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
    pub fn new() -> Self {
        let dir = tempfile::tempdir().expect("temp dir");
        let p = |s: &str| dir.path().join(s).display().to_string();
        for sub in [
            "home",
            "config",
            "data",
            "xdg-config",
            "xdg-data",
            "xdg-cache",
            "tmp",
        ] {
            std::fs::create_dir_all(dir.path().join(sub)).expect("mkdir");
        }
        let env = vec![
            ("PATH".into(), std::env::var("PATH").unwrap_or_default()),
            ("HOME".into(), p("home")),
            ("XDG_CONFIG_HOME".into(), p("xdg-config")),
            ("XDG_DATA_HOME".into(), p("xdg-data")),
            ("XDG_CACHE_HOME".into(), p("xdg-cache")),
            ("TMPDIR".into(), p("tmp")),
            ("NINEPIC_HELP_CONFIG_DIR".into(), p("config")),
            ("NINEPIC_HELP_DATA_DIR".into(), p("data")),
            ("TZ".into(), "UTC".into()),
            ("LANG".into(), "C.UTF-8".into()),
            ("NO_COLOR".into(), "1".into()),
            ("CI".into(), "true".into()),
            ("EDITOR".into(), "false".into()),
            ("VISUAL".into(), "false".into()),
        ];
        Sandbox { dir, env }
    }

    pub fn path(&self) -> &Path {
        self.dir.path()
    }

    /// Sets (or replaces) an environment variable for later runs.
    pub fn env(&mut self, key: &str, value: impl Into<String>) -> &mut Self {
        self.env.retain(|(k, _)| k != key);
        self.env.push((key.into(), value.into()));
        self
    }

    /// A file in the sandbox with these contents.
    pub fn file(&self, name: &str, contents: &[u8]) -> PathBuf {
        let path = self.dir.path().join(name);
        std::fs::write(&path, contents).expect("write fixture");
        path
    }

    pub fn command<I, S>(&self, args: I) -> Command
    where
        I: IntoIterator<Item = S>,
        S: AsRef<OsStr>,
    {
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_9pic-help"));
        cmd.env_clear().args(args).current_dir(self.dir.path());
        for (k, v) in &self.env {
            cmd.env(k, v);
        }
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
        if let Some(bytes) = stdin {
            child
                .stdin
                .take()
                .expect("stdin")
                .write_all(bytes)
                .expect("write stdin");
        }
        let out = child.wait_with_output().expect("wait");
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

/// The path of a checked-in fixture.
pub fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name)
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

/// Runs a Python script with Debian's `/usr/bin/python3` (whose `email`
/// package is our second, independent mail parser) on `stdin`; returns stdout.
#[track_caller]
pub fn python(script: &str, stdin: &[u8]) -> Vec<u8> {
    let mut child = Command::new("/usr/bin/python3")
        .args(["-c", script])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect(
            "/usr/bin/python3 must be installed (Debian package python3; .ci/setup installs it)",
        );
    child
        .stdin
        .take()
        .expect("python stdin")
        .write_all(stdin)
        .expect("feed python");
    let out = child.wait_with_output().expect("python ran");
    assert!(
        out.status.success(),
        "python failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    out.stdout
}
