//! The page in the other languages: the header's language switch, and the `<link
//! rel="alternate" hreflang>` set and `<link rel="canonical">` that tell search engines about
//! them.
use leptos::prelude::*;
use leptos_meta::Link;

use crate::i18n::Locale;
use crate::paths;
use crate::ui::{current_path, link, page_in, page_locale, page_negotiated, public_origin, t};

/// English / Deutsch / Français: plain links to this page in each language (under its
/// prefix, which pins the language), so the switch works without JavaScript and sets no
/// cookie. Each link names its language in that language, with `lang` and `hreflang`; the
/// page's own language is marked `aria-current="true"`.
#[component]
pub fn LanguageSwitch() -> impl IntoView {
    let current = page_locale().locale;
    let links = Locale::ALL
        .into_iter()
        .map(|locale| {
            view! {
                <li>
                    <a
                        href=page_in(locale)
                        hreflang=locale.tag()
                        lang=locale.tag()
                        aria-current=(locale == current).then_some("true")
                    >
                        {locale.native_name()}
                    </a>
                </li>
            }
        })
        .collect_view();
    view! {
        <nav class="language-switch" aria-label=t().site.language_nav>
            <ul class="nav-list">{links}</ul>
        </nav>
    }
}

/// In the `<head>`: `<link rel="alternate" hreflang>` for this page in each language, and
/// `x-default` for its unprefixed URL, which negotiates from `Accept-Language`; and `<link
/// rel="canonical">` for this page's own URL (its path under its language prefix, if the URL
/// has one, without a query), on a routed page: the 404 page has none. All absolute, on the
/// site's public origin, as search engines require (Google Search Central, "Localized versions
/// of your pages").
#[component]
pub fn LanguageAlternates() -> impl IntoView {
    let origin = public_origin();
    let pinned = Locale::ALL
        .into_iter()
        .map(|locale| {
            view! { <Link rel="alternate" hreflang=locale.tag() href=origin.url(&page_in(locale))/> }
        })
        .collect_view();
    let default = origin.url(&page_negotiated());
    // Only a page that exists has a canonical URL: the 404 page gets none.
    let path = current_path();
    let canonical = paths::PAGES
        .contains(&path.as_str())
        .then(|| view! { <Link rel="canonical" href=origin.url(&link(&path))/> });
    view! {
        {pinned}
        <Link rel="alternate" hreflang="x-default" href=default/>
        {canonical}
    }
}
