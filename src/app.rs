//! The HTML shell around every page and the route table.

use leptos::prelude::*;
use leptos_meta::{provide_meta_context, HashedStylesheet, MetaTags};
use leptos_router::{
    components::{Route, Router, Routes},
    path,
};

use crate::personalization::Personalization;
use crate::ui::consent::{AdoptNotice, ConsentLayer, ConsentScripts, PolicyChangeNotice};
use crate::ui::pages::{
    HomePage, NotFoundPage, PolicyPage, PreferencesPage, SettingsPage, SignInPage, SignUpPage,
};
use crate::ui::site::{IslandScripts, LanguageAlternates};
use crate::ui::site::{PageOnlyNotice, SiteFooter, SiteHeader};
use crate::ui::{current_page, page_locale, t};

/// The document around every page. Rendered on the server only.
pub fn shell(options: LeptosOptions) -> impl IntoView {
    // The theme is decided on the server, so the first paint is already right: no flash.
    let theme = use_context::<Personalization>()
        .unwrap_or_default()
        .theme
        .key();
    let lang = page_locale().locale.tag();
    view! {
        <!DOCTYPE html>
        <html lang=lang data-theme=theme>
            <head>
                <meta charset="utf-8"/>
                <meta name="viewport" content="width=device-width, initial-scale=1"/>
                <meta name="color-scheme" content="light dark"/>
                // Before the stylesheet and the wasm: Consent Mode's default must precede
                // any Google tag, and only consented tracker tags follow.
                <ConsentScripts/>
                <HashedStylesheet options=options.clone() id="leptos"/>
                <link rel="icon" href="/favicon.svg" type="image/svg+xml"/>
                <IslandScripts options/>
                <MetaTags/>
            </head>
            <body>
                <App/>
            </body>
        </html>
    }
}

/// The site: header, the routed page, footer.
///
/// The `path!()` literals must equal [`crate::paths`] (the macro takes literals only); a
/// router test checks that they do.
#[component]
pub fn App() -> impl IntoView {
    provide_meta_context();
    view! {
        <Router>
            // In the <head>, through the meta context: it needs the router's location.
            <LanguageAlternates/>
            <a class="skip-link" href="#main">{t().site.skip_to_content}</a>
            <ConsentLayer/>
            <SiteHeader return_to=current_page()/>
            <main id="main" tabindex="-1">
                // Inside <main>: every piece of content sits in a landmark.
                <PolicyChangeNotice/>
                <AdoptNotice/>
                <PageOnlyNotice return_to=current_page()/>
                <Routes fallback=NotFoundPage>
                    <Route path=path!("/") view=HomePage/>
                    <Route path=path!("/cookie-policy") view=PolicyPage/>
                    <Route path=path!("/cookie-preferences") view=PreferencesPage/>
                    <Route path=path!("/settings") view=SettingsPage/>
                    <Route path=path!("/sign-in") view=SignInPage/>
                    <Route path=path!("/sign-up") view=SignUpPage/>
                </Routes>
            </main>
            <SiteFooter/>
        </Router>
    }
}
