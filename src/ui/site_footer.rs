use leptos::prelude::*;

/// The footer of every page. Its list of privacy links is where the permanent
/// "Cookie settings" entry will sit.
#[component]
pub fn SiteFooter() -> impl IntoView {
    view! {
        <footer class="site-footer">
            <div class="container site-footer__inner">
                <p>"© 2026 LeadsGen"</p>
                <nav aria-label="Privacy">
                    <ul class="footer-links">
                        <li><a href="/cookie-policy">"Cookie Policy"</a></li>
                    </ul>
                </nav>
            </div>
        </footer>
    }
}
