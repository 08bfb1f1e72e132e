//! Python's `email` package as a second, independent mail parser.

use std::io::Write;
use std::process::{Command, Stdio};

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
