//! The page for unknown paths, answered with status 404.
use leptos::prelude::*;
use leptos_meta::Title;

use crate::paths;

/// The page for unknown paths. It answers with status 404.
#[component]
pub fn NotFoundPage() -> impl IntoView {
    #[cfg(feature = "ssr")]
    crate::server::response::set_status(http::StatusCode::NOT_FOUND);
    view! {
        <Title text="Page not found · LeadsGen"/>
        <div class="container prose">
            <h1>"Page not found"</h1>
            <p>"We couldn’t find the page you asked for. It may have moved, or the address may be mistyped."</p>
            <ul>
                <li><a href=paths::HOME>"Go to the home page"</a></li>
                <li><a href=paths::POLICY>"Read our Cookie Policy"</a></li>
            </ul>
        </div>
    }
}
