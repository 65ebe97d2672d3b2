//! One URL per route: a request for a variant of a path (a trailing slash, repeated slashes,
//! `/index.html`, escaped letters, dot segments) is redirected, 308 with its query kept, to
//! the canonical path ([`crate::paths::canonical`]). Nothing is ever served under a variant,
//! so no page goes out with an error status or under two addresses.

use axum::{
    extract::Request,
    http::{header::LOCATION, HeaderValue, StatusCode},
    middleware::Next,
    response::{IntoResponse, Response},
};

use crate::paths;

/// axum middleware: see the module documentation. 308 keeps the method and body, so a form
/// posted to a variant still reaches its server function.
pub async fn redirect_variants(req: Request, next: Next) -> Response {
    let Some(canonical) = paths::canonical(req.uri().path()) else {
        return next.run(req).await;
    };
    let location = match req.uri().query() {
        Some(query) => format!("{canonical}?{query}"),
        None => canonical,
    };
    match HeaderValue::from_str(&location) {
        Ok(value) => (StatusCode::PERMANENT_REDIRECT, [(LOCATION, value)]).into_response(),
        // A path is ASCII already; a value that will not encode goes on to a 404.
        Err(_) => next.run(req).await,
    }
}
