//! Why the banner asks: a privacy signal honored, or a policy revised since the last decision;
//! and, signed in, that a choice applies to the account on every device.
use leptos::{prelude::*, server_fn::ServerFn};

use crate::accounts::{Governing, SignedInAs};
use crate::api::AdoptDeviceChoices;
use crate::consent::form::{RETURN_TO, SOURCE};
use crate::consent::{Decision, Source, Visitor, LEADSGEN};
use crate::i18n::fill;
use crate::ui::{current_page, page_locale};

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
    // Signed in, the first layer says in one sentence what a choice applies to (CNIL rule 3).
    let scope = use_context::<SignedInAs>().map(|account| {
        let a = &locale.messages().accounts;
        view! { <p class="notice notice--scope">{fill(a.scope_note, &[("email", &account.email)])}</p> }
    });
    view! { {revised} {signal} {scope} }
}

/// Signed in, with an account that has no decision yet while this device has one: says that
/// the device's choices apply here only, and offers to make them the account's. Only that
/// button does it (CNIL rule 4: nothing is lifted silently). Renders nothing otherwise.
#[component]
pub fn AdoptNotice() -> impl IntoView {
    let offer = use_context::<Governing>().is_some_and(|g| g.offer_to_adopt);
    let a = &page_locale().locale.messages().accounts;
    offer.then(|| {
        view! {
            <div class="container">
                <section class="notice notice--adopt" aria-label=a.account_nav>
                    <p>{a.adopt_text}</p>
                    <form method="post" action=AdoptDeviceChoices::url()>
                        <input type="hidden" name=RETURN_TO value=current_page()/>
                        <input type="hidden" name=SOURCE value=Source::PageNotice.key()/>
                        <button type="submit" class="btn btn--secondary btn--small">{a.adopt_button}</button>
                    </form>
                </section>
            </div>
        }
    })
}
