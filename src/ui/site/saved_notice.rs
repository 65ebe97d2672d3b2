//! "Saved: …": the confirmation a page shows when a plain form post (no JavaScript) comes
//! back to it with `?saved=<what>#saved`, where the form was.

use leptos::prelude::*;

use std::borrow::Cow;

use crate::paths::SAVED_ANCHOR;

/// What the page's query says was saved (`consent`, `theme`, `sidebar`, `workspace`), if
/// anything.
pub fn saved_marker() -> Option<String> {
    let location = leptos_router::hooks::use_location();
    let search = location.search.get_untracked();
    crate::paths::saved_marker(&search).map(Cow::into_owned)
}

/// The confirmation, when the query says `what` was saved: a status message the browser
/// brings into view and focuses (it is the location's fragment and takes focus), so the
/// visitor hears and sees that the save worked, where they made it.
#[component]
pub fn SavedNotice(
    /// Which save this confirms.
    what: &'static str,
    /// What to say, e.g. "Saved: functional on, analytics off, marketing off."
    text: String,
) -> impl IntoView {
    (saved_marker().as_deref() == Some(what)).then(|| {
        view! {
            <p id=SAVED_ANCHOR class="notice notice--saved" role="status" tabindex="-1">{text}</p>
        }
    })
}
