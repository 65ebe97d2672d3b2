//! `GET /admin`: the consent log at a glance, server-rendered, no script. Decisions per day,
//! opt-in per category, Accept all / Reject all / custom, decisions under Do Not Track or
//! Global Privacy Control, and the chain's status, each chart with its figures as a table;
//! and the live cookie audit.

use std::time::Duration;

use axum::{
    extract::State,
    http::StatusCode,
    response::{Html, IntoResponse, Response},
};

use leptos::prelude::*;

use super::charts::{Bar, Columns, HorizontalBars};
use super::cookie_audit::CookieAuditSection;
use crate::consent::LEADSGEN;
use crate::dates::CalendarDate;
use crate::i18n::Locale;
use crate::log::{now_ms, Stats, VerifyStatus};
use crate::server::metrics::FULL_WALK_EVERY;
use crate::server::state::AppState;

/// How many days the per-day chart covers.
const DAYS: u64 = 30;
/// How long a visit waits for the verification it starts; a longer one goes on in the
/// background, and a later visit shows its result.
const VERIFY_WAIT: Duration = Duration::from_secs(2);
const DAY_MS: u64 = 86_400_000;

/// The dashboard handler: 200 with the page, or 503 when the log cannot be read.
pub async fn dashboard(State(state): State<AppState>) -> Response {
    let Some(store) = state.log.store() else {
        return (
            StatusCode::NOT_FOUND,
            Html(page(|| {
                view! {
                    <p>
                        "The consent log is off (" <code>"LEADSGEN_CONSENT_LOG=off"</code>
                        "): nothing is recorded."
                    </p>
                }
                .into_any()
            })),
        )
            .into_response();
    };
    let today = now_ms() / DAY_MS;
    let since = (today + 1 - DAYS) * DAY_MS;
    let stats = match store.stats(since).await {
        Ok(stats) => stats,
        Err(e) => {
            tracing::error!("dashboard: {e}");
            return (
                StatusCode::SERVICE_UNAVAILABLE,
                Html(page(|| {
                    view! { <p>"The consent log cannot be read right now."</p> }.into_any()
                })),
            )
                .into_response();
        }
    };
    let audit = match store.cookie_audit(today + 1 - DAYS).await {
        Ok(audit) => audit,
        Err(e) => {
            tracing::error!("dashboard: the cookie audit: {e}");
            Vec::new()
        }
    };
    let status = state.log.verify_status(FULL_WALK_EVERY, VERIFY_WAIT).await;
    Html(page(move || {
        view! {
            <Body stats status today/>
            <CookieAuditSection totals=audit days=DAYS/>
        }
        .into_any()
    }))
    .into_response()
}

/// The dashboard's sections: the chain's status, a summary, decisions per day, opt-in per
/// category, how decisions were made, and the export form.
#[component]
fn Body(stats: Stats, status: VerifyStatus, today: u64) -> impl IntoView {
    let ago = |age: Duration| match age.as_secs() {
        0 => "just now".to_string(),
        1..=59 => "less than a minute ago".to_string(),
        60..=119 => "a minute ago".to_string(),
        s => format!("{} minutes ago", s / 60),
    };
    let chain = match status.last {
        Some((Ok(n), age)) => view! {
            <p class="status status--ok">
                <strong>"Intact."</strong>
                {format!(
                    " {n} records verified from the anchor to the signed head (whole chain \
                     walked {}; records since then checked {}).",
                    ago(age),
                    if status.running_for.is_some() { "when it ended" } else { "now" }
                )}
            </p>
        }
        .into_any(),
        Some((Err(e), age)) => view! {
            <p class="status status--bad" role="alert">
                <strong>"Broken."</strong>
                {format!(" {e} (whole chain walked {}).", ago(age))}
            </p>
        }
        .into_any(),
        None => view! {
            <p class="status">
                <strong>"Not verified yet."</strong>
                " The first walk of the chain is running."
            </p>
        }
        .into_any(),
    };
    let running = status.running_for.map(|for_| {
        view! {
            <p class="status">
                {format!(
                    "A verification has been running for {} s and goes on in the background: \
                     reload this page for its result.",
                    for_.as_secs()
                )}
            </p>
        }
    });
    let chain = view! { {chain} {running} };
    let total = stats.total;
    let pct = move |n: u64| {
        if total == 0 {
            0.0
        } else {
            n as f64 * 100.0 / total as f64
        }
    };
    let under_signal = format!("{:.0} % ({})", pct(stats.under_signal), stats.under_signal);

    // Decisions per day, the last DAYS days, days without any included.
    let points: Vec<(String, u64)> = (today + 1 - DAYS..=today)
        .map(|day| {
            let n = stats
                .per_day
                .iter()
                .find(|(d, _)| *d == day)
                .map_or(0, |(_, n)| *n);
            (day_label(day), n)
        })
        .collect();
    let in_period: u64 = points.iter().map(|(_, n)| n).sum();
    let per_day_rows = points
        .iter()
        .map(|(d, n)| view! { <tr><th scope="row">{d.clone()}</th><td>{*n}</td></tr> })
        .collect_view();
    let per_day_caption = format!("{in_period} decisions in the last {DAYS} days (UTC).");
    let per_day_description =
        format!("{in_period} decisions in the last {DAYS} days; the table below lists each day.");

    // Opt-in per optional category: effective consent, after privacy signals.
    let optional = LEADSGEN.categories.iter().filter(|c| c.id.is_optional());
    let opt_in: Vec<Bar> = optional
        .zip(stats.opted_in)
        .map(|(c, n)| Bar {
            label: c.name.get(Locale::En).to_string(),
            value: pct(n),
            text: format!("{:.0} %", pct(n)),
        })
        .collect();

    // Accept all, Reject all, custom.
    let count = |key: &str| {
        stats
            .per_action
            .iter()
            .filter(|(a, _)| a == key)
            .map(|(_, n)| n)
            .sum::<u64>()
    };
    let (accept, reject) = (count("accept_all"), count("reject_all"));
    let custom = total.saturating_sub(accept + reject);
    let choices: Vec<Bar> = [
        ("Accept all", accept),
        ("Reject all", reject),
        ("Custom", custom),
    ]
    .into_iter()
    .map(|(label, n)| Bar {
        label: label.into(),
        value: pct(n),
        text: format!("{:.0} % ({n})", pct(n)),
    })
    .collect();

    view! {
        <section aria-labelledby="chain">
            <h2 id="chain">"Hash chain"</h2>
            {chain}
        </section>
        <section aria-labelledby="summary">
            <h2 id="summary">"Summary"</h2>
            <dl class="summary">
                <div><dt>"Decisions recorded"</dt><dd>{total}</dd></div>
                <div>
                    <dt>"Made under Do Not Track or Global Privacy Control"</dt>
                    <dd>{under_signal}</dd>
                </div>
            </dl>
        </section>
        <section aria-labelledby="per-day">
            <h2 id="per-day">"Decisions per day"</h2>
            <figure>
                <Columns
                    id="per-day-chart".into()
                    title="Decisions per day".into()
                    description=per_day_description
                    points
                />
                <figcaption>{per_day_caption}</figcaption>
            </figure>
            <details>
                <summary>"Figures per day"</summary>
                <table>
                    <thead><tr><th scope="col">"Day"</th><th scope="col">"Decisions"</th></tr></thead>
                    <tbody>{per_day_rows}</tbody>
                </table>
            </details>
        </section>
        <BarsSection
            id="opt-in"
            title="Opt-in per category"
            description="Share of decisions that allow each optional category, after privacy signals."
            bars=opt_in
            what="Category"
        />
        <BarsSection
            id="choices"
            title="Accept all, Reject all, custom"
            description="How decisions were made: the banner's two buttons, or a choice per \
                         category (Save, Remember my choices)."
            bars=choices
            what="Choice"
        />
        <section aria-labelledby="export">
            <h2 id="export">"Export"</h2>
            <p>
                "One record per line, in chain order, streamed. Leave a date empty for no bound (UTC days; "
                <em>"to"</em>
                " is exclusive)."
            </p>
            <form class="export" method="get" action="/admin/consents.csv">
                <label for="from">"From"</label>
                <input type="date" id="from" name="from"/>
                <label for="to">"To"</label>
                <input type="date" id="to" name="to"/>
                <button type="submit">"Download CSV"</button>
                <button type="submit" formaction="/admin/consents.ndjson">"Download NDJSON"</button>
            </form>
        </section>
    }
    .into_any()
}

/// A section with a bar chart and its figures as a table.
#[component]
fn BarsSection(
    id: &'static str,
    title: &'static str,
    description: &'static str,
    bars: Vec<Bar>,
    what: &'static str,
) -> impl IntoView {
    let rows = bars
        .iter()
        .map(|b| view! { <tr><th scope="row">{b.label.clone()}</th><td>{b.text.clone()}</td></tr> })
        .collect_view();
    view! {
        <section aria-labelledby=id>
            <h2 id=id>{title}</h2>
            <figure>
                <HorizontalBars
                    id=format!("{id}-chart")
                    title=title.into()
                    description=description.into()
                    bars
                    max=100.0
                />
                <figcaption>{description}</figcaption>
            </figure>
            <table>
                <thead><tr><th scope="col">{what}</th><th scope="col">"Share"</th></tr></thead>
                <tbody>{rows}</tbody>
            </table>
        </section>
    }
    .into_any()
}

/// "Nov 29" for a day since the Unix epoch.
fn day_label(day: u64) -> String {
    let d = CalendarDate::from_days_since_epoch(day);
    let long = Locale::En.long_date(d);
    format!("{} {}", &long[..3], d.day)
}

/// The document around a dashboard body.
fn page(body: impl FnOnce() -> AnyView + 'static) -> String {
    crate::documents::document(move || {
        view! {
            <html lang="en">
                <head>
                    <meta charset="utf-8"/>
                    <meta name="viewport" content="width=device-width, initial-scale=1"/>
                    <title>"Consent log · LeadsGen admin"</title>
                    <link rel="stylesheet" href="/admin/admin.css"/>
                </head>
                <body>
                    <header><p class="brand">"LeadsGen · admin"</p></header>
                    <main><h1>"Consent log"</h1>{body()}</main>
                </body>
            </html>
        }
        .into_any()
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The dashboard's sections for these figures, as HTML.
    fn body(stats: &Stats, verified: &Result<u64, String>, age: Duration, today: u64) -> String {
        let status = VerifyStatus {
            last: Some((verified.clone(), age)),
            running_for: None,
        };
        with_status(stats, status, today)
    }

    fn with_status(stats: &Stats, status: VerifyStatus, today: u64) -> String {
        let stats = stats.clone();
        use leptos::tachys::view::RenderHtml;
        Owner::new().with(move || view! { <Body stats status today/> }.to_html())
    }

    #[test]
    fn shows_the_figures_as_charts_and_tables() {
        let today = 20_421; // 2025-11-29
        let stats = Stats {
            total: 10,
            per_day: vec![(today - 1, 4), (today, 6)],
            per_action: vec![
                ("accept_all".into(), 5),
                ("save".into(), 3),
                ("reject_all".into(), 2),
            ],
            opted_in: [6, 5, 5],
            under_signal: 1,
        };
        let html = body(&stats, &Ok(10), Duration::ZERO, today);
        assert!(html.contains("<strong>Intact.</strong> 10 records verified"));
        assert!(html.contains("10 decisions in the last 30 days"));
        assert!(html.contains("<th scope=\"row\">Accept all</th><td>50 % (5)</td>"));
        assert!(html.contains("<th scope=\"row\">Custom</th><td>30 % (3)</td>"));
        assert!(html.contains("<th scope=\"row\">Functional</th><td>60 %</td>"));
        assert!(html.contains("10 % (1)"));
        assert_eq!(html.matches("<svg role=\"img\"").count(), 3);
        let broken = body(
            &stats,
            &Err("record 3 <x> was edited".into()),
            Duration::from_secs(5),
            today,
        );
        // Leptos writes `class` after the other attributes.
        assert!(broken.contains("role=\"alert\" class=\"status status--bad\"><strong>Broken.</strong> record 3 &lt;x&gt; was edited (whole chain walked less than a minute ago)"), "{broken}");
        // Every value that reaches the page's text, with `"`, `<` and `&`.
        let hostile = body(&stats, &Err("\"><script>&".into()), Duration::ZERO, today);
        assert!(!hostile.contains("<script>"), "{hostile}");
        assert!(hostile.contains("\"&gt;&lt;script&gt;&amp;"), "{hostile}");
        // Issue 24, item 2: a long verification goes on in the background; the page says so,
        // with the last result, or that there is none yet.
        let running = with_status(
            &stats,
            VerifyStatus {
                last: Some((Ok(9), Duration::from_secs(700))),
                running_for: Some(Duration::from_secs(4)),
            },
            today,
        );
        assert!(running.contains("9 records verified"), "{running}");
        assert!(
            running.contains("whole chain walked 11 minutes ago"),
            "{running}"
        );
        assert!(running.contains("running for 4 s"), "{running}");
        let first = with_status(
            &stats,
            VerifyStatus {
                last: None,
                running_for: Some(Duration::from_secs(1)),
            },
            today,
        );
        assert!(first.contains("Not verified yet."), "{first}");
    }

    #[test]
    fn labels_days_briefly() {
        assert_eq!(day_label(20_421), "Nov 29");
        assert_eq!(day_label(0), "Jan 1");
    }
}
