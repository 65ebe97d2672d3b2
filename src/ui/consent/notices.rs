//! Why the banner asks: a privacy signal honored, or a policy revised since the last decision.
use leptos::prelude::*;

use crate::consent::{Decision, Visitor, LEADSGEN};
use crate::ui::page_locale;

/// The notices that explain why we ask, in the page's language: a privacy signal we honor, or
/// a policy revised since the visitor's last decision. Renders nothing when neither applies.
/// Rendered on the server only.
#[component]
pub fn ConsentNotices(
    /// What the server decided about this visitor.
    visitor: Visitor,
) -> impl IntoView {
    let locale = page_locale().locale;
    let n = &locale.messages().notices;
    let signal = visitor.signals.notice(locale).map(|notice| {
        view! { <p class="notice notice--signal">{notice}{n.signal_accept_all}</p> }
    });
    let revised = matches!(visitor.decision, Decision::Outdated(_)).then(|| {
        let (before, after) = n
            .policy_updated
            .split_once("{date}")
            .unwrap_or((n.policy_updated, ""));
        let revision = LEADSGEN.revision;
        view! {
            <p class="notice notice--revised">
                {before}<time datetime=revision.iso()>{locale.long_date(revision)}</time>{after}
            </p>
        }
    });
    view! { {revised} {signal} }
}
