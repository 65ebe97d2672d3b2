//! Who sets a cookie or runs a tracker, and whether that makes it first or third party.

use crate::i18n::Locale;

/// Who sets a cookie. The policy calls cookies set by LeadsGen first-party and those set by
/// partners third-party.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Provider {
    /// LeadsGen itself.
    LeadsGen,
    /// Stripe (payments and fraud prevention).
    Stripe,
    /// Plausible Analytics.
    Plausible,
    /// Vercel Web Analytics.
    Vercel,
    /// Meta's Facebook Pixel.
    Facebook,
    /// Google Ads.
    Google,
}

impl Provider {
    /// The provider's name as shown to visitors.
    pub const fn name(self) -> &'static str {
        match self {
            Provider::LeadsGen => "LeadsGen",
            Provider::Stripe => "Stripe",
            Provider::Plausible => "Plausible",
            Provider::Vercel => "Vercel",
            Provider::Facebook => "Facebook",
            Provider::Google => "Google",
        }
    }

    /// First party when LeadsGen sets the cookie, third party when a partner does.
    pub const fn party(self) -> Party {
        match self {
            Provider::LeadsGen => Party::First,
            _ => Party::Third,
        }
    }
}

/// Whether a cookie is set by LeadsGen or by a partner.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Party {
    /// Set by LeadsGen.
    First,
    /// Set by a trusted partner.
    Third,
}

impl Party {
    /// "First party" or "Third party", in `locale`.
    pub fn label(self, locale: Locale) -> &'static str {
        let t = &locale.messages().form;
        match self {
            Party::First => t.first_party,
            Party::Third => t.third_party,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_leadsgen_is_first_party() {
        assert_eq!(Provider::LeadsGen.party(), Party::First);
        assert_eq!(Provider::Stripe.party(), Party::Third);
        assert_eq!(Party::First.label(Locale::En), "First party");
        assert_eq!(Party::Third.label(Locale::En), "Third party");
        assert_eq!(Party::Third.label(Locale::De), "Drittanbieter");
    }
}
