//! Billing's and invoices' rules: Recheck first, what support acts on, the
//! range of an invoice request, renewals by plan, and what a forced email may say.

use crate::support::{Programs, Sandbox, compose, fails, on_plan, refused, with_id};

/// A billing ticket about payment `p1`, made an hour ago, then `extra`, with
/// the identity flags.
fn payment<'a>(issue: &'a str, extra: &[&'a str]) -> Vec<&'a str> {
    let mut v = vec![
        "billing",
        "--issue",
        issue,
        "--payment-id",
        "p1",
        "--when",
        "1h ago",
    ];
    v.extend(extra);
    with_id(&v)
}

#[test]
fn pending_without_recheck_is_refused_with_the_recheck_route() {
    let err = fails(payment("pending", &[]), 65);
    assert!(err.contains("--rechecked"), "{err}");
    assert!(
        err.contains("Billing & Transactions") && err.contains("Recheck"),
        "{err}"
    );
}

#[test]
fn not_credited_without_recheck_is_refused_too() {
    let err = fails(payment("not-credited", &[]), 65);
    assert!(err.contains("--rechecked"), "{err}");
}

#[test]
fn a_recent_recheck_is_refused_with_when_to_write() {
    let err = fails(payment("pending", &["--rechecked-at", "3m ago"]), 65);
    assert!(err.contains("--rechecked-at"), "{err}");
    assert!(err.contains("write after"), "{err}");
    // Eleven minutes is long enough.
    Sandbox::new(Programs::System)
        .run(payment("pending", &["--rechecked-at", "11m ago"]))
        .ok();
}

#[test]
fn force_composes_anyway_and_keeps_the_advice() {
    let out = Sandbox::new(Programs::System).run(payment("pending", &["--force"]));
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
    let out = sb.run(payment("not-credited", &["--rechecked"]));
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
        let r = refused(
            &with_id(&[
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
            ]),
            64,
        );
        assert!(r.message.contains("--payment-id"), "{issue}: {}", r.message);
    }
    // No payment ID and no --when needed for these two.
    for issue in ["other", "custom-invoice"] {
        compose(&with_id(&["billing", "--issue", issue, "--details", "x"]))
            .unwrap_or_else(|r| panic!("{issue}: {}", r.message));
    }
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
    let r = refused(&on_plan("payg", &["renewal"]), 65);
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
fn failed_payments_come_after_recheck_too() {
    let r = refused(&payment("failed", &[]), 65);
    assert!(
        r.message.contains("--rechecked") && r.message.contains("Billing & Transactions"),
        "{}",
        r.message
    );
    let c = compose(&payment("failed", &["--rechecked"])).expect("after recheck");
    assert!(
        c.email.subject.contains("Payment failed: p1"),
        "{}",
        c.email.subject
    );
}

#[test]
fn a_recheck_before_the_payment_is_refused() {
    let r = refused(&payment("pending", &["--rechecked-at", "2h ago"]), 65);
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
        let r = refused(&with_id(&args), 64);
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
    let c = compose(&payment("pending", &["--force"])).expect("forced");
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
fn invoices_one_day_is_self_serve_on_payg_and_a_current_year_ends_today() {
    let one_day = ["invoices", "--from", "2026-01-05", "--to", "2026-01-05"];
    let r = refused(&on_plan("payg", &one_day), 65);
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
