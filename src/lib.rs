//! LeadsGen Consent: the consent manager that decides on the server.
//!
//! The app crate, on two libraries whose boundaries the compiler keeps: the domain
//! (`leadsgen-domain`: [`consent`], [`dates`], [`gating`], [`i18n`], [`paths`],
//! [`personalization`], [`query`]; plain Rust, also in the wasm) and, with `ssr`, the consent
//! log (`leadsgen-consent-log`, as `log`). They are re-exported under those names, so every
//! file says `crate::consent`. Inside the app, imports run one way, bottom up
//! (`tests/layering.rs` checks it; `docs/architecture.md` draws the whole order):
//!
//! 1. `documents` (`ssr`): whole HTML documents as Leptos components (refusals, the receipt);
//! 2. `server` (`ssr`): configuration, signing key, cookie I/O, the request's visitor and
//!    language, the page cache, refusals;
//! 3. [`api`]: the server functions, each body beside its declaration, and how a post is
//!    answered;
//! 4. `admin` (`ssr`): the consent log's dashboard and exports;
//! 5. [`ui`]: thin Leptos components grouped by role; only the `#[island]` ships as wasm;
//! 6. [`app`]: the HTML shell and the routes;
//! 7. `router` (`ssr`): the axum router that mounts all of it, used by `main.rs`.

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
pub use leadsgen_domain::{accounts, consent, dates, gating, i18n, paths, personalization};

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
