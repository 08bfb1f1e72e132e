//! When support's answer is due (SPEC §11): a pure function of the time a
//! ticket went out, its response class and the org's time zone.
//!
//! Routine tickets are answered within one business day: the next Monday to
//! Friday, at the same local wall time (so a daylight-saving change in
//! between does not move the hour). Urgent tickets are answered the same
//! day, which the guides' standard reads as four hours. Enterprise sales
//! schedules a conversation within 48 hours.

use jiff::civil::Weekday;
use jiff::tz::TimeZone;
use jiff::{SignedDuration, Timestamp};

use crate::catalog::channels::Response;

/// How long an urgent ticket may wait: "the same day".
pub const SAME_DAY: SignedDuration = SignedDuration::from_hours(4);
/// How long Enterprise sales may take to schedule a conversation.
pub const SALES: SignedDuration = SignedDuration::from_hours(48);

/// When the answer to a ticket sent at `sent` with response class `class`
/// is due, for an org in `tz`.
pub fn due(sent: Timestamp, class: Response, tz: &TimeZone) -> Timestamp {
    match class {
        Response::SameDay => sent.saturating_add(SAME_DAY).unwrap_or(Timestamp::MAX),
        Response::Sales => sent.saturating_add(SALES).unwrap_or(Timestamp::MAX),
        Response::Routine => next_business_day(sent, tz),
    }
}

/// The same local wall time on the next Monday to Friday after `sent`'s day.
///
/// A wall time that does not exist that day (a spring-forward gap) moves
/// forward by the gap; an ambiguous one (fall-back) takes the earlier
/// instant, jiff's "compatible" choice, as calendars do.
fn next_business_day(sent: Timestamp, tz: &TimeZone) -> Timestamp {
    let local = sent.to_zoned(tz.clone()).datetime();
    let mut date = local.date();
    // At most three steps (Friday → Monday); the bound keeps it total.
    for _ in 0..7 {
        match date.tomorrow() {
            Ok(next) => date = next,
            Err(_) => return Timestamp::MAX,
        }
        if !matches!(date.weekday(), Weekday::Saturday | Weekday::Sunday) {
            break;
        }
    }
    date.to_datetime(local.time())
        .to_zoned(tz.clone())
        .map_or(Timestamp::MAX, |z| z.timestamp())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(s: &str) -> (Timestamp, TimeZone) {
        let z: jiff::Zoned = s.parse().unwrap();
        (z.timestamp(), z.time_zone().clone())
    }

    fn local(t: Timestamp, tz: &TimeZone) -> String {
        t.to_zoned(tz.clone())
            .strftime("%a %Y-%m-%d %H:%M %:z")
            .to_string()
    }

    #[test]
    fn routine_on_a_weekday_is_the_next_day_same_time() {
        let (t, tz) = at("2026-11-17T09:15:00+01:00[Europe/Berlin]");
        assert_eq!(
            local(due(t, Response::Routine, &tz), &tz),
            "Wed 2026-11-18 09:15 +01:00"
        );
    }

    #[test]
    fn friday_evening_is_due_monday_same_time() {
        let (t, tz) = at("2026-11-20T18:30:00-05:00[America/New_York]");
        assert_eq!(
            local(due(t, Response::Routine, &tz), &tz),
            "Mon 2026-11-23 18:30 -05:00"
        );
    }

    #[test]
    fn weekend_tickets_are_due_monday() {
        let (t, tz) = at("2026-11-22T11:00:00+00:00[UTC]");
        assert_eq!(
            local(due(t, Response::Routine, &tz), &tz),
            "Mon 2026-11-23 11:00 +00:00"
        );
    }

    #[test]
    fn daylight_saving_changes_keep_the_wall_time() {
        // Europe/Berlin leaves summer time on Sunday 25 Oct 2026: Friday
        // 10:00 (+02:00) is due Monday 10:00 (+01:00), 73 hours later.
        let (t, tz) = at("2026-10-23T10:00:00+02:00[Europe/Berlin]");
        let d = due(t, Response::Routine, &tz);
        assert_eq!(local(d, &tz), "Mon 2026-10-26 10:00 +01:00");
        assert_eq!(d.duration_since(t), SignedDuration::from_hours(73));
        // And enters it on Sunday 29 Mar 2026: 71 hours.
        let (t, tz) = at("2026-03-27T10:00:00+01:00[Europe/Berlin]");
        let d = due(t, Response::Routine, &tz);
        assert_eq!(local(d, &tz), "Mon 2026-03-30 10:00 +02:00");
        assert_eq!(d.duration_since(t), SignedDuration::from_hours(71));
    }

    #[test]
    fn a_wall_time_in_a_gap_moves_forward() {
        // Egypt enters summer time at midnight on the last Friday of April:
        // 00:30 does not exist on Fri 24 Apr 2026, so the answer is due at
        // 01:30 (+03:00), one hour of wall time later, 24 hours after.
        let (t, tz) = at("2026-04-23T00:30:00+02:00[Africa/Cairo]");
        let d = due(t, Response::Routine, &tz);
        assert_eq!(local(d, &tz), "Fri 2026-04-24 01:30 +03:00");
        assert_eq!(d.duration_since(t), SignedDuration::from_hours(24));
    }

    #[test]
    fn urgent_is_four_hours_and_sales_forty_eight() {
        let (t, tz) = at("2026-11-20T18:30:00+01:00[Europe/Berlin]");
        assert_eq!(
            due(t, Response::SameDay, &tz).duration_since(t),
            SignedDuration::from_hours(4)
        );
        assert_eq!(
            due(t, Response::Sales, &tz).duration_since(t),
            SignedDuration::from_hours(48)
        );
    }

    #[test]
    fn the_end_of_time_does_not_panic() {
        let tz = TimeZone::UTC;
        for class in [Response::Routine, Response::SameDay, Response::Sales] {
            assert_eq!(due(Timestamp::MAX, class, &tz), Timestamp::MAX);
        }
    }
}
