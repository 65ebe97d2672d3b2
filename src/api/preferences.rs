//! The server functions for functional preferences (theme, sidebar, workspace).

use std::collections::BTreeMap;

use leptos::prelude::*;

use super::ApiError;
use crate::consent::Visitor;

/// Sets one preference (`theme`, `sidebar` or `workspace`). Answers whether it was stored:
/// only with functional consent; otherwise it applies to the page it was chosen on only.
#[server(prefix = "/api", endpoint = "prefs/set")]
pub async fn set_preference(
    #[server(flatten)] fields: BTreeMap<String, String>,
) -> Result<bool, ApiError> {
    crate::server::prefs::set(fields)
}

/// Allows functional cookies and stores the page-only preferences of `return_to`.
#[server(prefix = "/api", endpoint = "prefs/remember")]
pub async fn remember_preferences(
    #[server(flatten)] fields: BTreeMap<String, String>,
) -> Result<Visitor, ApiError> {
    crate::server::prefs::remember(fields)
}
