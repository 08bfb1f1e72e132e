//! Shell completion: the scripts `9pic-help completions SHELL` prints, and the
//! answers this binary gives when a shell calls it back on Tab.
//!
//! Each script is a small stub from clap_complete's dynamic engine. On Tab the
//! shell runs `NINEPIC_HELP_COMPLETE=<shell> 9pic-help -- <words>` and [`answer_if_asked`]
//! answers from the same clap definition that parses the command line, so
//! subcommands, flags and every enumerated value come from the catalog. On top
//! of that come the values only known at run time — saved profile names,
//! ticket IDs (with their subjects) and recent event IDs from the history —
//! read from the local profile and history files only: no network, no lock.
//!
//! This is a road of its own, beside the ticket road: it never composes.

use std::ffi::{OsStr, OsString};

use clap_complete::engine::{ArgValueCandidates, ArgValueCompleter, CompletionCandidate};
use clap_complete::env::Shells;

pub use clap_complete::Shell;

use crate::catalog::{self, Kind};
use crate::error::Error;

mod shells;

/// The command the scripts complete and call back, found on `PATH`.
pub const BIN: &str = "9pic-help";

/// The environment variable that turns a run into a completion request.
pub const VAR: &str = "NINEPIC_HELP_COMPLETE";

/// How many history entries to offer at most (newest first).
const MAX_TICKETS: usize = 50;

/// How many distinct recent event IDs to offer at most.
const MAX_EVENTS: usize = 20;

/// Answers a completion request and exits, when the shell made one.
///
/// Returns at once (doing nothing) when [`VAR`] is unset, empty or `0`, which
/// is every ordinary run. Must run before anything is written to stdout.
pub fn answer_if_asked() {
    clap_complete::CompleteEnv::with_factory(requested)
        .var(VAR)
        .bin(BIN)
        .completer(BIN)
        .shells(shells::SHELLS)
        .complete();
}

/// The script for `shell`, exactly as `9pic-help completions SHELL` prints it
/// and as `completions/` holds it.
pub fn script(shell: Shell) -> Result<String, Error> {
    let shells = Shells::builtins();
    let Some(registrar) = shells.completer(&shell.to_string()) else {
        return Err(Error::Usage(format!(
            "no completion support for {shell}; supported: {}",
            shells.names().collect::<Vec<_>>().join(", ")
        )));
    };
    if shell == Shell::Bash {
        return Ok(BASH_SCRIPT.to_owned());
    }
    let mut out = Vec::new();
    registrar
        .write_registration(VAR, BIN, BIN, BIN, &mut out)
        .map_err(|e| Error::Internal(format!("completion script: {e}")))?;
    let mut text = String::from_utf8_lossy(&out).into_owned();
    if shell == Shell::Zsh {
        text.push_str(ZSH_AUTOLOAD_BRIDGE);
    }
    Ok(text)
}

/// The bash script: clap_complete's protocol (`_CLAP_*` variables, the words
/// after `--`), with one thing clap's own script lacks. Bash cuts the line at
/// every character of `COMP_WORDBREAKS`, so `--open webmail:g` arrives as
/// `webmail` `:` `g` and `--open=web` as `--open` `=` `web`. The function glues
/// the pieces typed without a space between them back into the words the
/// program parses, and trims each answer back to the piece bash replaces —
/// what bash-completion's `__ltrim_colon_completions` does, without needing
/// bash-completion loaded. Only the words up to the cursor are passed.
const BASH_SCRIPT: &str = r#"
_clap_complete_9pic_help() {
    local IFS=$'\013'
    local _CLAP_COMPLETE_COMP_TYPE=${COMP_TYPE}
    if compopt +o nospace 2> /dev/null; then
        local _CLAP_COMPLETE_SPACE=false
    else
        local _CLAP_COMPLETE_SPACE=true
    fi
    local cur=${COMP_WORDS[COMP_CWORD]}
    if [[ "${BASH_VERSINFO[0]}" -ge 4 ]]; then
        cur=$2
    fi
    # Glue the pieces bash split at COMP_WORDBREAKS (no blank between them).
    local line=${COMP_LINE:0:COMP_POINT} words=() i=0 j=-1 piece gap
    for ((i = 0; i <= COMP_CWORD; i++)); do
        piece=${COMP_WORDS[i]}
        ((i == COMP_CWORD)) && piece=$cur
        gap=${line%%[![:space:]]*}
        line=${line:${#gap}}
        if ((j >= 0)) && [[ -z $gap ]]; then
            words[j]+=$piece
        else
            words[++j]=$piece
        fi
        line=${line:${#piece}}
    done
    # What bash will not replace: the glued word's start before bash's own word.
    local keep=${words[j]:0:${#words[j]}-${#cur}}
    COMPREPLY=( $(         _CLAP_IFS="$IFS"         _CLAP_COMPLETE_INDEX="$j"         _CLAP_COMPLETE_COMP_TYPE="$_CLAP_COMPLETE_COMP_TYPE"         _CLAP_COMPLETE_SPACE="$_CLAP_COMPLETE_SPACE"         NINEPIC_HELP_COMPLETE="bash"         "9pic-help" -- "${words[@]}"     ) )
    if [[ $? != 0 ]]; then
        unset COMPREPLY
        return
    fi
    if [[ -n $keep ]]; then
        COMPREPLY=( "${COMPREPLY[@]#"$keep"}" )
    fi
    if [[ $_CLAP_COMPLETE_SPACE == false ]] && [[ "${COMPREPLY-}" =~ [=/:]$ ]]; then
        compopt -o nospace
    fi
}
if [[ "${BASH_VERSINFO[0]}" -eq 4 && "${BASH_VERSINFO[1]}" -ge 4 || "${BASH_VERSINFO[0]}" -gt 4 ]]; then
    complete -o nospace -o bashdefault -o nosort -F _clap_complete_9pic_help 9pic-help
else
    complete -o nospace -o bashdefault -F _clap_complete_9pic_help 9pic-help
fi
"#;

/// Lets the zsh script also work from `$fpath`: compinit autoloads the file as
/// the completion function `_9pic-help`, whose body would only register the
/// real completer, so the first Tab would offer nothing. Sourced, it is inert.
const ZSH_AUTOLOAD_BRIDGE: &str = "
# Installed in $fpath as _9pic-help, this file runs as the completion function
# itself: complete the current word now rather than from the second Tab on.
if [[ ${funcstack[1]-} == _9pic-help ]]; then
    _clap_dynamic_completer_9pic_help \"$@\"
fi
";

/// The file in `completions/` that holds the script for `shell`, named the way
/// each shell looks completion files up.
pub fn file_name(shell: Shell) -> String {
    clap_complete::Generator::file_name(&shell, BIN)
}

/// Prints the script for `shell` (the `completions` command).
pub fn print_script(shell: Shell) -> Result<(), Error> {
    crate::deliver::stdout::write_stdout(script(shell)?.as_bytes())
}

/// The whole CLI definition, built, with the run-time value sources attached.
pub fn command() -> clap::Command {
    let mut cmd = crate::cli::command();
    cmd.build();
    attach(cmd, None)
}

/// The CLI definition a completion request needs: the words the shell passed
/// (`9pic-help -- 9pic-help billing --issue ''`) decide which ticket commands
/// get their arguments.
fn requested() -> clap::Command {
    let args: Vec<OsString> = std::env::args_os().collect();
    let words = args
        .iter()
        .position(|a| a == "--")
        .map_or(&[][..], |i| &args[i + 1..]);
    command_for(words)
}

/// The CLI definition for completing `words` (the command line so far, the
/// program name first), built: the commands the words name get their
/// arguments and value sources; every other command stays a stub with its
/// name and about (and a side command its own flags, without the shared
/// ones), which is all a subcommand-name completion shows. A Tab thus builds
/// one command, not all of them (see `cli::ticket_stub`), and never the
/// `--help` texts.
pub fn command_for(words: &[OsString]) -> clap::Command {
    let named = |name: &str| {
        words.iter().skip(1).any(|w| {
            w == name
                || w.to_str()
                    .and_then(catalog::find)
                    .is_some_and(|c| c.name == name)
        })
    };
    let mut cmd = crate::cli::command_without_help().mut_subcommands(|sub| {
        match named(sub.get_name()) {
            true => sub,
            // Replaces the deferred build with one that adds nothing.
            false => sub.defer(|stub| stub),
        }
    });
    // Built before the value sources are attached, so that the named ticket
    // commands have their arguments to attach them to.
    cmd.build();
    attach(cmd, None)
}

/// Attaches a value source to every argument that takes run-time values, in
/// `cmd` and all its subcommands. `parent` is the name of the command above.
fn attach(cmd: clap::Command, parent: Option<&str>) -> clap::Command {
    let name = cmd.get_name().to_owned();
    let category = catalog::find(&name).filter(|_| parent.is_none_or(|p| p == BIN));
    let cmd = cmd.mut_args(|arg| {
        let long = arg.get_long();
        let names_a_profile = parent == Some("profile")
            && matches!(name.as_str(), "show" | "use" | "remove")
            && arg.is_positional();
        if long == Some("profile") || names_a_profile {
            arg.add(ArgValueCandidates::new(profile_candidates))
        } else if long == Some("ticket")
            || (parent == Some("history") && name == "show" && arg.is_positional())
        {
            arg.add(ArgValueCompleter::new(ticket_candidates))
        } else if category
            .and_then(|c| c.item(arg.get_id().as_str()))
            .is_some_and(|item| matches!(item.kind, Kind::EventId))
        {
            arg.add(ArgValueCandidates::new(event_candidates))
        } else if let Some(item) = category
            .and_then(|c| c.item(arg.get_id().as_str()))
            .filter(|item| matches!(item.kind, Kind::List(_)))
        {
            let flag = item.long();
            let choices = item.kind.choices();
            arg.add(ArgValueCompleter::new(move |current: &OsStr| {
                list_candidates(&flag, choices, current)
            }))
        } else {
            arg
        }
    });
    let cmd = match category {
        // Offer each category by its own name: with visible aliases the engine
        // would show whichever name sorts first (`beta` for `feature`). The
        // aliases still complete once typed.
        Some(c) => cmd.alias(None).aliases(c.aliases.iter().copied()),
        None => cmd,
    };
    cmd.mut_subcommands(|sub| attach(sub, Some(&name)))
}

/// The values of a list flag (`--products checkout,<Tab>`) not given yet on
/// the command line being completed, in this word or another of the flag.
/// (The engine passes only the part after the last comma, and puts the
/// part before it back in front of each candidate.)
fn list_candidates(
    flag: &str,
    choices: &'static [catalog::Choice],
    current: &OsStr,
) -> Vec<CompletionCandidate> {
    let words: Vec<String> = std::env::args_os()
        .map(|w| w.to_string_lossy().into_owned())
        .collect();
    let with_equals = format!("{flag}=");
    let mut given: Vec<String> = Vec::new();
    for (i, word) in words.iter().enumerate() {
        let values = if word == flag {
            words.get(i + 1).map(String::as_str)
        } else {
            word.strip_prefix(&with_equals)
        };
        if let Some(values) = values {
            let mut parts: Vec<&str> = values.split(',').collect();
            parts.pop(); // the value being typed is not given yet
            given.extend(parts.into_iter().map(str::to_owned));
        }
    }
    let typed = current.to_string_lossy();
    choices
        .iter()
        .filter(|c| c.value.starts_with(typed.as_ref()) && !given.iter().any(|g| g == c.value))
        .map(|c| CompletionCandidate::new(c.value).help(Some(c.label.into())))
        .collect()
}

/// Saved profile names, the default one first, each described by its org.
fn profile_candidates() -> Vec<CompletionCandidate> {
    let Some(file) = sources::profiles() else {
        return Vec::new();
    };
    let default = file.default.clone();
    let mut names: Vec<_> = file.profiles.into_iter().collect();
    names.sort_by_key(|(name, _)| Some(name) != default.as_ref());
    names
        .into_iter()
        .map(|(name, p)| {
            let mut help = p.org.unwrap_or_default();
            if let Some(plan) = p.plan {
                help = format!("{help} ({plan})");
            }
            if Some(&name) == default.as_ref() {
                help = format!("{help} [default]");
            }
            CompletionCandidate::new(name).help(Some(help.trim().to_owned().into()))
        })
        .collect()
}

/// Ticket IDs from the history that start with what was typed (the newest
/// [`MAX_TICKETS`]), in numeric order (2 before 10), each described by its
/// subject.
fn ticket_candidates(current: &OsStr) -> Vec<CompletionCandidate> {
    let typed = current.to_string_lossy();
    let mut out = Vec::new();
    sources::newest_first(|r| {
        if r.id.starts_with(typed.as_ref()) {
            out.push((r.id, r.subject));
        }
        out.len() < MAX_TICKETS
    });
    // Numbers by value, anything else (a hand-edited history) after them.
    out.sort_by_cached_key(|(id, _)| (id.parse::<u64>().unwrap_or(u64::MAX), id.clone()));
    out.into_iter()
        .map(|(id, subject)| CompletionCandidate::new(id).help(Some(subject.into())))
        .collect()
}

/// Event IDs of recent tickets, newest first, each described by its ticket.
fn event_candidates() -> Vec<CompletionCandidate> {
    let mut seen = Vec::new();
    let mut out = Vec::new();
    sources::newest_first(|r| {
        let Some(event) = r.keys.event_id else {
            return true;
        };
        if seen.contains(&event) {
            return true;
        }
        seen.push(event.clone());
        let help = format!("ticket {}: {}", r.id, r.subject);
        out.push(CompletionCandidate::new(event).help(Some(help.into())));
        out.len() < MAX_EVENTS
    });
    out
}

/// The saved state completion offers, read through the profile and history
/// stores themselves (same places, same formats, no lock taken). Any problem —
/// missing, unreadable or corrupt file — means "nothing to offer": a Tab must
/// never print an error into the user's command line.
mod sources {
    use std::ops::ControlFlow;

    use crate::store::history::{History, Record};
    use crate::store::paths::Dirs;
    use crate::store::profile::{ProfileFile, Profiles};

    /// The state directories from the environment overrides, else the platform's.
    /// (`--config-dir` cannot be seen here: the shell asks about one word.)
    fn dirs() -> Option<Dirs> {
        Dirs::resolve(None, |name| std::env::var_os(name)).ok()
    }

    /// The saved profiles, if the file parses.
    pub fn profiles() -> Option<ProfileFile> {
        Profiles::new(&dirs()?.config.path).load().ok()
    }

    /// Hands `more` the history records newest first while it returns true,
    /// reading the file from its end only as far as that; lines that do not
    /// parse are skipped.
    pub fn newest_first(mut more: impl FnMut(Record) -> bool) {
        let Some(dirs) = dirs() else { return };
        let _ = History::new(&dirs.data.path).scan_back(|r| match more(r) {
            true => ControlFlow::Continue(()),
            false => ControlFlow::Break(()),
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// How many checklist flags of `category` its subcommand in `cmd` has.
    fn item_flags(cmd: &clap::Command, category: &catalog::Category) -> usize {
        let sub = cmd
            .find_subcommand(category.name)
            .unwrap_or_else(|| panic!("no subcommand {}", category.name));
        sub.get_arguments()
            .filter_map(|a| a.get_long())
            .filter(|long| category.items.iter().any(|i| i.flag == *long))
            .count()
    }

    #[test]
    fn a_tab_builds_only_the_ticket_commands_its_words_name() {
        let words: Vec<OsString> = ["9pic-help", "--plan", "pro", "billing", "--issue", ""]
            .map(OsString::from)
            .to_vec();
        let cmd = command_for(&words);
        for category in catalog::CATEGORIES {
            let flags = item_flags(&cmd, category);
            match category.name == "billing" {
                true => assert_eq!(flags, category.items.len(), "billing has its flags"),
                false => assert_eq!(flags, 0, "{} was built", category.name),
            }
        }
        // The whole tree, as help generators see it, has every command's flags.
        let all = command();
        for category in catalog::CATEGORIES {
            assert_eq!(item_flags(&all, category), category.items.len());
        }
        // A side command the words do not name gets no shared flags either.
        let shared = |cmd: &clap::Command| {
            cmd.find_subcommand("doctor").is_some_and(|d| {
                d.get_arguments()
                    .any(|a| a.get_long() == Some("config-dir"))
            })
        };
        assert!(!shared(&cmd), "doctor was built for a billing Tab");
        assert!(shared(&all));
    }
}
