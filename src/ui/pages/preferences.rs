//! `/cookie-preferences`: the consent form as a page, which works without JavaScript.
use std::sync::Arc;

use leptos::prelude::*;
use leptos_meta::Title;

use crate::consent::{Source, Visitor};
use crate::i18n::fill;
use crate::paths;
use crate::ui::consent::{ConsentNotices, ConsentProof, IslandText, PreferencesForm};
use crate::ui::page_locale;
use crate::ui::site::SavedNotice;

/// `/cookie-preferences`: the server-rendered preferences form, for visitors without
/// JavaScript and as the permanent place to change or withdraw consent.
#[component]
pub fn PreferencesPage() -> impl IntoView {
    let visitor = use_context::<Visitor>().unwrap_or_default();
    let page = page_locale();
    let locale = page.locale;
    let m = locale.messages();
    let p = &m.preferences;
    let text = Arc::new(IslandText::new(page));
    let saved = fill(
        m.form.saved,
        &[("choices", &visitor.effective().describe(locale))],
    );
    view! {
        <Title text=format!("{}{}", p.title, m.site.title_suffix)/>
        <div class="container prose">
            <h1>{p.title}</h1>
            <p>{p.intro}<a href=page.link(paths::POLICY)>{p.policy_link}</a>"."</p>
            <SavedNotice what="consent" text=saved/>
            <ConsentNotices visitor place="page"/>
            <ConsentProof visitor text/>
            <PreferencesForm visitor return_to=page.link(paths::PREFERENCES) id_prefix="page" source=Source::PreferencesPage save_label=p.save heading_level=2/>
        </div>
    }
}
