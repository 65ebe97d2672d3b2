//! LeadsGen Consent: the consent manager that decides on the server.
//!
//! Imports run one way, from the bottom up:
//!
//! 1. the domain, plain Rust for both server and wasm: [`consent`] (the registry and the
//!    rules), [`gating`] (which tracker scripts, Consent Mode and CSP a page gets),
//!    [`personalization`] (theme, sidebar, workspace) and [`paths`] (the page paths);
//! 2. `server` (feature `ssr`): configuration, signing key, cookie I/O, request context;
//!    `log` (feature `ssr`): the consent log, proof of every decision;
//! 3. [`api`]: the server functions, each body beside its declaration; `admin` (feature
//!    `ssr`): the consent log's dashboard and exports;
//! 4. [`ui`]: thin Leptos components grouped by role; only the `#[island]` ships as wasm;
//! 5. [`app`]: the HTML shell and the routes;
//! 6. `router` (feature `ssr`): the axum router that mounts all of it, used by `main.rs`.

#![forbid(unsafe_code)]

#[cfg(feature = "ssr")]
pub mod admin;
pub mod api;
pub mod app;
#[cfg(feature = "ssr")]
pub mod documents;
#[cfg(feature = "ssr")]
pub mod router;
#[cfg(feature = "ssr")]
pub mod server;
pub mod ui;

// The libraries below the app, under the names the app's modules use for them.
#[cfg(feature = "ssr")]
pub use leadsgen_consent_log as log;
pub use leadsgen_domain::{consent, dates, gating, i18n, paths, personalization, query};

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
