//! Whole HTML documents the server answers outside the routed pages (server only): a refusal,
//! the link a plain form's 303 carries, and the printable consent receipt. Each is a Leptos
//! component rendered with `to_html`, which escapes every text and attribute value, so no
//! value a client sent can become markup.

pub mod receipt;
pub mod refusal;

use leptos::prelude::*;
use leptos::tachys::view::RenderHtml;

pub use receipt::ReceiptPage;
pub use refusal::{link_page, LinkPage, Refusal, RefusalPage};

/// `view` as a complete document: `<!DOCTYPE html>` followed by the view's HTML.
pub fn document(view: impl FnOnce() -> AnyView) -> String {
    let owner = Owner::new();
    owner.with(|| {
        let mut html = String::from("<!DOCTYPE html>");
        html.push_str(&view().to_html());
        html
    })
}

/// The `<head>` every document here shares: charset, viewport and `{title} · LeadsGen`.
#[component]
fn Head(title: String) -> impl IntoView {
    // One text node: `<title>` holds text only, so the marker between two would show.
    let title = [title.as_str(), " · LeadsGen"].concat();
    view! {
        <head>
            <meta charset="utf-8"/>
            <meta name="viewport" content="width=device-width, initial-scale=1"/>
            <title>{title}</title>
        </head>
    }
}
