use leptos::prelude::*;
use leptos_router::components::A;

use crate::ui::ThemeSwitch;

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
                <a class="brand" href="/">"LeadsGen"</a>
                <nav aria-label="Main">
                    <ul class="nav-list">
                        <li><A href="/" exact=true>"Home"</A></li>
                        <li><A href="/cookie-policy">"Cookie Policy"</A></li>
                        <li><A href="/settings">"Settings"</A></li>
                    </ul>
                </nav>
                <ThemeSwitch return_to/>
            </div>
        </header>
    }
}
