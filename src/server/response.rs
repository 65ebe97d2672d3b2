//! Response helpers: the status of the page being rendered, whether the client asked for
//! HTML (a plain form post) or data (`fetch`), whether an answer is an HTML page, and every
//! refusal.

use axum::response::{IntoResponse, Response};
use http::{
    header::{ACCEPT, CONTENT_LANGUAGE, CONTENT_TYPE},
    HeaderMap, HeaderValue, StatusCode,
};
use leptos::prelude::use_context;
use leptos_axum::ResponseOptions;

use crate::documents::Refusal;

/// Sets the status of the response being rendered. Outside a request (unit tests of a view),
/// there is no response and this does nothing.
pub fn set_status(status: StatusCode) {
    if let Some(response) = use_context::<ResponseOptions>() {
        response.set_status(status);
    }
}

/// Whether a request asks for HTML back: a browser submitting a `<form>` without JavaScript
/// does; `fetch` from an island does not.
pub fn wants_html(headers: &HeaderMap) -> bool {
    headers
        .get(ACCEPT)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.contains("text/html"))
}

/// Whether an answer with these headers is an HTML page (`Content-Type: text/html…`).
pub fn is_html(headers: &HeaderMap) -> bool {
    headers
        .get(CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("text/html"))
}

/// A refusal with `status`: the refusal page when the client asked for HTML (`page` is
/// `Some`), otherwise `json`. Every refusal that a person may read as a page is written
/// here: a refused post, a body over the cap, a receipt that cannot be shown. (A malformed
/// request target, the admin view's 401 and 400s, and the 408 answer in plain text.) Nothing
/// was saved.
pub fn refuse(status: StatusCode, page: Option<Refusal>, json: String) -> Response {
    let (content_type, language, body) = match page {
        Some(page) => (
            "text/html; charset=utf-8",
            Some(page.locale.tag()),
            page.to_html(),
        ),
        None => ("application/json", None, json),
    };
    let mut response = (status, body).into_response();
    let headers = response.headers_mut();
    headers.insert(CONTENT_TYPE, HeaderValue::from_static(content_type));
    if let Some(language) = language {
        headers.insert(CONTENT_LANGUAGE, HeaderValue::from_static(language));
    }
    response
}
