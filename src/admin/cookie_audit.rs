//! The dashboard's "Cookie audit" section: what the live cookie audit counted in the last
//! days, what each finding means and what to do. Every name is text: Leptos escapes it, so a
//! cookie named `<script>` is shown, never run.

use leptos::prelude::*;

use crate::consent::cookie_audit::{Finding, OTHER};
use crate::consent::LEADSGEN;
use crate::dates::CalendarDate;
use crate::i18n::Locale;
use crate::log::AuditTotal;

/// "2026-12-03 14:05 UTC" for milliseconds since the Unix epoch.
fn when(ms: u64) -> String {
    let day = CalendarDate::from_days_since_epoch(ms / 86_400_000);
    let minutes = ms / 60_000 % (24 * 60);
    format!("{} {:02}:{:02} UTC", day.iso(), minutes / 60, minutes % 60)
}

/// The section, over `days` days of `totals`.
#[component]
pub fn CookieAuditSection(totals: Vec<AuditTotal>, days: u64) -> impl IntoView {
    let rows = |finding: Finding| {
        totals
            .iter()
            .filter(|t| t.finding == finding)
            .map(|t| {
                // <bdi>: a name with right-to-left characters cannot reorder the row.
                let name = if t.name == OTHER {
                    view! { <em>{OTHER}</em> }.into_any()
                } else {
                    view! { <code><bdi>{t.name.clone()}</bdi></code> }.into_any()
                };
                // The column is the section's: only cookies without consent have a category.
                let category = (finding == Finding::WithoutConsent).then(|| {
                    LEADSGEN.category_of(&t.name).map_or(String::new(), |c| {
                        LEADSGEN.category(c).name.get(Locale::En).to_string()
                    })
                });
                view! {
                    <tr>
                        <th scope="row">{name}</th>
                        {category.map(|c| view! { <td>{c}</td> })}
                        <td>{t.seen.count}</td>
                        <td>{when(t.seen.first_ms)}</td>
                        <td>{when(t.seen.last_ms)}</td>
                    </tr>
                }
            })
            .collect::<Vec<_>>()
    };
    let undeclared = rows(Finding::Undeclared);
    let without_consent = rows(Finding::WithoutConsent);
    let empty = |what: &'static str| view! { <p>{what}</p> };
    view! {
        <section aria-labelledby="cookie-audit">
            <h2 id="cookie-audit">"Cookie audit"</h2>
            <p>
                {format!(
                    "From the Cookie headers browsers sent this site in the last {days} days \
                     (UTC): cookie names and counts only, no value, no visitor."
                )}
            </p>
            <h3>"Cookies the policy does not declare"</h3>
            <p>
                "Each is a cookie browsers hold for this site that the Cookie Policy does not \
                 list: a script setting one the policy forgot, an old tracker, or another app \
                 on the same host. Find what sets it; then declare it in the registry \
                 (README, \"Adding a cookie\") or stop setting it. Names beyond 256 a day \
                 (per server) are counted together; the 500 most frequent names are shown, \
                 and counts are kept 90 days."
            </p>
            {if undeclared.is_empty() {
                empty("None seen.").into_any()
            } else {
                view! {
                    <table>
                        <thead><tr>
                            <th scope="col">"Name"</th><th scope="col">"Requests"</th>
                            <th scope="col">"First seen"</th><th scope="col">"Last seen"</th>
                        </tr></thead>
                        <tbody>{undeclared}</tbody>
                    </table>
                }
                .into_any()
            }}
            <h3>"Cookies present without consent"</h3>
            <p>
                "Each is a declared cookie of an optional category that came from a browser \
                 whose consent does not allow that category (Do Not Track and Global Privacy \
                 Control included): something set it before consent, or it outlived a \
                 withdrawal. A page request that carried it got an answer expiring it (on \
                 this host and LEADSGEN_COOKIE_DOMAIN, path /). A steady count means a tag or \
                 script sets it outside the consent gate: find and gate it."
            </p>
            {if without_consent.is_empty() {
                empty("None seen.").into_any()
            } else {
                view! {
                    <table>
                        <thead><tr>
                            <th scope="col">"Name"</th><th scope="col">"Category"</th>
                            <th scope="col">"Requests"</th><th scope="col">"First seen"</th>
                            <th scope="col">"Last seen"</th>
                        </tr></thead>
                        <tbody>{without_consent}</tbody>
                    </table>
                }
                .into_any()
            }}
        </section>
    }
}
