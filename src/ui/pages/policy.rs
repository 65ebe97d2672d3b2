//! `/cookie-policy`: the Cookie Policy in its published wording, its tables from the registry.
use leptos::prelude::*;
use leptos_meta::Title;

use crate::consent::{Registry, Visitor, LEADSGEN};
use crate::i18n::Locale;
#[cfg(feature = "ssr")]
use crate::i18n::PageLocale;
use crate::paths;
use crate::ui::consent::CookieTable;
use crate::ui::{link, page_locale};

/// The Cookie Policy, in the published wording, in the page's language (a translation says
/// that the English version binds). Its tables, date and contact come from the registry, so
/// the page cannot drift from what the app actually does.
#[component]
pub fn PolicyPage() -> impl IntoView {
    let registry: &'static Registry = &LEADSGEN;
    let locale = page_locale().locale;
    let m = locale.messages();
    let p = &m.policy;
    let decided = use_context::<Visitor>().is_some_and(|v| !v.needs_banner());
    let manage_label = if decided {
        m.site.cookie_settings
    } else {
        p.manage_button_undecided
    };
    let mailto = format!("mailto:{}", registry.contact_email);
    let categories = registry
        .categories
        .iter()
        .map(|category| {
            let heading_id = format!("category-{}", category.id.key());
            view! {
                <section class="policy-category">
                    <h3 id=heading_id.clone()>{category.heading(locale)}</h3>
                    <p>{category.description.get(locale)}</p>
                    <CookieTable category labelled_by=heading_id/>
                </section>
            }
        })
        .collect_view();
    // One line in a translation: the English version binds, with a link that pins English.
    let binding = (!p.binding.is_empty()).then(|| {
        view! {
            <p class="policy-binding">
                {p.binding}" "
                <a href=Locale::En.pin(paths::POLICY) hreflang="en" lang="en">"Cookie Policy"</a>
            </p>
        }
    });

    view! {
        <Title text=format!("{}{}", p.title, m.site.title_suffix)/>
        <article class="container prose policy">
            <h1>{p.title}</h1>
            <p class="policy-updated">
                {p.last_updated}
                <time datetime=registry.revision.iso()>{locale.long_date(registry.revision)}</time>
            </p>
            {binding}
            <p>{p.intro}</p>

            <section>
                <h2 id="what-are-cookies">{p.what_heading}</h2>
                <p>{p.what_1}</p>
                <p>{p.what_2}</p>
            </section>

            <section>
                <h2 id="types-of-cookies">{p.types_heading}</h2>
                {categories}
            </section>

            <section>
                <h2 id="manage-cookies">{p.manage_heading}</h2>
                <p>{p.manage_intro}</p>
                <ul>
                    <li>
                        <strong>{p.manage_banner}</strong>
                        {p.manage_banner_text}
                        // The instruction made real: once a decision exists there is no
                        // banner, so the control is here, under the name the footer uses.
                        " "
                        <a class="btn btn--secondary btn--small policy-manage" href=link(paths::PREFERENCES) data-consent-settings="">
                            {manage_label}
                        </a>
                    </li>
                    <li>
                        <strong>{p.manage_browser}</strong>
                        {p.manage_browser_text}
                        <a href="https://www.aboutcookies.org/" rel="external noopener noreferrer">
                            "aboutcookies.org"
                        </a>
                        {p.manage_browser_after}
                    </li>
                    <li>
                        <strong>{p.manage_account}</strong>
                        {p.manage_account_text}
                    </li>
                </ul>
                <p class="note">
                    <strong>{p.note}</strong>
                    {p.note_text}
                </p>
            </section>

            <section>
                <h2 id="do-not-track">{p.dnt_heading}</h2>
                <p>{p.dnt_text}</p>
            </section>

            <section>
                <h2 id="policy-changes">{p.changes_heading}</h2>
                <p>{p.changes_text}</p>
            </section>

            <section>
                <h2 id="contact">{p.contact_heading}</h2>
                <p>
                    {p.contact_text}
                    <a href=mailto>{registry.contact_email}</a>
                    "."
                </p>
            </section>
        </article>
    }
}

/// The policy page's `<article>` as the server renders it in `locale`, at its pinned URL
/// (`/de/cookie-policy`; `/en/cookie-policy` for English), for a visitor without a decision:
/// what a visitor is shown. Its text and the registry make up the policy version whose
/// SHA-256 every consent record carries (see `log::policy_version`). Server only.
#[cfg(feature = "ssr")]
pub fn shown_policy_html(locale: Locale) -> String {
    let owner = Owner::new();
    owner.set();
    leptos_meta::provide_meta_context();
    provide_context(PageLocale {
        locale,
        pinned: true,
    });
    let html = view! { <PolicyPage/> }.to_html();
    let start = html.find("<article").unwrap_or(0);
    let end = html
        .rfind("</article>")
        .map_or(html.len(), |i| i + "</article>".len());
    html[start..end].to_string()
}

/// The policy as shown, one version per language: what the consent log stores at start and
/// each record points to by its SHA-256. Server only.
#[cfg(feature = "ssr")]
pub fn shown_policy_versions() -> Vec<crate::log::PolicyVersion> {
    Locale::ALL
        .into_iter()
        .map(|locale| crate::log::PolicyVersion::new(&LEADSGEN, locale, &shown_policy_html(locale)))
        .collect()
}
