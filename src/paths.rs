//! The site's page paths, declared once. Links, forms' `return_to` and redirects use these;
//! the route table's `path!()` literals in `app.rs` must equal them (the macro needs literals),
//! and a router test checks that they do.

/// The home page.
pub const HOME: &str = "/";
/// The Cookie Policy.
pub const POLICY: &str = "/cookie-policy";
/// The consent preferences form, for visitors without JavaScript and as the permanent place to
/// change or withdraw consent.
pub const PREFERENCES: &str = "/cookie-preferences";
/// Account settings: the privacy switches and personalization.
pub const SETTINGS: &str = "/settings";

/// Every routed page, in the route table's order: what the page cache may keep
/// (`server::cached_pages`). A router test checks it against the route table.
pub const PAGES: [&str; 4] = [HOME, POLICY, PREFERENCES, SETTINGS];

/// The query parameter a plain form post comes back with, naming what it saved
/// (`consent`, `theme`, `sidebar`, `workspace`), so the page can confirm it without
/// JavaScript; the confirmation's element id is [`SAVED_ANCHOR`], and the location's fragment.
pub const SAVED_PARAM: &str = "saved";
/// See [`SAVED_PARAM`].
pub const SAVED_ANCHOR: &str = "saved";

/// The visitor's consent receipt: JSON, or with `?format=html` a page (`&lang=de` for its
/// language; `Accept-Language` without it).
pub const RECEIPT: &str = "/api/consent/receipt";

/// The canonical form of a request path, when `path` is not already canonical: each route has
/// one URL, and its variants redirect to it (308, the query kept).
///
/// In order: percent-escapes of unreserved characters (`A–Z a–z 0–9 - . _ ~`) are decoded
/// (RFC 3986 §6.2.2.2) and a stray `%` is escaped, repeated slashes collapse into one, `.`
/// and `..` segments are resolved (§5.2.4), trailing `index.html` segments go, and so does a
/// trailing slash (but for `/`). Other escapes, such as `%2F`, stay as they are. Returns `None` for a path that is
/// already canonical, or that is not path-absolute.
pub fn canonical(path: &str) -> Option<String> {
    if !path.starts_with('/') {
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
