//! What a visitor allows: one switch per optional category.

use super::{CategoryId, Signals, LEADSGEN};
use crate::i18n::{fill, Locale};

/// The optional categories a visitor allows. Strictly necessary cookies need no consent, so
/// they are not a choice and are always allowed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Hash)]
pub struct Choices {
    /// Functional cookies (theme, sidebar, last workspace).
    pub functional: bool,
    /// Analytics cookies and scripts.
    pub analytics: bool,
    /// Marketing cookies and scripts.
    pub marketing: bool,
}

impl Choices {
    /// The optional categories, the switches a visitor has, in the policy's order.
    pub const OPTIONAL: [CategoryId; 3] = [
        CategoryId::Functional,
        CategoryId::Analytics,
        CategoryId::Marketing,
    ];

    /// Every optional category off: "Reject all", and the state before any decision.
    pub const NONE: Choices = Choices {
        functional: false,
        analytics: false,
        marketing: false,
    };

    /// Every optional category on: "Accept all" (before privacy signals apply).
    pub const ALL: Choices = Choices {
        functional: true,
        analytics: true,
        marketing: true,
    };

    /// Whether cookies of `category` may be used. Strictly necessary ones always may.
    pub const fn allows(self, category: CategoryId) -> bool {
        match category {
            CategoryId::Necessary => true,
            CategoryId::Functional => self.functional,
            CategoryId::Analytics => self.analytics,
            CategoryId::Marketing => self.marketing,
        }
    }

    /// These choices with `category` switched `on` or off. Strictly necessary cannot be
    /// switched, so asking for it changes nothing.
    pub const fn with(self, category: CategoryId, on: bool) -> Choices {
        match category {
            CategoryId::Necessary => self,
            CategoryId::Functional => Choices {
                functional: on,
                ..self
            },
            CategoryId::Analytics => Choices {
                analytics: on,
                ..self
            },
            CategoryId::Marketing => Choices {
                marketing: on,
                ..self
            },
        }
    }

    /// Every category either of the two allows.
    pub const fn or(self, other: Choices) -> Choices {
        Choices {
            functional: self.functional || other.functional,
            analytics: self.analytics || other.analytics,
            marketing: self.marketing || other.marketing,
        }
    }

    /// These choices with the tracking categories forced off while a privacy signal is on.
    /// Functional cookies track nobody, so a signal leaves them alone.
    pub const fn under(self, signals: Signals) -> Choices {
        if signals.any() {
            Choices {
                analytics: false,
                marketing: false,
                ..self
            }
        } else {
            self
        }
    }

    /// Whether a privacy signal locks `category` off.
    pub const fn locked_off_by(category: CategoryId, signals: Signals) -> bool {
        signals.any() && matches!(category, CategoryId::Analytics | CategoryId::Marketing)
    }

    /// The three switches in words, in the policy's order, in `locale`: "functional on,
    /// analytics off, marketing off". What "Saved: …" confirmations say.
    pub fn describe(self, locale: Locale) -> String {
        let words = Self::state_words(locale);
        self.describe_with(
            &words
                .each_ref()
                .map(|[on, off]| [on.as_str(), off.as_str()]),
        )
    }

    /// Each optional category's state in words, `[on, off]`, in the policy's order
    /// ([`Self::OPTIONAL`]) and in `locale`: `["functional on", "functional off"]`, ….
    pub fn state_words(locale: Locale) -> [[String; 2]; 3] {
        let t = &locale.messages().form;
        Self::OPTIONAL.map(|c| {
            let name = t.category_name(LEADSGEN.category(c).name.get(locale));
            [
                fill(t.category_on, &[("category", &name)]),
                fill(t.category_off, &[("category", &name)]),
            ]
        })
    }

    /// The three switches in words, given each optional category's `[on, off]` words in the
    /// policy's order ([`Self::OPTIONAL`]): what [`describe`](Self::describe) says, for a
    /// caller (the island) that has the words but not the message tables.
    pub fn describe_with(self, words: &[[&str; 2]; 3]) -> String {
        Self::OPTIONAL
            .iter()
            .zip(words)
            .map(|(c, [on, off])| if self.allows(*c) { *on } else { *off })
            .collect::<Vec<_>>()
            .join(", ")
    }

    /// The optional categories that are off, in the policy's order.
    pub fn refused(self) -> impl Iterator<Item = CategoryId> {
        CategoryId::ALL
            .into_iter()
            .filter(move |c| !self.allows(*c))
    }

    /// The three switches in one number for compact storage: functional is bit 0, analytics
    /// bit 1, marketing bit 2.
    pub const fn bits(self) -> u8 {
        (self.functional as u8) | ((self.analytics as u8) << 1) | ((self.marketing as u8) << 2)
    }

    /// The inverse of [`bits`](Self::bits); `None` when unknown bits are set.
    pub const fn from_bits(bits: u8) -> Option<Self> {
        if bits > 0b111 {
            return None;
        }
        Some(Choices {
            functional: bits & 1 != 0,
            analytics: bits & 2 != 0,
            marketing: bits & 4 != 0,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const DNT: Signals = Signals {
        dnt: true,
        gpc: false,
    };
    const GPC: Signals = Signals {
        dnt: false,
        gpc: true,
    };

    #[test]
    fn necessary_is_always_allowed() {
        assert!(Choices::NONE.allows(CategoryId::Necessary));
        assert!(!Choices::NONE.allows(CategoryId::Functional));
        assert!(Choices::ALL.allows(CategoryId::Marketing));
        assert_eq!(Choices::default(), Choices::NONE);
    }

    #[test]
    fn signals_force_tracking_off_but_keep_functional() {
        for signals in [DNT, GPC] {
            assert_eq!(
                Choices::ALL.under(signals),
                Choices {
                    functional: true,
                    analytics: false,
                    marketing: false
                }
            );
            assert!(Choices::locked_off_by(CategoryId::Analytics, signals));
            assert!(Choices::locked_off_by(CategoryId::Marketing, signals));
            assert!(!Choices::locked_off_by(CategoryId::Functional, signals));
        }
        assert_eq!(Choices::ALL.under(Signals::NONE), Choices::ALL);
        assert!(!Choices::locked_off_by(
            CategoryId::Analytics,
            Signals::NONE
        ));
    }

    #[test]
    fn refused_lists_the_categories_that_are_off() {
        let analytics_only = Choices {
            analytics: true,
            ..Choices::NONE
        };
        assert_eq!(
            analytics_only.refused().collect::<Vec<_>>(),
            [CategoryId::Functional, CategoryId::Marketing]
        );
        assert_eq!(Choices::ALL.refused().count(), 0);
    }

    #[test]
    fn with_switches_one_category() {
        let c = Choices::NONE.with(CategoryId::Marketing, true);
        assert!(c.marketing && !c.analytics && !c.functional);
        assert_eq!(c.with(CategoryId::Marketing, false), Choices::NONE);
        assert_eq!(
            Choices::NONE.with(CategoryId::Necessary, false),
            Choices::NONE
        );
        for id in CategoryId::ALL {
            assert!(Choices::NONE.with(id, true).allows(id));
        }
    }

    #[test]
    fn or_allows_what_either_allows() {
        let analytics = Choices::NONE.with(CategoryId::Analytics, true);
        let functional = Choices::NONE.with(CategoryId::Functional, true);
        assert_eq!(
            analytics.or(functional),
            Choices {
                functional: true,
                analytics: true,
                marketing: false
            }
        );
        assert_eq!(Choices::ALL.or(Choices::NONE), Choices::ALL);
    }

    #[test]
    fn describes_the_switches_in_words() {
        let analytics = Choices::NONE.with(CategoryId::Analytics, true);
        assert_eq!(
            analytics.describe(Locale::En),
            "functional off, analytics on, marketing off"
        );
        assert_eq!(
            analytics.describe(Locale::De),
            "Funktional: aus, Analyse: an, Marketing: aus"
        );
    }

    #[test]
    fn bits_round_trip() {
        for bits in 0..8 {
            assert_eq!(Choices::from_bits(bits).unwrap().bits(), bits);
        }
        assert_eq!(Choices::from_bits(8), None);
    }
}
