//! The site's languages (English, German, French), how a request picks one ([`PageLocale`]: a `/de/…`
//! prefix pins it; otherwise `Accept-Language` per RFC 9110 §12.5.4), and dates written in
//! each.

use serde::{Deserialize, Serialize};

use crate::dates::CalendarDate;

/// A language the site is written in. English is the default and the binding version of the
/// policy.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Default, Serialize, Deserialize,
)]
pub enum Locale {
    /// English, the default.
    #[default]
    En,
    /// German.
    De,
    /// French.
    Fr,
}

/// Most `Accept-Language` entries read: a header with more is cut there, not refused.
const MAX_RANGES: usize = 32;

impl Locale {
    /// Every language, the default first.
    pub const ALL: [Locale; 3] = [Locale::En, Locale::De, Locale::Fr];

    /// The BCP 47 tag, as `lang`, `hreflang`, `Content-Language` and the consent log write
    /// it: `en`, `de`, `fr`.
    pub const fn tag(self) -> &'static str {
        match self {
            Locale::En => "en",
            Locale::De => "de",
            Locale::Fr => "fr",
        }
    }

    /// The language of a two-letter tag (ASCII case ignored); `None` for any other.
    pub fn from_tag(tag: &str) -> Option<Locale> {
        Locale::ALL
            .into_iter()
            .find(|l| l.tag().eq_ignore_ascii_case(tag))
    }

    /// The language's own name, for the language switch: `English`, `Deutsch`, `Français`.
    pub const fn native_name(self) -> &'static str {
        match self {
            Locale::En => "English",
            Locale::De => "Deutsch",
            Locale::Fr => "Français",
        }
    }

    /// The language an `Accept-Language` value prefers among ours (RFC 9110 §12.5.4, with
    /// RFC 4647 §3.4 lookup): each range with its `q` (1 when absent, 0 meaning "not this
    /// one"); a range with a region matches its language (`de-AT` → German); `*` matches any
    /// language not named otherwise. The highest `q` wins, the earlier range on a tie.
    /// Garbage entries are skipped; an empty, unreadable or unmatched value gives English.
    pub fn negotiate(accept_language: &str) -> Locale {
        let mut best: Option<(u16, Locale)> = None;
        // Languages a range named (with any q): a wildcard stands for the others.
        let mut named = [false; Locale::ALL.len()];
        let mut wildcard: Option<u16> = None;
        for entry in accept_language.split(',').take(MAX_RANGES) {
            let Some((range, q)) = parse_entry(entry) else {
                continue;
            };
            if range == "*" {
                wildcard = Some(wildcard.map_or(q, |w| w.max(q)));
                continue;
            }
            let primary = range.split('-').next().unwrap_or("");
            let Some(locale) = Locale::from_tag(primary) else {
                continue;
            };
            named[locale as usize] = true;
            if q == 0 {
                continue;
            }
            if best.is_none_or(|(b, _)| q > b) {
                best = Some((q, locale));
            }
        }
        // A wildcard stands for the languages not named: the default first.
        if let Some(w) = wildcard.filter(|w| *w > 0) {
            if best.is_none_or(|(b, _)| w > b) {
                if let Some(l) = Locale::ALL.into_iter().find(|l| !named[*l as usize]) {
                    best = Some((w, l));
                }
            }
        }
        best.map_or(Locale::En, |(_, l)| l)
    }

    /// The prefix that pins this language in a URL: `/en`, `/de`, `/fr`.
    pub const fn prefix(self) -> &'static str {
        match self {
            Locale::En => "/en",
            Locale::De => "/de",
            Locale::Fr => "/fr",
        }
    }

    /// Splits a request path into the language its prefix pins and the path without it:
    /// `/de/cookie-policy` → `(De, "/cookie-policy")`, `/fr` → `(Fr, "/")`. `None` when the
    /// path has no language prefix (`/de-x`, `/design` and `/DE` have none).
    pub fn split_prefix(path: &str) -> Option<(Locale, &str)> {
        Locale::ALL.into_iter().find_map(|l| {
            let rest = path.strip_prefix(l.prefix())?;
            match rest {
                "" => Some((l, "/")),
                _ if rest.starts_with('/') => Some((l, rest)),
                _ => None,
            }
        })
    }

    /// `path` (a site path, with any query) under this language's prefix: `/` → `/de`,
    /// `/cookie-policy?x=1` → `/de/cookie-policy?x=1`.
    pub fn pin(self, path: &str) -> String {
        if path == "/" || path.starts_with("/?") || path.starts_with("/#") {
            format!("{}{}", self.prefix(), &path[1..])
        } else {
            format!("{}{path}", self.prefix())
        }
    }

    /// The long date as this language writes it: `April 12, 2026`, `12. April 2026`,
    /// `12 avril 2026`.
    pub fn long_date(self, d: CalendarDate) -> String {
        let month = usize::from(d.month - 1);
        match self {
            Locale::En => format!("{} {}, {}", EN_MONTHS[month], d.day, d.year),
            Locale::De => format!("{}. {} {}", d.day, DE_MONTHS[month], d.year),
            Locale::Fr => {
                // French writes the first of the month as an ordinal: « 1er avril 2026 ».
                let day = if d.day == 1 {
                    "1er".to_string()
                } else {
                    d.day.to_string()
                };
                format!("{day} {} {}", FR_MONTHS[month], d.year)
            }
        }
    }
}

const EN_MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];
const DE_MONTHS: [&str; 12] = [
    "Januar",
    "Februar",
    "März",
    "April",
    "Mai",
    "Juni",
    "Juli",
    "August",
    "September",
    "Oktober",
    "November",
    "Dezember",
];
const FR_MONTHS: [&str; 12] = [
    "janvier",
    "février",
    "mars",
    "avril",
    "mai",
    "juin",
    "juillet",
    "août",
    "septembre",
    "octobre",
    "novembre",
    "décembre",
];

/// One `Accept-Language` entry as `(range, q in thousandths)`; `None` for garbage. A range is
/// `*` or letters and digits in `-`-separated parts of one to eight (RFC 4647 §2.1), the
/// first letters only; `q` is `0` to `1` with at most three decimals (RFC 9110 §12.4.2).
fn parse_entry(entry: &str) -> Option<(&str, u16)> {
    let mut parts = entry.split(';');
    let range = parts.next()?.trim();
    let well_formed = range == "*"
        || range.split('-').enumerate().all(|(i, p)| {
            (1..=8).contains(&p.len())
                && p.bytes()
                    .all(|b| b.is_ascii_alphabetic() || (i > 0 && b.is_ascii_digit()))
        });
    if !well_formed {
        return None;
    }
    Some((range, weight(parts)?))
}

/// The `q` of an entry of a weighted list (`Accept-Language`, `Accept-Encoding`), read from
/// its `params` (the `;`-separated parts after its first), in thousandths: 1000 without one;
/// `None` when a parameter is not `name=value` or `q` is not a quality value
/// (`0` to `1`, at most three decimals, RFC 9110 §12.4.2).
pub fn weight<'a>(params: impl Iterator<Item = &'a str>) -> Option<u16> {
    let mut q = 1000;
    for param in params {
        let (name, value) = param.trim().split_once('=')?;
        if name.trim().eq_ignore_ascii_case("q") {
            q = quality(value.trim())?;
        }
    }
    Some(q)
}

/// A quality value (RFC 9110 §12.4.2, the `q` of `Accept-Language`, `Accept-Encoding` and
/// the like) in thousandths: `1`, `1.0`, `0.5`, `0.125`; `None` for anything else, `1.001`
/// and `2` included.
fn quality(value: &str) -> Option<u16> {
    let (int, frac) = value.split_once('.').unwrap_or((value, ""));
    if frac.len() > 3 || !frac.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let frac_thousandths = format!("{frac:0<3}").parse::<u16>().ok()?;
    match int {
        "0" => Some(frac_thousandths),
        "1" if frac_thousandths == 0 => Some(1000),
        _ => None,
    }
}

/// The language of the page being rendered, and whether its URL pins it (`/de/…`) or it was
/// negotiated from `Accept-Language` (an unprefixed URL). Links and forms on a pinned page
/// keep its prefix; on a negotiated one they stay unprefixed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Hash)]
pub struct PageLocale {
    /// The language the page is in.
    pub locale: Locale,
    /// Whether the URL's prefix chose it.
    pub pinned: bool,
}

impl PageLocale {
    /// A site path as this page links to it: under the page's prefix when it has one.
    pub fn link(self, path: &str) -> String {
        if self.pinned {
            self.locale.pin(path)
        } else {
            path.to_string()
        }
    }

    /// The one rule for a request's language: the language it names (a page's `/de/…`
    /// prefix, the prefix of the page a post comes back to, a receipt's `?lang=de`) is
    /// pinned; without one, what `accept_language` (the header's value) prefers among ours.
    pub fn decide(named: Option<Locale>, accept_language: &str) -> PageLocale {
        match named {
            Some(locale) => PageLocale {
                locale,
                pinned: true,
            },
            None => PageLocale {
                locale: Locale::negotiate(accept_language),
                pinned: false,
            },
        }
    }

    /// The language a post decides in: [`PageLocale::decide`] for the page it comes back to
    /// (`return_to`, whose prefix names the language).
    pub fn of_post(return_to: &str, accept_language: &str) -> PageLocale {
        let path = return_to.split(['?', '#']).next().unwrap_or("");
        PageLocale::decide(
            Locale::split_prefix(path).map(|(locale, _)| locale),
            accept_language,
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use Locale::{De, En, Fr};

    #[test]
    fn negotiates_by_quality_then_order() {
        for (header, expected) in [
            ("de", De),
            ("fr", Fr),
            ("en", En),
            ("de, fr", De),
            ("fr, de", Fr),
            ("de;q=0.5, fr;q=0.8", Fr),
            ("fr;q=0.8, de;q=0.8", Fr),
            ("es, de;q=0.1", De),
            ("es, it", En),
            ("DE", De),
            ("de;Q=0.4, fr;q=0.3", De),
            ("fr;q=1.000, de", Fr),
            ("  de ;  q=0.9 ,en;q=0.2", De),
        ] {
            assert_eq!(Locale::negotiate(header), expected, "{header:?}");
        }
    }

    #[test]
    fn a_region_falls_back_to_its_language() {
        for (header, expected) in [
            ("de-AT", De),
            ("de-CH, en;q=0.5", De),
            ("fr-CA", Fr),
            ("fr-BE;q=0.9, en-GB;q=0.8", Fr),
            ("en-GB, de;q=0.9", En),
            ("es-ES, fr-FR;q=0.3", Fr),
            ("zh-Hant-TW, de;q=0.1", De),
        ] {
            assert_eq!(Locale::negotiate(header), expected, "{header:?}");
        }
    }

    #[test]
    fn wildcards_and_refusals() {
        for (header, expected) in [
            ("*", En),
            ("es, *;q=0.5", En),
            ("en;q=0, *", De),
            ("en;q=0, de;q=0, *", Fr),
            ("de;q=0", En),
            ("de;q=0, fr;q=0.1", Fr),
            ("*;q=0", En),
            ("fr;q=0.2, *;q=0.5", En),
            ("en;q=0.1, *;q=0.5", De),
            ("de-AT;q=0, *", En),
        ] {
            assert_eq!(Locale::negotiate(header), expected, "{header:?}");
        }
    }

    #[test]
    fn garbage_and_empty_give_english() {
        for header in [
            "",
            " ",
            ",,,",
            "de;q=2",
            "de;q=0.1234",
            "de;q=abc",
            "de;q",
            "d€",
            "de_AT",
            "123",
            "verylonglanguage",
            "de;;",
            "\u{0}",
        ] {
            assert_eq!(Locale::negotiate(header), En, "{header:?}");
        }
        // A garbage entry does not spoil the good ones around it.
        assert_eq!(Locale::negotiate("d€, fr;q=0.7, de;q=9"), Fr);
    }

    #[test]
    fn reads_at_most_32_entries() {
        let long = format!("{}de", "es, ".repeat(40));
        assert_eq!(Locale::negotiate(&long), En);
    }

    #[test]
    fn prefixes_pin_a_language() {
        assert_eq!(Locale::split_prefix("/de"), Some((De, "/")));
        assert_eq!(Locale::split_prefix("/de/"), Some((De, "/")));
        assert_eq!(
            Locale::split_prefix("/fr/cookie-policy"),
            Some((Fr, "/cookie-policy"))
        );
        assert_eq!(
            Locale::split_prefix("/en/settings"),
            Some((En, "/settings"))
        );
        for none in ["/", "/design", "/de-x", "/DE", "/cookie-policy", "", "de"] {
            assert_eq!(Locale::split_prefix(none), None, "{none}");
        }
        assert_eq!(De.pin("/"), "/de");
        assert_eq!(De.pin("/?saved=consent#saved"), "/de?saved=consent#saved");
        assert_eq!(Fr.pin("/settings?x=1"), "/fr/settings?x=1");
    }

    #[test]
    fn writes_dates_as_each_language_does() {
        let d = CalendarDate::new(2026, 4, 12).unwrap();
        assert_eq!(En.long_date(d), "April 12, 2026");
        assert_eq!(De.long_date(d), "12. April 2026");
        assert_eq!(Fr.long_date(d), "12 avril 2026");
        let first = CalendarDate::new(2026, 3, 1).unwrap();
        assert_eq!(De.long_date(first), "1. März 2026");
        assert_eq!(Fr.long_date(first), "1er mars 2026");
    }

    #[test]
    fn tags_round_trip() {
        for l in Locale::ALL {
            assert_eq!(Locale::from_tag(l.tag()), Some(l));
        }
        assert_eq!(Locale::from_tag("FR"), Some(Fr));
        assert_eq!(Locale::from_tag("es"), None);
    }

    proptest! {
        #[test]
        fn any_header_negotiates_without_panicking(s in "\\PC{0,200}") {
            let _ = Locale::negotiate(&s);
        }

        #[test]
        fn the_one_language_asked_for_is_given(l in 0usize..3, region in "[A-Z]{2}", q in 1u16..=1000) {
            let locale = Locale::ALL[l];
            let header = format!("xx, {}-{region};q={}.{:03}", locale.tag(), q / 1000, q % 1000);
            prop_assert_eq!(Locale::negotiate(&header), locale);
        }
    }
}
