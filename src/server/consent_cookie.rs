//! Reading and writing `cookie-consent`.
//!
//! The value is [`codec`](crate::consent::codec) output signed with HMAC-SHA256 by the
//! `cookie` crate's signed jar, so a visitor can read it but not forge or alter it.

use cookie::{Cookie, CookieJar};
use http::{header::COOKIE, HeaderMap};

use super::cookies::{site_cookie, CookieSettings};
use crate::consent::{codec, cookie_header, Consent};

/// The consent cookie's name, as the registry declares it.
pub const NAME: &str = "cookie-consent";

/// The consent the request's `cookie-consent` proves, if its signature and format are valid.
/// Anything else (missing, garbage, tampered, unknown version) is `None`. The header is read as
/// bytes ([`cookie_header::values`]), so no other cookie can hide this one; of several
/// `cookie-consent` values (another path or domain), the first that verifies counts.
pub fn read(headers: &HeaderMap, settings: &CookieSettings) -> Option<Consent> {
    headers
        .get_all(COOKIE)
        .iter()
        .flat_map(|v| cookie_header::values(v.as_bytes(), NAME))
        .find_map(|value| {
            let mut jar = CookieJar::new();
            jar.add_original(Cookie::new(NAME, value.to_owned()));
            let verified = jar.signed(&settings.key).get(NAME)?;
            codec::decode(verified.value()).ok()
        })
}

/// The `Set-Cookie` value that stores `consent`, signed.
///
/// `HttpOnly`: no script of ours needs to read the cookie, because the server hands the
/// decision to the page as data. Keeping scripts (including third-party ones) away from it
/// means an injected script cannot read or replay it.
pub fn set_cookie(consent: &Consent, settings: &CookieSettings) -> String {
    let cookie = site_cookie(NAME, codec::encode(consent), settings);
    let mut jar = CookieJar::new();
    jar.signed_mut(&settings.key).add(cookie);
    jar.get(NAME)
        .expect("the cookie was just added")
        .to_string()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::consent::{Choices, ConsentId, Signals, Timestamp};
    use crate::dates::CalendarDate;
    use crate::server::cookies::{
        expire_refused,
        test_support::{headers, pair, settings},
    };
    use cookie::Key;
    use http::{header::COOKIE, HeaderValue};

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
        let line = set_cookie(&consent(), &settings());
        assert!(line.starts_with("cookie-consent="), "{line}");
        for attr in ["HttpOnly", "SameSite=Lax", "Path=/", "Max-Age=31536000"] {
            assert!(line.contains(attr), "{attr} missing from {line}");
        }
        assert!(!line.contains("Secure"));
        let got = read(&headers(&format!("a=b; {}; c=d", pair(&line))), &settings());
        assert_eq!(got, Some(consent()));
    }

    #[test]
    fn secure_when_configured() {
        let s = CookieSettings {
            secure: true,
            ..settings()
        };
        assert!(set_cookie(&consent(), &s).contains("Secure"));
    }

    #[test]
    fn tampered_unsigned_or_foreign_values_do_not_count() {
        let line = set_cookie(&consent(), &settings());
        let value = pair(&line).trim_start_matches("cookie-consent=");
        let tampered = value.replace(".7.0", ".0.0");
        assert_ne!(tampered, value);
        assert_eq!(
            read(&headers(&format!("cookie-consent={tampered}")), &settings()),
            None
        );
        let unsigned = codec::encode(&consent());
        assert_eq!(
            read(&headers(&format!("cookie-consent={unsigned}")), &settings()),
            None
        );
        let other_key = CookieSettings {
            key: Key::from(&[4u8; 64]),
            ..settings()
        };
        assert_eq!(read(&headers(pair(&line)), &other_key), None);
        for junk in [
            "cookie-consent=",
            "cookie-consent",
            ";;;",
            "=x",
            "cookie-consent=%%%",
        ] {
            assert_eq!(read(&headers(junk), &settings()), None, "{junk}");
        }
        let huge = format!("cookie-consent={}", "A".repeat(10 * 1024));
        assert_eq!(read(&headers(&huge), &settings()), None);
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
                let _ = read(&h, &settings());
                let _ = expire_refused(&h, Choices::NONE, &settings());
            }
        }
    }
}
