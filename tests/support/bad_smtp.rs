//! The misbehaving loopback SMTP server (tests/support/bad_smtp.py, plain
//! Python sockets) a fault test starts for itself, one mode each; it fails the
//! test with the reason when it cannot start.

use std::path::PathBuf;
use std::process::{Child, ChildStdin, Command, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use super::{SUPPORT, Sandbox, first_line};

/// One running server.
pub struct BadSmtp {
    pub child: Child,
    _stdin: ChildStdin,
    pub port: u16,
    pub spool: PathBuf,
}

impl BadSmtp {
    /// Starts it in `mode` (see the script's documentation).
    pub fn start(sandbox: &Sandbox, mode: &str) -> BadSmtp {
        static SERVERS: AtomicUsize = AtomicUsize::new(0);
        let n = SERVERS.fetch_add(1, Ordering::Relaxed);
        let spool = sandbox.path(&format!("bad-spool-{n}"));
        let mut child = Command::new("/usr/bin/python3")
            .arg(format!("{SUPPORT}/bad_smtp.py"))
            .arg("--spool")
            .arg(&spool)
            .args(["--mode", mode])
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("start /usr/bin/python3 (Debian's python3)");
        let stdin = child.stdin.take().expect("server stdin");
        let port = first_line(&mut child, "the misbehaving SMTP server (bad_smtp.py)")
            .parse()
            .expect("port");
        BadSmtp {
            child,
            _stdin: stdin,
            port,
            spool,
        }
    }

    /// The server's event log so far (`connect 1`, `data 1`, `stored 1`, …).
    pub fn log(&self) -> Vec<String> {
        std::fs::read_to_string(self.spool.join("log"))
            .unwrap_or_default()
            .lines()
            .map(str::to_string)
            .collect()
    }

    /// Waits until the log holds `event`, failing the test after 10 s.
    pub fn wait_for(&self, event: &str) {
        let started = Instant::now();
        while !self.log().iter().any(|l| l == event) {
            assert!(
                started.elapsed() < Duration::from_secs(10),
                "the server never logged {event:?}; its log: {:?}",
                self.log()
            );
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    /// The messages stored so far, oldest first: (raw bytes, envelope JSON).
    pub fn messages(&self) -> Vec<(Vec<u8>, serde_json::Value)> {
        let mut out = Vec::new();
        for n in 1.. {
            let Ok(bytes) = std::fs::read(self.spool.join(format!("{n}.eml"))) else {
                break;
            };
            let meta = std::fs::read(self.spool.join(format!("{n}.json"))).expect("envelope");
            out.push((bytes, serde_json::from_slice(&meta).expect("envelope json")));
        }
        out
    }
}

impl Drop for BadSmtp {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
