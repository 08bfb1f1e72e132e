//! Times at the edges of the calendar, as a user types them: a local time the
//! clocks skip or repeat, impossible offsets, amounts past the calendar, the
//! last second of the year 9999, and `SOURCE_DATE_EPOCH` values that are not
//! a date. Each is refused with its exit code and the flag (or variable) named.

use crate::support::{Programs, Sandbox, with_id};

/// A security ticket noticed `when`, in a sandbox whose zone is Europe/Berlin.
fn security(when: &str) -> (Sandbox, Vec<String>) {
    let s = Sandbox::new(Programs::System).with_env("TZ", "Europe/Berlin");
    let args = with_id(&[
        "--quiet",
        "security",
        "--what",
        "A login from abroad",
        "--when",
        when,
    ])
    .into_iter()
    .map(String::from)
    .collect();
    (s, args)
}

/// Runs `security --when WHEN`; asserts exit 65 naming `--when`; returns stderr.
#[track_caller]
fn refused(when: &str) -> String {
    let (s, args) = security(when);
    let out = s.run(args);
    let err = out.fails(65).to_string();
    assert!(
        err.contains("--when"),
        "{when}: the flag is not named:\n{err}"
    );
    assert!(!err.contains("panicked"), "{err}");
    err
}

#[test]
fn a_local_time_in_the_spring_gap_is_refused_not_moved() {
    let err = refused("2026-03-29 02:30");
    assert!(err.contains("does not exist in Europe/Berlin"), "{err}");
    assert!(
        err.contains("2026-03-29T02:30+01:00"),
        "the offset to use:\n{err}"
    );
    // The same wall time an hour later is an ordinary time, shown as typed.
    let (s, args) = security("2026-03-29 03:30");
    let text = s.run(args).ok();
    assert!(
        text.contains("Sun 29 Mar 2026, 03:30 (UTC+02:00)"),
        "{text}"
    );
}

#[test]
fn a_local_time_in_the_autumn_fold_asks_which_one() {
    let err = refused("2025-10-26 02:30");
    assert!(err.contains("happens twice in Europe/Berlin"), "{err}");
    let (s, args) = security("2025-10-26T02:30:00+01:00");
    let text = s.run(args).ok();
    assert!(text.contains("Sun 26 Oct 2025"), "{text}");
}

#[test]
fn an_offset_no_place_uses_is_65_naming_the_flag() {
    for offset in ["+25:00", "+14:30", "-12:30"] {
        let err = refused(&format!("2025-11-20T10:00:00{offset}"));
        assert!(err.contains("which no place uses"), "{offset}: {err}");
    }
}

#[test]
fn amounts_past_the_calendar_are_out_of_range_not_a_panic() {
    for when in ["99999999h ago", "9999999999999h ago", "2000000d ago"] {
        let err = refused(when);
        assert!(err.contains("out of range"), "{when}: {err}");
        assert!(!err.contains("LMT"), "{err}");
    }
}

#[test]
fn the_last_second_of_9999_is_in_the_future_where_the_past_is_asked() {
    let err = refused("9999-12-31T23:59:59Z");
    assert!(err.contains("in the future"), "{err}");
    assert!(!err.contains("is not a time"), "{err}");
}

#[test]
fn source_date_epoch_that_is_not_a_date_is_a_config_error() {
    for bad in ["-1", "soon", "1e9", "99999999999999999999", "253402300799"] {
        let s = Sandbox::new(Programs::System).with_env("SOURCE_DATE_EPOCH", bad);
        for format in ["text", "eml", "json"] {
            let out = s.run(with_id(&[
                "--format",
                format,
                "request",
                "--summary",
                "Dark mode",
            ]));
            let err = out.fails(78);
            assert!(err.contains("SOURCE_DATE_EPOCH"), "{bad}: {err}");
            assert!(err.contains(bad), "{bad}: the value is not shown: {err}");
        }
        assert!(
            !s.path("data/history.jsonl").exists(),
            "{bad}: a refused run wrote history"
        );
    }
}

#[test]
fn source_date_epoch_zero_gives_the_same_date_in_every_format() {
    let s = Sandbox::new(Programs::System).with_env("SOURCE_DATE_EPOCH", "0");
    let args = |format| {
        with_id(&[
            "--no-history",
            "--format",
            format,
            "request",
            "--summary",
            "Dark mode",
        ])
    };
    let json: serde_json::Value = serde_json::from_str(&s.run(args("json")).ok()).unwrap();
    assert_eq!(json["date"], "1970-01-01T00:00:00Z");
    let eml = s.run(args("eml")).ok();
    assert!(
        eml.contains("Date: Thu, 01 Jan 1970 00:00:00 +0000"),
        "{eml}"
    );
}
