//! Times the tool prints for people (warnings, refusals, history, outbox) are
//! in the profile's time zone, not the machine's (`TZ`) and not UTC.

use std::net::TcpListener;

use crate::support::{PROFILE_INIT, Programs, Sandbox};

/// The profile's zone: no daylight saving time, so the offset is fixed.
const PROFILE_ZONE: &str = "Asia/Kolkata";
const PROFILE_OFFSET: &str = "(UTC+05:30)";
/// The machine's zone, also without daylight saving time.
const MACHINE_ZONE: &str = "Asia/Tokyo";

const TICKET: [&str; 8] = [
    "billing",
    "--issue",
    "pending",
    "--payment-id",
    "pay_77",
    "--when",
    "20m ago",
    "--rechecked",
];

/// Every time on the lines of `text` holding `marker` is in the profile's zone.
#[track_caller]
fn in_profile_zone(text: &str, marker: &str) {
    let lines: Vec<&str> = text.lines().filter(|l| l.contains(marker)).collect();
    assert!(!lines.is_empty(), "no line with {marker:?} in:\n{text}");
    for line in lines {
        assert!(
            line.contains(PROFILE_OFFSET),
            "not in the profile's zone: {line}"
        );
        for other in ["(UTC+09:00)", "(UTC+00:00)", "Z\t", "Z "] {
            assert!(!line.contains(other), "{other} in: {line}");
        }
    }
}

#[test]
fn warnings_refusals_history_and_outbox_show_the_profiles_zone() {
    let mut s = Sandbox::new(Programs::Fakes);
    // The real clock: the due time is compared with now.
    s.env_remove("SOURCE_DATE_EPOCH");
    s.env("TZ", MACHINE_ZONE);
    s.run(PROFILE_INIT).ok();
    s.run(["profile", "set", "timezone", PROFILE_ZONE]).ok();

    s.run(TICKET).ok();
    // The same payment again: the duplicate guard names when the answer is due.
    let again = s.run(TICKET);
    again.ok();
    in_profile_zone(&again.stderr, "answer is due");

    // Escalating before the answer is due: refused with the due time.
    let early = s.run(["escalate", "--last", "--summary", "Still pending"]);
    in_profile_zone(early.fails(65), "answer is due");

    // A --when in the future names that time.
    let mut future = TICKET.to_vec();
    future[6] = "in 2h";
    in_profile_zone(s.run(&future).fails(65), "--when");

    in_profile_zone(&s.run(["history"]).ok(), "pay_77");
    in_profile_zone(&s.run(["history", "show", "1"]).ok(), "due: ");

    // A --send that cannot reach its server leaves the ticket in the outbox,
    // listed with the time it was queued.
    let closed = TcpListener::bind("127.0.0.1:0").expect("bind");
    let port = closed.local_addr().expect("addr").port().to_string();
    drop(closed);
    for (key, value) in [
        ("smtp.host", "127.0.0.1"),
        ("smtp.port", port.as_str()),
        ("smtp.security", "none"),
    ] {
        s.run(["profile", "set", key, value]).ok();
    }
    let mut send = TICKET.to_vec();
    send[4] = "pay_78";
    send.push("--send");
    assert_eq!(s.run(&send).code, 69, "the send did not fail to connect");
    in_profile_zone(&s.run(["outbox", "list"]).ok(), "pay_78");
}
