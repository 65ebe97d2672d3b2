//! What the server knows about the visitor behind one request, handed to the views as data.

use std::fmt;

use serde::{de, Deserialize, Deserializer, Serialize, Serializer};

use super::{codec, Choices, Consent, ConsentId, Decision, Signals, Timestamp};

/// The privacy signals of the request and the consent decision from its cookie.
///
/// The server decides this once per request and passes it to the views and, serialized, to
/// the islands, so the browser never re-derives it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Hash)]
pub struct Visitor {
    /// DNT / GPC as sent with this request.
    pub signals: Signals,
    /// The stored decision, judged against the current policy.
    pub decision: Decision,
}

impl Visitor {
    /// What may run on this page.
    pub fn effective(&self) -> Choices {
        self.decision.effective(self.signals)
    }

    /// Where the preference switches start.
    pub fn prefill(&self) -> Choices {
        self.decision.prefill(self.signals)
    }

    /// Whether the consent banner shows.
    pub const fn needs_banner(&self) -> bool {
        self.decision.needs_banner()
    }

    /// The same visitor with its stored consent's identity, the consent ID and the time it was
    /// given, replaced by `id` and `decided_at`; a visitor without a stored consent is returned
    /// as it is. Everything a page decides from the visitor (signals, which decision, choices,
    /// revision) stays, so two visitors whose pages differ only in that identity give equal
    /// results for the same `id` and `decided_at`: the page cache keys its templates by it
    /// (`server::page_cache`).
    pub fn with_proof(self, id: ConsentId, decided_at: Timestamp) -> Visitor {
        let swap = |c: Consent| Consent {
            id,
            decided_at,
            ..c
        };
        let decision = match self.decision {
            Decision::Undecided => Decision::Undecided,
            Decision::Outdated(c) => Decision::Outdated(swap(c)),
            Decision::Decided(c) => Decision::Decided(swap(c)),
        };
        Visitor { decision, ..self }
    }

    /// The compact text form: `<signals>.<u|o|d>[.<consent>]`, where `<signals>` is
    /// [`Signals::bits`], the letter says undecided, outdated or decided, and `<consent>` is the
    /// [`codec`] form of the stored consent. For example `0.d.1.8f2c….1795916459.20260412.5.0`.
    pub fn encode(&self) -> String {
        let (tag, consent) = match &self.decision {
            Decision::Undecided => ("u", None),
            Decision::Outdated(c) => ("o", Some(c)),
            Decision::Decided(c) => ("d", Some(c)),
        };
        match consent {
            Some(c) => format!("{}.{tag}.{}", self.signals.bits(), codec::encode(c)),
            None => format!("{}.{tag}", self.signals.bits()),
        }
    }

    /// Parses [`encode`](Self::encode)'s output; `None` for anything else. Never panics.
    pub fn decode(text: &str) -> Option<Self> {
        let mut parts = text.splitn(3, '.');
        let signals = match parts.next()?.as_bytes() {
            [b @ b'0'..=b'9'] => Signals::from_bits(b - b'0')?,
            _ => return None,
        };
        let consent = parts.next().zip(Some(parts.next()));
        let decision = match consent? {
            ("u", None) => Decision::Undecided,
            ("o", Some(c)) => Decision::Outdated(codec::decode(c).ok()?),
            ("d", Some(c)) => Decision::Decided(codec::decode(c).ok()?),
            _ => return None,
        };
        Some(Visitor { signals, decision })
    }
}

/// A `Visitor` crosses from server to browser (island props, server function replies) as its
/// compact text form. One string keeps serde's generated code, which every visitor downloads
/// as wasm, to a minimum.
impl Serialize for Visitor {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.encode())
    }
}

impl<'de> Deserialize<'de> for Visitor {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Text;
        impl de::Visitor<'_> for Text {
            type Value = Visitor;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a visitor in its compact text form")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Visitor, E> {
                Visitor::decode(v).ok_or_else(|| E::custom("not a visitor"))
            }
        }
        deserializer.deserialize_str(Text)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::consent::{Consent, ConsentId, Timestamp};
    use crate::dates::CalendarDate;
    use proptest::prelude::*;

    fn consent(bits: u8) -> Consent {
        Consent::new(
            ConsentId([0xab; 16]),
            Timestamp(1_795_916_459),
            CalendarDate::new(2026, 4, 12).unwrap(),
            Choices::from_bits(bits).unwrap(),
            Signals::NONE,
        )
    }

    #[test]
    fn encodes_compactly() {
        let undecided = Visitor::default();
        assert_eq!(undecided.encode(), "0.u");
        let v = Visitor {
            signals: Signals {
                dnt: true,
                gpc: false,
            },
            decision: Decision::Decided(consent(1)),
        };
        assert_eq!(
            v.encode(),
            "1.d.1.abababababababababababababababab.1795916459.20260412.1.0"
        );
        assert_eq!(Visitor::decode(&v.encode()), Some(v));
        assert_eq!(Visitor::decode("0.u"), Some(undecided));
    }

    #[test]
    fn with_proof_changes_only_the_identity() {
        let id = ConsentId([0x5e; 16]);
        let at = Timestamp(32_472_144_000);
        for bits in 0..8 {
            for signals in 0..4 {
                let signals = Signals::from_bits(signals).unwrap();
                for decision in [
                    Decision::Undecided,
                    Decision::Outdated(consent(bits)),
                    Decision::Decided(consent(bits)),
                ] {
                    let v = Visitor { signals, decision };
                    let w = v.with_proof(id, at);
                    assert_eq!(w.signals, v.signals);
                    assert_eq!(w.effective(), v.effective());
                    assert_eq!(w.prefill(), v.prefill());
                    assert_eq!(w.needs_banner(), v.needs_banner());
                    assert_eq!(w.decision.previous(signals), v.decision.previous(signals));
                    match (v.decision.stored(), w.decision.stored()) {
                        (None, None) => assert_eq!(w, v),
                        (Some(before), Some(after)) => {
                            assert_eq!((after.id, after.decided_at), (id, at));
                            assert_eq!(
                                (after.revision, after.choices),
                                (before.revision, before.choices)
                            );
                            assert_eq!(after.signals, before.signals);
                        }
                        other => panic!("stored consent appeared or vanished: {other:?}"),
                    }
                }
            }
        }
    }

    proptest! {
        /// Visitors that differ only in their consent's identity become one variant.
        #[test]
        fn with_proof_merges_exactly_the_identity(
            a in any::<[u8; 16]>(), b in any::<[u8; 16]>(),
            ta in 0u64..4_000_000_000, tb in 0u64..4_000_000_000,
            bits in 0u8..8, other_bits in 0u8..8, outdated in any::<bool>(),
        ) {
            let make = |id, at, bits| {
                let c = Consent::new(ConsentId(id), Timestamp(at), CalendarDate::new(2026, 4, 12).unwrap(), Choices::from_bits(bits).unwrap(), Signals::NONE);
                let decision = if outdated { Decision::Outdated(c) } else { Decision::Decided(c) };
                Visitor { signals: Signals::NONE, decision }
            };
            let key = |v: Visitor| v.with_proof(ConsentId([0; 16]), Timestamp(1));
            prop_assert_eq!(key(make(a, ta, bits)), key(make(b, tb, bits)));
            prop_assert_eq!(key(make(a, ta, bits)) == key(make(a, ta, other_bits)), bits == other_bits);
        }
    }

    #[test]
    fn refuses_other_text() {
        for bad in [
            "",
            "0",
            "0.x",
            "4.u",
            "0.u.",
            "0.d",
            "0.d.garbage",
            "00.u",
            "é.u",
        ] {
            assert_eq!(Visitor::decode(bad), None, "{bad}");
        }
    }

    #[test]
    fn serializes_as_one_json_string() {
        let v = Visitor {
            signals: Signals::NONE,
            decision: Decision::Outdated(consent(7)),
        };
        let json = serde_json::to_string(&v).unwrap();
        assert!(json.starts_with("\"0.o.1."), "{json}");
        assert_eq!(serde_json::from_str::<Visitor>(&json).unwrap(), v);
        assert!(serde_json::from_str::<Visitor>("\"9.u\"").is_err());
    }

    proptest! {
        #[test]
        fn decoding_never_panics(s in ".{0,120}") {
            let _ = Visitor::decode(&s);
        }

        #[test]
        fn round_trips(signals in 0u8..4, tag in 0u8..3, bits in 0u8..8) {
            let decision = match tag {
                0 => Decision::Undecided,
                1 => Decision::Outdated(consent(bits)),
                _ => Decision::Decided(consent(bits)),
            };
            let v = Visitor { signals: Signals::from_bits(signals).unwrap(), decision };
            prop_assert_eq!(Visitor::decode(&v.encode()), Some(v));
        }
    }
}
