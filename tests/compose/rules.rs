//! The checklist's rules and required items: refusals, warnings, every
//! problem reported at once with its flag, nothing on stdout, right exit code.
//! Billing's rules are in `rules_billing`, sales' in `rules_sales`.

use crate::support::{Programs, Sandbox, compose, fails, on_plan, refused, with_id};

#[test]
fn every_missing_item_is_named_at_once() {
    let err = fails(with_id(&["ops", "--issue", "invite-not-received"]), 64);
    for flag in ["--teammate", "--resends", "--when"] {
        assert!(err.contains(flag), "missing {flag} not named: {err}");
    }
    assert!(err.contains("3 problems"), "{err}");

    let err = fails(with_id(&["enterprise"]), 64);
    for flag in ["--volume", "--products", "--timeline"] {
        assert!(err.contains(flag), "{err}");
    }
}

#[test]
fn invalid_items_and_refusals_are_reported_together() {
    let err = fails(
        with_id(&[
            "billing",
            "--issue",
            "pending",
            "--when",
            "yesterday-ish",
            "--payment-id",
            "has space",
        ]),
        65,
    );
    for flag in ["--when", "--payment-id", "--rechecked"] {
        assert!(err.contains(flag), "{flag}: {err}");
    }
    // With a missing item too, usage (64) wins, and all are still named.
    let err = fails(
        with_id(&["billing", "--issue", "pending", "--when", "yesterday-ish"]),
        64,
    );
    for flag in ["--when", "--payment-id", "--rechecked"] {
        assert!(err.contains(flag), "{flag}: {err}");
    }
}

#[test]
fn json_errors_are_machine_readable_on_stderr() {
    let out = Sandbox::new(Programs::System).run(with_id(&[
        "billing", "--issue", "refund", "--format", "json",
    ]));
    let err = out.fails(64);
    let v: serde_json::Value = serde_json::from_str(err.trim()).expect("JSON on stderr");
    assert_eq!(v["schema"], "9pic-help.error/1");
    assert_eq!(v["exit_code"], 64);
    let flags: Vec<&str> = v["problems"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["flag"].as_str().unwrap())
        .collect();
    assert!(
        flags.contains(&"--payment-id") && flags.contains(&"--details"),
        "{flags:?}"
    );
    assert!(
        v["problems"]
            .as_array()
            .unwrap()
            .iter()
            .all(|p| p["kind"] == "missing")
    );
}

#[test]
fn invalid_values_exit_65_naming_the_flag_and_choices() {
    let sb = Sandbox::new(Programs::System);
    let err = sb
        .run(with_id(&["billing", "--issue", "stuck", "--when", "now"]))
        .fails(65)
        .to_string();
    assert!(
        err.contains("--issue") && err.contains("not-credited"),
        "{err}"
    );
    let err = sb
        .run(with_id(&["feature", "--product", "teleport"]))
        .fails(65)
        .to_string();
    assert!(err.contains("--product") && err.contains("motion"), "{err}");
    let err = sb
        .run([
            "question",
            "--summary",
            "x",
            "--org",
            "A",
            "--login-email",
            "a@b.example",
            "--plan",
            "gold",
        ])
        .fails(65)
        .to_string();
    assert!(err.contains("--plan"), "{err}");
    let err = sb
        .run(with_id(&[
            "ops",
            "--issue",
            "public-link",
            "--event-id",
            "not an id",
            "--when",
            "now",
        ]))
        .fails(65)
        .to_string();
    assert!(err.contains("--event-id"), "{err}");
    let err = sb
        .run(with_id(&[
            "billing",
            "--issue",
            "other",
            "--when",
            "in 2h",
            "--details",
            "x",
        ]))
        .fails(65)
        .to_string();
    assert!(err.contains("future"), "{err}");
}

#[test]
fn invites_need_three_resends() {
    let err = fails(
        with_id(&[
            "ops",
            "--issue",
            "invite-not-received",
            "--teammate",
            "t@acme.example",
            "--resends",
            "2",
            "--when",
            "1h ago",
        ]),
        65,
    );
    assert!(
        err.contains("--resends") && err.contains("Team Setup"),
        "{err}"
    );
}

#[test]
fn ops_requirements_follow_the_situation() {
    let sb = Sandbox::new(Programs::System);
    let err = sb
        .run(with_id(&[
            "ops",
            "--issue",
            "public-link",
            "--when",
            "1h ago",
        ]))
        .fails(64)
        .to_string();
    assert!(err.contains("--event-id"), "{err}");
    let err = sb
        .run(with_id(&[
            "ops",
            "--issue",
            "dashboard-mismatch",
            "--when",
            "1h ago",
        ]))
        .fails(64)
        .to_string();
    assert!(
        err.contains("--page") && !err.contains("--event-id"),
        "{err}"
    );
}

#[test]
fn domains_wait_48_hours_and_must_be_host_names() {
    let sb = Sandbox::new(Programs::System);
    let err = sb
        .run(with_id(&[
            "domain",
            "--domain",
            "photos.acme.example",
            "--cname-target",
            "cname.9pic.ai",
            "--connected-at",
            "5h ago",
        ]))
        .fails(65)
        .to_string();
    assert!(
        err.contains("--connected-at") && err.contains("48") && err.contains("write after"),
        "{err}"
    );
    let err = sb
        .run(with_id(&[
            "domain",
            "--domain",
            "photos acme",
            "--cname-target=-bad-.9pic.ai",
            "--connected-at",
            "3d ago",
        ]))
        .fails(65)
        .to_string();
    assert!(
        err.contains("--domain") && err.contains("--cname-target"),
        "{err}"
    );
}

#[test]
fn urgent_is_kept_for_event_days() {
    for far in ["in 3d", "2d ago"] {
        let r = refused(
            &with_id(&[
                "urgent",
                "--event-id",
                "E1",
                "--go-live",
                far,
                "--summary",
                "broken",
            ]),
            65,
        );
        assert!(
            r.message.contains("--go-live")
                && r.message.contains("9pic-help ops")
                && r.message.contains("9pic-help question"),
            "{}",
            r.message
        );
    }
    let c = compose(&with_id(&[
        "urgent",
        "--event-id",
        "E1",
        "--go-live",
        "in 3d",
        "--summary",
        "broken",
        "--force",
    ]))
    .expect("forced");
    assert!(c.email.subject.starts_with("EVENT-DAY URGENT"));
    assert!(c.email.body.contains("in 3 days"), "{}", c.email.body);
    for (soon, words) in [("now", "going live now"), ("in 40m", "in 40 minutes")] {
        let c = compose(&with_id(&[
            "urgent",
            "--event-id",
            "E2",
            "--go-live",
            soon,
            "--summary",
            "broken",
        ]))
        .expect(soon);
        assert!(c.email.body.contains(words), "{soon}: {}", c.email.body);
        // No word about the event-day window (only the recommended items).
        assert!(
            !c.notes
                .iter()
                .any(|n| n.contains("hours ahead") || n.contains("24 hours")),
            "{:?}",
            c.notes
        );
    }
}

#[test]
fn summaries_are_one_line() {
    for cat in ["bug", "request", "question", "escalate"] {
        let mut args = vec![
            cat,
            "--summary",
            "two\nlines",
            "--page",
            "/x",
            "--subject",
            "orig",
        ];
        if cat != "bug" {
            args.retain(|a| *a != "--page" && *a != "/x");
        }
        if cat != "escalate" {
            args.retain(|a| *a != "--subject" && *a != "orig");
        }
        let err = fails(with_id(&args), 65);
        assert!(
            err.contains("--summary") && err.contains("single line"),
            "{cat}: {err}"
        );
    }
}

#[test]
fn escalate_needs_the_original_ticket() {
    let err = fails(with_id(&["escalate", "--summary", "still nothing"]), 64);
    assert!(err.contains("--subject"), "{err}");
    let text = Sandbox::new(Programs::System)
        .run(with_id(&[
            "escalate",
            "--summary",
            "still nothing",
            "--subject",
            "Re: [BUG] Export stops",
        ]))
        .ok();
    assert!(
        text.contains("Subject: ESCALATE Re: [BUG] Export stops\n"),
        "{text}"
    );
}

#[test]
fn domains_name_distinct_hosts_and_errors_need_no_wait() {
    let r = refused(
        &with_id(&[
            "domain",
            "--domain",
            "photos.acme.example",
            "--cname-target",
            "photos.acme.example",
            "--connected-at",
            "3d ago",
        ]),
        65,
    );
    assert!(r.message.contains("--cname-target"), "{}", r.message);
    let r = refused(
        &with_id(&[
            "domain",
            "--issue",
            "verification-error",
            "--domain",
            "photos.acme.example",
            "--cname-target",
            "custom.9pic.ai",
        ]),
        64,
    );
    assert!(r.message.contains("--error") && !r.message.contains("--connected-at"));
    let c = compose(&with_id(&[
        "domain",
        "--issue",
        "verification-error",
        "--domain",
        "photos.acme.example",
        "--cname-target",
        "custom.9pic.ai",
        "--error",
        "CNAME not found",
        "--connected-at",
        "1h ago",
    ]))
    .expect("no waiting rule");
    assert!(
        c.email
            .subject
            .contains("verification error: photos.acme.example")
    );
    let c = compose(&on_plan(
        "payg",
        &[
            "domain",
            "--domain",
            "photos.acme.example",
            "--cname-target",
            "custom.9pic.ai",
            "--connected-at",
            "3d ago",
        ],
    ))
    .expect("payg");
    assert!(
        c.notes
            .iter()
            .any(|n| n.contains("Pro") && n.contains("upgrade --topic one-off-domain")),
        "{:?}",
        c.notes
    );
}

#[test]
fn question_topics_and_ops_situations_ask_for_their_items() {
    let r = refused(
        &with_id(&["question", "--topic", "stuck", "--summary", "x"]),
        64,
    );
    assert!(r.message.contains("--page"), "{}", r.message);
    let c = compose(&with_id(&[
        "question",
        "--topic",
        "status",
        "--summary",
        "Uploads fail",
    ]))
    .expect("status");
    assert!(
        c.email
            .subject
            .starts_with("Status or outage: Uploads fail")
    );
    let r = refused(
        &with_id(&[
            "ops",
            "--issue",
            "dashboard-mismatch",
            "--page",
            "Credits",
            "--when",
            "1h ago",
        ]),
        64,
    );
    assert!(r.message.contains("--details"), "{}", r.message);
    let args = [
        "ops",
        "--issue",
        "processing-stuck",
        "--event-id",
        "evt_1",
        "--when",
        "1h ago",
    ];
    let c = compose(&with_id(&args)).expect("stuck");
    assert!(
        c.notes.iter().any(|n| n.contains("Troubleshooting")),
        "{:?}",
        c.notes
    );
    assert!(
        !c.email.body.contains("Troubleshooting"),
        "{}",
        c.email.body
    );
    let tried = [&args[..], &["--tried", "Troubleshooting pages"]].concat();
    let c = compose(&with_id(&tried)).expect("tried");
    assert!(
        c.email.body.contains("Troubleshooting pages"),
        "{}",
        c.email.body
    );
    // With the steps tried named, the reminder has nothing to remind of.
    assert!(
        !c.notes.iter().any(|n| n.contains("Troubleshooting")),
        "{:?}",
        c.notes
    );
}
