//! `guide`: the decision table, the self-serve list, the answers the guides
//! already give and the phrases `question` turns back, for the org's plan
//! (the profile's, `--plan` overrides), for people or as JSON.

use serde_json::json;

use crate::catalog::{
    self, CATEGORIES, Category, CategoryId, KNOWN_ANSWERS, Plan, SELF_SERVE, SelfServe, self_serve,
};
use crate::deliver::stdout::write_stdout;
use crate::error::Error;
use crate::options::Options;
use crate::resolve::saved;

fn situations(c: &Category) -> Vec<&'static str> {
    c.situation_key
        .and_then(|k| c.item(k))
        .map(|i| i.kind.choices().iter().map(|ch| ch.value).collect())
        .unwrap_or_default()
}

/// The plan the guide is for: `--plan`, else the profile's (best effort: a
/// guide is still useful when the profile cannot be read), else none.
pub fn plan(options: &Options) -> Option<Plan> {
    let flag = options
        .identity
        .plan
        .as_ref()
        .and_then(|p| Plan::parse(&p.to_string_lossy()));
    flag.or_else(|| {
        let (_, profile) = saved::profile(options).ok().flatten()?;
        profile.plan.as_deref().and_then(Plan::parse)
    })
}

/// Whether a category's row belongs in the guide for `plan`: `upgrade` only
/// on Pay As You Go, `renewal` only where there is a plan to renew.
fn shown(c: &Category, plan: Option<Plan>) -> bool {
    match (c.id, plan) {
        (CategoryId::Upgrade, Some(p)) => p == Plan::Payg,
        (CategoryId::Renewal, Some(p)) => p != Plan::Payg,
        _ => true,
    }
}

/// The self-serve tasks on `plan` (every task when the plan is unknown).
fn tasks(plan: Option<Plan>) -> impl Iterator<Item = &'static SelfServe> {
    SELF_SERVE
        .iter()
        .filter(move |s| plan.is_none_or(|p| s.plans.contains(&p)))
}

/// Notes that depend on the plan.
fn plan_notes(plan: Option<Plan>) -> Vec<&'static str> {
    match plan {
        Some(Plan::Payg) => vec![self_serve::PAYG_DOMAIN_NOTE],
        Some(Plan::Enterprise) => vec![self_serve::ENTERPRISE_NOTE],
        _ => Vec::new(),
    }
}

/// Prints the guide.
pub fn run(options: &Options, as_json: bool) -> Result<u8, Error> {
    let plan = plan(options);
    let out = if as_json {
        json_guide(plan)?
    } else {
        text_guide(plan)
    };
    write_stdout(out.as_bytes()).map(|()| 0)
}

fn json_guide(plan: Option<Plan>) -> Result<String, Error> {
    let rows: Vec<_> = CATEGORIES
        .iter()
        .filter(|c| shown(c, plan))
        .map(|c| {
            json!({
                "command": format!("9pic-help {}", c.name),
                "category": c.name,
                "situation": c.when_to_use,
                "situations": situations(c),
                "channel": c.channel,
                "to": c.channel.address(),
                "expected_response": c.expected_in_words(),
            })
        })
        .collect();
    let self_serve: Vec<_> = tasks(plan)
        .map(|s| {
            json!({
                "task": s.task,
                "where": s.where_,
                "docs": format!("{}{}", catalog::DOCS_URL, s.docs),
                "plans": s.plans.iter().map(|p| p.value()).collect::<Vec<_>>(),
                "phrases": s.phrases,
            })
        })
        .collect();
    let known: Vec<_> = KNOWN_ANSWERS
        .iter()
        .map(|a| json!({"question": a.question, "answer": a.answer, "phrases": a.phrases}))
        .collect();
    let mut notes = vec![catalog::DISCOUNT_NOTE, self_serve::PHONE_NOTE];
    notes.extend(plan_notes(plan));
    let doc = json!({
        "schema": "9pic-help.guide/2",
        "plan": plan.map(Plan::value),
        "decision_table": rows,
        "self_serve": self_serve,
        "known_answers": known,
        "phrases_match": "case-insensitive regular expressions over the summary and details of `question`, white space collapsed",
        "notes": notes,
        "in_product": catalog::IN_PRODUCT_SUPPORT,
        "contact_form": catalog::CONTACT_FORM_URL,
        "docs": catalog::DOCS_URL,
    });
    let mut s =
        serde_json::to_string_pretty(&doc).map_err(|e| Error::Internal(format!("JSON: {e}")))?;
    s.push('\n');
    Ok(s)
}

/// The widths the text guide is laid out at: (prose, tables). On a terminal
/// (stdout) tables may use all of its width and prose wraps at most at
/// [`crate::help::MAX_WIDTH`] to stay readable, never under 40 columns;
/// without a terminal both are a fixed 80, so scripts see the same text
/// wherever they run.
fn widths() -> (usize, usize) {
    const FIXED: usize = 80;
    match console::Term::stdout().size_checked() {
        Some((_, w)) => {
            let w = usize::from(w).max(40);
            (w.min(crate::help::MAX_WIDTH), w)
        }
        None => (FIXED, FIXED),
    }
}

/// Columns a line takes on a terminal.
fn columns(s: &str) -> usize {
    console::measure_text_width(s)
}

/// `text` wrapped at `width` between words: the first line after `first`,
/// the others after `indent` spaces. Words are never split (a long URL or
/// regex piece stays whole); each line ends with a newline.
fn wrap(first: &str, indent: usize, text: &str, width: usize) -> String {
    let rest = " ".repeat(indent);
    let options = textwrap::Options::new(width)
        .initial_indent(first)
        .subsequent_indent(&rest)
        .break_words(false)
        .word_separator(textwrap::WordSeparator::AsciiSpace)
        .word_splitter(textwrap::WordSplitter::NoHyphenation);
    let mut out = textwrap::fill(text, options);
    out.push('\n');
    out
}

/// `9pic-help billing --issue a|b|c`, the choices continued on lines of
/// their own (aligned under the first) when the line would pass `width`.
fn command_line(c: &Category, width: usize) -> String {
    let mut head = format!("9pic-help {}", c.name);
    let sits = situations(c);
    let Some(key) = c.situation_key.filter(|_| !sits.is_empty()) else {
        return head + "\n";
    };
    head.push_str(&format!(" --{key} "));
    let longest = sits.iter().map(|s| s.len() + 1).max().unwrap_or(0);
    let indent = if columns(&head) + longest <= width {
        columns(&head)
    } else {
        4
    };
    let mut out = head;
    let mut used = columns(&out);
    for (i, sit) in sits.iter().enumerate() {
        let piece = if i + 1 < sits.len() {
            format!("{sit}|")
        } else {
            (*sit).to_string()
        };
        if i > 0 && used + piece.len() > width {
            out.push('\n');
            out.push_str(&" ".repeat(indent));
            used = indent;
        }
        out.push_str(&piece);
        used += piece.len();
    }
    out + "\n"
}

/// The self-serve tasks: an aligned table when every row fits `table_width`,
/// else one task per block (task, where, docs on lines of their own) at `width`.
fn self_serve_text(plan: Option<Plan>, width: usize, table_width: usize) -> String {
    let task_width = tasks(plan).map(|s| columns(s.task)).max().unwrap_or(0);
    let only = |s: &SelfServe| {
        (plan.is_none() && s.plans.len() < Plan::ALL.len())
            .then(|| format!("on {} only", catalog::plans::labels(s.plans)))
    };
    let rows: Vec<(String, Option<String>)> = tasks(plan)
        .map(|s| {
            let pad = " ".repeat(task_width - columns(s.task));
            let row = format!(
                "  {}{pad}  {}  ({}{})",
                s.task,
                s.where_,
                catalog::DOCS_URL,
                s.docs
            );
            (row, only(s))
        })
        .collect();
    let mut out = String::new();
    if rows.iter().all(|(row, _)| columns(row) <= table_width) {
        for (row, only) in rows {
            out.push_str(&row);
            out.push('\n');
            if let Some(only) = only {
                out.push_str(&format!("  {:task_width$}  {only}\n", ""));
            }
        }
        return out;
    }
    for s in tasks(plan) {
        out.push_str(&wrap("  ", 4, s.task, width));
        out.push_str(&wrap("      ", 6, s.where_, width));
        out.push_str(&format!("      {}{}\n", catalog::DOCS_URL, s.docs));
        if let Some(only) = only(s) {
            out.push_str(&wrap("      ", 6, &only, width));
        }
    }
    out
}

/// A phrase (a regular expression) indented by four, broken only at spaces
/// outside brackets, where a break cannot be misread as part of a group;
/// the continuations indented by six (five when a piece fits only so).
fn phrase_lines(phrase: &str, width: usize) -> String {
    let mut pieces: Vec<String> = vec![String::new()];
    let (mut depth, mut escaped) = (0i32, false);
    for c in phrase.chars() {
        match c {
            ' ' if depth <= 0 && !escaped => pieces.push(String::new()),
            _ => {
                if !escaped && matches!(c, '(' | '[') {
                    depth += 1;
                } else if !escaped && matches!(c, ')' | ']') {
                    depth -= 1;
                }
                pieces.last_mut().map(|p| p.push(c)).unwrap_or_default();
            }
        }
        escaped = c == '\\' && !escaped;
    }
    let mut out = String::from("    ");
    let mut used = 4;
    for (i, piece) in pieces.iter().enumerate() {
        let len = columns(piece);
        if i > 0 && used + 1 + len > width {
            // Six, or five for a piece that only fits so: still deeper than the phrase.
            let indent = if 6 + len <= width { 6 } else { 5 };
            out.push('\n');
            out.push_str(&" ".repeat(indent));
            used = indent;
        } else if i > 0 {
            out.push(' ');
            used += 1;
        }
        out.push_str(piece);
        used += len;
    }
    out + "\n"
}

fn text_guide(plan: Option<Plan>) -> String {
    let (width, table_width) = widths();
    let mut out = match plan {
        Some(p) => format!(
            "Which command for which situation (plan: {})\n\n",
            p.label()
        ),
        None => "Which command for which situation (every plan; --plan picks one)\n\n".into(),
    };
    for c in CATEGORIES.iter().filter(|c| shown(c, plan)) {
        out.push_str(&command_line(c, width));
        out.push_str(&wrap("    for:      ", 14, c.when_to_use, width));
        out.push_str(&wrap("    goes to:  ", 14, &c.route_in_words(), width));
        out.push_str(&wrap("    answer:   ", 14, &c.expected_in_words(), width));
        out.push('\n');
    }
    out.push_str(&wrap(
        "",
        0,
        &format!(
            "For an issue on one dashboard page, the dashboard's own Support link ({}) \
             reaches the same inbox with your org and the page filled in.",
            catalog::IN_PRODUCT_SUPPORT
        ),
        width,
    ));
    out.push('\n');
    out.push_str(&wrap(
        "",
        0,
        "Do it yourself instead (emailing only slows these down)",
        width,
    ));
    out.push('\n');
    out.push_str(&self_serve_text(plan, width, table_width));
    for note in plan_notes(plan) {
        out.push('\n');
        out.push_str(&wrap("", 0, note, width));
    }
    out.push_str("\nAnswers the guides already give\n\n");
    for a in KNOWN_ANSWERS {
        out.push_str(&wrap("  ", 2, a.question, width));
        out.push_str(&wrap("    ", 4, a.answer, width));
    }
    out.push('\n');
    out.push_str(&wrap(
        "",
        0,
        "`9pic-help question` turns back a summary or details that ask for one of the \
         above (--force sends it anyway). The phrases it looks for (case-insensitive \
         regular expressions; one too long for the line goes on, further indented, \
         at a space outside brackets):",
        width,
    ));
    out.push('\n');
    for (name, phrases) in tasks(plan)
        .map(|s| (s.task, s.phrases))
        .chain(KNOWN_ANSWERS.iter().map(|a| (a.question, a.phrases)))
    {
        out.push_str(&wrap("  ", 2, name, width));
        for p in phrases {
            out.push_str(&phrase_lines(p, width));
        }
    }
    out
}
