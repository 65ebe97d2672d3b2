//! The `cookie-consent` value, before signing.
//!
//! Format, version 1: six fields joined by `.`, all ASCII, about 60 bytes:
//!
//! ```text
//! 1.<id: 32 hex>.<decided at: unix seconds>.<revision: YYYYMMDD>.<choices: 0-7>.<signals: 0-3>
//! 1.8f2c4e6a0b1d3f5e7a9c0e2f4a6b8d0c.1795916459.20260412.5.0
//! ```
//!
//! `choices` packs functional (1), analytics (2) and marketing (4); `signals` packs DNT (1)
//! and GPC (2). A future format bumps the leading version, and this decoder refuses versions
//! it does not know. The server signs the encoded value (HMAC-SHA256), so a visitor cannot
//! forge one; see `server::consent_cookie`.

use super::{Choices, Consent, ConsentId, Signals, Timestamp};
use crate::dates::CalendarDate;

/// The version this module writes.
pub const VERSION: &str = "1";

/// Why a value is not a consent. Callers treat every case as "no decision".
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum DecodeError {
    /// Not the six fields of a known version.
    #[error("not a cookie-consent value")]
    Malformed,
    /// A version this build does not know.
    #[error("a cookie-consent version this build does not know")]
    UnknownVersion,
}

/// Encodes a consent as the cookie value (before signing).
pub fn encode(c: &Consent) -> String {
    format!(
        "{VERSION}.{}.{}.{:04}{:02}{:02}.{}.{}",
        c.id,
        c.decided_at.0,
        c.revision.year,
        c.revision.month,
        c.revision.day,
        c.choices.bits(),
        c.signals.bits()
    )
}

/// Decodes a cookie value (after its signature was checked). Never panics, whatever the input.
pub fn decode(value: &str) -> Result<Consent, DecodeError> {
    let mut fields = value.split('.');
    let version = fields.next().ok_or(DecodeError::Malformed)?;
    if version != VERSION {
        return Err(DecodeError::UnknownVersion);
    }
    let [id, decided_at, revision, choices, signals] =
        [(); 5].map(|()| fields.next().unwrap_or(""));
    if fields.next().is_some() {
        return Err(DecodeError::Malformed);
    }
    Ok(Consent {
        id: ConsentId::parse(id).ok_or(DecodeError::Malformed)?,
        decided_at: Timestamp(seconds(decided_at)?),
        revision: parse_revision(revision)?,
        choices: Choices::from_bits(small(choices)?).ok_or(DecodeError::Malformed)?,
        signals: Signals::from_bits(small(signals)?).ok_or(DecodeError::Malformed)?,
    })
}

/// A decimal number of an allowed length, with no sign or whitespace.
fn digits(s: &str, len: std::ops::RangeInclusive<usize>) -> Result<u64, DecodeError> {
    if !len.contains(&s.len()) || !s.bytes().all(|b| b.is_ascii_digit()) {
        return Err(DecodeError::Malformed);
    }
    s.parse().map_err(|_| DecodeError::Malformed)
}

/// Unix seconds as [`encode`] writes them: no leading zero, so that each consent has one
/// encoding and a decoded value encodes back to the same bytes.
fn seconds(s: &str) -> Result<u64, DecodeError> {
    if s.len() > 1 && s.starts_with('0') {
        return Err(DecodeError::Malformed);
    }
    digits(s, 1..=20)
}

fn small(s: &str) -> Result<u8, DecodeError> {
    digits(s, 1..=1).map(|n| n as u8)
}

fn parse_revision(s: &str) -> Result<CalendarDate, DecodeError> {
    let n = digits(s, 8..=8)?;
    let (year, month, day) = (n / 10_000, n / 100 % 100, n % 100);
    CalendarDate::new(year as u16, month as u8, day as u8).ok_or(DecodeError::Malformed)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn sample() -> Consent {
        Consent {
            id: ConsentId::parse("8f2c4e6a0b1d3f5e7a9c0e2f4a6b8d0c").unwrap(),
            decided_at: Timestamp(1_795_916_459),
            revision: CalendarDate::new(2026, 4, 12).unwrap(),
            choices: Choices {
                functional: true,
                analytics: false,
                marketing: true,
            },
            signals: Signals::NONE,
        }
    }

    #[test]
    fn encodes_the_documented_format() {
        assert_eq!(
            encode(&sample()),
            "1.8f2c4e6a0b1d3f5e7a9c0e2f4a6b8d0c.1795916459.20260412.5.0"
        );
        assert_eq!(decode(&encode(&sample())), Ok(sample()));
    }

    #[test]
    fn refuses_what_is_not_a_v1_consent() {
        let good = encode(&sample());
        assert_eq!(decode(""), Err(DecodeError::UnknownVersion));
        assert_eq!(
            decode(&good.replacen('1', "2", 1)),
            Err(DecodeError::UnknownVersion)
        );
        for bad in [
            format!("{good}.0"),
            good.rsplit_once('.').unwrap().0.to_string(),
            good.replace(".5.", ".8."),
            good.replace(".5.0", ".5.4"),
            good.replace("20260412", "20260231"),
            good.replace("20260412", "2026041"),
            good.replace("1795916459", "+796002859"),
            // Found by the fuzzer (fuzz/artifacts/cookie_consent/crash-3ad2c146…): a leading
            // zero decoded, and encoded back without it.
            good.replace("1795916459", "01795916459"),
            good.replace("1795916459", ""),
            good.replace("1795916459", "99999999999999999999"),
            good.replace("8f2c", "8F2C"),
            "1.....".to_string(),
            "1".to_string(),
        ] {
            assert_eq!(decode(&bad), Err(DecodeError::Malformed), "{bad}");
        }
    }

    fn any_consent() -> impl Strategy<Value = Consent> {
        (
            any::<[u8; 16]>(),
            any::<u64>(),
            (1u16..=9999, 1u8..=12, 1u8..=28),
            0u8..8,
            0u8..4,
        )
            .prop_map(|(id, t, (y, m, d), c, s)| Consent {
                id: ConsentId(id),
                decided_at: Timestamp(t),
                revision: CalendarDate::new(y, m, d).unwrap(),
                choices: Choices::from_bits(c).unwrap(),
                signals: Signals::from_bits(s).unwrap(),
            })
    }

    proptest! {
        #[test]
        fn round_trips(c in any_consent()) {
            prop_assert_eq!(decode(&encode(&c)), Ok(c));
        }

        #[test]
        fn never_panics_on_strings(s in ".{0,200}") {
            let _ = decode(&s);
        }

        #[test]
        fn near_misses_never_panic_and_what_decodes_has_one_encoding(s in "1\\.[0-9a-f.]{0,80}") {
            if let Ok(c) = decode(&s) {
                prop_assert_eq!(encode(&c), s);
            }
        }

        #[test]
        fn never_panics_on_bytes(bytes in proptest::collection::vec(any::<u8>(), 0..300)) {
            let _ = decode(&String::from_utf8_lossy(&bytes));
        }
    }
}
