//! Files on disk: profiles and the ticket history, and both under fifty
//! writers at once.

mod history;
mod profile;

use std::process::Stdio;
use std::time::Instant;

use crate::support::{Programs, Sandbox, with_id};

/// Fifty `profile init`s and fifty tickets, all started before any is
/// waited for: every profile lands, and the tickets get IDs 1 to 50.
#[test]
fn fifty_writers_of_each_store_at_once_all_land() {
    let sb = Sandbox::new(Programs::System);
    let started = Instant::now();
    let mut children = Vec::new();
    for i in 0..50 {
        let (org, name, login) = (
            format!("Org {i}"),
            format!("org{i}"),
            format!("ops{i}@org.example"),
        );
        let init = [
            "profile",
            "init",
            &name,
            "--org",
            &org,
            "--login-email",
            &login,
            "--plan",
            "pro",
        ];
        let summary = format!("question {i}");
        let ticket = with_id(&["question", "--summary", &summary]);
        for args in [init.to_vec(), ticket] {
            children.push(
                sb.command(args)
                    .stdout(Stdio::null())
                    .stderr(Stdio::piped())
                    .spawn()
                    .expect("spawn 9pic-help"),
            );
        }
    }
    for c in children {
        let out = c.wait_with_output().expect("wait");
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
    eprintln!(
        "50 profile inits and 50 tickets at once in {:?}",
        started.elapsed()
    );

    let json = profile::profiles_json(&sb);
    let profiles = json["profiles"].as_object().expect("profiles");
    assert_eq!(profiles.len(), 50);
    for i in 0..50 {
        assert_eq!(profiles[&format!("org{i}")]["org"], format!("Org {i}"));
    }
    // Exactly one of them became the default, and it exists.
    assert!(profiles.contains_key(json["default"].as_str().expect("default")));

    let json = history::history_json(&sb);
    let tickets = json["tickets"].as_array().expect("tickets");
    assert_eq!(tickets.len(), 50);
    let mut ids: Vec<u64> = tickets
        .iter()
        .map(|t| t["id"].as_str().expect("id").parse().expect("numeric id"))
        .collect();
    ids.sort_unstable();
    assert_eq!(ids, (1..=50).collect::<Vec<_>>());
}
