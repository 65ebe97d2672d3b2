//! The consent forms' fields, parsed strictly: anything we did not ask for is refused.

use std::collections::BTreeMap;

use super::return_to::normalize as normalize_return_to;
use super::{CategoryId, Choices};

/// The name of the hidden field that says which page the form was posted from.
pub const RETURN_TO: &str = "return_to";
/// The name of the hidden field that says which control the decision was made with.
pub const SOURCE: &str = "source";
/// The value a ticked checkbox sends.
pub const CHECKED: &str = "on";

/// Which of the three consent forms was posted.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FormAction {
    /// "Accept all": every optional category on (signals still apply).
    AcceptAll,
    /// "Reject all": every optional category off.
    RejectAll,
    /// "Save choices": one checkbox per optional category; unticked ones send nothing.
    SaveChoices,
    /// "Remember my choices": allow functional cookies and leave the other categories as
    /// they are (the caller adds `requested` to the current choices with [`Choices::or`]), so
    /// that page-only preferences can be stored.
    AllowFunctional,
    /// "Keep my previous choices", after a policy update: the choices of the decision made
    /// under the earlier revision, taken from the request's own cookie.
    KeepPrevious,
    /// Signed in, "Use these choices for my account": the device's own decision made the
    /// account's, by the person's explicit action (never silently).
    AdoptDevice,
    /// A signed-in request carried `Sec-GPC: 1`: the account is opted out of marketing on
    /// every device (CCPA regulations §7025(c)(1)). Recorded by the server, not a form.
    GpcOptOut,
}

impl FormAction {
    /// The action as the consent log records it: `accept_all`, `reject_all`, `save`,
    /// `remember_functional`, `keep_previous`, `adopt_device` or `gpc_opt_out`.
    pub const fn key(self) -> &'static str {
        match self {
            FormAction::AcceptAll => "accept_all",
            FormAction::RejectAll => "reject_all",
            FormAction::SaveChoices => "save",
            FormAction::AllowFunctional => "remember_functional",
            FormAction::KeepPrevious => "keep_previous",
            FormAction::AdoptDevice => "adopt_device",
            FormAction::GpcOptOut => "gpc_opt_out",
        }
    }

    /// The action whose [`key`](Self::key) is `key`.
    pub fn from_key(key: &str) -> Option<Self> {
        [
            FormAction::AcceptAll,
            FormAction::RejectAll,
            FormAction::SaveChoices,
            FormAction::AllowFunctional,
            FormAction::KeepPrevious,
            FormAction::AdoptDevice,
            FormAction::GpcOptOut,
        ]
        .into_iter()
        .find(|a| a.key() == key)
    }
}

/// Which control a decision was made with, sent by each form as the hidden `source` field and
/// kept in the consent log. A post without the field (a script, `curl`) is [`Source::Api`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Source {
    /// The first-layer banner.
    Banner,
    /// The preferences dialog.
    Dialog,
    /// The `/cookie-preferences` page.
    PreferencesPage,
    /// The privacy switches on `/settings`.
    SettingsPage,
    /// "Remember my choices" on the page-only notice.
    PageNotice,
    /// No `source` field: a direct HTTP client.
    #[default]
    Api,
}

impl Source {
    /// Every source.
    pub const ALL: [Source; 6] = [
        Source::Banner,
        Source::Dialog,
        Source::PreferencesPage,
        Source::SettingsPage,
        Source::PageNotice,
        Source::Api,
    ];

    /// The form value and the log's word: `banner`, `dialog`, `preferences_page`,
    /// `settings_page`, `page_notice` or `api`.
    pub const fn key(self) -> &'static str {
        match self {
            Source::Banner => "banner",
            Source::Dialog => "dialog",
            Source::PreferencesPage => "preferences_page",
            Source::SettingsPage => "settings_page",
            Source::PageNotice => "page_notice",
            Source::Api => "api",
        }
    }

    /// The source whose [`key`](Self::key) is `key`.
    pub fn from_key(key: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|s| s.key() == key)
    }
}

/// A validated consent form.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConsentForm {
    /// What the visitor asked for, before privacy signals apply.
    pub requested: Choices,
    /// The local path to send a no-JavaScript visitor back to.
    pub return_to: String,
    /// Which control it was posted from.
    pub source: Source,
}

/// Why a posted form was refused. The message is safe to show to the visitor: a field name
/// the client sent is quoted, cut to 40 characters.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum FormError {
    /// A field this form does not have.
    #[error("unknown field {:?}: nothing was saved", truncate(.0))]
    UnknownField(String),
    /// A checkbox with a value other than `on`.
    #[error("field {:?} has a value we do not accept: nothing was saved", truncate(.0))]
    BadValue(String),
    /// A `return_to` that is not a path on this site.
    #[error("return_to must be a path on this site: nothing was saved")]
    BadReturnTo,
    /// A required field is missing.
    #[error("{0} is missing: nothing was saved")]
    Missing(&'static str),
}

fn truncate(s: &str) -> String {
    s.chars().take(40).collect()
}

impl ConsentForm {
    /// Parses the fields of a posted form. Unknown fields, checkbox values other than `on`,
    /// an unknown `source` and a `return_to` that leaves the site are errors (a `return_to`
    /// that stays is normalised by [`normalize`](super::return_to::normalize))
    /// ([`FormError::UnknownField`], [`FormError::BadValue`], [`FormError::BadReturnTo`]); a
    /// missing `return_to` means `/`, a missing `source` [`Source::Api`].
    pub fn parse(action: FormAction, fields: &BTreeMap<String, String>) -> Result<Self, FormError> {
        let mut requested = match action {
            FormAction::AcceptAll => Choices::ALL,
            FormAction::AllowFunctional => Choices::NONE.with(CategoryId::Functional, true),
            FormAction::RejectAll
            | FormAction::SaveChoices
            | FormAction::KeepPrevious
            | FormAction::AdoptDevice
            | FormAction::GpcOptOut => Choices::NONE,
        };
        let mut return_to = "/".to_string();
        let mut source = Source::Api;
        for (name, value) in fields {
            if name == RETURN_TO {
                return_to = normalize_return_to(value).map_err(|_| FormError::BadReturnTo)?;
                continue;
            }
            if name == SOURCE {
                source =
                    Source::from_key(value).ok_or_else(|| FormError::BadValue(name.clone()))?;
                continue;
            }
            let category = CategoryId::from_key(name)
                .filter(|c| c.is_optional() && action == FormAction::SaveChoices)
                .ok_or_else(|| FormError::UnknownField(name.clone()))?;
            if value != CHECKED {
                return Err(FormError::BadValue(name.clone()));
            }
            requested = requested.with(category, true);
        }
        Ok(ConsentForm {
            requested,
            return_to,
            source,
        })
    }
}

/// Form fields from pairs, for tests of form parsers.
#[cfg(test)]
pub(crate) fn fields(pairs: &[(&str, &str)]) -> BTreeMap<String, String> {
    pairs
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accept_and_reject_take_only_return_to() {
        let f = ConsentForm::parse(FormAction::AcceptAll, &fields(&[("return_to", "/x?y=1")]));
        assert_eq!(
            f,
            Ok(ConsentForm {
                requested: Choices::ALL,
                return_to: "/x?y=1".into(),
                source: Source::Api,
            })
        );
        let f = ConsentForm::parse(FormAction::RejectAll, &fields(&[])).unwrap();
        assert_eq!(f.requested, Choices::NONE);
        assert_eq!(f.return_to, "/");
        assert_eq!(
            ConsentForm::parse(FormAction::AcceptAll, &fields(&[("analytics", "on")])),
            Err(FormError::UnknownField("analytics".into()))
        );
    }

    #[test]
    fn save_reads_the_ticked_boxes() {
        let f = ConsentForm::parse(
            FormAction::SaveChoices,
            &fields(&[("analytics", "on"), ("return_to", "/cookie-policy")]),
        )
        .unwrap();
        assert_eq!(
            f.requested,
            Choices {
                analytics: true,
                ..Choices::NONE
            }
        );
        assert_eq!(f.return_to, "/cookie-policy");
        let all = fields(&[
            ("functional", "on"),
            ("analytics", "on"),
            ("marketing", "on"),
        ]);
        assert_eq!(
            ConsentForm::parse(FormAction::SaveChoices, &all)
                .unwrap()
                .requested,
            Choices::ALL
        );
    }

    #[test]
    fn refuses_unknown_fields_and_values() {
        let save =
            |pairs: &[(&str, &str)]| ConsentForm::parse(FormAction::SaveChoices, &fields(pairs));
        assert_eq!(
            save(&[("necessary", "on")]),
            Err(FormError::UnknownField("necessary".into()))
        );
        assert_eq!(
            save(&[("ads", "on")]),
            Err(FormError::UnknownField("ads".into()))
        );
        assert_eq!(
            save(&[("analytics", "yes")]),
            Err(FormError::BadValue("analytics".into()))
        );
        assert_eq!(
            save(&[("analytics", "")]),
            Err(FormError::BadValue("analytics".into()))
        );
        assert!(save(&[("analytics", "off")])
            .unwrap_err()
            .to_string()
            .contains("nothing was saved"));
    }

    #[test]
    fn source_is_one_of_the_known_controls() {
        let f = ConsentForm::parse(FormAction::RejectAll, &fields(&[("source", "banner")]));
        assert_eq!(f.unwrap().source, Source::Banner);
        for s in Source::ALL {
            assert_eq!(Source::from_key(s.key()), Some(s));
        }
        assert_eq!(
            ConsentForm::parse(FormAction::RejectAll, &fields(&[("source", "evil")])),
            Err(FormError::BadValue("source".into()))
        );
        for a in [
            FormAction::AcceptAll,
            FormAction::RejectAll,
            FormAction::SaveChoices,
            FormAction::AllowFunctional,
            FormAction::KeepPrevious,
        ] {
            assert_eq!(FormAction::from_key(a.key()), Some(a));
        }
    }

    #[test]
    fn return_to_stays_on_the_site_and_is_normalised() {
        let back = |v: &str| {
            ConsentForm::parse(FormAction::RejectAll, &fields(&[("return_to", v)]))
                .map(|f| f.return_to)
        };
        assert_eq!(back("/a/b?c=d#e").as_deref(), Ok("/a/b?c=d#e"));
        assert_eq!(back("/?q=été").as_deref(), Ok("/?q=%C3%A9t%C3%A9"));
        for bad in ["https://evil.example", "//evil.example", "/a\nb"] {
            assert_eq!(back(bad), Err(FormError::BadReturnTo), "{bad:?}");
        }
    }
}
