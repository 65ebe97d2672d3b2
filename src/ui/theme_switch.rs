use leptos::{prelude::*, server_fn::ServerFn};

use crate::api::SetPreference;
use crate::consent::form::RETURN_TO;
use crate::prefs::{PrefChange, Prefs, Theme};

/// Light / Dark / System: three submit buttons of one plain form, so the choice works with or
/// without JavaScript. The server stores it only with functional consent.
#[component]
pub fn ThemeSwitch(
    /// The page to come back to.
    return_to: String,
) -> impl IntoView {
    let current = use_context::<Prefs>().unwrap_or_default().theme;
    let buttons = Theme::ALL
        .into_iter()
        .map(|theme| {
            view! {
                <button
                    type="submit"
                    name=PrefChange::THEME
                    value=theme.key()
                    aria-pressed=if theme == current { "true" } else { "false" }
                >
                    {theme.label()}
                </button>
            }
        })
        .collect_view();
    view! {
        <form class="theme-switch" method="post" action=SetPreference::url()>
            <input type="hidden" name=RETURN_TO value=return_to/>
            <div role="group" aria-label="Theme">{buttons}</div>
        </form>
    }
}
