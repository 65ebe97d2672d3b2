//! Why the banner asks: a privacy signal honored, or a policy revised since the last decision.
use leptos::prelude::*;

use crate::consent::{Decision, Visitor, LEADSGEN};

/// The notices that explain why we ask: a privacy signal we honor, or a policy revised since
/// the visitor's last decision. Renders nothing when neither applies.
#[component]
pub fn ConsentNotices(visitor: Visitor) -> impl IntoView {
    let signal = visitor.signals.notice().map(|text| {
        view! {
            <p class="notice notice--signal">
                {text}" “Accept all” allows functional cookies only."
            </p>
        }
    });
    // A copy of the one field: borrowing it from the constant would put the whole registry
    // (every category, cookie and tracker script) into the wasm bundle.
    let revision = LEADSGEN.revision;
    let revised = matches!(visitor.decision, Decision::Outdated(_)).then(|| {
        view! {
            <p class="notice notice--revised">
                "Our Cookie Policy was updated on "
                <time datetime=revision.iso()>{revision.long()}</time>
                ". Please review your choices."
            </p>
        }
    });
    view! { {revised} {signal} }
}
