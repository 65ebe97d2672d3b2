//! LeadsGen's Cookie Policy as data: the one place its categories, cookies, tracker scripts,
//! revision and contact are declared. The types that describe it are in
//! [`registry`](super::registry).
//!
//! The policy page's tables, the preferences form, cookie clearing, script gating, the CSP and
//! the consent runtime's page state all read [`LEADSGEN`]. Adding a cookie is one
//! [`CookieSpec`] in its category; adding a tracker is one [`TrackerScript`] in its category's
//! `scripts`.

use super::registry::Provider;
use super::registry::{Category, CategoryId, CookieSpec, Registry};
use super::registry::{CspHosts, Loading, TrackerScript, TrackerSetting};
use super::Retention;
use crate::dates::CalendarDate;
use crate::i18n::Text;

/// The LeadsGen Cookie Policy, last updated April 12, 2026.
pub const LEADSGEN: Registry = Registry {
    revision: match CalendarDate::new(2026, 4, 12) {
        Some(d) => d,
        None => panic!("the policy revision is a real date"),
    },
    controller: "LeadsGen",
    contact_email: "privacy@leadsgen.app",
    // One year, as the policy says of `cookie-consent`. LeadsGen's counsel may shorten it
    // (docs/compliance-notes.md): change it here and the cookie's duration with it.
    consent_lifetime_days: 365,
    categories: &[
        Category {
            id: CategoryId::Necessary,
            name: Text {
                en: "Strictly necessary",
                de: "Unbedingt erforderlich",
                fr: "Strictement nécessaires",
            },
            label: Text {
                en: "always on",
                de: "immer aktiv",
                fr: "toujours actifs",
            },
            description: Text {
                en: "These cookies are essential for the Service to function. You cannot opt \
                     out of them without breaking core functionality.",
                de: "Diese Cookies sind für den Betrieb des Dienstes unerlässlich. Sie können \
                     sie nicht abwählen, ohne Kernfunktionen zu beeinträchtigen.",
                fr: "Ces cookies sont indispensables au fonctionnement du Service. Vous ne \
                     pouvez pas les refuser sans empêcher ses fonctions essentielles de marcher.",
            },
            cookies: &[
                CookieSpec {
                    name: "next-auth.session-token",
                    purpose: Text {
                        en: "Keeps you signed in",
                        de: "Hält Sie angemeldet",
                        fr: "Vous garde connecté",
                    },
                    retention: Retention::Days(30),
                    provider: Provider::LeadsGen,
                },
                CookieSpec {
                    name: "next-auth.csrf-token",
                    purpose: Text {
                        en: "CSRF protection",
                        de: "Schutz vor CSRF-Angriffen",
                        fr: "Protection contre les attaques CSRF",
                    },
                    retention: Retention::Session,
                    provider: Provider::LeadsGen,
                },
                CookieSpec {
                    name: "__stripe_mid",
                    purpose: Text {
                        en: "Stripe fraud prevention",
                        de: "Betrugsprävention durch Stripe",
                        fr: "Prévention de la fraude par Stripe",
                    },
                    retention: Retention::Years(1),
                    provider: Provider::Stripe,
                },
                CookieSpec {
                    name: "cookie-consent",
                    purpose: Text {
                        en: "Remembers your cookie preferences",
                        de: "Speichert Ihre Cookie-Einstellungen",
                        fr: "Mémorise vos préférences cookies",
                    },
                    retention: Retention::Years(1),
                    provider: Provider::LeadsGen,
                },
            ],
            scripts: &[],
        },
        Category {
            id: CategoryId::Functional,
            name: Text {
                en: "Functional",
                de: "Funktional",
                fr: "Fonctionnels",
            },
            label: Text {
                en: "opt-in",
                de: "nur mit Einwilligung",
                fr: "sur consentement",
            },
            description: Text {
                en: "Remember your preferences and personalize the experience. Disabling them \
                     will not break the Service.",
                de: "Merken sich Ihre Einstellungen und passen das Erlebnis an Sie an. Wenn Sie \
                     sie ausschalten, funktioniert der Dienst weiterhin.",
                fr: "Mémorisent vos préférences et personnalisent votre expérience. Les \
                     désactiver n’empêche pas le Service de fonctionner.",
            },
            cookies: &[
                CookieSpec {
                    name: "theme",
                    purpose: Text {
                        en: "Dark/light mode preference",
                        de: "Bevorzugter heller oder dunkler Modus",
                        fr: "Préférence de mode clair ou sombre",
                    },
                    retention: Retention::Years(1),
                    provider: Provider::LeadsGen,
                },
                CookieSpec {
                    name: "sidebar-collapsed",
                    purpose: Text {
                        en: "Dashboard sidebar state",
                        de: "Zustand der Seitenleiste im Dashboard",
                        fr: "État de la barre latérale du tableau de bord",
                    },
                    retention: Retention::Years(1),
                    provider: Provider::LeadsGen,
                },
                CookieSpec {
                    name: "last-workspace",
                    purpose: Text {
                        en: "Last active workspace",
                        de: "Zuletzt aktiver Arbeitsbereich",
                        fr: "Dernier espace de travail actif",
                    },
                    retention: Retention::Days(30),
                    provider: Provider::LeadsGen,
                },
            ],
            scripts: &[],
        },
        Category {
            id: CategoryId::Analytics,
            name: Text {
                en: "Analytics",
                de: "Analyse",
                fr: "Mesure d’audience",
            },
            label: Text {
                en: "opt-in",
                de: "nur mit Einwilligung",
                fr: "sur consentement",
            },
            description: Text {
                en: "Help us understand how users interact with the Service so we can improve \
                     it. All analytics are aggregated and anonymized.",
                de: "Helfen uns zu verstehen, wie der Dienst genutzt wird, damit wir ihn \
                     verbessern können. Alle Analysen sind zusammengefasst und anonymisiert.",
                fr: "Nous aident à comprendre comment le Service est utilisé, afin de \
                     l’améliorer. Toutes les statistiques sont agrégées et anonymisées.",
            },
            cookies: &[
                CookieSpec {
                    name: "_plausible",
                    purpose: Text {
                        en: "Privacy-friendly page views",
                        de: "Datenschutzfreundliche Seitenaufrufe",
                        fr: "Pages vues respectueuses de la vie privée",
                    },
                    retention: Retention::Session,
                    provider: Provider::Plausible,
                },
                CookieSpec {
                    name: "_vercel_analytics",
                    purpose: Text {
                        en: "Web vitals + route timings",
                        de: "Web Vitals und Ladezeiten der Seiten",
                        fr: "Web Vitals et temps de chargement des pages",
                    },
                    retention: Retention::Session,
                    provider: Provider::Vercel,
                },
            ],
            scripts: &[PLAUSIBLE, VERCEL_ANALYTICS],
        },
        Category {
            id: CategoryId::Marketing,
            name: Text::same("Marketing"),
            label: Text {
                en: "opt-in, EU strict",
                de: "nur mit Einwilligung, strenge EU-Regeln",
                fr: "sur consentement, règles européennes strictes",
            },
            description: Text {
                en: "We use minimal marketing cookies only if you explicitly consent. None of \
                     these fire before consent.",
                de: "Wir verwenden wenige Marketing-Cookies, und nur mit Ihrer ausdrücklichen \
                     Einwilligung. Keiner davon wird vor der Einwilligung aktiv.",
                fr: "Nous n’utilisons que peu de cookies marketing, et seulement avec votre \
                     consentement explicite. Aucun n’est déclenché avant votre consentement.",
            },
            cookies: &[
                CookieSpec {
                    name: "_fbp",
                    purpose: Text {
                        en: "Facebook Pixel (conversion tracking)",
                        de: "Facebook-Pixel (Conversion-Tracking)",
                        fr: "Pixel Facebook (suivi des conversions)",
                    },
                    retention: Retention::Days(90),
                    provider: Provider::Facebook,
                },
                CookieSpec {
                    name: "_gcl_au",
                    purpose: Text {
                        en: "Google Ads attribution",
                        de: "Google-Ads-Attribution",
                        fr: "Attribution Google Ads",
                    },
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
    use crate::i18n::Locale;

    /// One category as the published policy shows it: heading, description, and its cookies as
    /// (name, purpose, duration, provider).
    type PublishedCategory = (
        &'static str,
        &'static str,
        &'static [(&'static str, &'static str, &'static str, Provider)],
    );

    /// The Cookie Policy as LeadsGen published it, pinned on purpose: a registry change that
    /// changes the published policy must change this table too, deliberately.
    const PUBLISHED: &[PublishedCategory] = &[
        (
            "Strictly necessary (always on)",
            "These cookies are essential for the Service to function. You cannot opt out of \
             them without breaking core functionality.",
            &[
                (
                    "next-auth.session-token",
                    "Keeps you signed in",
                    "30 days",
                    Provider::LeadsGen,
                ),
                (
                    "next-auth.csrf-token",
                    "CSRF protection",
                    "Session",
                    Provider::LeadsGen,
                ),
                (
                    "__stripe_mid",
                    "Stripe fraud prevention",
                    "1 year",
                    Provider::Stripe,
                ),
                (
                    "cookie-consent",
                    "Remembers your cookie preferences",
                    "1 year",
                    Provider::LeadsGen,
                ),
            ],
        ),
        (
            "Functional (opt-in)",
            "Remember your preferences and personalize the experience. Disabling them will not \
             break the Service.",
            &[
                (
                    "theme",
                    "Dark/light mode preference",
                    "1 year",
                    Provider::LeadsGen,
                ),
                (
                    "sidebar-collapsed",
                    "Dashboard sidebar state",
                    "1 year",
                    Provider::LeadsGen,
                ),
                (
                    "last-workspace",
                    "Last active workspace",
                    "30 days",
                    Provider::LeadsGen,
                ),
            ],
        ),
        (
            "Analytics (opt-in)",
            "Help us understand how users interact with the Service so we can improve it. All \
             analytics are aggregated and anonymized.",
            &[
                (
                    "_plausible",
                    "Privacy-friendly page views",
                    "Session",
                    Provider::Plausible,
                ),
                (
                    "_vercel_analytics",
                    "Web vitals + route timings",
                    "Session",
                    Provider::Vercel,
                ),
            ],
        ),
        (
            "Marketing (opt-in, EU strict)",
            "We use minimal marketing cookies only if you explicitly consent. None of these fire \
             before consent.",
            &[
                (
                    "_fbp",
                    "Facebook Pixel (conversion tracking)",
                    "90 days",
                    Provider::Facebook,
                ),
                (
                    "_gcl_au",
                    "Google Ads attribution",
                    "90 days",
                    Provider::Google,
                ),
            ],
        ),
    ];

    #[test]
    fn matches_the_published_policy() {
        assert_eq!(Locale::En.long_date(LEADSGEN.revision), "April 12, 2026");
        assert_eq!(LEADSGEN.controller, "LeadsGen");
        assert_eq!(LEADSGEN.contact_email, "privacy@leadsgen.app");
        let declared: Vec<_> = LEADSGEN
            .categories
            .iter()
            .map(|c| {
                let cookies: Vec<_> = c
                    .cookies
                    .iter()
                    .map(|k| {
                        let duration = k.retention.label(Locale::En);
                        (k.name, k.purpose.en, duration, k.provider)
                    })
                    .collect();
                (c.heading(Locale::En), c.description.en, cookies)
            })
            .collect();
        let published: Vec<_> = PUBLISHED
            .iter()
            .map(|(heading, description, cookies)| {
                let cookies: Vec<_> = cookies
                    .iter()
                    .map(|&(n, p, d, provider)| (n, p, d.to_string(), provider))
                    .collect();
                (heading.to_string(), *description, cookies)
            })
            .collect();
        assert_eq!(declared, published);
    }

    #[test]
    fn loads_the_trackers_leadsgen_uses_from_their_vendors() {
        let scripts: Vec<_> = LEADSGEN.scripts().map(|(c, s)| (c, s.key, s.src)).collect();
        assert_eq!(
            scripts,
            [
                (
                    CategoryId::Analytics,
                    "plausible",
                    "https://plausible.io/js/script.js"
                ),
                (
                    CategoryId::Analytics,
                    "vercel",
                    "/_vercel/insights/script.js"
                ),
                (
                    CategoryId::Marketing,
                    "facebook",
                    "https://connect.facebook.net/en_US/fbevents.js"
                ),
                (
                    CategoryId::Marketing,
                    "google-ads",
                    "https://www.googletagmanager.com/gtag/js?id={id}"
                ),
            ]
        );
    }
}

/// Invariants the rest of the app relies on, whatever the policy says.
#[cfg(test)]
mod invariants {
    use super::*;
    use crate::consent::Party;
    use std::collections::HashSet;

    #[test]
    fn declares_every_category_once_in_order() {
        let ids: Vec<_> = LEADSGEN.categories.iter().map(|c| c.id).collect();
        assert_eq!(ids, CategoryId::ALL);
        for id in CategoryId::ALL {
            assert_eq!(LEADSGEN.category(id).id, id);
        }
    }

    #[test]
    fn cookie_names_are_unique_and_found_by_name() {
        let all: Vec<_> = LEADSGEN.cookies().map(|(_, c)| c.name).collect();
        let unique: HashSet<_> = all.iter().collect();
        assert_eq!(unique.len(), all.len());
        for (category, cookie) in LEADSGEN.cookies() {
            assert_eq!(LEADSGEN.cookie(cookie.name), Some(cookie));
            assert_eq!(LEADSGEN.category_of(cookie.name), Some(category));
        }
        assert_eq!(LEADSGEN.cookie("unknown"), None);
        assert_eq!(LEADSGEN.category_of("unknown"), None);
    }

    #[test]
    fn cookie_consent_lives_exactly_as_long_as_a_decision_counts() {
        let cookie = LEADSGEN.cookie("cookie-consent").expect("declared");
        assert_eq!(
            cookie.retention.max_age_secs(),
            Some(u64::from(LEADSGEN.consent_lifetime_days) * 86_400)
        );
    }

    #[test]
    fn only_leadsgen_sets_first_party_cookies() {
        for (_, cookie) in LEADSGEN.cookies() {
            let first = cookie.provider == Provider::LeadsGen;
            assert_eq!(cookie.party() == Party::First, first, "{}", cookie.name);
        }
    }

    #[test]
    fn trackers_are_gated_configured_and_restricted_to_https_hosts() {
        let keys: Vec<_> = LEADSGEN.scripts().map(|(_, s)| s.key).collect();
        assert_eq!(keys.iter().collect::<HashSet<_>>().len(), keys.len());
        for (category, s) in LEADSGEN.scripts() {
            // A tracker belongs to a category a visitor can refuse, and its provider sets a
            // cookie the policy declares.
            assert!(category.is_optional(), "{}", s.key);
            assert!(
                LEADSGEN.cookies().any(|(_, c)| c.provider == s.provider),
                "{}",
                s.key
            );
            assert!(s.setting.env.starts_with("LEADSGEN_"), "{}", s.key);
            let h = s.hosts;
            for host in [h.script, h.connect, h.img, h.frame].concat() {
                assert!(
                    host.starts_with("https://") && !host.ends_with('/'),
                    "{host}"
                );
            }
        }
    }
}
