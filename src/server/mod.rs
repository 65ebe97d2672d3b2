//! Everything that only runs on the server: configuration, state, the axum router and its
//! layers, cookies, request context, shutdown. Compiled with the `ssr` feature only.

pub mod config;
pub mod consent_cookie;
pub mod cookies;
pub mod decide;
pub mod key_store;
pub mod post;
pub mod prefs;
pub mod refusal_page;
pub mod request_context;
pub mod response;
pub mod router;
pub mod same_site;
pub mod shutdown;
pub mod state;
