//! The few sentences the consent island shows, in the page's language, handed to it by the
//! server in a data attribute: the message tables themselves never reach the wasm bundle.

use crate::consent::Choices;
use crate::i18n::{fill, Locale, PageLocale};
use crate::paths;

/// What the island (the dialog's head, the proof line, announcements and errors) says, already
/// in the page's language, with every placeholder that the server can fill already filled.
///
/// Built by [`IslandText::new`] on the server, written into the page as one attribute
/// ([`IslandText::encode`]: its strings in field order, one a line) and read back in the
/// browser ([`IslandText::decode`]), with no serialization library in the wasm bundle.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct IslandText {
    /// The page's language: the proof line writes its date in it.
    pub locale: Locale,
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
    /// The consent log could not record it (503): nothing changed, try again in a moment.
    pub unavailable_error: String,
    /// Too many decisions from the visitor's network (429): try again in `{seconds}`.
    pub rate_limited_error: String,
    /// Saved, but the answer could not be applied.
    pub bad_answer_error: String,
}

impl From<IslandText> for Vec<String> {
    fn from(t: IslandText) -> Vec<String> {
        let [[f_on, f_off], [a_on, a_off], [m_on, m_off]] = t.category_states;
        vec![
            t.locale.tag().to_string(),
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
            t.unavailable_error,
            t.rate_limited_error,
            t.bad_answer_error,
        ]
    }
}

impl TryFrom<Vec<String>> for IslandText {
    type Error = &'static str;

    /// The list [`From<IslandText>`] wrote; `Err` for one of another length.
    fn try_from(list: Vec<String>) -> Result<IslandText, Self::Error> {
        let Ok(
            [locale, dialog_title, close, dialog_intro, consent_id, given_on, download_receipt, view_receipt, receipt_page_href, saved, f_on, f_off, a_on, a_off, m_on, m_off, network_error, refused_error, unavailable_error, rate_limited_error, bad_answer_error],
        ) = <[String; 21]>::try_from(list)
        else {
            return Err("the island's text is not 21 strings");
        };
        Ok(IslandText {
            locale: Locale::from_tag(&locale).unwrap_or_default(),
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
            unavailable_error,
            rate_limited_error,
            bad_answer_error,
        })
    }
}

impl IslandText {
    /// The island's text on a page in `page`'s language. Server side.
    pub fn new(page: PageLocale) -> IslandText {
        let locale = page.locale;
        let m = locale.messages();
        let receipt_page = format!("{}?format=html&lang={}", paths::RECEIPT, locale.tag());
        IslandText {
            locale,
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
            unavailable_error: m.errors.unavailable.into(),
            rate_limited_error: m.errors.rate_limited.into(),
            bad_answer_error: m.errors.bad_answer.into(),
        }
    }

    /// The text as the page carries it for the island: its 21 strings in field order, one a
    /// line (a line break inside one becomes a space).
    pub fn encode(&self) -> String {
        Vec::<String>::from(self.clone())
            .iter()
            .map(|s| s.replace('\n', " "))
            .collect::<Vec<_>>()
            .join("\n")
    }

    /// Reads [`encode`](Self::encode)'s output; `None` for anything else (another number of
    /// lines).
    pub fn decode(text: &str) -> Option<Self> {
        IslandText::try_from(text.split('\n').map(String::from).collect::<Vec<_>>()).ok()
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
    use crate::consent::CategoryId;

    #[test]
    fn crosses_to_the_browser_and_back_unchanged() {
        for locale in Locale::ALL {
            let text = IslandText::new(PageLocale {
                locale,
                pinned: true,
            });
            assert_eq!(IslandText::decode(&text.encode()), Some(text));
        }
        assert_eq!(IslandText::decode("en"), None);
        assert_eq!(IslandText::decode(""), None);
    }

    #[test]
    fn says_what_a_save_put_in_force_in_the_pages_language() {
        let analytics = Choices::NONE.with(CategoryId::Analytics, true);
        for locale in Locale::ALL {
            let text = IslandText::new(PageLocale {
                locale,
                pinned: true,
            });
            let expected = fill(
                locale.messages().form.saved,
                &[("choices", &analytics.describe(locale))],
            );
            assert_eq!(format!("{}.", text.saved(analytics)), expected);
        }
        let en = IslandText::new(PageLocale::default());
        assert_eq!(
            en.saved(analytics),
            "Saved: functional off, analytics on, marketing off"
        );
    }

    #[test]
    fn the_receipt_page_asks_for_the_pages_language() {
        let de = IslandText::new(PageLocale {
            locale: Locale::De,
            pinned: false,
        });
        assert_eq!(
            de.receipt_page_href,
            "/api/consent/receipt?format=html&lang=de"
        );
    }
}
