//! A real mail client accepts the `mailto:` link: `--open` hands it to an
//! `xdg-open` that starts neomutt inside a private tmux server, and the
//! screen shows the right To, Cc, Subject and body.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use crate::support::{ID, Programs, Sandbox, require, stderr};

/// A tmux server on its own socket, killed when the test ends.
struct Tmux {
    bin: PathBuf,
    socket: PathBuf,
}

impl Tmux {
    fn capture(&self) -> String {
        let out = std::process::Command::new(&self.bin)
            .arg("-S")
            .arg(&self.socket)
            .args(["capture-pane", "-p", "-t", "nm"])
            .output()
            .expect("tmux capture-pane");
        String::from_utf8_lossy(&out.stdout).into_owned()
    }

    /// Polls the screen until `ready` holds, or fails with the last screen.
    fn wait_for(&self, what: &str, ready: impl Fn(&str) -> bool) -> String {
        let start = Instant::now();
        loop {
            let screen = self.capture();
            if ready(&screen) {
                return screen;
            }
            assert!(
                start.elapsed() < Duration::from_secs(15),
                "neomutt never showed {what}; last screen:\n{screen}"
            );
            std::thread::sleep(Duration::from_millis(100));
        }
    }

    fn keys(&self, keys: &str) {
        let ok = std::process::Command::new(&self.bin)
            .arg("-S")
            .arg(&self.socket)
            .args(["send-keys", "-t", "nm", keys])
            .status()
            .expect("tmux send-keys");
        assert!(ok.success());
    }
}

impl Drop for Tmux {
    fn drop(&mut self) {
        let _ = std::process::Command::new(&self.bin)
            .arg("-S")
            .arg(&self.socket)
            .arg("kill-server")
            .status();
    }
}

/// An `xdg-open` that starts neomutt on the link in a detached tmux session.
/// neomutt: no system or user config, the headers in the editor and straight
/// into it (so no To: prompt), `less` as the editor to show the draft.
fn xdg_open_to_neomutt(s: &Sandbox, tmux: &Path, neomutt: &Path, socket: &Path) {
    let home = s.path("mutt-home");
    std::fs::create_dir_all(home.join("Mail")).expect("mkdir");
    s.script(
        "xdg-open",
        &format!(
            "exec '{}' -S '{}' -f /dev/null new-session -d -s nm -x 200 -y 50 \
             /usr/bin/env PATH=/usr/bin:/bin HOME='{}' EDITOR=less LESS= LANG=C.UTF-8 TERM=xterm \
             '{}' -n -F /dev/null -e 'set edit_headers=yes autoedit=yes abort_unmodified=no' \"$1\"",
            tmux.display(),
            socket.display(),
            home.display(),
            neomutt.display()
        ),
    );
}

#[test]
fn neomutt_compose_screen_shows_the_email() {
    let tmux_bin = require("tmux", "tmux");
    let neomutt = require("neomutt", "neomutt");
    require("less", "less");
    let s = Sandbox::new(Programs::Fakes);
    let socket = s.path("tmux.sock");
    xdg_open_to_neomutt(&s, &tmux_bin, &neomutt, &socket);
    let tmux = Tmux {
        bin: tmux_bin,
        socket,
    };

    let out = s
        .cmd()
        .args([
            "question",
            "--summary",
            "Is Café & co \"ready\" at 100%?",
            "--details",
            "First line of detail.\nSecond line + plus.",
            "--cc",
            "boss@acme.example",
            "--quiet",
            "--open",
        ])
        .args(ID)
        .output()
        .expect("run");
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));

    // First the draft in the editor: headers and the body as the link carried it.
    let draft = tmux.wait_for("the draft in its editor", |s| s.contains("Second line"));
    let line = |screen: &str, start: &str| {
        screen
            .lines()
            .map(str::trim)
            .find(|l| l.starts_with(start))
            .map(str::to_string)
    };
    assert_eq!(
        line(&draft, "To:").as_deref(),
        Some("To: support@9pic.ai"),
        "{draft}"
    );
    assert_eq!(
        line(&draft, "Cc:").as_deref(),
        Some("Cc: boss@acme.example"),
        "{draft}"
    );
    assert_eq!(
        line(&draft, "Subject:").as_deref(),
        Some("Subject: Question: Is Café & co \"ready\" at 100%?"),
        "{draft}"
    );
    assert!(draft.contains("Hello 9Pic support,"), "{draft}");
    assert!(
        draft.contains("First line of detail.\nSecond line + plus."),
        "{draft}"
    );
    assert!(draft.contains("Organisation: Acme Events"), "{draft}");

    // Then the compose screen, after leaving the editor.
    tmux.keys("q");
    let compose = tmux.wait_for("the compose screen", |s| s.contains("y:Send"));
    assert_eq!(
        line(&compose, "To:").as_deref(),
        Some("To: support@9pic.ai"),
        "{compose}"
    );
    assert_eq!(
        line(&compose, "Cc:").as_deref(),
        Some("Cc: boss@acme.example"),
        "{compose}"
    );
    assert_eq!(
        line(&compose, "Subject:").as_deref(),
        Some("Subject: Question: Is Café & co \"ready\" at 100%?"),
        "{compose}"
    );
}
