//! Response helpers: the status of the page being rendered, whether the client asked for
//! HTML (a plain form post) or data (`fetch`), and whether an answer is an HTML page.

use http::{
    header::{ACCEPT, CONTENT_TYPE},
    HeaderMap, StatusCode,
};
use leptos::prelude::use_context;
use leptos_axum::ResponseOptions;

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
