//! `/settings`: account settings, with the privacy switches and personalization.
use leptos::{prelude::*, server_fn::ServerFn};
use leptos_meta::Title;

use crate::api::SetPersonalization;
use crate::consent::{form::RETURN_TO, Source, Visitor};
use crate::paths;
use crate::personalization::{Personalization, PersonalizationChange, WORKSPACES};
use crate::ui::consent::{ConsentNotices, PreferencesForm};
use crate::ui::current_page;
use crate::ui::site::{SavedNotice, ThemeSwitch};

/// `/settings`: the seed's "Account settings". Privacy switches (the consent server functions),
/// the theme, and the dashboard's sidebar and workspace, whose functional cookies are stored
/// only with functional consent. Every control is a plain form.
#[component]
pub fn SettingsPage() -> impl IntoView {
    let visitor = use_context::<Visitor>().unwrap_or_default();
    let settings = use_context::<Personalization>().unwrap_or_default();
    let collapsed = settings.sidebar_collapsed;
    let (toggle_value, toggle_label) = if collapsed {
        ("expanded", "Expand sidebar")
    } else {
        ("collapsed", "Collapse sidebar")
    };
    let current_workspace = settings.workspace.map_or("none yet", |w| w.name);
    let options = WORKSPACES
        .iter()
        .map(|w| {
            let selected = settings.workspace == Some(w);
            view! { <option value=w.id selected=selected>{w.name}</option> }
        })
        .collect_view();
    // Back to this page as it is, so page-only choices made here add up.
    let here = current_page();
    let return_field = {
        let here = here.clone();
        move || view! { <input type="hidden" name=RETURN_TO value=here.clone()/> }
    };

    view! {
        <Title text="Settings · LeadsGen"/>
        <div class="container settings" class:settings--collapsed=collapsed>
            <aside class="settings-sidebar" aria-label="Settings sections">
                <SavedNotice what=PersonalizationChange::SIDEBAR text=format!("Saved: sidebar {}.", if collapsed { "collapsed" } else { "expanded" })/>
                <form method="post" action=SetPersonalization::url()>
                    {return_field()}
                    <button
                        type="submit"
                        class="btn btn--secondary btn--small"
                        name=PersonalizationChange::SIDEBAR
                        value=toggle_value
                        aria-expanded=if collapsed { "false" } else { "true" }
                        aria-controls="settings-nav"
                    >
                        {toggle_label}
                    </button>
                </form>
                <nav id="settings-nav" aria-label="Settings" hidden=collapsed>
                    <ul>
                        <li><a href="#privacy">"Privacy"</a></li>
                        <li><a href="#appearance">"Appearance"</a></li>
                        <li><a href="#workspace">"Workspace"</a></li>
                    </ul>
                </nav>
            </aside>
            <div class="settings-main prose">
                <h1>"Account settings"</h1>
                <section id="privacy" aria-labelledby="privacy-heading">
                    <h2 id="privacy-heading">"Privacy"</h2>
                    <p>"Choose which optional cookies LeadsGen may use. Changes apply at once and you can change them here at any time."</p>
                    <SavedNotice what="consent" text=format!("Saved: {}.", visitor.effective().describe())/>
                    <ConsentNotices visitor/>
                    <PreferencesForm visitor return_to=paths::SETTINGS id_prefix="settings" source=Source::SettingsPage save_label="Save preferences" heading_level=3/>
                </section>
                <section id="appearance" aria-labelledby="appearance-heading">
                    <h2 id="appearance-heading">"Appearance"</h2>
                    <p>"The theme is kept in the functional cookie " <code>"theme"</code> " for a year."</p>
                    <SavedNotice what=PersonalizationChange::THEME text=format!("Saved: theme {}.", settings.theme.label().to_lowercase())/>
                    <ThemeSwitch return_to=here/>
                </section>
                <section id="workspace" aria-labelledby="workspace-heading">
                    <h2 id="workspace-heading">"Workspace"</h2>
                    <SavedNotice what=PersonalizationChange::WORKSPACE text=format!("Saved: workspace {current_workspace}.")/>
                    <p>"Current workspace: " <strong>{current_workspace}</strong></p>
                    <form class="workspace-picker" method="post" action=SetPersonalization::url() autocomplete="off">
                        {return_field()}
                        <label for="workspace-select">"Workspace"</label>
                        <select id="workspace-select" name=PersonalizationChange::WORKSPACE>{options}</select>
                        <button type="submit" class="btn btn--primary btn--small">"Switch workspace"</button>
                    </form>
                </section>
            </div>
        </div>
    }
    .into_any()
}
