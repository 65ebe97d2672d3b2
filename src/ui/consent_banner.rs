use leptos::prelude::*;

use crate::api::{AcceptAll, ApiError, RejectAll};
use crate::consent::{form::RETURN_TO, Visitor};
use crate::ui::{ConsentNotices, PREFERENCES_PATH};

/// The first-layer consent banner, rendered by the server only while there is no valid
/// decision.
///
/// Without JavaScript its buttons are plain form posts that come back to `return_to`; with it,
/// the island posts them in place and removes itself, no reload. "Manage preferences" is a
/// GET form so that it, too, is a real button that works without JavaScript.
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
    let reject_return = return_to.clone();

    view! {
        // `hidden` once saved: gone from view and from the accessibility tree, no reload.
        <section class="consent-banner" role="region" aria-label="Cookie consent" hidden=saved>
                <div class="container consent-banner__inner">
                    <div class="consent-banner__text">
                        <p>
                            "LeadsGen uses strictly necessary cookies to keep you signed in and the \
                             Service secure. With your consent, we also use cookies to remember \
                             your preferences, measure how the Service is used, and measure our \
                             advertising. Read our "
                            <a href="/cookie-policy">"Cookie Policy"</a>"."
                        </p>
                        <ConsentNotices visitor/>
                        {move || error().map(|e| view! { <p class="notice notice--error" role="alert">{e}</p> })}
                    </div>
                    <div class="consent-actions">
                        <ActionForm action=accept>
                            <input type="hidden" name=RETURN_TO value=return_to/>
                            <button type="submit" class="btn btn--choice">"Accept all"</button>
                        </ActionForm>
                        <ActionForm action=reject>
                            <input type="hidden" name=RETURN_TO value=reject_return/>
                            <button type="submit" class="btn btn--choice">"Reject all"</button>
                        </ActionForm>
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
