//! A real Secret Service for the keyring tests: gnome-keyring-daemon in its
//! own D-Bus session (tests/support/keyring_session.sh) with a fresh HOME.
//! Every other sandbox's session bus leads nowhere.

use std::path::PathBuf;
use std::process::{Child, ChildStdin, Command, Stdio};
use std::time::Duration;

use super::{SUPPORT, Sandbox, first_line};

/// A real Secret Service: gnome-keyring-daemon in its own D-Bus session, fresh HOME.
pub struct Keyring {
    child: Child,
    stdin: Option<ChildStdin>,
    pub address: String,
    pub home: PathBuf,
}

impl Keyring {
    pub fn start(sandbox: &Sandbox) -> Keyring {
        let home = sandbox.path("keyring-home");
        std::fs::create_dir_all(&home).expect("keyring home");
        // HOME and XDG dirs are set on dbus-run-session itself: services the bus
        // starts later inherit the bus daemon's environment.
        let mut child = Command::new("dbus-run-session")
            .arg("--")
            .arg("sh")
            .arg(format!("{SUPPORT}/keyring_session.sh"))
            .env_clear()
            .env("PATH", "/usr/bin:/bin")
            .env("HOME", &home)
            .env("XDG_DATA_HOME", home.join("data"))
            .env("XDG_CONFIG_HOME", home.join("config"))
            .env("XDG_CACHE_HOME", home.join("cache"))
            .env("XDG_RUNTIME_DIR", &home)
            .env("KEYRING_UNLOCK_PASSWORD", "login-collection-password")
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("start dbus-run-session (Debian package dbus-daemon)");
        let stdin = child.stdin.take();
        let address = first_line(
            &mut child,
            "gnome-keyring-daemon under dbus-run-session (Debian packages gnome-keyring, dbus-daemon, dbus-bin)",
        );
        Keyring {
            child,
            stdin,
            address,
            home,
        }
    }

    /// Environment that points the binary at this keyring.
    pub fn env(&self) -> [(&str, &str); 1] {
        [("DBUS_SESSION_BUS_ADDRESS", self.address.as_str())]
    }
}

impl Drop for Keyring {
    fn drop(&mut self) {
        // Closing stdin ends the session script; the bus and the daemon follow.
        drop(self.stdin.take());
        for _ in 0..100 {
            if let Ok(Some(_)) = self.child.try_wait() {
                return;
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
