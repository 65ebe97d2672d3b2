use crate::consent::{CategoryId, LEADSGEN};

/// The colour theme.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
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

    /// The label shown to visitors.
    pub const fn label(self) -> &'static str {
        match self {
            Theme::Light => "Light",
            Theme::Dark => "Dark",
            Theme::System => "System",
        }
    }

    /// The theme whose [`key`](Self::key) is `key`.
    pub fn parse(key: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|t| t.key() == key)
    }
}

/// An example LeadsGen workspace.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
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

/// The preferences in force for one request.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Prefs {
    /// The colour theme.
    pub theme: Theme,
    /// Whether the settings sidebar is collapsed.
    pub sidebar_collapsed: bool,
    /// The last active workspace, if one was chosen.
    pub workspace: Option<&'static Workspace>,
    /// Whether a preference came from this page's query string rather than a cookie: it applies
    /// to this page only, and the page offers to remember it.
    pub page_only: bool,
}

/// The registry names of the functional cookies that hold preferences.
pub(crate) fn cookie_name(index: usize) -> &'static str {
    LEADSGEN.category(CategoryId::Functional).cookies[index].name
}

impl Prefs {
    /// The preferences from the request's cookies (`cookie`, looked up by name), read only when
    /// functional cookies are allowed, then overridden by the page's query pairs.
    pub fn read(
        cookie: impl Fn(&str) -> Option<String>,
        query: &[(String, String)],
        functional_allowed: bool,
    ) -> Prefs {
        let mut prefs = Prefs::default();
        if functional_allowed {
            prefs.apply(super::PrefChange::THEME, cookie(cookie_name(0)).as_deref());
            prefs.apply(
                super::PrefChange::SIDEBAR,
                cookie(cookie_name(1)).as_deref(),
            );
            prefs.apply(
                super::PrefChange::WORKSPACE,
                cookie(cookie_name(2)).as_deref(),
            );
        }
        for (name, value) in query {
            if prefs.apply(name, Some(value)) {
                prefs.page_only = true;
            }
        }
        prefs
    }

    /// Applies one named preference value; true when it was a valid preference.
    fn apply(&mut self, name: &str, value: Option<&str>) -> bool {
        match super::PrefChange::parse(name, value.unwrap_or_default()) {
            Some(change) => {
                change.apply_to(self);
                true
            }
            None => false,
        }
    }
}

#[cfg(test)]
mod tests {
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
        let allowed = Prefs::read(cookies, &[], true);
        assert_eq!(allowed.theme, Theme::Dark);
        assert!(allowed.sidebar_collapsed);
        assert_eq!(allowed.workspace.map(|w| w.name), Some("Globex EMEA"));
        assert!(!allowed.page_only);
        assert_eq!(Prefs::read(cookies, &[], false), Prefs::default());
    }

    #[test]
    fn the_query_applies_to_this_page_only() {
        let q = vec![
            ("theme".to_string(), "light".to_string()),
            ("x".into(), "y".into()),
        ];
        let p = Prefs::read(cookies, &q, false);
        assert_eq!(p.theme, Theme::Light);
        assert!(p.page_only);
        let garbage = vec![("theme".to_string(), "purple".to_string())];
        assert_eq!(
            Prefs::read(|_| Some("purple".into()), &garbage, true),
            Prefs::default()
        );
    }

    #[test]
    fn names_come_from_the_registry() {
        assert_eq!(
            [cookie_name(0), cookie_name(1), cookie_name(2)],
            ["theme", "sidebar-collapsed", "last-workspace"]
        );
        for t in Theme::ALL {
            assert_eq!(Theme::parse(t.key()), Some(t));
        }
        assert_eq!(Workspace::find("acme-sales").unwrap().name, "Acme Sales");
        assert_eq!(Workspace::find("nope"), None);
    }
}
