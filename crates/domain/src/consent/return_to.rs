//! Where a plain form post comes back to: the `return_to` field, normalised once into a
//! same-origin, path-absolute, percent-encoded ASCII location, safe for a `Location` header.

use percent_encoding::percent_decode_str;

use crate::paths::{escape_location_part, is_local_location};

/// The longest location accepted, in bytes of its normalised (ASCII) form. The limit is on
/// what comes out, so that a location this returns is accepted again as it is.
pub const MAX_BYTES: usize = 4096;

/// Why a `return_to` was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct NotLocal;

/// Normalises a `return_to` value into the location to send a plain form post back to.
///
/// The value must be a path on this site: it starts with `/`, but not `//` or `/\` (which
/// browsers read as another host) and has no control character or backslash. What is not
/// ASCII-safe is percent-encoded as UTF-8 (valid escapes already there are kept), so the
/// result is plain ASCII and percent-decodes to the same path, query and fragment as the
/// input; it is at most [`MAX_BYTES`] long, and normalising it again changes nothing.
/// Anything else is `Err(NotLocal)`.
pub fn normalize(input: &str) -> Result<String, NotLocal> {
    let local = input.starts_with('/') && !input.starts_with("//") && !input.starts_with("/\\");
    let clean = !input.chars().any(|c| c.is_control() || c == '\\');
    if !local || !clean || input.len() > 4 * MAX_BYTES {
        return Err(NotLocal);
    }
    let (rest, fragment) = match input.split_once('#') {
        Some((rest, fragment)) => (rest, Some(fragment)),
        None => (input, None),
    };
    let (path, query) = match rest.split_once('?') {
        Some((path, query)) => (path, Some(query)),
        None => (rest, None),
    };
    let mut out = escape_location_part(path);
    if let Some(q) = query {
        out.push('?');
        out.push_str(&escape_location_part(q));
    }
    if let Some(f) = fragment {
        out.push('#');
        out.push_str(&escape_location_part(f));
    }
    if out.len() > MAX_BYTES || !is_local_location(&out) {
        return Err(NotLocal);
    }
    Ok(out)
}

/// `location` (a [`normalize`]d one) with `key=value` in its query, replacing any earlier
/// `key`, and `#fragment`, replacing any earlier fragment: how a plain form post comes back to
/// the confirmation of what it saved (`?saved=consent#saved`). `key`, `value` and `fragment`
/// are plain ASCII words.
pub fn with_marker(location: &str, key: &str, value: &str, fragment: &str) -> String {
    let without_fragment = location.split('#').next().unwrap_or(location);
    format!("{}#{fragment}", with_param(without_fragment, key, value))
}

/// `location` (a path, query and fragment, each optional but the path) with `key=value` in its
/// query string, in place of any earlier value of `key`, and its fragment kept last:
/// `/settings?theme=dark#top`, `theme`, `light` → `/settings?theme=light#top`. `key` and
/// `value` are plain ASCII words.
pub fn with_param(location: &str, key: &str, value: &str) -> String {
    with_escaped_param(location, key, value)
}

/// [`with_param`] for any `value`: it is percent-encoded as a form value
/// (`application/x-www-form-urlencoded`), so a location can carry another location:
/// `/sign-in`, `return_to`, `/settings?theme=dark` → `/sign-in?return_to=%2Fsettings%3Ftheme%3Ddark`.
pub fn with_location_param(location: &str, key: &str, value: &str) -> String {
    let escaped: String = form_urlencoded::byte_serialize(value.as_bytes()).collect();
    with_escaped_param(location, key, &escaped)
}

fn with_escaped_param(location: &str, key: &str, value: &str) -> String {
    let (rest, fragment) = match location.split_once('#') {
        Some((rest, fragment)) => (rest, Some(fragment)),
        None => (location, None),
    };
    let (base, query) = rest.split_once('?').unwrap_or((rest, ""));
    let kept = crate::paths::query_without(query, key);
    let mut out = if kept.is_empty() {
        format!("{base}?{key}={value}")
    } else {
        format!("{base}?{kept}&{key}={value}")
    };
    if let Some(fragment) = fragment {
        out.push('#');
        out.push_str(fragment);
    }
    out
}

/// The bytes `text` stands for once its escapes are decoded.
pub fn decoded(text: &str) -> Vec<u8> {
    percent_decode_str(text).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_location_param_is_escaped_and_reads_back() {
        let out = with_location_param("/sign-in#x", "return_to", "/settings?theme=dark&a=1");
        assert_eq!(
            out,
            "/sign-in?return_to=%2Fsettings%3Ftheme%3Ddark%26a%3D1#x"
        );
        let query = out.split_once('?').unwrap().1.split('#').next().unwrap();
        assert_eq!(
            crate::paths::query_value(query, "return_to").as_deref(),
            Some("/settings?theme=dark&a=1")
        );
        assert_eq!(normalize(&out).as_deref(), Ok(out.as_str()));
    }
    use proptest::prelude::*;

    #[test]
    fn keeps_plain_paths_and_encodes_the_rest() {
        for same in [
            "/",
            "/cookie-policy",
            "/a/b?c=d#e",
            "/settings?theme=dark&x=%41",
        ] {
            assert_eq!(normalize(same).as_deref(), Ok(same));
        }
        assert_eq!(
            normalize("/cookie-policy?q=été").as_deref(),
            Ok("/cookie-policy?q=%C3%A9t%C3%A9")
        );
        assert_eq!(normalize("/a b?c d").as_deref(), Ok("/a%20b?c%20d"));
        assert_eq!(normalize("/100%?x=%zz").as_deref(), Ok("/100%25?x=%25zz"));
        assert_eq!(normalize("/ü#ß").as_deref(), Ok("/%C3%BC#%C3%9F"));
        assert_eq!(normalize("/\"<x>\"").as_deref(), Ok("/%22%3Cx%3E%22"));
    }

    #[test]
    fn a_marker_replaces_an_earlier_one_and_the_fragment() {
        assert_eq!(
            with_marker("/settings", "saved", "consent", "saved"),
            "/settings?saved=consent#saved"
        );
        assert_eq!(
            with_marker("/settings?saved=theme&x=1#top", "saved", "consent", "saved"),
            "/settings?x=1&saved=consent#saved"
        );
    }

    /// Found by trying to break the site (issue 19's round): a page-only setting went into the
    /// fragment (`/#x?theme=dark`), where the page never sees it.
    #[test]
    fn a_param_goes_into_the_query_before_the_fragment() {
        assert_eq!(with_param("/#x", "theme", "dark"), "/?theme=dark#x");
        assert_eq!(
            with_param("/settings?theme=light&a=1#top", "theme", "dark"),
            "/settings?a=1&theme=dark#top"
        );
        assert_eq!(
            with_param("/settings", "theme", "dark"),
            "/settings?theme=dark"
        );
    }

    #[test]
    fn refuses_what_leaves_the_site() {
        for bad in [
            "",
            "cookie-policy",
            "//evil.example",
            "/\\evil.example",
            "https://evil.example/",
            "/a\nb",
            "/\t/evil.example",
            "/a\\b",
        ] {
            assert_eq!(normalize(bad), Err(NotLocal), "{bad:?}");
        }
        assert_eq!(
            normalize(&format!("/{}", "a".repeat(MAX_BYTES))),
            Err(NotLocal)
        );
        assert!(normalize(&format!("/{}", "a".repeat(MAX_BYTES - 1))).is_ok());
        // "é" is six bytes once percent-encoded ("%C3%A9"): the limit is on what is sent.
        assert!(normalize(&format!("/{}", "é".repeat(MAX_BYTES / 6 - 1))).is_ok());
        assert_eq!(
            normalize(&format!("/{}", "é".repeat(MAX_BYTES / 6 + 1))),
            Err(NotLocal)
        );
    }

    proptest! {
        #[test]
        fn any_input_is_refused_or_becomes_a_safe_location_with_the_same_meaning(s in "\\PC{0,80}|/\\PC{0,80}|/[%a-f0-9?#/ é]{0,40}") {
            if let Ok(location) = normalize(&s) {
                prop_assert!(location.is_ascii(), "{location}");
                prop_assert!(location.bytes().all(|b| b.is_ascii_graphic()), "{location}");
                prop_assert!(location.starts_with('/'));
                prop_assert!(!location.starts_with("//") && !location.starts_with("/\\"));
                prop_assert!(http_header_value_is_valid(&location));
                prop_assert_eq!(decoded(&location), decoded(&s));
                prop_assert_eq!(normalize(&location), Ok(location.clone()));
            }
        }

        #[test]
        fn arbitrary_bytes_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..300)) {
            let _ = normalize(&String::from_utf8_lossy(&bytes));
        }
    }

    /// What `http::HeaderValue::from_str` accepts for a value that is to stay ASCII: visible
    /// characters and spaces, no controls.
    fn http_header_value_is_valid(v: &str) -> bool {
        v.bytes().all(|b| b == b'\t' || (0x20..0x7f).contains(&b))
    }
}
