//! The request's `Cookie` header, read as the bytes browsers send (RFC 6265 §5.4): pairs
//! separated by `;`, each `name=value`.
//!
//! A browser sends every cookie of the host in one header, those of other apps on the same
//! domain included, and their values may hold any byte. So the header is never read as one
//! string: a pair that cannot be read (no `=`, no name, bytes that are not UTF-8) is skipped,
//! and every other pair is still found. One foreign cookie with a byte such as `0xE9` must not
//! hide `cookie-consent` and bring the banner back.

/// The `(name, value)` pairs of a `Cookie` header value, in the order sent, with the optional
/// white space (space and tab) around names and values trimmed. A pair without `=`, with an
/// empty name, or whose name or value is not UTF-8 is skipped; nothing else is.
pub fn pairs(header: &[u8]) -> impl Iterator<Item = (&str, &str)> {
    header.split(|&b| b == b';').filter_map(|pair| {
        let eq = pair.iter().position(|&b| b == b'=')?;
        let name = std::str::from_utf8(trim(&pair[..eq])).ok()?;
        let value = std::str::from_utf8(trim(&pair[eq + 1..])).ok()?;
        (!name.is_empty()).then_some((name, value))
    })
}

/// The values of every pair called `name` in a `Cookie` header value, in the order sent. A host
/// may hold several cookies of one name (another path or domain): the caller decides which
/// counts, e.g. the first whose signature verifies.
pub fn values<'a>(header: &'a [u8], name: &'a str) -> impl Iterator<Item = &'a str> {
    pairs(header)
        .filter(move |(n, _)| *n == name)
        .map(|(_, v)| v)
}

/// `bytes` without leading and trailing spaces and tabs (RFC 7230 OWS).
fn trim(bytes: &[u8]) -> &[u8] {
    let ows = |b: &u8| *b == b' ' || *b == b'\t';
    let start = bytes.iter().position(|b| !ows(b)).unwrap_or(bytes.len());
    let end = bytes.iter().rposition(|b| !ows(b)).map_or(start, |i| i + 1);
    &bytes[start..end]
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn reads_every_pair_in_order() {
        let got: Vec<_> = pairs(b"a=1; b = 2 ;c=;\td=x=y").collect();
        assert_eq!(got, [("a", "1"), ("b", "2"), ("c", ""), ("d", "x=y")]);
    }

    /// Issue 19, item 2: one unreadable pair used to drop the whole header.
    #[test]
    fn a_foreign_pair_with_any_bytes_hides_nothing_else() {
        let header = b"other-app=caf\xe9; cookie-consent=v1.abc; theme=dark; bad=\xff\xfe";
        assert_eq!(
            values(header, "cookie-consent").collect::<Vec<_>>(),
            ["v1.abc"]
        );
        assert_eq!(values(header, "theme").collect::<Vec<_>>(), ["dark"]);
        assert_eq!(values(header, "other-app").count(), 0, "not UTF-8: skipped");
        let utf8 = "x=é; cookie-consent=v1.abc".as_bytes();
        assert_eq!(
            values(utf8, "cookie-consent").collect::<Vec<_>>(),
            ["v1.abc"]
        );
    }

    #[test]
    fn skips_pairs_without_a_name_or_an_equals_sign() {
        let got: Vec<_> = pairs(b"=x; novalue; ; a=1;;").collect();
        assert_eq!(got, [("a", "1")]);
        assert_eq!(pairs(b"").count(), 0);
    }

    #[test]
    fn finds_every_value_of_a_name() {
        let header = b"cookie-consent=old; x=1; cookie-consent=new";
        assert_eq!(
            values(header, "cookie-consent").collect::<Vec<_>>(),
            ["old", "new"]
        );
    }

    proptest! {
        #[test]
        fn any_bytes_give_named_pairs_without_separators(
            header in proptest::collection::vec(any::<u8>(), 0..300),
        ) {
            for (name, value) in pairs(&header) {
                prop_assert!(!name.is_empty());
                prop_assert!(!name.contains(';') && !value.contains(';'));
                prop_assert!(name.trim_matches([' ', '\t']) == name);
            }
        }

        #[test]
        fn a_pair_between_separators_is_always_found(
            before in proptest::collection::vec(any::<u8>(), 0..120),
            after in proptest::collection::vec(any::<u8>(), 0..120),
        ) {
            let mut header = before.clone();
            header.extend_from_slice(b"; cookie-consent=v1.Zm9v; ");
            header.extend_from_slice(&after);
            prop_assert!(values(&header, "cookie-consent").any(|v| v == "v1.Zm9v"));
        }
    }
}
