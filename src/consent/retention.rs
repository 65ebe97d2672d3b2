//! How long a cookie lives, as the policy states it and as `Max-Age` needs it.

use std::fmt;

const SECONDS_PER_DAY: u64 = 24 * 60 * 60;

/// A cookie's lifetime.
///
/// A year is 365 days: the policy's "1 year" is a promise to the visitor, and `Max-Age`
/// needs a fixed number of seconds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Retention {
    /// Until the browser session ends: the cookie carries no `Max-Age`.
    Session,
    /// A whole number of days.
    Days(u32),
    /// A whole number of 365-day years.
    Years(u32),
}

impl Retention {
    /// The `Max-Age` in seconds, or `None` for a session cookie.
    pub const fn max_age_secs(self) -> Option<u64> {
        match self {
            Retention::Session => None,
            Retention::Days(d) => Some(d as u64 * SECONDS_PER_DAY),
            Retention::Years(y) => Some(y as u64 * 365 * SECONDS_PER_DAY),
        }
    }
}

impl fmt::Display for Retention {
    /// The policy table's wording: "Session", "30 days", "1 year".
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (n, unit) = match *self {
            Retention::Session => return f.write_str("Session"),
            Retention::Days(n) => (n, "day"),
            Retention::Years(n) => (n, "year"),
        };
        let plural = if n == 1 { "" } else { "s" };
        write!(f, "{n} {unit}{plural}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn max_age_in_seconds() {
        assert_eq!(Retention::Session.max_age_secs(), None);
        assert_eq!(Retention::Days(30).max_age_secs(), Some(2_592_000));
        assert_eq!(Retention::Days(90).max_age_secs(), Some(7_776_000));
        assert_eq!(Retention::Years(1).max_age_secs(), Some(31_536_000));
    }

    #[test]
    fn displays_the_policy_wording() {
        assert_eq!(Retention::Session.to_string(), "Session");
        assert_eq!(Retention::Days(1).to_string(), "1 day");
        assert_eq!(Retention::Days(30).to_string(), "30 days");
        assert_eq!(Retention::Years(1).to_string(), "1 year");
        assert_eq!(Retention::Years(2).to_string(), "2 years");
    }
}
