//! Completion of the values only the saved state knows, in real shells: ticket
//! IDs in numeric order (2 before 10) with their subjects, profile names with
//! their orgs, and no flags offered for a word that does not start with `-`.

use crate::support::Sandbox;

use super::complete::{ask, completion_sandbox, repo, script, subject_of};

/// The completion sandbox with twelve tickets: IDs 1 to 12.
fn twelve_tickets() -> Sandbox {
    let sandbox = completion_sandbox();
    for n in 4..=12 {
        let summary = format!("Question number {n}");
        sandbox
            .run(["question", "--summary", summary.as_str()])
            .ok();
    }
    sandbox
}

/// (ID, subject) of the tickets whose ID starts with `prefix`, in numeric order.
fn tickets(sandbox: &Sandbox, prefix: &str) -> Vec<(String, String)> {
    (1..=12)
        .map(|n| n.to_string())
        .filter(|id| id.starts_with(prefix))
        .map(|id| {
            let subject = subject_of(sandbox, &id);
            (id, subject)
        })
        .collect()
}

fn zsh(sandbox: &Sandbox, line: &str) -> Vec<(String, String)> {
    let driver = repo("tests/shells/zsh_complete.zsh").display().to_string();
    ask(
        sandbox,
        "zsh",
        &["-f", &driver, "source", &script("zsh"), line],
    )
}

fn bash(sandbox: &Sandbox, line: &str) -> Vec<String> {
    let driver = repo("tests/shells/bash_complete.sh").display().to_string();
    ask(sandbox, "bash", &[&driver, &script("bash"), line])
        .into_iter()
        .map(|(v, _)| v)
        .collect()
}

#[test]
fn zsh_offers_ticket_ids_in_numeric_order_with_their_subjects() {
    let sandbox = twelve_tickets();
    for (line, prefix) in [
        ("9pic-help history show ", ""),
        ("9pic-help escalate --ticket ", ""),
        ("9pic-help escalate --ticket 1", "1"),
    ] {
        assert_eq!(
            zsh(&sandbox, line),
            tickets(&sandbox, prefix),
            "zsh: `{line}<Tab>`"
        );
    }
    // What zsh draws on the screen, in that order.
    let driver = repo("tests/shells/zsh_list.zsh").display().to_string();
    let shown: Vec<String> = ask(
        &sandbox,
        "zsh",
        &["-f", &driver, &script("zsh"), "9pic-help history show "],
    )
    .into_iter()
    .map(|(row, _)| row)
    .collect();
    let expected: Vec<String> = tickets(&sandbox, "")
        .into_iter()
        .map(|(id, subject)| format!("{id} -- {subject}"))
        .collect();
    assert_eq!(shown, expected, "zsh's listing");
}

#[test]
fn bash_offers_ticket_ids_in_numeric_order() {
    let sandbox = twelve_tickets();
    let ids = |prefix: &str| -> Vec<String> {
        tickets(&sandbox, prefix)
            .into_iter()
            .map(|(id, _)| id)
            .collect()
    };
    assert_eq!(bash(&sandbox, "9pic-help history show "), ids(""));
    assert_eq!(bash(&sandbox, "9pic-help escalate --ticket 1"), ids("1"));
    assert_eq!(bash(&sandbox, "9pic-help escalate --ticket=1"), ids("1"));
}

#[test]
fn profile_names_complete_wherever_a_profile_is_named() {
    let sandbox = completion_sandbox();
    let expected = [
        ("acme", "Acme Events (pro) [default]"),
        ("globex", "Globex Weddings (payg)"),
    ]
    .map(|(n, d)| (n.to_string(), d.to_string()))
    .to_vec();
    for line in [
        "9pic-help profile use ",
        "9pic-help profile show ",
        "9pic-help profile remove ",
        "9pic-help --profile ",
        "9pic-help history --profile ",
        "9pic-help billing --profile ",
    ] {
        assert_eq!(zsh(&sandbox, line), expected, "zsh: `{line}<Tab>`");
        let names: Vec<String> = expected.iter().map(|(n, _)| n.clone()).collect();
        assert_eq!(bash(&sandbox, line), names, "bash: `{line}<Tab>`");
    }
    // The flags come once a dash is typed.
    let flags = bash(&sandbox, "9pic-help profile use --");
    assert!(flags.iter().any(|f| f == "--help"), "{flags:?}");
    assert!(flags.iter().all(|f| f.starts_with('-')), "{flags:?}");
}
