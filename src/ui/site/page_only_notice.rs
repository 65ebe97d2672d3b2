//! "Your choice applies to this page only": the offer to remember a page-only setting.
use leptos::{prelude::*, server_fn::ServerFn};

use crate::api::RememberPersonalization;
use crate::consent::{
    form::{RETURN_TO, SOURCE},
    Source, Visitor,
};
use crate::personalization::Personalization;
use crate::ui::t;

/// Says that a setting chosen without functional consent applies to this page only, and
/// offers to remember it (which allows functional cookies).
#[component]
pub fn PageOnlyNotice(
    /// This page, with its page-only choices in the query string.
    return_to: String,
) -> impl IntoView {
    let settings = use_context::<Personalization>().unwrap_or_default();
    let notices = &t().notices;
    let visitor = use_context::<Visitor>().unwrap_or_default();
    (settings.page_only && !visitor.effective().functional).then(|| {
        view! {
            <div class="container">
                <form class="notice page-only" method="post" action=RememberPersonalization::url()>
                    <input type="hidden" name=RETURN_TO value=return_to/>
                    <input type="hidden" name=SOURCE value=Source::PageNotice.key()/>
                    <p>{notices.page_only}</p>
                    <button type="submit" class="btn btn--secondary btn--small">
                        {notices.remember}
                    </button>
                </form>
            </div>
        }
    })
}
