//! The facts block and the longer texts, and which of them the opening
//! already states: each value is said once.

/// The facts block and the longer texts, before the opening is known.
pub(super) struct Layout {
    /// Facts (label, value, how far a time lies from now).
    pub(super) facts: Vec<(String, String, Option<String>)>,
    pub(super) sections: Vec<Section>,
    /// The organisation and the login email.
    pub(super) account: [(&'static str, String); 2],
    /// The plan in words: the one account value an opening may state ("We
    /// are on Pro; which plan would we need …"), and then not again.
    pub(super) plan: &'static str,
}

impl Layout {
    /// The facts (account last) and sections the opening does not already
    /// state. A time whose distance the opening states ("goes live in 40
    /// minutes") keeps only its clock time here.
    pub(super) fn unsaid(&self, opening: &str) -> Unsaid {
        let said = |value: &str| mentions(opening, value.trim());
        let facts: Vec<(&str, &str)> = self
            .facts
            .iter()
            .filter(|(_, v, _)| !said(v))
            .map(|(l, v, distance)| match distance {
                Some(d) if said(d) => (
                    l.as_str(),
                    v.trim_end_matches(d.as_str()).trim_end_matches([',', ' ']),
                ),
                _ => (l.as_str(), v.as_str()),
            })
            .chain(self.account.iter().map(|(l, v)| (*l, v.as_str())))
            .chain((!said(self.plan)).then_some(("Plan", self.plan)))
            .collect();
        let width = facts
            .iter()
            .map(|(l, _)| l.chars().count())
            .max()
            .unwrap_or(0)
            + 1;
        Unsaid {
            facts: facts
                .into_iter()
                .map(|(label, value)| Fact {
                    label: format!("{:width$}", format!("{label}:")),
                    value: value.to_string(),
                })
                .collect(),
            sections: self
                .sections
                .iter()
                .filter(|s| !said(&s.text))
                .cloned()
                .collect(),
        }
    }
}

/// One line of the facts block: `Label:   value`.
#[derive(Debug)]
pub(super) struct Fact {
    pub(super) label: String,
    pub(super) value: String,
}

/// A multi-line item, shown as its own paragraph.
#[derive(Debug, Clone)]
pub(super) struct Section {
    pub(super) label: &'static str,
    pub(super) text: String,
}

/// The facts and sections the opening does not already state.
#[derive(Debug, Default)]
pub(super) struct Unsaid {
    pub(super) facts: Vec<Fact>,
    pub(super) sections: Vec<Section>,
}

/// Whether `needle` occurs in `hay` as a whole (not inside a longer word).
fn mentions(hay: &str, needle: &str) -> bool {
    if needle.is_empty() {
        return false;
    }
    let word = |c: Option<char>| c.is_some_and(char::is_alphanumeric);
    hay.match_indices(needle).any(|(at, _)| {
        !word(hay[..at].chars().next_back()) && !word(hay[at + needle.len()..].chars().next())
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mentions_whole_values_only() {
        assert!(mentions("after 3 resends", "3"));
        assert!(!mentions("waited 30 minutes", "3"));
        assert!(mentions("event evt_77 goes", "evt_77"));
        assert!(!mentions("event evt_777 goes", "evt_77"));
        assert!(!mentions("anything", ""));
    }
}
