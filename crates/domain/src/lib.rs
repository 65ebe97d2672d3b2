//! LeadsGen's consent domain: the cookie policy as data, and the rules that act on it.
//!
//! Plain Rust with no web framework, runtime or database, so that the same code runs in the
//! server, in the browser's wasm and in the fuzz targets, and is unit- and property-tested
//! without any of them. Modules, bottom up (a module uses only those above it in this list;
//! `tests/layering.rs` checks it):
//!
//! 1. [`dates`] (calendar dates) and [`paths`] (page paths, `Location` rules, query strings
//!    read one way);
//! 2. [`i18n`]: the languages and every string a visitor reads;
//! 3. [`consent`]: the registry, consent, signals ("Do Not Track", "Global Privacy Control"),
//!    the cookie codec and the form rules;
//! 4. [`gating`] (which tracker scripts, Consent Mode and CSP a page gets),
//!    [`personalization`] (theme, sidebar, workspace) and [`accounts`] (credentials, and
//!    whose decision governs a signed-in person's devices).

#![forbid(unsafe_code)]

pub mod accounts;
pub mod consent;
pub mod dates;
pub mod gating;
pub mod i18n;
pub mod paths;
pub mod personalization;
