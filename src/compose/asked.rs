//! Whether a question asks for a self-serve task or something the guides
//! already answer: the catalog's phrases, compiled once, matched in linear
//! time (the `regex` crate never backtracks).

use std::sync::LazyLock;

use regex::Regex;

use crate::catalog::{DOCS_URL, KNOWN_ANSWERS, Plan, SELF_SERVE};

/// A compiled pattern, the plans it applies on (`None`: every plan), the reply.
type Pattern = (Option<Regex>, Option<&'static [Plan]>, String);

/// Each task's or answer's phrases as one pattern, with what to reply.
static PATTERNS: LazyLock<Vec<Pattern>> = LazyLock::new(|| {
    let tasks = SELF_SERVE.iter().map(|t| {
        (
            t.phrases,
            Some(t.plans),
            format!(
                "\"{}\" is self-serve, and an email only slows it down: in the dashboard, \
                 {} ({DOCS_URL}{})",
                t.task, t.where_, t.docs
            ),
        )
    });
    let answers = KNOWN_ANSWERS.iter().map(|a| {
        (
            a.phrases,
            None,
            format!("the guides already answer \"{}\": {}", a.question, a.answer),
        )
    });
    tasks
        .chain(answers)
        .map(|(phrases, plans, reply)| (compile(phrases), plans, reply))
        .collect()
});

/// One case-insensitive pattern of the alternatives; `None` only if the
/// catalog holds a bad pattern, which the unit test below rules out.
fn compile(phrases: &[&str]) -> Option<Regex> {
    let alternatives: Vec<String> = phrases.iter().map(|p| format!("(?:{p})")).collect();
    Regex::new(&format!("(?i){}", alternatives.join("|"))).ok()
}

/// The replies for every task or answer `text` asks for, in catalog order.
/// A task that is not self-serve on `plan` (a custom domain on Pay As You
/// Go, an invoice download on Pro) is a fair question; an unknown plan
/// counts every task.
pub fn replies(text: &str, plan: Option<Plan>) -> Vec<&'static str> {
    if text.trim().is_empty() {
        return Vec::new();
    }
    let text = text.split_whitespace().collect::<Vec<_>>().join(" ");
    PATTERNS
        .iter()
        .filter(|(_, plans, _)| match (plans, plan) {
            (Some(plans), Some(plan)) => plans.contains(&plan),
            _ => true,
        })
        .filter(|(re, _, _)| re.as_ref().is_some_and(|re| re.is_match(&text)))
        .map(|(_, _, reply)| reply.as_str())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_phrase_compiles() {
        assert!(PATTERNS.iter().all(|(re, _, _)| re.is_some()));
        assert_eq!(PATTERNS.len(), SELF_SERVE.len() + KNOWN_ANSWERS.len());
    }

    #[test]
    fn asks_are_recognised() {
        for (text, word) in [
            ("How do I top up credits?", "Purchase Credits"),
            ("how can we   top-up", "Purchase Credits"),
            (
                "Please change our logo to the attached one",
                "Branding & Theme",
            ),
            ("How do I connect a custom domain?", "Custom Domain"),
            ("Please invite ann@example.org", "Team Setup"),
            ("How do I add a second admin?", "Team Setup"),
            ("How do I configure GTM?", "Advanced Settings"),
            ("How do we run an event?", "Run an Event"),
            ("Where can I download an invoice?", "Billing & Transactions"),
            ("Do you offer phone support?", "phone"),
            ("Can I get a discount on my next top-up?", "fixed"),
            ("Can we get a dedicated account manager?", "account-manager"),
            ("What is your response time?", "one business day"),
        ] {
            let found = replies(text, None);
            assert_eq!(found.len(), 1, "{text}: {found:?}");
            assert!(found[0].contains(word), "{text}: {}", found[0]);
        }
    }

    #[test]
    fn tasks_count_only_on_the_plans_they_are_self_serve_on() {
        let invoice = "Where can I download an invoice?";
        assert_eq!(replies(invoice, Some(Plan::Payg)).len(), 1);
        assert!(replies(invoice, Some(Plan::Pro)).is_empty());
        let domain = "How do we connect our custom domain?";
        assert!(replies(domain, Some(Plan::Payg)).is_empty());
        assert_eq!(replies(domain, Some(Plan::Pro)).len(), 1);
    }

    #[test]
    fn mentions_are_not_asks() {
        for text in [
            "The event gallery shows no photos since the update",
            "Our event on Saturday: which theme colours work best with Flow?",
            "We topped up credits yesterday and the balance looks right, but the export fails",
            "Our team cannot see the logo on the share page",
            "The API response time is slow on the gallery page",
            "Our phone number in the invoice is wrong",
            "The custom domain shows a certificate error",
            "GTM fires twice on the gallery page",
        ] {
            assert!(
                replies(text, None).is_empty(),
                "{text}: {:?}",
                replies(text, None)
            );
        }
    }
}
