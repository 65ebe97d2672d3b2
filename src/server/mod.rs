//! Server-only infrastructure (feature `ssr`): configuration and state, the signing key,
//! who a client is and the limits per client, metrics,
//! cookie I/O, password hashes and signed-in sessions, per-request context, response helpers, the edge layers
//! (access log, security headers, the request target's shape, the body cap), redirects, the
//! page cache, the connection loop and shutdown.
//!
//! It uses the domain, the consent log and the standalone documents ([`crate::documents`], for
//! refusal pages). The server functions ([`crate::api`]) use it; it never uses them, the
//! routed views or the router, which assembles everything one level up ([`crate::router`]).

pub mod cached_pages;
pub mod clients;
pub mod config;
pub mod cookie_audit;
pub mod cookie_audit_layer;
pub mod cookies;
pub mod decision_limits;
pub mod edge;
pub mod key_store;
pub mod locale;
pub mod metrics;
pub mod page_cache;
pub mod passwords;
pub mod policy_changes;
pub mod redirects;
pub mod request_context;
pub mod response;
pub mod serve;
pub mod sessions;
pub mod shutdown;
pub mod sign_in_limits;
pub mod state;
