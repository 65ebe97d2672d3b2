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

use crate::i18n::{Messages, PageLocale};

/// The language of the page being rendered, as the server decided it for this request (a
/// `/de/…` prefix, or `Accept-Language`); English outside a request.
pub fn page_locale() -> PageLocale {
    leptos::prelude::use_context::<PageLocale>().unwrap_or_default()
}

/// Everything the page being rendered says, in its language. Server-rendered components only:
/// the island reads its strings from the page ([`consent::IslandText`]).
pub fn t() -> &'static Messages {
    page_locale().locale.messages()
}

/// A site path as the page being rendered links to it: `/settings` on an unprefixed page,
/// `/de/settings` on a German one.
pub fn link(path: &str) -> String {
    page_locale().link(path)
}

/// A script as a page inlines it: `source` without its comment lines (those starting with
/// `//`), blank lines and indentation, so the explanation stays in the source file and out of
/// every response. Only for our own scripts, which keep comments on lines of their own.
pub(crate) fn without_comments(source: &str) -> String {
    source
        .lines()
        .map(str::trim)
        .filter(|line| !line.is_empty() && !line.starts_with("//"))
        .collect::<Vec<_>>()
        .join("\n")
}

/// The site's configured public origin, which absolute URLs start with (never the request's
/// `Host`); `make run`'s default outside a request.
pub fn public_origin() -> crate::paths::PublicOrigin {
    leptos::prelude::use_context::<crate::paths::PublicOrigin>().unwrap_or_default()
}

/// This page's path and query without its language prefix (`/settings?theme=dark`), as the
/// router matched it. A `saved` marker (the confirmation of the last post) is left out, so it
/// is not carried into the next post or a language switch.
fn this_page() -> (String, String) {
    let location = leptos_router::hooks::use_location();
    let path = leptos::prelude::GetUntracked::get_untracked(&location.pathname);
    let query = leptos::prelude::GetUntracked::get_untracked(&location.search);
    let query = crate::paths::without_saved_marker(&query);
    let with_query = if query.is_empty() {
        path.clone()
    } else {
        format!("{path}?{query}")
    };
    (path, with_query)
}

/// This page's path without its language prefix, as the router matched it: `/settings` on
/// `/de/settings`.
pub fn current_path() -> String {
    this_page().0
}

/// This page's path and query placed by `place` (a language prefix, or none), normalized: a
/// query too long to come back to is dropped, and a path too long falls back to the home page.
fn this_page_as(place: impl Fn(&str) -> String) -> String {
    use crate::consent::return_to::normalize;
    let (path, with_query) = this_page();
    normalize(&place(&with_query))
        .or_else(|_| normalize(&place(&path)))
        .unwrap_or_else(|_| place(crate::paths::HOME))
}

/// This page's path and query under `locale`'s prefix (`/de/settings?theme=dark`): where the
/// language switch leads.
pub fn page_in(locale: crate::i18n::Locale) -> String {
    this_page_as(|p| locale.pin(p))
}

/// This page's path and query without a prefix, the URL that negotiates its language: the
/// `x-default` alternate.
pub fn page_negotiated() -> String {
    this_page_as(str::to_owned)
}

/// This page's path and query: where its forms' posts come back to. A `saved` marker (the
/// confirmation of the last post) is left out, so it is not carried into the next one. The
/// result is already [`normalize`](crate::consent::return_to::normalize)d; a query too long to
/// come back to is dropped, and a path too long falls back to the home page, so a form on any
/// page is always accepted. On a page whose URL pins its language, the location keeps the
/// prefix (`/de/settings`), so the post's 303 comes back in the same language.
pub fn current_page() -> String {
    let page = page_locale();
    this_page_as(|p| page.link(p))
}
