use leptos::prelude::*;
use leptos_router::components::A;

/// The product name and the main navigation. `<A>` marks the current page with
/// `aria-current="page"`.
#[component]
pub fn SiteHeader() -> impl IntoView {
    view! {
        <header class="site-header">
            <div class="container site-header__inner">
                <a class="brand" href="/">"LeadsGen"</a>
                <nav aria-label="Main">
                    <ul class="nav-list">
                        <li><A href="/" exact=true>"Home"</A></li>
                        <li><A href="/cookie-policy">"Cookie Policy"</A></li>
                    </ul>
                </nav>
            </div>
        </header>
    }
}
