//! What a request may cost: its body is capped at [`MAX_BODY_BYTES`] (a consent form is a few
//! hundred bytes), and anything bigger is refused with 413 before any handler runs, so nothing
//! is written. Header size, header read time and request time are capped in `serve.rs` and
//! the router.

use axum::{
    body::{to_bytes, Body},
    extract::Request,
    http::{header::CONTENT_LENGTH, StatusCode},
    middleware::Next,
    response::{IntoResponse, Response},
};

use super::response::wants_html;

/// The largest request body accepted: 16 KiB, fifty times the largest form the site posts.
pub const MAX_BODY_BYTES: usize = 16 * 1024;

/// The 413's message.
const TOO_LARGE: &str =
    "The request is larger than this site accepts (16 KiB), so nothing was saved.";

/// axum middleware: refuses a body over [`MAX_BODY_BYTES`] with 413 (a short page for a plain
/// form, JSON otherwise), whether it says its length (`Content-Length`) or not (chunked).
pub async fn cap_body(req: Request, next: Next) -> Response {
    let html = wants_html(req.headers());
    let declared = req
        .headers()
        .get(CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<u64>().ok());
    if declared.is_some_and(|n| n > MAX_BODY_BYTES as u64) {
        return too_large(html);
    }
    let (parts, body) = req.into_parts();
    match to_bytes(body, MAX_BODY_BYTES).await {
        Ok(bytes) => {
            next.run(Request::from_parts(parts, Body::from(bytes)))
                .await
        }
        Err(_) => too_large(html),
    }
}

fn too_large(html: bool) -> Response {
    if html {
        let page = format!(
            "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\">\
             <title>Too large · LeadsGen</title></head><body><main><h1>Too large</h1>\
             <p>{TOO_LARGE}</p></main></body></html>"
        );
        (
            StatusCode::PAYLOAD_TOO_LARGE,
            [("content-type", "text/html; charset=utf-8")],
            page,
        )
            .into_response()
    } else {
        let body = serde_json::json!({ "error": TOO_LARGE }).to_string();
        (
            StatusCode::PAYLOAD_TOO_LARGE,
            [("content-type", "application/json")],
            body,
        )
            .into_response()
    }
}
