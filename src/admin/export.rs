//! `GET /admin/consents.ndjson` and `/admin/consents.csv`: the log as a streamed download,
//! one record per line, optionally bounded by `from` and `to` dates. Memory stays flat
//! whatever the size of the log: rows go from the database to the socket through a bounded
//! channel. The NDJSON export carries its proof: a checkpoint is signed when it starts, the
//! records end at that checkpoint's head, and the export closes with that checkpoint and a
//! signed last line (`leadsgen-consent log verify-export` checks it with the public keys
//! alone).

use axum::{
    body::Body,
    extract::{Query, State},
    http::{
        header::{CONTENT_DISPOSITION, CONTENT_TYPE, RETRY_AFTER},
        HeaderValue, StatusCode,
    },
    response::{IntoResponse, Response},
};
use futures_util::StreamExt;
use serde::Deserialize;

use crate::log::export::{parse_bound, Format};
use crate::log::RecordFilter;
use crate::server::state::AppState;

/// The query string: `from` and `to`, each a UTC day (`YYYY-MM-DD`) or an RFC 3339 instant;
/// `to` is exclusive.
#[derive(Debug, Deserialize)]
pub struct Range {
    from: Option<String>,
    to: Option<String>,
}

/// `GET /admin/consents.ndjson`.
pub async fn ndjson(state: State<AppState>, range: Query<Range>) -> Response {
    export(state, range, Format::Ndjson).await
}

/// `GET /admin/consents.csv`.
pub async fn csv(state: State<AppState>, range: Query<Range>) -> Response {
    export(state, range, Format::Csv).await
}

async fn export(
    State(state): State<AppState>,
    Query(range): Query<Range>,
    format: Format,
) -> Response {
    let bound = |v: Option<String>| match v.filter(|s| !s.is_empty()) {
        None => Ok(None),
        Some(s) => parse_bound(&s).map(Some),
    };
    let (from_ms, to_ms) = match (bound(range.from), bound(range.to)) {
        (Ok(from), Ok(to)) => (from, to),
        (Err(e), _) | (_, Err(e)) => {
            return (StatusCode::BAD_REQUEST, format!("{e}\n")).into_response()
        }
    };
    if state.log.store().is_none() {
        return (StatusCode::NOT_FOUND, "The consent log is off.\n").into_response();
    }
    // Held by the body until its last line: slow downloads never hold every connection.
    let Some(permit) = state.log.export_permit() else {
        return (
            StatusCode::SERVICE_UNAVAILABLE,
            [(RETRY_AFTER, HeaderValue::from_static("30"))],
            format!(
                "{} exports are being downloaded already; try again when one has ended.\n",
                crate::log::EXPORT_STREAMS
            ),
        )
            .into_response();
    };
    // The export ends on a checkpoint signed now, and on its own signed last line.
    let filter = RecordFilter {
        from_ms,
        to_ms,
        ..RecordFilter::default()
    };
    let mut lines = match state.log.export(filter, format).await {
        Ok(lines) => lines,
        Err(e) => {
            tracing::error!("an export could not sign its checkpoint: {e}");
            return (
                StatusCode::SERVICE_UNAVAILABLE,
                "The consent log could not be read.\n",
            )
                .into_response();
        }
    };
    // Polled again after its end (compression does), a channel keeps answering `None`.
    let lines = futures_util::stream::poll_fn(move |cx| lines.poll_recv(cx));
    let body = lines.map(move |line| {
        let _held = &permit;
        line.map_err(|e| {
            // The status is already sent: end the body, which the client sees as an
            // incomplete download, and say why in the server's log.
            tracing::error!("export stopped: {e}");
            std::io::Error::other(e.to_string())
        })
    });
    let file = format!(
        "attachment; filename=\"leadsgen-consents.{}\"",
        format.extension()
    );
    let mut response = Body::from_stream(body).into_response();
    let headers = response.headers_mut();
    headers.insert(
        CONTENT_TYPE,
        HeaderValue::from_static(format.content_type()),
    );
    if let Ok(v) = HeaderValue::from_str(&file) {
        headers.insert(CONTENT_DISPOSITION, v);
    }
    response
}
