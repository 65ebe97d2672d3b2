//! Server-side rendering of the pages' views, without a server
//! (`required-features = ["ssr"]` in Cargo.toml).

use leadsgen_consent::consent::{
    Choices, Consent, ConsentId, Decision, Signals, Timestamp, Visitor, LEADSGEN,
};
use leadsgen_consent::gating::{PageState, TrackerIds};
use leadsgen_consent::i18n::{Locale, PageLocale};
use leadsgen_consent::ui::{consent::ConsentScripts, pages::PolicyPage};
use leptos::nonce::Nonce;
use leptos::prelude::*;

fn render<V: IntoView + 'static>(view: impl FnOnce() -> V) -> String {
    render_in(Locale::En, view)
}

/// Renders `view` as a page pinned to `locale` (`/de/…`) would.
fn render_in<V: IntoView + 'static>(locale: Locale, view: impl FnOnce() -> V) -> String {
    let owner = Owner::new();
    owner.set();
    leptos_meta::provide_meta_context();
    provide_context(PageLocale {
        locale,
        pinned: locale != Locale::En,
    });
    view().to_html()
}

/// The text of every `<table>…</table>` in `html`.
fn tables(html: &str) -> Vec<&str> {
    html.match_indices("<table")
        .map(|(at, open)| {
            let rest = &html[at + open.len()..];
            &rest[..rest.find("</table>").expect("closed table")]
        })
        .collect()
}

#[test]
fn policy_page_lists_every_cookie_inside_its_category_table_in_every_language() {
    for locale in Locale::ALL {
        let html = render_in(locale, || view! { <PolicyPage/> });
        let tables = tables(&html);
        assert_eq!(tables.len(), LEADSGEN.categories.len());
        let form = &locale.messages().form;
        for (category, table) in LEADSGEN.categories.iter().zip(&tables) {
            assert!(table.contains(&format!("category-{}", category.id.key())));
            for header in [form.col_cookie, form.col_purpose, form.col_duration] {
                assert!(table.contains(&format!(">{header}</th>")), "{header}");
            }
            for cookie in category.cookies {
                // Cookie names stay as they are in every language.
                assert!(
                    table.contains(&format!("<code>{}</code>", cookie.name)),
                    "{} missing from the {:?} table in {}",
                    cookie.name,
                    category.id,
                    locale.tag()
                );
                let purpose = html_escape::encode_text(cookie.purpose.get(locale)).into_owned();
                assert!(table.contains(&purpose), "{purpose}");
                assert!(table.contains(&cookie.retention.label(locale)));
            }
        }
    }
}

#[test]
fn policy_page_has_every_section_heading_and_the_revision() {
    let html = render(|| view! { <PolicyPage/> });
    assert_eq!(html.matches("<h1").count(), 1);
    for section in [
        "1. What are cookies?",
        "2. Types of cookies we use",
        "3. How to manage cookies",
        "4. Do Not Track",
        "5. Changes to this policy",
        "6. Contact",
    ] {
        assert!(html.contains(&format!(">{section}</h2>")), "{section}");
    }
    for category in LEADSGEN.categories {
        assert!(html.contains(&format!(">{}</h3>", category.heading(Locale::En))));
    }
    assert!(html.contains(r#"<time datetime="2026-04-12">April 12, 2026</time>"#));
    assert!(html.contains(r#"href="mailto:privacy@leadsgen.app""#));
    // Line continuations in the view's text must not leak indentation into the page.
    assert!(html.contains("similar tracking technologies on our website"));
    // English binds: it says nothing about translations.
    assert!(!html.contains("policy-binding"));
}

#[test]
fn a_translated_policy_is_whole_dated_in_its_language_and_names_the_binding_version() {
    for (locale, date) in [
        (Locale::De, "12. April 2026"),
        (Locale::Fr, "12 avril 2026"),
    ] {
        let html = render_in(locale, || view! { <PolicyPage/> });
        let p = &locale.messages().policy;
        for heading in [
            p.what_heading,
            p.types_heading,
            p.manage_heading,
            p.dnt_heading,
            p.changes_heading,
            p.contact_heading,
        ] {
            let heading = html_escape::encode_text(heading).into_owned();
            assert!(html.contains(&format!(">{heading}</h2>")), "{heading}");
        }
        assert!(html.contains(&format!(r#"<time datetime="2026-04-12">{date}</time>"#)));
        let binding = html_escape::encode_text(p.binding).into_owned();
        assert!(html.contains(&binding), "{binding}");
        assert!(html.contains(r#"href="/en/cookie-policy""#));
        // Its own links keep the page's prefix.
        assert!(html.contains(&format!(r#"href="/{}/cookie-preferences""#, locale.tag())));
        // Not one English sentence of the policy is left.
        let en = &Locale::En.messages().policy;
        for sentence in [en.intro, en.what_1, en.what_2, en.dnt_text, en.changes_text] {
            let sentence = html_escape::encode_text(sentence).into_owned();
            assert!(!html.contains(&sentence), "{sentence}");
        }
    }
}

// ---- the consent scripts in <head> ----------------------------------------------------------

fn visitor(choices: Choices) -> Visitor {
    Visitor {
        signals: Signals::default(),
        decision: Decision::Decided(Consent::new(
            ConsentId([7; 16]),
            Timestamp(1_795_917_984),
            LEADSGEN.revision,
            choices,
            Signals::default(),
        )),
    }
}

fn render_scripts(visitor: Option<Visitor>) -> String {
    render(move || {
        provide_context(Nonce::from_value("TESTNONCE"));
        if let Some(v) = visitor {
            provide_context(PageState::for_visitor(&v, &TrackerIds::leadsgen()));
        }
        view! { <ConsentScripts/> }
    })
}

#[test]
fn before_consent_the_head_has_the_state_and_the_runtime_and_no_tag() {
    let html = render_scripts(Some(Visitor::default()));
    assert!(
        html.starts_with(r#"<script type="application/json" id="leadsgen-consent">{"#),
        "{html}"
    );
    assert!(
        html.contains(r#"<script nonce="TESTNONCE">(function (w, d) {"#),
        "{html}"
    );
    assert!(!html.contains(r#"data-tracker=""#));
    assert_eq!(html.matches("<script").count(), 2);
}

#[test]
fn after_accept_all_every_tag_follows_the_runtime_with_the_nonce_and_raw_code() {
    let html = render_scripts(Some(visitor(Choices::ALL)));
    let runtime = html.find("LeadsGenConsent").expect("the runtime");
    let first_tag = html.find(r#"data-tracker=""#).expect("tags");
    assert!(
        runtime < first_tag,
        "Consent Mode's default comes before any tracker tag"
    );
    // One tag per tracker script, plus one per inline start-up snippet; each with the nonce,
    // as the runtime is.
    let tags: usize = LEADSGEN
        .scripts()
        .map(|(_, s)| 1 + usize::from(s.init.is_some()))
        .sum();
    assert_eq!(html.matches("data-tracker=").count(), tags);
    assert_eq!(html.matches(r#"nonce="TESTNONCE""#).count(), tags + 1);
    assert!(html.contains(
        r#"<script src="https://plausible.io/js/script.js" nonce="TESTNONCE" data-tracker="plausible" data-category="analytics" defer data-domain="leadsgen.app"></script>"#
    ), "{html}");
    assert!(html.contains(
        r#"src="https://www.googletagmanager.com/gtag/js?id=AW-1029384756" nonce="TESTNONCE" data-tracker="google-ads" data-category="marketing" async>"#
    ), "{html}");
    // Inline code is raw JavaScript, not HTML-escaped text.
    assert!(
        html.contains("fbq('init','1029384756102938');fbq('track','PageView');"),
        "{html}"
    );
    assert!(html.contains("gtag('js',new Date());gtag('config','AW-1029384756');"));
}

#[test]
fn without_a_page_state_nothing_is_rendered() {
    assert!(!render_scripts(None).contains("<script"));
}
