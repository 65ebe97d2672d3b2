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
    header::{CONTENT_LENGTH, CONTENT_TYPE, LOCATION},
    HeaderValue, StatusCode,
};

use super::ApiError;
use crate::paths;
use crate::server::response::wants_html;

/// The header server functions put on their error responses.
const SERVER_FN_ERROR: &str = "serverfnerror";
/// Our error bodies are a few hundred bytes; anything longer is not ours.
const MAX_ERROR_BODY: usize = 16 * 1024;

/// axum middleware for the server functions: see the module documentation.
pub async fn html_answers(req: Request, next: Next) -> Response {
    let wants_html = wants_html(req.headers());
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

/// The 303 with `<a href="{Location}">` as its whole body.
fn with_link_body(res: Response) -> Response {
    let (mut parts, _) = res.into_parts();
    let location = parts
        .headers
        .get(LOCATION)
        .and_then(|l| l.to_str().ok())
        .unwrap_or(paths::HOME);
    let body = format!(
        "<!DOCTYPE html><title>Saved</title><a href=\"{0}\">{0}</a>\n",
        html_escape::encode_double_quoted_attribute(location)
    );
    parts.headers.remove(CONTENT_LENGTH);
    parts.headers.insert(
        CONTENT_TYPE,
        HeaderValue::from_static("text/html; charset=utf-8"),
    );
    Response::from_parts(parts, Body::from(body))
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
