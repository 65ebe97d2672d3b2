//! Server-only infrastructure (feature `ssr`): configuration and state, the signing key,
//! cookie I/O, the same-site check, per-request context, response helpers, the access log,
//! redirects, the request target's shape, security headers, limits, the page cache, the
//! connection loop and shutdown.
//!
//! It uses the domain, the consent log and the standalone documents ([`crate::documents`], for
//! refusal pages). The server functions ([`crate::api`]) use it; it never uses them, the
//! routed views or the router, which assembles everything one level up ([`crate::router`]).

pub mod access_log;
pub mod cached_pages;
pub mod config;
pub mod consent_cookie;
pub mod cookies;
pub mod key_store;
pub mod limits;
pub mod locale;
pub mod page_cache;
pub mod redirects;
pub mod request_context;
pub mod request_target;
pub mod response;
pub mod same_site;
pub mod security_headers;
pub mod serve;
pub mod shutdown;
pub mod state;
