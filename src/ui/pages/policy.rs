//! `/cookie-policy`: the Cookie Policy in its published wording, its tables from the registry.
use leptos::prelude::*;
use leptos_meta::Title;

use crate::consent::{Registry, Visitor, LEADSGEN};
use crate::paths;
use crate::ui::consent::CookieTable;

/// The Cookie Policy, in the published wording. Its tables, date and contact come from the
/// registry, so the page cannot drift from what the app actually does.
#[component]
pub fn PolicyPage() -> impl IntoView {
    let registry: &'static Registry = &LEADSGEN;
    let decided = use_context::<Visitor>().is_some_and(|v| !v.needs_banner());
    let manage_label = if decided {
        "Cookie settings"
    } else {
        "Manage preferences"
    };
    let mailto = format!("mailto:{}", registry.contact_email);
    let categories = registry
        .categories
        .iter()
        .map(|category| {
            let heading_id = format!("category-{}", category.id.key());
            view! {
                <section class="policy-category">
                    <h3 id=heading_id.clone()>{category.heading()}</h3>
                    <p>{category.description}</p>
                    <CookieTable category labelled_by=heading_id/>
                </section>
            }
        })
        .collect_view();

    view! {
        <Title text="Cookie Policy · LeadsGen"/>
        <article class="container prose policy">
            <h1>"Cookie Policy"</h1>
            <p class="policy-updated">
                "Last updated: "
                <time datetime=registry.revision.iso()>{registry.revision.long()}</time>
            </p>
            <p>
                "This Cookie Policy explains how LeadsGen (“we”, “us”) uses cookies and similar \
                 tracking technologies on our website and application. By using LeadsGen you \
                 consent to the use of cookies as described here. You can change or withdraw your \
                 consent at any time via the cookie banner or your browser settings."
            </p>

            <section>
                <h2 id="what-are-cookies">"1. What are cookies?"</h2>
                <p>
                    "Cookies are small text files placed on your device when you visit a website. \
                     They are widely used to make websites work, to improve the user experience, \
                     and to provide analytics to site owners."
                </p>
                <p>
                    "We use both first-party cookies (set by LeadsGen) and third-party cookies (set \
                     by trusted partners like Stripe)."
                </p>
            </section>

            <section>
                <h2 id="types-of-cookies">"2. Types of cookies we use"</h2>
                {categories}
            </section>

            <section>
                <h2 id="manage-cookies">"3. How to manage cookies"</h2>
                <p>"You have three ways to manage your cookie preferences:"</p>
                <ul>
                    <li>
                        <strong>"Our cookie banner"</strong>
                        " — click “Manage preferences” to selectively enable/disable categories"
                        // The instruction made real: once a decision exists there is no
                        // banner, so the control is here, under the name the footer uses.
                        " "
                        <a class="btn btn--secondary btn--small policy-manage" href=paths::PREFERENCES data-consent-settings="">
                            {manage_label}
                        </a>
                    </li>
                    <li>
                        <strong>"Your browser settings"</strong>
                        " — most browsers let you block or delete cookies. See "
                        <a href="https://www.aboutcookies.org/" rel="external noopener noreferrer">
                            "aboutcookies.org"
                        </a>
                        " for instructions"
                    </li>
                    <li>
                        <strong>"Your account settings"</strong>
                        " — go to Settings and toggle analytics/marketing"
                    </li>
                </ul>
                <p class="note">
                    <strong>"Note:"</strong>
                    " blocking strictly necessary cookies will prevent you from signing in or using \
                     core features of LeadsGen."
                </p>
            </section>

            <section>
                <h2 id="do-not-track">"4. Do Not Track"</h2>
                <p>
                    "We honor the browser-level Do Not Track (DNT) signal. When DNT is enabled, we \
                     automatically disable analytics and marketing cookies for your session."
                </p>
            </section>

            <section>
                <h2 id="policy-changes">"5. Changes to this policy"</h2>
                <p>
                    "We may update this Cookie Policy from time to time. Material changes will be \
                     announced via the cookie banner or in-app notification. The “Last updated” \
                     date at the top reflects the most recent revision."
                </p>
            </section>

            <section>
                <h2 id="contact">"6. Contact"</h2>
                <p>
                    "Questions about cookies or tracking? Contact us at "
                    <a href=mailto>{registry.contact_email}</a>
                    "."
                </p>
            </section>
        </article>
    }
}

/// The policy page's `<article>` as the server renders it: what a visitor is shown. Its text
/// and the registry make up the policy version whose SHA-256 every consent record carries
/// (see `log::policy_version`). Server only.
#[cfg(feature = "ssr")]
pub fn shown_policy_html() -> String {
    let owner = Owner::new();
    owner.set();
    leptos_meta::provide_meta_context();
    let html = view! { <PolicyPage/> }.to_html();
    let start = html.find("<article").unwrap_or(0);
    let end = html
        .rfind("</article>")
        .map_or(html.len(), |i| i + "</article>".len());
    html[start..end].to_string()
}
