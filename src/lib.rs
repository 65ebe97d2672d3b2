//! LeadsGen Consent: the consent manager that decides on the server.
//!
//! - [`consent`]: the domain (registry, rules), plain Rust for both server and wasm;
//! - [`gating`]: which tracker scripts, Consent Mode and CSP a page gets, equally plain;
//! - [`prefs`]: the functional preferences (theme, sidebar, workspace), equally plain;
//! - [`ui`]: thin Leptos components; only `#[island]`s ship to the browser;
//! - [`api`]: the server functions that record consent;
//! - [`app`]: the HTML shell and the routes;
//! - `server` (feature `ssr`): axum router, configuration and everything else that only runs on
//!   the server.

#![forbid(unsafe_code)]

pub mod api;
pub mod app;
pub mod consent;
pub mod gating;
pub mod prefs;
#[cfg(feature = "ssr")]
pub mod server;
pub mod ui;

/// Entry point of the wasm bundle: hydrates the `#[island]`s, and nothing else, since the rest
/// of every page is static server-rendered HTML.
#[cfg(feature = "hydrate")]
#[wasm_bindgen::prelude::wasm_bindgen]
pub fn hydrate() {
    // Panic messages in the console are for development: in release builds the hook and the
    // formatting it pulls in cost several KB of the bundle every visitor downloads.
    #[cfg(debug_assertions)]
    console_error_panic_hook::set_once();
    leptos::mount::hydrate_islands();
}
