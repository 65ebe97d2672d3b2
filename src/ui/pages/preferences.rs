//! `/cookie-preferences`: the consent form as a page, which works without JavaScript.
use leptos::prelude::*;
use leptos_meta::Title;

use crate::consent::{Source, Visitor};
use crate::paths;
use crate::ui::consent::{ConsentNotices, ConsentProof, PreferencesForm};
use crate::ui::site::SavedNotice;

/// `/cookie-preferences`: the server-rendered preferences form, for visitors without
/// JavaScript and as the permanent place to change or withdraw consent.
#[component]
pub fn PreferencesPage() -> impl IntoView {
    let visitor = use_context::<Visitor>().unwrap_or_default();
    view! {
        <Title text="Cookie preferences · LeadsGen"/>
        <div class="container prose">
            <h1>"Cookie preferences"</h1>
            <p>
                "Choose which cookies LeadsGen may use. Strictly necessary cookies keep the \
                 Service working and are always on; every other category stays off until you \
                 switch it on. You can change your mind here at any time. "
                <a href=paths::POLICY>"Read the Cookie Policy"</a>"."
            </p>
            <SavedNotice what="consent" text=format!("Saved: {}.", visitor.effective().describe())/>
            <ConsentNotices visitor/>
            <ConsentProof visitor/>
            <PreferencesForm visitor return_to=paths::PREFERENCES id_prefix="page" source=Source::PreferencesPage save_label="Save choices" heading_level=2/>
        </div>
    }
}
