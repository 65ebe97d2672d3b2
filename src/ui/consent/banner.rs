//! The first-layer consent banner: what cookies are for, and Accept all / Reject all / Manage.
use leptos::{prelude::*, server_fn::ServerFn};

use super::{ConsentNotices, IslandText};
use crate::api::{AcceptAll, RejectAll};
use crate::consent::form::{RETURN_TO, SOURCE};

/// The first-layer consent banner's markup: what we use cookies for, and three equal buttons,
/// in the page's language ([`IslandText`]).
///
/// The buttons are plain forms, so they work without JavaScript: Accept all and Reject all
/// post to the consent server functions and come back to `return_to`, and Manage preferences
/// GETs `/cookie-preferences` (under the page's language prefix). With JavaScript,
/// [`ConsentManager`](super::ConsentManager) catches their submit events and does the same in
/// place.
#[component]
pub fn ConsentBanner(
    /// The page's consent text, for this visitor.
    text: IslandText,
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
    let IslandText {
        banner_label,
        banner_text,
        policy_link,
        policy_href,
        accept_all,
        reject_all,
        manage,
        manage_href,
        ..
    } = text.clone();
    view! {
        <section class="consent-banner" role="region" aria-label=banner_label hidden=hidden>
            <div class="container consent-banner__inner">
                <div class="consent-banner__text">
                    <p>{banner_text}<a href=policy_href>{policy_link}</a></p>
                    <ConsentNotices text/>
                    {move || error.get().map(|e| view! { <p class="notice notice--error" role="alert">{e}</p> })}
                </div>
                <div class="consent-actions">
                    <form method="post" action=AcceptAll::url()>
                        <input type="hidden" name=RETURN_TO value=return_to/>
                        <input type="hidden" name=SOURCE value=BANNER/>
                        <button type="submit" class="btn btn--choice">{accept_all}</button>
                    </form>
                    <form method="post" action=RejectAll::url()>
                        <input type="hidden" name=RETURN_TO value=reject_return/>
                        <input type="hidden" name=SOURCE value=BANNER/>
                        <button type="submit" class="btn btn--choice">{reject_all}</button>
                    </form>
                    <form method="get" action=manage_href>
                        <button type="submit" class="btn btn--secondary">{manage}</button>
                    </form>
                </div>
            </div>
        </section>
    }
}

/// The banner's `source`, as [`Source::Banner`](crate::consent::Source) keys it; a literal,
/// so the island does not carry `Source`'s table (a unit test checks that they agree).
const BANNER: &str = "banner";

#[cfg(test)]
mod tests {
    #[test]
    fn the_banners_source_is_the_banner() {
        assert_eq!(super::BANNER, crate::consent::Source::Banner.key());
    }
}
