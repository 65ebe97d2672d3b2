//! The visitor's proof of their current decision: consent ID, date, and the receipt.

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
    text: IslandText,
) -> impl IntoView {
    visitor.decision.consent().map(|c| {
        let date = c.decided_at.date().iso();
        view! {
            <p class="consent-proof">
                {text.consent_id}<code>{c.id.to_string()}</code>{text.given_on}
                <time datetime=date>{c.decided_at.long(text.locale)}</time>
            </p>
            <p class="consent-receipt">
                <a href=RECEIPT download>{text.download_receipt}</a>
                " · "
                <a href=text.receipt_page_href>{text.view_receipt}</a>
            </p>
        }
    })
}
