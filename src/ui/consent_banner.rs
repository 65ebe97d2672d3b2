use std::collections::BTreeMap;

use leptos::{ev::SubmitEvent, prelude::*, server_fn::ServerFn};

use crate::api::{AcceptAll, ApiError, RejectAll};
use crate::consent::{form::RETURN_TO, Visitor};
use crate::ui::{ConsentNotices, PREFERENCES_PATH};

/// The first-layer consent banner, rendered by the server only while there is no valid
/// decision.
///
/// Its buttons are plain form posts that come back to `return_to` without JavaScript. With
/// it, the island posts the same fields to the same server functions in place and hides
/// itself, no reload. (Not `ActionForm`: it adds the unnamed submit button as an empty-named
/// field, which the strict form parser refuses.) "Manage preferences" is a GET form so that
/// it, too, is a real button that works without JavaScript.
#[island]
pub fn ConsentBanner(
    /// What the server decided about this visitor.
    visitor: Visitor,
    /// The page (path and query) the banner is shown on.
    return_to: String,
) -> impl IntoView {
    let accept = ServerAction::<AcceptAll>::new();
    let reject = ServerAction::<RejectAll>::new();
    let outcome = move || accept.value().get().or_else(|| reject.value().get());
    let saved = move || matches!(outcome(), Some(Ok(_)));
    let error = move || {
        outcome()
            .and_then(Result::err)
            .map(|e: ApiError| e.to_string())
    };
    let fields = {
        let return_to = return_to.clone();
        move || BTreeMap::from([(RETURN_TO.to_string(), return_to.clone())])
    };
    let on_accept = {
        let fields = fields.clone();
        move |ev: SubmitEvent| {
            ev.prevent_default();
            accept.dispatch(AcceptAll { fields: fields() });
        }
    };
    let on_reject = move |ev: SubmitEvent| {
        ev.prevent_default();
        reject.dispatch(RejectAll { fields: fields() });
    };
    let reject_return = return_to.clone();

    view! {
        // `hidden` once saved: gone from view and from the accessibility tree, no reload.
        <section class="consent-banner" role="region" aria-label="Cookie consent" hidden=saved>
            <div class="container consent-banner__inner">
                <div class="consent-banner__text">
                    <p>
                        "LeadsGen uses strictly necessary cookies to keep you signed in and the \
                         Service secure. With your consent, we also use cookies to remember your \
                         preferences, measure how the Service is used, and measure our \
                         advertising. Read our "
                        <a href="/cookie-policy">"Cookie Policy"</a>"."
                    </p>
                    <ConsentNotices visitor/>
                    {move || error().map(|e| view! { <p class="notice notice--error" role="alert">{e}</p> })}
                </div>
                <div class="consent-actions">
                    <form method="post" action=AcceptAll::url() on:submit=on_accept>
                        <input type="hidden" name=RETURN_TO value=return_to/>
                        <button type="submit" class="btn btn--choice">"Accept all"</button>
                    </form>
                    <form method="post" action=RejectAll::url() on:submit=on_reject>
                        <input type="hidden" name=RETURN_TO value=reject_return/>
                        <button type="submit" class="btn btn--choice">"Reject all"</button>
                    </form>
                    <form method="get" action=PREFERENCES_PATH>
                        <button type="submit" class="btn btn--secondary">"Manage preferences"</button>
                    </form>
                </div>
            </div>
        </section>
        <p role="status" class="visually-hidden">
            {move || saved().then_some("Your cookie choices were saved.")}
        </p>
    }
}
