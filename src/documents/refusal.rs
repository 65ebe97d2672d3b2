//! The refusal page: what went wrong, in the visitor's language, and that nothing was saved.
//! Every refusal a person can see without JavaScript is this one component: a refused post,
//! a body over the size cap, a receipt that cannot be shown. Also the one-link page that a
//! plain form's 303 carries.

use leptos::prelude::*;

use super::{document, Head};
use crate::i18n::Locale;

/// What a refusal page says.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Refusal {
    /// The page's language (`<html lang>`).
    pub locale: Locale,
    /// The heading, also the `<title>`.
    pub title: String,
    /// What went wrong, for a person.
    pub message: String,
    /// A detail in English beside a translated message (a bad request quotes the field).
    pub detail: Option<String>,
    /// Where to go next: `(href, label)` pairs, each a site path.
    pub links: Vec<(String, String)>,
}

impl Refusal {
    /// The complete HTML document.
    pub fn to_html(&self) -> String {
        let refusal = self.clone();
        document(move || view! { <RefusalPage refusal/> }.into_any())
    }
}

/// The refusal page: see [`Refusal`].
#[component]
pub fn RefusalPage(refusal: Refusal) -> impl IntoView {
    let Refusal {
        locale,
        title,
        message,
        detail,
        links,
    } = refusal;
    let links = (!links.is_empty()).then(|| {
        let count = links.len();
        let links = links
            .into_iter()
            .enumerate()
            .map(|(i, (href, label))| {
                view! {
                    <a href=href>{label}</a>
                    {(i + 1 < count).then_some(" · ")}
                }
            })
            .collect_view();
        view! { <p>{links}</p> }
    });
    let heading = title.clone();
    view! {
        <html lang=locale.tag()>
            <Head title/>
            <body>
                <main>
                    <h1>{heading}</h1>
                    <p>{message}</p>
                    {detail.map(|d| view! { <p lang="en">{d}</p> })}
                    {links}
                </main>
            </body>
        </html>
    }
}

/// The body of a plain form's 303: the `Location` as a link, for a client that does not
/// follow redirects.
#[component]
pub fn LinkPage(location: String) -> impl IntoView {
    let href = location.clone();
    view! {
        <title>"Saved"</title>
        <a href=href>{location}</a>
    }
}

/// The complete [`LinkPage`] document for `location`.
pub fn link_page(location: &str) -> String {
    let location = location.to_string();
    document(move || view! { <LinkPage location/> }.into_any())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every value that reaches text or an attribute is escaped.
    #[test]
    fn escapes_every_value() {
        let hostile = r#""><script>alert('x')</script>&"#;
        let html = Refusal {
            locale: Locale::De,
            title: hostile.into(),
            message: hostile.into(),
            detail: Some(hostile.into()),
            links: vec![(hostile.into(), hostile.into())],
        }
        .to_html();
        assert!(
            html.starts_with("<!DOCTYPE html><html lang=\"de\">"),
            "{html}"
        );
        assert!(!html.contains("<script>"), "{html}");
        assert!(html.contains("href=\"&quot;&gt;"), "{html}");
        assert!(
            html.contains(
                "<title>\"&gt;&lt;script&gt;alert('x')&lt;/script&gt;&amp; · LeadsGen</title>"
            ),
            "{html}"
        );
        assert!(html.contains("&lt;script&gt;"), "{html}");
        assert!(html.contains("&amp;"), "{html}");
        let link = link_page(hostile);
        assert!(link.starts_with("<!DOCTYPE html>"));
        assert!(
            !link.contains("<script>") && link.contains("href=\"&quot;&gt;"),
            "{link}"
        );
    }
}
