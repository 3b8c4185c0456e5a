//! Calendar dates and review intervals as front matter writes them:
//! `2024-05-01`, RFC 3339, Jekyll's `2024-05-01 10:00:00 +0200`;
//! intervals like `"90 days"`, `"6 months"`, `"1 year"`; durations like `"1h30"`.

use std::fmt;

/// Help line listing the date forms `Date::parse` accepts.
pub const DATE_FORMS: &str = "write a date as `2024-05-01`, an RFC 3339 datetime such as \
                              `2024-05-01T10:00:00Z`, or `2024-05-01 10:00:00 +0200`";

/// Help line listing the interval forms `Interval::parse` accepts.
pub const INTERVAL_FORMS: &str =
    "write an interval such as \"90 days\", \"2 weeks\", \"6 months\" or \"1 year\"";

/// Help line listing the duration forms `parse_duration` accepts.
pub const DURATION_FORMS: &str = "write a duration such as \"20 min\", \"1h30\", \"2 h\", \
                                  \"1.5 h\", \"1 day\" or \"2 weeks\", or a number of minutes";

/// A working day, for durations: "1 day" of training is a day at work, not 24 hours.
const MINUTES_PER_HOUR: u32 = 60;
const MINUTES_PER_WORKING_DAY: u32 = 8 * MINUTES_PER_HOUR;
const WORKING_DAYS_PER_WEEK: u32 = 5;

/// A calendar date (no time zone: handbooks care about days).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date {
    pub year: i32,
    pub month: u8,
    pub day: u8,
}

/// How often a page must be reviewed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Interval {
    Days(u32),
    Months(u32),
}

impl Date {
    /// A date, if `month` and `day` exist in that year.
    pub fn new(year: i32, month: u8, day: u8) -> Option<Date> {
        let valid = (1..=12).contains(&month) && day >= 1 && day <= days_in_month(year, month);
        valid.then_some(Date { year, month, day })
    }

    /// `YYYY-MM-DD`, optionally followed by a time and zone (RFC 3339, TOML's
    /// space-separated form, Jekyll's `HH:MM:SS +ZZZZ`). The date is taken as
    /// written: the author's calendar day, not shifted to UTC.
    pub fn parse(text: &str) -> Option<Date> {
        let text = text.trim();
        let date = text.get(..10)?;
        let rest = &text[10..];
        let b = date.as_bytes();
        if b[4] != b'-' || b[7] != b'-' {
            return None;
        }
        let year = digits(&date[..4])?;
        let month = digits(&date[5..7])?;
        let day = digits(&date[8..10])?;
        if !rest.is_empty() && !is_time_and_zone(rest) {
            return None;
        }
        Date::new(year as i32, month as u8, day as u8)
    }

    /// Days since 1970-01-01 (negative before it).
    pub fn days_since_epoch(&self) -> i64 {
        // Howard Hinnant's `days_from_civil`: years start in March so the leap
        // day falls at the end of the year.
        let month = i64::from(self.month);
        let year = i64::from(self.year) - i64::from(month <= 2);
        let era = year.div_euclid(400);
        let year_of_era = year - era * 400;
        let day_of_year = (153 * ((month + 9) % 12) + 2) / 5 + i64::from(self.day) - 1;
        let day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
        era * 146_097 + day_of_era - 719_468
    }

    /// The inverse of `days_since_epoch`.
    pub fn from_days_since_epoch(days: i64) -> Date {
        let shifted = days + 719_468;
        let era = shifted.div_euclid(146_097);
        let day_of_era = shifted - era * 146_097;
        let year_of_era =
            (day_of_era - day_of_era / 1460 + day_of_era / 36_524 - day_of_era / 146_096) / 365;
        let day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
        let month_from_march = (5 * day_of_year + 2) / 153;
        let day = day_of_year - (153 * month_from_march + 2) / 5 + 1;
        let month = if month_from_march < 10 {
            month_from_march + 3
        } else {
            month_from_march - 9
        };
        let year = year_of_era + era * 400 + i64::from(month <= 2);
        Date {
            year: clamp_year(year),
            month: month as u8,
            day: day as u8,
        }
    }

    /// The UTC calendar day of a Unix timestamp (e.g. `SOURCE_DATE_EPOCH`).
    pub fn from_unix_seconds(seconds: i64) -> Date {
        Date::from_days_since_epoch(seconds.div_euclid(86_400))
    }

    /// This date moved forward by `interval`; adding months keeps the day
    /// of the month, clamped to the target month's length (Jan 31 + 1 month = Feb 28/29).
    // Inherent as well as `ops::Add`, so `date.add(interval)` reads without
    // importing the trait.
    #[allow(clippy::should_implement_trait)]
    pub fn add(self, interval: Interval) -> Date {
        match interval {
            Interval::Days(days) => {
                Date::from_days_since_epoch(self.days_since_epoch() + i64::from(days))
            }
            Interval::Months(months) => {
                let index =
                    i64::from(self.year) * 12 + i64::from(self.month) - 1 + i64::from(months);
                let year = clamp_year(index.div_euclid(12));
                let month = (index.rem_euclid(12) + 1) as u8;
                let day = self.day.min(days_in_month(year, month));
                Date { year, month, day }
            }
        }
    }

    /// Midnight UTC of this day in RFC 3339, as feeds and sitemaps want it.
    pub fn rfc3339(&self) -> String {
        format!("{self}T00:00:00Z")
    }
}

impl std::ops::Add<Interval> for Date {
    type Output = Date;

    fn add(self, interval: Interval) -> Date {
        Date::add(self, interval)
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

impl Interval {
    /// `"90 days"`, `"2 weeks"`, `"6 months"`, `"1 year"` (singular or plural,
    /// space optional, `d`/`w`/`mo`/`y` abbreviations accepted). Zero is not an interval.
    pub fn parse(text: &str) -> Option<Interval> {
        let text = text.trim().to_ascii_lowercase();
        let split = text.find(|c: char| !c.is_ascii_digit())?;
        let count: u32 = text[..split].parse().ok().filter(|n| *n > 0)?;
        match text[split..].trim_start() {
            "d" | "day" | "days" => Some(Interval::Days(count)),
            "w" | "week" | "weeks" => count.checked_mul(7).map(Interval::Days),
            "mo" | "month" | "months" => Some(Interval::Months(count)),
            "y" | "yr" | "year" | "years" => count.checked_mul(12).map(Interval::Months),
            _ => None,
        }
    }
}

impl fmt::Display for Interval {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (count, unit) = match *self {
            Interval::Days(d) if d % 7 == 0 => (d / 7, "week"),
            Interval::Days(d) => (d, "day"),
            Interval::Months(m) if m % 12 == 0 => (m / 12, "year"),
            Interval::Months(m) => (m, "month"),
        };
        let plural = if count == 1 { "" } else { "s" };
        write!(f, "{count} {unit}{plural}")
    }
}

/// Minutes in a duration such as `"20 min"`, `"45m"`, `"1h30"`, `"1 h 30"`,
/// `"1.5 h"`, `"1 day"` (a working day, 8 hours) or `"2 weeks"` (5 working
/// days each). Parts go from the largest unit down, each at most once; a bare
/// number is minutes (alone, or right after hours as in `"1h30"`).
pub fn parse_duration(text: &str) -> Option<u32> {
    let text = text.trim().to_ascii_lowercase();
    let mut rest = text.as_str();
    let mut total = 0.0;
    let mut previous_unit: Option<u32> = None;
    while !rest.trim_start().is_empty() {
        let (number, after) = take_number(rest.trim_start())?;
        let (word, after) = take_word(after.trim_start());
        let unit = match word {
            // A bare number is minutes, alone or right after hours ("1h30").
            "" if previous_unit.is_none_or(|previous| previous == MINUTES_PER_HOUR) => 1,
            "" => return None,
            word => unit_minutes(word)?,
        };
        if previous_unit.is_some_and(|previous| unit >= previous) {
            return None;
        }
        total += number * f64::from(unit);
        previous_unit = Some(unit);
        rest = after;
    }
    let minutes = total.round();
    (minutes >= 1.0 && minutes <= f64::from(u32::MAX)).then_some(minutes as u32)
}

fn unit_minutes(word: &str) -> Option<u32> {
    match word {
        "m" | "min" | "mins" | "minute" | "minutes" => Some(1),
        "h" | "hr" | "hrs" | "hour" | "hours" => Some(MINUTES_PER_HOUR),
        "d" | "day" | "days" => Some(MINUTES_PER_WORKING_DAY),
        "w" | "wk" | "wks" | "week" | "weeks" => {
            Some(MINUTES_PER_WORKING_DAY * WORKING_DAYS_PER_WEEK)
        }
        _ => None,
    }
}

/// A leading decimal number (`20`, `1.5`) and the text after it.
fn take_number(text: &str) -> Option<(f64, &str)> {
    let end = text
        .find(|c: char| !c.is_ascii_digit() && c != '.')
        .unwrap_or(text.len());
    let number = text[..end].parse().ok()?;
    Some((number, &text[end..]))
}

/// A leading run of letters (possibly empty) and the text after it.
fn take_word(text: &str) -> (&str, &str) {
    let end = text
        .find(|c: char| !c.is_ascii_alphabetic())
        .unwrap_or(text.len());
    text.split_at(end)
}

/// `T10:00:00Z`, ` 10:00:00 +0200`, `T10:00:00.5+02:00`, ` 10:00` ... after the date.
fn is_time_and_zone(rest: &str) -> bool {
    let Some(time) = rest.strip_prefix(['T', 't', ' ']) else {
        return false;
    };
    let (clock, zone) = time.split_at(time.find(['Z', 'z', '+', '-', ' ']).unwrap_or(time.len()));
    is_clock(clock) && is_zone(zone.strip_prefix(' ').unwrap_or(zone))
}

/// `HH:MM`, `HH:MM:SS` or `HH:MM:SS.fraction`.
fn is_clock(clock: &str) -> bool {
    let (main, fraction) = clock.split_once('.').unwrap_or((clock, "0"));
    let parts: Vec<&str> = main.split(':').collect();
    let limits = [23, 59, 60];
    let in_range = parts.len() >= 2
        && parts.len() <= 3
        && parts
            .iter()
            .zip(limits)
            .all(|(part, max)| part.len() == 2 && digits(part).is_some_and(|n| n <= max));
    in_range && !fraction.is_empty() && fraction.bytes().all(|b| b.is_ascii_digit())
}

/// Empty (a local time), `Z`, `+02:00` or Jekyll's `+0200`.
fn is_zone(zone: &str) -> bool {
    if zone.is_empty() || zone.eq_ignore_ascii_case("z") {
        return true;
    }
    let Some(offset) = zone.strip_prefix(['+', '-']) else {
        return false;
    };
    let compact = offset.replacen(':', "", usize::from(offset.len() == 5));
    compact.len() == 4
        && digits(&compact[..2]).is_some_and(|h| h <= 23)
        && digits(&compact[2..]).is_some_and(|m| m <= 59)
}

/// The value of an all-ASCII-digit string.
fn digits(text: &str) -> Option<u32> {
    let all_digits = !text.is_empty() && text.bytes().all(|b| b.is_ascii_digit());
    all_digits.then(|| text.parse().ok()).flatten()
}

fn is_leap_year(year: i32) -> bool {
    year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)
}

fn days_in_month(year: i32, month: u8) -> u8 {
    match month {
        2 if is_leap_year(year) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

fn clamp_year(year: i64) -> i32 {
    year.clamp(i64::from(i32::MIN), i64::from(i32::MAX)) as i32
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(y: i32, m: u8, d: u8) -> Date {
        Date::new(y, m, d).unwrap()
    }

    #[test]
    fn parses_plain_rfc3339_toml_and_jekyll_dates() {
        let may_first = date(2024, 5, 1);
        for text in [
            "2024-05-01",
            " 2024-05-01 ",
            "2024-05-01T10:00:00Z",
            "2024-05-01t10:00:00z",
            "2024-05-01T10:00:00.123+02:00",
            "2024-05-01T23:30:00-05:00",
            "2024-05-01 10:00:00",
            "2024-05-01 10:00",
            "2024-05-01 10:00:00 +0200",
            "2024-05-01 10:00:00 -02:30",
        ] {
            assert_eq!(Date::parse(text), Some(may_first), "{text}");
        }
    }

    #[test]
    fn rejects_impossible_or_malformed_dates() {
        for text in [
            "2024-13-01",
            "2024-00-10",
            "2023-02-29",
            "2024-04-31",
            "2024-5-1",
            "01/05/2024",
            "2024-05-01X",
            "2024-05-01T25:00:00Z",
            "2024-05-01 10:00:00 +02",
            "2024-05-01T10:00:00.Z",
            "",
            "2024-05-0é",
        ] {
            assert_eq!(Date::parse(text), None, "{text}");
        }
    }

    #[test]
    fn leap_years_follow_the_gregorian_rule() {
        assert!(Date::parse("2024-02-29").is_some());
        assert!(Date::parse("2000-02-29").is_some());
        assert!(Date::parse("1900-02-29").is_none());
    }

    #[test]
    fn days_since_epoch_round_trips() {
        assert_eq!(date(1970, 1, 1).days_since_epoch(), 0);
        assert_eq!(date(2000, 3, 1).days_since_epoch(), 11_017);
        assert_eq!(date(1969, 12, 31).days_since_epoch(), -1);
        for days in [-800_000, -1, 0, 59, 60, 11_016, 19_844, 2_932_896] {
            assert_eq!(Date::from_days_since_epoch(days).days_since_epoch(), days);
        }
    }

    #[test]
    fn unix_seconds_give_the_utc_day() {
        assert_eq!(Date::from_unix_seconds(0), date(1970, 1, 1));
        assert_eq!(Date::from_unix_seconds(1_714_521_599), date(2024, 4, 30));
        assert_eq!(Date::from_unix_seconds(1_714_521_600), date(2024, 5, 1));
        assert_eq!(Date::from_unix_seconds(-1), date(1969, 12, 31));
    }

    #[test]
    fn adding_months_clamps_to_the_month_length() {
        assert_eq!(
            date(2024, 1, 31).add(Interval::Months(1)),
            date(2024, 2, 29)
        );
        assert_eq!(
            date(2023, 1, 31).add(Interval::Months(1)),
            date(2023, 2, 28)
        );
        assert_eq!(
            date(2024, 11, 15).add(Interval::Months(3)),
            date(2025, 2, 15)
        );
        assert_eq!(date(2024, 2, 29) + Interval::Months(12), date(2025, 2, 28));
        assert_eq!(date(2024, 12, 31).add(Interval::Days(1)), date(2025, 1, 1));
        assert_eq!(date(2024, 2, 1).add(Interval::Days(90)), date(2024, 5, 1));
    }

    #[test]
    fn displays_as_iso_and_rfc3339() {
        assert_eq!(date(2024, 5, 1).to_string(), "2024-05-01");
        assert_eq!(date(33, 1, 2).to_string(), "0033-01-02");
        assert_eq!(date(2024, 5, 1).rfc3339(), "2024-05-01T00:00:00Z");
    }

    #[test]
    fn parses_intervals() {
        assert_eq!(Interval::parse("90 days"), Some(Interval::Days(90)));
        assert_eq!(Interval::parse("1 day"), Some(Interval::Days(1)));
        assert_eq!(Interval::parse("2 weeks"), Some(Interval::Days(14)));
        assert_eq!(Interval::parse("6 Months"), Some(Interval::Months(6)));
        assert_eq!(Interval::parse("1 year"), Some(Interval::Months(12)));
        assert_eq!(Interval::parse("2y"), Some(Interval::Months(24)));
        for bad in [
            "",
            "year",
            "0 days",
            "6 moons",
            "-1 days",
            "1.5 years",
            "6 months ago",
        ] {
            assert_eq!(Interval::parse(bad), None, "{bad}");
        }
    }

    #[test]
    fn intervals_display_in_the_largest_whole_unit() {
        assert_eq!(Interval::Days(14).to_string(), "2 weeks");
        assert_eq!(Interval::Days(1).to_string(), "1 day");
        assert_eq!(Interval::Months(12).to_string(), "1 year");
        assert_eq!(Interval::Months(6).to_string(), "6 months");
    }

    #[test]
    fn parses_durations_to_minutes() {
        let cases = [
            ("20 min", 20),
            ("20 minutes", 20),
            ("45m", 45),
            ("1h30", 90),
            ("1 h 30", 90),
            ("1h30m", 90),
            ("1 hour 30 minutes", 90),
            ("2 h", 120),
            ("1.5 h", 90),
            ("1 day", 480),
            ("2 weeks", 4800),
            ("1 day 2 h", 600),
            ("90", 90),
        ];
        for (text, minutes) in cases {
            assert_eq!(parse_duration(text), Some(minutes), "{text}");
        }
    }

    #[test]
    fn rejects_malformed_durations() {
        for bad in [
            "",
            "soon",
            "0 min",
            "30 min 1 h",
            "1h 2h",
            "2 days 3",
            "20 parsecs",
            "1..5 h",
            "-5 min",
        ] {
            assert_eq!(parse_duration(bad), None, "{bad}");
        }
    }
}
