//! The checklist's rules and required items: refusals, warnings, every
//! problem reported at once with its flag, nothing on stdout, right exit code.

use crate::support::{Programs, Sandbox, with_id};

#[test]
fn pending_without_recheck_is_refused_with_the_recheck_route() {
    let err = Sandbox::new(Programs::System)
        .run(with_id(&[
            "billing",
            "--issue",
            "pending",
            "--payment-id",
            "p1",
            "--when",
            "1h ago",
        ]))
        .fails(65)
        .to_string();
    assert!(err.contains("--rechecked"), "{err}");
    assert!(
        err.contains("Billing & Transactions") && err.contains("Recheck"),
        "{err}"
    );
}

#[test]
fn not_credited_without_recheck_is_refused_too() {
    let err = Sandbox::new(Programs::System)
        .run(with_id(&[
            "billing",
            "--issue",
            "not-credited",
            "--payment-id",
            "p1",
            "--when",
            "1h ago",
        ]))
        .fails(65)
        .to_string();
    assert!(err.contains("--rechecked"), "{err}");
}

#[test]
fn a_recent_recheck_is_refused_with_when_to_write() {
    let err = Sandbox::new(Programs::System)
        .run(with_id(&[
            "billing",
            "--issue",
            "pending",
            "--payment-id",
            "p1",
            "--when",
            "1h ago",
            "--rechecked-at",
            "3m ago",
        ]))
        .fails(65)
        .to_string();
    assert!(err.contains("--rechecked-at"), "{err}");
    assert!(err.contains("write after"), "{err}");
    // Eleven minutes is long enough.
    Sandbox::new(Programs::System)
        .run(with_id(&[
            "billing",
            "--issue",
            "pending",
            "--payment-id",
            "p1",
            "--when",
            "1h ago",
            "--rechecked-at",
            "11m ago",
        ]))
        .ok();
}

#[test]
fn force_composes_anyway_and_keeps_the_advice() {
    let out = Sandbox::new(Programs::System).run(with_id(&[
        "billing",
        "--issue",
        "pending",
        "--payment-id",
        "p1",
        "--when",
        "1h ago",
        "--force",
    ]));
    assert!(out.ok().contains("p1"));
    assert!(
        out.stderr.contains("warning:") && out.stderr.contains("Recheck"),
        "{}",
        out.stderr
    );
}

#[test]
fn billing_warnings() {
    let sb = Sandbox::new(Programs::System);
    let out = sb.run(with_id(&[
        "billing",
        "--issue",
        "not-credited",
        "--payment-id",
        "p1",
        "--when",
        "1h ago",
        "--rechecked",
    ]));
    out.ok();
    assert!(out.stderr.contains("--gateway-ref"), "{}", out.stderr);

    let out = sb.run(with_id(&[
        "billing",
        "--issue",
        "custom-invoice",
        "--when",
        "1d ago",
    ]));
    out.ok();
    assert!(out.stderr.contains("Custom Payment"), "{}", out.stderr);
}

#[test]
fn payment_id_is_required_except_for_other_and_custom_invoice() {
    let sb = Sandbox::new(Programs::System);
    for issue in ["not-credited", "invoice-correction", "refund"] {
        let err = sb
            .run(with_id(&[
                "billing",
                "--issue",
                issue,
                "--when",
                "1d ago",
                "--rechecked",
            ]))
            .fails(64)
            .to_string();
        assert!(err.contains("--payment-id"), "{issue}: {err}");
    }
    for issue in ["other", "custom-invoice"] {
        sb.run(with_id(&["billing", "--issue", issue, "--when", "1d ago"]))
            .ok();
    }
}

#[test]
fn every_missing_item_is_named_at_once() {
    let err = Sandbox::new(Programs::System)
        .run(with_id(&["ops", "--issue", "invite-not-received"]))
        .fails(64)
        .to_string();
    for flag in ["--teammate", "--resends", "--when"] {
        assert!(err.contains(flag), "missing {flag} not named: {err}");
    }
    assert!(err.contains("3 problems"), "{err}");

    let err = Sandbox::new(Programs::System)
        .run(with_id(&["enterprise"]))
        .fails(64)
        .to_string();
    for flag in ["--volume", "--products", "--timeline"] {
        assert!(err.contains(flag), "{err}");
    }
}

#[test]
fn invalid_items_and_refusals_are_reported_together() {
    let err = Sandbox::new(Programs::System)
        .run(with_id(&[
            "billing",
            "--issue",
            "pending",
            "--when",
            "yesterday-ish",
            "--payment-id",
            "has space",
        ]))
        .fails(65)
        .to_string();
    for flag in ["--when", "--payment-id", "--rechecked"] {
        assert!(err.contains(flag), "{flag}: {err}");
    }
    // With a missing item too, usage (64) wins, and all are still named.
    let err = Sandbox::new(Programs::System)
        .run(with_id(&[
            "billing",
            "--issue",
            "pending",
            "--when",
            "yesterday-ish",
        ]))
        .fails(64)
        .to_string();
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
        flags.contains(&"--payment-id") && flags.contains(&"--when"),
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
        .run(with_id(&["billing", "--issue", "other", "--when", "in 2h"]))
        .fails(65)
        .to_string();
    assert!(err.contains("future"), "{err}");
}

#[test]
fn invoices_need_an_ordered_past_range() {
    let sb = Sandbox::new(Programs::System);
    let err = sb.run(with_id(&["invoices"])).fails(64).to_string();
    assert!(err.contains("--from") && err.contains("--to"), "{err}");
    let err = sb
        .run(with_id(&[
            "invoices",
            "--from",
            "2025-06-01",
            "--to",
            "2025-01-01",
        ]))
        .fails(65)
        .to_string();
    assert!(err.contains("--from") && err.contains("after"), "{err}");
    let err = sb
        .run(with_id(&[
            "invoices",
            "--from",
            "2025-01-01",
            "--to",
            "2999-01-01",
        ]))
        .fails(65)
        .to_string();
    assert!(err.contains("--to") && err.contains("future"), "{err}");
    let err = sb
        .run(with_id(&[
            "invoices",
            "--from",
            "2025-02-30",
            "--to",
            "2025-03-01",
        ]))
        .fails(65)
        .to_string();
    assert!(err.contains("--from"), "{err}");
    let text = sb.run(with_id(&["invoices", "--year", "2024"])).ok();
    assert!(
        text.contains("Mon 1 Jan 2024") && text.contains("Tue 31 Dec 2024"),
        "{text}"
    );
}

#[test]
fn renewal_warns_off_pro() {
    let out = Sandbox::new(Programs::System).run([
        "renewal",
        "--org",
        "A",
        "--login-email",
        "a@b.example",
        "--plan",
        "payg",
    ]);
    assert!(out.ok().contains("renewal"));
    assert!(out.stderr.contains("Pro"), "{}", out.stderr);
}

#[test]
fn features_the_plan_does_not_unlock_become_a_question() {
    let sb = Sandbox::new(Programs::System);
    let out = sb.run([
        "feature",
        "--product",
        "flow",
        "--org",
        "A",
        "--login-email",
        "a@b.example",
        "--plan",
        "payg",
    ]);
    let text = out.ok();
    assert!(
        text.contains("Subject: Which plan do we need for 9Pic Flow"),
        "{text}"
    );
    assert!(out.stderr.contains("upgrade"), "{}", out.stderr);
    let out = sb.run(with_id(&["feature", "--product", "checkout"]));
    assert!(out.ok().contains("Which plan"));
    assert!(out.stderr.contains("enterprise"), "{}", out.stderr);
    // Unlocked: a plain request and no warning.
    let out = sb.run(with_id(&["feature", "--product", "motion"]));
    assert!(out.ok().contains("Subject: Please switch on 9Pic Motion"));
    assert!(!out.stderr.contains("warning"), "{}", out.stderr);
}

#[test]
fn enterprise_volume_must_be_positive_and_routes_follow_via() {
    let sb = Sandbox::new(Programs::System);
    let base = ["enterprise", "--products", "sla", "--timeline", "Q1"];
    for bad in ["0", "-5", "lots"] {
        let err = sb
            .run([with_id(&base), vec!["--volume", bad]].concat())
            .fails(65)
            .to_string();
        assert!(err.contains("--volume"), "{bad}: {err}");
    }
    let text = sb
        .run([with_id(&base), vec!["--volume", "50k", "--via", "support"]].concat())
        .ok();
    assert!(
        text.contains("To: support@9pic.ai\nSubject: Enterprise"),
        "{text}"
    );
    let text = sb
        .run([with_id(&base), vec!["--volume", "50k"]].concat())
        .ok();
    assert!(
        text.contains("To: sales@9pic.ai\nSubject: Enterprise: 50,000 photos"),
        "{text}"
    );
}

#[test]
fn invites_need_three_resends() {
    let err = Sandbox::new(Programs::System)
        .run(with_id(&[
            "ops",
            "--issue",
            "invite-not-received",
            "--teammate",
            "t@acme.example",
            "--resends",
            "2",
            "--when",
            "1h ago",
        ]))
        .fails(65)
        .to_string();
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
        ]))
        .fails(65)
        .to_string();
    assert!(
        err.contains("--domain") && err.contains("--cname-target"),
        "{err}"
    );
}

#[test]
fn upgrading_from_enterprise_is_refused() {
    let err = Sandbox::new(Programs::System)
        .run([
            "upgrade",
            "--topic",
            "break-even",
            "--org",
            "A",
            "--login-email",
            "a@b.example",
            "--plan",
            "enterprise",
        ])
        .fails(65)
        .to_string();
    assert!(err.contains("Enterprise already"), "{err}");
}

#[test]
fn urgent_warns_when_go_live_is_not_soon() {
    let sb = Sandbox::new(Programs::System);
    let out = sb.run(with_id(&[
        "urgent",
        "--event-id",
        "E1",
        "--go-live",
        "in 3d",
        "--summary",
        "broken",
    ]));
    out.ok();
    assert!(out.stderr.contains("24 hours"), "{}", out.stderr);
    // Another event: the same one again would (rightly) trip the duplicate guard.
    let out = sb.run(with_id(&[
        "urgent",
        "--event-id",
        "E2",
        "--go-live",
        "in 30m",
        "--summary",
        "broken",
    ]));
    assert!(out.ok().contains("Subject: EVENT-DAY URGENT: broken"));
    assert!(!out.stderr.contains("24 hours"), "{}", out.stderr);
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
        let err = Sandbox::new(Programs::System)
            .run(with_id(&args))
            .fails(65)
            .to_string();
        assert!(
            err.contains("--summary") && err.contains("single line"),
            "{cat}: {err}"
        );
    }
}

#[test]
fn escalate_needs_the_original_ticket() {
    let err = Sandbox::new(Programs::System)
        .run(with_id(&["escalate", "--summary", "still nothing"]))
        .fails(64)
        .to_string();
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
