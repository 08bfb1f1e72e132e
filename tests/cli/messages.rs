//! What the tool says when something is missing: every problem at once, each
//! hint once, with one exit code.

use crate::support::{PROFILE_INIT, Programs, Sandbox};

const PROFILE_HINT: &str = "9pic-help profile init";

#[test]
fn a_hint_shared_by_several_problems_is_printed_once_after_the_list() {
    let s = Sandbox::new(Programs::Fakes);
    let out = s.run([
        "billing",
        "--issue",
        "pending",
        "--payment-id",
        "pay_1",
        "--when",
        "20m ago",
        "--rechecked",
    ]);
    let err = out.fails(78);
    for flag in ["--org", "--login-email", "--plan"] {
        assert!(
            err.contains(&format!("  - {flag}: ")),
            "{flag} not named:\n{err}"
        );
    }
    assert_eq!(err.matches(PROFILE_HINT).count(), 1, "{err}");
    let hint_at = err.find(PROFILE_HINT).unwrap_or(0);
    let last_item = err.rfind("  - ").unwrap_or(usize::MAX);
    assert!(
        hint_at > last_item,
        "the hint is not after the list:\n{err}"
    );
    // No line of the message says the same thing twice.
    let lines: Vec<&str> = err
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .collect();
    for (i, line) in lines.iter().enumerate() {
        assert!(
            !lines[i + 1..].contains(line),
            "repeated line {line:?}:\n{err}"
        );
    }
}

#[test]
fn escalate_last_with_no_history_and_no_profile_names_both_at_once() {
    let s = Sandbox::new(Programs::Fakes);
    let out = s.run(["escalate", "--last", "--summary", "Still waiting"]);
    let err = out.fails(78);
    assert!(
        err.contains("--last: "),
        "the empty history is not named:\n{err}"
    );
    assert!(err.contains("no last ticket"), "{err}");
    for flag in ["--org", "--login-email", "--plan"] {
        assert!(
            err.contains(&format!("  - {flag}: ")),
            "{flag} not named:\n{err}"
        );
    }
    assert!(err.contains(PROFILE_HINT), "{err}");
    // The missing original subject is not reported a second time.
    assert!(!err.contains("  - --subject: "), "{err}");
    // And with a profile, the same lookup alone is a data error (65).
    s.run(PROFILE_INIT).ok();
    let out = s.run(["escalate", "--ticket", "7", "--summary", "Still waiting"]);
    let err = out.fails(65);
    assert!(err.contains("--ticket: "), "{err}");
    assert!(err.contains("\"7\""), "{err}");
}

#[test]
fn profile_init_missing_a_value_says_what_to_add_to_that_command() {
    let s = Sandbox::new(Programs::Fakes);
    let out = s.run(["profile", "init", "p3", "--org", "X"]);
    let err = out.fails(64);
    assert!(err.contains("1 problem with this profile"), "{err}");
    assert!(err.contains("  - --login-email: "), "{err}");
    assert!(err.contains("add `--login-email EMAIL`"), "{err}");
    // It is already the command that creates profiles: no advice to create one.
    assert!(!err.contains("create one"), "{err}");
    assert!(!err.contains("--org:"), "--org was given:\n{err}");
}
