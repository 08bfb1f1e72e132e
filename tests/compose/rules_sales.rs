//! Sales' rules: products a plan does not unlock, Enterprise volume and
//! routes, upgrade topics with their numbers and dates, event dates ahead.

use crate::support::{Programs, Sandbox, compose, compose_at, on_plan, refused, with_id};

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
        let r = refused(&on_plan(plan, &["feature", "--product", "checkout"]), 65);
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
        let r = refused(&on_plan("payg", args), 65);
        assert!(r.message.contains("--event-date"), "{}", r.message);
    }
}

/// An event date more than a year ahead is most likely a year typed wrong:
/// a warning names it, and the email is still written.
#[test]
fn event_dates_more_than_a_year_ahead_are_warned_about() {
    let now: jiff::Zoned = "2026-11-21T15:00:00+00:00[UTC]".parse().unwrap();
    for (date, warned) in [
        ("2099-03-14", true),
        ("2027-11-23", true),
        ("2027-11-21", false),
        ("2026-12-01", false),
    ] {
        for args in [
            &["feature", "--product", "flow", "--event-date", date][..],
            &["upgrade", "--topic", "one-off-domain", "--event-date", date][..],
        ] {
            let c = compose_at(&on_plan("payg", args), Some(&now))
                .unwrap_or_else(|r| panic!("{args:?}: {}", r.message));
            let warning = c.notes.iter().find(|n| n.contains("more than a year away"));
            assert_eq!(warning.is_some(), warned, "{args:?}: {:?}", c.notes);
            if let Some(w) = warning {
                assert!(w.contains(date) && w.contains("check the year"), "{w}");
            }
        }
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
    let r = refused(
        &with_id(&["enterprise", "--products", "sla", "--timeline", "Q1"]),
        64,
    );
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
fn upgrading_from_enterprise_is_refused() {
    let r = refused(
        &on_plan("enterprise", &["upgrade", "--topic", "creative-tools"]),
        65,
    );
    assert!(
        r.message.contains("--plan") && r.message.contains("Enterprise already"),
        "{}",
        r.message
    );
}

#[test]
fn upgrade_topics_on_pro_are_refused_with_their_route() {
    for topic in ["creative-tools", "one-off-domain"] {
        let r = refused(
            &with_id(&["upgrade", "--topic", topic, "--event-date", "2099-01-01"]),
            65,
        );
        assert!(r.message.contains("already part of Pro"), "{}", r.message);
    }
    let r = refused(
        &with_id(&["upgrade", "--topic", "enterprise-comparison"]),
        65,
    );
    assert!(r.message.contains("9pic-help enterprise"), "{}", r.message);
}

#[test]
fn upgrade_topics_need_their_numbers_and_dates() {
    let r = refused(&on_plan("payg", &["upgrade", "--topic", "break-even"]), 64);
    assert!(
        r.message.contains("--events-per-year") && r.message.contains("--photos-per-event"),
        "{}",
        r.message
    );
    let r = refused(
        &on_plan("payg", &["upgrade", "--topic", "one-off-domain"]),
        64,
    );
    assert!(r.message.contains("--event-date"), "{}", r.message);
}
