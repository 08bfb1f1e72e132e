//! Org profiles: the commands, flags over profile, where files live, their modes,
//! corrupt files, and the SIGKILL-during-saves stress test (the 50 writers are in `store`).

use std::os::unix::fs::PermissionsExt;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use crate::support::{PROFILE_INIT, Programs, Sandbox, header, split_text};

/// A ticket that needs nothing but the identity.
const RENEWAL: [&str; 3] = ["request", "--summary", "Profile check"];

fn mode(path: &Path) -> u32 {
    std::fs::metadata(path).unwrap().permissions().mode() & 0o777
}

pub(super) fn profiles_json(sb: &Sandbox) -> serde_json::Value {
    let bytes = std::fs::read(sb.root().join("config/profiles.json")).unwrap();
    serde_json::from_slice(&bytes).unwrap()
}

fn init_acme(sb: &Sandbox) {
    let mut args = PROFILE_INIT.to_vec();
    args.extend(["--sender-name", "Ada Lovelace"]);
    sb.run(args).ok();
}

#[test]
fn init_show_set_use_and_a_ticket_uses_the_profile() {
    let sb = Sandbox::new(Programs::System);
    init_acme(&sb);
    let show = sb.run(["profile", "show"]).ok();
    assert!(show.contains("name: default (default)"), "{show}");
    assert!(show.contains("org: Acme Events"), "{show}");
    assert!(show.contains("plan: pro"), "{show}");

    sb.run(["profile", "set", "cc", "boss@acme.example"]).ok();
    sb.run(["profile", "set", "timezone", "Europe/Berlin"]).ok();
    let json: serde_json::Value =
        serde_json::from_str(&sb.run(["profile", "show", "--json"]).ok()).unwrap();
    assert_eq!(json["schema"], "9pic-help.profile/1");
    assert_eq!(json["profile"]["cc"][0], "boss@acme.example");
    assert_eq!(json["profile"]["timezone"], "Europe/Berlin");

    // A ticket with no identity flags takes everything from the profile.
    let text = sb.run(RENEWAL).ok();
    let (headers, body) = split_text(&text);
    assert_eq!(header(&headers, "Cc"), Some("boss@acme.example"));
    assert!(
        body.contains("Acme Events") && body.contains("Ada Lovelace"),
        "{body}"
    );
    assert!(body.contains("Pro"), "{body}");

    // A second profile, made the default with `use`.
    sb.run([
        "profile",
        "init",
        "agency",
        "--org",
        "Studio Two",
        "--login-email",
        "hi@two.example",
        "--plan",
        "payg",
    ])
    .ok();
    assert!(
        sb.run(RENEWAL).ok().contains("Acme Events"),
        "default stays"
    );
    sb.run(["profile", "use", "agency"]).ok();
    let list = sb.run(["profile", "list"]).ok();
    assert!(
        list.contains("* agency") && list.contains("  default"),
        "{list}"
    );
    assert!(sb.run(RENEWAL).ok().contains("Studio Two"));
    // --profile and NINEPIC_HELP_PROFILE pick another without changing the default.
    assert!(
        sb.run([
            "--profile",
            "default",
            "request",
            "--summary",
            "Profile check"
        ])
        .ok()
        .contains("Acme Events")
    );
    let mut sb2 = Sandbox::new(Programs::System);
    sb2.env(
        "NINEPIC_HELP_CONFIG_DIR",
        sb.root().join("config").display().to_string(),
    );
    sb2.env("NINEPIC_HELP_PROFILE", "default");
    assert!(sb2.run(RENEWAL).ok().contains("Acme Events"));
    let err = sb
        .run(["--profile", "nope", "request", "--summary", "Profile check"])
        .fails(78)
        .to_string();
    assert!(
        err.contains("no profile named \"nope\"") && err.contains("agency"),
        "{err}"
    );

    sb.run(["profile", "remove", "agency"]).ok();
    assert!(
        sb.run(RENEWAL).ok().contains("Acme Events"),
        "last one left becomes default"
    );
    assert_eq!(profiles_json(&sb)["default"], "default");
}

#[test]
fn flags_override_the_profile() {
    let sb = Sandbox::new(Programs::System);
    init_acme(&sb);
    let text = sb
        .run([
            "request",
            "--summary",
            "Profile check",
            "--org",
            "Other Org",
            "--login-email",
            "x@other.example",
            "--plan",
            "payg",
        ])
        .ok();
    let (headers, body) = split_text(&text);
    assert!(
        header(&headers, "From")
            .unwrap()
            .contains("x@other.example")
    );
    assert!(
        body.contains("Other Org") && !body.contains("Acme Events"),
        "{body}"
    );
    assert!(body.contains("Pay As You Go"), "{body}");
}

#[test]
fn profile_values_are_checked_like_flags() {
    let sb = Sandbox::new(Programs::System);
    init_acme(&sb);
    // Through `set`: refused as data, nothing written.
    let before = std::fs::read(sb.root().join("config/profiles.json")).unwrap();
    let err = sb
        .run([
            "profile",
            "set",
            "login_email",
            "help@x.org?attach=/etc/passwd",
        ])
        .fails(65)
        .to_string();
    assert!(err.contains("login_email"), "{err}");
    assert_eq!(
        std::fs::read(sb.root().join("config/profiles.json")).unwrap(),
        before
    );

    // Through a hand-edited file: a config error naming the key, at ticket time.
    let mut json = profiles_json(&sb);
    json["profiles"]["default"]["login_email"] = "help@x.org?attach=/etc/passwd".into();
    json["profiles"]["default"]["cc"] =
        serde_json::json!(["ok@acme.example", "a@b.co\r\nBcc: x@y.z"]);
    std::fs::write(sb.root().join("config/profiles.json"), json.to_string()).unwrap();
    let err = sb.run(RENEWAL).fails(78).to_string();
    assert!(err.contains("profile key login_email"), "{err}");
    assert!(err.contains("profile key cc"), "{err}");
    // The flag replaces the bad value, but the bad cc is still used and still refused.
    let err = sb
        .run([
            "request",
            "--summary",
            "Profile check",
            "--login-email",
            "ops@acme.example",
        ])
        .fails(78)
        .to_string();
    assert!(
        !err.contains("login_email") && err.contains("profile key cc"),
        "{err}"
    );

    // A password has no place in the file: refused, with the position.
    std::fs::write(
        sb.root().join("config/profiles.json"),
        r#"{"profiles": {"default": {"org": "A", "smtp": {"password": "hunter2"}}}}"#,
    )
    .unwrap();
    let err = sb.run(["profile", "show"]).fails(78).to_string();
    assert!(
        err.contains("unknown field `password`") && err.contains("line 1"),
        "{err}"
    );
    assert!(!err.contains("hunter2"), "{err}");
}

#[test]
fn no_profile_and_no_identity_names_the_fix() {
    let sb = Sandbox::new(Programs::System);
    let err = sb.run(RENEWAL).fails(78).to_string();
    assert!(err.contains("9pic-help profile init --org"), "{err}");
    assert!(err.contains("--login-email"), "{err}");
    let err = sb.run(["profile", "show"]).fails(78).to_string();
    assert!(err.contains("profile init"), "{err}");
    // `init` without the essentials, not on a terminal: a usage error naming both flags.
    let err = sb
        .run(["profile", "init", "--plan", "pro"])
        .fails(64)
        .to_string();
    assert!(
        err.contains("--org") && err.contains("--login-email"),
        "{err}"
    );
    assert!(!sb.root().join("config/profiles.json").exists());
}

#[test]
fn profile_path_says_where_each_place_came_from() {
    let mut sb = Sandbox::new(Programs::System);
    let out: serde_json::Value =
        serde_json::from_str(&sb.run(["profile", "path", "--json"]).ok()).unwrap();
    assert_eq!(out["config_dir"]["from"], "NINEPIC_HELP_CONFIG_DIR");
    assert_eq!(out["data_dir"]["from"], "NINEPIC_HELP_DATA_DIR");
    assert_eq!(
        out["config_dir"]["path"],
        sb.root().join("config").display().to_string()
    );

    let flag_dir = sb.root().join("elsewhere");
    let text = sb
        .run([
            "profile",
            "path",
            "--config-dir",
            flag_dir.to_str().unwrap(),
        ])
        .ok();
    assert!(
        text.contains(&format!(
            "config dir: {}  (--config-dir flag)",
            flag_dir.display()
        )),
        "{text}"
    );

    // Without the overrides: the XDG directories.
    sb.env("NINEPIC_HELP_CONFIG_DIR", "")
        .env("NINEPIC_HELP_DATA_DIR", "");
    let out: serde_json::Value =
        serde_json::from_str(&sb.run(["profile", "path", "--json"]).ok()).unwrap();
    let xdg = |s: &str| sb.root().join(s).join("9pic-help").display().to_string();
    assert_eq!(out["config_dir"]["source"], "platform");
    assert_eq!(out["config_dir"]["path"], xdg("xdg-config"));
    assert_eq!(out["data_dir"]["path"], xdg("xdg-data"));
    assert_eq!(
        out["profiles"],
        format!("{}/profiles.json", xdg("xdg-config"))
    );
    // And that is where init writes.
    init_acme(&sb);
    assert!(
        sb.root()
            .join("xdg-config/9pic-help/profiles.json")
            .is_file()
    );
}

/// Runs the binary under `umask 000`, with the sandbox's environment.
fn run_with_umask_000(sb: &Sandbox, args: &[&str]) {
    let inner = sb.command(args);
    let mut cmd = Command::new("sh");
    cmd.env_clear()
        .args(["-c", "umask 000; exec \"$@\"", "sh"])
        .arg(inner.get_program())
        .args(args)
        .current_dir(sb.root());
    for (k, v) in inner.get_envs() {
        if let Some(v) = v {
            cmd.env(k, v);
        }
    }
    let out = cmd.output().unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn files_are_private_even_under_umask_000_and_loose_modes_are_repaired() {
    let mut sb = Sandbox::new(Programs::System);
    let config = sb.root().join("fresh/config");
    let data = sb.root().join("fresh/data");
    sb.env("NINEPIC_HELP_CONFIG_DIR", config.display().to_string());
    sb.env("NINEPIC_HELP_DATA_DIR", data.display().to_string());
    run_with_umask_000(
        &sb,
        &[
            "profile",
            "init",
            "--org",
            "A",
            "--login-email",
            "a@b.co",
            "--plan",
            "pro",
        ],
    );
    run_with_umask_000(&sb, &["request", "--summary", "Profile check"]);
    assert_eq!(mode(&config), 0o700);
    assert_eq!(mode(&data), 0o700);
    for f in ["profiles.json", "profiles.lock"] {
        assert_eq!(mode(&config.join(f)), 0o600, "{f}");
    }
    for f in ["history.jsonl", "history.lock"] {
        assert_eq!(mode(&data.join(f)), 0o600, "{f}");
    }

    let file = config.join("profiles.json");
    std::fs::set_permissions(&file, std::fs::Permissions::from_mode(0o644)).unwrap();
    std::fs::set_permissions(&config, std::fs::Permissions::from_mode(0o755)).unwrap();
    let history = data.join("history.jsonl");
    std::fs::set_permissions(&history, std::fs::Permissions::from_mode(0o644)).unwrap();
    std::fs::set_permissions(&data, std::fs::Permissions::from_mode(0o755)).unwrap();
    sb.run(["profile", "show"]).ok();
    sb.run(["history"]).ok();
    assert_eq!(mode(&file), 0o600);
    assert_eq!(mode(&config), 0o700);
    assert_eq!(mode(&history), 0o600);
    assert_eq!(mode(&data), 0o700);
}

#[test]
fn a_truncated_file_is_named_and_never_overwritten() {
    let sb = Sandbox::new(Programs::System);
    init_acme(&sb);
    let path = sb.root().join("config/profiles.json");
    let full = std::fs::read(&path).unwrap();
    let cut = &full[..full.len() / 2];
    std::fs::write(&path, cut).unwrap();
    for args in [
        vec!["profile", "show"],
        vec!["profile", "set", "plan", "payg"],
        vec![
            "profile",
            "init",
            "other",
            "--org",
            "B",
            "--login-email",
            "b@b.co",
        ],
        vec!["profile", "use", "default"],
        vec!["request", "--summary", "Profile check"],
    ] {
        let err = sb.run(&args).fails(78).to_string();
        assert!(err.contains(&path.display().to_string()), "{args:?}: {err}");
        assert!(
            err.contains("line ") && err.contains("column "),
            "{args:?}: {err}"
        );
        assert!(err.contains("truncated"), "{args:?}: {err}");
        assert!(err.contains("left untouched"), "{args:?}: {err}");
        assert_eq!(
            std::fs::read(&path).unwrap(),
            cut,
            "{args:?} changed the file"
        );
    }
}

/// A small deterministic generator; the seed is printed so a failure can be replayed.
struct XorShift(u64);

impl XorShift {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
}

#[test]
fn a_writer_killed_at_random_points_leaves_the_old_or_the_new_profile() {
    let sb = Sandbox::new(Programs::System);
    init_acme(&sb);
    // Some bulk, so a save takes a moment to write.
    for i in 0..20 {
        sb.run([
            "profile",
            "init",
            &format!("filler{i}"),
            "--org",
            &"F".repeat(200),
            "--login-email",
            "f@f.co",
        ])
        .ok();
    }
    let path = sb.root().join("config/profiles.json");
    let org = || -> String {
        let bytes = std::fs::read(&path).unwrap();
        let json: serde_json::Value = serde_json::from_slice(&bytes)
            .unwrap_or_else(|e| panic!("profile file does not parse: {e}"));
        json["profiles"]["default"]["org"]
            .as_str()
            .unwrap()
            .to_string()
    };
    // How long one save takes here, to spread the kills over its whole run.
    let t = Instant::now();
    for _ in 0..3 {
        sb.run(["profile", "set", "org", "Acme Events"]).ok();
    }
    let span = (t.elapsed() / 3).as_micros() as u64 * 3 / 2;
    let seed = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_nanos() as u64
        | 1;
    let mut rng = XorShift(seed);
    let started = Instant::now();
    let (mut old, mut new) = (0, 0);
    let mut current = org();
    for i in 0..200 {
        let next = format!("Org version {i}");
        let mut child = sb
            .command(["profile", "set", "org", &next])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        std::thread::sleep(Duration::from_micros(rng.next() % span.max(1)));
        let _ = child.kill(); // SIGKILL
        child.wait().unwrap();
        let now = org();
        assert!(
            now == current || now == next,
            "save {i} (seed {seed}): found {now:?}, expected {current:?} or {next:?}"
        );
        if now == next {
            new += 1;
        } else {
            old += 1;
        }
        current = now;
    }
    eprintln!(
        "200 killed saves in {:?}: {old} left the old profile, {new} the new",
        started.elapsed()
    );
    assert!(
        old > 0 && new > 0,
        "kills should land before and after the rename (seed {seed})"
    );
    // The survivor is a fully working profile file.
    sb.run(["profile", "set", "plan", "enterprise"]).ok();
    assert_eq!(
        profiles_json(&sb)["profiles"].as_object().unwrap().len(),
        21
    );
}
