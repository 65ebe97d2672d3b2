//! LeadsGen's Cookie Policy as data, declared once.
//!
//! The policy page's tables, the preferences form, cookie clearing and script gating all read
//! [`LEADSGEN`]. Adding a cookie means adding one [`CookieSpec`] to its category here; adding
//! a tracker means adding one [`TrackerScript`].

use super::script::{CspHosts, Loading, TrackerScript, TrackerSetting};
use super::{CalendarDate, Retention};

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
    /// "First party" or "Third party".
    pub const fn label(self) -> &'static str {
        match self {
            Party::First => "First party",
            Party::Third => "Third party",
        }
    }
}

/// One cookie the policy declares.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CookieSpec {
    /// The cookie's name as the browser stores it.
    pub name: &'static str,
    /// What it is for, in the policy's words.
    pub purpose: &'static str,
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
    pub name: &'static str,
    /// The policy's label after the name, e.g. "always on" or "opt-in, EU strict".
    pub label: &'static str,
    /// The policy's description of the category.
    pub description: &'static str,
    /// The cookies in this category, in the policy's order.
    pub cookies: &'static [CookieSpec],
    /// The tracker scripts this category loads once it is consented.
    pub scripts: &'static [TrackerScript],
}

impl Category {
    /// The heading the policy uses: "Strictly necessary (always on)".
    pub fn heading(&self) -> String {
        format!("{} ({})", self.name, self.label)
    }
}

/// The whole policy as data: revision, contact and categories.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Registry {
    /// The "Last updated" date. A stored consent for an earlier revision is no longer valid.
    pub revision: CalendarDate,
    /// Where to write with questions about cookies.
    pub contact_email: &'static str,
    /// The categories, in the policy's order.
    pub categories: &'static [Category],
}

impl Registry {
    /// The category with this id.
    ///
    /// # Panics
    /// Never for [`LEADSGEN`], whose categories cover every [`CategoryId`] (a unit test pins it).
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

/// The LeadsGen Cookie Policy, last updated April 12, 2026.
pub const LEADSGEN: Registry = Registry {
    revision: match CalendarDate::new(2026, 4, 12) {
        Some(d) => d,
        None => panic!("the policy revision is a real date"),
    },
    contact_email: "privacy@leadsgen.app",
    categories: &[
        Category {
            id: CategoryId::Necessary,
            name: "Strictly necessary",
            label: "always on",
            description: "These cookies are essential for the Service to function. You cannot opt \
                          out of them without breaking core functionality.",
            cookies: &[
                CookieSpec {
                    name: "next-auth.session-token",
                    purpose: "Keeps you signed in",
                    retention: Retention::Days(30),
                    provider: Provider::LeadsGen,
                },
                CookieSpec {
                    name: "next-auth.csrf-token",
                    purpose: "CSRF protection",
                    retention: Retention::Session,
                    provider: Provider::LeadsGen,
                },
                CookieSpec {
                    name: "__stripe_mid",
                    purpose: "Stripe fraud prevention",
                    retention: Retention::Years(1),
                    provider: Provider::Stripe,
                },
                CookieSpec {
                    name: "cookie-consent",
                    purpose: "Remembers your cookie preferences",
                    retention: Retention::Years(1),
                    provider: Provider::LeadsGen,
                },
            ],
            scripts: &[],
        },
        Category {
            id: CategoryId::Functional,
            name: "Functional",
            label: "opt-in",
            description: "Remember your preferences and personalize the experience. Disabling \
                          them will not break the Service.",
            cookies: &[
                CookieSpec {
                    name: "theme",
                    purpose: "Dark/light mode preference",
                    retention: Retention::Years(1),
                    provider: Provider::LeadsGen,
                },
                CookieSpec {
                    name: "sidebar-collapsed",
                    purpose: "Dashboard sidebar state",
                    retention: Retention::Years(1),
                    provider: Provider::LeadsGen,
                },
                CookieSpec {
                    name: "last-workspace",
                    purpose: "Last active workspace",
                    retention: Retention::Days(30),
                    provider: Provider::LeadsGen,
                },
            ],
            scripts: &[],
        },
        Category {
            id: CategoryId::Analytics,
            name: "Analytics",
            label: "opt-in",
            description: "Help us understand how users interact with the Service so we can \
                          improve it. All analytics are aggregated and anonymized.",
            cookies: &[
                CookieSpec {
                    name: "_plausible",
                    purpose: "Privacy-friendly page views",
                    retention: Retention::Session,
                    provider: Provider::Plausible,
                },
                CookieSpec {
                    name: "_vercel_analytics",
                    purpose: "Web vitals + route timings",
                    retention: Retention::Session,
                    provider: Provider::Vercel,
                },
            ],
            scripts: &[PLAUSIBLE, VERCEL_ANALYTICS],
        },
        Category {
            id: CategoryId::Marketing,
            name: "Marketing",
            label: "opt-in, EU strict",
            description: "We use minimal marketing cookies only if you explicitly consent. None \
                          of these fire before consent.",
            cookies: &[
                CookieSpec {
                    name: "_fbp",
                    purpose: "Facebook Pixel (conversion tracking)",
                    retention: Retention::Days(90),
                    provider: Provider::Facebook,
                },
                CookieSpec {
                    name: "_gcl_au",
                    purpose: "Google Ads attribution",
                    retention: Retention::Days(90),
                    provider: Provider::Google,
                },
            ],
            scripts: &[FACEBOOK_PIXEL, GOOGLE_ADS],
        },
    ],
};

/// Plausible Analytics: cookieless page views, sent to plausible.io.
const PLAUSIBLE: TrackerScript = TrackerScript {
    key: "plausible",
    provider: Provider::Plausible,
    setting: TrackerSetting {
        env: "LEADSGEN_PLAUSIBLE_DOMAIN",
        default: "leadsgen.app",
        meaning: "the site domain registered with Plausible",
    },
    init: None,
    src: "https://plausible.io/js/script.js",
    loading: Loading::Defer,
    data_attribute: Some(("data-domain", "{id}")),
    hosts: CspHosts {
        script: &["https://plausible.io"],
        connect: &["https://plausible.io"],
        img: &[],
        frame: &[],
    },
};

/// Vercel Web Analytics: served and reported same-origin by the Vercel edge, so it needs no
/// extra hosts (and a CSP cannot single it out: see the README).
const VERCEL_ANALYTICS: TrackerScript = TrackerScript {
    key: "vercel",
    provider: Provider::Vercel,
    setting: TrackerSetting {
        env: "LEADSGEN_VERCEL_ANALYTICS",
        default: "on",
        meaning: "`on` to load Vercel Web Analytics",
    },
    init: None,
    src: "/_vercel/insights/script.js",
    loading: Loading::Defer,
    data_attribute: None,
    hosts: CspHosts::NONE,
};

/// Meta's Facebook Pixel. The inline part is the pixel's command queue (Meta's snippet minus
/// its script injection, which the tag below does) and the init and page-view calls.
const FACEBOOK_PIXEL: TrackerScript = TrackerScript {
    key: "facebook",
    provider: Provider::Facebook,
    setting: TrackerSetting {
        env: "LEADSGEN_FACEBOOK_PIXEL_ID",
        default: "1029384756102938",
        meaning: "the Facebook Pixel ID",
    },
    init: Some(
        "!function(w){if(w.fbq)return;var n=w.fbq=function(){n.callMethod?\
         n.callMethod.apply(n,arguments):n.queue.push(arguments)};if(!w._fbq)w._fbq=n;\
         n.push=n;n.loaded=!0;n.version='2.0';n.queue=[]}(window);\
         fbq('init','{id}');fbq('track','PageView');",
    ),
    src: "https://connect.facebook.net/en_US/fbevents.js",
    loading: Loading::Async,
    data_attribute: None,
    hosts: CspHosts {
        script: &["https://connect.facebook.net"],
        connect: &["https://connect.facebook.net", "https://www.facebook.com"],
        img: &["https://www.facebook.com"],
        frame: &[],
    },
};

/// Google Ads through gtag.js. `gtag` itself and the Consent Mode default are defined by the
/// page's consent runtime before any Google tag.
const GOOGLE_ADS: TrackerScript = TrackerScript {
    key: "google-ads",
    provider: Provider::Google,
    setting: TrackerSetting {
        env: "LEADSGEN_GOOGLE_ADS_ID",
        default: "AW-1029384756",
        meaning: "the Google Ads tag ID (AW-…)",
    },
    init: Some("gtag('js',new Date());gtag('config','{id}');"),
    src: "https://www.googletagmanager.com/gtag/js?id={id}",
    loading: Loading::Async,
    data_attribute: None,
    hosts: CspHosts {
        script: &[
            "https://www.googletagmanager.com",
            "https://www.googleadservices.com",
            "https://googleads.g.doubleclick.net",
        ],
        connect: &[
            "https://www.googletagmanager.com",
            "https://www.googleadservices.com",
            "https://googleads.g.doubleclick.net",
            "https://www.google.com",
        ],
        img: &[
            "https://www.googletagmanager.com",
            "https://googleads.g.doubleclick.net",
            "https://www.google.com",
        ],
        frame: &[
            "https://td.doubleclick.net",
            "https://www.googletagmanager.com",
        ],
    },
};

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    fn names(id: CategoryId) -> Vec<&'static str> {
        LEADSGEN
            .category(id)
            .cookies
            .iter()
            .map(|c| c.name)
            .collect()
    }

    #[test]
    fn has_the_four_categories_in_policy_order() {
        let ids: Vec<_> = LEADSGEN.categories.iter().map(|c| c.id).collect();
        assert_eq!(ids, CategoryId::ALL);
        let headings: Vec<_> = LEADSGEN.categories.iter().map(Category::heading).collect();
        assert_eq!(
            headings,
            [
                "Strictly necessary (always on)",
                "Functional (opt-in)",
                "Analytics (opt-in)",
                "Marketing (opt-in, EU strict)",
            ]
        );
    }

    #[test]
    fn has_the_eleven_cookies_each_in_its_category() {
        assert_eq!(LEADSGEN.cookies().count(), 11);
        assert_eq!(
            names(CategoryId::Necessary),
            [
                "next-auth.session-token",
                "next-auth.csrf-token",
                "__stripe_mid",
                "cookie-consent"
            ]
        );
        assert_eq!(
            names(CategoryId::Functional),
            ["theme", "sidebar-collapsed", "last-workspace"]
        );
        assert_eq!(
            names(CategoryId::Analytics),
            ["_plausible", "_vercel_analytics"]
        );
        assert_eq!(names(CategoryId::Marketing), ["_fbp", "_gcl_au"]);
    }

    #[test]
    fn only_analytics_and_marketing_load_scripts() {
        let scripts: Vec<_> = LEADSGEN.scripts().map(|(c, s)| (c, s.key)).collect();
        assert_eq!(
            scripts,
            [
                (CategoryId::Analytics, "plausible"),
                (CategoryId::Analytics, "vercel"),
                (CategoryId::Marketing, "facebook"),
                (CategoryId::Marketing, "google-ads"),
            ]
        );
    }

    #[test]
    fn scripts_load_from_the_partners_the_policy_names() {
        let src = |key: &str| {
            LEADSGEN
                .scripts()
                .find(|(_, s)| s.key == key)
                .unwrap()
                .1
                .src
        };
        assert_eq!(src("plausible"), "https://plausible.io/js/script.js");
        assert_eq!(src("vercel"), "/_vercel/insights/script.js");
        assert_eq!(
            src("facebook"),
            "https://connect.facebook.net/en_US/fbevents.js"
        );
        assert_eq!(
            src("google-ads"),
            "https://www.googletagmanager.com/gtag/js?id={id}"
        );
        for (_, s) in LEADSGEN.scripts() {
            // Every tracker's provider sets a cookie the policy declares.
            assert!(
                LEADSGEN.cookies().any(|(_, c)| c.provider == s.provider),
                "{}",
                s.key
            );
            assert!(s.setting.env.starts_with("LEADSGEN_"), "{}", s.key);
            for host in s
                .hosts
                .script
                .iter()
                .chain(s.hosts.connect)
                .chain(s.hosts.img)
            {
                assert!(
                    host.starts_with("https://") && !host.ends_with('/'),
                    "{host}"
                );
            }
        }
    }

    #[test]
    fn cookie_names_are_unique() {
        let all: Vec<_> = LEADSGEN.cookies().map(|(_, c)| c.name).collect();
        let unique: HashSet<_> = all.iter().collect();
        assert_eq!(unique.len(), all.len());
    }

    #[test]
    fn durations_match_the_policy() {
        let expect = [
            ("next-auth.session-token", "30 days", Some(30 * 86_400)),
            ("next-auth.csrf-token", "Session", None),
            ("__stripe_mid", "1 year", Some(365 * 86_400)),
            ("cookie-consent", "1 year", Some(31_536_000)),
            ("theme", "1 year", Some(31_536_000)),
            ("sidebar-collapsed", "1 year", Some(31_536_000)),
            ("last-workspace", "30 days", Some(2_592_000)),
            ("_plausible", "Session", None),
            ("_vercel_analytics", "Session", None),
            ("_fbp", "90 days", Some(7_776_000)),
            ("_gcl_au", "90 days", Some(7_776_000)),
        ];
        for (name, text, max_age) in expect {
            let (_, c) = LEADSGEN.cookies().find(|(_, c)| c.name == name).unwrap();
            assert_eq!(c.retention.to_string(), text, "{name}");
            assert_eq!(c.retention.max_age_secs(), max_age, "{name}");
        }
    }

    #[test]
    fn providers_and_parties_match_the_policy() {
        let provider = |n: &str| {
            LEADSGEN
                .cookies()
                .find(|(_, c)| c.name == n)
                .unwrap()
                .1
                .provider
        };
        assert_eq!(provider("__stripe_mid"), Provider::Stripe);
        assert_eq!(provider("_plausible"), Provider::Plausible);
        assert_eq!(provider("_vercel_analytics"), Provider::Vercel);
        assert_eq!(provider("_fbp"), Provider::Facebook);
        assert_eq!(provider("_gcl_au"), Provider::Google);
        assert_eq!(provider("theme"), Provider::LeadsGen);
        assert_eq!(provider("__stripe_mid").party(), Party::Third);
        assert_eq!(provider("cookie-consent").party(), Party::First);
        let third: Vec<_> = LEADSGEN
            .cookies()
            .filter(|(_, c)| c.party() == Party::Third)
            .map(|(_, c)| c.name)
            .collect();
        assert_eq!(
            third,
            [
                "__stripe_mid",
                "_plausible",
                "_vercel_analytics",
                "_fbp",
                "_gcl_au"
            ]
        );
    }

    #[test]
    fn revision_and_contact() {
        assert_eq!(LEADSGEN.revision.long(), "April 12, 2026");
        assert_eq!(LEADSGEN.contact_email, "privacy@leadsgen.app");
    }

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
    fn keys_round_trip_and_lookups_work() {
        for id in CategoryId::ALL {
            assert_eq!(CategoryId::from_key(id.key()), Some(id));
        }
        assert_eq!(CategoryId::from_key("ads"), None);
        assert_eq!(LEADSGEN.category_of("_fbp"), Some(CategoryId::Marketing));
        assert_eq!(LEADSGEN.category_of("theme"), Some(CategoryId::Functional));
        assert_eq!(LEADSGEN.category_of("unknown"), None);
        assert_eq!(
            LEADSGEN.cookie("_gcl_au").unwrap().provider,
            Provider::Google
        );
        assert!(LEADSGEN.cookie("unknown").is_none());
    }

    #[test]
    fn descriptions_use_the_policy_wording() {
        assert!(LEADSGEN
            .category(CategoryId::Marketing)
            .description
            .ends_with("None of these fire before consent."));
        assert!(LEADSGEN
            .category(CategoryId::Necessary)
            .description
            .starts_with("These cookies are essential for the Service to function."));
    }
}
