//! The live cookie audit, as data: what the names in a request's `Cookie` header say about the
//! site, against the registry (issue 22 §2). Names only, never a value, never who sent them.
//!
//! - **Undeclared**: a name the registry does not declare (a forgotten `_ga`, another app's
//!   cookie on the same host). Counted once per request that carries it.
//! - **Without consent**: a declared cookie of an optional category, from a visitor whose
//!   effective consent (signals applied) does not allow that category: something set it
//!   before consent, or it outlived a withdrawal.
//!
//! A [`Tally`] keeps the counts per UTC day, bounded: at most [`MAX_NAMES`] undeclared names
//! a day, the rest counted together as [`OTHER`], each name cut to [`MAX_NAME_CHARS`], and at
//! most [`MAX_NAMES_PER_REQUEST`] looked at in one request. So a flood of random names costs a
//! fixed amount of memory and time a day; counts that could not be stored
//! ([`Tally::restore`]) stay, a bounded set per day, until they are.

use std::collections::{HashMap, HashSet};

use super::choices::Choices;
use super::cookie_header;
use super::registry::Registry;

/// The most characters of a cookie name kept; longer names are cut (on a character
/// boundary), and the cut ones counted as one.
pub const MAX_NAME_CHARS: usize = 64;
/// The most distinct undeclared names kept per day; beyond, they are counted as [`OTHER`].
pub const MAX_NAMES: usize = 256;
/// Where undeclared names beyond [`MAX_NAMES`] a day are counted.
pub const OTHER: &str = "(other names)";
/// The most distinct undeclared names taken from one request; the rest of its names are not
/// counted (a browser sends a few dozen cookies at most).
pub const MAX_NAMES_PER_REQUEST: usize = 64;

/// What a finding is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Finding {
    /// A cookie name the registry does not declare.
    Undeclared,
    /// A declared cookie of an optional category the visitor's consent does not allow.
    WithoutConsent,
}

impl Finding {
    /// The stable key stored with a count: `undeclared` or `without_consent`.
    pub const fn key(self) -> &'static str {
        match self {
            Finding::Undeclared => "undeclared",
            Finding::WithoutConsent => "without_consent",
        }
    }

    /// The finding a stored key names.
    pub fn from_key(key: &str) -> Option<Finding> {
        match key {
            "undeclared" => Some(Finding::Undeclared),
            "without_consent" => Some(Finding::WithoutConsent),
            _ => None,
        }
    }
}

/// What one request's `Cookie` header shows: each name once, in the order first sent.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Findings<'a> {
    /// Names the registry does not declare, as sent (not yet cut).
    pub undeclared: Vec<&'a str>,
    /// Declared names whose category `allowed` does not include.
    pub without_consent: Vec<&'static str>,
}

impl Findings<'_> {
    /// Nothing to count.
    pub fn is_empty(&self) -> bool {
        self.undeclared.is_empty() && self.without_consent.is_empty()
    }
}

/// The findings of a `Cookie` header value (`header`, as bytes) against `registry`, for a
/// visitor whose effective consent is `allowed`. A name sent twice counts once; undeclared
/// names beyond the first [`MAX_NAMES_PER_REQUEST`] distinct ones are left out.
pub fn audit<'a>(header: &'a [u8], registry: &Registry, allowed: Choices) -> Findings<'a> {
    let mut found = Findings::default();
    for (name, _) in cookie_header::pairs(header) {
        match registry.category_of(name) {
            None => {
                if found.undeclared.len() < MAX_NAMES_PER_REQUEST
                    && !found.undeclared.contains(&name)
                {
                    found.undeclared.push(name);
                }
            }
            Some(category) if category.is_optional() && !allowed.allows(category) => {
                let declared = registry.cookie(name).map_or("", |c| c.name);
                if !found.without_consent.contains(&declared) {
                    found.without_consent.push(declared);
                }
            }
            Some(_) => {}
        }
    }
    found
}

/// `name` cut to [`MAX_NAME_CHARS`] characters.
pub fn cut(name: &str) -> &str {
    match name.char_indices().nth(MAX_NAME_CHARS) {
        Some((end, _)) => &name[..end],
        None => name,
    }
}

/// A count, and when it was first and last seen (milliseconds since the Unix epoch, UTC).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Seen {
    /// Requests that carried it.
    pub count: u64,
    /// The first of them.
    pub first_ms: u64,
    /// The last of them.
    pub last_ms: u64,
}

impl Seen {
    fn new(at_ms: u64) -> Seen {
        Seen {
            count: 1,
            first_ms: at_ms,
            last_ms: at_ms,
        }
    }

    fn add(&mut self, at_ms: u64) {
        self.count += 1;
        self.first_ms = self.first_ms.min(at_ms);
        self.last_ms = self.last_ms.max(at_ms);
    }

    /// Both counts as one: summed, the earliest first and the latest last.
    pub fn merge(&mut self, other: Seen) {
        self.count += other.count;
        self.first_ms = self.first_ms.min(other.first_ms);
        self.last_ms = self.last_ms.max(other.last_ms);
    }
}

/// One count as it is stored: a finding for a name on a UTC day.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AuditRow {
    /// Days since the Unix epoch, UTC.
    pub day: u64,
    /// Undeclared, or without consent.
    pub finding: Finding,
    /// The name, cut to [`MAX_NAME_CHARS`], or [`OTHER`].
    pub name: String,
    /// How often, and when first and last, that day.
    pub seen: Seen,
}

/// Milliseconds in a day.
const DAY_MS: u64 = 86_400_000;

/// The counts since the last [`take`](Tally::take), and any [restored](Tally::restore) since,
/// per day, bounded per day (see the module).
#[derive(Debug, Default)]
pub struct Tally {
    counts: HashMap<(u64, Finding, String), Seen>,
    /// The undeclared names admitted per day (at most [`MAX_NAMES`], without [`OTHER`]),
    /// kept across takes, so that the bound is a day's, however often the counts are taken;
    /// only today's and yesterday's are kept.
    admitted: HashMap<u64, HashSet<String>>,
}

impl Tally {
    /// Counts `findings` of a request at `at_ms` (milliseconds since the Unix epoch, UTC).
    pub fn count(&mut self, findings: &Findings<'_>, at_ms: u64) {
        let day = at_ms / DAY_MS;
        for name in &findings.undeclared {
            let name = cut(name);
            let admitted = self.admitted.entry(day).or_default();
            let admit = admitted.contains(name)
                || (admitted.len() < MAX_NAMES && admitted.insert(name.to_owned()));
            let name = if admit { name } else { OTHER };
            self.bump((day, Finding::Undeclared, name.to_owned()), at_ms);
        }
        for name in &findings.without_consent {
            self.bump((day, Finding::WithoutConsent, (*name).to_owned()), at_ms);
        }
    }

    fn bump(&mut self, key: (u64, Finding, String), at_ms: u64) {
        self.counts
            .entry(key)
            .and_modify(|s| s.add(at_ms))
            .or_insert_with(|| Seen::new(at_ms));
    }

    /// How many counts are kept (names per day and finding).
    pub fn len(&self) -> usize {
        self.counts.len()
    }

    /// Nothing counted since the last take.
    pub fn is_empty(&self) -> bool {
        self.counts.is_empty()
    }

    /// The counts so far, as rows, and an empty tally; the names admitted today and yesterday
    /// stay admitted (the day's bound holds across takes). The store sums what every take
    /// and every server wrote.
    pub fn take(&mut self) -> Vec<AuditRow> {
        if let Some(newest) = self.admitted.keys().max().copied() {
            self.admitted.retain(|day, _| *day + 1 >= newest);
        }
        let mut rows: Vec<AuditRow> = self
            .counts
            .drain()
            .map(|((day, finding, name), seen)| AuditRow {
                day,
                finding,
                name,
                seen,
            })
            .collect();
        rows.sort_by(|a, b| (a.day, a.finding, &a.name).cmp(&(b.day, b.finding, &b.name)));
        rows
    }

    /// Puts back `rows` that a [`take`](Tally::take) returned and that could not be stored:
    /// each merges with what was counted since under the same day, finding and name, so the
    /// next take carries both. The bound holds: every name in them was admitted before.
    pub fn restore(&mut self, rows: Vec<AuditRow>) {
        for row in rows {
            self.counts
                .entry((row.day, row.finding, row.name))
                .and_modify(|s| s.merge(row.seen))
                .or_insert(row.seen);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::consent::{CategoryId, LEADSGEN};
    use proptest::prelude::*;

    #[test]
    fn undeclared_names_and_declared_cookies_without_consent() {
        let header = b"cookie-consent=x; _ga=GA1.2.3; _fbp=fb.1; theme=dark; _ga=again; x=1";
        let analytics_only = Choices::NONE.with(CategoryId::Analytics, true);
        let found = audit(header, &LEADSGEN, analytics_only);
        assert_eq!(found.undeclared, vec!["_ga", "x"]);
        // _fbp is marketing, theme functional: neither allowed.
        assert_eq!(found.without_consent, vec!["_fbp", "theme"]);
        let all = audit(header, &LEADSGEN, Choices::ALL);
        assert!(all.without_consent.is_empty());
        // Strictly necessary cookies never need consent.
        assert!(audit(
            b"cookie-consent=1; next-auth.session-token=2",
            &LEADSGEN,
            Choices::NONE
        )
        .is_empty());
    }

    #[test]
    fn names_are_cut_and_the_tally_sums_per_day() {
        let long = "n".repeat(200);
        assert_eq!(cut(&long).len(), MAX_NAME_CHARS);
        assert_eq!(cut("é".repeat(70).as_str()).chars().count(), MAX_NAME_CHARS);
        let mut tally = Tally::default();
        let header = format!("{long}=1; _ga=2");
        let found = audit(header.as_bytes(), &LEADSGEN, Choices::NONE);
        tally.count(&found, 1_000);
        tally.count(&found, 5_000);
        tally.count(&found, DAY_MS + 7);
        let rows = tally.take();
        assert!(tally.is_empty());
        let ga: Vec<_> = rows.iter().filter(|r| r.name == "_ga").collect();
        assert_eq!(ga.len(), 2, "one row a day");
        assert_eq!(
            ga[0].seen,
            Seen {
                count: 2,
                first_ms: 1_000,
                last_ms: 5_000
            }
        );
        assert!(rows.iter().all(|r| r.name.len() <= MAX_NAME_CHARS));
    }

    #[test]
    fn restored_rows_merge_with_what_was_counted_since() {
        let mut tally = Tally::default();
        let found = audit(b"_ga=1; _fbp=2", &LEADSGEN, Choices::NONE);
        tally.count(&found, 1_000);
        tally.count(&found, 2_000);
        let failed = tally.take();
        tally.count(&audit(b"_ga=3", &LEADSGEN, Choices::NONE), 9_000);
        tally.restore(failed);
        let rows = tally.take();
        let seen = |name: &str| rows.iter().find(|r| r.name == name).unwrap().seen;
        assert_eq!(
            seen("_ga"),
            Seen {
                count: 3,
                first_ms: 1_000,
                last_ms: 9_000
            }
        );
        assert_eq!(seen("_fbp").count, 2);
        assert_eq!(rows.len(), 2);
        assert!(tally.is_empty());
    }

    #[test]
    fn the_bound_is_a_days_however_often_the_counts_are_taken() {
        let mut tally = Tally::default();
        let mut names = std::collections::HashSet::new();
        for i in 0..2_000u32 {
            let header = format!("n{i}=1");
            tally.count(&audit(header.as_bytes(), &LEADSGEN, Choices::NONE), 42);
            if i % 100 == 0 {
                names.extend(tally.take().into_iter().map(|r| r.name));
            }
        }
        names.extend(tally.take().into_iter().map(|r| r.name));
        assert_eq!(names.len(), MAX_NAMES + 1, "{} names", names.len());
        // The next day admits new names.
        tally.count(&audit(b"fresh=1", &LEADSGEN, Choices::NONE), DAY_MS + 42);
        assert_eq!(tally.take()[0].name, "fresh");
    }

    #[test]
    fn one_request_gives_at_most_its_share_of_names() {
        let header: Vec<String> = (0..1_000).map(|i| format!("n{i}=1")).collect();
        let header = header.join("; ");
        let found = audit(header.as_bytes(), &LEADSGEN, Choices::NONE);
        assert_eq!(found.undeclared.len(), MAX_NAMES_PER_REQUEST);
    }

    #[test]
    fn the_bound_holds_under_ten_thousand_random_names() {
        let mut tally = Tally::default();
        for i in 0..10_000u32 {
            let header = format!("random{i:08x}=v");
            tally.count(&audit(header.as_bytes(), &LEADSGEN, Choices::NONE), 42);
        }
        assert_eq!(tally.len(), MAX_NAMES + 1);
        let rows = tally.take();
        let other = rows.iter().find(|r| r.name == OTHER).unwrap();
        assert_eq!(other.seen.count, 10_000 - MAX_NAMES as u64);
        assert_eq!(rows.iter().map(|r| r.seen.count).sum::<u64>(), 10_000);
    }

    proptest! {
        /// Whatever the header holds, the tally stays within its bound, never keeps a name
        /// longer than the cut, and never keeps a value.
        #[test]
        fn any_header_stays_bounded(headers in prop::collection::vec(".{0,300}", 1..400)) {
            let mut tally = Tally::default();
            for (i, h) in headers.iter().enumerate() {
                let h = format!("{h}=secret-value-{i}");
                tally.count(&audit(h.as_bytes(), &LEADSGEN, Choices::NONE), i as u64);
            }
            prop_assert!(tally.len() <= MAX_NAMES + 1 + LEADSGEN.cookies().count());
            for row in tally.take() {
                prop_assert!(row.name.chars().count() <= MAX_NAME_CHARS);
                prop_assert!(!row.name.contains("secret-value-"));
            }
        }
    }
}
