//! `GET /metrics`: the server's metrics ([`crate::server::metrics`]) in the Prometheus text
//! format, never cached. Mounted behind the admin token, or alone on `LEADSGEN_METRICS_ADDR`.

use axum::extract::State;
use axum::response::{IntoResponse, Response};
use http::header::{CACHE_CONTROL, CONTENT_TYPE};

use crate::server::state::AppState;

/// The answer: `200` with the metrics as `text/plain; version=0.0.4`, `Cache-Control:
/// no-store`.
pub async fn serve(State(state): State<AppState>) -> Response {
    let text = state
        .metrics
        .render(&state.log, &state.decisions, &state.pages)
        .await;
    (
        [
            (
                CONTENT_TYPE,
                prometheus_client::encoding::prometheus_text::CONTENT_TYPE,
            ),
            (CACHE_CONTROL, "no-store"),
        ],
        text,
    )
        .into_response()
}
