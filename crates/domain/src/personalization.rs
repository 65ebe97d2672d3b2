//! Personalization: what the policy's functional cookies remember (theme, sidebar state and
//! last workspace). Plain Rust, like [`crate::consent`].
//!
//! "Personalization" is this app's word for these functional settings; "preferences" means
//! the visitor's consent choices (the "Cookie preferences" form and dialog).
//!
//! A setting is stored in its cookie only while functional cookies are allowed. Otherwise it
//! applies to the page it was chosen on only, carried in that page's query string.
//!
//! In this file: the values (theme, workspace) and the functional cookies that keep them,
//! named rather than found by their position in the registry; the personalization in force
//! for one request ([`Personalization`]: the functional cookies, only with functional consent,
//! then the page-only choices in the query string); and changing one setting
//! ([`PersonalizationChange`]: the form that asks for it, the cookie that stores it, and the
//! query string that carries it when it may not be stored).

use std::collections::BTreeMap;

use crate::consent::form::{FormError, RETURN_TO};
use crate::consent::return_to::{normalize as normalize_return_to, with_param};
use crate::i18n::Locale;

// The values, and the cookies that keep them.

/// The colour theme.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Hash)]
pub enum Theme {
    /// Light, whatever the system prefers.
    Light,
    /// Dark, whatever the system prefers.
    Dark,
    /// Follow `prefers-color-scheme`.
    #[default]
    System,
}

impl Theme {
    /// Every theme, in the switch's order.
    pub const ALL: [Theme; 3] = [Theme::Light, Theme::Dark, Theme::System];

    /// The value in the cookie, the form and `<html data-theme>`.
    pub const fn key(self) -> &'static str {
        match self {
            Theme::Light => "light",
            Theme::Dark => "dark",
            Theme::System => "system",
        }
    }

    /// The label shown to visitors, in `locale`: `Light`, `Hell`, `Clair`.
    pub fn label(self, locale: Locale) -> &'static str {
        let site = &locale.messages().site;
        match self {
            Theme::Light => site.theme_light,
            Theme::Dark => site.theme_dark,
            Theme::System => site.theme_system,
        }
    }

    /// The theme whose [`key`](Self::key) is `key`.
    pub fn parse(key: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|t| t.key() == key)
    }
}

/// An example LeadsGen workspace.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Workspace {
    /// Stable id, stored in `last-workspace`.
    pub id: &'static str,
    /// Display name.
    pub name: &'static str,
}

/// The example workspaces the settings page offers.
pub const WORKSPACES: &[Workspace] = &[
    Workspace {
        id: "acme-sales",
        name: "Acme Sales",
    },
    Workspace {
        id: "northwind-outreach",
        name: "Northwind Outreach",
    },
    Workspace {
        id: "globex-emea",
        name: "Globex EMEA",
    },
];

impl Workspace {
    /// The workspace with this id.
    pub fn find(id: &str) -> Option<&'static Workspace> {
        WORKSPACES.iter().find(|w| w.id == id)
    }
}

/// The functional cookie that keeps the [`Theme`]. Cookies are named, never found by their
/// position in the registry, so reordering the policy cannot swap them.
pub const THEME_COOKIE: &str = "theme";
/// The functional cookie that keeps whether the sidebar is collapsed (`true` / `false`).
pub const SIDEBAR_COOKIE: &str = "sidebar-collapsed";
/// The functional cookie that keeps the last [`Workspace`]'s id.
pub const WORKSPACE_COOKIE: &str = "last-workspace";

// The personalization in force for one request.

/// The personalization in force for one request.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Hash)]
pub struct Personalization {
    /// The colour theme.
    pub theme: Theme,
    /// Whether the settings sidebar is collapsed.
    pub sidebar_collapsed: bool,
    /// The last active workspace, if one was chosen.
    pub workspace: Option<&'static Workspace>,
    /// Whether a setting came from this page's query string rather than a cookie: it applies
    /// to this page only, and the page offers to remember it.
    pub page_only: bool,
}

impl Personalization {
    /// The settings from the request's cookies (`cookie`, looked up by name), read only when
    /// functional cookies are allowed, then overridden by the page's query pairs.
    pub fn read(
        cookie: impl Fn(&str) -> Option<String>,
        query: &[(String, String)],
        functional_allowed: bool,
    ) -> Personalization {
        use PersonalizationChange as Change;
        let mut settings = Personalization::default();
        if functional_allowed {
            for (field, cookie_name) in [
                (Change::THEME, THEME_COOKIE),
                (Change::SIDEBAR, SIDEBAR_COOKIE),
                (Change::WORKSPACE, WORKSPACE_COOKIE),
            ] {
                settings.apply_field(field, cookie(cookie_name).as_deref());
            }
        }
        for (name, value) in query {
            if settings.apply_field(name, Some(value)) {
                settings.page_only = true;
            }
        }
        settings
    }

    /// Applies one named setting's value; true when it was a valid setting.
    fn apply_field(&mut self, name: &str, value: Option<&str>) -> bool {
        match PersonalizationChange::parse(name, value.unwrap_or_default()) {
            Some(change) => {
                self.apply(change);
                true
            }
            None => false,
        }
    }

    /// Applies one change to these settings.
    pub fn apply(&mut self, change: PersonalizationChange) {
        match change {
            PersonalizationChange::Theme(t) => self.theme = t,
            PersonalizationChange::Sidebar(c) => self.sidebar_collapsed = c,
            PersonalizationChange::Workspace(w) => self.workspace = Some(w),
        }
    }
}

// Changing one setting.

/// One personalization setting a visitor changes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PersonalizationChange {
    /// The colour theme.
    Theme(Theme),
    /// Collapse (true) or expand the settings sidebar.
    Sidebar(bool),
    /// Switch to this workspace.
    Workspace(&'static Workspace),
}

/// A validated personalization form: the change and the page to return to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PersonalizationForm {
    /// What changes.
    pub change: PersonalizationChange,
    /// The local path to come back to.
    pub return_to: String,
}

impl PersonalizationChange {
    /// The form field and query key of each setting.
    pub const THEME: &'static str = "theme";
    /// See [`THEME`](Self::THEME).
    pub const SIDEBAR: &'static str = "sidebar";
    /// See [`THEME`](Self::THEME).
    pub const WORKSPACE: &'static str = "workspace";

    /// The change a form field or query pair asks for, if valid.
    pub fn parse(name: &str, value: &str) -> Option<Self> {
        match name {
            Self::THEME => Theme::parse(value).map(PersonalizationChange::Theme),
            Self::SIDEBAR => match value {
                "collapsed" | "true" => Some(PersonalizationChange::Sidebar(true)),
                "expanded" | "false" => Some(PersonalizationChange::Sidebar(false)),
                _ => None,
            },
            Self::WORKSPACE => Workspace::find(value).map(PersonalizationChange::Workspace),
            _ => None,
        }
    }

    /// The field (or query key) and value that ask for this change.
    pub fn field(self) -> (&'static str, &'static str) {
        match self {
            PersonalizationChange::Theme(t) => (Self::THEME, t.key()),
            PersonalizationChange::Sidebar(c) => {
                (Self::SIDEBAR, if c { "collapsed" } else { "expanded" })
            }
            PersonalizationChange::Workspace(w) => (Self::WORKSPACE, w.id),
        }
    }

    /// The registry cookie that stores it, and the value to store.
    pub fn cookie(self) -> (&'static str, &'static str) {
        match self {
            PersonalizationChange::Theme(t) => (THEME_COOKIE, t.key()),
            PersonalizationChange::Sidebar(c) => (SIDEBAR_COOKIE, if c { "true" } else { "false" }),
            PersonalizationChange::Workspace(w) => (WORKSPACE_COOKIE, w.id),
        }
    }

    /// The page-only changes in `path`'s query string, and `path` without them.
    pub fn split_page_only(path: &str) -> (Vec<PersonalizationChange>, String) {
        let (base, query) = path.split_once('?').unwrap_or((path, ""));
        let mut changes = Vec::new();
        let rest: Vec<&str> = crate::paths::query_pairs(query)
            .filter(
                |pair| match PersonalizationChange::parse(&pair.key, &pair.value) {
                    Some(change) => {
                        changes.push(change);
                        false
                    }
                    None => true,
                },
            )
            .map(|pair| pair.raw)
            .collect();
        let path = if rest.is_empty() {
            base.to_string()
        } else {
            format!("{base}?{}", rest.join("&"))
        };
        (changes, path)
    }

    /// `path` with this change in its query string (replacing an earlier value): how a change
    /// that may not be stored still applies to the page it was made on.
    pub fn on_page(self, path: &str) -> String {
        let (key, value) = self.field();
        with_param(path, key, value)
    }
}

impl PersonalizationForm {
    /// Parses a personalization form: exactly one setting field and `return_to`. Anything else
    /// is refused.
    pub fn parse(fields: &BTreeMap<String, String>) -> Result<Self, FormError> {
        let mut change = None;
        let mut return_to = "/".to_string();
        for (name, value) in fields {
            match name.as_str() {
                RETURN_TO => {
                    return_to = normalize_return_to(value).map_err(|_| FormError::BadReturnTo)?;
                }
                _ if change.is_none() => {
                    let parsed = PersonalizationChange::parse(name, value);
                    let known = [
                        PersonalizationChange::THEME,
                        PersonalizationChange::SIDEBAR,
                        PersonalizationChange::WORKSPACE,
                    ];
                    change = Some(parsed.ok_or_else(|| {
                        if known.contains(&name.as_str()) {
                            FormError::BadValue(name.clone())
                        } else {
                            FormError::UnknownField(name.clone())
                        }
                    })?);
                }
                _ => return Err(FormError::UnknownField(name.clone())),
            }
        }
        let change = change.ok_or(FormError::Missing("a preference"))?;
        Ok(PersonalizationForm { change, return_to })
    }
}

#[cfg(test)]
mod values_tests {
    use super::*;

    #[test]
    fn its_cookies_are_the_registry_s_functional_cookies() {
        use crate::consent::{CategoryId, LEADSGEN};
        for name in [THEME_COOKIE, SIDEBAR_COOKIE, WORKSPACE_COOKIE] {
            assert_eq!(
                LEADSGEN.category_of(name),
                Some(CategoryId::Functional),
                "{name}"
            );
        }
    }

    #[test]
    fn values_round_trip() {
        for t in Theme::ALL {
            assert_eq!(Theme::parse(t.key()), Some(t));
        }
        assert_eq!(Workspace::find("acme-sales").unwrap().name, "Acme Sales");
        assert_eq!(Workspace::find("nope"), None);
    }
}

#[cfg(test)]
mod current_tests {
    use super::*;

    fn cookies(name: &str) -> Option<String> {
        match name {
            "theme" => Some("dark".into()),
            "sidebar-collapsed" => Some("true".into()),
            "last-workspace" => Some("globex-emea".into()),
            _ => None,
        }
    }

    #[test]
    fn reads_cookies_only_with_functional_consent() {
        let allowed = Personalization::read(cookies, &[], true);
        assert_eq!(allowed.theme, Theme::Dark);
        assert!(allowed.sidebar_collapsed);
        assert_eq!(allowed.workspace.map(|w| w.name), Some("Globex EMEA"));
        assert!(!allowed.page_only);
        assert_eq!(
            Personalization::read(cookies, &[], false),
            Personalization::default()
        );
    }

    #[test]
    fn the_query_applies_to_this_page_only() {
        let q = vec![
            ("theme".to_string(), "light".to_string()),
            ("x".into(), "y".into()),
        ];
        let p = Personalization::read(cookies, &q, false);
        assert_eq!(p.theme, Theme::Light);
        assert!(p.page_only);
        let garbage = vec![("theme".to_string(), "purple".to_string())];
        assert_eq!(
            Personalization::read(|_| Some("purple".into()), &garbage, true),
            Personalization::default()
        );
    }
}

#[cfg(test)]
mod change_tests {
    use super::*;
    use crate::consent::form::fields;

    #[test]
    fn parses_one_setting() {
        let f =
            PersonalizationForm::parse(&fields(&[("theme", "dark"), ("return_to", "/settings")]))
                .unwrap();
        assert_eq!(f.change, PersonalizationChange::Theme(Theme::Dark));
        assert_eq!(f.return_to, "/settings");
        let f = PersonalizationForm::parse(&fields(&[("sidebar", "collapsed")])).unwrap();
        assert_eq!(f.change, PersonalizationChange::Sidebar(true));
        let f = PersonalizationForm::parse(&fields(&[("workspace", "globex-emea")])).unwrap();
        assert_eq!(f.change.cookie(), ("last-workspace", "globex-emea"));
    }

    #[test]
    fn refuses_anything_else() {
        for bad in [
            vec![("theme", "purple")],
            vec![("colour", "dark")],
            vec![("theme", "dark"), ("sidebar", "collapsed")],
            vec![("theme", "dark"), ("remember", "on")],
            vec![("theme", "dark"), ("return_to", "//evil.example")],
            vec![("return_to", "/")],
            vec![],
        ] {
            assert!(
                PersonalizationForm::parse(&fields(&bad)).is_err(),
                "{bad:?}"
            );
        }
    }

    #[test]
    fn finds_page_only_changes_in_a_path() {
        let (changes, rest) =
            PersonalizationChange::split_page_only("/settings?x=1&theme=dark&sidebar=collapsed");
        assert_eq!(
            changes,
            [
                PersonalizationChange::Theme(Theme::Dark),
                PersonalizationChange::Sidebar(true)
            ]
        );
        assert_eq!(rest, "/settings?x=1");
        let (changes, rest) = PersonalizationChange::split_page_only("/?theme=purple");
        assert!(changes.is_empty());
        assert_eq!(rest, "/?theme=purple");
        assert_eq!(
            PersonalizationChange::split_page_only("/a?theme=light").1,
            "/a"
        );
    }

    #[test]
    fn carries_a_page_only_change_in_the_query() {
        let dark = PersonalizationChange::Theme(Theme::Dark);
        assert_eq!(dark.on_page("/settings"), "/settings?theme=dark");
        assert_eq!(
            dark.on_page("/settings?theme=light&x=1"),
            "/settings?x=1&theme=dark"
        );
        assert_eq!(
            PersonalizationChange::Sidebar(false).on_page("/settings?theme=dark"),
            "/settings?theme=dark&sidebar=expanded"
        );
    }
}
