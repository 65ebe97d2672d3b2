//! The server functions: the only way consent is written.
//!
//! Each one is a form post to `/api/consent/…` that works with JavaScript off (303 back to the
//! page) and on (called by the banner island, which updates in place). Their fields arrive as
//! a map so that [`ConsentForm::parse`](crate::consent::ConsentForm::parse) can refuse any
//! field it did not ask for.

mod error;
mod preferences;

use std::collections::BTreeMap;

use leptos::prelude::*;
use serde::{Deserialize, Serialize};

#[cfg(feature = "ssr")]
use crate::consent::FormAction;
use crate::consent::Visitor;
pub use error::ApiError;
pub use preferences::{remember_preferences, set_preference, RememberPreferences, SetPreference};

/// What a consent change answers a `fetch` with.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ConsentSaved {
    /// The visitor's new state, for the consent island.
    pub visitor: Visitor,
    /// The new [`PageState`](crate::gating::PageState) as JSON, for the page's consent
    /// runtime: Consent Mode update, consent event, tracker tags to inject.
    pub page: String,
}

/// "Accept all": every optional category on, except what a privacy signal keeps off.
#[server(prefix = "/api", endpoint = "consent/accept-all")]
pub async fn accept_all(
    #[server(flatten)] fields: BTreeMap<String, String>,
) -> Result<ConsentSaved, ApiError> {
    crate::server::decide::decide(FormAction::AcceptAll, fields)
}

/// "Reject all": every optional category off, and their cookies expired.
#[server(prefix = "/api", endpoint = "consent/reject-all")]
pub async fn reject_all(
    #[server(flatten)] fields: BTreeMap<String, String>,
) -> Result<ConsentSaved, ApiError> {
    crate::server::decide::decide(FormAction::RejectAll, fields)
}

/// "Save choices": the ticked categories on, the rest off and their cookies expired.
#[server(prefix = "/api", endpoint = "consent/save")]
pub async fn save_choices(
    #[server(flatten)] fields: BTreeMap<String, String>,
) -> Result<ConsentSaved, ApiError> {
    crate::server::decide::decide(FormAction::SaveChoices, fields)
}
