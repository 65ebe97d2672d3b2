//! Refusing cross-site posts (CSRF) for the consent server functions.

use http::{
    header::{HOST, ORIGIN, REFERER},
    HeaderMap,
};

/// Why a post was refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CrossSite(pub String);

/// Checks that a state-changing request comes from this site.
///
/// Browsers send `Origin` (or at least `Referer`) with every form post and fetch, so a
/// cross-site page cannot hide where it posts from. The host in them must equal the `Host`
/// the request was sent to. A request with neither header cannot come from a browser page on
/// another site, so it is let through (curl, monitoring).
pub fn check(headers: &HeaderMap) -> Result<(), CrossSite> {
    if headers
        .get("sec-fetch-site")
        .is_some_and(|v| v.as_bytes() == b"cross-site")
    {
        return Err(CrossSite("cross-site request refused".into()));
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
        let h = headers(&[("host", "leadsgen.app"), ("sec-fetch-site", "cross-site")]);
        assert!(check(&h).is_err());
        let h = headers(&[("origin", "https://leadsgen.app")]);
        assert!(check(&h).is_err(), "no Host to compare with");
    }
}
