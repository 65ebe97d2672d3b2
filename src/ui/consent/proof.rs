//! The visitor's proof of their current decision: consent ID and date.
use leptos::prelude::*;

use crate::consent::Visitor;

/// "Consent ID … · given on …": the visitor's proof of their current decision, if any.
#[component]
pub fn ConsentProof(visitor: Visitor) -> impl IntoView {
    visitor.decision.consent().map(|c| {
        let date = c.decided_at.date().iso();
        view! {
            <p class="consent-proof">
                "Consent ID "<code>{c.id.to_string()}</code>" · given on "
                <time datetime=date>{c.decided_at.long()}</time>
            </p>
        }
    })
}
