//! Whether a stored consent still counts, and what it allows under today's signals.

use super::{Choices, Consent, Signals, Timestamp};
use crate::dates::CalendarDate;

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
