//! What a request may cost: its body is capped at [`MAX_BODY_BYTES`] (a consent form is a few
//! hundred bytes), and anything bigger is refused with 413 before any handler runs, so nothing
//! is written. Header size, header read time and request time are capped in `serve.rs` and
//! the router.

use axum::{
    body::{to_bytes, Body},
    extract::Request,
    http::{header::CONTENT_LENGTH, StatusCode},
    middleware::Next,
    response::Response,
};

use super::response::{refuse, wants_html};
use crate::documents::Refusal;
use crate::i18n::{Locale, PageLocale};

/// The largest request body accepted: 16 KiB, fifty times the largest form the site posts.
pub const MAX_BODY_BYTES: usize = 16 * 1024;

/// axum middleware: refuses a body over [`MAX_BODY_BYTES`] with 413 (a short page for a plain
/// form, JSON otherwise), whether it says its length (`Content-Length`) or not (chunked).
pub async fn cap_body(req: Request, next: Next) -> Response {
    // A page in the visitor's language for a plain form; English JSON for a script.
    let html = wants_html(req.headers()).then(|| {
        req.extensions()
            .get::<PageLocale>()
            .map_or(Locale::En, |p| p.locale)
    });
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

fn too_large(html: Option<Locale>) -> Response {
    let page = html.map(|locale| {
        let t = &locale.messages().errors;
        Refusal {
            locale,
            title: t.refused_title.into(),
            message: t.too_large.into(),
            detail: None,
            links: Vec::new(),
        }
    });
    let message = Locale::En.messages().errors.too_large;
    let json = serde_json::json!({ "error": message }).to_string();
    refuse(StatusCode::PAYLOAD_TOO_LARGE, page, json)
}
