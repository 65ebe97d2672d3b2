//! One text of the registry in every language.

use super::locale::Locale;

/// One text of the registry (a category's name, a cookie's purpose) in every language: a
/// language left out is a compile error.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Text {
    /// English, the binding version.
    pub en: &'static str,
    /// German.
    pub de: &'static str,
    /// French.
    pub fr: &'static str,
}

impl Text {
    /// The same text in every language: a name that is not translated.
    pub const fn same(text: &'static str) -> Text {
        Text {
            en: text,
            de: text,
            fr: text,
        }
    }

    /// The text in `locale`.
    pub const fn get(&self, locale: Locale) -> &'static str {
        match locale {
            Locale::En => self.en,
            Locale::De => self.de,
            Locale::Fr => self.fr,
        }
    }
}
