//! A full disk under the data directory (a real tmpfs of 64 KiB, filled):
//! the history append after the email went out, the outbox before a send,
//! the draft for `--edit`, the draft for `--open`, and standard input's
//! draft. Each run keeps what the user typed (on stdout, or in a draft it
//! names), says what happened, exits 73, and leaves no half-written file.

use std::process::Stdio;

use crate::support::disk::Tmpfs;
use crate::support::smtp::{SmtpServer, sending_profile};
use crate::support::{Output, PROFILE_INIT, Programs, Sandbox, with_id};

/// A sandbox whose data directory is a full 64 KiB disk.
fn full_data_disk(programs: Programs) -> (Sandbox, Tmpfs) {
    let s = Sandbox::new(programs);
    let disk = Tmpfs::mount(&s.path("data"), 64);
    disk.fill("filler");
    (s, disk)
}

/// Files on the disk besides the filler that hold bytes, or carry a
/// temporary name: what a failed write may have left behind.
fn leftovers(disk: &Tmpfs) -> Vec<String> {
    disk.files()
        .into_iter()
        .filter(|f| f != "filler")
        .filter(|f| {
            let len = std::fs::metadata(disk.dir.join(f))
                .map(|m| m.len())
                .unwrap_or(0);
            len > 0 || f.contains(".tmp") || f.contains("/.") || f.starts_with('.')
        })
        .collect()
}

#[track_caller]
fn assert_73_printed(out: &Output, needle: &str) {
    assert_eq!(
        out.code,
        73,
        "stderr:\n{}\nstdout:\n{}",
        out.stderr,
        out.stdout()
    );
    assert!(!out.stderr.contains("panicked"), "{}", out.stderr);
    assert!(
        out.stdout().contains(needle),
        "the text is not on stdout:\n{}\nstderr:\n{}",
        out.stdout(),
        out.stderr
    );
    assert!(
        out.stderr.contains("printed on stdout") || out.stderr.contains("went out via stdout"),
        "{}",
        out.stderr
    );
    assert!(
        out.stderr.contains("No space left"),
        "the cause is not said:\n{}",
        out.stderr
    );
}

#[test]
fn a_full_disk_under_the_history_says_the_email_already_went_out() {
    let (s, disk) = full_data_disk(Programs::System);
    let out = s.run(with_id(&[
        "request",
        "--summary",
        "Dark mode for galleries",
    ]));
    assert_eq!(out.code, 73, "{}", out.stderr);
    assert!(
        out.stdout()
            .contains("Subject: [FEATURE] Dark mode for galleries"),
        "{}",
        out.stdout()
    );
    assert!(out.stderr.contains("history.jsonl"), "{}", out.stderr);
    assert!(out.stderr.contains("went out via stdout"), "{}", out.stderr);
    assert!(out.stderr.contains("--no-history"), "{}", out.stderr);
    assert_eq!(leftovers(&disk), Vec::<String>::new());
    // --no-history is the way through, as the error says.
    let out = s.run(with_id(&[
        "--no-history",
        "request",
        "--summary",
        "Dark mode",
    ]));
    assert_eq!(out.code, 0, "{}", out.stderr);
}

#[test]
fn an_outbox_with_room_for_the_message_but_not_its_meta_keeps_no_half_entry() {
    let s = Sandbox::new(Programs::System);
    let server = SmtpServer::start(&s, None, "ok");
    sending_profile(&s, server.port, 5);
    let disk = Tmpfs::mount(&s.path("data"), 64);
    // One free page: the message (under 4 KiB) fits, its meta file does not.
    std::fs::write(disk.dir.join("slack"), [0u8; 4096]).unwrap();
    disk.fill("filler");
    std::fs::remove_file(disk.dir.join("slack")).unwrap();
    let out = s.run(["request", "--summary", "Dark mode for galleries", "--send"]);
    assert_73_printed(&out, "Subject: [FEATURE] Dark mode for galleries");
    assert!(
        server.messages().is_empty(),
        "sent without the write-ahead outbox"
    );
    assert_eq!(leftovers(&disk), Vec::<String>::new());
    let listed = s.run(["outbox", "list", "--json"]);
    assert_eq!(listed.code, 0, "{}", listed.stderr);
    assert!(!listed.stderr.contains("corrupt"), "{}", listed.stderr);
}

#[test]
fn a_full_disk_under_the_outbox_sends_nothing_and_prints_the_message() {
    let s = Sandbox::new(Programs::System);
    let server = SmtpServer::start(&s, None, "ok");
    sending_profile(&s, server.port, 5);
    let disk = Tmpfs::mount(&s.path("data"), 64);
    disk.fill("filler");
    let out = s.run(["request", "--summary", "Dark mode for galleries", "--send"]);
    assert_73_printed(&out, "Subject: [FEATURE] Dark mode for galleries");
    assert!(out.stderr.contains("nothing was sent"), "{}", out.stderr);
    assert!(
        out.stdout().contains("Message-ID: "),
        "the complete message: {}",
        out.stdout()
    );
    assert!(
        server.messages().is_empty(),
        "sent without the write-ahead outbox"
    );
    assert_eq!(leftovers(&disk), Vec::<String>::new());
}

#[test]
fn a_full_disk_under_the_editors_draft_prints_the_email_instead() {
    let (s, disk) = full_data_disk(Programs::System);
    let ran = s.path("editor-ran");
    let editor = s.script(
        "ed",
        &format!("touch '{}'; printf 'x\\n' > \"$1\"", ran.display()),
    );
    let out: Output = s
        .command(with_id(&[
            "request",
            "--summary",
            "Dark mode for galleries",
            "--edit",
        ]))
        .env("EDITOR", &editor)
        .stdin(Stdio::null())
        .output()
        .unwrap()
        .into();
    assert_73_printed(&out, "Subject: [FEATURE] Dark mode for galleries");
    assert!(out.stderr.contains("before editing"), "{}", out.stderr);
    assert!(!ran.exists(), "the editor ran without a draft to edit");
    assert_eq!(leftovers(&disk), Vec::<String>::new());
}

#[test]
fn an_open_draft_that_cannot_be_written_after_edit_prints_the_edited_email() {
    let s = Sandbox::new(Programs::Fakes);
    let disk = Tmpfs::mount(&s.path("data"), 64);
    let shot = s.file("files/shot.png", b"\x89PNG fake");
    let rec = s.recording_xdg_open(0);
    // The editor saves the user's words, then the disk fills up.
    let editor = s.script(
        "ed",
        &format!(
            "printf 'My carefully edited words.\\n' > \"$1\"; /bin/cat /dev/zero > '{}' 2>/dev/null; exit 0",
            disk.dir.join("filler").display()
        ),
    );
    let out: Output = s
        .command(with_id(&[
            "bug",
            "--summary",
            "Upload fails",
            "--page",
            "/upload",
            "--edit",
            "--open",
        ]))
        .arg("--attach")
        .arg(&shot)
        .env("EDITOR", &editor)
        .stdin(Stdio::null())
        .output()
        .unwrap()
        .into();
    assert_73_printed(&out, "My carefully edited words.");
    assert!(
        out.stderr.contains("mail client could not be saved"),
        "{}",
        out.stderr
    );
    assert!(
        !rec.exists(),
        "the mail client was launched without a draft"
    );
    // The edited text's own draft is kept and named.
    let kept: Vec<String> = leftovers(&disk)
        .into_iter()
        .filter(|f| f.starts_with("drafts/edit-"))
        .collect();
    assert_eq!(kept.len(), 1, "{:?}", disk.files());
    assert!(out.stderr.contains(&kept[0]), "{}", out.stderr);
    assert_eq!(
        leftovers(&disk)
            .into_iter()
            .filter(|f| !f.starts_with("drafts/edit-"))
            .collect::<Vec<_>>(),
        Vec::<String>::new()
    );
}

#[test]
fn standard_input_that_cannot_be_kept_is_printed_back() {
    let (s, disk) = full_data_disk(Programs::System);
    let typed = b"Twenty minutes of careful typing about the gallery.\n";
    let out = s.run_with_stdin(
        with_id(&["request", "--summary", "Dark mode", "--details-file", "-"]),
        Some(typed),
    );
    assert_73_printed(&out, "Twenty minutes of careful typing about the gallery.");
    assert!(out.stderr.contains("standard input"), "{}", out.stderr);
    // The directory the user can free, not the temp file already removed.
    let drafts = format!("cannot write {}:", disk.dir.join("drafts").display());
    assert!(out.stderr.contains(&drafts), "{}", out.stderr);
    assert_eq!(leftovers(&disk), Vec::<String>::new());
}

/// A history file of exactly `size` bytes of valid records.
fn history_of(size: usize) -> Vec<u8> {
    let record = |id: usize, pad: usize| {
        format!(
            "{{\"id\":\"{id}\",\"time\":\"2025-01-01T00:00:00Z\",\"category\":\"request\",\"subject\":\"{}\",\"to\":\"support@9pic.ai\",\"message_id\":\"<{id}@x>\",\"delivery\":\"stdout\"}}\n",
            "s".repeat(pad)
        )
    };
    let mut out = String::new();
    let mut id = 1;
    while out.len() + record(id, 1).len() * 2 < size {
        out.push_str(&record(id, 1));
        id += 1;
    }
    let pad = size - out.len() - record(id, 0).len();
    out.push_str(&record(id, pad));
    assert_eq!(out.len(), size);
    out.into_bytes()
}

#[test]
fn a_history_append_cut_short_by_a_full_disk_leaves_no_half_line() {
    let s = Sandbox::new(Programs::System);
    let disk = Tmpfs::mount(&s.path("data"), 64);
    // 4000 bytes: the file's page has under 100 bytes left for the new record.
    let before = history_of(4000);
    let history = disk.dir.join("history.jsonl");
    std::fs::write(&history, &before).unwrap();
    disk.fill("filler");
    let out = s.run(with_id(&[
        "request",
        "--summary",
        "Dark mode for galleries",
    ]));
    assert_eq!(out.code, 73, "{}", out.stderr);
    assert!(out.stdout().contains("Dark mode for galleries"));
    assert!(out.stderr.contains("went out via stdout"), "{}", out.stderr);
    let after = std::fs::read(&history).unwrap();
    assert_eq!(after.len(), before.len(), "a half line was left");
    assert_eq!(after, before);
}

#[test]
fn a_profile_change_on_a_full_disk_keeps_the_old_profile_whole() {
    let s = Sandbox::new(Programs::System);
    let disk = Tmpfs::mount(&s.path("config"), 64);
    assert_eq!(s.run(PROFILE_INIT).code, 0);
    let before = std::fs::read(disk.dir.join("profiles.json")).unwrap();
    disk.fill("filler");
    let out = s.run(["profile", "set", "sender_name", "Ann Example"]);
    out.exits_naming(73, &["No space left"]);
    // The file being replaced is named, not its (removed) temp file.
    let target = format!("cannot write {}:", disk.dir.join("profiles.json").display());
    assert!(out.stderr.contains(&target), "{}", out.stderr);
    assert!(!out.stderr.contains(".tmp-"), "{}", out.stderr);
    assert_eq!(
        std::fs::read(disk.dir.join("profiles.json")).unwrap(),
        before
    );
    let names: Vec<String> = disk.files().into_iter().filter(|f| f != "filler").collect();
    assert!(
        names
            .iter()
            .all(|f| f == "profiles.json" || f.ends_with(".lock")),
        "temporary files left: {names:?}"
    );
}
