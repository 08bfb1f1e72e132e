//! Reading the times and dates users type, and showing them with their offset.
//!
//! Accepted times: RFC 3339 (`2026-11-21T09:40:00+01:00`), a local
//! `YYYY-MM-DD HH:MM` in the profile's (or system's) time zone, `HH:MM` today,
//! `now`, and relative forms such as `15m ago`, `2h ago`, `1d ago` or `in 30m`.

use jiff::civil::{Date, DateTime, Time};
use jiff::fmt::temporal::{Pieces, PiecesOffset};
use jiff::tz::{AmbiguousOffset, Offset, TimeZone};
use jiff::{Span, Timestamp, Zoned};

/// The system time zone, read straight from `/etc/localtime` when `TZ` is unset.
///
/// `TimeZone::system()` looks the zone's name up in jiff's database, whose first
/// use walks all of `/usr/share/zoneinfo` (about two thirds of a ticket's CPU
/// instructions, see benches/results.md). Reading the one file the symlink
/// points to gives the same named zone without the walk. With `TZ` set, or when
/// the file cannot be read, jiff's own detection decides.
pub fn system_time_zone() -> TimeZone {
    const LOCALTIME: &str = "/etc/localtime";
    if std::env::var_os("TZ").is_none()
        && let Ok(target) = std::fs::read_link(LOCALTIME)
        && let Some(name) = target
            .to_str()
            .and_then(|t| t.split_once("zoneinfo/"))
            .map(|(_, name)| name.to_owned())
        && let Ok(data) = std::fs::read(LOCALTIME)
        && let Ok(tz) = TimeZone::tzif(&name, &data)
    {
        return tz;
    }
    TimeZone::system()
}

/// A time for people: `Mon 2 Nov 2026, 09:15 (UTC+01:00)`.
///
/// Weekday, date, hour and minute, and the offset. Seconds are never shown:
/// relative forms (`20m ago`) and the clock carry seconds nobody typed, and
/// no rule of the guides works at that precision.
pub fn show(t: &Zoned) -> String {
    format!(
        "{}, {} ({})",
        show_date(t.date()),
        t.strftime("%H:%M"),
        offset(t)
    )
}

/// A time for people, in the zone of `now` (the profile's or the system's),
/// with how long ago or ahead it lies when that is within a week:
/// `Sat 21 Nov 2026, 09:40 (UTC+01:00), 20 minutes ago`.
pub fn show_relative(t: &Zoned, now: &Zoned) -> String {
    show_relative_at(t, now, Precision::Minute)
}

/// [`show_relative`] at the precision the time was given:
/// `Thu 19 Nov 2026, 3 days ago` for `3d ago`.
pub fn show_relative_at(t: &Zoned, now: &Zoned, precision: Precision) -> String {
    let at = show_in_at(t, now, precision);
    match near(t, now) {
        Some(phrase) => format!("{at}, {phrase}"),
        None => at,
    }
}

/// How precisely a time was given. A relative amount of whole days or weeks
/// (`3d ago`, `in 2 days`) names a day, not the minute that subtracting it
/// from the clock lands on: the email must not claim a time of day nobody
/// gave.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Precision {
    Minute,
    Day,
}

impl Precision {
    /// A relative amount of whole days or weeks names a day; any other, a minute.
    fn of_span(span: &Span) -> Precision {
        let whole_days = (span.get_days() != 0 || span.get_weeks() != 0)
            && span.get_hours() == 0
            && span.get_minutes() == 0
            && span.get_seconds() == 0
            && span.get_milliseconds() == 0
            && span.get_microseconds() == 0
            && span.get_nanoseconds() == 0;
        match whole_days {
            true => Precision::Day,
            false => Precision::Minute,
        }
    }
}

/// How far `t` lies from `now`, when that helps: within a week.
pub fn near(t: &Zoned, now: &Zoned) -> Option<String> {
    const WEEK: i64 = 7 * 24 * 3600;
    let apart = (t.timestamp().as_second() - now.timestamp().as_second()).abs();
    (apart < WEEK).then(|| relative(t, now))
}

/// A time in the zone of `now`, without the relative phrase.
pub fn show_in(t: &Zoned, now: &Zoned) -> String {
    show_in_at(t, now, Precision::Minute)
}

/// [`show_in`] at `precision`: only the date for a time given to the day.
pub fn show_in_at(t: &Zoned, now: &Zoned, precision: Precision) -> String {
    let local = t.with_time_zone(now.time_zone().clone());
    match precision {
        Precision::Minute => show(&local),
        Precision::Day => show_date(local.date()),
    }
}

/// A calendar date for people: `Mon 2 Nov 2026`.
pub fn show_date(d: Date) -> String {
    d.strftime("%a %-d %b %Y").to_string()
}

/// A time for machines (JSON, history): RFC 3339 with its offset.
pub fn rfc3339(t: &Zoned) -> String {
    t.strftime("%Y-%m-%dT%H:%M:%S%:z").to_string()
}

/// `UTC+01:00`, `UTC-05:30`, `UTC+00:00`.
fn offset(t: &Zoned) -> String {
    format!("UTC{}", t.strftime("%:z"))
}

/// How far `t` lies from `now`, in words: `in 40 minutes`, `3 hours ago`,
/// `just now`. Minutes below an hour, hours and minutes below a day (minutes
/// dropped past six hours), then days.
pub fn relative(t: &Zoned, now: &Zoned) -> String {
    let seconds = t.timestamp().as_second() - now.timestamp().as_second();
    let minutes = (seconds.abs() + 30) / 60;
    if minutes == 0 {
        return "just now".into();
    }
    let amount = amount(minutes);
    if seconds > 0 {
        format!("in {amount}")
    } else {
        format!("{amount} ago")
    }
}

/// `1 minute`, `2 hours 5 minutes`, `3 days`.
fn amount(minutes: i64) -> String {
    let unit = |n: i64, one: &str| {
        if n == 1 {
            format!("1 {one}")
        } else {
            format!("{n} {one}s")
        }
    };
    let (hours, rest) = (minutes / 60, minutes % 60);
    match (hours, rest) {
        (0, m) => unit(m, "minute"),
        (h, 0) if h < 24 => unit(h, "hour"),
        (h, m) if h < 6 => format!("{} {}", unit(h, "hour"), unit(m, "minute")),
        (h, _) if h < 48 => unit((minutes + 30) / 60, "hour"),
        _ => unit((minutes + 12 * 60) / (24 * 60), "day"),
    }
}

/// Reads a time, relative to `now` (whose zone is used for local forms).
///
/// Never shifts a time silently: a local time the clocks skip (a DST gap) or
/// pass twice (a fold) is refused with the offsets to choose from; offsets
/// beyond the real ones (UTC-12:00 to UTC+14:00) and times before 1970 or past
/// the year 9999 are refused too.
///
/// Returns the time with how precisely it was given: `3d ago` names a day.
pub fn parse_time(input: &str, now: &Zoned) -> Result<(Zoned, Precision), String> {
    let s = input.trim();
    let lower = s.to_ascii_lowercase();
    let to_the_minute = |t: Zoned| (t, Precision::Minute);
    if lower == "now" {
        return Ok(to_the_minute(now.clone()));
    }
    if let Some(rest) = lower.strip_suffix(" ago") {
        // The amount parser reads "20m ago" itself (as -20m): "20m ago ago"
        // is no time, not a negative amount.
        if rest.trim_end().ends_with("ago") {
            return Err(not_a_time(s));
        }
        let span = parse_span(rest)?;
        return within_range(s, now.checked_sub(span).ok()).map(|t| (t, Precision::of_span(&span)));
    }
    if let Some(rest) = lower
        .strip_prefix("in ")
        .or_else(|| lower.strip_prefix('+'))
    {
        let span = parse_span(rest)?;
        return within_range(s, now.checked_add(span).ok()).map(|t| (t, Precision::of_span(&span)));
    }
    if let Some(t) = with_offset(s, now)? {
        return Ok(to_the_minute(t));
    }
    if let Ok(dt) = s.parse::<DateTime>() {
        // A date-time with no offset is local to the profile's zone.
        if s.len() >= 15 {
            return within_range(s, Some(local(s, dt, now)?)).map(to_the_minute);
        }
    }
    if let Ok(t) = s.parse::<Time>()
        && s.contains(':')
        && s.len() <= 8
    {
        return local(s, now.date().to_datetime(t), now).map(to_the_minute);
    }
    Err(not_a_time(s))
}

/// The message for text that is no time in any form this reads.
fn not_a_time(s: &str) -> String {
    format!(
        "\"{s}\" is not a time; use RFC 3339 (2026-11-21T09:40:00+01:00), \
         \"YYYY-MM-DD HH:MM\", \"HH:MM\", \"now\" or \"20m ago\""
    )
}

/// The offsets real time zones use, in seconds: UTC-12:00 to UTC+14:00.
const OFFSETS: std::ops::RangeInclusive<i32> = -12 * 3600..=14 * 3600;

/// The years a ticket's time may fall in.
const YEARS: std::ops::RangeInclusive<i16> = 1970..=9999;

/// An RFC 3339 time with its offset (`Z` or numeric), kept in that offset;
/// `None` when `s` has no offset, an error when the offset or the time is
/// impossible.
fn with_offset(s: &str, now: &Zoned) -> Result<Option<Zoned>, String> {
    let Ok(pieces) = Pieces::parse(s) else {
        return Ok(None);
    };
    let offset = match pieces.offset() {
        Some(PiecesOffset::Numeric(n)) => n.offset(),
        Some(PiecesOffset::Zulu) => Offset::UTC,
        _ => return Ok(None),
    };
    if !OFFSETS.contains(&offset.seconds()) {
        return Err(format!(
            "\"{s}\" has the offset {}, which no place uses; offsets run from -12:00 to +14:00",
            offset_text(offset)
        ));
    }
    match s.parse::<Timestamp>() {
        Ok(ts) => within_range(s, Some(ts.to_zoned(TimeZone::fixed(offset)))).map(Some),
        // Well formed but past what the calendar here can hold (the year 9999's
        // last hours): in the future whichever way the flag is read.
        Err(_) if pieces.date() > now.date() => Err(format!(
            "\"{s}\" is in the future, beyond the last time this tool can work with"
        )),
        Err(_) => Ok(None),
    }
}

/// A local date-time in the zone of `now`, refused when the clocks skip it
/// or pass it twice there, so it is never moved without a word.
fn local(s: &str, dt: DateTime, now: &Zoned) -> Result<Zoned, String> {
    let zone = zone_name(now);
    let ambiguous = now.time_zone().to_ambiguous_zoned(dt);
    match ambiguous.offset() {
        AmbiguousOffset::Gap { before, after } => Err(format!(
            "\"{s}\" does not exist in {zone}: the clocks jump from UTC{} to UTC{} and skip it; \
             give a time outside the jump, or the offset you mean ({}{})",
            offset_text(before),
            offset_text(after),
            dt.strftime("%Y-%m-%dT%H:%M"),
            offset_text(before)
        )),
        AmbiguousOffset::Fold { before, after } => Err(format!(
            "\"{s}\" happens twice in {zone} (at UTC{} and again at UTC{}); \
             give the offset you mean ({}{} or {}{})",
            offset_text(before),
            offset_text(after),
            dt.strftime("%Y-%m-%dT%H:%M"),
            offset_text(before),
            dt.strftime("%Y-%m-%dT%H:%M"),
            offset_text(after)
        )),
        AmbiguousOffset::Unambiguous { .. } => ambiguous
            .unambiguous()
            .map_err(|e| format!("\"{s}\" cannot be placed in {zone}: {e}")),
    }
}

/// `t` when it lies in the years a ticket can name; `None` (arithmetic past
/// the calendar's ends) or a time outside them is out of range.
fn within_range(s: &str, t: Option<Zoned>) -> Result<Zoned, String> {
    match t {
        Some(t) if YEARS.contains(&t.year()) => Ok(t),
        _ => Err(out_of_range(s)),
    }
}

/// The message for a time outside [`YEARS`].
fn out_of_range(s: &str) -> String {
    format!(
        "\"{s}\" is out of range; a time must fall between the years {} and {}",
        YEARS.start(),
        YEARS.end()
    )
}

/// `+01:00`, `-05:30`, `+00:00`.
fn offset_text(o: Offset) -> String {
    let secs = o.seconds();
    let sign = if secs < 0 { '-' } else { '+' };
    let abs = secs.unsigned_abs();
    format!("{sign}{:02}:{:02}", abs / 3600, abs % 3600 / 60)
}

/// A relative amount such as `15m`, `2h`, `1d`, `2 hours`.
fn parse_span(s: &str) -> Result<Span, String> {
    let span: Span = s.trim().parse().map_err(|e: jiff::Error| {
        // An amount past jiff's limits (about 20,000 years in any unit) fails
        // as a value that cannot be set or a number too big to read.
        let e = e.to_string();
        match e.contains("failed to set value") || e.contains("too big") {
            true => out_of_range(s),
            false => format!("\"{s}\" is not a duration; use forms such as 15m, 2h, 1d"),
        }
    })?;
    if span.is_negative() {
        return Err(format!("\"{s}\" must not be negative"));
    }
    Ok(span)
}

/// Reads a calendar date, `YYYY-MM-DD`.
pub fn parse_date(input: &str) -> Result<Date, String> {
    let s = input.trim();
    if s.len() != 10 {
        return Err(format!("\"{s}\" is not a date; use YYYY-MM-DD"));
    }
    s.parse::<Date>()
        .map_err(|_| format!("\"{s}\" is not a date; use YYYY-MM-DD"))
}

/// Reads a calendar year, `YYYY`.
pub fn parse_year(input: &str) -> Result<i16, String> {
    let s = input.trim();
    match s.parse::<i16>() {
        Ok(y) if s.len() == 4 && (1970..=9999).contains(&y) => Ok(y),
        _ => Err(format!("\"{s}\" is not a year; use YYYY")),
    }
}

/// A short name for the zone of `z`, for messages.
pub fn zone_name(z: &Zoned) -> String {
    z.time_zone()
        .iana_name()
        .map(str::to_string)
        .unwrap_or_else(|| z.offset().to_string())
}

/// "3h 12m" style, for messages about how long to wait.
pub fn human_duration(seconds: i64) -> String {
    let s = seconds.max(0);
    let (h, m) = (s / 3600, (s % 3600 + 59) / 60);
    match (h, m) {
        (0, m) => format!("{m} min"),
        (h, 0) => format!("{h} h"),
        (h, 60) => format!("{} h", h + 1),
        (h, m) => format!("{h} h {m} min"),
    }
}

/// How long is left, in words: `2 days 3 hours`, `3 hours 12 minutes`,
/// `12 minutes` (at most two units; below a minute, `less than a minute`).
pub fn span_words(seconds: i64) -> String {
    let unit = |n: i64, one: &str| match n {
        1 => format!("1 {one}"),
        n => format!("{n} {one}s"),
    };
    let minutes = seconds.max(0) / 60;
    let (days, hours, mins) = (minutes / 1440, minutes / 60 % 24, minutes % 60);
    match (days, hours, mins) {
        (0, 0, 0) => "less than a minute".into(),
        (0, 0, m) => unit(m, "minute"),
        (0, h, 0) => unit(h, "hour"),
        (0, h, m) => format!("{} {}", unit(h, "hour"), unit(m, "minute")),
        (d, 0, _) => unit(d, "day"),
        (d, h, _) => format!("{} {}", unit(d, "day"), unit(h, "hour")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn now() -> Zoned {
        "2026-11-21T10:00:00+01:00[Europe/Paris]".parse().unwrap()
    }

    /// The time alone, as most of these tests check it.
    fn parse_time(input: &str, now: &Zoned) -> Result<Zoned, String> {
        super::parse_time(input, now).map(|(t, _)| t)
    }

    #[test]
    fn a_time_given_in_whole_days_shows_its_day_not_a_minute() {
        for (input, precision) in [
            ("3d ago", Precision::Day),
            ("2 days ago", Precision::Day),
            ("in 1w", Precision::Day),
            ("+2d", Precision::Day),
            ("1d 2h ago", Precision::Minute),
            ("20m ago", Precision::Minute),
            ("36h ago", Precision::Minute),
            ("2026-11-19 08:30", Precision::Minute),
            ("now", Precision::Minute),
        ] {
            assert_eq!(
                super::parse_time(input, &now()).unwrap().1,
                precision,
                "{input}"
            );
        }
        let t = parse_time("3d ago", &now()).unwrap();
        assert_eq!(
            show_relative_at(&t, &now(), Precision::Day),
            "Wed 18 Nov 2026, 3 days ago"
        );
        assert_eq!(
            show_relative_at(&t, &now(), Precision::Minute),
            "Wed 18 Nov 2026, 10:00 (UTC+01:00), 3 days ago"
        );
    }

    #[test]
    fn relative_forms() {
        assert_eq!(
            rfc3339(&parse_time("20m ago", &now()).unwrap()),
            "2026-11-21T09:40:00+01:00"
        );
        assert_eq!(
            rfc3339(&parse_time("2h ago", &now()).unwrap()),
            "2026-11-21T08:00:00+01:00"
        );
        assert_eq!(
            rfc3339(&parse_time("1d ago", &now()).unwrap()),
            "2026-11-20T10:00:00+01:00"
        );
        assert_eq!(
            rfc3339(&parse_time("in 30m", &now()).unwrap()),
            "2026-11-21T10:30:00+01:00"
        );
        assert_eq!(
            rfc3339(&parse_time("now", &now()).unwrap()),
            "2026-11-21T10:00:00+01:00"
        );
    }

    #[test]
    fn absolute_forms_keep_or_gain_an_offset() {
        assert_eq!(
            rfc3339(&parse_time("2026-11-21T09:40:00-05:00", &now()).unwrap()),
            "2026-11-21T09:40:00-05:00"
        );
        assert_eq!(
            rfc3339(&parse_time("2026-11-21T09:40:00Z", &now()).unwrap()),
            "2026-11-21T09:40:00+00:00"
        );
        assert_eq!(
            rfc3339(&parse_time("2026-11-21 09:40", &now()).unwrap()),
            "2026-11-21T09:40:00+01:00"
        );
        assert_eq!(
            rfc3339(&parse_time("18:30", &now()).unwrap()),
            "2026-11-21T18:30:00+01:00"
        );
    }

    #[test]
    fn times_read_as_people_write_them() {
        let t: Zoned = "2026-11-02T09:15:42+01:00[Europe/Paris]".parse().unwrap();
        assert_eq!(show(&t), "Mon 2 Nov 2026, 09:15 (UTC+01:00)");
        let ny: Zoned = "2026-11-21T04:00:00-05:00"
            .parse::<Timestamp>()
            .unwrap()
            .to_zoned(TimeZone::fixed(jiff::tz::offset(-5)));
        assert_eq!(show_in(&ny, &now()), "Sat 21 Nov 2026, 10:00 (UTC+01:00)");
        assert_eq!(show_date(Date::new(2026, 1, 5).unwrap()), "Mon 5 Jan 2026");
    }

    #[test]
    fn relative_phrases() {
        let at = |s: &str| parse_time(s, &now()).unwrap();
        assert_eq!(relative(&at("in 40m"), &now()), "in 40 minutes");
        assert_eq!(relative(&at("1m ago"), &now()), "1 minute ago");
        assert_eq!(relative(&at("3h ago"), &now()), "3 hours ago");
        assert_eq!(relative(&at("in 90m"), &now()), "in 1 hour 30 minutes");
        assert_eq!(relative(&at("now"), &now()), "just now");
        assert_eq!(relative(&at("30h ago"), &now()), "30 hours ago");
        assert_eq!(relative(&at("3d ago"), &now()), "3 days ago");
        assert_eq!(near(&at("8d ago"), &now()), None);
        assert_eq!(
            show_relative(&at("30d ago"), &now()),
            "Thu 22 Oct 2026, 10:00 (UTC+02:00)"
        );
        assert_eq!(
            show_relative(&at("20m ago"), &now()),
            "Sat 21 Nov 2026, 09:40 (UTC+01:00), 20 minutes ago"
        );
    }

    #[test]
    fn nonsense_is_refused() {
        for bad in ["yesterday-ish", "20m", "2026-13-01 10:00", "", "-5m ago"] {
            assert!(parse_time(bad, &now()).is_err(), "{bad} accepted");
        }
        assert!(parse_date("2026-02-30").is_err());
        assert!(parse_date("2026-2-3").is_err());
        assert_eq!(parse_year("2025"), Ok(2025));
        assert!(parse_year("25").is_err());
    }

    fn berlin(at: &str) -> Zoned {
        at.parse().unwrap()
    }

    #[test]
    fn a_local_time_the_clocks_skip_or_repeat_is_refused_with_the_offsets() {
        let now = berlin("2027-06-01T12:00:00+02:00[Europe/Berlin]");
        let gap = parse_time("2027-03-28 02:30", &now).unwrap_err();
        assert!(gap.contains("does not exist in Europe/Berlin"), "{gap}");
        assert!(gap.contains("UTC+01:00 to UTC+02:00"), "{gap}");
        let fold = parse_time("2027-10-31 02:30", &now).unwrap_err();
        assert!(fold.contains("happens twice in Europe/Berlin"), "{fold}");
        assert!(fold.contains("2027-10-31T02:30+02:00"), "{fold}");
        // The explicit offset it suggests is read as given.
        let given = parse_time("2027-03-28T02:30:00+01:00", &now).unwrap();
        assert_eq!(rfc3339(&given), "2027-03-28T02:30:00+01:00");
        // Either side of the jump is an ordinary time.
        assert_eq!(
            rfc3339(&parse_time("2027-03-28 03:30", &now).unwrap()),
            "2027-03-28T03:30:00+02:00"
        );
        let on_the_day = berlin("2027-03-28T12:00:00+02:00[Europe/Berlin]");
        assert!(parse_time("02:30", &on_the_day).is_err());
    }

    #[test]
    fn offsets_no_place_uses_are_refused() {
        for bad in ["2026-11-21T09:40:00+25:00", "2026-11-21T09:40:00-13:00"] {
            let e = parse_time(bad, &now()).unwrap_err();
            assert!(e.contains("which no place uses"), "{bad}: {e}");
        }
        for good in ["2026-11-21T09:40:00+14:00", "2026-11-21T09:40:00-12:00"] {
            assert!(parse_time(good, &now()).is_ok(), "{good}");
        }
    }

    #[test]
    fn times_past_the_calendar_are_out_of_range_not_nonsense() {
        for far in [
            "99999999h ago",
            "9999999999h ago",
            "in 99999999h",
            "1969-12-31 23:00",
        ] {
            let e = parse_time(far, &now()).unwrap_err();
            assert!(e.contains("out of range"), "{far}: {e}");
        }
        let e = parse_time("9999-12-31T23:59:59Z", &now()).unwrap_err();
        assert!(e.contains("in the future"), "{e}");
        let e = parse_time("20m ago ago", &now()).unwrap_err();
        assert!(e.starts_with("\"20m ago ago\" is not a time"), "{e}");
        let e = parse_time("-5m ago", &now()).unwrap_err();
        assert!(e.contains("must not be negative"), "{e}");
        assert!(parse_time("9999-12-30T12:00:00Z", &now()).is_ok());
    }

    #[test]
    fn system_zone_matches_jiffs_detection() {
        let ours = system_time_zone();
        let jiffs = TimeZone::system();
        assert_eq!(ours.iana_name(), jiffs.iana_name());
        let t = Timestamp::now();
        assert_eq!(ours.to_offset(t), jiffs.to_offset(t));
    }
}
