//! The shape of a cookie policy as data: categories, cookies, providers and tracker scripts,
//! with the lookups the rest of the app uses. LeadsGen's own policy, the one instance, is
//! [`LEADSGEN`](super::LEADSGEN) in `leadsgen.rs`.

use super::provider::{Party, Provider};
use super::script::TrackerScript;
use super::Retention;
use crate::dates::CalendarDate;
use crate::i18n::{Locale, Text};

/// The four kinds of cookie the policy distinguishes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum CategoryId {
    /// Needed for the Service to work; always on.
    Necessary,
    /// Preferences and personalisation; opt-in.
    Functional,
    /// Aggregated usage measurement; opt-in.
    Analytics,
    /// Conversion tracking and ad attribution; opt-in.
    Marketing,
}

impl CategoryId {
    /// Every category, in the policy's order.
    pub const ALL: [CategoryId; 4] = [
        CategoryId::Necessary,
        CategoryId::Functional,
        CategoryId::Analytics,
        CategoryId::Marketing,
    ];

    /// A stable lower-case key for form fields, HTML ids and the consent cookie.
    pub const fn key(self) -> &'static str {
        match self {
            CategoryId::Necessary => "necessary",
            CategoryId::Functional => "functional",
            CategoryId::Analytics => "analytics",
            CategoryId::Marketing => "marketing",
        }
    }

    /// The category whose [`key`](Self::key) is `key`.
    pub fn from_key(key: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|c| c.key() == key)
    }

    /// Whether a visitor may switch this category off. Only strictly necessary cookies are
    /// exempt from consent.
    pub const fn is_optional(self) -> bool {
        !matches!(self, CategoryId::Necessary)
    }
}

/// One cookie the policy declares.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CookieSpec {
    /// The cookie's name as the browser stores it.
    pub name: &'static str,
    /// What it is for, in the policy's words, in every language.
    pub purpose: Text,
    /// How long it lives.
    pub retention: Retention,
    /// Who sets it.
    pub provider: Provider,
}

impl CookieSpec {
    /// First or third party, derived from the provider.
    pub const fn party(&self) -> Party {
        self.provider.party()
    }
}

/// A category with its wording and cookies.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Category {
    /// Which category this is.
    pub id: CategoryId,
    /// Its name, e.g. "Strictly necessary".
    pub name: Text,
    /// The policy's label after the name, e.g. "always on" or "opt-in, EU strict".
    pub label: Text,
    /// The policy's description of the category.
    pub description: Text,
    /// The cookies in this category, in the policy's order.
    pub cookies: &'static [CookieSpec],
    /// The tracker scripts this category loads once it is consented.
    pub scripts: &'static [TrackerScript],
}

impl Category {
    /// The heading the policy uses, in `locale`: "Strictly necessary (always on)".
    pub fn heading(&self, locale: Locale) -> String {
        format!("{} ({})", self.name.get(locale), self.label.get(locale))
    }

    /// What the category is for, from its cookies' purposes in the policy's words, joined, in
    /// `locale`: "Facebook Pixel (conversion tracking), Google Ads attribution".
    pub fn purposes(&self, locale: Locale) -> String {
        self.cookies
            .iter()
            .map(|c| c.purpose.get(locale))
            .collect::<Vec<_>>()
            .join(", ")
    }
}

/// The whole policy as data: revision, contact and categories.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Registry {
    /// The "Last updated" date. A stored consent for an earlier revision is no longer valid.
    pub revision: CalendarDate,
    /// Who decides what the cookies are for (GDPR art. 4(7)): named on consent receipts.
    pub controller: &'static str,
    /// Where to write with questions about cookies.
    pub contact_email: &'static str,
    /// How long a decision counts before the visitor is asked again, in days. The
    /// `cookie-consent` cookie lives as long (a test ties the two). See
    /// `docs/compliance-notes.md`: CNIL's good practice is about six months (183 days).
    pub consent_lifetime_days: u32,
    /// The categories, in the policy's order.
    pub categories: &'static [Category],
}

impl Registry {
    /// The category with this id.
    ///
    /// # Panics
    /// Never for [`LEADSGEN`](super::LEADSGEN), whose categories cover every [`CategoryId`]
    /// (a unit test pins it).
    pub fn category(&self, id: CategoryId) -> &Category {
        self.categories
            .iter()
            .find(|c| c.id == id)
            .expect("the registry declares every category")
    }

    /// Every cookie with the category it belongs to.
    pub fn cookies(&self) -> impl Iterator<Item = (CategoryId, &CookieSpec)> + '_ {
        self.categories
            .iter()
            .flat_map(|c| c.cookies.iter().map(move |k| (c.id, k)))
    }

    /// The cookie with this name, if the registry declares it.
    pub fn cookie(&self, name: &str) -> Option<&CookieSpec> {
        self.cookies().map(|(_, c)| c).find(|c| c.name == name)
    }

    /// Every tracker script with the category that gates it.
    pub fn scripts(&self) -> impl Iterator<Item = (CategoryId, &TrackerScript)> + '_ {
        self.categories
            .iter()
            .flat_map(|c| c.scripts.iter().map(move |s| (c.id, s)))
    }

    /// The category a cookie name belongs to, if the registry declares it.
    pub fn category_of(&self, cookie_name: &str) -> Option<CategoryId> {
        self.cookies()
            .find(|(_, k)| k.name == cookie_name)
            .map(|(id, _)| id)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_strictly_necessary_is_mandatory() {
        let optional: Vec<_> = CategoryId::ALL
            .into_iter()
            .filter(|c| c.is_optional())
            .collect();
        assert_eq!(
            optional,
            [
                CategoryId::Functional,
                CategoryId::Analytics,
                CategoryId::Marketing
            ]
        );
    }

    #[test]
    fn purposes_join_the_cookies_purposes() {
        let marketing = crate::consent::LEADSGEN.category(CategoryId::Marketing);
        assert_eq!(
            marketing.purposes(Locale::En),
            "Facebook Pixel (conversion tracking), Google Ads attribution"
        );
        assert_eq!(
            marketing.purposes(Locale::De),
            "Facebook-Pixel (Conversion-Tracking), Google-Ads-Attribution"
        );
    }

    #[test]
    fn category_keys_round_trip() {
        for id in CategoryId::ALL {
            assert_eq!(CategoryId::from_key(id.key()), Some(id));
        }
        assert_eq!(CategoryId::from_key("ads"), None);
    }
}
