//! Terminal prompts (dialoguer), used only when a person is there to answer.
//!
//! [`crate::options::interactive`] decides whether a person is there (stdin
//! and stderr are terminals, no `--no-input`, `CI` unset or empty). Then
//! [`fill_missing`] asks for each missing checklist item with the catalog's
//! label and help, and checks every answer with the checklist itself (a wrong
//! answer is asked again, never fatal); [`pick_category`] is the guided
//! picker. Menu rows are cut to the terminal's width. Ctrl-C leaves (exit
//! 130) on a fresh line with the cursor restored; Esc in a menu or a yes/no
//! question leaves quietly (exit 130, the menu cleared, no error line). At a
//! text prompt Esc is an ordinary key that dialoguer ignores; Ctrl-C leaves.
//! [`edit_body`] (in `editor`) runs `$VISUAL`/`$EDITOR`.

use console::Term;
use dialoguer::theme::ColorfulTheme;
use dialoguer::{Confirm, Input, MultiSelect, Select};

use jiff::Zoned;

use crate::catalog::{self, Category, Item, Kind, SELF_SERVE};
use crate::compose::checklist;
use crate::compose::draft::{Draft, Source, Sourced};
use crate::error::{Error, Problem, ProblemKind};

mod editor;

pub use editor::{check_body, edit_body};

/// Set once the terminal has been left on a fresh line, so a Ctrl-C seen both
/// as a signal and as a key ends with one newline, not two. A lock, not a
/// flag: the signal's thread and the main thread may both leave at once, and
/// the one that comes second must wait until the newline is written (the
/// main thread exits the process right after).
static LEFT: std::sync::Mutex<bool> = std::sync::Mutex::new(false);

/// Leaves the prompt: shows the cursor and, the first time, ends the line the
/// prompt was on, so the shell's prompt starts on a fresh line.
fn leave_line() {
    let mut left = LEFT
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner);
    let term = Term::stderr();
    let _ = term.show_cursor();
    if !*left {
        let _ = term.write_line("");
        *left = true;
    }
}

/// Makes Ctrl-C at a prompt leave (exit 130) on a fresh line with a visible cursor.
///
/// console raises SIGINT itself when it reads ^C in raw mode, and then
/// returns an `Interrupted` error; without a handler the process would die by
/// the signal with the cursor hidden and the shell's prompt glued to ours.
pub fn guard_interrupt() {
    // In raw mode a menu reads Ctrl-C as a key and leaves through the normal
    // path ([`Error::Quit`]). A Ctrl-C that lands while the terminal is still
    // cooked (between drawing a prompt and reading its first key) is a signal
    // instead: the blocked read would never return, so end here, as the shell
    // expects, on a fresh line with the cursor shown. Nothing typed is lost:
    // no answer has been kept yet. A second call fails because a handler is
    // already set; that is fine.
    let _ = ctrlc::set_handler(|| {
        leave_line();
        std::process::exit(i32::from(crate::error::code::CANCELLED));
    });
}

/// Esc in a menu or a yes/no question: the prompt has cleared its own lines,
/// so leaving prints nothing more (exit 130, no error line).
fn escaped() -> Error {
    let _ = Term::stderr().show_cursor();
    *LEFT
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner) = true;
    Error::Quit
}

/// Maps a dialoguer failure: an interrupt (Ctrl-C) leaves on a fresh line,
/// anything else is a terminal that cannot be used.
pub fn prompt_error(e: dialoguer::Error) -> Error {
    let dialoguer::Error::IO(io) = e;
    let _ = Term::stderr().show_cursor();
    if io.kind() == std::io::ErrorKind::Interrupted {
        leave_line();
        Error::Quit
    } else {
        Error::Unavailable {
            what: format!("cannot read from the terminal: {io}"),
            hint: Some("pass the values as flags, with --no-input".into()),
        }
    }
}

/// Asks for a secret with hidden input (`profile smtp-login`); never echoed or kept.
///
/// Hidden input is read in the terminal's line mode, where Ctrl-C is a signal
/// that a blocked read never sees; so the prompt runs on a helper thread and
/// Ctrl-C answers [`Error::Quit`] in its place, through the normal path.
pub fn password(prompt: &str) -> Result<String, Error> {
    let (answer, answered) = std::sync::mpsc::channel();
    let cancel = answer.clone();
    // A second call fails because a handler is already set; that is fine.
    let _ = ctrlc::set_handler(move || {
        leave_line();
        let _ = cancel.send(Err(Error::Quit));
    });
    let prompt = prompt.to_string();
    std::thread::spawn(move || {
        let typed = dialoguer::Password::with_theme(&theme())
            .with_prompt(prompt)
            .interact()
            .map_err(prompt_error);
        let _ = answer.send(typed);
    });
    answered.recv().unwrap_or(Err(Error::Quit))
}

/// Menu rows cut to the terminal's width (with `…`): a row that wrapped
/// would take two lines while the menu redraws one, leaving stale lines on
/// the screen at each move.
fn fit(rows: &[String]) -> Vec<String> {
    // The theme puts `❯ ` (or `  `, or a checkbox `⬚ `) before each row;
    // one more column keeps the cursor off the terminal's last column.
    const MARGIN: usize = 5;
    let width = Term::stderr()
        .size_checked()
        .map_or(usize::MAX, |(_, w)| usize::from(w));
    rows.iter()
        .map(|r| console::truncate_str(r, width.saturating_sub(MARGIN).max(10), "…").into_owned())
        .collect()
}

fn theme() -> ColorfulTheme {
    ColorfulTheme::default()
}

/// Identity flags a prompt can fill when there is no profile or it lacks them.
const IDENTITY_FLAGS: [&str; 3] = ["--org", "--login-email", "--plan"];

/// What the next prompt asks for.
enum Ask {
    Item(&'static Item),
    Identity(&'static str),
}

/// Asks for every missing required item until the checklist has none left.
///
/// Items depend on the situation (`--issue`/`--topic`), so the draft is
/// checked again after each answer and the situation is asked first.
pub fn fill_missing(mut draft: Draft, now: &Zoned) -> Result<Draft, Error> {
    guard_interrupt();
    // Each answer fills one item for good; this bounds the loop.
    for _ in 0..=draft.category.items.len() + IDENTITY_FLAGS.len() {
        let Some(ask) = next_missing(&draft, now) else {
            return confirm_refused_switch(draft, now);
        };
        match ask {
            Ask::Item(item) => {
                let values = ask_item(&draft, item, now)?;
                set_item(&mut draft, item.key, values);
            }
            Ask::Identity(flag) => {
                let value = ask_identity(&draft, flag, now)?;
                set_identity(&mut draft, flag, value);
            }
        }
    }
    Ok(draft)
}

/// When a rule refuses for want of a yes/no item (e.g. `--rechecked`), shows
/// the rule's advice and asks that item once; "no" leaves the refusal standing.
fn confirm_refused_switch(mut draft: Draft, now: &Zoned) -> Result<Draft, Error> {
    let Err(Error::Problems(problems)) = checklist::validate(draft.clone(), now) else {
        return Ok(draft);
    };
    let category = draft.category;
    let refused = problems.0.iter().find_map(|p| {
        let item = category.items.iter().find(|i| i.long() == p.flag)?;
        (p.kind == ProblemKind::Refused && matches!(item.kind, Kind::Switch)).then_some((p, item))
    });
    let Some((problem, item)) = refused else {
        return Ok(draft);
    };
    let term = Term::stderr();
    let _ = term.write_line(&problem.message);
    if let Some(hint) = &problem.hint {
        let _ = term.write_line(hint);
    }
    let yes = Confirm::with_theme(&theme())
        .with_prompt(format!("{}? ({})", item.label, item.help))
        .default(false)
        .interact_on_opt(&term)
        .map_err(prompt_error)?
        .ok_or_else(escaped)?;
    if yes {
        set_item(&mut draft, item.key, vec!["true".into()]);
    }
    Ok(draft)
}

/// The first missing thing, by the checklist's own verdict: the org identity,
/// then the situation, then the items in catalog order.
fn next_missing(draft: &Draft, now: &Zoned) -> Option<Ask> {
    let Err(Error::Problems(problems)) = checklist::validate(draft.clone(), now) else {
        return None;
    };
    let missing: Vec<&Problem> = problems
        .0
        .iter()
        .filter(|p| {
            p.kind == ProblemKind::Missing
                || (p.kind == ProblemKind::Identity && IDENTITY_FLAGS.contains(&p.flag.as_str()))
        })
        .collect();
    let unset = |flag: &str| match flag {
        "--org" => draft.identity.org.is_none(),
        "--login-email" => draft.identity.login_email.is_none(),
        "--plan" => draft.identity.plan.is_none(),
        _ => false,
    };
    if let Some(flag) = IDENTITY_FLAGS
        .into_iter()
        .find(|f| unset(f) && missing.iter().any(|p| p.flag == *f))
    {
        return Some(Ask::Identity(flag));
    }
    let category = draft.category;
    let situation = category.situation_key.and_then(|k| category.item(k));
    situation
        .into_iter()
        .chain(category.items.iter())
        .find(|item| missing.iter().any(|p| p.flag == item.long()))
        .map(Ask::Item)
}

/// The checklist's complaint about `flag`, once `draft` carries an answer.
fn complaint(draft: Draft, flag: &str, now: &Zoned) -> Result<(), String> {
    match checklist::validate(draft, now) {
        Err(Error::Problems(ps)) => match ps.0.iter().find(|p| p.flag == flag) {
            Some(p) => Err(p.message.clone()),
            None => Ok(()),
        },
        _ => Ok(()),
    }
}

/// Asks for one checklist item; the answer is checked by the checklist.
fn ask_item(draft: &Draft, item: &'static Item, now: &Zoned) -> Result<Vec<String>, Error> {
    let term = Term::stderr();
    let _ = term.write_line(&format!("{} ({}): {}", item.label, item.long(), item.help));
    match item.kind {
        Kind::Choice(choices) => {
            let labels: Vec<String> = choices
                .iter()
                .map(|c| format!("{:<20} {}", c.value, c.label))
                .collect();
            let pick = Select::with_theme(&theme())
                .with_prompt(item.label)
                .items(fit(&labels))
                .default(0)
                .interact_on_opt(&term)
                .map_err(prompt_error)?;
            match pick {
                Some(i) => Ok(vec![choices[i].value.to_string()]),
                None => Err(escaped()),
            }
        }
        Kind::List(choices) => {
            let labels: Vec<String> = choices
                .iter()
                .map(|c| format!("{:<20} {}", c.value, c.label))
                .collect();
            loop {
                let picks = MultiSelect::with_theme(&theme())
                    .with_prompt(format!("{} (space to mark, enter to accept)", item.label))
                    .items(fit(&labels))
                    .interact_on_opt(&term)
                    .map_err(prompt_error)?
                    .ok_or_else(escaped)?;
                if !picks.is_empty() {
                    return Ok(picks
                        .into_iter()
                        .map(|i| choices[i].value.to_string())
                        .collect());
                }
                let _ = term.write_line("  mark at least one with space");
            }
        }
        Kind::Switch => {
            let yes = Confirm::with_theme(&theme())
                .with_prompt(item.label)
                .interact_on_opt(&term)
                .map_err(prompt_error)?
                .ok_or_else(escaped)?;
            Ok(vec![yes.to_string()])
        }
        _ => {
            let base = draft.clone();
            let answer: String = Input::with_theme(&theme())
                .with_prompt(item.label)
                .validate_with(move |v: &String| -> Result<(), String> {
                    let mut d = base.clone();
                    set_item(&mut d, item.key, vec![v.clone()]);
                    complaint(d, &item.long(), now)
                })
                .interact_text_on(&term)
                .map_err(prompt_error)?;
            Ok(vec![answer])
        }
    }
}

/// Asks for a missing part of the org identity.
fn ask_identity(draft: &Draft, flag: &'static str, now: &Zoned) -> Result<String, Error> {
    let term = Term::stderr();
    if flag == "--plan" {
        let labels: Vec<String> = catalog::PLANS
            .iter()
            .map(|c| format!("{:<12} {}", c.value, c.label))
            .collect();
        let pick = Select::with_theme(&theme())
            .with_prompt("Your 9Pic plan (--plan)")
            .items(fit(&labels))
            .default(0)
            .interact_on_opt(&term)
            .map_err(prompt_error)?
            .ok_or_else(escaped)?;
        return Ok(catalog::PLANS[pick].value.to_string());
    }
    let prompt = match flag {
        "--org" => "Org name as it appears in the dashboard (--org)",
        _ => "The email address you log in to 9Pic with (--login-email)",
    };
    let base = draft.clone();
    Input::with_theme(&theme())
        .with_prompt(prompt)
        .validate_with(move |v: &String| -> Result<(), String> {
            let mut d = base.clone();
            set_identity(&mut d, flag, v.clone());
            complaint(d, flag, now)
        })
        .interact_text_on(&term)
        .map_err(prompt_error)
}

/// Puts an answer into the draft as if it had been given as a flag.
fn set_item(draft: &mut Draft, key: &'static str, values: Vec<String>) {
    match draft.items.iter_mut().find(|(k, _)| *k == key) {
        Some((_, v)) => *v = values,
        None => draft.items.push((key, values)),
    }
}

fn set_identity(draft: &mut Draft, flag: &'static str, value: String) {
    let sourced = Some(Sourced {
        value,
        source: Source::Flag,
        name: flag,
    });
    match flag {
        "--org" => draft.identity.org = sourced,
        "--login-email" => draft.identity.login_email = sourced,
        _ => draft.identity.plan = sourced,
    }
}

/// What the guided picker chose.
pub enum Picked {
    /// Compose a ticket of this category.
    Category(&'static Category),
    /// The user's need is self-serve; the list was shown.
    SelfServe,
}

/// The guided picker: the decision table as a menu, one row per category,
/// and a last row for the self-serve tasks that need no email.
pub fn pick_category() -> Result<Picked, Error> {
    guard_interrupt();
    let term = Term::stderr();
    let mut rows: Vec<String> = catalog::CATEGORIES
        .iter()
        .map(|c| format!("{:<11} {}", c.name, c.about))
        .collect();
    rows.push(format!(
        "{:<11} top-ups, Recheck, branding, domains, team, GTM: no email needed",
        "self-serve"
    ));
    let pick = Select::with_theme(&theme())
        .with_prompt("What do you need help with? (arrows, enter; Esc cancels)")
        .items(fit(&rows))
        .default(0)
        .max_length(16)
        .interact_on_opt(&term)
        .map_err(prompt_error)?
        .ok_or_else(escaped)?;
    match catalog::CATEGORIES.get(pick) {
        Some(c) => {
            let _ = term.write_line(&format!("{}: {}", c.name, c.when_to_use));
            Ok(Picked::Category(c))
        }
        None => {
            for s in SELF_SERVE {
                let _ = term.write_line(&format!(
                    "  {:<36} {}  ({}{})",
                    s.task,
                    s.where_,
                    catalog::DOCS_URL,
                    s.docs
                ));
            }
            Ok(Picked::SelfServe)
        }
    }
}
