//! The footer of every page, with the permanent "Cookie settings" entry.
use leptos::prelude::*;

use crate::paths;

/// The footer of every page, with the permanent "Cookie settings" entry: the way to change
/// or withdraw consent from anywhere. It opens the preferences dialog, or without JavaScript
/// leads to `/cookie-preferences`.
#[component]
pub fn SiteFooter() -> impl IntoView {
    view! {
        <footer class="site-footer">
            <div class="container site-footer__inner">
                <p>"© 2026 LeadsGen"</p>
                <nav aria-label="Privacy">
                    <ul class="footer-links">
                        <li><a href=paths::POLICY>"Cookie Policy"</a></li>
                        // data-consent-settings: ConsentManager opens its dialog for this link.
                        <li><a href=paths::PREFERENCES data-consent-settings="">"Cookie settings"</a></li>
                    </ul>
                </nav>
            </div>
        </footer>
    }
}
