use leptos::{ev::SubmitEvent, prelude::*, server_fn::ServerFn, task::spawn_local};
use wasm_bindgen::JsCast;
use web_sys::HtmlFormElement;

use crate::api::{AcceptAll, RejectAll};
use crate::consent::{form::RETURN_TO, Visitor};
use crate::ui::{form_post::post_form, ConsentNotices, PREFERENCES_PATH};

/// The first-layer consent banner, rendered by the server only while there is no valid
/// decision.
///
/// Its buttons are plain form posts to the consent server functions that come back to
/// `return_to` without JavaScript. With it, the island sends the same post with `fetch` and
/// hides itself: no reload. "Manage preferences" is a GET form so that it, too, is a real
/// button that works without JavaScript.
#[island]
pub fn ConsentBanner(
    /// What the server decided about this visitor.
    visitor: Visitor,
    /// The page (path and query) the banner is shown on.
    return_to: String,
) -> impl IntoView {
    let (saved, set_saved) = signal(false);
    let (error, set_error) = signal(None::<String>);
    let submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        let Some(form) = ev
            .target()
            .and_then(|t| t.dyn_into::<HtmlFormElement>().ok())
        else {
            return;
        };
        spawn_local(async move {
            match post_form(&form).await {
                Ok(()) => set_saved.set(true),
                Err(e) => set_error.set(Some(e.to_string())),
            }
        });
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
                    {move || error.get().map(|e| view! { <p class="notice notice--error" role="alert">{e}</p> })}
                </div>
                <div class="consent-actions">
                    <form method="post" action=AcceptAll::url() on:submit=submit>
                        <input type="hidden" name=RETURN_TO value=return_to/>
                        <button type="submit" class="btn btn--choice">"Accept all"</button>
                    </form>
                    <form method="post" action=RejectAll::url() on:submit=submit>
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
            {move || saved.get().then_some("Your cookie choices were saved.")}
        </p>
    }
}
