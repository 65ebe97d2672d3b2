//! The site's cookies on the wire: reading the request's `Cookie` header, writing the
//! registry's cookies with this site's attributes, and expiring refused ones.

use cookie::{time::Duration, Cookie, Key, SameSite};
use http::{header::COOKIE, HeaderMap};

use crate::consent::{cookie_header, Choices, LEADSGEN};

/// How this site writes cookies.
#[derive(Clone)]
pub struct CookieSettings {
    /// Signs and verifies `cookie-consent`.
    pub key: Key,
    /// Add `Secure` (the site is served over https).
    pub secure: bool,
    /// The `Domain` that tracker cookies may have been set for (e.g. `.leadsgen.app`), so that
    /// revoking a category expires those variants too.
    pub domain: Option<String>,
}

impl std::fmt::Debug for CookieSettings {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("CookieSettings")
            .field("key", &"<redacted>")
            .field("secure", &self.secure)
            .field("domain", &self.domain)
            .finish()
    }
}

/// Every cookie the request carries, read as bytes ([`cookie_header::pairs`]): a pair that
/// cannot be read is skipped, and never hides the others.
pub(crate) fn request_cookies(headers: &HeaderMap) -> impl Iterator<Item = Cookie<'static>> + '_ {
    headers
        .get_all(COOKIE)
        .iter()
        .flat_map(|v| cookie_header::pairs(v.as_bytes()))
        .map(|(name, value)| Cookie::new(name.to_owned(), value.to_owned()))
}

/// The value of the request's cookie called `name`, if it carries one (the first, if several).
/// Read from the header's bytes with no copy but the answer: every page asks for the
/// personalization cookies.
pub fn value(headers: &HeaderMap, name: &str) -> Option<String> {
    headers
        .get_all(COOKIE)
        .iter()
        .find_map(|v| cookie_header::values(v.as_bytes(), name).next())
        .map(str::to_owned)
}

/// A cookie the registry declares, as this site writes it: `Path=/`, the registry's `Max-Age`,
/// `SameSite=Lax`, `Secure` when configured, and `HttpOnly`, because the server renders
/// everything these cookies decide and no script needs to read them.
///
/// # Panics
/// When `name` is not in the registry: a programming error, caught by the unit tests.
pub fn site_cookie(
    name: &'static str,
    value: String,
    settings: &CookieSettings,
) -> Cookie<'static> {
    let spec = LEADSGEN
        .cookie(name)
        .expect("a cookie the registry declares");
    let mut cookie = Cookie::build((name, value))
        .path("/")
        .same_site(SameSite::Lax)
        .http_only(true)
        .secure(settings.secure)
        .build();
    if let Some(secs) = spec.retention.max_age_secs() {
        cookie.set_max_age(Duration::seconds(secs as i64));
    }
    cookie
}

/// `Set-Cookie` values that expire each registry cookie of a category `choices` refuses and
/// that the request carries, with the host-only variant and, when configured, the domain one.
/// The server can expire `HttpOnly` cookies too, which a script cannot.
pub fn expire_refused(
    headers: &HeaderMap,
    choices: Choices,
    settings: &CookieSettings,
) -> Vec<String> {
    let carried: Vec<Cookie<'static>> = request_cookies(headers).collect();
    let refused: Vec<&str> = choices
        .refused()
        .flat_map(|category| LEADSGEN.category(category).cookies)
        .map(|c| c.name)
        .filter(|name| carried.iter().any(|c| c.name() == *name))
        .collect();
    let mut out = Vec::new();
    for name in refused {
        let domains = std::iter::once(None).chain(settings.domain.as_deref().map(Some));
        for domain in domains {
            let mut cookie = Cookie::build((name, ""))
                .path("/")
                .max_age(Duration::ZERO)
                .expires(cookie::time::OffsetDateTime::UNIX_EPOCH)
                .build();
            if let Some(d) = domain {
                cookie.set_domain(d.to_string());
            }
            out.push(cookie.to_string());
        }
    }
    out
}

/// Helpers for the cookie tests of this module and of `consent_cookie`.
#[cfg(test)]
pub(crate) mod test_support {
    use cookie::Key;
    use http::{header::COOKIE, HeaderMap, HeaderValue};

    use super::CookieSettings;

    pub fn settings() -> CookieSettings {
        CookieSettings {
            key: Key::from(&[3u8; 64]),
            secure: false,
            domain: None,
        }
    }

    pub fn headers(cookie: &str) -> HeaderMap {
        let mut h = HeaderMap::new();
        h.insert(COOKIE, HeaderValue::from_str(cookie).unwrap());
        h
    }

    /// The `name=value` pair of a Set-Cookie line.
    pub fn pair(set_cookie: &str) -> &str {
        set_cookie.split(';').next().unwrap()
    }
}

#[cfg(test)]
mod tests {
    use super::test_support::{headers, pair, settings};
    use super::*;

    #[test]
    fn expires_only_refused_cookies_the_request_carries() {
        let h = headers("_fbp=1; _gcl_au=2; theme=dark; _plausible=x");
        let lines = expire_refused(
            &h,
            Choices {
                functional: true,
                ..Choices::NONE
            },
            &settings(),
        );
        let names: Vec<_> = lines.iter().map(|l| pair(l)).collect();
        assert_eq!(names, ["_plausible=", "_fbp=", "_gcl_au="]);
        for l in &lines {
            assert!(l.contains("Max-Age=0") && l.contains("Path=/"), "{l}");
        }
        assert!(expire_refused(&h, Choices::ALL, &settings()).is_empty());
    }

    #[test]
    fn expires_the_domain_variant_when_configured() {
        let s = CookieSettings {
            domain: Some("leadsgen.app".into()),
            ..settings()
        };
        let lines = expire_refused(&headers("_fbp=1"), Choices::NONE, &s);
        assert_eq!(lines.len(), 2);
        assert!(!lines[0].contains("Domain"));
        assert!(lines[1].contains("Domain=leadsgen.app"));
    }
}
