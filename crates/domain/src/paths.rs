//! The site's URLs: its page paths, declared once; the rules for what a `Location` may say;
//! and query strings, read one way ([`query_pairs`]). Links, forms' `return_to` and redirects
//! use these; the route table's `path!()` literals in `app.rs` must equal the paths (the macro
//! needs literals), and a router test checks that they do.

use std::borrow::Cow;

use percent_encoding::{utf8_percent_encode, AsciiSet, CONTROLS};

/// The home page.
pub const HOME: &str = "/";
/// The Cookie Policy.
pub const POLICY: &str = "/cookie-policy";
/// The consent preferences form, for visitors without JavaScript and as the permanent place to
/// change or withdraw consent.
pub const PREFERENCES: &str = "/cookie-preferences";
/// Account settings: the privacy switches and personalization.
pub const SETTINGS: &str = "/settings";

/// Signing in: e-mail and password.
pub const SIGN_IN: &str = "/sign-in";
/// Creating an account.
pub const SIGN_UP: &str = "/sign-up";

/// Every routed page, in the route table's order. A router test checks it against the route
/// table.
pub const PAGES: [&str; 6] = [HOME, POLICY, PREFERENCES, SETTINGS, SIGN_IN, SIGN_UP];
/// The pages the page cache may keep (`server::cached_pages`): every page but those that set
/// a cookie of their own on every answer (the sign-in pages' `next-auth.csrf-token`).
pub const CACHED_PAGES: [&str; 4] = [HOME, POLICY, PREFERENCES, SETTINGS];

/// The query parameter a plain form post comes back with, naming what it saved
/// (`consent`, `theme`, `sidebar`, `workspace`), so the page can confirm it without
/// JavaScript; the confirmation's element id is [`SAVED_ANCHOR`], and the location's fragment.
pub const SAVED_PARAM: &str = "saved";
/// See [`SAVED_PARAM`].
pub const SAVED_ANCHOR: &str = "saved";

/// The prefixes of what is not a page: the server functions and the receipt (`/api/`), the
/// built site (`/pkg/`), the admin view and the health check. A language prefix is not taken
/// off them, so `/de/api/…` stays an unknown page (404), never a second address of the API.
pub const NOT_PAGES: [&str; 4] = ["/api/", "/pkg/", "/admin", "/healthz"];

/// The visitor's consent receipt: JSON, or with `?format=html` a page (`&lang=de` for its
/// language; `Accept-Language` without it).
pub const RECEIPT: &str = "/api/consent/receipt";

/// The site's public origin, `scheme://host[:port]` with no trailing slash (e.g.
/// `https://leadsgen.app`): what every absolute URL the site writes starts with (the hreflang
/// alternates, the canonical link, a receipt's policy URL). Configured as
/// `LEADSGEN_PUBLIC_ORIGIN`, which the server checks with a WHATWG URL parser at start;
/// without it, the listen address (`http://127.0.0.1:3000` under `make run`). Never taken from
/// a request's `Host` header, which the client writes.
///
/// Cheap to clone (shared), since every request's context holds it.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct PublicOrigin(std::sync::Arc<str>);

impl PublicOrigin {
    /// `origin` as it is: the caller has checked that it is the ASCII serialization of an
    /// http(s) origin (the server's configuration does).
    pub fn new(origin: String) -> Self {
        PublicOrigin(origin.into())
    }

    /// The origin, e.g. `https://leadsgen.app`.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The absolute URL of `path` (a site path, with any query, starting with `/`) on this
    /// origin: `/de/cookie-policy` → `https://leadsgen.app/de/cookie-policy`.
    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.0)
    }
}

/// `http://127.0.0.1:3000`: the origin of `make run`'s default listen address, for a render
/// outside a request (a unit test of a view).
impl Default for PublicOrigin {
    fn default() -> Self {
        PublicOrigin::new("http://127.0.0.1:3000".into())
    }
}

/// Bytes escaped in a location's path, query and fragment, beyond controls and non-ASCII: what
/// RFC 3986 does not allow there, plus `%` (a valid escape already there is copied first, see
/// [`escape_location_part`]) and `\`, which the WHATWG URL standard reads as `/`.
const UNSAFE: &AsciiSet = &CONTROLS
    .add(b' ')
    .add(b'"')
    .add(b'<')
    .add(b'>')
    .add(b'\\')
    .add(b'^')
    .add(b'`')
    .add(b'{')
    .add(b'|')
    .add(b'}')
    .add(b'%')
    .add(b'[')
    .add(b']');

/// Whether a browser that follows `location` as a `Location` header stays on this site:
/// `location` is a path-absolute reference (`/…`, RFC 3986 §4.2) of visible ASCII only.
///
/// What a WHATWG URL parser (the one browsers use) would read as another host is `false`:
/// `//host`, `/\host` (the standard reads `\` as `/` in http(s) URLs), and anything with a
/// space, tab, newline or other control (the parser drops tabs and newlines, so `/\t/host` is
/// `//host`). A backslash anywhere is refused too, so no `\` ever reaches a `Location`.
/// Every `Location` this server writes passes this check (`server::redirects`).
pub fn is_local_location(location: &str) -> bool {
    let bytes = location.as_bytes();
    bytes.first() == Some(&b'/')
        && bytes.get(1) != Some(&b'/')
        && bytes.iter().all(|&b| b.is_ascii_graphic() && b != b'\\')
}

/// `text` percent-encoded as UTF-8 wherever it is not safe in a location (controls, spaces,
/// `\`, non-ASCII and the like), keeping every valid `%XX` escape as it is and escaping a `%`
/// that starts none as `%25`. What comes out is visible ASCII and percent-decodes to the same
/// bytes as `text`.
pub fn escape_location_part(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = rest.find('%') {
        out.extend(utf8_percent_encode(&rest[..at], UNSAFE));
        let escape = &rest[at..];
        if starts_escape(escape.as_bytes()) {
            out.push_str(&escape[..3]);
            rest = &escape[3..];
        } else {
            out.push_str("%25");
            rest = &escape[1..];
        }
    }
    out.extend(utf8_percent_encode(rest, UNSAFE));
    out
}

/// Where a request for `path` (with `query`, as it came) is redirected: its [canonical]
/// path, with the query kept and escaped where it is unsafe ([`escape_location_part`]). `None`
/// when `path` is already canonical, or when it must not be redirected at all: a path with a
/// backslash or a control character goes on as it is (to a 404) instead of being turned into a
/// location.
/// Whatever this returns passes [`is_local_location`].
pub fn redirect_for(path: &str, query: Option<&str>) -> Option<String> {
    let path = canonical(path)?;
    let location = match query {
        Some(query) => format!("{path}?{}", escape_location_part(query)),
        None => path,
    };
    is_local_location(&location).then_some(location)
}

/// The canonical form of a request path, when `path` is not already canonical: each route has
/// one URL, and its variants redirect to it (308, the query kept, see [`redirect_for`]).
///
/// In order: percent-escapes of unreserved characters (`A–Z a–z 0–9 - . _ ~`) are decoded
/// (RFC 3986 §6.2.2.2) and a stray `%` is escaped, repeated slashes collapse into one, `.`
/// and `..` segments are resolved (§5.2.4), trailing `index.html` segments go, and so does a
/// trailing slash (but for `/`). Other escapes, such as `%2F`, stay as they are. Returns `None`
/// for a path that is already canonical, that is not path-absolute, or that holds a backslash or
/// a control character: browsers read `\` as `/`, so such a path has no canonical form on
/// this site.
pub fn canonical(path: &str) -> Option<String> {
    if !path.starts_with('/') || path.bytes().any(|b| b == b'\\' || b.is_ascii_control()) {
        return None;
    }
    let decoded = decode_unreserved(path);
    let mut segments: Vec<&str> = Vec::new();
    for segment in decoded.split('/').filter(|s| !s.is_empty()) {
        match segment {
            "." => {}
            ".." => {
                segments.pop();
            }
            s => segments.push(s),
        }
    }
    // All of them: one removed at a time, `/a/index.html/index.html` would take two redirects.
    while segments.last() == Some(&"index.html") {
        segments.pop();
    }
    let canonical = format!("/{}", segments.join("/"));
    (canonical != path).then_some(canonical)
}

/// Whether `bytes` starts with `%` and two hex digits.
fn starts_escape(bytes: &[u8]) -> bool {
    bytes.len() >= 3 && bytes[1].is_ascii_hexdigit() && bytes[2].is_ascii_hexdigit()
}

/// `path` with escapes of unreserved characters decoded, other escapes kept as they are, and a
/// `%` that starts no escape escaped as `%25`.
fn decode_unreserved(path: &str) -> String {
    let bytes = path.as_bytes();
    let mut out = String::with_capacity(path.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' && i + 2 < bytes.len() {
            let hex = &bytes[i + 1..i + 3];
            let value = hex
                .iter()
                .all(u8::is_ascii_hexdigit)
                .then(|| std::str::from_utf8(hex).ok())
                .flatten()
                .and_then(|h| u8::from_str_radix(h, 16).ok());
            if let Some(b) = value {
                if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~') {
                    out.push(b as char);
                    i += 3;
                    continue;
                }
            }
        }
        if bytes[i] == b'%' && !starts_escape(&bytes[i..]) {
            // A stray `%` is escaped itself: left bare, it could make a new escape with what
            // decoding puts after it ("%6%63" → "%6c"), and the path would never settle.
            out.push_str("%25");
            i += 1;
            continue;
        }
        let c = path[i..].chars().next().expect("a char at a char boundary");
        out.push(c);
        i += c.len_utf8();
    }
    out
}

// Query strings, read one way everywhere: split at `&`, each pair's key and value decoded as
// `application/x-www-form-urlencoded` (`%xx` and `+`), as browsers write them, by
// `form_urlencoded`. So `?theme=%64ark` is `theme=dark` to the page, its forms and its
// redirects alike. Pairs keep their raw text too, so that a query passed on stays as the
// visitor wrote it.

/// One `key=value` pair of a query string.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QueryPair<'a> {
    /// The pair as written, e.g. `theme=%64ark`.
    pub raw: &'a str,
    /// The decoded key, e.g. `theme`.
    pub key: Cow<'a, str>,
    /// The decoded value, e.g. `dark` (empty for a pair without `=`).
    pub value: Cow<'a, str>,
}

/// The pairs of `query` (with or without its leading `?`), in order; empty pairs (`a=1&&b=2`)
/// are left out. Invalid UTF-8 after decoding becomes U+FFFD.
pub fn query_pairs(query: &str) -> impl Iterator<Item = QueryPair<'_>> {
    query
        .strip_prefix('?')
        .unwrap_or(query)
        .split('&')
        .filter(|raw| !raw.is_empty())
        .map(|raw| {
            let (key, value) = form_urlencoded::parse(raw.as_bytes())
                .next()
                .unwrap_or_default();
            QueryPair { raw, key, value }
        })
}

/// The decoded value of `key` in `query`: its first occurrence.
pub fn query_value<'a>(query: &'a str, key: &str) -> Option<Cow<'a, str>> {
    query_pairs(query).find(|p| p.key == key).map(|p| p.value)
}

/// The raw pairs of `query` whose key is not `key`, joined with `&` (empty when none is left).
pub fn query_without(query: &str, key: &str) -> String {
    query_pairs(query)
        .filter(|p| p.key != key)
        .map(|p| p.raw)
        .collect::<Vec<_>>()
        .join("&")
}

/// What a plain form post's confirmation says was saved (`?saved=consent`), if anything: the
/// one reading of [`SAVED_PARAM`].
pub fn saved_marker(query: &str) -> Option<Cow<'_, str>> {
    query_value(query, SAVED_PARAM)
}

/// `query` without the confirmation of the last post, so that it is not carried into the
/// next post or a language switch.
pub fn without_saved_marker(query: &str) -> String {
    query_without(query, SAVED_PARAM)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #[test]
        fn a_canonical_path_is_canonical_and_stays_on_this_site(
            path in "/(([a-z.!~]|%[0-9a-fA-F]{0,2}|/|index\\.html|\\.\\.?){0,12})"
        ) {
            if let Some(target) = canonical(&path) {
                prop_assert!(target.starts_with('/') && !target.starts_with("//"), "{}", target);
                prop_assert_eq!(canonical(&target), None, "{} -> {}", path, target);
            }
        }
    }

    /// Where a browser that follows `location` from a page of `https://leadsgen.app` lands, as
    /// the WHATWG URL standard resolves it.
    fn followed(location: &str) -> url::Url {
        url::Url::parse("https://leadsgen.app/cookie-policy")
            .unwrap()
            .join(location)
            .unwrap_or_else(|e| panic!("{location:?} does not resolve: {e}"))
    }

    fn stays_on_the_site(location: &str) -> bool {
        followed(location).origin() == url::Url::parse("https://leadsgen.app/").unwrap().origin()
    }

    proptest! {
        /// Issue 19, item 1: any request path and query, redirected or not, never yields a
        /// `Location` that a browser resolves to another origin.
        #[test]
        fn a_redirect_never_leaves_the_site(
            path in "/([a-z./\\\\%\t\n\r@:]|%5[cC]|%2[fFeE]|%0[9aAdD]){0,16}",
            query in proptest::option::of("[a-z=&/\\\\\t ?#%@:é]{0,12}"),
        ) {
            // The canonical path itself, before the final check that redirect_for applies:
            // a rule that made `//host` would show here, not be silently dropped.
            if let Some(canonical) = canonical(&path) {
                prop_assert!(stays_on_the_site(&canonical), "{:?} -> {:?}", path, canonical);
                prop_assert!(!path.contains('\\'), "{:?} has a canonical form", path);
            }
            if let Some(location) = redirect_for(&path, query.as_deref()) {
                prop_assert!(stays_on_the_site(&location), "{:?} -> {:?}", path, location);
            }
        }

        /// Whatever `is_local_location` accepts, a browser resolves on this site.
        #[test]
        fn a_local_location_resolves_on_this_site(location in "[\\x00-\\x7f]{0,24}|/[\\x00-\\x7f]{0,24}|/[/\\\\a-z.@:\t%?#]{0,12}") {
            if is_local_location(&location) {
                prop_assert!(stays_on_the_site(&location), "{:?}", location);
            }
        }
    }

    #[test]
    fn backslashes_and_controls_are_never_redirected() {
        for path in [
            "/\\evil.example/",
            "/./\\evil.example",
            "/\\evil.example",
            "/a/..\\evil.example/",
            "//\\evil.example/",
            "/\t/evil.example/",
            "/a\nb/",
            "/cookie-policy\\",
        ] {
            assert_eq!(canonical(path), None, "{path:?}");
            assert_eq!(redirect_for(path, Some("x=1")), None, "{path:?}");
        }
        // The browser resolves the value the old rule wrote to another site.
        assert!(!stays_on_the_site("/\\evil.example"));
    }

    #[test]
    fn a_location_is_a_path_of_visible_ascii_without_a_backslash() {
        for good in [
            "/",
            "/cookie-policy",
            "/a?b=c#d",
            "/de/settings?saved=consent#saved",
        ] {
            assert!(is_local_location(good), "{good}");
            assert!(stays_on_the_site(good), "{good}");
        }
        for bad in [
            "",
            "cookie-policy",
            "//evil.example",
            "/\\evil.example",
            "\\/evil.example",
            "/\t/evil.example",
            "/\n/evil.example",
            " /evil",
            "/a b",
            "/é",
            "https://evil.example/",
            "http:evil.example",
        ] {
            assert!(!is_local_location(bad), "{bad:?}");
        }
        // Refused, and rightly: each of these leaves the site in a browser.
        for leaves in [
            "//evil.example",
            "/\\evil.example",
            "/\t/evil.example",
            "https://evil.example/",
        ] {
            assert!(!stays_on_the_site(leaves), "{leaves:?}");
        }
    }

    #[test]
    fn a_redirect_keeps_the_query_escaped_where_unsafe() {
        assert_eq!(
            redirect_for("/settings/", Some("theme=dark")).as_deref(),
            Some("/settings?theme=dark")
        );
        assert_eq!(
            redirect_for("/settings/", Some("q=a\\b c%zz%41")).as_deref(),
            Some("/settings?q=a%5Cb%20c%25zz%41")
        );
        assert_eq!(redirect_for("/settings", Some("x=1")), None);
    }

    #[test]
    fn canonical_paths_stay_and_variants_have_one_canonical_form() {
        for same in [
            HOME,
            POLICY,
            PREFERENCES,
            SETTINGS,
            "/pkg/leadsgen.js",
            "/a%2Fb",
            "/nope",
        ] {
            assert_eq!(canonical(same), None, "{same}");
        }
        for (variant, expected) in [
            ("/cookie-policy/", "/cookie-policy"),
            ("//cookie-policy", "/cookie-policy"),
            ("///settings//", "/settings"),
            ("/index.html", "/"),
            ("/cookie-policy/index.html", "/cookie-policy"),
            ("/cookie%2Dpolicy", "/cookie-policy"),
            ("/%63ookie-policy", "/cookie-policy"),
            ("/a/../cookie-policy", "/cookie-policy"),
            ("/./settings", "/settings"),
            ("/../../settings", "/settings"),
            ("/%2E%2E/settings", "/settings"),
            ("//", "/"),
        ] {
            assert_eq!(canonical(variant).as_deref(), Some(expected), "{variant}");
            assert_eq!(canonical(expected), None, "{expected} is canonical");
        }
        assert_eq!(canonical("cookie-policy"), None);
        assert_eq!(canonical("/%").as_deref(), Some("/%25"));
        assert_eq!(canonical("/%4").as_deref(), Some("/%254"));
        assert_eq!(canonical("/é/"), Some("/é".into()));
    }

    /// Found by the fuzzer (fuzz/artifacts/paths/crash-67004ceb…): decoding "%63" after a
    /// stray "%6" made a new escape, "%6c", so the canonical path was not final.
    #[test]
    fn a_canonical_path_is_final() {
        let found = "/%6%63okie%2Dpo3okie%2Dpolicy";
        let once = canonical(found).unwrap();
        assert_eq!(once, "/%256cokie-po3okie-policy");
        assert_eq!(canonical(&once), None);
    }

    /// Found by the fuzzer (fuzz/artifacts/paths/crash-bc34c50c…): only the last of several
    /// trailing `index.html` segments went, so a second redirect followed the first.
    #[test]
    fn every_trailing_index_html_goes_at_once() {
        assert_eq!(canonical("/index.html/index.html").as_deref(), Some("/"));
        assert_eq!(
            canonical("/a/..!/settings//index.html/index.html").as_deref(),
            Some("/a/..!/settings")
        );
        assert_eq!(canonical("/a/..!/settings"), None);
    }
}

#[cfg(test)]
mod query_tests {
    use super::*;

    #[test]
    fn decodes_keys_and_values_and_keeps_the_raw_pair() {
        let p: Vec<_> = query_pairs("?theme=%64ark&&s%61ved=consent&x&a+b=c+d").collect();
        assert_eq!(p.len(), 4);
        assert_eq!((p[0].key.as_ref(), p[0].value.as_ref()), ("theme", "dark"));
        assert_eq!(p[0].raw, "theme=%64ark");
        assert_eq!(
            (p[1].key.as_ref(), p[1].value.as_ref()),
            ("saved", "consent")
        );
        assert_eq!((p[2].key.as_ref(), p[2].value.as_ref()), ("x", ""));
        assert_eq!((p[3].key.as_ref(), p[3].value.as_ref()), ("a b", "c d"));
        assert_eq!(
            query_value("theme=dark&theme=light", "theme").unwrap(),
            "dark"
        );
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
