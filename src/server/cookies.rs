//! The site's cookies on the wire: reading the request's `Cookie` header, reading and writing
//! the signed `cookie-consent`, writing the registry's cookies with this site's attributes,
//! and expiring refused ones.

use cookie::{time::Duration, Cookie, CookieJar, Key, SameSite};
use hmac::{Hmac, Mac};
use http::{header::COOKIE, HeaderMap};
use sha2::{Digest, Sha256};

use crate::consent::{codec, cookie_header, Choices, Consent, LEADSGEN};

/// How this site writes cookies.
#[derive(Clone)]
pub struct CookieSettings {
    /// Signs and verifies `cookie-consent`.
    pub key: Key,
    /// Older keys (`CONSENT_COOKIE_PREVIOUS_KEYS`, or rotated out by `keys rotate`): a cookie
    /// they signed still counts, and is signed again with `key`.
    pub previous_keys: Vec<Key>,
    /// Add `Secure` (the site is served over https).
    pub secure: bool,
    /// The `Domain` that tracker cookies may have been set for (e.g. `.leadsgen.app`), so that
    /// revoking a category expires those variants too.
    pub domain: Option<String>,
}

impl CookieSettings {
    /// An HMAC-SHA256 under a key derived from the cookie key for `purpose` (a versioned
    /// label, e.g. `b"leadsgen sign-in limits v1"`): one secret serves several jobs, and no
    /// job's MAC stands for another's.
    pub fn derived_mac(&self, purpose: &[u8]) -> Hmac<Sha256> {
        let mut derived = Sha256::new();
        derived.update(purpose);
        derived.update(self.key.signing());
        Hmac::<Sha256>::new_from_slice(&derived.finalize()).expect("HMAC takes any key length")
    }
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

// `cookie-consent`: the value is [`codec`](crate::consent::codec) output signed with
// HMAC-SHA256 by the `cookie` crate's signed jar, so a visitor can read it but not forge or
// alter it.

/// The consent cookie's name, as the registry declares it.
pub const CONSENT_COOKIE: &str = "cookie-consent";

/// The consent the request's `cookie-consent` proves, if its signature and format are valid.
/// Anything else (missing, garbage, tampered, unknown version) is `None`. The header is read as
/// bytes ([`cookie_header::values`]), so no other cookie can hide this one; of several
/// `cookie-consent` values (another path or domain), the first that the current key verifies
/// counts, else the first that a previous key verifies.
pub fn read_consent(headers: &HeaderMap, settings: &CookieSettings) -> Option<Consent> {
    read_signed_consent(headers, settings).map(|(consent, _)| consent)
}

/// Which key signed a `cookie-consent` that verified.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SignedWith {
    /// The current key.
    Current,
    /// A previous key: the response should carry the same decision signed with the current
    /// key ([`consent_set_cookie`]).
    Previous,
}

/// [`read_consent`], and which key signed it: the current key is tried first, so a cookie it
/// signed costs one HMAC as before; the previous keys only for a cookie it did not sign.
pub fn read_signed_consent(
    headers: &HeaderMap,
    settings: &CookieSettings,
) -> Option<(Consent, SignedWith)> {
    let keys = std::iter::once((&settings.key, SignedWith::Current)).chain(
        settings
            .previous_keys
            .iter()
            .map(|k| (k, SignedWith::Previous)),
    );
    let values: Vec<&str> = headers
        .get_all(COOKIE)
        .iter()
        .flat_map(|v| cookie_header::values(v.as_bytes(), CONSENT_COOKIE))
        .collect();
    keys.into_iter().find_map(|(key, signed_with)| {
        values.iter().find_map(|value| {
            let mut jar = CookieJar::new();
            jar.add_original(Cookie::new(CONSENT_COOKIE, (*value).to_owned()));
            let verified = jar.signed(key).get(CONSENT_COOKIE)?;
            codec::decode(verified.value())
                .ok()
                .map(|consent| (consent, signed_with))
        })
    })
}

/// The `Set-Cookie` value that stores `consent`, signed.
///
/// `HttpOnly`: no script of ours needs to read the cookie, because the server hands the
/// decision to the page as data. Keeping scripts (including third-party ones) away from it
/// means an injected script cannot read or replay it.
pub fn consent_set_cookie(consent: &Consent, settings: &CookieSettings) -> String {
    let cookie = site_cookie(CONSENT_COOKIE, codec::encode(consent), settings);
    let mut jar = CookieJar::new();
    jar.signed_mut(&settings.key).add(cookie);
    jar.get(CONSENT_COOKIE)
        .expect("the cookie was just added")
        .to_string()
}

/// Helpers for the cookie tests of this module.
#[cfg(test)]
pub(crate) mod test_support {
    use cookie::Key;
    use http::{header::COOKIE, HeaderMap, HeaderValue};

    use super::CookieSettings;

    pub fn settings() -> CookieSettings {
        CookieSettings {
            key: Key::from(&[3u8; 64]),
            previous_keys: Vec::new(),
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

#[cfg(test)]
mod consent_cookie_tests {
    use super::test_support::{headers, pair, settings};
    use super::*;
    use crate::consent::{Choices, ConsentId, Signals, Timestamp};
    use crate::dates::CalendarDate;
    use http::HeaderValue;

    fn consent() -> Consent {
        Consent::new(
            ConsentId([9; 16]),
            Timestamp(1_795_916_459),
            CalendarDate::new(2026, 4, 12).unwrap(),
            Choices::ALL,
            Signals::NONE,
        )
    }

    #[test]
    fn writes_a_signed_cookie_that_reads_back() {
        let line = consent_set_cookie(&consent(), &settings());
        assert!(line.starts_with("cookie-consent="), "{line}");
        for attr in ["HttpOnly", "SameSite=Lax", "Path=/", "Max-Age=31536000"] {
            assert!(line.contains(attr), "{attr} missing from {line}");
        }
        assert!(!line.contains("Secure"));
        let got = read_consent(&headers(&format!("a=b; {}; c=d", pair(&line))), &settings());
        assert_eq!(got, Some(consent()));
    }

    #[test]
    fn secure_when_configured() {
        let s = CookieSettings {
            secure: true,
            ..settings()
        };
        assert!(consent_set_cookie(&consent(), &s).contains("Secure"));
    }

    #[test]
    fn tampered_unsigned_or_foreign_values_do_not_count() {
        let line = consent_set_cookie(&consent(), &settings());
        let value = pair(&line).trim_start_matches("cookie-consent=");
        let tampered = value.replace(".7.0", ".0.0");
        assert_ne!(tampered, value);
        assert_eq!(
            read_consent(&headers(&format!("cookie-consent={tampered}")), &settings()),
            None
        );
        let unsigned = codec::encode(&consent());
        assert_eq!(
            read_consent(&headers(&format!("cookie-consent={unsigned}")), &settings()),
            None
        );
        let other_key = CookieSettings {
            key: Key::from(&[4u8; 64]),
            ..settings()
        };
        assert_eq!(read_consent(&headers(pair(&line)), &other_key), None);
        for junk in [
            "cookie-consent=",
            "cookie-consent",
            ";;;",
            "=x",
            "cookie-consent=%%%",
        ] {
            assert_eq!(read_consent(&headers(junk), &settings()), None, "{junk}");
        }
        let huge = format!("cookie-consent={}", "A".repeat(10 * 1024));
        assert_eq!(read_consent(&headers(&huge), &settings()), None);
    }

    proptest::proptest! {
        #[test]
        fn reading_arbitrary_cookie_headers_never_panics(
            bytes in proptest::collection::vec(proptest::prelude::any::<u8>(), 0..600),
            prefix in "(cookie-consent=)?",
        ) {
            let mut value = prefix.into_bytes();
            value.extend(bytes);
            if let Ok(v) = HeaderValue::from_bytes(&value) {
                let mut h = HeaderMap::new();
                h.insert(COOKIE, v);
                let _ = read_consent(&h, &settings());
                let _ = expire_refused(&h, Choices::NONE, &settings());
            }
        }
    }
}
