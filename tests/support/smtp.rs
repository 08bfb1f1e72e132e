//! The loopback SMTP server (tests/support/smtp_server.py, on aiosmtpd) a
//! test starts for itself; it fails the test with the reason when it cannot.

use std::path::PathBuf;
use std::process::{Child, ChildStdin, Command, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};

use super::{LOGIN, ORG, PLAN, SUPPORT, Sandbox, first_line};

/// Saves the default profile "acme" (the harness identity) sending through a
/// plain SMTP server on 127.0.0.1:`port`, giving up after `timeout` seconds.
pub fn sending_profile(sandbox: &Sandbox, port: u16, timeout: u64) {
    let doc = serde_json::json!({"version": 1, "default": "acme", "profiles": {"acme": {
        "org": ORG, "login_email": LOGIN, "plan": PLAN,
        "smtp": {"host": "127.0.0.1", "port": port, "security": "none", "timeout": timeout}}}});
    std::fs::write(sandbox.path("config/profiles.json"), doc.to_string())
        .unwrap_or_else(|e| panic!("cannot write the sending profile: {e}"));
}

/// The loopback SMTP server of tests/support/smtp_server.py.
pub struct SmtpServer {
    pub child: Child,
    _stdin: ChildStdin,
    pub port: u16,
    pub spool: PathBuf,
}

impl SmtpServer {
    /// Starts it; `auth` is the one user and password it accepts; `mode` is
    /// `ok`, `451-data` or `451-mail`.
    pub fn start(sandbox: &Sandbox, auth: Option<(&str, &str)>, mode: &str) -> SmtpServer {
        Self::start_with(sandbox, auth, mode, &[])
    }

    pub fn start_with(
        sandbox: &Sandbox,
        auth: Option<(&str, &str)>,
        mode: &str,
        extra: &[&str],
    ) -> SmtpServer {
        static SERVERS: AtomicUsize = AtomicUsize::new(0);
        let n = SERVERS.fetch_add(1, Ordering::Relaxed);
        let spool = sandbox.path(&format!("spool-{n}"));
        let mut c = Command::new("/usr/bin/python3");
        c.arg(format!("{SUPPORT}/smtp_server.py"))
            .arg("--spool")
            .arg(&spool)
            .args(["--mode", mode])
            .args(extra);
        if let Some((user, password)) = auth {
            let file = sandbox.path("server-password");
            std::fs::write(&file, password).expect("server password file");
            c.args(["--user", user]).arg("--password-file").arg(&file);
        }
        let mut child = c
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("start /usr/bin/python3 (Debian's python3 with python3-aiosmtpd)");
        let stdin = child.stdin.take().expect("server stdin");
        let port = first_line(&mut child, "the aiosmtpd test server (python3-aiosmtpd)")
            .parse()
            .expect("port");
        SmtpServer {
            child,
            _stdin: stdin,
            port,
            spool,
        }
    }

    /// The messages received so far, oldest first: (raw bytes, envelope JSON).
    pub fn messages(&self) -> Vec<(Vec<u8>, serde_json::Value)> {
        let mut out = Vec::new();
        for n in 1.. {
            let eml = self.spool.join(format!("{n}.eml"));
            let Ok(bytes) = std::fs::read(&eml) else {
                break;
            };
            let meta = std::fs::read(self.spool.join(format!("{n}.json"))).expect("envelope");
            out.push((bytes, serde_json::from_slice(&meta).expect("envelope json")));
        }
        out
    }
}

impl Drop for SmtpServer {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
