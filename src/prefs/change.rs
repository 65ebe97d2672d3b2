use std::collections::BTreeMap;

use super::settings::cookie_name;
use super::{Prefs, Theme, Workspace};
use crate::consent::form::{local_path, FormError, RETURN_TO};

/// One preference a visitor changes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PrefChange {
    /// The colour theme.
    Theme(Theme),
    /// Collapse (true) or expand the settings sidebar.
    Sidebar(bool),
    /// Switch to this workspace.
    Workspace(&'static Workspace),
}

/// A validated preference form: the change and the page to return to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PrefForm {
    /// What changes.
    pub change: PrefChange,
    /// The local path to come back to.
    pub return_to: String,
}

impl PrefChange {
    /// The form field and query key of each preference.
    pub const THEME: &'static str = "theme";
    /// See [`THEME`](Self::THEME).
    pub const SIDEBAR: &'static str = "sidebar";
    /// See [`THEME`](Self::THEME).
    pub const WORKSPACE: &'static str = "workspace";

    /// The change a form field or query pair asks for, if valid.
    pub fn parse(name: &str, value: &str) -> Option<Self> {
        match name {
            Self::THEME => Theme::parse(value).map(PrefChange::Theme),
            Self::SIDEBAR => match value {
                "collapsed" | "true" => Some(PrefChange::Sidebar(true)),
                "expanded" | "false" => Some(PrefChange::Sidebar(false)),
                _ => None,
            },
            Self::WORKSPACE => Workspace::find(value).map(PrefChange::Workspace),
            _ => None,
        }
    }

    /// The field (or query key) and value that ask for this change.
    pub fn field(self) -> (&'static str, &'static str) {
        match self {
            PrefChange::Theme(t) => (Self::THEME, t.key()),
            PrefChange::Sidebar(c) => (Self::SIDEBAR, if c { "collapsed" } else { "expanded" }),
            PrefChange::Workspace(w) => (Self::WORKSPACE, w.id),
        }
    }

    /// The registry cookie that stores it, and the value to store.
    pub fn cookie(self) -> (&'static str, &'static str) {
        match self {
            PrefChange::Theme(t) => (cookie_name(0), t.key()),
            PrefChange::Sidebar(c) => (cookie_name(1), if c { "true" } else { "false" }),
            PrefChange::Workspace(w) => (cookie_name(2), w.id),
        }
    }

    /// Applies the change to `prefs`.
    pub fn apply_to(self, prefs: &mut Prefs) {
        match self {
            PrefChange::Theme(t) => prefs.theme = t,
            PrefChange::Sidebar(c) => prefs.sidebar_collapsed = c,
            PrefChange::Workspace(w) => prefs.workspace = Some(w),
        }
    }

    /// The page-only changes in `path`'s query string, and `path` without them.
    pub fn split_page_only(path: &str) -> (Vec<PrefChange>, String) {
        let (base, query) = path.split_once('?').unwrap_or((path, ""));
        let mut changes = Vec::new();
        let rest: Vec<&str> = query
            .split('&')
            .filter(|pair| {
                let (k, v) = pair.split_once('=').unwrap_or((pair, ""));
                match PrefChange::parse(k, v) {
                    Some(change) => {
                        changes.push(change);
                        false
                    }
                    None => !pair.is_empty(),
                }
            })
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
        let (base, query) = path.split_once('?').unwrap_or((path, ""));
        let mut pairs: Vec<&str> = query
            .split('&')
            .filter(|p| !p.is_empty() && p.split('=').next() != Some(key))
            .collect();
        let pair = format!("{key}={value}");
        pairs.push(&pair);
        format!("{base}?{}", pairs.join("&"))
    }
}

impl PrefForm {
    /// Parses a preference form: exactly one preference field and `return_to`. Anything else
    /// is refused.
    pub fn parse(fields: &BTreeMap<String, String>) -> Result<Self, FormError> {
        let mut change = None;
        let mut return_to = "/".to_string();
        for (name, value) in fields {
            match name.as_str() {
                RETURN_TO => {
                    return_to = local_path(value).ok_or(FormError::BadReturnTo)?.to_string();
                }
                _ if change.is_none() => {
                    let parsed = PrefChange::parse(name, value);
                    let known = [
                        PrefChange::THEME,
                        PrefChange::SIDEBAR,
                        PrefChange::WORKSPACE,
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
        Ok(PrefForm { change, return_to })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::consent::form::fields;

    #[test]
    fn parses_one_preference() {
        let f = PrefForm::parse(&fields(&[("theme", "dark"), ("return_to", "/settings")])).unwrap();
        assert_eq!(f.change, PrefChange::Theme(Theme::Dark));
        assert_eq!(f.return_to, "/settings");
        let f = PrefForm::parse(&fields(&[("sidebar", "collapsed")])).unwrap();
        assert_eq!(f.change, PrefChange::Sidebar(true));
        let f = PrefForm::parse(&fields(&[("workspace", "globex-emea")])).unwrap();
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
            assert!(PrefForm::parse(&fields(&bad)).is_err(), "{bad:?}");
        }
    }

    #[test]
    fn finds_page_only_changes_in_a_path() {
        let (changes, rest) =
            PrefChange::split_page_only("/settings?x=1&theme=dark&sidebar=collapsed");
        assert_eq!(
            changes,
            [PrefChange::Theme(Theme::Dark), PrefChange::Sidebar(true)]
        );
        assert_eq!(rest, "/settings?x=1");
        let (changes, rest) = PrefChange::split_page_only("/?theme=purple");
        assert!(changes.is_empty());
        assert_eq!(rest, "/?theme=purple");
        assert_eq!(PrefChange::split_page_only("/a?theme=light").1, "/a");
    }

    #[test]
    fn carries_a_page_only_change_in_the_query() {
        let dark = PrefChange::Theme(Theme::Dark);
        assert_eq!(dark.on_page("/settings"), "/settings?theme=dark");
        assert_eq!(
            dark.on_page("/settings?theme=light&x=1"),
            "/settings?x=1&theme=dark"
        );
        assert_eq!(
            PrefChange::Sidebar(false).on_page("/settings?theme=dark"),
            "/settings?theme=dark&sidebar=expanded"
        );
    }
}
