use leptos::{prelude::*, server_fn::ServerFn};

use crate::api::RememberPreferences;
use crate::consent::{form::RETURN_TO, Visitor};
use crate::prefs::Prefs;

/// Says that a preference chosen without functional consent applies to this page only, and
/// offers to remember it (which allows functional cookies).
#[component]
pub fn PageOnlyNotice(
    /// This page, with its page-only choices in the query string.
    return_to: String,
) -> impl IntoView {
    let prefs = use_context::<Prefs>().unwrap_or_default();
    let visitor = use_context::<Visitor>().unwrap_or_default();
    (prefs.page_only && !visitor.effective().functional).then(|| {
        view! {
            <div class="container">
                <form class="notice page-only" method="post" action=RememberPreferences::url()>
                    <input type="hidden" name=RETURN_TO value=return_to/>
                    <p>
                        "Your choice applies to this page only, because functional cookies are \
                         off. To keep it, allow functional cookies."
                    </p>
                    <button type="submit" class="btn btn--secondary btn--small">
                        "Remember my choices"
                    </button>
                </form>
            </div>
        }
    })
}
