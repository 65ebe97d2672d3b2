//! Every redirect the server answers, and the one rule they all follow: a `Location` is a path
//! on this site ([`crate::paths::is_local_location`]), never a URL that a browser would take
//! to another host (OWASP, Unvalidated Redirects and Forwards Cheat Sheet).
//!
//! - One URL per route: a request for a variant of a path (a trailing slash, repeated slashes,
//!   `/index.html`, escaped letters, dot segments) is redirected, 308 with its query kept, to
//!   the canonical path ([`crate::paths::redirect_for`]). Nothing is ever served under a
//!   variant, so no page goes out with an error status or under two addresses. A path with a
//!   backslash or a control character is never redirected: it goes on to a 404.
//! - A plain form post's 303 back to its page takes its `Location` from [`location`].
//! - Outermost, [`only_local`] checks every answer, including those the framework writes
//!   (leptos_axum sends a plain form post back to its `Referer` when the server function set no
//!   `Location`): a `Location` that is not a path on this site is replaced by the home page.

use axum::{
    extract::Request,
    http::{header::LOCATION, HeaderValue, StatusCode},
    middleware::Next,
    response::{IntoResponse, Response},
};

use crate::paths;

/// `target` as a `Location` value, or `None` when a browser following it could leave the site
/// ([`paths::is_local_location`]).
pub fn location(target: &str) -> Option<HeaderValue> {
    paths::is_local_location(target)
        .then(|| HeaderValue::from_str(target).ok())
        .flatten()
}

/// axum middleware: redirects a variant of a path to its canonical form (see the module
/// documentation). 308 keeps the method and body, so a form posted to a variant still reaches
/// its server function.
pub async fn redirect_variants(req: Request, next: Next) -> Response {
    let target = paths::redirect_for(req.uri().path(), req.uri().query());
    match target.as_deref().and_then(location) {
        Some(value) => (StatusCode::PERMANENT_REDIRECT, [(LOCATION, value)]).into_response(),
        None => next.run(req).await,
    }
}

/// axum middleware, outermost: an answer whose `Location` is not a path on this site gets the
/// home page's instead, and a warning is logged (its value is not: it came from the client).
pub async fn only_local(req: Request, next: Next) -> Response {
    let mut res = next.run(req).await;
    let foreign = res
        .headers()
        .get_all(LOCATION)
        .iter()
        .any(|v| !v.to_str().is_ok_and(paths::is_local_location));
    if foreign {
        tracing::warn!(
            status = res.status().as_u16(),
            "a Location off this site was replaced by the home page"
        );
        res.headers_mut()
            .insert(LOCATION, HeaderValue::from_static(paths::HOME));
    }
    res
}
