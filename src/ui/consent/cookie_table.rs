//! A category's cookies as a table: name, purpose, duration (and who sets them).
use leptos::prelude::*;

use crate::consent::Category;
use crate::i18n::fill;
use crate::ui::page_locale;

/// A category's cookies as the policy shows them: Cookie / Purpose / Duration, and with
/// `detailed` also who sets each (first or third party, and the provider).
///
/// The table sits in a focusable, labelled scroll container so that it scrolls sideways on
/// narrow screens instead of overflowing the page, and keyboard users can scroll it too.
#[component]
pub fn CookieTable(
    /// The category whose cookies are listed.
    category: &'static Category,
    /// The id of the heading that names the table.
    labelled_by: String,
    /// Add the Set by (party) and Provider columns.
    #[prop(optional)]
    detailed: bool,
) -> AnyView {
    let locale = page_locale().locale;
    let t = &locale.messages().form;
    let rows = category
        .cookies
        .iter()
        .map(|c| {
            view! {
                <tr>
                    <th scope="row"><code>{c.name}</code></th>
                    <td>{c.purpose.get(locale)}</td>
                    <td>{c.retention.label(locale)}</td>
                    {detailed.then(|| view! {
                        <td>{c.party().label(locale)}</td>
                        <td>{c.provider.name()}</td>
                    })}
                </tr>
            }
        })
        .collect_view();
    // The scroll region's own name: the category's section is already a region named after
    // the category, and two landmarks with one name cannot be told apart.
    let region_name = fill(t.cookies_region, &[("category", category.name.get(locale))]);
    view! {
        <div class="table-scroll" role="region" tabindex="0" aria-label=region_name>
            <table class="cookie-table" aria-labelledby=labelled_by>
                <thead>
                    <tr>
                        <th scope="col">{t.col_cookie}</th>
                        <th scope="col">{t.col_purpose}</th>
                        <th scope="col">{t.col_duration}</th>
                        {detailed.then(|| view! {
                            <th scope="col">{t.col_set_by}</th>
                            <th scope="col">{t.col_provider}</th>
                        })}
                    </tr>
                </thead>
                <tbody>{rows}</tbody>
            </table>
        </div>
    }
    // Erased so that the views that embed it stay under the compiler's type depth limit.
    .into_any()
}
