use leptos::prelude::*;

use crate::ui::PREFERENCES_PATH;

/// The footer of every page, with the permanent "Cookie settings" entry: the way to change
/// or withdraw consent from anywhere.
#[component]
pub fn SiteFooter() -> impl IntoView {
    view! {
        <footer class="site-footer">
            <div class="container site-footer__inner">
                <p>"© 2026 LeadsGen"</p>
                <nav aria-label="Privacy">
                    <ul class="footer-links">
                        <li><a href="/cookie-policy">"Cookie Policy"</a></li>
                        <li><a href=PREFERENCES_PATH>"Cookie settings"</a></li>
                    </ul>
                </nav>
            </div>
        </footer>
    }
}
