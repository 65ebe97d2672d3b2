//! The trackers a deployment configures: one ID (or domain) per registry script.

use std::collections::BTreeMap;

use crate::consent::{CategoryId, Choices, TrackerScript, TrackerSetting, LEADSGEN};

/// The configured ID of every tracker that is switched on. A tracker without an ID ships no
/// script, whatever the visitor consents to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TrackerIds {
    ids: BTreeMap<&'static str, String>,
}

/// A configured value that cannot be put in a script tag safely.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error(
    "{} must be {} (letters, digits, '.', '-' and '_' only), or empty to load no script; got {:?}",
    .setting.env,
    .setting.meaning,
    .value
)]
pub struct InvalidTrackerId {
    /// The setting it was given for.
    pub setting: TrackerSetting,
    /// The value as configured.
    pub value: String,
}

/// Values that switch a tracker off, in any case (`off`, `OFF`, `False`, …).
const OFF: [&str; 6] = ["", "off", "false", "no", "0", "none"];

impl TrackerIds {
    /// LeadsGen's own IDs: every tracker in the registry on.
    pub fn leadsgen() -> Self {
        Self::from_lookup(|_| None).expect("the registry's defaults are valid IDs")
    }

    /// No tracker configured.
    pub fn none() -> Self {
        Self {
            ids: BTreeMap::new(),
        }
    }

    /// Reads each tracker's setting through `lookup` (the environment, in the server),
    /// falling back to the registry's default when it has none. An empty value, `off`,
    /// `false`, `no`, `0` or `none` (in any case) switches the tracker off. Values are checked because they end up inside `<script>`
    /// tags and inline code.
    pub fn from_lookup(lookup: impl Fn(&str) -> Option<String>) -> Result<Self, InvalidTrackerId> {
        let mut ids = BTreeMap::new();
        for (_, script) in LEADSGEN.scripts() {
            let value =
                lookup(script.setting.env).unwrap_or_else(|| script.setting.default.to_string());
            let value = value.trim();
            if OFF.iter().any(|off| value.eq_ignore_ascii_case(off)) {
                continue;
            }
            if !is_safe_id(value) {
                return Err(InvalidTrackerId {
                    setting: script.setting,
                    value: value.to_string(),
                });
            }
            ids.insert(script.key, value.to_string());
        }
        Ok(Self { ids })
    }

    /// The ID of the tracker with this registry key, if it is on.
    pub fn id(&self, key: &str) -> Option<&str> {
        self.ids.get(key).map(String::as_str)
    }

    /// The trackers a page may run: configured here, and in a category that `effective`
    /// (privacy signals already applied) allows. Tags and the Content-Security-Policy both
    /// follow this one rule. In the registry's order, each with its category and ID.
    pub fn active(
        &self,
        effective: Choices,
    ) -> impl Iterator<Item = (CategoryId, &'static TrackerScript, &str)> + '_ {
        LEADSGEN
            .scripts()
            .filter(move |(category, _)| effective.allows(*category))
            .filter_map(|(category, script)| Some((category, script, self.id(script.key)?)))
    }
}

/// Account IDs and domains are short and plain: nothing that could close an attribute, a
/// string literal or a `<script>` element.
fn is_safe_id(value: &str) -> bool {
    (1..=100).contains(&value.len())
        && value
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'-' | b'_'))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lookup<'a>(pairs: &'a [(&'a str, &'a str)]) -> impl Fn(&str) -> Option<String> + 'a {
        move |name| {
            pairs
                .iter()
                .find(|(k, _)| *k == name)
                .map(|(_, v)| v.to_string())
        }
    }

    #[test]
    fn defaults_switch_every_tracker_on() {
        let ids = TrackerIds::leadsgen();
        assert_eq!(ids.id("plausible"), Some("leadsgen.app"));
        assert_eq!(ids.id("vercel"), Some("on"));
        assert_eq!(ids.id("facebook"), Some("1029384756102938"));
        assert_eq!(ids.id("google-ads"), Some("AW-1029384756"));
        assert_eq!(ids.id("nonsense"), None);
    }

    #[test]
    fn the_environment_overrides_and_empty_or_off_switches_off() {
        let ids = TrackerIds::from_lookup(lookup(&[
            ("LEADSGEN_PLAUSIBLE_DOMAIN", "example.org"),
            ("LEADSGEN_VERCEL_ANALYTICS", "OFF"),
            ("LEADSGEN_FACEBOOK_PIXEL_ID", ""),
            ("LEADSGEN_GOOGLE_ADS_ID", " AW-42 "),
        ]))
        .unwrap();
        assert_eq!(ids.id("plausible"), Some("example.org"));
        assert_eq!(ids.id("vercel"), None);
        assert_eq!(ids.id("facebook"), None);
        assert_eq!(ids.id("google-ads"), Some("AW-42"));
    }

    #[test]
    fn every_spelling_of_off_switches_off() {
        for off in [
            "", " ", "off", "OFF", "Off", "false", "FALSE", "no", "0", "none",
        ] {
            let ids =
                TrackerIds::from_lookup(lookup(&[("LEADSGEN_VERCEL_ANALYTICS", off)])).unwrap();
            assert_eq!(ids.id("vercel"), None, "{off:?}");
        }
    }

    #[test]
    fn refuses_values_that_could_break_out_of_a_tag() {
        for bad in [
            "x'+alert(1)+'",
            "a\"b",
            "</script>",
            "a b",
            "ü",
            &"a".repeat(101),
        ] {
            let err =
                TrackerIds::from_lookup(lookup(&[("LEADSGEN_GOOGLE_ADS_ID", bad)])).unwrap_err();
            assert_eq!(err.setting.env, "LEADSGEN_GOOGLE_ADS_ID");
            assert!(
                err.to_string().contains("LEADSGEN_GOOGLE_ADS_ID must be"),
                "{err}"
            );
        }
    }

    #[test]
    fn none_configures_nothing() {
        assert_eq!(TrackerIds::none().id("plausible"), None);
    }
}
