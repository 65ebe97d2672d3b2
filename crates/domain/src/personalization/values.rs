//! The personalization values (theme, workspace) and the functional cookies that keep them,
//! named rather than found by their position in the registry.

use crate::i18n::Locale;

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

#[cfg(test)]
mod tests {
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
