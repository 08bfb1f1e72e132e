//! The outbox on a real directory: adding, listing, claiming, IDs.

use super::*;
use crate::store::history::Keys;

fn meta() -> Meta {
    Meta {
        schema: SCHEMA.to_string(),
        id: String::new(),
        queued_at: "2026-11-21T08:00:00Z".to_string(),
        message_id: "<a@b>".to_string(),
        subject: "s".to_string(),
        date: jiff::Timestamp::UNIX_EPOCH,
        category: "bug".to_string(),
        to: "support@9pic.ai".to_string(),
        profile: None,
        keys: Keys::default(),
        situation: None,
        response: None,
        due: None,
        in_reply_to: None,
        from: "ann@example.org".to_string(),
        recipients: vec!["support@9pic.ai".to_string()],
        attempts: 0,
        last_error: String::new(),
        last_exit: 0,
    }
}

fn entries(outbox: &Outbox) -> Vec<Entry> {
    outbox
        .list()
        .unwrap()
        .into_iter()
        .filter_map(|l| match l {
            Listed::Entry(e) => Some(*e),
            Listed::Corrupt { .. } => None,
        })
        .collect()
}

#[test]
fn add_claim_list_remove_round_trip() {
    let dir = tempfile::tempdir().unwrap();
    let outbox = Outbox::new(dir.path());
    let a = outbox.add(meta(), b"one\r\n").unwrap();
    let b = outbox.add(meta(), b"two\r\n").unwrap();
    assert_eq!(
        (a.entry.meta.id.as_str(), b.entry.meta.id.as_str()),
        ("1", "2")
    );
    // Held by this run: others see them as being sent and cannot claim them.
    assert_eq!(entries(&outbox)[0].state, State::Sending);
    assert_eq!(outbox.claim("1").unwrap_err().exit_code(), 75);
    assert_eq!(outbox.discard("1").unwrap_err().exit_code(), 75);
    drop((a, b));
    let listed = entries(&outbox);
    assert_eq!(listed.len(), 2);
    assert_eq!(listed[1].state, State::Queued);
    assert_eq!(listed[1].message().unwrap(), b"two\r\n");
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = fs::metadata(&listed[0].path).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o600);
    }
    outbox.claim("01").unwrap().remove().unwrap();
    assert_eq!(entries(&outbox).len(), 1);
    assert_eq!(outbox.get("1").unwrap_err().exit_code(), 65);
    assert_eq!(outbox.get("../x").unwrap_err().exit_code(), 65);
    assert_eq!(
        outbox.get("99999999999999999999").unwrap_err().exit_code(),
        65
    );
}

#[test]
fn the_final_dot_marker_makes_an_entry_uncertain() {
    let dir = tempfile::tempdir().unwrap();
    let outbox = Outbox::new(dir.path());
    let mut claimed = outbox.add(meta(), b"x\r\n").unwrap();
    mark_final_dot(&claimed.final_dot_marker()).unwrap();
    claimed
        .record_failure(&Error::TempFail("lost".into()), true)
        .unwrap();
    assert_eq!(claimed.entry.state, State::MayHaveBeenDelivered);
    drop(claimed);
    let e = &entries(&outbox)[0];
    assert_eq!(e.state, State::MayHaveBeenDelivered);
    assert_eq!((e.meta.attempts, e.meta.last_exit), (1, 75));
}

#[test]
fn a_corrupt_entry_is_listed_apart_and_can_be_discarded() {
    let dir = tempfile::tempdir().unwrap();
    let outbox = Outbox::new(dir.path());
    drop(outbox.add(meta(), b"a\r\n").unwrap());
    drop(outbox.add(meta(), b"b\r\n").unwrap());
    fs::write(outbox.dir().join("1.json"), b"{ not json").unwrap();
    let listed = outbox.list().unwrap();
    assert!(matches!(&listed[0], Listed::Corrupt { id, .. } if id == "1"));
    assert!(matches!(&listed[1], Listed::Entry(e) if e.meta.id == "2"));
    assert_eq!(outbox.claim("1").unwrap_err().exit_code(), 78);
    outbox.discard("1").unwrap();
    assert_eq!(outbox.list().unwrap().len(), 1);
}

#[test]
fn ids_never_wrap() {
    let dir = tempfile::tempdir().unwrap();
    let outbox = Outbox::new(dir.path());
    drop(outbox.add(meta(), b"first\r\n").unwrap());
    fs::write(outbox.dir().join(format!("{}.eml", u64::MAX)), b"stray").unwrap();
    let err = outbox.add(meta(), b"second\r\n").unwrap_err();
    assert_eq!(err.exit_code(), 73, "{err}");
    assert!(err.to_string().contains(&u64::MAX.to_string()), "{err}");
    assert_eq!(entries(&outbox)[0].message().unwrap(), b"first\r\n");
}
