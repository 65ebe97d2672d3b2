//! A consent as given, kept as proof: who (an opaque ID), when, under which policy revision, what was
//! chosen, and which privacy signals were in force. No IP address or other personal data.

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
