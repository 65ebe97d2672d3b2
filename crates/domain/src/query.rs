//! Query strings, read one way everywhere: split at `&`, each pair's key and value decoded as
//! `application/x-www-form-urlencoded` (`%xx` and `+`), as browsers write them, by
//! `form_urlencoded`. So `?theme=%64ark` is `theme=dark` to the page, its forms and its
//! redirects alike. Pairs keep their raw text too, so that a query passed on stays as the
//! visitor wrote it.

use std::borrow::Cow;

use crate::paths::SAVED_PARAM;

/// One `key=value` pair of a query string.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Pair<'a> {
    /// The pair as written, e.g. `theme=%64ark`.
    pub raw: &'a str,
    /// The decoded key, e.g. `theme`.
    pub key: Cow<'a, str>,
    /// The decoded value, e.g. `dark` (empty for a pair without `=`).
    pub value: Cow<'a, str>,
}

/// The pairs of `query` (with or without its leading `?`), in order; empty pairs (`a=1&&b=2`)
/// are left out. Invalid UTF-8 after decoding becomes U+FFFD.
pub fn pairs(query: &str) -> impl Iterator<Item = Pair<'_>> {
    query
        .strip_prefix('?')
        .unwrap_or(query)
        .split('&')
        .filter(|raw| !raw.is_empty())
        .map(|raw| {
            let (key, value) = form_urlencoded::parse(raw.as_bytes())
                .next()
                .unwrap_or_default();
            Pair { raw, key, value }
        })
}

/// The decoded value of `key` in `query`: its first occurrence.
pub fn value<'a>(query: &'a str, key: &str) -> Option<Cow<'a, str>> {
    pairs(query).find(|p| p.key == key).map(|p| p.value)
}

/// The raw pairs of `query` whose key is not `key`, joined with `&` (empty when none is left).
pub fn without(query: &str, key: &str) -> String {
    pairs(query)
        .filter(|p| p.key != key)
        .map(|p| p.raw)
        .collect::<Vec<_>>()
        .join("&")
}

/// What a plain form post's confirmation says was saved (`?saved=consent`), if anything: the
/// one reading of [`SAVED_PARAM`].
pub fn saved_marker(query: &str) -> Option<Cow<'_, str>> {
    value(query, SAVED_PARAM)
}

/// `query` without the confirmation of the last post, so that it is not carried into the
/// next post or a language switch.
pub fn without_saved_marker(query: &str) -> String {
    without(query, SAVED_PARAM)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decodes_keys_and_values_and_keeps_the_raw_pair() {
        let p: Vec<_> = pairs("?theme=%64ark&&s%61ved=consent&x&a+b=c+d").collect();
        assert_eq!(p.len(), 4);
        assert_eq!((p[0].key.as_ref(), p[0].value.as_ref()), ("theme", "dark"));
        assert_eq!(p[0].raw, "theme=%64ark");
        assert_eq!(
            (p[1].key.as_ref(), p[1].value.as_ref()),
            ("saved", "consent")
        );
        assert_eq!((p[2].key.as_ref(), p[2].value.as_ref()), ("x", ""));
        assert_eq!((p[3].key.as_ref(), p[3].value.as_ref()), ("a b", "c d"));
        assert_eq!(value("theme=dark&theme=light", "theme").unwrap(), "dark");
    }

    #[test]
    fn the_saved_marker_is_read_and_dropped_by_one_rule() {
        for query in [
            "saved=consent",
            "?saved=consent",
            "s%61ved=consent",
            "a=1&saved=consent",
        ] {
            assert_eq!(saved_marker(query).unwrap(), "consent", "{query}");
        }
        assert_eq!(
            without_saved_marker("a=1&s%61ved=consent&b=%32"),
            "a=1&b=%32"
        );
        assert_eq!(without_saved_marker("saved=x"), "");
        assert!(saved_marker("unsaved=x").is_none());
    }
}
