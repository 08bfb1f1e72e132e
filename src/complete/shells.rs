//! How each shell is answered on Tab: clap_complete's engine finds the
//! candidates, and these adapters write them the way each shell's script
//! reads them (the same formats as clap_complete's own adapters), after two
//! touches of ours:
//!
//! - a word that does not start with `-` is offered values, not flags, when
//!   there are values to offer (`profile use <Tab>` lists profiles, not
//!   `--json`); the flags come as soon as a `-` is typed;
//! - bash has no descriptions, so when it *lists* the candidates (the second
//!   Tab, or `show-all-if-ambiguous`) each one is shown as `value  -- help`,
//!   aligned like zsh's; the Tab that inserts text always gets bare values,
//!   so the line only ever receives a value (see [`bash`]).

use std::ffi::OsString;
use std::io::Write;

use clap_complete::engine::CompletionCandidate;
use clap_complete::env::{Bash, Elvish, EnvCompleter, Fish, Powershell, Shells, Zsh};

/// The built-in shells, each answering through [`Tidy`].
pub const SHELLS: Shells<'static> = Shells(&[
    &Tidy(&Bash),
    &Tidy(&Elvish),
    &Tidy(&Fish),
    &Tidy(&Powershell),
    &Tidy(&Zsh),
]);

/// A shell's adapter: its registration as clap_complete writes it, its
/// answers tidied (see the module documentation).
pub struct Tidy(&'static dyn EnvCompleter);

impl EnvCompleter for Tidy {
    fn name(&self) -> &'static str {
        self.0.name()
    }

    fn is(&self, name: &str) -> bool {
        self.0.is(name)
    }

    fn write_registration(
        &self,
        var: &str,
        name: &str,
        bin: &str,
        completer: &str,
        buf: &mut dyn Write,
    ) -> std::io::Result<()> {
        self.0.write_registration(var, name, bin, completer, buf)
    }

    fn write_complete(
        &self,
        cmd: &mut clap::Command,
        mut args: Vec<OsString>,
        current_dir: Option<&std::path::Path>,
        buf: &mut dyn Write,
    ) -> std::io::Result<()> {
        let shell = self.0.name();
        // Where the word under the cursor is, as each shell's script says.
        let index = match shell {
            "fish" | "powershell" => args.len().saturating_sub(1),
            _ => env("_CLAP_COMPLETE_INDEX")
                .and_then(|i| i.parse().ok())
                .unwrap_or_default(),
        };
        if shell == "zsh" && args.len() == index {
            args.push(OsString::new());
        }
        let current = args
            .get(index)
            .map(|a| a.to_string_lossy().into_owned())
            .unwrap_or_default();
        let mut found = clap_complete::engine::complete(cmd, args, index, current_dir)?;
        values_over_flags(&mut found, &current);
        let ifs = env("_CLAP_IFS").unwrap_or_else(|| "\n".into());
        let text = match shell {
            "zsh" => join(&found, &ifs, zsh),
            "fish" | "powershell" => found.iter().map(|c| tabbed(c) + "\n").collect(),
            "bash" => bash(&found, &ifs, env("_CLAP_COMPLETE_COMP_TYPE").as_deref()),
            _ => join(&found, &ifs, value),
        };
        buf.write_all(text.as_bytes())?;
        // clap_complete writes the answer and ends the process: the command
        // tree is left to that end rather than freed (a tenth of a Tab's
        // instructions), as the binary does with a parsed line's tree
        // (`cli::Leftovers`).
        std::mem::forget(std::mem::replace(cmd, clap::Command::new(super::BIN)));
        Ok(())
    }
}

fn env(name: &str) -> Option<String> {
    std::env::var(name).ok()
}

/// Drops the flags when the word typed does not start with `-` and there is
/// anything else to offer.
pub fn values_over_flags(found: &mut Vec<CompletionCandidate>, current: &str) {
    let is_flag = |c: &CompletionCandidate| c.get_value().to_string_lossy().starts_with('-');
    if !current.starts_with('-') && found.iter().any(|c| !is_flag(c)) {
        found.retain(|c| !is_flag(c));
    }
}

fn value(c: &CompletionCandidate) -> String {
    c.get_value().to_string_lossy().into_owned()
}

/// The first line of a candidate's help, if it has one.
fn help(c: &CompletionCandidate) -> Option<String> {
    let help = c.get_help()?.to_string();
    Some(help.lines().next().unwrap_or_default().to_owned())
}

fn join(
    found: &[CompletionCandidate],
    ifs: &str,
    each: fn(&CompletionCandidate) -> String,
) -> String {
    found.iter().map(each).collect::<Vec<_>>().join(ifs)
}

/// zsh's `_describe` item: `value:help`, a `:` in the value escaped.
fn zsh(c: &CompletionCandidate) -> String {
    let v = value(c).replace('\\', "\\\\").replace(':', "\\:");
    match help(c) {
        Some(h) => format!("{v}:{}", h.replace('\\', "\\\\")),
        None => v,
    }
}

/// fish's and PowerShell's line: `value<TAB>help`.
fn tabbed(c: &CompletionCandidate) -> String {
    match help(c) {
        Some(h) => format!("{}\t{h}", value(c)),
        None => value(c),
    }
}

/// bash's answer. `comp_type` is bash's `COMP_TYPE`: 9 is the Tab that
/// inserts (the common prefix, or the one match), 37 is menu completion
/// (which inserts each match in turn); 63 (`?`, the second Tab), 33 (`!`)
/// and 64 (`@`) list the matches. Only a listing gets `value  -- help`, and
/// only with two or more matches: distinct values that hold no blank make
/// the common prefix of those lines the common prefix of the values, so
/// even `show-all-if-ambiguous` (which inserts and lists at once) inserts
/// no description.
pub fn bash(found: &[CompletionCandidate], ifs: &str, comp_type: Option<&str>) -> String {
    let listing = matches!(comp_type, Some("63" | "33" | "64"));
    let plain = found.iter().any(|c| value(c).contains(char::is_whitespace));
    if !listing || found.len() < 2 || plain {
        return join(found, ifs, value);
    }
    let width = found
        .iter()
        .map(|c| value(c).chars().count())
        .max()
        .unwrap_or(0);
    found
        .iter()
        .map(|c| match help(c) {
            Some(h) if !h.is_empty() => format!("{:width$}  -- {h}", value(c)),
            _ => value(c),
        })
        .collect::<Vec<_>>()
        .join(ifs)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn candidates(items: &[(&str, &str)]) -> Vec<CompletionCandidate> {
        items
            .iter()
            .map(|(v, h)| CompletionCandidate::new(*v).help(Some((*h).to_owned().into())))
            .collect()
    }

    #[test]
    fn flags_only_once_a_dash_is_typed() {
        let all = || candidates(&[("1", "First"), ("--json", "Print JSON")]);
        let mut found = all();
        values_over_flags(&mut found, "");
        assert_eq!(found.len(), 1);
        let mut found = all();
        values_over_flags(&mut found, "-");
        assert_eq!(found.len(), 2);
        // Nothing but flags to offer: they stay.
        let mut found = candidates(&[("--json", "Print JSON")]);
        values_over_flags(&mut found, "");
        assert_eq!(found.len(), 1);
    }

    #[test]
    fn bash_lists_descriptions_but_inserts_values() {
        let found = candidates(&[("2", "Payment pending"), ("10", "Invoice")]);
        assert_eq!(bash(&found, "\n", Some("9")), "2\n10");
        assert_eq!(bash(&found, "\n", Some("37")), "2\n10");
        assert_eq!(
            bash(&found, "\n", Some("63")),
            "2   -- Payment pending\n10  -- Invoice"
        );
        // One match is inserted, never described.
        assert_eq!(bash(&found[..1], "\n", Some("63")), "2");
    }
}
