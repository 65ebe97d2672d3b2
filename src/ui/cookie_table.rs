use leptos::prelude::*;

use crate::consent::Category;

/// A category's cookies as the policy shows them: Cookie / Purpose / Duration.
///
/// The table sits in a focusable, labelled scroll container so that it scrolls sideways on
/// narrow screens instead of overflowing the page, and keyboard users can scroll it too.
#[component]
pub fn CookieTable(
    /// The category whose cookies are listed.
    category: &'static Category,
    /// The id of the heading that names the table.
    labelled_by: String,
) -> impl IntoView {
    let rows = category
        .cookies
        .iter()
        .map(|c| {
            view! {
                <tr>
                    <th scope="row"><code>{c.name}</code></th>
                    <td>{c.purpose}</td>
                    <td>{c.retention.to_string()}</td>
                </tr>
            }
        })
        .collect_view();
    let region_labelled_by = labelled_by.clone();
    view! {
        <div class="table-scroll" role="region" tabindex="0" aria-labelledby=region_labelled_by>
            <table class="cookie-table" aria-labelledby=labelled_by>
                <thead>
                    <tr>
                        <th scope="col">"Cookie"</th>
                        <th scope="col">"Purpose"</th>
                        <th scope="col">"Duration"</th>
                    </tr>
                </thead>
                <tbody>{rows}</tbody>
            </table>
        </div>
    }
}
