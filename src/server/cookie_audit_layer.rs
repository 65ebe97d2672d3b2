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

use std::borrow::Cow;

use axum::extract::{Request, State};
use axum::middleware::Next;
use axum::response::Response;
use http::header::{COOKIE, SET_COOKIE};
use http::{HeaderValue, Method};

use super::cookies;
use super::request_context;
use super::state::AppState;
use crate::consent::cookie_audit::audit;
use crate::consent::{Visitor, LEADSGEN};

/// Middleware, inside the one that decides the visitor: counts what the request's `Cookie`
/// header shows, and expires a page request's cookies that lack consent. A request the
/// visitor was not decided for (the built site's files) is left alone, as is everything
/// while the consent log is off (nowhere to keep the counts).
pub async fn scan(State(state): State<AppState>, req: Request, next: Next) -> Response {
    let decided = req.extensions().get::<Visitor>().copied();
    let (Some(visitor), Some(_)) = (decided, state.log.store()) else {
        return next.run(req).await;
    };
    // HTTP/2 may split the cookies over several fields: one list, as RFC 9113 §8.2.3 joins
    // them (copied only then).
    let fields: Vec<&[u8]> = req
        .headers()
        .get_all(COOKIE)
        .iter()
        .map(|v| v.as_bytes())
        .collect();
    let header: Cow<'_, [u8]> = match fields.as_slice() {
        [] => return next.run(req).await,
        [one] => Cow::Borrowed(*one),
        several => Cow::Owned(several.join(&b"; "[..])),
    };
    let allowed = visitor.effective();
    let findings = audit(&header, &LEADSGEN, allowed);
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
    drop((header, fields));
    let mut res = next.run(req).await;
    // Never on an answer a shared cache may keep: it would expire the cookie for everyone.
    if request_context::shared(&res) {
        return res;
    }
    for line in expire {
        if let Ok(value) = HeaderValue::from_str(&line) {
            res.headers_mut().append(SET_COOKIE, value);
        }
    }
    res
}
