//! Refusing cross-site posts (CSRF) for the consent server functions.

use http::{
    header::{HOST, ORIGIN, REFERER},
    HeaderMap,
};

/// Why a post was refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CrossSite(pub String);

/// Checks that a state-changing request comes from this site, as OWASP's CSRF cheat sheet
/// describes ("Fetch Metadata headers", then "Verifying Origin with standard headers"):
///
/// 1. `Sec-Fetch-Site`, which every current browser sends and no page can set or forge, decides
///    alone when present: `same-origin` passes, and so does `none` (the visitor's own action,
///    such as a bookmark), whatever `Origin` says. Behind a proxy or CDN that sends
///    `Referrer-Policy: no-referrer`, a browser's same-origin form post carries `Origin: null`
///    (Fetch standard, "append a request `Origin` header"), and it is still ours. `same-site`
///    (a sibling subdomain), `cross-site` and anything else are refused.
/// 2. Without it (an older browser), `Origin`, or without that `Referer`: its host must equal
///    the `Host` the request was sent to. `Origin: null` (a sandboxed frame, a `data:` URL, a
///    page with `Referrer-Policy: no-referrer`) is refused: without Fetch Metadata nothing shows
///    that it came from this site.
/// 3. A request with none of the three cannot be a browser page's post on another site, since
///    browsers send at least one with every post: it is let through (curl, monitoring,
///    server-side integrations).
///
/// Returns `Err(CrossSite)` with a message that names the header that gave the post away.
pub fn check(headers: &HeaderMap) -> Result<(), CrossSite> {
    if let Some(site) = headers.get("sec-fetch-site") {
        return match site.as_bytes() {
            b"same-origin" | b"none" => Ok(()),
            _ => Err(CrossSite(format!(
                "Sec-Fetch-Site says {:?}: cross-site posts are refused",
                String::from_utf8_lossy(site.as_bytes())
            ))),
        };
    }
    let host = headers.get(HOST).and_then(|v| v.to_str().ok());
    let (source, header) = match (headers.get(ORIGIN), headers.get(REFERER)) {
        (Some(origin), _) => (origin, "Origin"),
        (None, Some(referer)) => (referer, "Referer"),
        (None, None) => return Ok(()),
    };
    let source_host = source.to_str().ok().and_then(authority);
    match (source_host, host) {
        (Some(from), Some(to)) if from.eq_ignore_ascii_case(to) => Ok(()),
        _ => Err(CrossSite(format!(
            "{header} is not this site: cross-site posts are refused"
        ))),
    }
}

/// `host[:port]` of an absolute http(s) URL.
fn authority(url: &str) -> Option<&str> {
    let rest = url
        .strip_prefix("https://")
        .or_else(|| url.strip_prefix("http://"))?;
    let end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
    let authority = &rest[..end];
    // Credentials in the URL would let "site@evil" pass a naive comparison.
    (!authority.is_empty() && !authority.contains('@')).then_some(authority)
}

#[cfg(test)]
mod tests {
    use super::*;
    use http::HeaderValue;

    fn headers(pairs: &[(&'static str, &str)]) -> HeaderMap {
        let mut h = HeaderMap::new();
        for (k, v) in pairs {
            h.insert(*k, HeaderValue::from_str(v).unwrap());
        }
        h
    }

    #[test]
    fn same_origin_passes() {
        let h = headers(&[
            ("host", "127.0.0.1:3000"),
            ("origin", "http://127.0.0.1:3000"),
        ]);
        assert_eq!(check(&h), Ok(()));
        let h = headers(&[
            ("host", "leadsgen.app"),
            ("referer", "https://leadsgen.app/cookie-policy?x=1"),
        ]);
        assert_eq!(check(&h), Ok(()));
        assert_eq!(check(&headers(&[("host", "leadsgen.app")])), Ok(()));
    }

    #[test]
    fn other_sites_are_refused() {
        for (name, value) in [
            ("origin", "https://evil.example"),
            ("origin", "null"),
            ("origin", "http://leadsgen.app.evil.example"),
            ("referer", "https://evil.example/leadsgen.app"),
            ("referer", "https://leadsgen.app@evil.example/"),
            ("referer", "not a url"),
        ] {
            let h = headers(&[("host", "leadsgen.app"), (name, value)]);
            assert!(check(&h).is_err(), "{name}: {value}");
        }
        for site in ["cross-site", "same-site", "nonsense"] {
            let h = headers(&[("host", "leadsgen.app"), ("sec-fetch-site", site)]);
            assert!(check(&h).is_err(), "{site}");
        }
        // Fetch Metadata first: a same-origin post passes, with or without Origin.
        for site in ["same-origin", "none"] {
            let h = headers(&[("host", "leadsgen.app"), ("sec-fetch-site", site)]);
            assert_eq!(check(&h), Ok(()), "{site}");
        }
        // A cross-site page cannot make a browser send a wrong Origin with same-origin; only a
        // hand-written client can, and it could as well forge both.
        let h = headers(&[("origin", "https://leadsgen.app")]);
        assert!(check(&h).is_err(), "no Host to compare with");
    }

    /// Issue 19, item 7 (OWASP CSRF Prevention Cheat Sheet, "Fetch Metadata headers"):
    /// `Sec-Fetch-Site` decides alone when present; `Origin: null` counts against a post only
    /// without it.
    #[test]
    fn fetch_metadata_decides_whatever_origin_says() {
        for site in ["same-origin", "none"] {
            for origin in ["null", "https://evil.example", "https://leadsgen.app"] {
                let h = headers(&[
                    ("host", "leadsgen.app"),
                    ("sec-fetch-site", site),
                    ("origin", origin),
                ]);
                assert_eq!(check(&h), Ok(()), "{site} with Origin {origin}");
            }
        }
        for site in ["same-site", "cross-site"] {
            for origin in ["null", "https://leadsgen.app"] {
                let h = headers(&[
                    ("host", "leadsgen.app"),
                    ("sec-fetch-site", site),
                    ("origin", origin),
                ]);
                assert!(check(&h).is_err(), "{site} with Origin {origin}");
            }
        }
        let null_alone = headers(&[("host", "leadsgen.app"), ("origin", "null")]);
        assert!(
            check(&null_alone).is_err(),
            "Origin: null without Fetch Metadata"
        );
    }
}
