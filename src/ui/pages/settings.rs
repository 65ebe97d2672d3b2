//! `/settings`: account settings, with the privacy switches and personalization.
use leptos::{prelude::*, server_fn::ServerFn};
use leptos_meta::Title;

use crate::accounts::form::PASSWORD;
use crate::accounts::SignedInAs;
use crate::api::{DeleteAccount, SetPersonalization, SignOut, SignOutEverywhere};
use crate::consent::{form::RETURN_TO, Source, Visitor};
use crate::i18n::fill;
use crate::paths;
use crate::personalization::{Personalization, PersonalizationChange, THEME_COOKIE, WORKSPACES};
use crate::ui::consent::{ConsentNotices, PreferencesForm};
use crate::ui::pages::ProblemNotice;
use crate::ui::site::{SavedNotice, ThemeSwitch};
use crate::ui::{current_page, page_locale};

/// `/settings`: the seed's "Account settings". Privacy switches (the consent server functions),
/// the theme, and the dashboard's sidebar and workspace, whose functional cookies are stored
/// only with functional consent. Every control is a plain form.
#[component]
pub fn SettingsPage() -> impl IntoView {
    let visitor = use_context::<Visitor>().unwrap_or_default();
    let page = page_locale();
    let locale = page.locale;
    let m = locale.messages();
    let t = &m.settings;
    let settings = use_context::<Personalization>().unwrap_or_default();
    let collapsed = settings.sidebar_collapsed;
    let (toggle_value, toggle_label) = if collapsed {
        ("expanded", t.expand_sidebar)
    } else {
        ("collapsed", t.collapse_sidebar)
    };
    let sidebar_saved = if collapsed {
        m.notices.saved_sidebar_collapsed
    } else {
        m.notices.saved_sidebar_expanded
    };
    let current_workspace = settings.workspace.map_or(t.no_workspace, |w| w.name);
    let theme_saved = fill(
        m.notices.saved_theme,
        &[("theme", &m.form.category_name(settings.theme.label(locale)))],
    );
    let workspace_saved = fill(
        m.notices.saved_workspace,
        &[("workspace", current_workspace)],
    );
    let consent_saved = fill(
        m.form.saved,
        &[("choices", &visitor.effective().describe(locale))],
    );
    let (appearance_before, appearance_after) = t
        .appearance_text
        .split_once("{cookie}")
        .unwrap_or((t.appearance_text, ""));
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
        <Title text=format!("{}{}", t.title, m.site.title_suffix)/>
        <div class="container settings" class:settings--collapsed=collapsed>
            <aside class="settings-sidebar" aria-label=t.sections>
                <SavedNotice what=PersonalizationChange::SIDEBAR text=sidebar_saved.to_string()/>
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
                <nav id="settings-nav" aria-label=t.title hidden=collapsed>
                    <ul>
                        <li><a href="#account">{m.accounts.account_heading}</a></li>
                        <li><a href="#privacy">{t.privacy}</a></li>
                        <li><a href="#appearance">{t.appearance}</a></li>
                        <li><a href="#workspace">{t.workspace}</a></li>
                    </ul>
                </nav>
            </aside>
            <div class="settings-main prose">
                <h1>{t.heading}</h1>
                <AccountSection return_to=here.clone()/>
                <section id="privacy" aria-labelledby="privacy-heading">
                    <h2 id="privacy-heading">{t.privacy}</h2>
                    <p>{t.privacy_intro}</p>
                    <SavedNotice what="consent" text=consent_saved/>
                    <ConsentNotices visitor place="settings"/>
                    <PreferencesForm visitor return_to=page.link(paths::SETTINGS) id_prefix="settings" source=Source::SettingsPage save_label=t.save heading_level=3/>
                </section>
                <section id="appearance" aria-labelledby="appearance-heading">
                    <h2 id="appearance-heading">{t.appearance}</h2>
                    <p>{appearance_before}<code>{THEME_COOKIE}</code>{appearance_after}</p>
                    <SavedNotice what=PersonalizationChange::THEME text=theme_saved/>
                    <ThemeSwitch return_to=here/>
                </section>
                <section id="workspace" aria-labelledby="workspace-heading">
                    <h2 id="workspace-heading">{t.workspace}</h2>
                    <SavedNotice what=PersonalizationChange::WORKSPACE text=workspace_saved/>
                    <p>{t.current_workspace}<strong>{current_workspace}</strong></p>
                    <form class="workspace-picker" method="post" action=SetPersonalization::url() autocomplete="off">
                        {return_field()}
                        <label for="workspace-select">{t.workspace}</label>
                        <select id="workspace-select" name=PersonalizationChange::WORKSPACE>{options}</select>
                        <button type="submit" class="btn btn--primary btn--small">{t.switch_workspace}</button>
                    </form>
                </section>
            </div>
        </div>
    }
    .into_any()
}

/// The account: signed in, who, signing out here or everywhere, and deleting the account
/// with its password; signed out, where to sign in.
#[component]
fn AccountSection(
    /// This page, for the forms to come back to in its language.
    return_to: String,
) -> impl IntoView {
    let page = page_locale();
    let a = &page.locale.messages().accounts;
    let body = match use_context::<SignedInAs>() {
        Some(account) => {
            let field =
                move || view! { <input type="hidden" name=RETURN_TO value=return_to.clone()/> };
            view! {
                <p>{fill(a.account_intro, &[("email", &account.email)])}</p>
                <ProblemNotice/>
                <form method="post" action=SignOut::url()>
                    {field()}
                    <button type="submit" class="btn btn--secondary btn--small">{a.sign_out}</button>
                </form>
                <p>{a.everywhere_text}</p>
                <form method="post" action=SignOutEverywhere::url()>
                    {field()}
                    <button type="submit" class="btn btn--secondary btn--small">{a.sign_out_everywhere}</button>
                </form>
                <h3>{a.delete_heading}</h3>
                <p>{a.delete_text}</p>
                <form class="account-form" method="post" action=DeleteAccount::url()>
                    {field()}
                    <label for="delete-password">{a.password}</label>
                    <input id="delete-password" name=PASSWORD type="password" autocomplete="current-password" required/>
                    <button type="submit" class="btn btn--secondary">{a.delete_button}</button>
                </form>
            }
            .into_any()
        }
        None => view! {
            <p>{a.signed_out_settings}" "<a href=page.link(paths::SIGN_IN)>{a.sign_in}</a></p>
        }
        .into_any(),
    };
    view! {
        <section id="account" aria-labelledby="account-heading">
            <h2 id="account-heading">{a.account_heading}</h2>
            {body}
        </section>
    }
}
