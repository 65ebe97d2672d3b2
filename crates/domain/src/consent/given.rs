//! A consent as given, kept as proof: who (an opaque ID), when, under which policy revision, what was
//! chosen, and which privacy signals were in force. No IP address or other personal data. Its
//! `cookie-consent` value is written and read by [`codec`], below.

use std::fmt::{self, Write as _};

use super::{Choices, Signals};
use crate::dates::CalendarDate;
use crate::i18n::Locale;

/// A random 128-bit identifier for one decision, shown to the visitor as proof.
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub struct ConsentId(pub [u8; 16]);

impl ConsentId {
    /// Parses the 32 lower-case hex digits that [`Display`](fmt::Display) writes.
    pub fn parse(hex: &str) -> Option<Self> {
        let bytes = hex.as_bytes();
        if bytes.len() != 32 {
            return None;
        }
        let mut id = [0u8; 16];
        for (i, pair) in bytes.chunks_exact(2).enumerate() {
            id[i] = (hex_digit(pair[0])? << 4) | hex_digit(pair[1])?;
        }
        Some(ConsentId(id))
    }
}

const fn hex_digit(c: u8) -> Option<u8> {
    match c {
        b'0'..=b'9' => Some(c - b'0'),
        b'a'..=b'f' => Some(c - b'a' + 10),
        _ => None,
    }
}

impl fmt::Display for ConsentId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // Digit by digit: a cached page writes every visitor's ID, and `{:02x}` per byte
        // went through the formatting machinery 16 times.
        const HEX: &[u8; 16] = b"0123456789abcdef";
        self.0.iter().try_for_each(|b| {
            f.write_char(char::from(HEX[usize::from(b >> 4)]))?;
            f.write_char(char::from(HEX[usize::from(b & 0xf)]))
        })
    }
}

impl fmt::Debug for ConsentId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "ConsentId({self})")
    }
}

/// Seconds since the Unix epoch, UTC.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Timestamp(pub u64);

impl Timestamp {
    const DAY: u64 = 86_400;

    /// The UTC calendar day of this instant.
    pub fn date(self) -> CalendarDate {
        CalendarDate::from_days_since_epoch(self.0 / Self::DAY)
    }

    /// The date and time in `locale`: "November 29, 2026, 01:40 UTC", "29. November 2026,
    /// 01:40 UTC", "29 novembre 2026, 01:40 UTC".
    pub fn long(self, locale: Locale) -> String {
        let secs_of_day = self.0 % Self::DAY;
        format!(
            "{}, {:02}:{:02} UTC",
            locale.long_date(self.date()),
            secs_of_day / 3600,
            secs_of_day % 3600 / 60
        )
    }

    /// Whole days from `self` to `later` (0 when `later` is earlier).
    pub const fn days_until(self, later: Timestamp) -> u64 {
        later.0.saturating_sub(self.0) / Self::DAY
    }
}

/// One consent decision.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Consent {
    /// Random identifier of this decision.
    pub id: ConsentId,
    /// When it was made.
    pub decided_at: Timestamp,
    /// The policy revision ("Last updated" date) it was made under.
    pub revision: CalendarDate,
    /// What was allowed, with privacy signals already applied.
    pub choices: Choices,
    /// The privacy signals in force when it was made.
    pub signals: Signals,
}

impl Consent {
    /// Records a decision. Under a privacy signal, analytics and marketing are stored as off,
    /// so that the signal going away later does not turn them on.
    pub fn new(
        id: ConsentId,
        decided_at: Timestamp,
        revision: CalendarDate,
        requested: Choices,
        signals: Signals,
    ) -> Self {
        Consent {
            id,
            decided_at,
            revision,
            choices: requested.under(signals),
            signals,
        }
    }
}

pub mod codec {
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
    //! forge one; see `server::cookies`.

    use super::{Consent, ConsentId, Timestamp};
    use crate::consent::{Choices, Signals};
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
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn id_round_trips_through_hex() {
        let id = ConsentId([
            0x00, 0x01, 0xab, 0xcd, 0xef, 0x10, 0x20, 0x30, 0x40, 0x50, 0x60, 0x70, 0x80, 0x90,
            0xa0, 0xff,
        ]);
        let hex = id.to_string();
        assert_eq!(hex, "0001abcdef102030405060708090a0ff");
        assert_eq!(ConsentId::parse(&hex), Some(id));
        assert_eq!(ConsentId::parse(&hex.to_uppercase()), None);
        assert_eq!(ConsentId::parse(&hex[1..]), None);
        assert_eq!(ConsentId::parse(&format!("{}g", &hex[1..])), None);
        assert_eq!(ConsentId::parse("é".repeat(16).as_str()), None);
    }

    #[test]
    fn timestamps_format_in_utc() {
        // 2026-11-29T01:40:59Z
        let t = Timestamp(1_795_916_459);
        assert_eq!(t.date(), CalendarDate::new(2026, 11, 29).unwrap());
        assert_eq!(t.long(Locale::En), "November 29, 2026, 01:40 UTC");
        assert_eq!(Timestamp(0).long(Locale::En), "January 1, 1970, 00:00 UTC");
        assert_eq!(t.long(Locale::De), "29. November 2026, 01:40 UTC");
        assert_eq!(Timestamp(0).days_until(Timestamp(86_400 * 365)), 365);
        assert_eq!(Timestamp(100).days_until(Timestamp(0)), 0);
    }

    #[test]
    fn a_decision_under_a_signal_stores_tracking_off() {
        let id = ConsentId([7; 16]);
        let rev = CalendarDate::new(2026, 4, 12).unwrap();
        let dnt = Signals {
            dnt: true,
            gpc: false,
        };
        let c = Consent::new(id, Timestamp(1), rev, Choices::ALL, dnt);
        assert_eq!(
            c.choices,
            Choices {
                functional: true,
                analytics: false,
                marketing: false
            }
        );
        assert_eq!(c.signals, dnt);
        let free = Consent::new(id, Timestamp(1), rev, Choices::ALL, Signals::NONE);
        assert_eq!(free.choices, Choices::ALL);
    }
}
