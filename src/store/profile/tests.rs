//! Profiles: the file, its checks and its values.

use super::*;

#[test]
fn corrupt_file_is_named_and_left_alone() {
    let dir = tempfile::tempdir().unwrap();
    let p = Profiles::new(dir.path());
    let text = b"{\n  \"default\": \"a\",\n  \"profiles\": {\"a\": {\"org\": \"x\"";
    std::fs::write(p.path(), text).unwrap();
    let err = p
        .update(|f| {
            f.default = None;
            Ok(())
        })
        .unwrap_err();
    assert_eq!(err.exit_code(), 78);
    let msg = err.to_string();
    assert!(msg.contains("line 3, column 31"), "{msg}");
    assert_eq!(std::fs::read(p.path()).unwrap(), text);
}

#[test]
fn password_in_file_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let p = Profiles::new(dir.path());
    std::fs::write(p.path(), r#"{"profiles":{"a":{"smtp":{"password":"x"}}}}"#).unwrap();
    assert!(p.load().unwrap_err().to_string().contains("password"));
}

#[test]
fn values_are_checked_like_flags() {
    let mut prof = Profile::default();
    assert!(
        prof.set(Key::LoginEmail, "help@x.org?attach=/etc/passwd")
            .is_err()
    );
    assert!(prof.set(Key::Timezone, "Mars/Olympus").is_err());
    assert!(prof.set(Key::SmtpPort, "0").is_err());
    prof.set(Key::Cc, "a@b.co, c@d.org").unwrap();
    assert_eq!(prof.cc.len(), 2);
    prof.login_email = Some("a@b.co\r\nBcc: x@y.z".into());
    let problems = prof.check().unwrap_err();
    assert_eq!(problems[0].0, Key::LoginEmail);
}
