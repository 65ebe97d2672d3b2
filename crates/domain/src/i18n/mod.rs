//! The site in English, German and French, decided on the server: which language a request
//! gets ([`Locale`], [`PageLocale`]), every sentence in each ([`Messages`]), and the
//! registry's wording in all three ([`Text`]).
//!
//! Plain Rust with no framework. The message tables are read by server-rendered components
//! only; the island reads its few strings from the page (`ui::consent::IslandText`), so no table
//! reaches the wasm bundle.

pub mod de;
pub mod en;
pub mod fr;
pub mod locale;
pub mod messages;
pub mod text;

pub use locale::{Locale, PageLocale};
pub use messages::{fill, pieces, Messages, Piece};
pub use text::Text;

impl Locale {
    /// Everything the site says in this language.
    pub fn messages(self) -> &'static Messages {
        match self {
            Locale::En => &en::EN,
            Locale::De => &de::DE,
            Locale::Fr => &fr::FR,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::messages::placeholders;
    use super::*;

    /// Every text with a placeholder, by name, in one language.
    fn templates(m: &Messages) -> Vec<(&'static str, &'static str)> {
        vec![
            ("form.off_by_signal", m.form.off_by_signal),
            ("form.allow", m.form.allow),
            ("form.purpose_line", m.form.purpose_line),
            ("form.cookies_in_category", m.form.cookies_in_category),
            ("form.cookies_region", m.form.cookies_region),
            ("form.day", m.form.day),
            ("form.days", m.form.days),
            ("form.year", m.form.year),
            ("form.years", m.form.years),
            ("form.saved", m.form.saved),
            ("form.category_on", m.form.category_on),
            ("form.category_off", m.form.category_off),
            ("notices.signal", m.notices.signal),
            ("notices.both_signals", m.notices.both_signals),
            ("notices.policy_updated", m.notices.policy_updated),
            ("notices.saved_theme", m.notices.saved_theme),
            ("notices.saved_workspace", m.notices.saved_workspace),
            ("settings.appearance_text", m.settings.appearance_text),
            ("errors.refused", m.errors.refused),
            ("errors.rate_limited", m.errors.rate_limited),
            ("receipt.intro", m.receipt.intro),
            ("receipt.policy_ref", m.receipt.policy_ref),
            ("receipt.how_text", m.receipt.how_text),
            ("receipt.choices_caption", m.receipt.choices_caption),
            ("accounts.signed_in_as", m.accounts.signed_in_as),
            ("accounts.cookies_used", m.accounts.cookies_used),
            ("accounts.too_many", m.accounts.too_many),
            ("accounts.account_intro", m.accounts.account_intro),
            ("accounts.scope_note", m.accounts.scope_note),
            ("changes.more", m.changes.more),
            ("changes.category_added", m.changes.category_added),
            ("changes.category_removed", m.changes.category_removed),
            ("changes.cookie_added", m.changes.cookie_added),
            ("changes.cookie_removed", m.changes.cookie_removed),
            ("changes.cookie_moved", m.changes.cookie_moved),
            ("changes.purpose_changed", m.changes.purpose_changed),
            ("changes.now_lasts", m.changes.now_lasts),
            ("changes.now_session", m.changes.now_session),
            ("changes.setter_changed", m.changes.setter_changed),
            ("changes.tracker_added", m.changes.tracker_added),
            ("changes.tracker_removed", m.changes.tracker_removed),
            ("changes.account_notice", m.changes.account_notice),
        ]
    }

    #[test]
    fn every_language_fills_the_same_placeholders() {
        let english = templates(Locale::En.messages());
        for locale in [Locale::De, Locale::Fr] {
            for ((name, en), (_, other)) in english.iter().zip(templates(locale.messages())) {
                let mut a = placeholders(en);
                let mut b = placeholders(other);
                a.sort_unstable();
                b.sort_unstable();
                assert_eq!(a, b, "{name} in {}", locale.tag());
                assert!(!a.is_empty(), "{name} has no placeholder in English");
            }
        }
    }

    #[test]
    fn the_first_layer_uses_the_labels_people_look_for() {
        let de = &Locale::De.messages().banner;
        assert_eq!(
            (de.accept_all, de.reject_all),
            ("Alle akzeptieren", "Alle ablehnen")
        );
        let fr = &Locale::Fr.messages().banner;
        assert_eq!(
            (fr.accept_all, fr.reject_all),
            ("Tout accepter", "Tout refuser")
        );
        assert!(fr.manage.to_lowercase().contains("personnaliser"));
    }

    #[test]
    fn a_translated_policy_says_the_english_one_binds() {
        assert_eq!(Locale::En.messages().policy.binding, "");
        for locale in [Locale::De, Locale::Fr] {
            assert!(!locale.messages().policy.binding.is_empty());
        }
    }

    #[test]
    fn a_post_decides_in_its_pages_language() {
        let pinned = PageLocale::of_post("/de/cookie-policy?saved=consent", "fr");
        assert_eq!(
            pinned,
            PageLocale {
                locale: Locale::De,
                pinned: true
            }
        );
        assert_eq!(PageLocale::of_post("/fr", "").locale, Locale::Fr);
        let negotiated = PageLocale::of_post("/cookie-policy", "fr-CA, en;q=0.5");
        assert_eq!(negotiated.locale, Locale::Fr);
        assert!(!negotiated.pinned);
        assert_eq!(PageLocale::of_post("/design", "").locale, Locale::En);
    }

    #[test]
    fn links_keep_a_pinned_prefix_only() {
        let pinned = PageLocale {
            locale: Locale::Fr,
            pinned: true,
        };
        assert_eq!(pinned.link("/settings"), "/fr/settings");
        let negotiated = PageLocale {
            locale: Locale::Fr,
            pinned: false,
        };
        assert_eq!(negotiated.link("/settings"), "/settings");
    }
}
