//! What a ticket command's `--help` says, built from the catalog: the usage
//! line with its required flags, the checklist (required items first), the
//! rules in words, the examples and the exit codes. [`ticket`] puts them on
//! a clap command; each part is its own function so the man pages and any
//! lazy building of the command line can call them as they are.

use crate::catalog::examples::{self, Example};
use crate::catalog::rules::{Check, Outcome};
use crate::catalog::{Category, CategoryId, Item, Kind, Need};

/// The program's name, as examples and usage lines start.
const BIN: &str = "9pic-help";

/// The widest help we write, like clap's `max_term_width`.
pub const MAX_WIDTH: usize = 100;

/// Where the text of a two-column row starts.
const COLUMN: usize = 26;

/// The width help is written at: the terminal's (stdout), else `COLUMNS`,
/// else [`MAX_WIDTH`]; never more than that, never less than 40.
pub fn width() -> usize {
    let terminal = console::Term::stdout()
        .size_checked()
        .map(|(_, w)| w as usize);
    let columns = || std::env::var("COLUMNS").ok()?.parse::<usize>().ok();
    terminal
        .or_else(columns)
        .unwrap_or(MAX_WIDTH)
        .clamp(40, MAX_WIDTH)
}

/// Puts the catalog's help on a ticket subcommand: usage with the required
/// flags, checklist, rules, examples, then clap's option list, then the exit
/// codes. The checklist items are listed by the checklist, not again by clap
/// (they stay visible to completion and the man pages).
pub fn ticket(cmd: clap::Command, category: &'static Category) -> clap::Command {
    let width = width();
    let before = [
        checklist(category, width),
        rules(category, width),
        examples_text(category, width),
    ]
    .into_iter()
    .filter(|s| !s.is_empty())
    .collect::<Vec<_>>()
    .join("\n\n");
    ticket_usage(cmd, category)
        .before_help(before)
        .after_help(crate::error::exit_codes_help())
}

/// The part of [`ticket`] a run needs when no help is shown: the usage line
/// (errors show it), the layout, and the checklist items kept out of clap's
/// own option list.
pub fn ticket_usage(cmd: clap::Command, category: &'static Category) -> clap::Command {
    let items: Vec<&str> = category.items.iter().map(|i| i.key).collect();
    cmd.override_usage(usage(category))
        .term_width(width())
        .help_template(
            "{about-with-newline}\n{usage-heading} {usage}\n\n{before-help}{all-args}{after-help}",
        )
        .mut_args(move |arg| {
            if items.contains(&arg.get_id().as_str()) {
                arg.hide_short_help(true).hide_long_help(true)
            } else {
                arg
            }
        })
}

/// What the top-level help ends with: the flags every ticket command takes
/// (delivery first), a short example, and the exit codes.
pub fn top_level_after() -> String {
    format!(
        "Ticket flags (after the command; `9pic-help COMMAND --help` shows its checklist):
  --open [TARGET]    hand the email to your mail client (or webmail:gmail, webmail:outlook)
  --send             send over SMTP with the profile's settings
  --edit             edit the body in $VISUAL or $EDITOR first
  --format FORMAT    text (default), eml, json or mailto
  --details TEXT     more detail for the body (--details-file PATH|- to read it)
  --tried STEP       a step you already tried (repeatable)
  --attach PATH      a screenshot or recording (repeatable)
  --cc EMAIL         copy someone in
  --force            compose even where a rule refuses
  --org, --login-email, --plan, --sender-name
                     who is writing, instead of the profile's values

Side commands take only their own flags; they print JSON with --json.

Example:
  9pic-help profile init --org \"Acme Events\" --login-email ops@acme.example --plan pro
  9pic-help billing --issue pending --payment-id pay_123 --when \"40m ago\" --rechecked --open

{}",
        crate::error::exit_codes_help()
    )
}

/// `9pic-help billing --issue <VALUE> [OPTIONS]`: the items every ticket of
/// the category needs, and a choice of items where one of them is needed.
pub fn usage(category: &Category) -> String {
    let mut out = format!("{} {}", BIN, category.name);
    for item in category.items {
        if matches!(item.need, Need::Required) {
            out.push(' ');
            out.push_str(&flag_with_value(item));
        }
    }
    for items in one_of(category) {
        let alternatives: Vec<String> = items
            .iter()
            .filter_map(|k| category.item(k))
            .map(flag_with_value)
            .collect();
        out.push_str(&format!(" ({})", alternatives.join(" | ")));
    }
    out.push_str(" [OPTIONS]");
    out
}

/// The groups of items of which every ticket needs one: a `RequiresOneOf`
/// rule for every situation, and escalate's original (the subject, or a
/// ticket from the history).
fn one_of(category: &Category) -> Vec<&'static [&'static str]> {
    let mut groups: Vec<&'static [&'static str]> = category
        .rules
        .iter()
        .filter_map(|rule| match (rule.check, rule.outcome, rule.situations) {
            (Check::RequiresOneOf { items }, Outcome::Missing, []) => Some(items),
            _ => None,
        })
        .collect();
    if category.id == CategoryId::Escalate {
        groups.push(&["last", "ticket", "original_subject"]);
    }
    groups
}

/// `--issue <VALUE>`, or `--rechecked` for a switch.
pub fn flag_with_value(item: &Item) -> String {
    match item.kind {
        Kind::Switch => item.long(),
        kind => format!("{} <{}>", item.long(), kind.value_name()),
    }
}

/// When an item is needed, in words (`required for pending, failed`).
pub fn need_in_words(need: Need) -> String {
    match need {
        Need::Optional => "optional".into(),
        Need::Required => "required".into(),
        Need::RequiredFor(s) => format!("required for {}", s.join(", ")),
        Need::RequiredExceptFor(s) => format!("required except for {}", s.join(", ")),
    }
}

/// The checklist: required items, then those required in some situations,
/// then the optional ones; each with its flag, what it is, and the values of
/// an enumerated item.
pub fn checklist(category: &Category, width: usize) -> String {
    type Belongs = fn(Need) -> bool;
    let groups: [(&str, Belongs); 3] = [
        ("Checklist, required:", |n| matches!(n, Need::Required)),
        ("Checklist, required in some situations:", |n| {
            matches!(n, Need::RequiredFor(_) | Need::RequiredExceptFor(_))
        }),
        ("Checklist, optional:", |n| matches!(n, Need::Optional)),
    ];
    let mut sections = Vec::new();
    for (title, belongs) in groups {
        let items: Vec<&Item> = category.items.iter().filter(|i| belongs(i.need)).collect();
        if items.is_empty() {
            continue;
        }
        let mut out = String::from(title);
        for item in items {
            let mut text = item.help.to_string();
            if !matches!(item.need, Need::Required | Need::Optional) {
                text = format!("{text} ({})", need_in_words(item.need));
            }
            out.push('\n');
            out.push_str(&row(&flag_with_value(item), &text, width));
            for choice in item.kind.choices() {
                out.push('\n');
                out.push_str(&row(&format!("    {}", choice.value), choice.label, width));
            }
        }
        sections.push(out);
    }
    if sections.is_empty() {
        return "Checklist: nothing beyond your org, login email and plan (from the profile)"
            .into();
    }
    sections.join("\n")
}

/// One two-column row: `  left` padded to [`COLUMN`], then `text` wrapped
/// with a hanging indent (on its own lines when `left` is too wide).
fn row(left: &str, text: &str, width: usize) -> String {
    let left = format!("  {left}");
    let indent = " ".repeat(COLUMN);
    let options = textwrap::Options::new(width.max(COLUMN + 20))
        .subsequent_indent(&indent)
        .break_words(false);
    if left.chars().count() + 2 <= COLUMN {
        let first = format!("{left:<COLUMN$}");
        textwrap::fill(text, options.initial_indent(&first))
    } else {
        let rest = textwrap::fill(text, options.initial_indent(&indent));
        format!("{left}\n{rest}")
    }
}

/// The category's rules in words, each wrapped with a hanging indent, and
/// where its tickets go.
pub fn rules(category: &Category, width: usize) -> String {
    let mut out = String::from("Rules:");
    for rule in category.rules_in_words {
        out.push('\n');
        out.push_str(&textwrap::fill(
            rule,
            textwrap::Options::new(width)
                .initial_indent("  - ")
                .subsequent_indent("    ")
                .break_words(false),
        ));
    }
    out.push('\n');
    out.push_str(&textwrap::fill(
        &format!("Goes to: {}", category.route_in_words()),
        textwrap::Options::new(width)
            .subsequent_indent("    ")
            .break_words(false),
    ));
    out
}

/// The category's examples: what each shows, then the command line, with a
/// backslash where a long line continues (so it can be pasted as it is).
pub fn examples_text(category: &Category, width: usize) -> String {
    let mut out = String::from("Examples:");
    for example in examples::of(category.id) {
        out.push_str("\n  # ");
        out.push_str(&example_about(example));
        out.push('\n');
        out.push_str(&command_lines(&example_line(example), width));
    }
    out
}

/// What an example shows, with its plan and refusal when it has them.
pub fn example_about(example: &Example) -> String {
    let mut about = example.about.to_string();
    if example.plan != crate::catalog::Plan::Pro {
        about.push_str(&format!(" (on {})", example.plan.label()));
    }
    if let Some(why) = example.refused {
        about.push_str(&format!(" — refused: {why}"));
    }
    about
}

/// The example as one shell command line, each word quoted where needed.
pub fn example_line(example: &Example) -> String {
    std::iter::once(BIN)
        .chain(example.args.iter().copied())
        .map(shell_word)
        .collect::<Vec<_>>()
        .join(" ")
}

/// A word as a shell reads it back: bare when safe, else in quotes.
fn shell_word(word: &str) -> String {
    let safe = |c: char| c.is_ascii_alphanumeric() || "_-.,:/@%+=".contains(c);
    if !word.is_empty() && word.chars().all(safe) {
        word.to_string()
    } else if !word.contains(['"', '$', '`', '\\', '!']) {
        format!("\"{word}\"")
    } else {
        format!("'{}'", word.replace('\'', r"'\''"))
    }
}

/// A command line indented by two, broken between words with ` \` when it
/// is wider than `width` (continuations indented by six).
fn command_lines(line: &str, width: usize) -> String {
    let mut out = String::from("  ");
    let mut used = 2;
    for (i, word) in pair_flags(split_shell_words(line)).into_iter().enumerate() {
        let len = word.chars().count();
        if i > 0 && used + 1 + len + 2 > width {
            out.push_str(" \\\n      ");
            used = 6;
        } else if i > 0 {
            out.push(' ');
            used += 1;
        }
        out.push_str(&word);
        used += len;
    }
    out
}

/// Joins each flag with the value after it, so a line never breaks between them.
fn pair_flags(words: Vec<String>) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for word in words {
        match out.last_mut() {
            Some(last)
                if last.starts_with("--") && !last.contains(' ') && !word.starts_with('-') =>
            {
                last.push(' ');
                last.push_str(&word);
            }
            _ => out.push(word),
        }
    }
    out
}

/// Splits a line made by [`example_line`] back into its quoted words.
fn split_shell_words(line: &str) -> Vec<String> {
    let mut words = Vec::new();
    let mut current = String::new();
    let mut quote: Option<char> = None;
    for c in line.chars() {
        match (quote, c) {
            (None, ' ') => {
                if !current.is_empty() {
                    words.push(std::mem::take(&mut current));
                }
            }
            (None, '"' | '\'') => {
                quote = Some(c);
                current.push(c);
            }
            (Some(q), c) if c == q => {
                quote = None;
                current.push(c);
            }
            _ => current.push(c),
        }
    }
    if !current.is_empty() {
        words.push(current);
    }
    words
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_are_quoted_only_when_needed() {
        assert_eq!(shell_word("pay_123"), "pay_123");
        assert_eq!(shell_word("20m ago"), "\"20m ago\"");
        assert_eq!(shell_word("it's"), "\"it's\"");
        assert_eq!(shell_word("a \"b\""), r#"'a "b"'"#);
    }

    #[test]
    fn long_command_lines_continue_with_a_backslash() {
        let line =
            "9pic-help billing --issue pending --payment-id pay_123 --when \"20m ago\" --rechecked";
        let out = command_lines(line, 50);
        for l in out.lines() {
            assert!(l.chars().count() <= 50, "{l}");
        }
        assert!(out.contains("\"20m ago\""), "{out}");
        assert_eq!(out.lines().count(), 3, "{out}");
    }
}
