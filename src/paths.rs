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

/// The query parameter a plain form post comes back with, naming what it saved
/// (`consent`, `theme`, `sidebar`, `workspace`), so the page can confirm it without
/// JavaScript; the confirmation's element id is [`SAVED_ANCHOR`], and the location's fragment.
pub const SAVED_PARAM: &str = "saved";
/// See [`SAVED_PARAM`].
pub const SAVED_ANCHOR: &str = "saved";

/// The canonical form of a request path, when `path` is not already canonical: each route has
/// one URL, and its variants redirect to it (308, the query kept).
///
/// In order: percent-escapes of unreserved characters (`A–Z a–z 0–9 - . _ ~`) are decoded
/// (RFC 3986 §6.2.2.2), repeated slashes collapse into one, `.` and `..` segments are
/// resolved (§5.2.4), a trailing `index.html` goes, and so does a trailing slash (but for
/// `/`). Other escapes, such as `%2F`, stay as they are. Returns `None` for a path that is
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
    if segments.last() == Some(&"index.html") {
        segments.pop();
    }
    let canonical = format!("/{}", segments.join("/"));
    (canonical != path).then_some(canonical)
}

/// `path` with escapes of unreserved characters decoded; other escapes kept as they are.
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
        let c = path[i..].chars().next().expect("a char at a char boundary");
        out.push(c);
        i += c.len_utf8();
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

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
        assert_eq!(canonical("/%"), None);
        assert_eq!(canonical("/%4"), None);
        assert_eq!(canonical("/é/"), Some("/é".into()));
    }
}
