//! Refused form posts, shown to people. A plain form post (no JavaScript) that a server
//! function refuses would otherwise show the function's JSON error; this layer answers such a
//! request with a short HTML page instead. Status and headers (no cookie was set) stay as they
//! are; only the body changes, and the leptos redirect back to the form is dropped so that the
//! browser shows the explanation.

use axum::{
    body::{to_bytes, Body},
    extract::Request,
    middleware::Next,
    response::Response,
};
use http::{
    header::{CONTENT_LENGTH, CONTENT_TYPE, LOCATION},
    HeaderValue,
};

use super::ApiError;
use crate::paths;
use crate::server::response::wants_html;

/// The header server functions put on their error responses.
const SERVER_FN_ERROR: &str = "serverfnerror";
/// Our error bodies are a few hundred bytes; anything longer is not ours.
const MAX_ERROR_BODY: usize = 16 * 1024;

/// axum middleware: answers a refused plain form post with a short HTML page instead of the
/// server function's JSON error. See the module documentation.
pub async fn refusals_as_html(req: Request, next: Next) -> Response {
    let wants_html = wants_html(req.headers());
    let res = next.run(req).await;
    let refused = res.status().is_client_error() || res.status().is_server_error();
    if !wants_html || !refused || !res.headers().contains_key(SERVER_FN_ERROR) {
        return res;
    }
    let (mut parts, body) = res.into_parts();
    let message = to_bytes(body, MAX_ERROR_BODY)
        .await
        .ok()
        .and_then(|b| leptos::serde_json::from_slice::<ApiError>(&b).ok())
        .map_or_else(
            || "The request could not be processed. Nothing was saved.".to_string(),
            |e| e.to_string(),
        );
    parts.headers.remove(LOCATION);
    parts.headers.remove(CONTENT_LENGTH);
    parts.headers.insert(
        CONTENT_TYPE,
        HeaderValue::from_static("text/html; charset=utf-8"),
    );
    Response::from_parts(parts, Body::from(page(&message)))
}

fn page(message: &str) -> String {
    format!(
        "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\">\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\
         <title>We couldn’t save that · LeadsGen</title></head><body>\
         <main><h1>We couldn’t save that</h1><p>{}</p>\
         <p><a href=\"{}\">Review your cookie choices</a> · \
         <a href=\"{}\">Go to the home page</a></p></main></body></html>",
        // The message can quote a field name the client sent.
        html_escape::encode_quoted_attribute(message),
        paths::PREFERENCES,
        paths::HOME,
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_what_the_client_sent() {
        let html = page(r#"unknown field "<script>alert('x')</script>&""#);
        assert!(!html.contains("<script>"));
        assert!(html.contains("&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;&amp;"));
    }
}
