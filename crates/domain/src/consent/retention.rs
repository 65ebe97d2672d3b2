//! How long a cookie lives, as the policy states it and as `Max-Age` needs it.

use crate::i18n::{fill, Locale};

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

impl Retention {
    /// The policy table's wording in `locale`: "Session", "30 days", "1 year"; "Sitzung",
    /// "30 Tage"; "Session", "30 jours", "1 an".
    pub fn label(self, locale: Locale) -> String {
        let t = &locale.messages().form;
        let (n, one, many) = match self {
            Retention::Session => return t.session.to_string(),
            Retention::Days(n) => (n, t.day, t.days),
            Retention::Years(n) => (n, t.year, t.years),
        };
        fill(if n == 1 { one } else { many }, &[("n", &n.to_string())])
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
    fn says_the_policy_wording_in_each_language() {
        let en = |r: Retention| r.label(Locale::En);
        assert_eq!(en(Retention::Session), "Session");
        assert_eq!(en(Retention::Days(1)), "1 day");
        assert_eq!(en(Retention::Days(30)), "30 days");
        assert_eq!(en(Retention::Years(1)), "1 year");
        assert_eq!(en(Retention::Years(2)), "2 years");
        assert_eq!(Retention::Days(30).label(Locale::De), "30 Tage");
        assert_eq!(Retention::Years(1).label(Locale::De), "1 Jahr");
        assert_eq!(Retention::Session.label(Locale::De), "Sitzung");
        assert_eq!(Retention::Days(90).label(Locale::Fr), "90 jours");
        assert_eq!(Retention::Years(1).label(Locale::Fr), "1 an");
    }
}
