//! The org identity and the copied addresses: checked like checklist items,
//! with messages that say whether a flag or a profile key needs fixing.

use crate::catalog::Plan;
use crate::compose::draft::{Draft, Source, Sourced};
use crate::compose::values::{lower_domain, one_line};
use crate::email;
use crate::error::{Problem, ProblemKind, Problems};

/// The checked org identity.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Identity {
    pub org: String,
    pub login_email: String,
    pub plan: Plan,
    pub sender_name: Option<String>,
}

/// Checks the org identity; on failure records why and how to fix it.
pub fn identity(draft: &Draft, problems: &mut Problems) -> Option<Identity> {
    let id = &draft.identity;
    let no_profile = !id.has_profile;
    let fix = "save your org once with `9pic-help profile init --org NAME --login-email EMAIL --plan PLAN`, or give each on the command line";
    let absent = |flag: &str, what: &str| {
        if no_profile {
            Problem::new(
                ProblemKind::Identity,
                flag,
                format!("{what} is needed and there is no profile"),
            )
            .with_hint(fix)
        } else {
            Problem::new(
                ProblemKind::Missing,
                flag,
                format!("{what} is needed and the profile has none"),
            )
            .with_hint(format!(
                "set it with `9pic-help profile set {} VALUE` or pass {flag}",
                flag.trim_start_matches("--").replace('-', "_")
            ))
        }
    };
    let invalid = |s: &Sourced, message: String| {
        let (kind, flag) = match s.source {
            Source::Flag => (ProblemKind::Invalid, s.name.to_string()),
            Source::Profile => (ProblemKind::Identity, format!("profile key {}", s.name)),
        };
        Problem::new(kind, flag, message)
    };
    let before = problems.0.len();
    // A flag given with bytes that are not UTF-8 is already reported as
    // invalid; it is not also absent.
    let unreadable = |flag: &str| draft.problems.0.iter().any(|p| p.flag == flag);

    let org = match &id.org {
        None => {
            if !unreadable("--org") {
                problems.push(absent("--org", "the org name as shown in the dashboard"));
            }
            None
        }
        Some(s) => match one_line(&s.value) {
            Ok(()) if !s.value.trim().is_empty() => Some(s.value.trim().to_string()),
            Ok(()) => {
                problems.push(invalid(s, "is empty".into()));
                None
            }
            Err(e) => {
                problems.push(invalid(s, e));
                None
            }
        },
    };
    let login_email = match &id.login_email {
        None => {
            if !unreadable("--login-email") {
                problems.push(absent("--login-email", "the login email"));
            }
            None
        }
        Some(s) => match email::check_header_value(&s.value)
            .and_then(|()| email::check_address(s.value.trim()))
        {
            Ok(()) => Some(lower_domain(s.value.trim())),
            Err(e) => {
                problems.push(invalid(s, e));
                None
            }
        },
    };
    let plan = match &id.plan {
        None => {
            if !unreadable("--plan") {
                problems.push(absent("--plan", "the plan (payg, pro or enterprise)"));
            }
            None
        }
        Some(s) => match Plan::parse(&s.value) {
            Some(p) => Some(p),
            None => {
                problems.push(invalid(
                    s,
                    format!("\"{}\" is not a plan; use payg, pro or enterprise", s.value),
                ));
                None
            }
        },
    };
    let sender_name = match &id.sender_name {
        Some(s) if s.value.chars().count() > 100 => {
            problems.push(invalid(s, "is longer than 100 characters".into()));
            None
        }
        Some(s) => match one_line(&s.value) {
            Ok(()) if !s.value.trim().is_empty() => Some(s.value.trim().to_string()),
            Ok(()) => None,
            Err(e) => {
                problems.push(invalid(s, e));
                None
            }
        },
        None => None,
    };
    if problems.0.len() > before {
        return None;
    }
    Some(Identity {
        org: org?,
        login_email: login_email?,
        plan: plan?,
        sender_name,
    })
}

pub fn check_cc(cc: &[Sourced], problems: &mut Problems) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for s in cc {
        if let Err(e) = email::check_header_value(&s.value) {
            problems.push(match s.source {
                Source::Flag => Problem::new(ProblemKind::Invalid, "--cc", e),
                Source::Profile => Problem::new(ProblemKind::Identity, "profile key cc", e),
            });
            continue;
        }
        let v = s.value.trim();
        if v.is_empty() {
            continue;
        }
        match email::check_address(v) {
            Ok(()) => {
                let v = lower_domain(v);
                if !out.contains(&v) {
                    out.push(v);
                }
            }
            Err(e) => problems.push(match s.source {
                Source::Flag => Problem::new(ProblemKind::Invalid, "--cc", e),
                Source::Profile => Problem::new(ProblemKind::Identity, "profile key cc", e),
            }),
        }
    }
    out
}
