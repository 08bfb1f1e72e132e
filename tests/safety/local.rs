//! Local faults, adversarially: links planted at state paths, a history at the
//! last ID, editors that fail, body text with terminal controls, endless and
//! oversized inputs, non-UTF-8 paths. Each run checks the documented exit code,
//! that nothing planted was followed, and that typed text survives.

use std::ffi::OsString;
use std::os::unix::ffi::OsStringExt;
use std::os::unix::fs::PermissionsExt;

use crate::support::{Programs, Sandbox, question, with_id};

/// A question ticket with the identity flags and `extra` after it.
fn ticket(extra: &[&str]) -> Vec<String> {
    let mut args: Vec<String> = question("Local safety check", &[]);
    args.extend(with_id(&[]).into_iter().map(String::from));
    args.extend(extra.iter().map(|s| s.to_string()));
    args
}

/// The drafts the tool keeps in the sandbox's data directory.
fn drafts(s: &Sandbox) -> Vec<std::path::PathBuf> {
    std::fs::read_dir(s.path("data/drafts"))
        .map(|d| d.filter_map(|e| e.ok().map(|e| e.path())).collect())
        .unwrap_or_default()
}

#[test]
fn a_link_planted_at_the_history_is_refused_and_its_target_untouched() {
    let s = Sandbox::new(Programs::System);
    let target = s.file("victim.txt", b"precious\n");
    std::fs::set_permissions(&target, std::fs::Permissions::from_mode(0o644)).unwrap();
    std::os::unix::fs::symlink(&target, s.path("data/history.jsonl")).unwrap();
    let out = s.run(ticket(&[]));
    assert_eq!(out.code, 73, "{}", out.stderr);
    assert!(out.stderr.contains("symbolic link"), "{}", out.stderr);
    assert!(out.stderr.contains("history.jsonl"), "{}", out.stderr);
    assert_eq!(std::fs::read(&target).unwrap(), b"precious\n");
    let mode = std::fs::metadata(&target).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode, 0o644, "the link's target was chmod-ed");
}

#[test]
fn a_linked_config_directory_and_profile_file_are_refused() {
    let s = Sandbox::new(Programs::System);
    let elsewhere = s.path("elsewhere");
    std::fs::create_dir(&elsewhere).unwrap();
    std::fs::remove_dir(s.path("config")).unwrap();
    std::os::unix::fs::symlink(&elsewhere, s.path("config")).unwrap();
    let init = [
        "profile",
        "init",
        "--org",
        "Acme",
        "--login-email",
        "ops@acme.example",
    ];
    let out = s.run(init);
    assert_eq!(out.code, 73, "{}", out.stderr);
    assert!(out.stderr.contains("symbolic link"), "{}", out.stderr);
    assert_eq!(std::fs::read_dir(&elsewhere).unwrap().count(), 0);

    let s = Sandbox::new(Programs::System);
    let target = s.file("victim.json", b"{}");
    std::os::unix::fs::symlink(&target, s.path("config/profiles.json")).unwrap();
    let out = s.run(init);
    assert_eq!(out.code, 73, "{}", out.stderr);
    assert_eq!(std::fs::read(&target).unwrap(), b"{}");
}

#[test]
fn the_last_possible_history_id_is_an_error_not_zero() {
    let s = Sandbox::new(Programs::System);
    let line = format!(
        "{{\"id\":\"{}\",\"time\":\"2026-01-01T00:00:00Z\",\"category\":\"question\",\"subject\":\"s\",\"to\":\"support@9pic.ai\",\"message_id\":\"<a@b>\",\"delivery\":\"stdout\"}}\n",
        u64::MAX
    );
    s.file("data/history.jsonl", line.as_bytes());
    std::fs::set_permissions(
        s.path("data/history.jsonl"),
        std::fs::Permissions::from_mode(0o600),
    )
    .unwrap();
    let out = s.run(ticket(&[]));
    assert_eq!(out.code, 78, "{}", out.stderr);
    assert!(out.stderr.contains("largest ticket ID"), "{}", out.stderr);
    let history = std::fs::read_to_string(s.path("data/history.jsonl")).unwrap();
    assert!(!history.contains("\"id\":\"0\""), "{history}");
}

#[test]
fn an_editor_that_exits_1_cancels_and_keeps_the_draft() {
    let s = Sandbox::new(Programs::System);
    let editor = s.script("quit", "printf 'my careful words\\n' > \"$1\"; exit 1");
    let out = s
        .command(ticket(&["--edit"]))
        .env("EDITOR", &editor)
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(130), "{err}");
    assert!(out.stdout.is_empty());
    let kept = drafts(&s);
    assert_eq!(kept.len(), 1, "{kept:?}");
    assert!(err.contains(&kept[0].display().to_string()), "{err}");
    assert_eq!(
        std::fs::read_to_string(&kept[0]).unwrap(),
        "my careful words\n"
    );
    let mode = std::fs::metadata(&kept[0]).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode, 0o600);
}

#[test]
fn an_editor_that_saves_latin1_is_65_with_its_bytes_kept() {
    let s = Sandbox::new(Programs::System);
    let editor = s.script("latin1", "printf 'Caf\\351 ok\\n' > \"$1\"");
    let out = s
        .command(ticket(&["--edit"]))
        .env("EDITOR", &editor)
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(65), "{err}");
    assert!(err.contains("not UTF-8"), "{err}");
    let kept = drafts(&s);
    assert_eq!(kept.len(), 1, "{kept:?}");
    assert_eq!(std::fs::read(&kept[0]).unwrap(), b"Caf\xe9 ok\n");
}

#[test]
fn an_editor_that_deletes_its_file_is_a_clear_error_with_a_draft() {
    let s = Sandbox::new(Programs::System);
    let editor = s.script("rm", "rm -f \"$1\"");
    let out = s
        .command(ticket(&["--edit"]))
        .env("EDITOR", &editor)
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(66), "{err}");
    assert!(err.contains("the editor left no file"), "{err}");
    assert_eq!(drafts(&s).len(), 1);
}

#[test]
fn a_refused_ticket_from_stdin_names_the_draft_holding_the_text() {
    let s = Sandbox::new(Programs::System);
    let out = s.run_with_stdin(
        ticket(&["--details-file", "-", "--cc", "not an address"]),
        Some(b"Twenty minutes of typing.\n"),
    );
    assert_eq!(out.code, 65, "{}", out.stderr);
    let kept = drafts(&s);
    assert_eq!(kept.len(), 1, "{kept:?}");
    assert!(
        out.stderr.contains(&kept[0].display().to_string()),
        "{}",
        out.stderr
    );
    assert_eq!(
        std::fs::read(&kept[0]).unwrap(),
        b"Twenty minutes of typing.\n"
    );
    // A ticket that goes through leaves no draft behind.
    let s = Sandbox::new(Programs::System);
    let out = s.run_with_stdin(ticket(&["--details-file", "-"]), Some(b"Fine.\n"));
    out.ok();
    assert!(drafts(&s).is_empty());
}

#[test]
fn terminal_controls_in_body_text_are_65_in_every_source() {
    let s = Sandbox::new(Programs::System);
    let file = s.file("esc.txt", b"look \x1b[2J here");
    for extra in [
        vec!["--details", "ring \u{7} bell"],
        vec!["--tried", "escape \u{1b}[2J here"],
    ] {
        let out = s.run(ticket(&extra));
        assert_eq!(out.code, 65, "{extra:?}: {}", out.stderr);
        assert!(out.stderr.contains("control character"), "{}", out.stderr);
    }
    let out = s.run(ticket(&["--details-file", file.to_str().unwrap()]));
    assert_eq!(out.code, 65, "{}", out.stderr);
    assert!(out.stderr.contains("--details-file"), "{}", out.stderr);
}

#[test]
fn dev_zero_as_details_stops_at_the_limit() {
    let s = Sandbox::new(Programs::System);
    let started = std::time::Instant::now();
    let out = s.run(ticket(&["--details-file", "/dev/zero"]));
    assert_eq!(out.code, 65, "{}", out.stderr);
    assert!(out.stderr.contains("more than 1 MiB"), "{}", out.stderr);
    // Not a timing test: a reader without a limit never returns at all.
    assert!(started.elapsed() < std::time::Duration::from_secs(60));
}

#[test]
fn attachments_special_oversize_and_unreadable_are_refused_in_every_format() {
    let s = Sandbox::new(Programs::System);
    let big = s.path("big.bin");
    std::fs::File::create(&big)
        .unwrap()
        .set_len(26_000_000)
        .unwrap();
    let fifo = s.path("pipe");
    assert!(
        std::process::Command::new("mkfifo")
            .arg(&fifo)
            .status()
            .unwrap()
            .success()
    );
    for (path, code) in [
        (big.to_str().unwrap(), 65),
        (fifo.to_str().unwrap(), 65),
        ("/dev/zero", 65),
        // Files that say they are empty and stream without end (pagemap:
        // gigabytes) or a page of text: no size to check against the limit.
        ("/proc/self/pagemap", 65),
        ("/proc/self/status", 65),
        (s.root().to_str().unwrap(), 65),
        ("/no/such/file.png", 66),
    ] {
        for format in ["text", "json", "mailto", "eml"] {
            let out = s.run(ticket(&["--attach", path, "--format", format]));
            assert_eq!(out.code, code, "{path} {format}: {}", out.stderr);
            assert!(out.stdout.is_empty(), "{path} {format}");
        }
    }
}

#[test]
fn a_non_utf8_attachment_path_is_lossy_text_plus_bytes_in_json() {
    let s = Sandbox::new(Programs::System);
    let name = OsString::from_vec(b"shot\xff.png".to_vec());
    let path = s.root().join(&name);
    std::fs::write(&path, b"png").unwrap();
    let mut args: Vec<OsString> = ticket(&["--format", "json"])
        .into_iter()
        .map(OsString::from)
        .collect();
    args.push("--attach".into());
    args.push(path.clone().into_os_string());
    let out = s.run(args);
    let json: serde_json::Value =
        serde_json::from_slice(&out.stdout).unwrap_or_else(|e| panic!("{e}: {}", out.stderr));
    let a = &json["attachments"][0];
    assert!(
        a["path"].as_str().unwrap().ends_with("shot\u{fffd}.png"),
        "{a}"
    );
    use base64::Engine as _;
    let raw = base64::engine::general_purpose::STANDARD
        .decode(a["path_bytes_base64"].as_str().unwrap())
        .unwrap();
    assert_eq!(raw, path.into_os_string().into_vec());
}

#[test]
fn history_prints_tampered_subjects_with_controls_escaped() {
    let s = Sandbox::new(Programs::System);
    s.run(ticket(&[])).ok();
    let path = s.path("data/history.jsonl");
    let text = std::fs::read_to_string(&path).unwrap();
    let tampered = text.replace("Local safety check", "x\\u001b]0;pwned\\u0007\\u001b[2J");
    std::fs::write(&path, tampered).unwrap();
    let out = s.run(["history"]).ok();
    assert!(!out.contains('\u{1b}') && !out.contains('\u{7}'), "{out:?}");
    assert!(out.contains("\\e]0;pwned"), "{out}");
}

#[test]
fn a_profile_that_sends_by_default_gives_way_to_the_contact_form() {
    let s = Sandbox::new(Programs::Fakes);
    let rec = s.recording_xdg_open(0);
    let profile = serde_json::json!({"version": 1, "default": "acme", "profiles": {"acme": {
        "org": "Acme Events", "login_email": "ops@acme.example", "plan": "pro",
        "delivery": "send", "smtp": {"host": "127.0.0.1", "port": 9, "security": "none"}}}});
    std::fs::write(s.path("config/profiles.json"), profile.to_string()).unwrap();
    let form = [
        "enterprise",
        "--via",
        "form",
        "--products",
        "nda",
        "--timeline",
        "Q2",
    ];
    let out = s.run(form);
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert!(
        !out.stderr.contains("--send"),
        "blames a flag never typed: {}",
        out.stderr
    );
    assert!(out.stdout().contains("Enterprise"), "{}", out.stdout());
    for _ in 0..50 {
        if rec.exists() {
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(100));
    }
    let opened = crate::support::recorded_args(&rec);
    assert_eq!(opened, ["https://9pic.ai/contact/"]);
    // A typed --send still cannot reach a web form, and says so.
    let mut typed = form.to_vec();
    typed.push("--send");
    let err = s.run(typed);
    assert_eq!(err.code, 64, "{}", err.stderr);
    assert!(err.stderr.contains("drop --send"), "{}", err.stderr);
}
