//! What a plain form post (no JavaScript) gets back: HTML, never the server function's JSON.
//!
//! - A refusal (4xx, 5xx) becomes a short page that says what went wrong and that nothing was
//!   saved. Status and headers (no cookie was set) stay; the leptos redirect back to the form
//!   is dropped so that the browser shows the explanation.
//! - The 303 back to the page carries a one-line HTML body with the link, instead of the new
//!   state as JSON, which nobody reads.

use axum::{
    body::{to_bytes, Body},
    extract::Request,
    middleware::Next,
    response::Response,
};
use http::{
    header::{CONTENT_LANGUAGE, CONTENT_LENGTH, CONTENT_TYPE, LOCATION},
    HeaderValue, StatusCode,
};

use super::ApiError;
use crate::documents::{link_page, Refusal};
use crate::i18n::{Locale, PageLocale};
use crate::paths;
use crate::server::response::wants_html;

/// The header server functions put on their error responses.
const SERVER_FN_ERROR: &str = "serverfnerror";
/// Our error bodies are a few hundred bytes; anything longer is not ours.
const MAX_ERROR_BODY: usize = 16 * 1024;

/// axum middleware for the server functions: see the module documentation.
pub async fn html_answers(req: Request, next: Next) -> Response {
    let wants_html = wants_html(req.headers());
    let negotiated = req
        .extensions()
        .get::<PageLocale>()
        .map_or(Locale::En, |p| p.locale);
    let is_api = req.uri().path().starts_with("/api/");
    let res = next.run(req).await;
    if !wants_html || !is_api {
        return res;
    }
    if res.status() == StatusCode::SEE_OTHER {
        return with_link_body(res);
    }
    let refused = res.status().is_client_error() || res.status().is_server_error();
    if !refused || !res.headers().contains_key(SERVER_FN_ERROR) {
        return res;
    }
    let (mut parts, body) = res.into_parts();
    // The language of the page the post came from, when the post got that far (see
    // `Post::locale`); otherwise what the browser prefers.
    let locale = parts
        .headers
        .get(CONTENT_LANGUAGE)
        .and_then(|v| v.to_str().ok())
        .and_then(Locale::from_tag)
        .unwrap_or(negotiated);
    let error = to_bytes(body, MAX_ERROR_BODY)
        .await
        .ok()
        .and_then(|b| leptos::serde_json::from_slice::<ApiError>(&b).ok());
    parts.headers.remove(LOCATION);
    parts
        .headers
        .insert(CONTENT_LANGUAGE, HeaderValue::from_static(locale.tag()));
    parts.headers.remove(CONTENT_LENGTH);
    parts.headers.insert(
        CONTENT_TYPE,
        HeaderValue::from_static("text/html; charset=utf-8"),
    );
    Response::from_parts(parts, Body::from(page(locale, error.as_ref())))
}

/// The 303 with `<a href="{Location}">` as its whole body.
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

/// The refusal page in `locale`: what went wrong, in the visitor's words, and that nothing was
/// saved. English shows the error's own message; a translation shows its sentence for the
/// kind of error, and a bad request's detail (which quotes the field) in English beside it.
fn page(locale: Locale, error: Option<&ApiError>) -> String {
    let t = &locale.messages().errors;
    let (message, detail) = match (locale, error) {
        (_, None) => (t.unknown.to_string(), None),
        (Locale::En, Some(e)) => (e.to_string(), None),
        (_, Some(ApiError::BadRequest(d))) => (t.bad_request.to_string(), Some(d)),
        (_, Some(ApiError::Forbidden(d))) => (t.forbidden.to_string(), Some(d)),
        (_, Some(ApiError::Internal)) => (t.internal.to_string(), None),
        (_, Some(ApiError::Unavailable)) => (t.unavailable.to_string(), None),
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
        detail: detail.cloned(),
        links: vec![
            (back(paths::PREFERENCES), t.review_choices.into()),
            (back(paths::HOME), t.home.into()),
        ],
    }
    .to_html()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_what_the_client_sent() {
        let error = ApiError::BadRequest(r#"unknown field "<script>alert('x')</script>&""#.into());
        let html = page(Locale::En, Some(&error));
        assert!(!html.contains("<script>"));
        assert!(html.contains("&lt;script&gt;alert('x')&lt;/script&gt;&amp;"));
        let german = page(Locale::De, Some(&error));
        assert!(!german.contains("<script>"));
        assert!(german.contains("<html lang=\"de\">"));
        assert!(german.contains(Locale::De.messages().errors.bad_request));
    }
}
