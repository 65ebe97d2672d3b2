//! How a post ends, in one place: why a server function refused ([`ApiError`], with its HTTP
//! status and the message a visitor sees), where a call leaves its ending ([`Answer`], server
//! only), and the middleware that turns the ending into the response ([`answer`], server only).
//!
//! A server function ends in one of three ways, and [`answer`] turns each into its response:
//! - **refused**: the function (or the framework, for a body that does not decode) leaves its
//!   [`ApiError`] and the post's language in the request's [`Answer`], and
//!   the error answers itself ([`ApiError::respond`]): its status,
//!   and the refusal page for a plain form post (no JavaScript) or the error as JSON for
//!   `fetch`. Nothing was saved, and no redirect is followed, so a person sees why;
//! - **sent back**: a plain form post that saved gets its 303, with the link as its body
//!   instead of the new state as JSON, which nobody reads;
//! - **answered**: `fetch` gets the new state as JSON, as the function returned it.
//!
//! The error is passed as a typed value, never re-read from the response body.

use leptos::server_fn::{
    codec::JsonEncoding,
    error::{FromServerFnError, ServerFnErrorErr},
};
use serde::{Deserialize, Serialize};

use crate::accounts::Problem;
use crate::consent::FormError;
#[cfg(feature = "ssr")]
use crate::documents::{link_page, Refusal};
#[cfg(feature = "ssr")]
use crate::i18n::{Locale, PageLocale};
#[cfg(feature = "ssr")]
use crate::paths;
#[cfg(feature = "ssr")]
use crate::server::response::wants_html;
#[cfg(feature = "ssr")]
use axum::{body::Body, extract::Request, middleware::Next, response::Response};
#[cfg(feature = "ssr")]
use http::{
    header::{CONTENT_LANGUAGE, CONTENT_LENGTH, CONTENT_TYPE, LOCATION},
    HeaderValue, StatusCode,
};

/// Why a server function refused a request. Each variant maps to an HTTP status, and its
/// `Display` is the message shown to the visitor. Whatever the variant, nothing was written.
///
/// It crosses to the browser as JSON (server_fn's error encoding), so it never carries
/// internal details: those are logged on the server by [`ApiError::internal`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
pub enum ApiError {
    /// Malformed or unknown input (400). The message says what was wrong with it.
    #[error("Bad request: {0}")]
    BadRequest(String),
    /// A cross-site post (403). The message says which header gave it away.
    #[error("Forbidden: {0}")]
    Forbidden(String),
    /// Our fault (500). The visitor gets a short message; the cause is in the server's log.
    #[error("Something went wrong on our side, so nothing was saved. Please try again.")]
    Internal,
    /// The consent log could not confirm the record (503): no cookie was set, so the consent in
    /// force did not change, and the visitor may try again. The cause is in the server's log.
    /// (After a timeout the record may still be committed: logged, never acknowledged.)
    #[error("We could not record your choice right now, so no cookie was set and nothing changed. Please try again in a moment.")]
    Unavailable,
    /// An account form was not accepted (401 for a failed sign-in or a wrong password, 409
    /// for an address that has an account, 503 when accounts are unavailable, 400
    /// otherwise). A plain form is sent back to its page with the problem instead.
    #[error("{}", .0.message(crate::i18n::Locale::En))]
    Account(Problem),
    /// Too many failed sign-ins for the account or from the client (429): try again after
    /// this many seconds (`Retry-After`).
    #[error("Too many failed sign-ins. Please try again in {} minutes.", minutes(*.0))]
    TooManyRequests(u64),
    /// Too many consent decisions from the client in a short time (429): nothing was recorded
    /// and no cookie set; try again after this many seconds (`Retry-After`).
    #[error("Too many choices were sent from your network in a short time, so this one was not saved and no cookie was set. Please try again in {0} s.")]
    RateLimited(u64),
}

/// Whole minutes, rounded up, in `seconds` (at least 1).
pub fn minutes(seconds: u64) -> u64 {
    seconds.div_ceil(60).max(1)
}

impl ApiError {
    /// An internal error: logs `detail` at ERROR on the server (never sent to the visitor) and
    /// returns [`ApiError::Internal`].
    pub fn internal(detail: impl std::fmt::Display) -> Self {
        #[cfg(feature = "ssr")]
        tracing::error!("server function failed: {detail}");
        #[cfg(not(feature = "ssr"))]
        let _ = detail;
        ApiError::Internal
    }

    /// The HTTP status for this error, which [`answer`] gives the response.
    #[cfg(feature = "ssr")]
    pub fn status(&self) -> http::StatusCode {
        match self {
            ApiError::BadRequest(_) => http::StatusCode::BAD_REQUEST,
            ApiError::Forbidden(_) => http::StatusCode::FORBIDDEN,
            ApiError::Internal => http::StatusCode::INTERNAL_SERVER_ERROR,
            ApiError::Unavailable => http::StatusCode::SERVICE_UNAVAILABLE,
            ApiError::Account(Problem::Failed | Problem::WrongPassword) => {
                http::StatusCode::UNAUTHORIZED
            }
            ApiError::Account(Problem::EmailTaken) => http::StatusCode::CONFLICT,
            ApiError::Account(Problem::Unavailable) => http::StatusCode::SERVICE_UNAVAILABLE,
            ApiError::Account(_) => http::StatusCode::BAD_REQUEST,
            ApiError::TooManyRequests(_) | ApiError::RateLimited(_) => {
                http::StatusCode::TOO_MANY_REQUESTS
            }
        }
    }
}

/// How a refusal answers, on the server.
#[cfg(feature = "ssr")]
impl ApiError {
    /// The answer to a refused post: this error's [`status`](ApiError::status), and as its body
    /// the refusal page in `locale` for a plain form post (`plain`), or this error as JSON for
    /// `fetch` (server_fn's encoding, which the island reads).
    pub fn respond(&self, plain: bool, locale: Locale) -> axum::response::Response {
        let page = plain.then(|| self.refusal_page(locale));
        let json = serde_json::to_string(self).unwrap_or_default();
        let mut response = crate::server::response::refuse(self.status(), page, json);
        if let ApiError::TooManyRequests(seconds) | ApiError::RateLimited(seconds) = self {
            response
                .headers_mut()
                .insert(http::header::RETRY_AFTER, HeaderValue::from(*seconds));
        }
        response
    }

    /// The refusal page in `locale`: what went wrong, in the visitor's words, and that nothing was
    /// saved. English shows the error's own message; a translation shows its sentence for the
    /// kind of error, and a bad request's detail (which quotes the field) in English beside it.
    fn refusal_page(&self, locale: Locale) -> Refusal {
        let t = &locale.messages().errors;
        let (message, detail) = match (locale, self) {
            (Locale::En, e) => (e.to_string(), None),
            (_, ApiError::BadRequest(d)) => (t.bad_request.to_string(), Some(d.clone())),
            (_, ApiError::Forbidden(d)) => (t.forbidden.to_string(), Some(d.clone())),
            (_, ApiError::Internal) => (t.internal.to_string(), None),
            (_, ApiError::Unavailable) => (t.unavailable.to_string(), None),
            (_, ApiError::Account(problem)) => (problem.message(locale).to_string(), None),
            (_, ApiError::TooManyRequests(seconds)) => (
                crate::i18n::fill(
                    locale.messages().accounts.too_many,
                    &[("minutes", &minutes(*seconds).to_string())],
                ),
                None,
            ),
            (_, ApiError::RateLimited(seconds)) => (
                crate::i18n::fill(t.rate_limited, &[("seconds", &seconds.to_string())]),
                None,
            ),
        };
        // Links in a translation keep its language; English is what unprefixed pages default to.
        let back = |path: &str| {
            PageLocale {
                locale,
                pinned: locale != Locale::En,
            }
            .link(path)
        };
        Refusal {
            locale,
            title: t.refused_title.into(),
            message,
            detail,
            links: vec![
                match self {
                    ApiError::Account(_) | ApiError::TooManyRequests(_) => (
                        back(paths::SIGN_IN),
                        locale.messages().accounts.sign_in.into(),
                    ),
                    _ => (back(paths::PREFERENCES), t.review_choices.into()),
                },
                (back(paths::HOME), t.home.into()),
            ],
        }
    }
}

/// A form that does not parse is the client's fault.
impl From<FormError> for ApiError {
    fn from(e: FormError) -> Self {
        ApiError::BadRequest(e.to_string())
    }
}

impl FromServerFnError for ApiError {
    type Encoder = JsonEncoding;

    fn from_server_fn_error(value: ServerFnErrorErr) -> Self {
        let error = match value {
            // The request body did not fit the function's arguments: the client's fault.
            ServerFnErrorErr::Args(m) | ServerFnErrorErr::MissingArg(m) => {
                ApiError::BadRequest(format!("malformed form ({m}): nothing was saved"))
            }
            // On the server this means the request body itself did not decode (e.g. bytes
            // that are not UTF-8). In the browser it would mean a bad reply: ours to fix.
            #[cfg(feature = "ssr")]
            ServerFnErrorErr::Deserialization(m) => {
                ApiError::BadRequest(format!("malformed request body ({m}): nothing was saved"))
            }
            other => ApiError::internal(other),
        };
        // Framework errors (e.g. a body that does not decode) arise before our function runs:
        // the answer gives them their real status instead of a 500, as it does ours.
        #[cfg(feature = "ssr")]
        Answer::refuse(&error);
        error
    }
}

/// Where a server function leaves how its post ends: a request extension, put there by
/// [`answer`] before the function runs, and read by it afterwards.
#[cfg(feature = "ssr")]
#[derive(Debug, Clone, Default)]
pub struct Answer(std::sync::Arc<std::sync::Mutex<Ending>>);

#[cfg(feature = "ssr")]
#[derive(Debug, Default)]
struct Ending {
    /// Why the post was refused, if it was.
    refused: Option<ApiError>,
    /// The language the post decided in (its page's), once known.
    locale: Option<crate::i18n::Locale>,
}

#[cfg(feature = "ssr")]
impl Answer {
    /// The current server function call's answer, from its request; `None` outside one.
    fn current() -> Option<Answer> {
        leptos::prelude::use_context::<http::request::Parts>()?
            .extensions
            .get::<Answer>()
            .cloned()
    }

    /// Refuses the current call with `error`: its status and body are written by [`answer`].
    /// The first refusal stands.
    pub fn refuse(error: &ApiError) {
        if let Some(answer) = Answer::current() {
            let mut ending = answer.0.lock().unwrap_or_else(|e| e.into_inner());
            ending.refused.get_or_insert_with(|| error.clone());
        }
    }

    /// Says which language the current call decided in, so that a refusal answers in it.
    pub fn decide_locale(locale: crate::i18n::Locale) {
        if let Some(answer) = Answer::current() {
            answer.0.lock().unwrap_or_else(|e| e.into_inner()).locale = Some(locale);
        }
    }

    fn take(&self) -> Ending {
        std::mem::take(&mut *self.0.lock().unwrap_or_else(|e| e.into_inner()))
    }
}

/// axum middleware around the server functions (`/api/…` posts): see the module
/// documentation.
#[cfg(feature = "ssr")]
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
#[cfg(feature = "ssr")]
fn with_language(mut res: Response, locale: Option<Locale>) -> Response {
    if let Some(locale) = locale {
        res.headers_mut()
            .insert(CONTENT_LANGUAGE, HeaderValue::from_static(locale.tag()));
    }
    res
}

/// The 303 with the link to its `Location` as its whole body.
#[cfg(feature = "ssr")]
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn internal_errors_show_no_detail() {
        let e = ApiError::internal("the random source failed: EIO");
        assert_eq!(e, ApiError::Internal);
        assert!(!e.to_string().contains("EIO"));
        assert!(e.to_string().contains("nothing was saved"));
    }

    #[test]
    fn form_errors_are_bad_requests_with_their_message() {
        let e = ApiError::from(FormError::BadReturnTo);
        assert_eq!(
            e.to_string(),
            "Bad request: return_to must be a path on this site: nothing was saved"
        );
    }

    #[cfg(feature = "ssr")]
    #[test]
    fn escapes_what_the_client_sent() {
        let error = ApiError::BadRequest(r#"unknown field "<script>alert('x')</script>&""#.into());
        let html = error.refusal_page(Locale::En).to_html();
        assert!(!html.contains("<script>"));
        assert!(html.contains("&lt;script&gt;alert('x')&lt;/script&gt;&amp;"));
        let german = error.refusal_page(Locale::De).to_html();
        assert!(!german.contains("<script>"));
        assert!(german.contains("<html lang=\"de\">"));
        assert!(german.contains(Locale::De.messages().errors.bad_request));
    }
}
