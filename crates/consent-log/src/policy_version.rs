//! The policy as a visitor saw it: a canonical snapshot, and its SHA-256, which every consent
//! record carries. "What was shown" stays provable after the policy changes, because the
//! snapshot of every version is kept.

use serde::Serialize;

use super::record::sha256_hex;
use leadsgen_domain::consent::policy_changes::{CategoryOutline, PolicyOutline};
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
    /// Each category (key, name, label, description, whether it is optional, its cookies with
    /// purpose, duration, party and provider, and its trackers): the domain's outline, which
    /// "what changed" reads back.
    categories: &'a [CategoryOutline],
    /// The policy page's article, exactly as the server renders it.
    policy_html: &'a str,
}

impl PolicyVersion {
    /// The version of `registry` shown in `locale`, whose policy page renders as
    /// `policy_html`. The snapshot is compact JSON with fields in a fixed order: controller,
    /// contact, revision, locale, then each category (key, name, label, description, whether
    /// it is optional, its cookies with purpose, duration, party and provider, and its
    /// trackers), and the page's text and markup. Any change to any of it is a new version.
    pub fn new(registry: &Registry, locale: Locale, policy_html: &str) -> Self {
        let outline = PolicyOutline::of(registry, locale);
        let snapshot = serde_json::to_string(&Snapshot {
            controller: registry.controller,
            contact: registry.contact_email,
            revision: registry.revision.iso(),
            locale: locale.tag(),
            categories: &outline.categories,
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

    /// The snapshot's bytes are its hash, and the hash is every consent's reference to what was
    /// shown: a change of format (field order, escaping) would make every version new. Pinned.
    #[test]
    fn the_snapshot_format_is_pinned() {
        for (locale, sha256) in [
            (
                Locale::En,
                "eab56deb61551db4e25922eb5af0cd7a4bf40de6fc6ca1131e3e832bded2b104",
            ),
            (
                Locale::De,
                "7e1e78363d6759c968197d19a3e18a1cb0b8bad8998ce239ce895f815c98ccaa",
            ),
            (
                Locale::Fr,
                "e492a251e3978403173e3cbec06e7d6ca0b02026f1789381015f2f432afafc13",
            ),
        ] {
            let v = PolicyVersion::new(&LEADSGEN, locale, "<article/>");
            assert_eq!(v.sha256, sha256, "{locale:?}");
        }
    }

    /// "What changed" reads earlier versions from their snapshots and the current one from the
    /// registry: both must give the same outline, or every cookie would look changed.
    #[test]
    fn the_snapshot_reads_back_as_the_registrys_outline() {
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
