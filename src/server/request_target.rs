//! A request's target must name a path. An origin server is sent one (`/cookie-policy?x=1`),
//! or a whole URL (absolute-form, RFC 9112 §3.2.2, which it must accept). `GET host:port`
//! (authority-form, §3.2.3, meant only for CONNECT) names none: leptos_axum's fallback unwraps
//! the path and panics, dropping the connection with no answer. Such a request is answered
//! 400 here, before anything else runs; an absolute-form target without a path means `/`.

use axum::{
    extract::Request,
    http::{uri::PathAndQuery, StatusCode, Uri},
    middleware::Next,
    response::{IntoResponse, Response},
};

/// axum middleware, outside the router: see the module documentation.
pub async fn require_path(mut req: Request, next: Next) -> Response {
    if req.uri().path_and_query().is_none() {
        let mut parts = req.uri().clone().into_parts();
        if parts.scheme.is_none() {
            return (
                StatusCode::BAD_REQUEST,
                "Bad request: the request target must be a path, such as /cookie-policy.\n",
            )
                .into_response();
        }
        parts.path_and_query = Some(PathAndQuery::from_static("/"));
        match Uri::from_parts(parts) {
            Ok(uri) => *req.uri_mut() = uri,
            Err(_) => return StatusCode::BAD_REQUEST.into_response(),
        }
    }
    next.run(req).await
}
