//! The policy as a visitor saw it: a canonical snapshot, and its SHA-256, which every consent
//! record carries. "What was shown" stays provable after the policy changes, because the
//! snapshot of every version is kept.

use serde::Serialize;

use super::record::sha256_hex;
use leadsgen_domain::consent::Registry;
use leadsgen_domain::i18n::Locale;

/// One version of the policy, in one language.
/// A stored one is read from its `policy_version` row, column by column.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct PolicyVersion {
    /// SHA-256 of `snapshot`, lower-case hex.
    pub sha256: String,
    /// The revision ("Last updated" date), `YYYY-MM-DD`.
    pub revision: String,
    /// The language it was shown in (BCP 47).
    pub locale: String,
    /// The canonical snapshot: compact JSON, see [`PolicyVersion::new`].
    pub snapshot: String,
}

#[derive(Serialize)]
struct Snapshot<'a> {
    controller: &'a str,
    contact: &'a str,
    revision: String,
    locale: &'a str,
    categories: Vec<CategorySnapshot<'a>>,
    /// The policy page's article, exactly as the server renders it.
    policy_html: &'a str,
}

#[derive(Serialize)]
struct CategorySnapshot<'a> {
    key: &'a str,
    name: &'a str,
    label: &'a str,
    description: &'a str,
    optional: bool,
    cookies: Vec<CookieSnapshot<'a>>,
    trackers: Vec<TrackerSnapshot<'a>>,
}

#[derive(Serialize)]
struct CookieSnapshot<'a> {
    name: &'a str,
    purpose: &'a str,
    duration: String,
    party: &'a str,
    provider: &'a str,
}

#[derive(Serialize)]
struct TrackerSnapshot<'a> {
    key: &'a str,
    provider: &'a str,
    src: &'a str,
}

impl PolicyVersion {
    /// The version of `registry` shown in `locale`, whose policy page renders as
    /// `policy_html`. The snapshot is compact JSON with fields in a fixed order: controller,
    /// contact, revision, locale, then each category (key, name, label, description, whether
    /// it is optional, its cookies with purpose, duration, party and provider, and its
    /// trackers), and the page's text and markup. Any change to any of it is a new version.
    pub fn new(registry: &Registry, locale: Locale, policy_html: &str) -> Self {
        let categories = registry
            .categories
            .iter()
            .map(|c| CategorySnapshot {
                key: c.id.key(),
                name: c.name.get(locale),
                label: c.label.get(locale),
                description: c.description.get(locale),
                optional: c.id.is_optional(),
                cookies: c
                    .cookies
                    .iter()
                    .map(|k| CookieSnapshot {
                        name: k.name,
                        purpose: k.purpose.get(locale),
                        duration: k.retention.label(locale),
                        party: k.party().label(locale),
                        provider: k.provider.name(),
                    })
                    .collect(),
                trackers: c
                    .scripts
                    .iter()
                    .map(|s| TrackerSnapshot {
                        key: s.key,
                        provider: s.provider.name(),
                        src: s.src,
                    })
                    .collect(),
            })
            .collect();
        let snapshot = serde_json::to_string(&Snapshot {
            controller: registry.controller,
            contact: registry.contact_email,
            revision: registry.revision.iso(),
            locale: locale.tag(),
            categories,
            policy_html,
        })
        .expect("a snapshot serializes");
        PolicyVersion {
            sha256: sha256_hex(snapshot.as_bytes()),
            revision: registry.revision.iso(),
            locale: locale.tag().to_string(),
            snapshot,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use leadsgen_domain::consent::LEADSGEN;

    #[test]
    fn the_snapshot_holds_the_whole_policy_and_its_hash_follows_every_word() {
        let en = Locale::En;
        let v = PolicyVersion::new(&LEADSGEN, en, "<article>Cookie Policy</article>");
        assert_eq!(v.revision, "2026-04-12");
        assert_eq!(v.sha256, sha256_hex(v.snapshot.as_bytes()));
        for (_, cookie) in LEADSGEN.cookies() {
            assert!(v.snapshot.contains(cookie.name) && v.snapshot.contains(cookie.purpose.en));
        }
        assert!(v.snapshot.starts_with(r#"{"controller":"LeadsGen","contact":"privacy@leadsgen.app","revision":"2026-04-12","locale":"en","#));
        let reworded = PolicyVersion::new(&LEADSGEN, en, "<article>Cookie policy</article>");
        assert_ne!(reworded.sha256, v.sha256);
        let other_language =
            PolicyVersion::new(&LEADSGEN, Locale::De, "<article>Cookie Policy</article>");
        assert_ne!(other_language.sha256, v.sha256);
        // The German snapshot holds the German wording of the same cookies.
        for (_, cookie) in LEADSGEN.cookies() {
            assert!(other_language.snapshot.contains(cookie.purpose.de));
        }
        assert_eq!(
            PolicyVersion::new(&LEADSGEN, en, "<article>Cookie Policy</article>"),
            v
        );
    }

    /// "What changed" reads earlier versions from their snapshots and the current one from the
    /// registry: both must give the same outline, or every cookie would look changed.
    #[test]
    fn the_snapshot_reads_back_as_the_registrys_outline() {
        use leadsgen_domain::consent::PolicyOutline;
        for locale in [Locale::En, Locale::De, Locale::Fr] {
            let v = PolicyVersion::new(&LEADSGEN, locale, "<article/>");
            assert_eq!(
                PolicyOutline::from_snapshot(&v.snapshot).unwrap(),
                PolicyOutline::of(&LEADSGEN, locale),
                "{locale:?}"
            );
        }
    }
}
