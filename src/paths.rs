//! The site's page paths, declared once. Links, forms' `return_to` and redirects use these;
//! the route table's `path!()` literals in `app.rs` must equal them (the macro needs literals),
//! and a router test checks that they do.

/// The home page.
pub const HOME: &str = "/";
/// The Cookie Policy.
pub const POLICY: &str = "/cookie-policy";
/// The consent preferences form, for visitors without JavaScript and as the permanent place to
/// change or withdraw consent.
pub const PREFERENCES: &str = "/cookie-preferences";
/// Account settings: the privacy switches and personalization.
pub const SETTINGS: &str = "/settings";
