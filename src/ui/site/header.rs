//! The header of every page: product name, main navigation, language switch and theme switch.
use leptos::prelude::*;

use super::{LanguageSwitch, ThemeSwitch};
use crate::paths;
use crate::ui::{current_path, link, t};

/// The product name, the main navigation (the current page marked `aria-current="page"`),
/// the language switch and the theme switch. Every link keeps the page's language prefix.
#[component]
pub fn SiteHeader(
    /// This page, for the theme switch to come back to.
    return_to: String,
) -> impl IntoView {
    let site = &t().site;
    let here = current_path();
    let nav = [
        (paths::HOME, site.nav_home),
        (paths::POLICY, site.nav_policy),
        (paths::SETTINGS, site.nav_settings),
    ]
    .into_iter()
    .map(|(path, label)| {
        let current = (here == path).then_some("page");
        view! { <li><a href=link(path) aria-current=current>{label}</a></li> }
    })
    .collect_view();
    view! {
        <header class="site-header">
            <div class="container site-header__inner">
                <a class="brand" href=link(paths::HOME)>"LeadsGen"</a>
                <nav aria-label=site.main_nav>
                    <ul class="nav-list">{nav}</ul>
                </nav>
                <LanguageSwitch/>
                <ThemeSwitch return_to/>
            </div>
        </header>
    }
}
