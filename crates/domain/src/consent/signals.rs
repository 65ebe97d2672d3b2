//! Browser privacy signals: Do Not Track and Global Privacy Control.

use crate::i18n::{fill, Locale};

/// The privacy signals a request carries.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Hash)]
pub struct Signals {
    /// `DNT: 1`.
    pub dnt: bool,
    /// `Sec-GPC: 1`.
    pub gpc: bool,
}

impl Signals {
    /// No signal.
    pub const NONE: Signals = Signals {
        dnt: false,
        gpc: false,
    };

    /// Reads the signals from the raw `DNT` and `Sec-GPC` header values. Only the value `1`
    /// (surrounding whitespace aside) switches a signal on: `0`, garbage or a missing header
    /// mean no signal, as both specifications say.
    pub fn from_headers(dnt: Option<&[u8]>, sec_gpc: Option<&[u8]>) -> Self {
        let on = |v: Option<&[u8]>| v.is_some_and(|v| v.trim_ascii() == b"1");
        Signals {
            dnt: on(dnt),
            gpc: on(sec_gpc),
        }
    }

    /// Whether any signal asks us not to track.
    pub const fn any(self) -> bool {
        self.dnt || self.gpc
    }

    /// The signals' names for the notice we show, in `locale`, e.g. "Do Not Track", or
    /// `None` without one. The names are the specs' own in every language.
    pub fn names(self, locale: Locale) -> Option<String> {
        let t = &locale.messages().notices;
        match (self.dnt, self.gpc) {
            (true, true) => Some(fill(t.both_signals, &[("dnt", t.dnt), ("gpc", t.gpc)])),
            (true, false) => Some(t.dnt.to_string()),
            (false, true) => Some(t.gpc.to_string()),
            (false, false) => None,
        }
    }

    /// The plain-language notice that the signal is honored, in `locale`, or `None` without
    /// one.
    pub fn notice(self, locale: Locale) -> Option<String> {
        let t = &locale.messages().notices;
        self.names(locale)
            .map(|names| fill(t.signal, &[("signals", &names)]))
    }

    /// Both bits in one number for compact storage: DNT is bit 0, GPC bit 1.
    pub const fn bits(self) -> u8 {
        (self.dnt as u8) | ((self.gpc as u8) << 1)
    }

    /// The inverse of [`bits`](Self::bits); `None` when unknown bits are set.
    pub const fn from_bits(bits: u8) -> Option<Self> {
        if bits > 0b11 {
            return None;
        }
        Some(Signals {
            dnt: bits & 1 != 0,
            gpc: bits & 2 != 0,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_the_value_one_counts() {
        let s = |d: Option<&str>, g: Option<&str>| {
            Signals::from_headers(d.map(str::as_bytes), g.map(str::as_bytes))
        };
        assert_eq!(s(None, None), Signals::NONE);
        assert!(s(Some("1"), None).dnt);
        assert!(s(Some(" 1 "), None).dnt);
        assert!(!s(Some("0"), None).dnt);
        assert!(!s(Some("yes"), None).dnt);
        assert!(!s(Some("11"), None).dnt);
        assert!(s(None, Some("1")).gpc);
        assert!(!s(None, Some("true")).gpc);
        assert_eq!(
            s(Some("1"), Some("1")),
            Signals {
                dnt: true,
                gpc: true
            }
        );
    }

    #[test]
    fn names_and_notice() {
        let en = Locale::En;
        assert_eq!(Signals::NONE.names(en), None);
        assert_eq!(Signals::NONE.notice(en), None);
        let dnt = Signals {
            dnt: true,
            gpc: false,
        };
        assert_eq!(
            dnt.notice(en).unwrap(),
            "Your browser sends Do Not Track, so analytics and marketing cookies stay off."
        );
        assert_eq!(
            dnt.notice(Locale::De).unwrap(),
            "Ihr Browser sendet Do Not Track, daher bleiben Analyse- und Marketing-Cookies aus."
        );
        let gpc = Signals {
            dnt: false,
            gpc: true,
        };
        assert_eq!(gpc.names(en).as_deref(), Some("Global Privacy Control"));
        let both = Signals {
            dnt: true,
            gpc: true,
        };
        assert_eq!(
            both.names(en).as_deref(),
            Some("Do Not Track and Global Privacy Control")
        );
        assert_eq!(
            both.names(Locale::Fr).as_deref(),
            Some("Do Not Track et Global Privacy Control")
        );
        assert!(both.any() && dnt.any() && gpc.any() && !Signals::NONE.any());
    }

    #[test]
    fn bits_round_trip() {
        for bits in 0..4 {
            assert_eq!(Signals::from_bits(bits).unwrap().bits(), bits);
        }
        assert_eq!(Signals::from_bits(4), None);
        assert_eq!(Signals::from_bits(255), None);
    }
}
