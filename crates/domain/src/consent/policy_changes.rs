//! What changed in the policy since a visitor's consent, as the visitor is told it: categories
//! and cookies added or removed, a cookie's purpose, duration or setter changed, and tracker
//! scripts (provider and host) added or removed.
//!
//! Both sides are [`PolicyOutline`]s, in one language: the current one is read from the
//! [`Registry`], an earlier one from the canonical snapshot the consent log kept of it (see
//! `consent-log`'s `policy_version`). [`PolicyChanges::between`] compares them;
//! [`PolicyChangeBook`] holds the comparison for every earlier revision the log knows, per
//! language, so a page looks one up instead of comparing.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::registry::Registry;
use crate::dates::CalendarDate;
use crate::i18n::{fill, Locale};

/// The parts of one policy version that a consent depends on, in one language, with the
/// wording the visitor saw: every category with its cookies and tracker scripts. The consent
/// log's policy snapshot is made of it (its `categories`, serialized in this field order,
/// which its hash depends on) and read back from it ([`PolicyOutline::from_snapshot`]).
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct PolicyOutline {
    /// The categories, in the policy's order.
    pub categories: Vec<CategoryOutline>,
}

/// One category of a [`PolicyOutline`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CategoryOutline {
    /// The stable key, e.g. `analytics` ([`CategoryId::key`](super::CategoryId::key)).
    pub key: String,
    /// Its name as shown, e.g. "Analytics".
    pub name: String,
    /// The label after the name, e.g. "opt-in".
    #[serde(default)]
    pub label: String,
    /// What the category is for, in the policy's words.
    #[serde(default)]
    pub description: String,
    /// Whether a visitor may switch it off.
    #[serde(default)]
    pub optional: bool,
    /// Its cookies, in the policy's order.
    pub cookies: Vec<CookieOutline>,
    /// The tracker scripts it loads.
    pub trackers: Vec<TrackerOutline>,
}

/// One cookie of a [`CategoryOutline`], with the policy's wording.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CookieOutline {
    /// The cookie's name, e.g. `_fbp`.
    pub name: String,
    /// What it is for.
    pub purpose: String,
    /// How long it lives, as shown: "90 days", "Session".
    pub duration: String,
    /// "First party" or "Third party", as shown.
    pub party: String,
    /// Who sets it, e.g. "Facebook".
    pub provider: String,
}

/// One tracker script of a [`CategoryOutline`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TrackerOutline {
    /// The script's stable key, e.g. `facebook`.
    pub key: String,
    /// Who runs it, e.g. "Facebook".
    pub provider: String,
    /// Its URL template, absolute or relative to the site.
    pub src: String,
}

impl TrackerOutline {
    /// The host the script loads from (`connect.facebook.net`, with a port if the URL has
    /// one); `None` for a script served by the site itself (a relative URL).
    pub fn host(&self) -> Option<&str> {
        let rest = ["https://", "http://", "//"]
            .iter()
            .find_map(|scheme| self.src.strip_prefix(scheme))?;
        let end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
        Some(&rest[..end]).filter(|h| !h.is_empty())
    }
}

/// Why a stored snapshot could not be read as a [`PolicyOutline`].
#[derive(Debug, thiserror::Error)]
#[error("the policy snapshot is not readable: {0}")]
pub struct SnapshotError(#[from] serde_json::Error);

impl PolicyOutline {
    /// The outline of `registry` in `locale`, with exactly the wording its snapshot stores.
    pub fn of(registry: &Registry, locale: Locale) -> Self {
        let categories = registry
            .categories
            .iter()
            .map(|c| CategoryOutline {
                key: c.id.key().to_string(),
                name: c.name.get(locale).to_string(),
                label: c.label.get(locale).to_string(),
                description: c.description.get(locale).to_string(),
                optional: c.id.is_optional(),
                cookies: c
                    .cookies
                    .iter()
                    .map(|k| CookieOutline {
                        name: k.name.to_string(),
                        purpose: k.purpose.get(locale).to_string(),
                        duration: k.retention.label(locale),
                        party: k.party().label(locale).to_string(),
                        provider: k.provider.name().to_string(),
                    })
                    .collect(),
                trackers: c
                    .scripts
                    .iter()
                    .map(|s| TrackerOutline {
                        key: s.key.to_string(),
                        provider: s.provider.name().to_string(),
                        src: s.src.to_string(),
                    })
                    .collect(),
            })
            .collect();
        PolicyOutline { categories }
    }

    /// Reads the outline from a stored policy snapshot (compact JSON with a `categories`
    /// array; other fields are ignored). Returns `Err(SnapshotError)` for anything else.
    pub fn from_snapshot(json: &str) -> Result<Self, SnapshotError> {
        Ok(serde_json::from_str(json)?)
    }

    fn category(&self, key: &str) -> Option<&CategoryOutline> {
        self.categories.iter().find(|c| c.key == key)
    }

    fn cookies(&self) -> impl Iterator<Item = (&CategoryOutline, &CookieOutline)> {
        self.categories
            .iter()
            .flat_map(|c| c.cookies.iter().map(move |k| (c, k)))
    }

    fn cookie(&self, name: &str) -> Option<(&CategoryOutline, &CookieOutline)> {
        self.cookies().find(|(_, k)| k.name == name)
    }

    /// Every tracker as (category key, category name, provider, host), without repeats.
    fn trackers(&self) -> Vec<TrackerPlace<'_>> {
        let mut all: Vec<TrackerPlace<'_>> = Vec::new();
        for c in &self.categories {
            for t in &c.trackers {
                let place = TrackerPlace {
                    category_key: &c.key,
                    category: &c.name,
                    provider: &t.provider,
                    host: t.host(),
                };
                if !all.iter().any(|p| p.same_as(&place)) {
                    all.push(place);
                }
            }
        }
        all
    }
}

/// Where a tracker runs from, for comparing two outlines.
struct TrackerPlace<'a> {
    category_key: &'a str,
    category: &'a str,
    provider: &'a str,
    host: Option<&'a str>,
}

impl TrackerPlace<'_> {
    fn same_as(&self, other: &TrackerPlace<'_>) -> bool {
        (self.category_key, self.provider, self.host)
            == (other.category_key, other.provider, other.host)
    }

    fn change(&self, added: bool) -> Change {
        let (provider, host, category) = (
            self.provider.to_string(),
            self.host.map(str::to_string),
            self.category.to_string(),
        );
        if added {
            Change::TrackerAdded {
                provider,
                host,
                category,
            }
        } else {
            Change::TrackerRemoved {
                provider,
                host,
                category,
            }
        }
    }
}

/// One thing that changed, with the wording of the side it comes from (the current policy's
/// for what is new or changed, the earlier one's for what is gone), in one language. Every
/// `category` is a category's display name ("Analytics", "Analyse"), not its key; every
/// `cookie` is a cookie's name as the browser stores it (`_fbp`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Change {
    /// A category the earlier policy did not have.
    CategoryAdded {
        /// Its name.
        category: String,
    },
    /// A category the current policy no longer has.
    CategoryRemoved {
        /// Its name, as the earlier policy gave it.
        category: String,
    },
    /// A cookie new to the policy.
    CookieAdded {
        /// The cookie's name.
        cookie: String,
        /// The category it is in.
        category: String,
    },
    /// A cookie the current policy no longer declares.
    CookieRemoved {
        /// The cookie's name.
        cookie: String,
        /// The category it was in.
        category: String,
    },
    /// A cookie declared in another category than before.
    CookieMoved {
        /// The cookie's name.
        cookie: String,
        /// The category it was in.
        from: String,
        /// The category it is in.
        to: String,
    },
    /// A cookie's purpose is worded differently.
    PurposeChanged {
        /// The cookie's name.
        cookie: String,
        /// The new wording.
        purpose: String,
    },
    /// A cookie lives for a different time.
    DurationChanged {
        /// The cookie's name.
        cookie: String,
        /// The new duration as the policy shows it ("90 days", translated).
        duration: String,
        /// Whether it is now a session cookie (kept until the browser closes).
        session: bool,
    },
    /// Someone else sets the cookie, or it changed party.
    SetterChanged {
        /// The cookie's name.
        cookie: String,
        /// Who sets it now, e.g. "Stripe".
        provider: String,
        /// "First party" or "Third party" as the policy shows it, translated.
        party: String,
    },
    /// A tracker script the earlier policy did not load.
    TrackerAdded {
        /// Who runs it, e.g. "Google".
        provider: String,
        /// The host it loads from; `None` when the site serves it itself.
        host: Option<String>,
        /// The category that gates it.
        category: String,
    },
    /// A tracker script no longer loaded.
    TrackerRemoved {
        /// Who ran it.
        provider: String,
        /// The host it loaded from; `None` when the site served it itself.
        host: Option<String>,
        /// The category that gated it.
        category: String,
    },
}

impl Change {
    /// The change as one short sentence in `locale`, e.g. "Added: _gcl_au to Marketing",
    /// "Changed: _fbp now lasts 90 days".
    pub fn describe(&self, locale: Locale) -> String {
        let m = &locale.messages().changes;
        let host = |h: &Option<String>| h.clone().unwrap_or_else(|| m.this_site.to_string());
        match self {
            Change::CategoryAdded { category } => fill(m.category_added, &[("category", category)]),
            Change::CategoryRemoved { category } => {
                fill(m.category_removed, &[("category", category)])
            }
            Change::CookieAdded { cookie, category } => fill(
                m.cookie_added,
                &[("cookie", cookie), ("category", category)],
            ),
            Change::CookieRemoved { cookie, category } => fill(
                m.cookie_removed,
                &[("cookie", cookie), ("category", category)],
            ),
            Change::CookieMoved { cookie, from, to } => fill(
                m.cookie_moved,
                &[("cookie", cookie), ("from", from), ("to", to)],
            ),
            Change::PurposeChanged { cookie, purpose } => fill(
                m.purpose_changed,
                &[("cookie", cookie), ("purpose", purpose)],
            ),
            Change::DurationChanged {
                cookie,
                duration,
                session,
            } => {
                if *session {
                    fill(m.now_session, &[("cookie", cookie)])
                } else {
                    fill(m.now_lasts, &[("cookie", cookie), ("duration", duration)])
                }
            }
            Change::SetterChanged {
                cookie,
                provider,
                party,
            } => fill(
                m.setter_changed,
                &[("cookie", cookie), ("provider", provider), ("party", party)],
            ),
            Change::TrackerAdded {
                provider,
                host: h,
                category,
            } => fill(
                m.tracker_added,
                &[
                    ("provider", provider),
                    ("host", &host(h)),
                    ("category", category),
                ],
            ),
            Change::TrackerRemoved {
                provider,
                host: h,
                category,
            } => fill(
                m.tracker_removed,
                &[
                    ("provider", provider),
                    ("host", &host(h)),
                    ("category", category),
                ],
            ),
        }
    }
}

/// What changed from one policy version to another, in the order a reader meets it:
/// categories, then cookies in the current policy's order, cookies that are gone, then
/// trackers added and removed. Empty when the versions differ only in wording elsewhere.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct PolicyChanges {
    /// The changes.
    pub changes: Vec<Change>,
}

impl PolicyChanges {
    /// Compares `before` (the version a consent was given under) with `now`. `now_session` is
    /// how `now` words a session cookie's duration (it is language-dependent), so that a
    /// cookie that became a session cookie reads as such.
    pub fn between(before: &PolicyOutline, now: &PolicyOutline, now_session: &str) -> Self {
        let mut changes = Vec::new();
        for c in &now.categories {
            if before.category(&c.key).is_none() {
                changes.push(Change::CategoryAdded {
                    category: c.name.clone(),
                });
            }
        }
        for c in &before.categories {
            if now.category(&c.key).is_none() {
                changes.push(Change::CategoryRemoved {
                    category: c.name.clone(),
                });
            }
        }
        for (category, cookie) in now.cookies() {
            let Some((old_category, old)) = before.cookie(&cookie.name) else {
                changes.push(Change::CookieAdded {
                    cookie: cookie.name.clone(),
                    category: category.name.clone(),
                });
                continue;
            };
            let name = || cookie.name.clone();
            if old_category.key != category.key {
                changes.push(Change::CookieMoved {
                    cookie: name(),
                    from: old_category.name.clone(),
                    to: category.name.clone(),
                });
            }
            if old.purpose != cookie.purpose {
                changes.push(Change::PurposeChanged {
                    cookie: name(),
                    purpose: cookie.purpose.clone(),
                });
            }
            if old.duration != cookie.duration {
                changes.push(Change::DurationChanged {
                    cookie: name(),
                    duration: cookie.duration.clone(),
                    session: cookie.duration == now_session,
                });
            }
            if (&old.provider, &old.party) != (&cookie.provider, &cookie.party) {
                changes.push(Change::SetterChanged {
                    cookie: name(),
                    provider: cookie.provider.clone(),
                    party: cookie.party.clone(),
                });
            }
        }
        for (category, cookie) in before.cookies() {
            if now.cookie(&cookie.name).is_none() {
                changes.push(Change::CookieRemoved {
                    cookie: cookie.name.clone(),
                    category: category.name.clone(),
                });
            }
        }
        let (was, is) = (before.trackers(), now.trackers());
        for t in &is {
            if !was.iter().any(|w| w.same_as(t)) {
                changes.push(t.change(true));
            }
        }
        for t in &was {
            if !is.iter().any(|i| i.same_as(t)) {
                changes.push(t.change(false));
            }
        }
        PolicyChanges { changes }
    }

    /// Every change as a sentence in `locale` ([`Change::describe`]).
    pub fn lines(&self, locale: Locale) -> Vec<String> {
        self.changes.iter().map(|c| c.describe(locale)).collect()
    }
}

/// What changed since each earlier revision the consent log knows, per language: built once
/// when the server starts, read on every page of a visitor whose consent is for an earlier
/// revision. A revision it does not hold (a consent older than the log) has no entry, and the
/// page says only that the policy was updated.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PolicyChangeBook {
    by_revision: BTreeMap<(String, Locale), PolicyChanges>,
}

impl PolicyChangeBook {
    /// The book for `current`, from stored snapshots as (revision `YYYY-MM-DD`, language tag,
    /// snapshot JSON). Snapshots of the current revision, in an unknown language or that do
    /// not parse are skipped; where one revision has several snapshots in a language (its
    /// wording changed without a new date), the last one given counts, so pass them oldest
    /// first. Returns the book and how many snapshots could not be read.
    pub fn build<'a>(
        current: &Registry,
        snapshots: impl IntoIterator<Item = (&'a str, &'a str, &'a str)>,
    ) -> (Self, usize) {
        let today = current.revision.iso();
        let mut book = PolicyChangeBook::default();
        let mut unreadable = 0;
        for (revision, tag, json) in snapshots {
            let Some(locale) = Locale::from_tag(tag) else {
                unreadable += 1;
                continue;
            };
            if revision == today {
                continue;
            }
            match PolicyOutline::from_snapshot(json) {
                Ok(before) => {
                    let now = PolicyOutline::of(current, locale);
                    let session = locale.messages().form.session;
                    let changes = PolicyChanges::between(&before, &now, session);
                    book.by_revision
                        .insert((revision.to_string(), locale), changes);
                }
                Err(_) => unreadable += 1,
            }
        }
        (book, unreadable)
    }

    /// What changed since `revision`, in `locale`; `None` when the log holds no snapshot of
    /// that revision in that language.
    pub fn since(&self, revision: CalendarDate, locale: Locale) -> Option<&PolicyChanges> {
        self.by_revision.get(&(revision.iso(), locale))
    }

    /// How many (revision, language) pairs it holds.
    pub fn len(&self) -> usize {
        self.by_revision.len()
    }

    /// Whether it holds none.
    pub fn is_empty(&self) -> bool {
        self.by_revision.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::consent::registry::{
        Category, CategoryId, CookieSpec, CspHosts, Loading, Provider, Retention, TrackerScript,
        TrackerSetting,
    };
    use crate::consent::LEADSGEN;
    use crate::i18n::Text;
    use proptest::prelude::*;

    fn outline(json: &str) -> PolicyOutline {
        PolicyOutline::from_snapshot(json).unwrap()
    }

    const SESSION: &str = "Session";

    fn cookie(name: &str, duration: &str, provider: &str, party: &str) -> String {
        format!(
            r#"{{"name":"{name}","purpose":"{name} purpose","duration":"{duration}","party":"{party}","provider":"{provider}"}}"#
        )
    }

    fn category(key: &str, name: &str, cookies: &[String], trackers: &[(&str, &str)]) -> String {
        let trackers: Vec<String> = trackers
            .iter()
            .map(|(provider, src)| {
                format!(r#"{{"key":"{provider}","provider":"{provider}","src":"{src}"}}"#)
            })
            .collect();
        format!(
            r#"{{"key":"{key}","name":"{name}","label":"opt-in","description":"…","optional":true,"cookies":[{}],"trackers":[{}]}}"#,
            cookies.join(","),
            trackers.join(",")
        )
    }

    fn policy(categories: &[String]) -> String {
        format!(
            r#"{{"controller":"LeadsGen","revision":"2026-01-20","locale":"en","categories":[{}],"policy_html":"<article/>"}}"#,
            categories.join(",")
        )
    }

    #[test]
    fn the_current_outline_reads_back_from_the_same_wording() {
        let en = PolicyOutline::of(&LEADSGEN, Locale::En);
        let marketing = en.category("marketing").unwrap();
        assert_eq!(marketing.name, "Marketing");
        let fbp = &marketing.cookies[0];
        assert_eq!(
            (fbp.name.as_str(), fbp.duration.as_str(), fbp.party.as_str()),
            ("_fbp", "90 days", "Third party")
        );
        assert_eq!(marketing.trackers[0].host(), Some("connect.facebook.net"));
        let analytics = en.category("analytics").unwrap();
        assert_eq!(
            analytics.trackers[1].host(),
            None,
            "Vercel is served same-origin"
        );
        let de = PolicyOutline::of(&LEADSGEN, Locale::De);
        assert_eq!(de.category("analytics").unwrap().name, "Analyse");
    }

    #[test]
    fn identical_versions_have_no_changes() {
        for locale in [Locale::En, Locale::De, Locale::Fr] {
            let o = PolicyOutline::of(&LEADSGEN, locale);
            assert_eq!(
                PolicyChanges::between(&o, &o, SESSION),
                PolicyChanges::default()
            );
        }
    }

    #[test]
    fn every_kind_of_change_is_found_and_worded() {
        let before = outline(&policy(&[
            category(
                "analytics",
                "Analytics",
                &[
                    cookie("_plausible", "Session", "Plausible", "Third party"),
                    cookie("_ga", "2 years", "Google", "Third party"),
                ],
                &[("Google", "https://www.google-analytics.com/analytics.js")],
            ),
            category(
                "marketing",
                "Marketing",
                &[
                    cookie("_fbp", "30 days", "Facebook", "Third party"),
                    cookie("_uid", "1 year", "LeadsGen", "First party"),
                ],
                &[("Facebook", "https://connect.facebook.net/en_US/fbevents.js")],
            ),
            category("legacy", "Legacy", &[], &[]),
        ]));
        let mut fbp = cookie("_fbp", "90 days", "Facebook", "Third party");
        fbp = fbp.replace("_fbp purpose", "Conversion tracking");
        let now = outline(&policy(&[
            category(
                "analytics",
                "Analytics",
                &[
                    cookie("_plausible", "1 year", "Plausible", "Third party"),
                    cookie("_uid", "1 year", "Stripe", "Third party"),
                ],
                &[("Plausible", "https://plausible.io/js/script.js")],
            ),
            category(
                "marketing",
                "Marketing",
                &[fbp, cookie("_gcl_au", "90 days", "Google", "Third party")],
                &[
                    ("Facebook", "https://connect.facebook.net/en_US/fbevents.js"),
                    ("Google", "https://www.googletagmanager.com/gtag/js?id={id}"),
                ],
            ),
            category(
                "functional",
                "Functional",
                &[cookie("theme", "Session", "LeadsGen", "First party")],
                &[("LeadsGen", "/insights.js")],
            ),
        ]));
        let changes = PolicyChanges::between(&before, &now, SESSION);
        assert_eq!(
            changes.lines(Locale::En),
            [
                "Added: the Functional category",
                "Removed: the Legacy category",
                "Changed: _plausible now lasts 1 year",
                "Moved: _uid from Marketing to Analytics",
                "Changed: _uid is now set by Stripe (Third party)",
                "Changed: _fbp is now used for “Conversion tracking”",
                "Changed: _fbp now lasts 90 days",
                "Added: _gcl_au to Marketing",
                "Added: theme to Functional",
                "Removed: _ga from Analytics",
                "Added: Plausible scripts from plausible.io, in Analytics",
                "Added: Google scripts from www.googletagmanager.com, in Marketing",
                "Added: LeadsGen scripts from this site, in Functional",
                "Removed: Google scripts from www.google-analytics.com, in Analytics",
            ]
            .map(String::from)
        );
        // Reversed, what was added is removed and the other way round.
        let back = PolicyChanges::between(&now, &before, SESSION);
        assert!(back.changes.contains(&Change::CookieRemoved {
            cookie: "_gcl_au".into(),
            category: "Marketing".into()
        }));
        assert!(back.changes.contains(&Change::DurationChanged {
            cookie: "_plausible".into(),
            duration: "Session".into(),
            session: true,
        }));
        assert_eq!(
            back.changes
                .iter()
                .find(|c| matches!(c, Change::DurationChanged { session: true, .. }))
                .unwrap()
                .describe(Locale::En),
            "Changed: _plausible is now kept only until the browser closes"
        );
    }

    /// The LeadsGen policy as it stood before its current revision (the registry that wrote
    /// `tests/fixtures/revision-2026-01-20`, as its `registry-2026-01-20.patch` says): `_fbp` lasted 30 days, `__stripe_mid` was set by
    /// LeadsGen, `last-workspace` was worded "Last opened workspace", Analytics had `_ga`,
    /// and Marketing had neither `_gcl_au` nor the Google Ads tag.
    fn earlier() -> Registry {
        fn leak<T>(v: Vec<T>) -> &'static [T] {
            Vec::leak(v)
        }
        let categories: Vec<Category> = LEADSGEN
            .categories
            .iter()
            .map(|c| {
                let mut cookies: Vec<CookieSpec> = c.cookies.to_vec();
                let mut scripts: Vec<TrackerScript> = c.scripts.to_vec();
                for k in &mut cookies {
                    match k.name {
                        "_fbp" => k.retention = Retention::Days(30),
                        "__stripe_mid" => k.provider = Provider::LeadsGen,
                        "last-workspace" => {
                            k.purpose = Text {
                                en: "Last opened workspace",
                                de: "Zuletzt geöffneter Arbeitsbereich",
                                fr: "Dernier espace de travail ouvert",
                            }
                        }
                        _ => {}
                    }
                }
                cookies.retain(|k| k.name != "_gcl_au");
                scripts.retain(|s| s.provider != Provider::Google);
                if c.id == CategoryId::Analytics {
                    cookies.push(CookieSpec {
                        name: "_ga",
                        purpose: Text {
                            en: "Google Analytics visitor ID",
                            de: "Besucherkennung von Google Analytics",
                            fr: "Identifiant de visiteur Google Analytics",
                        },
                        retention: Retention::Years(2),
                        provider: Provider::Google,
                    });
                }
                Category {
                    cookies: leak(cookies),
                    scripts: leak(scripts),
                    ..*c
                }
            })
            .collect();
        Registry {
            revision: CalendarDate::new(2026, 1, 20).unwrap(),
            categories: leak(categories),
            ..LEADSGEN
        }
    }

    #[test]
    fn the_leadsgen_update_reads_in_every_language() {
        // What today's server says to the fixture's cookies: the same list, from the registry
        // the fixture was made with.
        let expected: std::collections::BTreeMap<String, Vec<String>> = serde_json::from_str(
            include_str!("../../../../tests/fixtures/revision-2026-01-20/changes.json"),
        )
        .unwrap();
        let expected = [Locale::En, Locale::De, Locale::Fr].map(|l| (l, &expected[l.tag()]));
        let old = earlier();
        for (locale, lines) in expected {
            let snapshot = serde_json::json!({
                "revision": "2026-01-20",
                "categories": PolicyOutline::of(&old, locale).categories,
            })
            .to_string();
            let (book, unreadable) = PolicyChangeBook::build(
                &LEADSGEN,
                [
                    ("2026-01-20", locale.tag(), snapshot.as_str()),
                    ("2026-01-20", "xx", snapshot.as_str()),
                    ("2025-06-01", locale.tag(), "not json"),
                ],
            );
            assert_eq!((book.len(), unreadable), (1, 2));
            let changes = book.since(old.revision, locale).expect("known revision");
            assert_eq!(&changes.lines(locale), lines, "{locale:?}");
            // Another language, or a revision the log never kept: nothing to say.
            let other = if locale == Locale::En {
                Locale::De
            } else {
                Locale::En
            };
            assert!(book.since(old.revision, other).is_none());
            assert!(book.since(LEADSGEN.revision, locale).is_none());
        }
    }

    #[test]
    fn the_current_revision_and_unknown_languages_are_not_entered() {
        let current = PolicyOutline::of(&LEADSGEN, Locale::En);
        let json = policy(&[]);
        let (book, unreadable) = PolicyChangeBook::build(
            &LEADSGEN,
            [(LEADSGEN.revision.iso().as_str(), "en", json.as_str())],
        );
        assert!(book.is_empty());
        assert_eq!(unreadable, 0);
        // An empty earlier policy: every category and cookie of today's is new.
        let (book, _) = PolicyChangeBook::build(&LEADSGEN, [("2020-01-01", "en", json.as_str())]);
        let changes = book.since(CalendarDate::new(2020, 1, 1).unwrap(), Locale::En);
        let cookies = current.cookies().count();
        let added = changes
            .unwrap()
            .changes
            .iter()
            .filter(|c| matches!(c, Change::CookieAdded { .. }))
            .count();
        assert_eq!(added, cookies);
    }

    #[test]
    fn host_reads_only_absolute_urls() {
        let t = |src: &str| TrackerOutline {
            key: "k".into(),
            provider: "P".into(),
            src: src.into(),
        };
        assert_eq!(
            t("https://a.example:8443/x.js").host(),
            Some("a.example:8443")
        );
        assert_eq!(t("//cdn.example?x").host(), Some("cdn.example"));
        assert_eq!(t("http://h.example#f").host(), Some("h.example"));
        assert_eq!(t("/_vercel/insights/script.js").host(), None);
        assert_eq!(t("https:///x").host(), None);
    }

    /// A tracker script for the property test.
    const fn script(provider: Provider, src: &'static str) -> TrackerScript {
        TrackerScript {
            key: "k",
            provider,
            setting: TrackerSetting {
                env: "X",
                default: "",
                meaning: "",
            },
            init: None,
            src,
            loading: Loading::Async,
            data_attribute: None,
            hosts: CspHosts::NONE,
        }
    }

    const SCRIPTS: [TrackerScript; 3] = [
        script(Provider::Google, "https://g.example/a.js"),
        script(Provider::Facebook, "https://f.example/a.js"),
        script(Provider::Vercel, "/v.js"),
    ];

    fn sub_registry(cookie_mask: u16, script_mask: u8, long: bool) -> Registry {
        let mut i = 0;
        let categories: Vec<Category> = LEADSGEN
            .categories
            .iter()
            .map(|c| {
                let cookies: Vec<CookieSpec> = c
                    .cookies
                    .iter()
                    .filter(|_| {
                        i += 1;
                        cookie_mask & (1 << (i - 1)) != 0
                    })
                    .map(|k| CookieSpec {
                        retention: if long {
                            Retention::Years(3)
                        } else {
                            k.retention
                        },
                        ..*k
                    })
                    .collect();
                let scripts: Vec<TrackerScript> = SCRIPTS
                    .iter()
                    .enumerate()
                    .filter(|(n, _)| script_mask & (1 << n) != 0 && c.id == CategoryId::Marketing)
                    .map(|(_, s)| *s)
                    .collect();
                Category {
                    cookies: Vec::leak(cookies),
                    scripts: Vec::leak(scripts),
                    ..*c
                }
            })
            .collect();
        Registry {
            categories: Vec::leak(categories),
            ..LEADSGEN
        }
    }

    proptest! {
        /// Over any two sub-policies of LeadsGen's: a cookie is reported added exactly when
        /// only the later one declares it, removed exactly when only the earlier one does,
        /// and a comparison with itself is empty.
        #[test]
        fn added_and_removed_follow_the_cookie_sets(
            a in 0u16..(1 << 11), b in 0u16..(1 << 11), sa in 0u8..8, sb in 0u8..8,
            long in any::<bool>(),
        ) {
            let (before, now) = (
                PolicyOutline::of(&sub_registry(a, sa, false), Locale::En),
                PolicyOutline::of(&sub_registry(b, sb, long), Locale::En),
            );
            let changes = PolicyChanges::between(&before, &now, SESSION).changes;
            for (_, k) in LEADSGEN.cookies() {
                let (was, is) = (before.cookie(k.name).is_some(), now.cookie(k.name).is_some());
                let added = changes.iter().any(|c| matches!(c, Change::CookieAdded { cookie, .. } if cookie == k.name));
                let removed = changes.iter().any(|c| matches!(c, Change::CookieRemoved { cookie, .. } if cookie == k.name));
                prop_assert_eq!(added, is && !was);
                prop_assert_eq!(removed, was && !is);
            }
            let tracker_changes = changes.iter().filter(|c| matches!(c, Change::TrackerAdded { .. } | Change::TrackerRemoved { .. })).count();
            prop_assert_eq!(tracker_changes as u32, (sa ^ sb).count_ones());
            prop_assert!(PolicyChanges::between(&now, &now, SESSION).changes.is_empty());
        }
    }
}
