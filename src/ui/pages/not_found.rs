//! The page for unknown paths, answered with status 404.
use leptos::prelude::*;
use leptos_meta::Title;

use crate::paths;
use crate::ui::{link, t};

/// The page for unknown paths. It answers with status 404.
#[component]
pub fn NotFoundPage() -> impl IntoView {
    #[cfg(feature = "ssr")]
    crate::server::response::set_status(http::StatusCode::NOT_FOUND);
    let m = t();
    let n = &m.not_found;
    view! {
        <Title text=format!("{}{}", n.title, m.site.title_suffix)/>
        <div class="container prose">
            <h1>{n.title}</h1>
            <p>{n.text}</p>
            <ul>
                <li><a href=link(paths::HOME)>{n.home}</a></li>
                <li><a href=link(paths::POLICY)>{n.policy}</a></li>
            </ul>
        </div>
    }
}
