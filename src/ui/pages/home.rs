//! `/`: a small landing page for LeadsGen.
use leptos::prelude::*;
use leptos_meta::Title;

use crate::paths;
use crate::ui::{link, t};

/// A small landing page for LeadsGen.
#[component]
pub fn HomePage() -> impl IntoView {
    let m = t();
    let h = &m.home;
    view! {
        // The home page's title stands alone, without the site suffix.
        <Title text=h.title/>
        <div class="container hero">
            <h1>{h.heading}</h1>
            <p class="lead">{h.lead}</p>
            <ul class="features">
                <li>
                    <h2>{h.lists}</h2>
                    <p>{h.lists_text}</p>
                </li>
                <li>
                    <h2>{h.contacts}</h2>
                    <p>{h.contacts_text}</p>
                </li>
                <li>
                    <h2>{h.crm}</h2>
                    <p>{h.crm_text}</p>
                </li>
            </ul>
            <p>{h.privacy}<a href=link(paths::POLICY)>{h.policy_link}</a>"."</p>
        </div>
    }
}
