//! The checklist's rules and required items: refusals, warnings, every
//! problem reported at once with its flag, nothing on stdout, right exit code.

use crate::support::{Programs, Sandbox, compose, with_id};

/// `args` with the identity flags, on another plan than the default Pro.
fn on_plan<'a>(plan: &'a str, args: &[&'a str]) -> Vec<&'a str> {
    let mut v = with_id(args);
    if let Some(i) = v.iter().position(|a| *a == "--plan") {
        v[i + 1] = plan;
    }
    v
}

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
        "--details",
        "Venue fee paid by transfer, EUR 100",
    ]));
    let text = out.ok();
    assert!(out.stderr.contains("Custom Payment"), "{}", out.stderr);
    // The reminder is advice on stderr; the email never claims it was tried.
    assert!(!text.contains("Custom Payment"), "{text}");
}

#[test]
fn payment_id_is_required_where_one_payment_is_meant() {
    for issue in [
        "pending",
        "not-credited",
        "failed",
        "invoice-correction",
        "refund",
    ] {
        let r = compose(&with_id(&[
            "billing",
            "--issue",
            issue,
            "--when",
            "1d ago",
            "--rechecked",
            "--company",
            "Acme GmbH",
            "--details",
            "why",
        ]))
        .expect_err(issue);
        assert_eq!(r.code, 64, "{issue}: {}", r.message);
        assert!(r.message.contains("--payment-id"), "{issue}: {}", r.message);
    }
    // No payment ID and no --when needed for these two.
    for issue in ["other", "custom-invoice"] {
        compose(&with_id(&["billing", "--issue", issue, "--details", "x"]))
            .unwrap_or_else(|r| panic!("{issue}: {}", r.message));
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
fn renewal_is_refused_on_payg_and_goes_to_sales_on_enterprise() {
    let r = compose(&on_plan("payg", &["renewal"])).expect_err("payg");
    assert_eq!(r.code, 65, "{}", r.message);
    assert!(
        r.message.contains("--plan") && r.message.contains("no plan to renew"),
        "{}",
        r.message
    );
    assert!(r.message.contains("9pic-help upgrade"), "{}", r.message);
    let c = compose(&on_plan("enterprise", &["renewal"])).expect("enterprise");
    assert_eq!(c.email.to, vec!["sales@9pic.ai".to_string()]);
    assert!(c.email.subject.contains("Enterprise agreement"));
    assert!(!c.email.body.contains("Pro plan"), "{}", c.email.body);
    let c = compose(&with_id(&["renewal", "--renewal-date", "2020-01-01"])).expect("lapsed");
    assert!(c.email.body.contains("lapsed"), "{}", c.email.body);
    assert!(!c.email.body.contains("is due"), "{}", c.email.body);
}

#[test]
fn features_the_plan_does_not_unlock_become_a_question() {
    let c = compose(&on_plan("payg", &["feature", "--product", "flow"])).expect("payg flow");
    assert!(
        c.email
            .subject
            .contains("Which plan do we need for 9Pic Flow"),
        "{}",
        c.email.subject
    );
    // The question, once, and never the answer beside it.
    assert!(
        c.email
            .body
            .contains("We are on Pay As You Go; which plan would we need for 9Pic Flow?"),
        "{}",
        c.email.body
    );
    assert!(!c.email.body.contains("available on"), "{}", c.email.body);
    assert!(
        c.notes.iter().any(|n| n.contains("upgrade")),
        "{:?}",
        c.notes
    );
    // Unlocked: a plain request and no warning.
    let c = compose(&with_id(&["feature", "--product", "motion"])).expect("motion");
    assert!(c.email.subject.contains("Please switch on 9Pic Motion"));
    assert!(c.notes.is_empty(), "{:?}", c.notes);
}

#[test]
fn checkout_below_enterprise_is_refused_towards_sales_and_force_asks_support() {
    for plan in ["payg", "pro"] {
        let r = compose(&on_plan(plan, &["feature", "--product", "checkout"])).expect_err(plan);
        assert_eq!(r.code, 65, "{plan}: {}", r.message);
        assert!(
            r.message.contains("--product")
                && r.message
                    .contains("9pic-help enterprise --products checkout"),
            "{plan}: {}",
            r.message
        );
    }
    let c = compose(&with_id(&["feature", "--product", "checkout", "--force"])).expect("forced");
    assert_eq!(c.email.to, vec!["support@9pic.ai".to_string()]);
    assert!(
        c.email
            .body
            .contains("which plan would we need for 9Pic Checkout")
    );
    let c = compose(&on_plan(
        "enterprise",
        &["feature", "--product", "checkout"],
    ))
    .expect("ent");
    assert!(c.email.subject.contains("Please switch on 9Pic Checkout"));
}

#[test]
fn several_products_go_in_one_email_naming_each() {
    let c = compose(&with_id(&[
        "feature",
        "--product",
        "buzz,certify",
        "--product",
        "select",
    ]))
    .expect("several");
    for name in ["9Pic Buzz", "9Pic Certify", "9Pic Select"] {
        assert!(c.email.subject.contains(name), "{}", c.email.subject);
    }
}

#[test]
fn event_dates_must_not_be_past() {
    for args in [
        &["feature", "--product", "flow", "--event-date", "2020-01-01"][..],
        &[
            "upgrade",
            "--topic",
            "one-off-domain",
            "--event-date",
            "2020-01-01",
        ][..],
    ] {
        let r = compose(&on_plan("payg", args)).expect_err("past");
        assert_eq!(r.code, 65, "{}", r.message);
        assert!(r.message.contains("--event-date"), "{}", r.message);
    }
}

#[test]
fn enterprise_volume_must_be_positive_and_routes_follow_via() {
    let sb = Sandbox::new(Programs::System);
    let base = ["enterprise", "--products", "sla", "--timeline", "Q1"];
    for bad in ["0", "-5", "lots", "1.9"] {
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
        text.contains("To: sales@9pic.ai\nSubject: Enterprise: A service-level agreement"),
        "{text}"
    );
}

#[test]
fn enterprise_volume_is_needed_unless_only_papers_are_asked_for() {
    let r = compose(&with_id(&[
        "enterprise",
        "--products",
        "sla",
        "--timeline",
        "Q1",
    ]))
    .expect_err("sla needs volume");
    assert_eq!(r.code, 64, "{}", r.message);
    assert!(r.message.contains("--volume"), "{}", r.message);
    let c = compose(&with_id(&[
        "enterprise",
        "--products",
        "nda,security-overview,account-manager,compliance",
        "--timeline",
        "Q1",
    ]))
    .expect("papers need no volume");
    for words in [
        "An NDA",
        "a security overview",
        "a dedicated account manager",
    ] {
        assert!(c.email.subject.contains(words), "{}", c.email.subject);
    }
}

#[test]
fn enterprise_customers_ask_as_customers() {
    let c = compose(&on_plan(
        "enterprise",
        &[
            "enterprise",
            "--products",
            "account-manager",
            "--timeline",
            "Q1",
        ],
    ))
    .expect("existing customer");
    assert!(!c.email.body.contains("considering"), "{}", c.email.body);
    assert!(c.email.body.contains("already an Enterprise customer"));
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
fn upgrading_from_enterprise_is_refused() {
    let r = compose(&on_plan(
        "enterprise",
        &["upgrade", "--topic", "creative-tools"],
    ))
    .expect_err("enterprise");
    assert_eq!(r.code, 65, "{}", r.message);
    assert!(
        r.message.contains("--plan") && r.message.contains("Enterprise already"),
        "{}",
        r.message
    );
}

#[test]
fn upgrade_topics_on_pro_are_refused_with_their_route() {
    for topic in ["creative-tools", "one-off-domain"] {
        let r = compose(&with_id(&[
            "upgrade",
            "--topic",
            topic,
            "--event-date",
            "2099-01-01",
        ]))
        .expect_err(topic);
        assert_eq!(r.code, 65, "{topic}: {}", r.message);
        assert!(r.message.contains("already part of Pro"), "{}", r.message);
    }
    let r = compose(&with_id(&["upgrade", "--topic", "enterprise-comparison"]))
        .expect_err("comparison");
    assert_eq!(r.code, 65);
    assert!(r.message.contains("9pic-help enterprise"), "{}", r.message);
}

#[test]
fn upgrade_topics_need_their_numbers_and_dates() {
    let r = compose(&on_plan("payg", &["upgrade", "--topic", "break-even"])).expect_err("sum");
    assert_eq!(r.code, 64, "{}", r.message);
    assert!(
        r.message.contains("--events-per-year") && r.message.contains("--photos-per-event"),
        "{}",
        r.message
    );
    let r = compose(&on_plan("payg", &["upgrade", "--topic", "one-off-domain"])).expect_err("date");
    assert_eq!(r.code, 64);
    assert!(r.message.contains("--event-date"), "{}", r.message);
}

#[test]
fn urgent_is_kept_for_event_days() {
    for far in ["in 3d", "2d ago"] {
        let r = compose(&with_id(&[
            "urgent",
            "--event-id",
            "E1",
            "--go-live",
            far,
            "--summary",
            "broken",
        ]))
        .expect_err(far);
        assert_eq!(r.code, 65, "{far}: {}", r.message);
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

#[test]
fn failed_payments_come_after_recheck_too() {
    let r = compose(&with_id(&[
        "billing",
        "--issue",
        "failed",
        "--payment-id",
        "p1",
        "--when",
        "1h ago",
    ]))
    .expect_err("no recheck");
    assert_eq!(r.code, 65, "{}", r.message);
    assert!(
        r.message.contains("--rechecked") && r.message.contains("Billing & Transactions"),
        "{}",
        r.message
    );
    let c = compose(&with_id(&[
        "billing",
        "--issue",
        "failed",
        "--payment-id",
        "p1",
        "--when",
        "1h ago",
        "--rechecked",
    ]))
    .expect("after recheck");
    assert!(
        c.email.subject.contains("Payment failed: p1"),
        "{}",
        c.email.subject
    );
}

#[test]
fn a_recheck_before_the_payment_is_refused() {
    let r = compose(&with_id(&[
        "billing",
        "--issue",
        "pending",
        "--payment-id",
        "p1",
        "--when",
        "1h ago",
        "--rechecked-at",
        "2h ago",
    ]))
    .expect_err("recheck first");
    assert_eq!(r.code, 65, "{}", r.message);
    assert!(
        r.message.contains("--rechecked-at") && r.message.contains("before the payment"),
        "{}",
        r.message
    );
}

#[test]
fn billing_requests_need_what_support_acts_on() {
    // Every missing piece at once, each with its flag.
    let r =
        compose(&with_id(&["billing", "--issue", "invoice-correction"])).expect_err("no details");
    assert_eq!(r.code, 64, "{}", r.message);
    assert!(
        r.message.contains("--payment-id")
            && r.message.contains("--company")
            && r.message.contains("--address"),
        "{}",
        r.message
    );
    assert!(!r.message.contains("--when"), "{}", r.message);
    for issue in ["custom-invoice", "refund", "other"] {
        let mut args = vec!["billing", "--issue", issue];
        if issue == "refund" {
            args.extend(["--payment-id", "p7"]);
        }
        let r = compose(&with_id(&args)).expect_err(issue);
        assert_eq!(r.code, 64, "{issue}: {}", r.message);
        assert!(r.message.contains("--details"), "{issue}: {}", r.message);
    }
    let c = compose(&with_id(&[
        "billing",
        "--issue",
        "invoice-correction",
        "--payment-id",
        "p9",
        "--company",
        "Acme GmbH",
    ]))
    .expect("company only");
    assert!(
        c.email.body.contains("wrong company name."),
        "{}",
        c.email.body
    );
}

#[test]
fn forced_emails_state_only_what_is_true() {
    let c = compose(&with_id(&[
        "billing",
        "--issue",
        "pending",
        "--payment-id",
        "p1",
        "--when",
        "1h ago",
        "--force",
    ]))
    .expect("forced");
    assert!(
        c.email.body.contains("I have not clicked Recheck"),
        "{}",
        c.email.body
    );
    assert!(!c.email.body.contains("waited"), "{}", c.email.body);
    let c = compose(&with_id(&[
        "domain",
        "--domain",
        "photos.acme.example",
        "--cname-target",
        "custom.9pic.ai",
        "--connected-at",
        "2h ago",
        "--force",
    ]))
    .expect("forced");
    assert!(c.email.body.contains("2 hours ago"), "{}", c.email.body);
    assert!(!c.email.body.contains("48"), "{}", c.email.body);
    let c = compose(&with_id(&[
        "ops",
        "--issue",
        "invite-not-received",
        "--teammate",
        "t@acme.example",
        "--resends",
        "1",
        "--when",
        "1h ago",
        "--force",
    ]))
    .expect("forced");
    assert!(!c.email.body.contains("3 resends"), "{}", c.email.body);
}

#[test]
fn domains_name_distinct_hosts_and_errors_need_no_wait() {
    let r = compose(&with_id(&[
        "domain",
        "--domain",
        "photos.acme.example",
        "--cname-target",
        "photos.acme.example",
        "--connected-at",
        "3d ago",
    ]))
    .expect_err("same host");
    assert_eq!(r.code, 65, "{}", r.message);
    assert!(r.message.contains("--cname-target"), "{}", r.message);
    let r = compose(&with_id(&[
        "domain",
        "--issue",
        "verification-error",
        "--domain",
        "photos.acme.example",
        "--cname-target",
        "custom.9pic.ai",
    ]))
    .expect_err("no error text");
    assert_eq!(r.code, 64, "{}", r.message);
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
    let r = compose(&with_id(&[
        "question",
        "--topic",
        "stuck",
        "--summary",
        "x",
    ]))
    .expect_err("stuck");
    assert_eq!(r.code, 64);
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
    let r = compose(&with_id(&[
        "ops",
        "--issue",
        "dashboard-mismatch",
        "--page",
        "Credits",
        "--when",
        "1h ago",
    ]))
    .expect_err("what differs");
    assert_eq!(r.code, 64);
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

#[test]
fn invoices_one_day_is_self_serve_on_payg_and_a_current_year_ends_today() {
    let one_day = ["invoices", "--from", "2026-01-05", "--to", "2026-01-05"];
    let r = compose(&on_plan("payg", &one_day)).expect_err("one day");
    assert_eq!(r.code, 65, "{}", r.message);
    assert!(
        r.message.contains("Billing & Transactions"),
        "{}",
        r.message
    );
    compose(&with_id(&one_day)).expect("a day on Pro is fine");
    let year = jiff::Zoned::now().year().to_string();
    let c = compose(&with_id(&["invoices", "--year", &year])).expect("this year");
    assert!(c.email.body.contains("ends today") || c.email.body.contains("end today"));
}
