//! The few sentences the consent island shows, in the page's language, handed to it as props
//! by the server: the message tables themselves never reach the wasm bundle.

use serde::{Deserialize, Serialize};

use crate::consent::{Choices, Decision, Visitor, LEADSGEN};
use crate::i18n::{fill, Locale, PageLocale};
use crate::paths;

/// What the island (banner, dialog, proof line, announcements and errors) says, already in the
/// page's language, with every placeholder that the server can fill already filled.
///
/// Built by [`IslandText::new`] on the server, serialized into the island's props, and read
/// back in the browser. On the wire it is a plain list of strings, in field order (an absent
/// notice is an empty string): a struct decoder for 29 named fields cost the wasm bundle more
/// than 7 KB brotli, a `Vec<String>` decoder next to nothing.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(into = "Vec<String>", try_from = "Vec<String>")]
pub struct IslandText {
    /// The page's language: the proof line writes its date in it.
    pub locale: Locale,
    /// The banner region's accessible name.
    pub banner_label: String,
    /// The banner's sentence, before its policy link.
    pub banner_text: String,
    /// The policy link's text and its path (with the page's language prefix, if pinned).
    pub policy_link: String,
    pub policy_href: String,
    pub accept_all: String,
    pub reject_all: String,
    pub manage: String,
    /// Where "Manage preferences" goes without JavaScript.
    pub manage_href: String,
    /// The privacy-signal notice with its "Accept all" addendum, when a signal is sent.
    pub signal_notice: Option<String>,
    /// The policy-updated notice around its date (before, the date, after), when the
    /// visitor's decision predates the current revision.
    pub revised_notice: Option<[String; 3]>,
    pub dialog_title: String,
    pub close: String,
    pub dialog_intro: String,
    /// The proof line: before the consent ID, between it and the date.
    pub consent_id: String,
    pub given_on: String,
    pub download_receipt: String,
    pub view_receipt: String,
    /// The receipt page's URL, asking for the page's language.
    pub receipt_page_href: String,
    /// What a save announces: `Saved: {choices}`, and each optional category's "on" and
    /// "off" words, in the policy's order.
    pub saved: String,
    pub category_states: [[String; 2]; 3],
    /// The post did not leave the browser.
    pub network_error: String,
    /// The server refused: `{status}`.
    pub refused_error: String,
    /// Saved, but the answer could not be applied.
    pub bad_answer_error: String,
}

impl From<IslandText> for Vec<String> {
    fn from(t: IslandText) -> Vec<String> {
        let [before, date, after] = t.revised_notice.unwrap_or_default();
        let [[f_on, f_off], [a_on, a_off], [m_on, m_off]] = t.category_states;
        vec![
            t.locale.tag().to_string(),
            t.banner_label,
            t.banner_text,
            t.policy_link,
            t.policy_href,
            t.accept_all,
            t.reject_all,
            t.manage,
            t.manage_href,
            t.signal_notice.unwrap_or_default(),
            before,
            date,
            after,
            t.dialog_title,
            t.close,
            t.dialog_intro,
            t.consent_id,
            t.given_on,
            t.download_receipt,
            t.view_receipt,
            t.receipt_page_href,
            t.saved,
            f_on,
            f_off,
            a_on,
            a_off,
            m_on,
            m_off,
            t.network_error,
            t.refused_error,
            t.bad_answer_error,
        ]
    }
}

impl TryFrom<Vec<String>> for IslandText {
    type Error = &'static str;

    /// The list [`From<IslandText>`] wrote; `Err` for one of another length.
    fn try_from(list: Vec<String>) -> Result<IslandText, Self::Error> {
        let Ok(
            [locale, banner_label, banner_text, policy_link, policy_href, accept_all, reject_all, manage, manage_href, signal_notice, before, date, after, dialog_title, close, dialog_intro, consent_id, given_on, download_receipt, view_receipt, receipt_page_href, saved, f_on, f_off, a_on, a_off, m_on, m_off, network_error, refused_error, bad_answer_error],
        ) = <[String; 31]>::try_from(list)
        else {
            return Err("the island's text is not 31 strings");
        };
        let some = |s: String| (!s.is_empty()).then_some(s);
        Ok(IslandText {
            locale: Locale::from_tag(&locale).unwrap_or_default(),
            banner_label,
            banner_text,
            policy_link,
            policy_href,
            accept_all,
            reject_all,
            manage,
            manage_href,
            signal_notice: some(signal_notice),
            revised_notice: some(date.clone()).map(|date| [before, date, after]),
            dialog_title,
            close,
            dialog_intro,
            consent_id,
            given_on,
            download_receipt,
            view_receipt,
            receipt_page_href,
            saved,
            category_states: [[f_on, f_off], [a_on, a_off], [m_on, m_off]],
            network_error,
            refused_error,
            bad_answer_error,
        })
    }
}

impl IslandText {
    /// The island's text for `visitor` on a page in `page`'s language. Server side.
    pub fn new(page: PageLocale, visitor: &Visitor) -> IslandText {
        let locale = page.locale;
        let m = locale.messages();
        let signal_notice = visitor
            .signals
            .notice(locale)
            .map(|notice| format!("{notice}{}", m.notices.signal_accept_all));
        let revised_notice = matches!(visitor.decision, Decision::Outdated(_)).then(|| {
            let (before, after) = m
                .notices
                .policy_updated
                .split_once("{date}")
                .unwrap_or((m.notices.policy_updated, ""));
            [
                before.to_string(),
                locale.long_date(LEADSGEN.revision),
                after.to_string(),
            ]
        });
        let receipt_page = format!("{}?format=html&lang={}", paths::RECEIPT, locale.tag());
        IslandText {
            locale,
            banner_label: m.banner.label.into(),
            banner_text: m.banner.text.into(),
            policy_link: m.banner.policy_link.into(),
            policy_href: page.link(paths::POLICY),
            accept_all: m.banner.accept_all.into(),
            reject_all: m.banner.reject_all.into(),
            manage: m.banner.manage.into(),
            manage_href: page.link(paths::PREFERENCES),
            signal_notice,
            revised_notice,
            dialog_title: m.dialog.title.into(),
            close: m.dialog.close.into(),
            dialog_intro: m.dialog.intro.into(),
            consent_id: m.proof.consent_id.into(),
            given_on: m.proof.given_on.into(),
            download_receipt: m.proof.download.into(),
            view_receipt: m.proof.view.into(),
            receipt_page_href: receipt_page,
            saved: m.form.saved.trim_end_matches('.').into(),
            category_states: Choices::state_words(locale),
            network_error: m.errors.network.into(),
            refused_error: m.errors.refused.into(),
            bad_answer_error: m.errors.bad_answer.into(),
        }
    }

    /// What a save that put `choices` in force announces: `Saved: functional on, analytics
    /// off, marketing off`.
    pub fn saved(&self, choices: Choices) -> String {
        let words = self
            .category_states
            .each_ref()
            .map(|[on, off]| [on.as_str(), off.as_str()]);
        fill(&self.saved, &[("choices", &choices.describe_with(&words))])
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::consent::{CategoryId, Signals};

    #[test]
    fn crosses_to_the_browser_and_back_unchanged() {
        let outdated = Visitor {
            signals: Signals {
                dnt: true,
                gpc: true,
            },
            decision: Decision::Outdated(crate::consent::Consent::new(
                crate::consent::ConsentId([1; 16]),
                crate::consent::Timestamp(1_700_000_000),
                crate::consent::CalendarDate {
                    year: 2025,
                    month: 1,
                    day: 2,
                },
                Choices::ALL,
                Signals::NONE,
            )),
        };
        for visitor in [Visitor::default(), outdated] {
            for locale in Locale::ALL {
                let text = IslandText::new(
                    PageLocale {
                        locale,
                        pinned: true,
                    },
                    &visitor,
                );
                let json = serde_json::to_string(&text).unwrap();
                assert_eq!(serde_json::from_str::<IslandText>(&json).unwrap(), text);
            }
        }
        assert!(serde_json::from_str::<IslandText>(r#"["en"]"#).is_err());
    }

    #[test]
    fn says_what_a_save_put_in_force_in_the_pages_language() {
        let visitor = Visitor::default();
        let analytics = Choices::NONE.with(CategoryId::Analytics, true);
        for locale in Locale::ALL {
            let text = IslandText::new(
                PageLocale {
                    locale,
                    pinned: true,
                },
                &visitor,
            );
            let expected = fill(
                locale.messages().form.saved,
                &[("choices", &analytics.describe(locale))],
            );
            assert_eq!(format!("{}.", text.saved(analytics)), expected);
        }
        let en = IslandText::new(PageLocale::default(), &visitor);
        assert_eq!(
            en.saved(analytics),
            "Saved: functional off, analytics on, marketing off"
        );
    }

    #[test]
    fn links_keep_the_pages_prefix_and_notices_follow_the_visitor() {
        let dnt = Visitor {
            signals: Signals {
                dnt: true,
                gpc: false,
            },
            ..Visitor::default()
        };
        let de = IslandText::new(
            PageLocale {
                locale: Locale::De,
                pinned: true,
            },
            &dnt,
        );
        assert_eq!(de.policy_href, "/de/cookie-policy");
        assert_eq!(de.manage_href, "/de/cookie-preferences");
        assert!(de.receipt_page_href.ends_with("lang=de"));
        assert!(de.signal_notice.unwrap().contains("Do Not Track"));
        assert_eq!(de.revised_notice, None);
        let negotiated = IslandText::new(
            PageLocale {
                locale: Locale::Fr,
                pinned: false,
            },
            &Visitor::default(),
        );
        assert_eq!(negotiated.policy_href, "/cookie-policy");
        assert_eq!(negotiated.signal_notice, None);
    }
}
