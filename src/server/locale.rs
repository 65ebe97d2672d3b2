//! Which language a request gets, decided before routing: a `/de/…`, `/fr/…` or `/en/…`
//! prefix pins it (and is taken off, so one route serves every language); any other page
//! negotiates it from `Accept-Language`. Pages answer with `Content-Language`, and a
//! negotiated page adds `Accept-Language` to `Vary`. No cookie remembers the choice: the URL
//! is the choice.

use axum::{extract::Request, middleware::Next, response::Response};
use http::{
    header::{ACCEPT_LANGUAGE, CONTENT_LANGUAGE, VARY},
    HeaderMap, HeaderValue, Uri,
};

use crate::i18n::{Locale, PageLocale};
use crate::paths;

/// The request's `Accept-Language` value; empty when it is absent or not text.
pub fn accept_language(headers: &HeaderMap) -> &str {
    headers
        .get(ACCEPT_LANGUAGE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
}

/// The page path a pinned request path stands for, with its language: `/de/settings` →
/// `(De, "/settings")`; `None` for a path without a prefix or one that is not a page.
pub fn pinned(path: &str) -> Option<(Locale, &str)> {
    Locale::split_prefix(path).filter(|(_, rest)| {
        !paths::NOT_PAGES
            .iter()
            .any(|p| rest.starts_with(p) || *rest == p.trim_end_matches('/'))
    })
}

/// axum middleware, outside the router: see the module documentation. Every request gets its
/// [`PageLocale`] as a request extension, which the request context provides to pages and
/// server functions.
pub async fn choose(mut req: Request, next: Next) -> Response {
    let pinned = pinned(req.uri().path()).map(|(locale, rest)| {
        let rest = match req.uri().query() {
            Some(query) => format!("{rest}?{query}"),
            None => rest.to_string(),
        };
        (locale, rest)
    });
    let named = pinned.map(|(locale, rest)| {
        // A path that parsed once parses again without its prefix.
        if let Ok(uri) = rest.parse::<Uri>() {
            *req.uri_mut() = uri;
        }
        locale
    });
    let page = PageLocale::decide(named, accept_language(req.headers()));
    req.extensions_mut().insert(page);
    let mut res = next.run(req).await;
    // An answer that says its language already decided it (a post, in its page's language;
    // a receipt, in the one its `?lang=` named).
    if super::response::is_html(res.headers()) && !res.headers().contains_key(CONTENT_LANGUAGE) {
        let headers = res.headers_mut();
        headers.insert(
            CONTENT_LANGUAGE,
            HeaderValue::from_static(page.locale.tag()),
        );
        if !page.pinned {
            vary_by_language(headers);
        }
    }
    res
}

/// Adds `Accept-Language` to the response's `Vary`, keeping what is there.
fn vary_by_language(headers: &mut HeaderMap) {
    let all = headers
        .get_all(VARY)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .chain(["Accept-Language"])
        .collect::<Vec<_>>()
        .join(", ");
    if let Ok(value) = HeaderValue::from_str(&all) {
        headers.insert(VARY, value);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn takes_the_prefix_off_pages_only() {
        assert_eq!(
            pinned("/de/cookie-policy"),
            Some((Locale::De, "/cookie-policy"))
        );
        assert_eq!(pinned("/fr"), Some((Locale::Fr, "/")));
        assert_eq!(pinned("/en/settings"), Some((Locale::En, "/settings")));
        assert_eq!(pinned("/de/api/consent/accept-all"), None);
        assert_eq!(pinned("/de/pkg/leadsgen.js"), None);
        assert_eq!(pinned("/de/healthz"), None);
        assert_eq!(pinned("/de/admin"), None);
        assert_eq!(pinned("/design"), None);
        assert_eq!(pinned("/cookie-policy"), None);
    }

    #[test]
    fn vary_keeps_what_was_there() {
        let mut headers = HeaderMap::new();
        headers.insert(VARY, HeaderValue::from_static("Cookie, DNT, Sec-GPC"));
        vary_by_language(&mut headers);
        assert_eq!(headers[VARY], "Cookie, DNT, Sec-GPC, Accept-Language");
        let mut empty = HeaderMap::new();
        vary_by_language(&mut empty);
        assert_eq!(empty[VARY], "Accept-Language");
    }

    #[test]
    fn an_unreadable_accept_language_is_english() {
        let mut headers = HeaderMap::new();
        headers.insert(ACCEPT_LANGUAGE, HeaderValue::from_bytes(b"de\xff").unwrap());
        assert_eq!(
            PageLocale::decide(None, accept_language(&headers)).locale,
            Locale::En
        );
        headers.insert(
            ACCEPT_LANGUAGE,
            HeaderValue::from_static("fr-CA;q=0.9, de;q=0.8"),
        );
        assert_eq!(
            PageLocale::decide(None, accept_language(&headers)).locale,
            Locale::Fr
        );
    }
}
