//! Calendar dates as HTML wants them (`2026-04-12`), without pulling a date-time crate into
//! the wasm bundle. Each language's long form ("April 12, 2026") is
//! [`Locale::long_date`](crate::i18n::Locale::long_date).

use std::fmt;

/// A day in the proleptic Gregorian calendar.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct CalendarDate {
    /// Four-digit year, e.g. 2026.
    pub year: u16,
    /// Month, 1 to 12.
    pub month: u8,
    /// Day of the month, 1 to 31.
    pub day: u8,
}

impl CalendarDate {
    /// Builds a date, or `None` when the month or day does not exist.
    pub const fn new(year: u16, month: u8, day: u8) -> Option<Self> {
        if month == 0 || month > 12 || day == 0 || day > days_in_month(year, month) {
            return None;
        }
        Some(Self { year, month, day })
    }

    /// The UTC day `days` days after 1970-01-01 (Howard Hinnant's `civil_from_days`).
    pub fn from_days_since_epoch(days: u64) -> Self {
        let z = days as i64 + 719_468;
        let era = z.div_euclid(146_097);
        let doe = z.rem_euclid(146_097);
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        let mp = (5 * doy + 2) / 153;
        let day = (doy - (153 * mp + 2) / 5 + 1) as u8;
        let month = if mp < 10 { mp + 3 } else { mp - 9 } as u8;
        let year = (yoe + era * 400 + i64::from(month <= 2)) as u16;
        Self { year, month, day }
    }

    /// The machine-readable form used by `<time datetime="…">`: `2026-04-12`.
    pub fn iso(&self) -> String {
        format!("{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

impl fmt::Display for CalendarDate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.iso())
    }
}

const fn is_leap(year: u16) -> bool {
    (year.is_multiple_of(4) && !year.is_multiple_of(100)) || year.is_multiple_of(400)
}

const fn days_in_month(year: u16, month: u8) -> u8 {
    match month {
        2 if is_leap(year) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_like_the_policy() {
        let d = CalendarDate::new(2026, 4, 12).unwrap();
        assert_eq!(d.iso(), "2026-04-12");
        assert_eq!(d.to_string(), "2026-04-12");
    }

    #[test]
    fn rejects_days_that_do_not_exist() {
        assert!(CalendarDate::new(2026, 2, 29).is_none());
        assert!(CalendarDate::new(2024, 2, 29).is_some());
        assert!(CalendarDate::new(1900, 2, 29).is_none());
        assert!(CalendarDate::new(2000, 2, 29).is_some());
        assert!(CalendarDate::new(2026, 4, 31).is_none());
        assert!(CalendarDate::new(2026, 13, 1).is_none());
        assert!(CalendarDate::new(2026, 0, 1).is_none());
        assert!(CalendarDate::new(2026, 1, 0).is_none());
    }

    #[test]
    fn converts_days_since_the_epoch() {
        let d = |n| CalendarDate::from_days_since_epoch(n);
        assert_eq!(d(0), CalendarDate::new(1970, 1, 1).unwrap());
        assert_eq!(d(59), CalendarDate::new(1970, 3, 1).unwrap());
        assert_eq!(d(11_016), CalendarDate::new(2000, 2, 29).unwrap());
        assert_eq!(d(20_555), CalendarDate::new(2026, 4, 12).unwrap());
        assert_eq!(d(20_786), CalendarDate::new(2026, 11, 29).unwrap());
    }

    #[test]
    fn orders_chronologically() {
        let a = CalendarDate::new(2025, 12, 31).unwrap();
        let b = CalendarDate::new(2026, 1, 1).unwrap();
        assert!(a < b);
    }
}
