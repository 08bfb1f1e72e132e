//! What a run of the binary produced, and readers for a raw process output.

/// What one run produced.
#[derive(Debug)]
pub struct Output {
    pub code: i32,
    pub stdout: Vec<u8>,
    pub stderr: String,
}

/// A finished process's output, for runs a test sets up itself (another
/// user, an extra environment variable).
impl From<std::process::Output> for Output {
    fn from(out: std::process::Output) -> Self {
        Output {
            code: out.status.code().unwrap_or(-1),
            stdout: out.stdout,
            stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
        }
    }
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

    /// Asserts the exit code and that stderr names each of `needles`;
    /// returns stderr.
    #[track_caller]
    pub fn exits_naming(&self, code: i32, needles: &[&str]) -> &str {
        assert_eq!(self.code, code, "wrong exit code; stderr:\n{}", self.stderr);
        for needle in needles {
            assert!(
                self.stderr.contains(needle),
                "stderr does not name {needle:?}:\n{}",
                self.stderr
            );
        }
        &self.stderr
    }
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
