//! `/`: a small landing page for LeadsGen.
use leptos::prelude::*;
use leptos_meta::Title;

use crate::paths;

/// A small landing page for LeadsGen.
#[component]
pub fn HomePage() -> impl IntoView {
    view! {
        <Title text="LeadsGen: find your next customers"/>
        <div class="container hero">
            <h1>"Find your next customers, faster"</h1>
            <p class="lead">
                "LeadsGen finds companies that match your ideal customer profile, enriches them with \
                 verified contacts, and hands your sales team a ready-to-work pipeline."
            </p>
            <ul class="features">
                <li>
                    <h2>"Targeted lists"</h2>
                    <p>"Filter by industry, size, location and technology to build lists that convert."</p>
                </li>
                <li>
                    <h2>"Verified contacts"</h2>
                    <p>"Every email is checked before it reaches you, so campaigns don’t bounce."</p>
                </li>
                <li>
                    <h2>"CRM sync"</h2>
                    <p>"Push qualified leads to your CRM in one click and keep your pipeline in one place."</p>
                </li>
            </ul>
            <p>
                "We respect your privacy: read how we use cookies in our "
                <a href=paths::POLICY>"Cookie Policy"</a>"."
            </p>
        </div>
    }
}
