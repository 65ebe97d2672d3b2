//! The personalization in force for one request: the functional cookies (only with functional
//! consent), then the page-only choices in the query string.

use super::{
    PersonalizationChange, Theme, Workspace, SIDEBAR_COOKIE, THEME_COOKIE, WORKSPACE_COOKIE,
};

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
