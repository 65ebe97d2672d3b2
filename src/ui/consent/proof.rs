//! The visitor's proof of their current decision: consent ID, date, and the receipt.

use leptos::prelude::*;

use crate::consent::Visitor;

/// "Consent ID … · given on …" and the links to the consent receipt: the visitor's proof of
/// their current decision, if any. The receipt's path is a literal here because this
/// component is part of the island's wasm (see the banner); a router test checks it.
#[component]
pub fn ConsentProof(visitor: Visitor) -> impl IntoView {
    visitor.decision.consent().map(|c| {
        let date = c.decided_at.date().iso();
        view! {
            <p class="consent-proof">
                "Consent ID "<code>{c.id.to_string()}</code>" · given on "
                <time datetime=date>{c.decided_at.long()}</time>
            </p>
            <p class="consent-receipt">
                <a href="/api/consent/receipt" download>"Download your consent receipt"</a>
                " · "
                <a href="/api/consent/receipt?format=html">"View it as a page"</a>
            </p>
        }
    })
}
