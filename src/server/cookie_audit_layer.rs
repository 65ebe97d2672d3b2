//! The live cookie audit's middleware (issue 22 §2): every request's `Cookie` header is
//! scanned for names (never values) that the registry does not declare, and for declared
//! cookies that arrive without the consent their category needs
//! ([`crate::consent::cookie_audit`] decides which); [`super::cookie_audit`] keeps the counts.
//!
//! A page request (GET or HEAD) that carries a cookie without consent also expires it in its
//! answer: the policy promises that those cookies stay off. A post is left alone: a decision
//! expires what it refuses itself (`api::post`), and what it allows must not be expired by
//! the consent it replaces.
//!
//! Nothing else is added to the request path: the header is scanned once, and the lock on the
//! counts is taken only when there is something to count.

use axum::extract::{Request, State};
use axum::middleware::Next;
use axum::response::Response;
use http::header::{COOKIE, SET_COOKIE};
use http::{HeaderValue, Method};

use super::cookies;
use super::request_context;
use super::state::AppState;
use crate::consent::cookie_audit::audit;
use crate::consent::LEADSGEN;

/// Middleware, inside the one that decides the visitor: counts what the request's `Cookie`
/// header shows, and expires a page request's cookies that lack consent.
pub async fn scan(State(state): State<AppState>, req: Request, next: Next) -> Response {
    let Some(header) = req.headers().get(COOKIE) else {
        return next.run(req).await;
    };
    let allowed = request_context::visitor_in(req.extensions()).effective();
    let findings = audit(header.as_bytes(), &LEADSGEN, allowed);
    if findings.is_empty() {
        return next.run(req).await;
    }
    state.cookie_audit.count(&findings);
    state.metrics.cookie_audit(&findings);
    let page_request = matches!(*req.method(), Method::GET | Method::HEAD);
    let expire = if page_request && !findings.without_consent.is_empty() {
        cookies::expire_refused(req.headers(), allowed, &state.cookies)
    } else {
        Vec::new()
    };
    let mut res = next.run(req).await;
    for line in expire {
        if let Ok(value) = HeaderValue::from_str(&line) {
            res.headers_mut().append(SET_COOKIE, value);
        }
    }
    res
}
