//! Reading one checklist value by its catalog kind: times, dates, counts,
//! choices, event IDs, references, phone numbers, addresses and host names.

use jiff::civil::Date;
use jiff::{ToSpan, Zoned};

use crate::catalog::{Choice, Item, Kind};
use crate::compose::time::{self, Precision};
use crate::email;

/// A checked value of one checklist item.
#[derive(Debug, Clone)]
pub enum Value {
    Text(String),
    Choice(&'static Choice),
    List(Vec<&'static Choice>),
    Time(Zoned, Precision),
    Date(Date),
    Year(i16),
    Count(u64),
    Switch(bool),
}

impl Value {
    /// The value for machines (JSON, history, routes): flag values and RFC 3339 times.
    pub fn display(&self) -> String {
        match self {
            Value::Text(s) => s.clone(),
            Value::Choice(c) => c.value.to_string(),
            Value::List(cs) => cs.iter().map(|c| c.value).collect::<Vec<_>>().join(", "),
            Value::Time(t, _) => time::rfc3339(t),
            Value::Date(d) => d.to_string(),
            Value::Year(y) => y.to_string(),
            Value::Count(n) => thousands(*n),
            Value::Switch(b) => if *b { "yes" } else { "no" }.to_string(),
        }
    }

    /// How the value reads in an email: choices by their names in words,
    /// lists as a sentence, times and dates for people (times in the zone
    /// of `now`, with how long ago or ahead they lie).
    pub fn words(&self, now: &Zoned) -> String {
        match self {
            Value::Choice(c) => c.words().to_string(),
            Value::List(cs) => and_list(cs.iter().map(|c| c.words())),
            Value::Time(t, precision) => time::show_relative_at(t, now, *precision),
            Value::Date(d) => time::show_date(*d),
            Value::Text(_) | Value::Year(_) | Value::Count(_) | Value::Switch(_) => self.display(),
        }
    }
}

/// `["An NDA", "A security overview"]` as `An NDA and a security overview`:
/// a later item that opens with an article starts lower-case; names
/// ("Developer Zone", "9Pic Flow") keep their capitals.
pub fn and_list<S: AsRef<str>>(items: impl IntoIterator<Item = S>) -> String {
    let items: Vec<String> = items
        .into_iter()
        .enumerate()
        .map(|(i, item)| {
            let item = item.as_ref();
            match ["A ", "An ", "The "].iter().find(|a| item.starts_with(**a)) {
                Some(article) if i > 0 => {
                    format!("{}{}", article.to_lowercase(), &item[article.len()..])
                }
                _ => item.to_string(),
            }
        })
        .collect();
    match items.split_last() {
        None => String::new(),
        Some((last, [])) => last.clone(),
        Some((last, rest)) => format!("{} and {last}", rest.join(", ")),
    }
}

/// `1234567` as `1,234,567`.
pub fn thousands(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// One filled-in checklist item.
#[derive(Debug, Clone)]
pub struct Entry {
    pub item: &'static Item,
    pub value: Value,
}

/// Times "when it happened" may lie this far in the future (clock skew).
const FUTURE_SLACK_MINUTES: i64 = 5;

/// Parses one item's raw values by its kind.
pub fn parse(item: &'static Item, raw: &[String], now: &Zoned) -> Result<Value, String> {
    let last = raw.last().map(String::as_str).unwrap_or_default();
    let v = last.trim();
    if !matches!(item.kind, Kind::Text | Kind::Switch | Kind::List(_)) {
        // Checked before trimming: a leading or trailing line break is refused, not dropped.
        one_line(last)?;
        if v.is_empty() {
            return Err("is empty".into());
        }
    }
    match item.kind {
        Kind::Line => Ok(Value::Text(v.into())),
        Kind::Text => {
            body_text(last)?;
            let text = last.trim_end().trim_start_matches(['\n', '\r']);
            if text.trim().is_empty() {
                return Err("is empty".into());
            }
            Ok(Value::Text(text.into()))
        }
        Kind::Choice(choices) => choice(choices, v).map(Value::Choice),
        Kind::List(choices) => list(choices, raw).map(Value::List),
        Kind::Time => {
            let (t, precision) = time::parse_time(v, now)?;
            if !item.future_ok && t.timestamp() > now.timestamp() + FUTURE_SLACK_MINUTES.minutes() {
                return Err(format!("{} is in the future", time::show_in(&t, now)));
            }
            Ok(Value::Time(t, precision))
        }
        Kind::Date => time::parse_date(v).map(Value::Date),
        Kind::Year => time::parse_year(v).map(Value::Year),
        Kind::Count => count(v).map(Value::Count),
        Kind::Number => v
            .parse::<u32>()
            .map(|n| Value::Count(u64::from(n)))
            .map_err(|_| format!("\"{v}\" is not a whole number")),
        Kind::Email => email::check_address(v).map(|_| Value::Text(lower_domain(v))),
        Kind::Host => {
            email::check_host(v).map(|_| Value::Text(v.trim_end_matches('.').to_ascii_lowercase()))
        }
        Kind::EventId => event_id(v).map(Value::Text),
        Kind::Reference => reference(v).map(|_| Value::Text(v.into())),
        Kind::Phone => phone(v).map(|_| Value::Text(v.into())),
        Kind::Switch => Ok(Value::Switch(v != "false")),
    }
}

/// Values of a list item: comma-separated or repeated, no duplicates.
fn list(choices: &'static [Choice], raw: &[String]) -> Result<Vec<&'static Choice>, String> {
    let mut out: Vec<&'static Choice> = Vec::new();
    for v in raw.iter().map(|v| v.trim()).filter(|v| !v.is_empty()) {
        let c = choice(choices, v)?;
        if !out.iter().any(|o| o.value == c.value) {
            out.push(c);
        }
    }
    if out.is_empty() {
        return Err("needs at least one value".into());
    }
    Ok(out)
}

/// Lower-cases the domain of an address; the local part is left alone.
pub fn lower_domain(address: &str) -> String {
    match address.rsplit_once('@') {
        Some((l, d)) => format!("{l}@{}", d.to_ascii_lowercase()),
        None => address.to_string(),
    }
}

/// Refuses control characters in body text other than tab and line breaks
/// (NUL breaks the message; ESC, BEL and C1 codes could drive the terminal the
/// text is printed on). The same rule holds for flags, files, stdin and `--edit`.
pub fn body_text(v: &str) -> Result<(), String> {
    match v
        .chars()
        .find(|c| c.is_control() && !matches!(c, '\t' | '\n' | '\r'))
    {
        Some(c) => Err(format!(
            "contains the control character U+{:04X}; only tabs and line breaks may appear in text",
            c as u32
        )),
        None => Ok(()),
    }
}

/// Refuses line breaks and other control characters in one-line values.
pub fn one_line(v: &str) -> Result<(), String> {
    if v.contains(['\n', '\r', '\u{2028}', '\u{2029}', '\u{85}']) {
        return Err("must be a single line (it contains a line break)".into());
    }
    email::check_header_value(v)
}

fn choice(choices: &'static [Choice], v: &str) -> Result<&'static Choice, String> {
    let wanted = v.trim().to_ascii_lowercase().replace('_', "-");
    choices.iter().find(|c| c.value == wanted).ok_or_else(|| {
        format!(
            "\"{v}\" is not one of: {}",
            choices
                .iter()
                .map(|c| c.value)
                .collect::<Vec<_>>()
                .join(", ")
        )
    })
}

/// `50000`, `50,000`, `50k`, `1.2M`, `2b`: a positive count.
fn count(v: &str) -> Result<u64, String> {
    let bad = || format!("\"{v}\" is not a count; use forms such as 50000, 50k or 1.2M");
    let cleaned: String = v
        .chars()
        .filter(|c| *c != ',' && *c != '_' && *c != ' ')
        .collect();
    let (number, factor) = match cleaned.chars().last().map(|c| c.to_ascii_lowercase()) {
        Some('k') => (&cleaned[..cleaned.len() - 1], 1_000u64),
        Some('m') => (&cleaned[..cleaned.len() - 1], 1_000_000),
        Some('b') => (&cleaned[..cleaned.len() - 1], 1_000_000_000),
        _ => (cleaned.as_str(), 1),
    };
    let (whole, frac) = number.split_once('.').unwrap_or((number, ""));
    if whole.is_empty() && frac.is_empty()
        || !whole.chars().all(|c| c.is_ascii_digit())
        || !frac.chars().all(|c| c.is_ascii_digit())
        || frac.len() > 9
    {
        return Err(bad());
    }
    let whole: u64 = if whole.is_empty() {
        0
    } else {
        whole.parse().map_err(|_| bad())?
    };
    let frac_value = if frac.is_empty() {
        0
    } else {
        let digits: u64 = frac.parse().map_err(|_| bad())?;
        let scaled = digits.checked_mul(factor).ok_or_else(bad)?;
        let unit = 10u64.pow(frac.len() as u32);
        // `1.9` photos is not a count: refused, never silently rounded.
        if scaled % unit != 0 {
            return Err(format!("\"{v}\" is not a whole number of photos"));
        }
        scaled / unit
    };
    let n = whole
        .checked_mul(factor)
        .and_then(|w| w.checked_add(frac_value))
        .ok_or_else(bad)?;
    if n == 0 {
        return Err(format!("\"{v}\" must be a positive count"));
    }
    Ok(n)
}

/// An event ID, or the ID taken from the event's dashboard URL.
fn event_id(v: &str) -> Result<String, String> {
    let id = if v.contains("://") {
        let url = url::Url::parse(v).map_err(|e| format!("\"{v}\" is not a valid URL: {e}"))?;
        let segments: Vec<&str> = url
            .path_segments()
            .map(|s| s.filter(|s| !s.is_empty()).collect())
            .unwrap_or_default();
        let after_events = segments
            .windows(2)
            .find(|w| matches!(w[0], "events" | "event"))
            .map(|w| w[1]);
        let last_meaningful = segments
            .iter()
            .rev()
            .find(|s| !matches!(**s, "details" | "overview" | "settings" | "photos" | "edit"))
            .copied();
        after_events
            .or(last_meaningful)
            .ok_or_else(|| format!("no event ID found in the URL \"{v}\""))?
            .to_string()
    } else {
        v.to_string()
    };
    let ok = !id.is_empty()
        && id.len() <= 64
        && id
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_');
    if ok {
        Ok(id)
    } else {
        Err(format!(
            "\"{id}\" is not an event ID (letters, digits, - and _; or the event's dashboard URL)"
        ))
    }
}

/// A payment ID or gateway reference: one token, no spaces.
fn reference(v: &str) -> Result<(), String> {
    let ok = v.len() <= 128
        && v.chars()
            .all(|c| c.is_ascii_alphanumeric() || "-_.:/#".contains(c));
    if ok {
        Ok(())
    } else {
        Err(format!(
            "\"{v}\" is not an ID (letters, digits and - _ . : / # only, no spaces)"
        ))
    }
}

fn phone(v: &str) -> Result<(), String> {
    let digits = v.chars().filter(char::is_ascii_digit).count();
    let ok = (6..=20).contains(&digits)
        && v.chars()
            .all(|c| c.is_ascii_digit() || " +-().".contains(c));
    if ok {
        Ok(())
    } else {
        Err(format!("\"{v}\" is not a phone number"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts() {
        assert_eq!(count("50000"), Ok(50_000));
        assert_eq!(count("50k"), Ok(50_000));
        assert_eq!(count("1.2M"), Ok(1_200_000));
        assert_eq!(count("50,000"), Ok(50_000));
        assert!(count("0").is_err());
        assert!(count("-5").is_err());
        assert!(count("lots").is_err());
        assert!(count("1.2.3k").is_err());
        assert!(count("1.9").is_err());
        assert_eq!(count("1.25k"), Ok(1_250));
    }

    #[test]
    fn event_ids_from_urls() {
        assert_eq!(event_id("EVT-123"), Ok("EVT-123".into()));
        assert_eq!(
            event_id("https://app.9pic.ai/events/evt_42/details"),
            Ok("evt_42".into())
        );
        assert!(event_id("evt 42").is_err());
    }

    #[test]
    fn thousands_separators() {
        assert_eq!(thousands(1_200_000), "1,200,000");
        assert_eq!(thousands(999), "999");
    }
}
