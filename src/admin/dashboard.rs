//! `GET /admin`: the consent log at a glance, server-rendered, no script. Decisions per day,
//! opt-in per category, Accept all / Reject all / custom, decisions under Do Not Track or
//! Global Privacy Control, and the chain's status, each chart with its figures as a table.

use std::fmt::Write;
use std::time::Duration;

use axum::{
    extract::State,
    http::StatusCode,
    response::{Html, IntoResponse, Response},
};

use super::charts::{columns, esc, horizontal_bars, Bar};
use crate::consent::LEADSGEN;
use crate::dates::CalendarDate;
use crate::i18n::Locale;
use crate::log::{now_ms, Stats};
use crate::server::state::AppState;

/// How many days the per-day chart covers.
const DAYS: u64 = 30;
/// How often the dashboard walks the whole chain again; in between, each visit checks only
/// the records appended since the last walk ended.
const FULL_WALK_EVERY: Duration = Duration::from_secs(600);
const DAY_MS: u64 = 86_400_000;

/// The dashboard handler: 200 with the page, or 503 when the log cannot be read.
pub async fn dashboard(State(state): State<AppState>) -> Response {
    let Some(store) = state.log.store() else {
        return (
            StatusCode::NOT_FOUND,
            Html(page(
                "<p>The consent log is off (<code>LEADSGEN_CONSENT_LOG=off</code>): nothing is recorded.</p>",
            )),
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
                Html(page("<p>The consent log cannot be read right now.</p>")),
            )
                .into_response();
        }
    };
    let (verified, age) = state.log.verify_cached(FULL_WALK_EVERY).await;
    Html(page(&body(&stats, &verified, age, today))).into_response()
}

fn body(stats: &Stats, verified: &Result<u64, String>, age: Duration, today: u64) -> String {
    let mut html = String::new();
    let checked = match age.as_secs() {
        0 => "just now".to_string(),
        1..=59 => "less than a minute ago".to_string(),
        60..=119 => "a minute ago".to_string(),
        s => format!("{} minutes ago", s / 60),
    };
    let _ = match verified {
        Ok(n) => write!(
            html,
            "<section aria-labelledby=\"chain\"><h2 id=\"chain\">Hash chain</h2>\
             <p class=\"status status--ok\"><strong>Intact.</strong> {n} records verified \
             from the anchor to the signed head (whole chain walked {checked}; records since \
             then checked now).</p></section>"
        ),
        Err(e) => write!(
            html,
            "<section aria-labelledby=\"chain\"><h2 id=\"chain\">Hash chain</h2>\
             <p class=\"status status--bad\" role=\"alert\"><strong>Broken.</strong> {} \
             (whole chain walked {checked}).</p></section>",
            esc(e)
        ),
    };
    let total = stats.total;
    let pct = |n: u64| {
        if total == 0 {
            0.0
        } else {
            n as f64 * 100.0 / total as f64
        }
    };
    let _ = write!(
        html,
        "<section aria-labelledby=\"summary\"><h2 id=\"summary\">Summary</h2><dl class=\"summary\">\
         <div><dt>Decisions recorded</dt><dd>{total}</dd></div>\
         <div><dt>Made under Do Not Track or Global Privacy Control</dt><dd>{:.0} % ({})</dd></div>\
         </dl></section>",
        pct(stats.under_signal),
        stats.under_signal,
    );

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
    let rows: String = points
        .iter()
        .map(|(d, n)| format!("<tr><th scope=\"row\">{}</th><td>{n}</td></tr>", esc(d)))
        .collect();
    let _ = write!(
        html,
        "<section aria-labelledby=\"per-day\"><h2 id=\"per-day\">Decisions per day</h2><figure>{}\
         <figcaption>{in_period} decisions in the last {DAYS} days (UTC).</figcaption></figure>\
         <details><summary>Figures per day</summary><table><thead><tr><th scope=\"col\">Day</th>\
         <th scope=\"col\">Decisions</th></tr></thead><tbody>{rows}</tbody></table></details></section>",
        columns(
            "per-day-chart",
            "Decisions per day",
            &format!("{in_period} decisions in the last {DAYS} days; the table below lists each day."),
            &points
        ),
    );

    // Opt-in per optional category: effective consent, after privacy signals.
    let optional = LEADSGEN.categories.iter().filter(|c| c.id.is_optional());
    let bars: Vec<Bar> = optional
        .zip(stats.opted_in)
        .map(|(c, n)| Bar {
            label: c.name.get(Locale::En).to_string(),
            value: pct(n),
            text: format!("{:.0} %", pct(n)),
        })
        .collect();
    section(
        &mut html,
        "opt-in",
        "Opt-in per category",
        "Share of decisions that allow each optional category, after privacy signals.",
        &bars,
        "Category",
    );

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
    let bars: Vec<Bar> = [
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
    section(
        &mut html,
        "choices",
        "Accept all, Reject all, custom",
        "How decisions were made: the banner's two buttons, or a choice per category \
         (Save, Remember my choices).",
        &bars,
        "Choice",
    );

    let _ = write!(
        html,
        "<section aria-labelledby=\"export\"><h2 id=\"export\">Export</h2>\
         <p>One record per line, in chain order, streamed. Leave a date empty for no bound \
         (UTC days; <em>to</em> is exclusive).</p>\
         <form class=\"export\" method=\"get\" action=\"/admin/consents.csv\">\
         <label for=\"from\">From</label><input type=\"date\" id=\"from\" name=\"from\">\
         <label for=\"to\">To</label><input type=\"date\" id=\"to\" name=\"to\">\
         <button type=\"submit\">Download CSV</button>\
         <button type=\"submit\" formaction=\"/admin/consents.ndjson\">Download NDJSON</button>\
         </form></section>"
    );
    html
}

fn section(html: &mut String, id: &str, title: &str, description: &str, bars: &[Bar], what: &str) {
    let rows: String = bars
        .iter()
        .map(|b| {
            format!(
                "<tr><th scope=\"row\">{}</th><td>{}</td></tr>",
                esc(&b.label),
                esc(&b.text)
            )
        })
        .collect();
    let _ = write!(
        html,
        "<section aria-labelledby=\"{id}\"><h2 id=\"{id}\">{}</h2><figure>{}\
         <figcaption>{}</figcaption></figure><table><thead><tr><th scope=\"col\">{what}</th>\
         <th scope=\"col\">Share</th></tr></thead><tbody>{rows}</tbody></table></section>",
        esc(title),
        horizontal_bars(&format!("{id}-chart"), title, description, bars, 100.0),
        esc(description),
    );
}

/// "Nov 29" for a day since the Unix epoch.
fn day_label(day: u64) -> String {
    let d = CalendarDate::from_days_since_epoch(day);
    let long = Locale::En.long_date(d);
    format!("{} {}", &long[..3], d.day)
}

/// The document around a dashboard body.
fn page(body: &str) -> String {
    format!(
        "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\">\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\
         <title>Consent log · LeadsGen admin</title>\
         <link rel=\"stylesheet\" href=\"/admin/admin.css\"></head><body>\
         <header><p class=\"brand\">LeadsGen · admin</p></header>\
         <main><h1>Consent log</h1>{body}</main></body></html>"
    )
}

#[cfg(test)]
mod tests {
    use super::*;

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
        assert!(broken.contains("role=\"alert\"><strong>Broken.</strong> record 3 &lt;x&gt; was edited (whole chain walked less than a minute ago)"));
    }

    #[test]
    fn labels_days_briefly() {
        assert_eq!(day_label(20_421), "Nov 29");
        assert_eq!(day_label(0), "Jan 1");
    }
}
