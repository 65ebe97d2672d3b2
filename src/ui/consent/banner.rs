//! The first-layer consent banner: what cookies are for, and Accept all / Reject all / Manage.
use leptos::{prelude::*, server_fn::ServerFn};

use super::ConsentNotices;
use crate::api::{AcceptAll, RejectAll};
use crate::consent::form::{RETURN_TO, SOURCE};
use crate::consent::{Source, Visitor};
use crate::paths;
use crate::ui::{link, t};

/// The first-layer consent banner: what we use cookies for, and three equal buttons, in the
/// page's language. Rendered on the server only (it is not part of the island's wasm).
///
/// The buttons are plain forms, so they work without JavaScript: Accept all and Reject all
/// post to the consent server functions and come back to `return_to`, and Manage preferences
/// GETs `/cookie-preferences` (under the page's language prefix). With JavaScript,
/// [`ConsentManager`](super::ConsentManager) catches their submit events, does the same in
/// place, and hides the banner once a decision is saved.
#[component]
pub fn ConsentBanner(
    /// What the server decided about this visitor.
    visitor: Visitor,
    /// The page (path and query) the banner is shown on.
    return_to: String,
) -> impl IntoView {
    let reject_return = return_to.clone();
    let b = &t().banner;
    view! {
        // data-nosnippet: search engines must not use the banner's text as the page's snippet
        // (the banner is in the first HTML). Crawlers get the same page as everyone else.
        <section class="consent-banner" role="region" aria-label=b.label data-nosnippet="">
            <div class="container consent-banner__inner">
                <div class="consent-banner__text">
                    <p>{b.text}<a href=link(paths::POLICY)>{b.policy_link}</a></p>
                    <ConsentNotices visitor place="banner"/>
                </div>
                <div class="consent-actions">
                    <form method="post" action=AcceptAll::url()>
                        <input type="hidden" name=RETURN_TO value=return_to/>
                        <input type="hidden" name=SOURCE value=Source::Banner.key()/>
                        <button type="submit" class="btn btn--choice">{b.accept_all}</button>
                    </form>
                    <form method="post" action=RejectAll::url()>
                        <input type="hidden" name=RETURN_TO value=reject_return/>
                        <input type="hidden" name=SOURCE value=Source::Banner.key()/>
                        <button type="submit" class="btn btn--choice">{b.reject_all}</button>
                    </form>
                    <form method="get" action=link(paths::PREFERENCES)>
                        <button type="submit" class="btn btn--secondary">{b.manage}</button>
                    </form>
                </div>
            </div>
        </section>
    }
}
