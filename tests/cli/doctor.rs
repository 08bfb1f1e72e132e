//! `doctor`: reports each check, exits 0 when nothing is broken and with
//! the broken check's code otherwise. `xdg-mime` is a fake on `PATH`.

use crate::support::{ID, Programs, Sandbox, stderr, stdout};

#[test]
fn healthy_setup_passes_and_names_the_mail_handler() {
    let s = Sandbox::new(Programs::Fakes);
    s.script("xdg-mime", "echo thunderbird.desktop");
    s.recording_xdg_open(0);
    let out = s.cmd().arg("doctor").output().expect("run");
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}{}",
        stdout(&out),
        stderr(&out)
    );
    let report = stdout(&out);
    assert!(report.contains("[ok  ] config directory"), "{report}");
    assert!(report.contains("[ok  ] data directory"), "{report}");
    assert!(
        report.contains("thunderbird.desktop handles mailto:"),
        "{report}"
    );
    assert!(report.contains("profile init"), "no profile yet: {report}");
}

#[test]
fn no_mail_handler_is_a_warning_with_a_fix() {
    let s = Sandbox::new(Programs::Fakes);
    s.script("xdg-mime", "exit 0");
    let out = s.cmd().args(["doctor", "--json"]).output().expect("run");
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let doc: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON");
    let handler = doc["checks"]
        .as_array()
        .expect("checks")
        .iter()
        .find(|c| c["name"] == "mail handler")
        .expect("mail handler check");
    assert_eq!(handler["status"], "warn");
    assert!(handler["fix"].as_str().expect("fix").contains("webmail"));
}

#[test]
fn unusable_config_directory_fails_with_73() {
    let s = Sandbox::new(Programs::Fakes);
    let file = s.path("config-is-a-file");
    std::fs::write(&file, "").expect("write");
    s.script("xdg-mime", "echo thunderbird.desktop");
    let out = s
        .cmd()
        .arg("doctor")
        .env("NINEPIC_HELP_CONFIG_DIR", &file)
        .output()
        .expect("run");
    assert_eq!(out.status.code(), Some(73), "{}", stdout(&out));
    let report = stdout(&out);
    assert!(report.contains("[FAIL] config directory"), "{report}");
    assert!(report.contains("fix:"), "{report}");
    assert!(
        report.trim_end().ends_with(" problem") || report.trim_end().ends_with(" problems"),
        "{report}"
    );
}

#[test]
fn directory_readable_by_others_is_a_warning() {
    use std::os::unix::fs::PermissionsExt;
    let s = Sandbox::new(Programs::Fakes);
    s.script("xdg-mime", "echo thunderbird.desktop");
    std::fs::set_permissions(s.path("data"), std::fs::Permissions::from_mode(0o755))
        .expect("chmod");
    let out = s.cmd().arg("doctor").output().expect("run");
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let report = stdout(&out);
    assert!(report.contains("[warn] data directory"), "{report}");
    assert!(report.contains("chmod 700"), "{report}");
}

#[test]
fn saved_profile_is_reported() {
    let s = Sandbox::new(Programs::Fakes);
    s.script("xdg-mime", "echo thunderbird.desktop");
    let init = s
        .cmd()
        .args(["profile", "init"])
        .args(ID)
        .output()
        .expect("run");
    assert!(init.status.success(), "{}", stderr(&init));
    let out = s.cmd().arg("doctor").output().expect("run");
    let report = stdout(&out);
    assert!(
        report.contains("[ok  ] profile: Acme Events <ops@acme.example>, plan pro"),
        "{report}"
    );
}

/// The line `doctor` prints for `name`, without its `[FAIL] name: ` prefix.
fn failed_line(report: &str, name: &str) -> String {
    let prefix = format!("[FAIL] {name}: ");
    report
        .lines()
        .find_map(|l| l.strip_prefix(&prefix))
        .unwrap_or_else(|| panic!("no failed {name} check:\n{report}"))
        .to_string()
}

#[test]
fn doctor_and_profile_init_refuse_an_unusable_config_path_in_the_same_words() {
    let s = Sandbox::new(Programs::Fakes);
    s.script("xdg-mime", "echo thunderbird.desktop");
    let file = s.path("config-is-a-file");
    std::fs::write(&file, "").expect("write");
    let dir = s.path("elsewhere");
    std::fs::create_dir(&dir).expect("mkdir");
    let link = s.path("config-is-a-link");
    std::os::unix::fs::symlink(&dir, &link).expect("symlink");
    for (path, what) in [
        (&file, "it is not a directory"),
        (&link, "it is a symbolic link"),
    ] {
        let doctor = s
            .cmd()
            .arg("doctor")
            .env("NINEPIC_HELP_CONFIG_DIR", path)
            .output()
            .expect("run");
        assert_eq!(doctor.status.code(), Some(73), "{}", stdout(&doctor));
        let said = failed_line(&stdout(&doctor), "config directory");
        assert!(said.contains(&path.display().to_string()), "{said}");
        assert!(said.contains(what), "{said}");
        let init = s
            .cmd()
            .args(["profile", "init"])
            .args(ID)
            .env("NINEPIC_HELP_CONFIG_DIR", path)
            .output()
            .expect("run");
        assert_eq!(init.status.code(), Some(73), "{}", stderr(&init));
        let error = stderr(&init);
        assert!(
            error.contains(&format!("error: {said}")),
            "doctor said {said:?}, profile init said {error:?}"
        );
        // The fix doctor gives fits a directory, not a file to repair.
        assert!(
            stdout(&doctor).contains("move it away"),
            "{}",
            stdout(&doctor)
        );
    }
    assert_eq!(
        std::fs::read_dir(&dir).unwrap().count(),
        0,
        "the link was followed"
    );
}
