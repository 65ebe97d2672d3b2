//! How every post to a server function is answered, in one place (server only).
//!
//! A server function ends in one of three ways, and this module turns each into its response:
//! - **refused**: the function (or the framework, for a body that does not decode) leaves its
//!   [`ApiError`](super::ApiError) and the post's language in the request's [`Answer`], and
//!   the error answers itself ([`ApiError::respond`](super::ApiError::respond)): its status,
//!   and the refusal page for a plain form post (no JavaScript) or the error as JSON for
//!   `fetch`. Nothing was saved, and no redirect is followed, so a person sees why;
//! - **sent back**: a plain form post that saved gets its 303, with the link as its body
//!   instead of the new state as JSON, which nobody reads;
//! - **answered**: `fetch` gets the new state as JSON, as the function returned it.
//!
//! The error is passed as a typed value, never re-read from the response body.

use axum::{body::Body, extract::Request, middleware::Next, response::Response};
use http::{
    header::{CONTENT_LANGUAGE, CONTENT_LENGTH, CONTENT_TYPE, LOCATION},
    HeaderValue, StatusCode,
};

use super::error::Answer;
use crate::documents::link_page;
use crate::i18n::{Locale, PageLocale};
use crate::paths;
use crate::server::response::wants_html;

/// axum middleware around the server functions (`/api/…` posts): see the module
/// documentation.
pub async fn answer(mut req: Request, next: Next) -> Response {
    if !req.uri().path().starts_with("/api/") {
        return next.run(req).await;
    }
    let plain = wants_html(req.headers());
    // What the browser prefers, for a post refused before it named its page.
    let negotiated = req
        .extensions()
        .get::<PageLocale>()
        .map_or(Locale::En, |p| p.locale);
    let answer = Answer::default();
    req.extensions_mut().insert(answer.clone());
    let res = next.run(req).await;
    let ending = answer.take();
    match ending.refused {
        Some(error) => {
            let locale = ending.locale.unwrap_or(negotiated);
            let (mut parts, _) = res.into_parts();
            // Nothing was saved: the page says so, where a redirect would hide it.
            parts.headers.remove(LOCATION);
            let (refused_parts, body) = error.respond(plain, locale).into_parts();
            parts.status = refused_parts.status;
            parts.headers.extend(refused_parts.headers);
            Response::from_parts(parts, body)
        }
        None if plain && res.status() == StatusCode::SEE_OTHER => {
            with_language(with_link_body(res), ending.locale)
        }
        None => with_language(res, ending.locale),
    }
}

/// `res` saying the language the post decided in (`Content-Language`), when it decided one.
fn with_language(mut res: Response, locale: Option<Locale>) -> Response {
    if let Some(locale) = locale {
        res.headers_mut()
            .insert(CONTENT_LANGUAGE, HeaderValue::from_static(locale.tag()));
    }
    res
}

/// The 303 with the link to its `Location` as its whole body.
fn with_link_body(res: Response) -> Response {
    let (mut parts, _) = res.into_parts();
    let location = parts
        .headers
        .get(LOCATION)
        .and_then(|l| l.to_str().ok())
        .unwrap_or(paths::HOME);
    let body = link_page(location);
    parts.headers.remove(CONTENT_LENGTH);
    parts.headers.insert(
        CONTENT_TYPE,
        HeaderValue::from_static("text/html; charset=utf-8"),
    );
    Response::from_parts(parts, Body::from(body))
}
