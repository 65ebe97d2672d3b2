//! Google Consent Mode v2, derived from the visitor's effective consent.

use serde::Serialize;

use crate::consent::Choices;

/// One Consent Mode signal.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Grant {
    /// The storage or use is allowed.
    Granted,
    /// It is not.
    Denied,
}

impl From<bool> for Grant {
    fn from(allowed: bool) -> Self {
        if allowed {
            Grant::Granted
        } else {
            Grant::Denied
        }
    }
}

/// The seven Consent Mode v2 keys, as `gtag('consent', 'default' | 'update', …)` takes them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct ConsentMode {
    /// Advertising cookies: marketing.
    pub ad_storage: Grant,
    /// Sending user data to Google for advertising: marketing.
    pub ad_user_data: Grant,
    /// Personalised advertising: marketing.
    pub ad_personalization: Grant,
    /// Analytics cookies: analytics.
    pub analytics_storage: Grant,
    /// Cookies that make the site work as asked (preferences): functional.
    pub functionality_storage: Grant,
    /// Personalisation such as the theme and workspace: functional.
    pub personalization_storage: Grant,
    /// Security cookies (authentication, fraud prevention): strictly necessary, so always.
    pub security_storage: Grant,
}

impl ConsentMode {
    /// Consent Mode for `effective` choices, that is with privacy signals already applied
    /// ([`crate::consent::Visitor::effective`]): under DNT or GPC every `ad_*` key and
    /// `analytics_storage` are denied because those categories are off.
    pub fn from_effective(effective: Choices) -> Self {
        Self {
            ad_storage: effective.marketing.into(),
            ad_user_data: effective.marketing.into(),
            ad_personalization: effective.marketing.into(),
            analytics_storage: effective.analytics.into(),
            functionality_storage: effective.functional.into(),
            personalization_storage: effective.functional.into(),
            security_storage: Grant::Granted,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::consent::{Choices, Signals};

    #[test]
    fn nothing_but_security_before_consent() {
        let mode = ConsentMode::from_effective(Choices::NONE);
        assert_eq!(
            serde_json::to_string(&mode).unwrap(),
            r#"{"ad_storage":"denied","ad_user_data":"denied","ad_personalization":"denied","analytics_storage":"denied","functionality_storage":"denied","personalization_storage":"denied","security_storage":"granted"}"#
        );
    }

    #[test]
    fn each_category_grants_its_keys() {
        let marketing = ConsentMode::from_effective(
            Choices::NONE.with(crate::consent::CategoryId::Marketing, true),
        );
        assert_eq!(marketing.ad_storage, Grant::Granted);
        assert_eq!(marketing.ad_user_data, Grant::Granted);
        assert_eq!(marketing.ad_personalization, Grant::Granted);
        assert_eq!(marketing.analytics_storage, Grant::Denied);
        let all = ConsentMode::from_effective(Choices::ALL);
        assert!([
            all.ad_storage,
            all.analytics_storage,
            all.functionality_storage,
            all.personalization_storage
        ]
        .iter()
        .all(|g| *g == Grant::Granted));
    }

    #[test]
    fn a_privacy_signal_denies_ads_and_analytics_even_after_accept_all() {
        for signals in [
            Signals {
                dnt: true,
                gpc: false,
            },
            Signals {
                dnt: false,
                gpc: true,
            },
        ] {
            let mode = ConsentMode::from_effective(Choices::ALL.under(signals));
            assert_eq!(mode.ad_storage, Grant::Denied);
            assert_eq!(mode.ad_user_data, Grant::Denied);
            assert_eq!(mode.ad_personalization, Grant::Denied);
            assert_eq!(mode.analytics_storage, Grant::Denied);
            assert_eq!(mode.functionality_storage, Grant::Granted);
        }
    }
}
