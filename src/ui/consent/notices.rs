//! Why the banner asks: a privacy signal honored, or a policy revised since the last decision.
use leptos::prelude::*;

use super::IslandText;
use crate::consent::LEADSGEN;

/// The notices that explain why we ask: a privacy signal we honor, or a policy revised since
/// the visitor's last decision, as [`IslandText::new`] worded them for this visitor. Renders
/// nothing when neither applies.
#[component]
pub fn ConsentNotices(
    /// The page's consent text, for this visitor.
    text: IslandText,
) -> impl IntoView {
    let signal = text
        .signal_notice
        .map(|notice| view! { <p class="notice notice--signal">{notice}</p> });
    // A copy of the one field: borrowing it from the constant would put the whole registry
    // (every category, cookie and tracker script) into the wasm bundle.
    let revision = LEADSGEN.revision;
    let revised = text.revised_notice.map(|[before, date, after]| {
        view! {
            <p class="notice notice--revised">
                {before}<time datetime=revision.iso()>{date}</time>{after}
            </p>
        }
    });
    view! { {revised} {signal} }
}
