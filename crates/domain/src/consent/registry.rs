//! The shape of a cookie policy as data: categories, cookies with their lifetimes
//! ([`Retention`]), who sets them ([`Provider`], first or third party) and the tracker scripts
//! a category loads ([`TrackerScript`]), with the lookups the rest of the app uses. LeadsGen's
//! own policy, the one instance, is [`LEADSGEN`](super::LEADSGEN) in `leadsgen.rs`.
//!
//! A script is a template: `{id}` in its URL, data attribute or inline code stands for the
//! account ID (or site domain) that the deployment configures. What actually reaches a page is
//! decided in [`crate::gating`].

use crate::dates::CalendarDate;
use crate::i18n::{fill, Locale, Text};

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

// Who sets a cookie or runs a tracker, and whether that makes it first or third party.

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

// How long a cookie lives, as the policy states it and as `Max-Age` needs it.

const SECONDS_PER_DAY: u64 = 24 * 60 * 60;

/// A cookie's lifetime.
///
/// A year is 365 days: the policy's "1 year" is a promise to the visitor, and `Max-Age`
/// needs a fixed number of seconds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Retention {
    /// Until the browser session ends: the cookie carries no `Max-Age`.
    Session,
    /// A whole number of days.
    Days(u32),
    /// A whole number of 365-day years.
    Years(u32),
}

impl Retention {
    /// The `Max-Age` in seconds, or `None` for a session cookie.
    pub const fn max_age_secs(self) -> Option<u64> {
        match self {
            Retention::Session => None,
            Retention::Days(d) => Some(d as u64 * SECONDS_PER_DAY),
            Retention::Years(y) => Some(y as u64 * 365 * SECONDS_PER_DAY),
        }
    }
}

impl Retention {
    /// The policy table's wording in `locale`: "Session", "30 days", "1 year"; "Sitzung",
    /// "30 Tage"; "Session", "30 jours", "1 an".
    pub fn label(self, locale: Locale) -> String {
        let t = &locale.messages().form;
        let (n, one, many) = match self {
            Retention::Session => return t.session.to_string(),
            Retention::Days(n) => (n, t.day, t.days),
            Retention::Years(n) => (n, t.year, t.years),
        };
        fill(if n == 1 { one } else { many }, &[("n", &n.to_string())])
    }
}

// The tracker scripts a category loads.

/// The placeholder for the configured ID in a script's URL, data attribute and inline code.
pub const ID_PLACEHOLDER: &str = "{id}";

/// How the browser runs an external script.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Loading {
    /// `async`: runs as soon as it arrives.
    Async,
    /// `defer`: runs after the document is parsed.
    Defer,
}

impl Loading {
    /// The HTML attribute that asks for this loading.
    pub const fn attribute(self) -> &'static str {
        match self {
            Loading::Async => "async",
            Loading::Defer => "defer",
        }
    }
}

/// The hosts a tracker talks to, by Content-Security-Policy directive. They are allowed only
/// on pages where the tracker's category is consented.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CspHosts {
    /// `script-src`: where the tracker loads code from.
    pub script: &'static [&'static str],
    /// `connect-src`: where it sends beacons with `fetch`/`sendBeacon`.
    pub connect: &'static [&'static str],
    /// `img-src`: where it sends pixel requests.
    pub img: &'static [&'static str],
    /// `frame-src`: where it opens hidden frames.
    pub frame: &'static [&'static str],
}

impl CspHosts {
    /// No hosts: a same-origin tracker.
    pub const NONE: CspHosts = CspHosts {
        script: &[],
        connect: &[],
        img: &[],
        frame: &[],
    };
}

/// The setting that configures a tracker: an environment variable with LeadsGen's value as
/// the default. Set it to the empty string to ship no script for that tracker.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TrackerSetting {
    /// The environment variable, e.g. `LEADSGEN_PLAUSIBLE_DOMAIN`.
    pub env: &'static str,
    /// LeadsGen's own value, used when the variable is not set.
    pub default: &'static str,
    /// What the value is, for error messages and the README.
    pub meaning: &'static str,
}

/// One tracker a category loads: an optional inline start-up snippet, then an external script.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TrackerScript {
    /// A stable key: `data-tracker` in the HTML, and how injected tags are recognised.
    pub key: &'static str,
    /// Who runs it.
    pub provider: Provider,
    /// Where its ID comes from.
    pub setting: TrackerSetting,
    /// Inline code that must run before the external script (a command queue, a config
    /// call), with `{id}`.
    pub init: Option<&'static str>,
    /// The external script's URL, with `{id}`.
    pub src: &'static str,
    /// How the external script loads.
    pub loading: Loading,
    /// One `data-*` attribute the script reads its configuration from, with `{id}`.
    pub data_attribute: Option<(&'static str, &'static str)>,
    /// The hosts the tracker needs once it runs.
    pub hosts: CspHosts,
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

#[cfg(test)]
mod provider_tests {
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

#[cfg(test)]
mod retention_tests {
    use super::*;

    #[test]
    fn max_age_in_seconds() {
        assert_eq!(Retention::Session.max_age_secs(), None);
        assert_eq!(Retention::Days(30).max_age_secs(), Some(2_592_000));
        assert_eq!(Retention::Days(90).max_age_secs(), Some(7_776_000));
        assert_eq!(Retention::Years(1).max_age_secs(), Some(31_536_000));
    }

    #[test]
    fn says_the_policy_wording_in_each_language() {
        let en = |r: Retention| r.label(Locale::En);
        assert_eq!(en(Retention::Session), "Session");
        assert_eq!(en(Retention::Days(1)), "1 day");
        assert_eq!(en(Retention::Days(30)), "30 days");
        assert_eq!(en(Retention::Years(1)), "1 year");
        assert_eq!(en(Retention::Years(2)), "2 years");
        assert_eq!(Retention::Days(30).label(Locale::De), "30 Tage");
        assert_eq!(Retention::Years(1).label(Locale::De), "1 Jahr");
        assert_eq!(Retention::Session.label(Locale::De), "Sitzung");
        assert_eq!(Retention::Days(90).label(Locale::Fr), "90 jours");
        assert_eq!(Retention::Years(1).label(Locale::Fr), "1 an");
    }
}
