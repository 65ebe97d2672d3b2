//! The first-layer consent banner: what cookies are for, and Accept all / Reject all / Manage.
use leptos::{prelude::*, server_fn::ServerFn};

use super::ConsentNotices;
use crate::api::{AcceptAll, RejectAll};
use crate::consent::{form::RETURN_TO, Visitor};

/// The first-layer consent banner's markup: what we use cookies for, and three equal buttons.
///
/// The buttons are plain forms, so they work without JavaScript: Accept all and Reject all
/// post to the consent server functions and come back to `return_to`, and Manage preferences
/// GETs `/cookie-preferences`. With JavaScript, [`ConsentManager`](super::ConsentManager)
/// catches their submit events and does the same in place.
///
/// The banner is compiled into the island's wasm, so its two paths and its `source` field
/// are literals, as [`crate::paths`] and [`Source::Banner`](crate::consent::Source) declare
/// them: a literal keeps the markup one static template in the bundle, where a constant would
/// add code to build it. A router test checks that they agree.
#[component]
pub fn ConsentBanner(
    /// What the server decided about this visitor.
    visitor: Visitor,
    /// The page (path and query) the banner is shown on.
    return_to: String,
    /// Hides the banner once a decision was saved in place.
    #[prop(into)]
    hidden: Signal<bool>,
    /// The last error, shown in the banner.
    #[prop(into)]
    error: Signal<Option<String>>,
) -> impl IntoView {
    let reject_return = return_to.clone();
    view! {
        <section class="consent-banner" role="region" aria-label="Cookie consent" hidden=hidden>
            <div class="container consent-banner__inner">
                <div class="consent-banner__text">
                    <p>
                        "LeadsGen uses strictly necessary cookies to keep you signed in and the \
                         Service secure. With your consent, we also remember your preferences, \
                         measure use, and measure ads with Meta (Facebook) and Google. Refusing \
                         keeps the Service fully usable; change your mind any time in “Cookie \
                         settings”. "
                        <a href="/cookie-policy">"Cookie Policy"</a>
                    </p>
                    <ConsentNotices visitor/>
                    {move || error.get().map(|e| view! { <p class="notice notice--error" role="alert">{e}</p> })}
                </div>
                <div class="consent-actions">
                    <form method="post" action=AcceptAll::url()>
                        <input type="hidden" name=RETURN_TO value=return_to/>
                        <input type="hidden" name="source" value="banner"/>
                        <button type="submit" class="btn btn--choice">"Accept all"</button>
                    </form>
                    <form method="post" action=RejectAll::url()>
                        <input type="hidden" name=RETURN_TO value=reject_return/>
                        <input type="hidden" name="source" value="banner"/>
                        <button type="submit" class="btn btn--choice">"Reject all"</button>
                    </form>
                    <form method="get" action="/cookie-preferences">
                        <button type="submit" class="btn btn--secondary">"Manage preferences"</button>
                    </form>
                </div>
            </div>
        </section>
    }
}
