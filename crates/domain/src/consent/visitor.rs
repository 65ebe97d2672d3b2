//! What the server knows about the visitor behind one request, handed to the views as data:
//! their privacy signals and their [`Decision`], whether a stored consent still counts and what
//! it allows under today's signals.

use std::fmt;

use serde::{de, Deserialize, Deserializer, Serialize, Serializer};

use super::{codec, Choices, Consent, ConsentId, Signals, Timestamp};
use crate::dates::CalendarDate;

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

/// How far in the future a decision's time may lie before we distrust it (clock skew).
const MAX_SKEW_SECS: u64 = 5 * 60;

/// What the server knows about a visitor's consent.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Hash)]
pub enum Decision {
    /// No valid decision: a first visit, or a cookie that is garbage, forged, expired or from
    /// an unknown version. Nothing optional is allowed and the banner asks.
    #[default]
    Undecided,
    /// A decision for an earlier policy revision. The banner asks again, saying the policy
    /// changed; the earlier choices pre-fill the preferences but allow nothing meanwhile.
    Outdated(Consent),
    /// A valid decision.
    Decided(Consent),
}

impl Decision {
    /// Judges a decoded consent against the current policy (its revision and how many days a
    /// decision counts, [`Registry::consent_lifetime_days`](super::Registry)) and the clock.
    pub fn assess(
        consent: Option<Consent>,
        revision: CalendarDate,
        lifetime_days: u32,
        now: Timestamp,
    ) -> Self {
        let Some(c) = consent else {
            return Decision::Undecided;
        };
        let from_future = c.decided_at.0 > now.0.saturating_add(MAX_SKEW_SECS);
        let expired = c.decided_at.days_until(now) >= u64::from(lifetime_days);
        if from_future || expired || c.revision > revision {
            Decision::Undecided
        } else if c.revision < revision {
            Decision::Outdated(c)
        } else {
            Decision::Decided(c)
        }
    }

    /// Whether the visitor must be asked (the banner shows).
    pub const fn needs_banner(&self) -> bool {
        !matches!(self, Decision::Decided(_))
    }

    /// The valid consent, if any.
    pub const fn consent(&self) -> Option<&Consent> {
        match self {
            Decision::Decided(c) => Some(c),
            _ => None,
        }
    }

    /// The stored consent, valid or [`Outdated`](Decision::Outdated): what the visitor's
    /// cookie holds and the page carries to the island. `None` when undecided.
    pub const fn stored(&self) -> Option<&Consent> {
        match self {
            Decision::Decided(c) | Decision::Outdated(c) => Some(c),
            Decision::Undecided => None,
        }
    }

    /// What may run now: the stored choices with today's signals applied, or nothing without
    /// a valid decision.
    pub fn effective(&self, signals: Signals) -> Choices {
        match self {
            Decision::Decided(c) => c.choices.under(signals),
            _ => Choices::NONE,
        }
    }

    /// The switches a preferences form starts from: the effective choices of a valid
    /// decision, or all off. A decision for an earlier revision pre-ticks nothing: under a new
    /// policy it is a new consent (EDPB cookie-banner taskforce, 2023); its choices are offered
    /// as [`previous`](Self::previous) instead.
    pub fn prefill(&self, signals: Signals) -> Choices {
        match self {
            Decision::Decided(c) => c.choices.under(signals),
            Decision::Outdated(_) | Decision::Undecided => Choices::NONE,
        }
    }

    /// The choices of a decision made under an earlier revision, under today's signals: what
    /// "Keep my previous choices" would store. `None` for any other decision.
    pub fn previous(&self, signals: Signals) -> Option<Choices> {
        match self {
            Decision::Outdated(c) => Some(c.choices.under(signals)),
            _ => None,
        }
    }

    /// What "Keep my previous choices" does for this decision. A person presses it twice, or in
    /// a second tab after the first: once a decision under the current revision is in force,
    /// pressing it again keeps what is in force ([`Keep::InForce`]: nothing new is recorded),
    /// never an error. Only a visitor with no decision at all has nothing to keep.
    pub fn keep_previous(&self, signals: Signals) -> Keep {
        match (self.previous(signals), self) {
            (Some(previous), _) => Keep::Record(previous),
            (None, Decision::Decided(_)) => Keep::InForce,
            (None, _) => Keep::Nothing,
        }
    }
}

/// What a "Keep my previous choices" post does: see [`Decision::keep_previous`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Keep {
    /// Record these choices (the earlier decision's, under today's signals) as a new decision.
    Record(Choices),
    /// A decision under the current revision is already in force: answer with it and record
    /// nothing new.
    InForce,
    /// No decision at all: nothing to keep (a 400).
    Nothing,
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

#[cfg(test)]
mod decision_tests {
    use super::*;
    use crate::consent::ConsentId;

    const DAY: u64 = 86_400;
    const NOW: Timestamp = Timestamp(1_795_916_459);

    fn rev(m: u8, d: u8) -> CalendarDate {
        CalendarDate::new(2026, m, d).unwrap()
    }

    fn consent(at: u64, revision: CalendarDate, choices: Choices) -> Consent {
        Consent::new(
            ConsentId([1; 16]),
            Timestamp(at),
            revision,
            choices,
            Signals::NONE,
        )
    }

    /// Issue 19, item 3: a second Keep (a double click, another tab) is not an error.
    #[test]
    fn keep_records_once_then_keeps_what_is_in_force() {
        let earlier = consent(NOW.0 - DAY, rev(1, 1), Choices::ALL);
        let outdated = Decision::assess(Some(earlier), rev(4, 12), 365, NOW);
        assert_eq!(
            outdated.keep_previous(Signals::NONE),
            Keep::Record(Choices::ALL)
        );
        let dnt = Signals {
            dnt: true,
            gpc: false,
        };
        assert_eq!(
            outdated.keep_previous(dnt),
            Keep::Record(Choices::ALL.under(dnt))
        );
        let kept = consent(NOW.0, rev(4, 12), Choices::ALL);
        let now_in_force = Decision::assess(Some(kept), rev(4, 12), 365, NOW);
        assert_eq!(now_in_force.keep_previous(Signals::NONE), Keep::InForce);
        assert_eq!(
            Decision::Undecided.keep_previous(Signals::NONE),
            Keep::Nothing
        );
    }

    #[test]
    fn no_cookie_means_undecided() {
        let d = Decision::assess(None, rev(4, 12), 365, NOW);
        assert_eq!(d, Decision::Undecided);
        assert!(d.needs_banner());
        assert_eq!(d.effective(Signals::NONE), Choices::NONE);
        assert_eq!(d.prefill(Signals::NONE), Choices::NONE);
    }

    #[test]
    fn a_current_decision_counts() {
        let c = consent(NOW.0 - DAY, rev(4, 12), Choices::ALL);
        let d = Decision::assess(Some(c), rev(4, 12), 365, NOW);
        assert_eq!(d, Decision::Decided(c));
        assert!(!d.needs_banner());
        assert_eq!(d.consent(), Some(&c));
        assert_eq!(d.effective(Signals::NONE), Choices::ALL);
    }

    #[test]
    fn a_signal_today_overrides_an_earlier_yes() {
        let c = consent(NOW.0, rev(4, 12), Choices::ALL);
        let d = Decision::assess(Some(c), rev(4, 12), 365, NOW);
        let gpc = Signals {
            dnt: false,
            gpc: true,
        };
        assert_eq!(
            d.effective(gpc),
            Choices {
                functional: true,
                ..Choices::NONE
            }
        );
    }

    #[test]
    fn an_older_revision_asks_again_and_offers_the_old_choices_unticked() {
        let analytics = Choices {
            analytics: true,
            ..Choices::NONE
        };
        let c = consent(NOW.0 - DAY, rev(1, 5), analytics);
        let d = Decision::assess(Some(c), rev(4, 12), 365, NOW);
        assert_eq!(d, Decision::Outdated(c));
        assert!(d.needs_banner());
        assert_eq!(d.effective(Signals::NONE), Choices::NONE);
        assert_eq!(
            d.prefill(Signals::NONE),
            Choices::NONE,
            "nothing pre-ticked"
        );
        assert_eq!(d.previous(Signals::NONE), Some(analytics));
        assert_eq!(d.consent(), None);
    }

    #[test]
    fn a_decision_expires_after_a_year() {
        let fresh = consent(NOW.0 - 364 * DAY, rev(4, 12), Choices::ALL);
        assert!(matches!(
            Decision::assess(Some(fresh), rev(4, 12), 365, NOW),
            Decision::Decided(_)
        ));
        let old = consent(NOW.0 - 365 * DAY, rev(4, 12), Choices::ALL);
        assert_eq!(
            Decision::assess(Some(old), rev(4, 12), 365, NOW),
            Decision::Undecided
        );
    }

    #[test]
    fn decisions_from_the_future_do_not_count() {
        let skewed = consent(NOW.0 + 60, rev(4, 12), Choices::ALL);
        assert!(matches!(
            Decision::assess(Some(skewed), rev(4, 12), 365, NOW),
            Decision::Decided(_)
        ));
        let future = consent(NOW.0 + DAY, rev(4, 12), Choices::ALL);
        assert_eq!(
            Decision::assess(Some(future), rev(4, 12), 365, NOW),
            Decision::Undecided
        );
        let newer_revision = consent(NOW.0, rev(5, 1), Choices::ALL);
        assert_eq!(
            Decision::assess(Some(newer_revision), rev(4, 12), 365, NOW),
            Decision::Undecided
        );
        let overflow = consent(u64::MAX, rev(4, 12), Choices::ALL);
        assert_eq!(
            Decision::assess(Some(overflow), rev(4, 12), 365, Timestamp(u64::MAX - 1)),
            Decision::Decided(overflow)
        );
    }
}
