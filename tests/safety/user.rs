//! Ownership and permissions, for real: state owned by another user (root's
//! files under `nobody`'s directories, `nobody`'s directory under root), an
//! attachment `nobody` cannot read, and an attachment that vanishes while the
//! editor is open. Runs as `nobody` go through `setpriv` (util-linux).

use std::os::unix::fs::PermissionsExt;

use crate::support::disk::{Nobody, chown_nobody};
use crate::support::smtp::{SmtpServer, sending_profile};
use crate::support::{PROFILE_INIT, Programs, Sandbox, with_id};

const TICKET: [&str; 3] = ["request", "--summary", "Dark mode"];

fn mode(path: &std::path::Path, mode: u32) {
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(mode)).expect("chmod");
}

#[test]
fn a_history_owned_by_another_user_is_refused_naming_it() {
    let s = Sandbox::new(Programs::System);
    let nobody = Nobody::new(&s);
    // root's file in nobody's data directory, readable and (by mode) writable.
    let history = s.file("data/history.jsonl", b"");
    mode(&history, 0o666);
    let out = nobody.run(&s, with_id(&TICKET));
    out.exits_naming(73, &["history.jsonl", "owned by another user"]);
    assert_eq!(
        std::fs::read(&history).unwrap(),
        b"",
        "the foreign file was written"
    );
    assert_eq!(
        std::fs::metadata(&history).unwrap().permissions().mode() & 0o777,
        0o666
    );
}

#[test]
fn a_profile_file_owned_by_another_user_is_refused_naming_it() {
    let s = Sandbox::new(Programs::System);
    let nobody = Nobody::new(&s);
    let theirs = br#"{"version":1,"default":"x","profiles":{"x":{"org":"Theirs","login_email":"a@b.example","plan":"pro"}}}"#;
    let profiles = s.file("config/profiles.json", theirs);
    mode(&profiles, 0o666);
    let out = nobody.run(&s, PROFILE_INIT);
    out.exits_naming(73, &["profiles.json", "owned by another user"]);
    assert_eq!(std::fs::read(&profiles).unwrap(), theirs);
}

#[test]
fn a_data_directory_owned_by_another_user_is_refused_by_root() {
    let s = Sandbox::new(Programs::System);
    let data = s.path("data");
    chown_nobody(&data);
    mode(&data, 0o777);
    let out = s.run(with_id(&TICKET));
    out.exits_naming(73, &[&data.display().to_string(), "owned by another user"]);
    assert_eq!(
        std::fs::read_dir(&data).unwrap().count(),
        0,
        "root wrote into it"
    );
    assert_eq!(
        std::fs::metadata(&data).unwrap().permissions().mode() & 0o777,
        0o777,
        "chmod-ed"
    );
}

#[test]
fn an_attachment_nobody_cannot_read_is_66_in_every_format() {
    let s = Sandbox::new(Programs::System);
    let nobody = Nobody::new(&s);
    let shot = s.file("files/shot.png", b"\x89PNG secret");
    mode(&shot, 0o000);
    for format in ["text", "eml", "json", "mailto"] {
        let mut args = with_id(&["--format", format]);
        args.extend([
            "bug",
            "--summary",
            "Upload fails",
            "--page",
            "/upload",
            "--attach",
        ]);
        let mut cmd = nobody.command(&s, &args);
        let out = cmd
            .arg(&shot)
            .stdin(std::process::Stdio::null())
            .output()
            .unwrap();
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(66), "{format}: {err}");
        assert!(out.stdout.is_empty(), "{format}: something was printed");
        assert!(err.contains("shot.png"), "{format}: {err}");
    }
    assert_eq!(
        std::fs::read_dir(s.path("data")).unwrap().count(),
        0,
        "something was written"
    );
}

/// An editor that saves the user's words and deletes the attachment.
fn deleting_editor(s: &Sandbox, shot: &std::path::Path) -> std::path::PathBuf {
    s.script(
        "ed",
        &format!(
            "printf 'Words I wrote in the editor.\\n' > \"$1\"; rm -f '{}'",
            shot.display()
        ),
    )
}

#[track_caller]
fn assert_draft_kept(s: &Sandbox, out: &std::process::Output) {
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(66), "{err}");
    assert!(err.contains("shot.png"), "{err}");
    let drafts: Vec<_> = std::fs::read_dir(s.path("data/drafts"))
        .map(|d| d.flatten().map(|e| e.path()).collect())
        .unwrap_or_default();
    assert_eq!(drafts.len(), 1, "{drafts:?}");
    assert!(
        err.contains(&drafts[0].display().to_string()),
        "the draft is not named:\n{err}"
    );
    assert_eq!(
        std::fs::read_to_string(&drafts[0]).unwrap(),
        "Words I wrote in the editor.\n"
    );
}

#[test]
fn an_attachment_deleted_during_edit_keeps_the_draft_for_stdout() {
    let s = Sandbox::new(Programs::System);
    let shot = s.file("files/shot.png", b"\x89PNG");
    let editor = deleting_editor(&s, &shot);
    let mut args = with_id(&["--format", "eml"]);
    args.extend([
        "bug",
        "--summary",
        "Upload fails",
        "--page",
        "/upload",
        "--edit",
        "--attach",
    ]);
    let out = s
        .command(&args)
        .arg(&shot)
        .env("EDITOR", &editor)
        .output()
        .unwrap();
    assert!(
        out.stdout.is_empty(),
        "a message without its attachment was printed"
    );
    assert_draft_kept(&s, &out);
}

#[test]
fn an_attachment_deleted_during_edit_keeps_the_draft_and_sends_nothing() {
    let s = Sandbox::new(Programs::System);
    let server = SmtpServer::start(&s, None, "ok");
    sending_profile(&s, server.port, 5);
    let shot = s.file("files/shot.png", b"\x89PNG");
    let editor = deleting_editor(&s, &shot);
    let out = s
        .command([
            "bug",
            "--summary",
            "Upload fails",
            "--page",
            "/upload",
            "--edit",
            "--send",
            "--attach",
        ])
        .arg(&shot)
        .env("EDITOR", &editor)
        .output()
        .unwrap();
    assert_draft_kept(&s, &out);
    assert!(server.messages().is_empty(), "sent without its attachment");
}
