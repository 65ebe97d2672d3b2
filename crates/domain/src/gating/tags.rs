//! The `<script>` tags a page carries: those of the consented categories, and nothing else.

use serde::Serialize;

use super::TrackerIds;
use crate::consent::{Choices, TrackerScript, ID_PLACEHOLDER};

/// One `<script>` element, rendered by the server or injected by the consent runtime.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "lowercase")]
pub enum Tag {
    /// An inline snippet (a command queue, a config call).
    Inline {
        /// The registry key of the tracker it belongs to (`data-tracker`).
        tracker: &'static str,
        /// The category that gates it (`data-category`).
        category: &'static str,
        /// The JavaScript, with the configured ID filled in.
        code: String,
    },
    /// An external script.
    External {
        /// The registry key of the tracker it belongs to (`data-tracker`).
        tracker: &'static str,
        /// The category that gates it (`data-category`).
        category: &'static str,
        /// Its URL, with the configured ID filled in.
        src: String,
        /// `async` or `defer`.
        loading: &'static str,
        /// A `data-*` attribute name and value, if the script reads one.
        data: Option<(&'static str, String)>,
    },
}

/// The tags for every tracker whose category `effective` allows and whose ID is configured,
/// in the registry's order, each tracker's inline start-up before its external script.
///
/// `effective` must already have privacy signals applied
/// ([`crate::consent::Visitor::effective`]); with nothing allowed the answer is empty.
pub fn tags(effective: Choices, ids: &TrackerIds) -> Vec<Tag> {
    ids.active(effective)
        .flat_map(|(category, script, id)| tracker_tags(category.key(), script, id))
        .collect()
}

fn tracker_tags(category: &'static str, script: &TrackerScript, id: &str) -> Vec<Tag> {
    let fill = |template: &str| template.replace(ID_PLACEHOLDER, id);
    let init = script.init.map(|code| Tag::Inline {
        tracker: script.key,
        category,
        code: fill(code),
    });
    let external = Tag::External {
        tracker: script.key,
        category,
        src: fill(script.src),
        loading: script.loading.attribute(),
        data: script
            .data_attribute
            .map(|(name, value)| (name, fill(value))),
    };
    init.into_iter().chain([external]).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::consent::{CategoryId, Signals, LEADSGEN};

    fn trackers(tags: &[Tag]) -> Vec<&'static str> {
        let mut keys: Vec<_> = tags
            .iter()
            .map(|t| match t {
                Tag::Inline { tracker, .. } | Tag::External { tracker, .. } => *tracker,
            })
            .collect();
        keys.dedup();
        keys
    }

    fn analytics_only() -> Choices {
        Choices::NONE.with(CategoryId::Analytics, true)
    }

    #[test]
    fn nothing_without_consent() {
        assert!(tags(Choices::NONE, &TrackerIds::leadsgen()).is_empty());
        let functional = Choices::NONE.with(CategoryId::Functional, true);
        assert!(tags(functional, &TrackerIds::leadsgen()).is_empty());
    }

    /// The registry keys of the trackers in categories `choices` allows, in order.
    fn registry_trackers(choices: Choices) -> Vec<&'static str> {
        LEADSGEN
            .scripts()
            .filter(|(c, _)| choices.allows(*c))
            .map(|(_, s)| s.key)
            .collect()
    }

    fn tag_of<'a>(tags: &'a [Tag], key: &str, inline: bool) -> &'a Tag {
        tags.iter()
            .find(|t| match t {
                Tag::Inline { tracker, .. } => inline && *tracker == key,
                Tag::External { tracker, .. } => !inline && *tracker == key,
            })
            .unwrap_or_else(|| panic!("no {key} tag in {tags:?}"))
    }

    #[test]
    fn analytics_loads_the_analytics_trackers_only() {
        let t = tags(analytics_only(), &TrackerIds::leadsgen());
        assert_eq!(trackers(&t), registry_trackers(analytics_only()));
        assert_eq!(
            *tag_of(&t, "plausible", false),
            Tag::External {
                tracker: "plausible",
                category: "analytics",
                src: "https://plausible.io/js/script.js".into(),
                loading: "defer",
                data: Some(("data-domain", "leadsgen.app".into())),
            }
        );
    }

    #[test]
    fn accept_all_loads_every_tracker_with_ids_filled_in() {
        let t = tags(Choices::ALL, &TrackerIds::leadsgen());
        assert_eq!(trackers(&t), registry_trackers(Choices::ALL));
        let inline = LEADSGEN.scripts().filter(|(_, s)| s.init.is_some()).count();
        assert_eq!(t.len(), LEADSGEN.scripts().count() + inline);
        // Each tracker's inline start-up comes right before its external script.
        for (i, tag) in t.iter().enumerate() {
            if let Tag::Inline { tracker, .. } = tag {
                assert!(
                    matches!(&t[i + 1], Tag::External { tracker: next, .. } if next == tracker),
                    "{t:?}"
                );
            }
        }
        let Tag::Inline { code, .. } = tag_of(&t, "facebook", true) else {
            unreachable!()
        };
        assert!(code.contains("fbq('init','1029384756102938')"), "{code}");
        let Tag::External { src, .. } = tag_of(&t, "google-ads", false) else {
            unreachable!()
        };
        assert_eq!(
            src,
            "https://www.googletagmanager.com/gtag/js?id=AW-1029384756"
        );
        for tag in &t {
            let json = serde_json::to_string(tag).unwrap();
            assert!(!json.contains(ID_PLACEHOLDER), "{json}");
        }
    }

    #[test]
    fn a_privacy_signal_leaves_no_tracker_even_after_accept_all() {
        let effective = Choices::ALL.under(Signals {
            dnt: true,
            gpc: false,
        });
        assert!(tags(effective, &TrackerIds::leadsgen()).is_empty());
    }

    #[test]
    fn an_unconfigured_tracker_ships_nothing() {
        let ids = TrackerIds::from_lookup(|env| {
            (env == "LEADSGEN_PLAUSIBLE_DOMAIN" || env == "LEADSGEN_GOOGLE_ADS_ID")
                .then(String::new)
        })
        .unwrap();
        let mut expected = registry_trackers(Choices::ALL);
        expected.retain(|k| *k != "plausible" && *k != "google-ads");
        assert_eq!(trackers(&tags(Choices::ALL, &ids)), expected);
        assert!(tags(Choices::ALL, &TrackerIds::none()).is_empty());
    }

    #[test]
    fn serializes_for_the_consent_runtime() {
        let t = tags(analytics_only(), &TrackerIds::leadsgen());
        assert_eq!(
            serde_json::to_string(tag_of(&t, "vercel", false)).unwrap(),
            r#"{"kind":"external","tracker":"vercel","category":"analytics","src":"/_vercel/insights/script.js","loading":"defer","data":null}"#
        );
    }
}
