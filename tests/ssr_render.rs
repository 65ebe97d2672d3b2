//! Server-side rendering of the pages' views, without a server.
#![cfg(feature = "ssr")]

use leadsgen_consent::consent::LEADSGEN;
use leadsgen_consent::ui::PolicyPage;
use leptos::prelude::*;

fn render<V: IntoView + 'static>(view: impl FnOnce() -> V) -> String {
    let owner = Owner::new();
    owner.set();
    leptos_meta::provide_meta_context();
    view().to_html()
}

/// The text of every `<table>…</table>` in `html`.
fn tables(html: &str) -> Vec<&str> {
    html.split("<table")
        .skip(1)
        .map(|rest| &rest[..rest.find("</table>").expect("closed table")])
        .collect()
}

#[test]
fn policy_page_lists_every_cookie_inside_its_category_table() {
    let html = render(|| view! { <PolicyPage/> });
    let tables = tables(&html);
    assert_eq!(tables.len(), LEADSGEN.categories.len());
    for (category, table) in LEADSGEN.categories.iter().zip(&tables) {
        assert!(table.contains(&format!("category-{}", category.id.key())));
        for cookie in category.cookies {
            assert!(
                table.contains(&format!("<code>{}</code>", cookie.name)),
                "{} missing from the {} table",
                cookie.name,
                category.name
            );
            assert!(table.contains(cookie.purpose));
            assert!(table.contains(&cookie.retention.to_string()));
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
        assert!(html.contains(&format!(">{}</h3>", category.heading())));
    }
    assert!(html.contains(r#"<time datetime="2026-04-12">April 12, 2026</time>"#));
    assert!(html.contains(r#"href="mailto:privacy@leadsgen.app""#));
    // Line continuations in the view's text must not leak indentation into the page.
    assert!(html.contains("similar tracking technologies on our website"));
}
