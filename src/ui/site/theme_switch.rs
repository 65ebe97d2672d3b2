//! Light / Dark / System: the theme switch in the header and on `/settings`.
use leptos::{prelude::*, server_fn::ServerFn};

use crate::api::SetPersonalization;
use crate::consent::form::RETURN_TO;
use crate::personalization::{Personalization, PersonalizationChange, Theme};
use crate::ui::page_locale;

/// Light / Dark / System: three submit buttons of one plain form, so the choice works with or
/// without JavaScript. The server stores it only with functional consent.
#[component]
pub fn ThemeSwitch(
    /// The page to come back to.
    return_to: String,
) -> impl IntoView {
    let current = use_context::<Personalization>().unwrap_or_default().theme;
    let locale = page_locale().locale;
    let buttons = Theme::ALL
        .into_iter()
        .map(|theme| {
            view! {
                <button
                    type="submit"
                    name=PersonalizationChange::THEME
                    value=theme.key()
                    aria-pressed=if theme == current { "true" } else { "false" }
                >
                    {theme.label(locale)}
                </button>
            }
        })
        .collect_view();
    view! {
        <form class="theme-switch" method="post" action=SetPersonalization::url()>
            <input type="hidden" name=RETURN_TO value=return_to/>
            <div role="group" aria-label=locale.messages().site.theme>{buttons}</div>
        </form>
    }
}
