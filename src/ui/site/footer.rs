//! The footer of every page, with the permanent "Cookie settings" entry.
use leptos::prelude::*;

use crate::paths;
use crate::ui::{link, t};

/// The footer of every page, with the permanent "Cookie settings" entry: the way to change
/// or withdraw consent from anywhere. It opens the preferences dialog, or without JavaScript
/// leads to `/cookie-preferences`.
#[component]
pub fn SiteFooter() -> impl IntoView {
    let site = &t().site;
    view! {
        <footer class="site-footer">
            <div class="container site-footer__inner">
                <p>"© 2026 LeadsGen"</p>
                <nav aria-label=site.footer_nav>
                    <ul class="footer-links">
                        <li><a href=link(paths::POLICY)>{site.nav_policy}</a></li>
                        // data-consent-settings: ConsentManager opens its dialog for this link.
                        <li><a href=link(paths::PREFERENCES) data-consent-settings="">{site.cookie_settings}</a></li>
                    </ul>
                </nav>
            </div>
        </footer>
    }
}
