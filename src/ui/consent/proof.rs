//! The visitor's proof of their current decision: consent ID, date, and the receipt.

use std::sync::Arc;

use leptos::prelude::*;

use super::IslandText;
use crate::consent::Visitor;
use crate::paths::RECEIPT;

/// "Consent ID … · given on …" and the links to the consent receipt (the page in the page's
/// language): the visitor's proof of their current decision, if any. Part of the island's
/// wasm, so its words come from [`IslandText`].
#[component]
pub fn ConsentProof(
    /// What the server decided about this visitor.
    visitor: Visitor,
    /// The page's consent text.
    text: Arc<IslandText>,
) -> impl IntoView {
    visitor.decision.consent().map(|c| {
        let date = c.decided_at.date().iso();
        view! {
            <p class="consent-proof">
                {text.consent_id.clone()}<code>{c.id.to_string()}</code>{text.given_on.clone()}
                <time datetime=date>{c.decided_at.long(text.locale)}</time>
            </p>
            <p class="consent-receipt">
                <a href=RECEIPT download>{text.download_receipt.clone()}</a>
                " · "
                <a href=text.receipt_page_href.clone()>{text.view_receipt.clone()}</a>
            </p>
        }
    })
}
