//! The HTML shell and the route table.

use leptos::prelude::*;
use leptos_meta::{provide_meta_context, HashedStylesheet, MetaTags};
use leptos_router::{
    components::{Route, Router, Routes},
    path,
};

use crate::consent::Visitor;
use crate::prefs::Prefs;
use crate::ui::{
    current_page, ConsentManager, ConsentNotices, ConsentScripts, HomePage, NotFoundPage,
    PageOnlyNotice, PolicyPage, PreferencesForm, PreferencesPage, SettingsPage, SiteFooter,
    SiteHeader,
};

/// The document around every page. Rendered on the server only.
pub fn shell(options: LeptosOptions) -> impl IntoView {
    // The theme is decided on the server, so the first paint is already right: no flash.
    let theme = use_context::<Prefs>().unwrap_or_default().theme.key();
    view! {
        <!DOCTYPE html>
        <html lang="en" data-theme=theme>
            <head>
                <meta charset="utf-8"/>
                <meta name="viewport" content="width=device-width, initial-scale=1"/>
                <meta name="color-scheme" content="light dark"/>
                // Before the stylesheet and the wasm: Consent Mode's default must precede
                // any Google tag, and only consented tracker tags follow.
                <ConsentScripts/>
                <HashedStylesheet options=options.clone() id="leptos"/>
                <link rel="icon" href="/favicon.svg" type="image/svg+xml"/>
                <HydrationScripts options islands=true/>
                <MetaTags/>
            </head>
            <body>
                <App/>
            </body>
        </html>
    }
}

/// The site: header, the routed page, footer.
#[component]
pub fn App() -> impl IntoView {
    provide_meta_context();
    view! {
        <Router>
            <a class="skip-link" href="#main">"Skip to content"</a>
            <ConsentUi/>
            <SiteHeader return_to=current_page()/>
            <PageOnlyNotice return_to=current_page()/>
            <main id="main" tabindex="-1">
                <Routes fallback=NotFoundPage>
                    <Route path=path!("/") view=HomePage/>
                    <Route path=path!("/cookie-policy") view=PolicyPage/>
                    <Route path=path!("/cookie-preferences") view=PreferencesPage/>
                    <Route path=path!("/settings") view=SettingsPage/>
                </Routes>
            </main>
            <SiteFooter/>
        </Router>
    }
}

/// The banner (in the server's HTML only while the visitor has no valid decision, so nothing
/// flashes or shifts once they have one) and the preferences dialog, with its form rendered
/// here on the server.
#[component]
fn ConsentUi() -> impl IntoView {
    let visitor = use_context::<Visitor>().unwrap_or_default();
    let return_to = current_page();
    view! {
        <ConsentManager visitor return_to=return_to.clone()>
            <ConsentNotices visitor/>
            <PreferencesForm visitor return_to id_prefix="dialog" save_label="Save preferences"/>
        </ConsentManager>
        // Shown by the consent runtime after it reloaded the page to stop revoked scripts.
        <div id="consent-reloaded" class="consent-toast" hidden>
            <p role="status">
                "Your cookie choices changed, so the page reloaded to stop the scripts you turned off."
            </p>
            <button type="button" class="btn btn--secondary btn--small">"OK"</button>
        </div>
    }
}
