//! The axum router in-process (`tower::ServiceExt::oneshot`): pages, headers, and the server
//! functions with their exact cookies and statuses. One test binary, one module per feature,
//! helpers shared (`required-features = ["ssr"]` in Cargo.toml).

mod accounts;
mod audit;
mod banner;
mod client_faults;
mod consent_log;
mod consent_posts;
mod cookie_audit;
mod faults;
mod gating;
mod hardening;
mod helpers;
mod i18n;
mod keys;
mod metrics;
mod page_cache;
mod pages;
mod personalization;
mod policy_changes;
#[path = "../support/postgres.rs"]
mod postgres;
