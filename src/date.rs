//! Calendar dates: the one parser of `YYYY-MM-DD` (ISO 8601 calendar date)
//! and of RFC 3339 date-times that every module uses, so that `2026-13-45`
//! or `2023-02-29` is refused everywhere alike. It owns no model type and
//! reads no clock: exports take their dates from the project.

use std::fmt;

/// A valid proleptic Gregorian calendar date.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date {
    pub year: u16,
    pub month: u8,
    pub day: u8,
}

impl Date {
    /// The date if `year-month-day` exists in the calendar.
    pub fn new(year: u16, month: u8, day: u8) -> Option<Date> {
        (day >= 1 && day <= days_in_month(year, month)).then_some(Date { year, month, day })
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

fn days_in_month(year: u16, month: u8) -> u8 {
    let leap = (year.is_multiple_of(4) && !year.is_multiple_of(100)) || year.is_multiple_of(400);
    match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if leap => 29,
        2 => 28,
        _ => 0,
    }
}

/// Digits of `b[range]` as a number, or `None` when any byte is not a digit.
fn digits(b: &[u8], range: std::ops::Range<usize>) -> Option<u16> {
    let part = b.get(range)?;
    part.iter().try_fold(0u16, |n, c| {
        c.is_ascii_digit().then(|| n * 10 + u16::from(c - b'0'))
    })
}

/// `YYYY-MM-DD` exactly (no surrounding space), and a real calendar date.
pub fn parse(s: &str) -> Option<Date> {
    let b = s.as_bytes();
    if b.len() != 10 {
        return None;
    }
    parse_prefix(b)
}

fn parse_prefix(b: &[u8]) -> Option<Date> {
    if b.get(4) != Some(&b'-') || b.get(7) != Some(&b'-') {
        return None;
    }
    let y = digits(b, 0..4)?;
    let m = digits(b, 5..7)?;
    let d = digits(b, 8..10)?;
    Date::new(y, u8::try_from(m).ok()?, u8::try_from(d).ok()?)
}

/// Whether `s` is a `YYYY-MM-DD` calendar date.
pub fn is_date(s: &str) -> bool {
    parse(s).is_some()
}

/// RFC 3339 date-time (`YYYY-MM-DDThh:mm:ss[.frac](Z|±hh:mm)`), as JSON
/// Schema's `date-time`, with a real calendar date and a valid time of day.
pub fn is_date_time(s: &str) -> bool {
    let b = s.as_bytes();
    if b.len() < 20 || parse_prefix(b).is_none() {
        return false;
    }
    if !matches!(b[10], b'T' | b't' | b' ') || b[13] != b':' || b[16] != b':' {
        return false;
    }
    let (Some(h), Some(mi), Some(sec)) = (digits(b, 11..13), digits(b, 14..16), digits(b, 17..19))
    else {
        return false;
    };
    // 60 admits a leap second, as RFC 3339 does.
    if h > 23 || mi > 59 || sec > 60 {
        return false;
    }
    let mut i = 19;
    if b[i] == b'.' {
        i += 1;
        let start = i;
        while i < b.len() && b[i].is_ascii_digit() {
            i += 1;
        }
        if i == start {
            return false;
        }
    }
    match &b[i..] {
        [b'Z' | b'z'] => true,
        [b'+' | b'-', rest @ ..] if rest.len() == 5 && rest[2] == b':' => {
            matches!((digits(rest, 0..2), digits(rest, 3..5)), (Some(oh), Some(om)) if oh <= 23 && om <= 59)
        }
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn calendar_dates() {
        assert_eq!(
            parse("2024-02-29"),
            Some(Date {
                year: 2024,
                month: 2,
                day: 29
            })
        );
        assert_eq!(
            parse("2024-02-29").map(|d| d.to_string()).as_deref(),
            Some("2024-02-29")
        );
        for bad in [
            "2023-02-29",
            "2026-13-45",
            "2026-00-10",
            "2026-04-31",
            "2026-4-1",
            " 2026-04-01",
            "2026-04-01 ",
            "2026/04/01",
            "２０２６-04-01",
            "",
        ] {
            assert!(!is_date(bad), "{bad:?} accepted");
        }
        assert!(is_date("1900-02-28") && !is_date("1900-02-29") && is_date("2000-02-29"));
    }

    #[test]
    fn date_times_follow_rfc3339() {
        for good in [
            "2020-04-13T20:20:39+00:00",
            "2020-04-13T20:20:39Z",
            "2020-04-13t20:20:39.123z",
            "2016-12-31T23:59:60Z",
        ] {
            assert!(is_date_time(good), "{good} refused");
        }
        for bad in [
            "2020-04-13",
            "2020-13-13T20:20:39Z",
            "2023-02-29T00:00:00Z",
            "2020-04-13T24:00:00Z",
            "2020-04-13T20:20:39",
            "2020-04-13T20:20:39.Z",
            "2020-04-13T20:20:39+0000",
            "2020-04-13T20:20:39+25:00",
        ] {
            assert!(!is_date_time(bad), "{bad} accepted");
        }
    }
}
