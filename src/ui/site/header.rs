//! The header of every page: product name, main navigation and the theme switch.
use leptos::prelude::*;
use leptos_router::components::A;

use super::ThemeSwitch;
use crate::paths;

/// The product name, the main navigation and the theme switch. `<A>` marks the current page
/// with `aria-current="page"`.
#[component]
pub fn SiteHeader(
    /// This page, for the theme switch to come back to.
    return_to: String,
) -> impl IntoView {
    view! {
        <header class="site-header">
            <div class="container site-header__inner">
                <a class="brand" href=paths::HOME>"LeadsGen"</a>
                <nav aria-label="Main">
                    <ul class="nav-list">
                        <li><A href=paths::HOME exact=true>"Home"</A></li>
                        <li><A href=paths::POLICY>"Cookie Policy"</A></li>
                        <li><A href=paths::SETTINGS>"Settings"</A></li>
                    </ul>
                </nav>
                <ThemeSwitch return_to/>
            </div>
        </header>
    }
}
