//! One access line per request, at INFO: method, path (never the query string), status and
//! latency. Never a cookie, a consent ID, a query value or an IP address: the path is the
//! only part of the request that is logged, and the site's paths carry none of those.

use std::time::Instant;

use axum::{extract::Request, middleware::Next, response::Response};

/// The log target of access lines (`RUST_LOG=access=off` silences them).
pub const TARGET: &str = "access";

/// axum middleware: logs the request once its response head is ready.
pub async fn log_request(req: Request, next: Next) -> Response {
    let started = Instant::now();
    let method = req.method().clone();
    // The path only: a query string can hold anything a visitor typed or was sent.
    let path = req.uri().path().to_owned();
    let response = next.run(req).await;
    let latency_ms = started.elapsed().as_secs_f64() * 1000.0;
    tracing::info!(
        target: TARGET,
        method = %method,
        path = %path,
        status = response.status().as_u16(),
        latency_ms = format_args!("{latency_ms:.3}"),
    );
    response
}
