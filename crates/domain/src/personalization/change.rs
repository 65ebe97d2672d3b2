//! Changing one personalization setting: the form that asks for it, the cookie that stores
//! it, and the query string that carries it when it may not be stored.

use std::collections::BTreeMap;

use super::{Theme, Workspace, SIDEBAR_COOKIE, THEME_COOKIE, WORKSPACE_COOKIE};
use crate::consent::form::{FormError, RETURN_TO};
use crate::consent::return_to::{normalize as normalize_return_to, with_param};
use crate::query;

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
        let rest: Vec<&str> = query::pairs(query)
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
mod tests {
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
