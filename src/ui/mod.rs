//! Leptos components, grouped by role. They render data from the domain and hold no policy
//! logic of their own. Only the one `#[island]` ([`consent::ConsentManager`]) is compiled into
//! the browser's wasm; everything else is rendered on the server only.
//!
//! - [`pages`]: one component per route;
//! - [`consent`]: the consent UI: the island (banner and dialog), its server-rendered parts,
//!   the `<head>` scripts and the consent runtime;
//! - [`site`]: what every page carries around its content: header, footer, theme switch and
//!   the page-only notice.

pub mod consent;
pub mod pages;
pub mod site;

/// This page's path and query: where its forms' posts come back to. A `saved` marker (the
/// confirmation of the last post) is left out, so it is not carried into the next one. The
/// result is already [`normalize`](crate::consent::return_to::normalize)d; a query too long to
/// come back to is dropped, and a path too long falls back to the home page, so a form on any
/// page is always accepted.
pub fn current_page() -> String {
    let location = leptos_router::hooks::use_location();
    let path = leptos::prelude::GetUntracked::get_untracked(&location.pathname);
    let query = leptos::prelude::GetUntracked::get_untracked(&location.search);
    let query: Vec<&str> = query
        .trim_start_matches('?')
        .split('&')
        .filter(|pair| {
            !pair.is_empty() && pair.split('=').next() != Some(crate::paths::SAVED_PARAM)
        })
        .collect();
    let with_query = if query.is_empty() {
        path.clone()
    } else {
        format!("{path}?{}", query.join("&"))
    };
    use crate::consent::return_to::normalize;
    normalize(&with_query)
        .or_else(|_| normalize(&path))
        .unwrap_or_else(|_| crate::paths::HOME.to_owned())
}
