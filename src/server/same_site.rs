//! Refusing cross-site posts (CSRF) for the consent server functions.

use http::{
    header::{HOST, ORIGIN, REFERER},
    HeaderMap,
};

/// Why a post was refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CrossSite(pub String);

/// Checks that a state-changing request comes from this site, as OWASP's CSRF cheat sheet
/// describes ("Fetch Metadata", then "Verifying Origin with standard headers"):
///
/// 1. `Sec-Fetch-Site`, which every current browser sends: `same-origin` passes, and `none`
///    (the visitor's own action, such as a bookmark); `same-site` (a sibling subdomain),
///    `cross-site` and anything else are refused.
/// 2. Then `Origin`, or without it `Referer`: its host must equal the `Host` the request was
///    sent to. `Origin: null` (a sandboxed frame, a page with `Referrer-Policy: no-referrer`,
///    a `data:` URL) is refused: nothing of this site posts from there.
/// 3. A request with none of the three cannot be a browser page's post on another site, since
///    browsers send at least one with every post: it is let through (curl, monitoring,
///    server-side integrations).
///
/// Returns `Err(CrossSite)` with a message that names the header that gave the post away.
pub fn check(headers: &HeaderMap) -> Result<(), CrossSite> {
    if let Some(site) = headers.get("sec-fetch-site") {
        if !matches!(site.as_bytes(), b"same-origin" | b"none") {
            return Err(CrossSite(format!(
                "Sec-Fetch-Site says {:?}: cross-site posts are refused",
                String::from_utf8_lossy(site.as_bytes())
            )));
        }
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
        let spoofed = headers(&[
            ("host", "leadsgen.app"),
            ("sec-fetch-site", "same-origin"),
            ("origin", "https://evil.example"),
        ]);
        assert!(check(&spoofed).is_err(), "both must agree");
        let h = headers(&[("origin", "https://leadsgen.app")]);
        assert!(check(&h).is_err(), "no Host to compare with");
    }
}
