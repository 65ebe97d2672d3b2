//! The state every request handler, page and server function can reach.

use std::sync::Arc;

use axum::extract::FromRef;
use leptos::config::LeptosOptions;

use super::cookies::CookieSettings;
use crate::gating::TrackerIds;

/// Shared, read-only application state.
#[derive(Clone, Debug)]
pub struct AppState {
    /// Leptos' options (site root, output name, …).
    pub leptos: LeptosOptions,
    /// How consent cookies are signed and written.
    pub cookies: Arc<CookieSettings>,
    /// The trackers this deployment loads once their category is consented.
    pub trackers: Arc<TrackerIds>,
}

impl FromRef<AppState> for LeptosOptions {
    fn from_ref(state: &AppState) -> Self {
        state.leptos.clone()
    }
}
