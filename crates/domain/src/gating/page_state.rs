//! What a page's consent runtime is told: the consent in force, its Consent Mode and the
//! tracker tags it allows. The server embeds it in every page and returns it from every
//! consent change, so the browser acts on the server's decision and never re-derives it.
//! [`ConsentMode`] is Google Consent Mode v2, derived from the visitor's effective consent.

use serde::Serialize;

use super::{tags, Tag, TrackerIds};
use crate::consent::{Choices, Decision, Visitor, LEADSGEN};

/// The `detail` of the `leadsgen:consent` event and of the `consent_update` dataLayer entry.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ConsentDetail {
    /// Which categories may run now (privacy signals applied).
    pub categories: CategoryFlags,
    /// The consent ID, or `null` while there is no valid decision.
    pub id: Option<String>,
    /// The policy revision in force, `YYYY-MM-DD`.
    pub revision: String,
    /// The privacy signals the browser sent.
    pub signals: SignalFlags,
}

/// One flag per category, strictly necessary always `true`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct CategoryFlags {
    /// Strictly necessary: always on.
    pub necessary: bool,
    /// Functional.
    pub functional: bool,
    /// Analytics.
    pub analytics: bool,
    /// Marketing.
    pub marketing: bool,
}

/// The privacy signals as flags.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct SignalFlags {
    /// `DNT: 1`.
    pub dnt: bool,
    /// `Sec-GPC: 1`.
    pub gpc: bool,
}

/// Everything the consent runtime needs for one page.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct PageState {
    /// The event detail.
    pub detail: ConsentDetail,
    /// Google Consent Mode v2 for `gtag('consent', …)`.
    pub consent_mode: ConsentMode,
    /// The tracker tags the page may carry.
    pub tags: Vec<Tag>,
}

impl PageState {
    /// The state for `visitor` with this deployment's trackers.
    pub fn for_visitor(visitor: &Visitor, ids: &TrackerIds) -> Self {
        let effective = visitor.effective();
        let id = match &visitor.decision {
            Decision::Decided(consent) => Some(consent.id.to_string()),
            Decision::Undecided | Decision::Outdated(_) => None,
        };
        Self {
            detail: ConsentDetail {
                categories: CategoryFlags {
                    necessary: true,
                    functional: effective.functional,
                    analytics: effective.analytics,
                    marketing: effective.marketing,
                },
                id,
                revision: LEADSGEN.revision.iso(),
                signals: SignalFlags {
                    dnt: visitor.signals.dnt,
                    gpc: visitor.signals.gpc,
                },
            },
            consent_mode: ConsentMode::from_effective(effective),
            tags: tags(effective, ids),
        }
    }

    /// The state as JSON that is also safe inside a `<script type="application/json">`
    /// element: `<` is escaped, so no value can close the element.
    pub fn to_json(&self) -> String {
        serde_json::to_string(self)
            .expect("page state serializes")
            .replace('<', "\\u003c")
    }
}

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
    use crate::consent::{Choices, Consent, ConsentId, Signals, Timestamp};

    fn decided(choices: Choices, signals: Signals) -> Visitor {
        Visitor {
            signals,
            decision: Decision::Decided(Consent::new(
                ConsentId([0xab; 16]),
                Timestamp(1_795_917_984),
                LEADSGEN.revision,
                choices,
                signals,
            )),
        }
    }

    #[test]
    fn a_first_visit_has_no_id_and_no_tags() {
        let state = PageState::for_visitor(&Visitor::default(), &TrackerIds::leadsgen());
        assert_eq!(
            state.to_json(),
            r#"{"detail":{"categories":{"necessary":true,"functional":false,"analytics":false,"marketing":false},"id":null,"revision":"2026-04-12","signals":{"dnt":false,"gpc":false}},"consentMode":{"ad_storage":"denied","ad_user_data":"denied","ad_personalization":"denied","analytics_storage":"denied","functionality_storage":"denied","personalization_storage":"denied","security_storage":"granted"},"tags":[]}"#
        );
    }

    #[test]
    fn a_decision_carries_its_id_categories_and_tags() {
        let analytics = Choices::NONE.with(crate::consent::CategoryId::Analytics, true);
        let state = PageState::for_visitor(
            &decided(analytics, Signals::default()),
            &TrackerIds::leadsgen(),
        );
        assert_eq!(state.detail.id.as_deref(), Some("ab".repeat(16).as_str()));
        assert!(state.detail.categories.analytics && !state.detail.categories.marketing);
        assert_eq!(state.tags, tags(analytics, &TrackerIds::leadsgen()));
    }

    #[test]
    fn signals_are_reported_and_switch_tracking_off() {
        let gpc = Signals {
            dnt: false,
            gpc: true,
        };
        let state = PageState::for_visitor(&decided(Choices::ALL, gpc), &TrackerIds::leadsgen());
        assert!(state.detail.signals.gpc);
        assert!(!state.detail.categories.analytics && !state.detail.categories.marketing);
        assert!(state.detail.categories.functional);
        assert!(state.tags.is_empty());
    }

    #[test]
    fn json_cannot_close_its_script_element() {
        let ids = TrackerIds::leadsgen();
        let json =
            PageState::for_visitor(&decided(Choices::ALL, Signals::default()), &ids).to_json();
        assert!(!json.contains('<'));
        assert!(json.contains("https://connect.facebook.net/en_US/fbevents.js"));
    }
}

#[cfg(test)]
mod consent_mode_tests {
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
