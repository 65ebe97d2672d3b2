//! The router's outer layers, the edge every request passes first (server only): one access
//! line per request, the security headers every answer carries, a request target that must
//! name a path, and the cap on a request's body.
//!
//! Header size, header read time and request time are capped in `serve.rs` and the router.

use std::time::Instant;

use axum::{
    body::{to_bytes, Body},
    extract::Request,
    http::{header::CONTENT_LENGTH, uri::PathAndQuery, HeaderName, HeaderValue, StatusCode, Uri},
    middleware::Next,
    response::{IntoResponse, Response},
};

use super::response::{refuse, wants_html};
use crate::documents::Refusal;
use crate::i18n::{Locale, PageLocale};

// The access log: one line per request, at INFO: method, path (never the query string), status
// and latency. Never a cookie, a consent ID, a query value or an IP address: the path is the
// only part of the request that is logged, and the site's paths carry none of those.

/// The log target of access lines (`RUST_LOG=access=off` silences them).
pub const ACCESS_LOG_TARGET: &str = "access";

/// axum middleware: logs the request once its response head is ready.
pub async fn log_request(req: Request, next: Next) -> Response {
    let started = Instant::now();
    let method = req.method().clone();
    // The path only: a query string can hold anything a visitor typed or was sent.
    let path = req.uri().path().to_owned();
    let response = next.run(req).await;
    let latency_ms = started.elapsed().as_secs_f64() * 1000.0;
    tracing::info!(
        target: ACCESS_LOG_TARGET,
        method = %method,
        path = %path,
        status = response.status().as_u16(),
        latency_ms = format_args!("{latency_ms:.3}"),
    );
    response
}

// The security headers every response carries (HTTP Observatory's tests, OWASP ASVS V14):
// `X-Content-Type-Options`, `Referrer-Policy`, `Permissions-Policy`,
// `Cross-Origin-Opener-Policy`, `Cross-Origin-Resource-Policy`, and, behind https,
// `Strict-Transport-Security`. The Content-Security-Policy is per page (`request_context`),
// with a strict one for everything else (the router).

/// `nosniff`: a response is what its `Content-Type` says, nothing else.
pub const CONTENT_TYPE_OPTIONS: &str = "nosniff";
/// The full URL stays on this site; other sites get the origin, over https only. Not
/// `no-referrer`: a form posted without JavaScript relies on `Origin` to pass the same-site
/// check, and `no-referrer` makes browsers send `Origin: null`.
pub const REFERRER_POLICY: &str = "strict-origin-when-cross-origin";
/// Everything the site never uses, off for it and for anything it embeds.
pub const PERMISSIONS_POLICY: &str = "accelerometer=(), ambient-light-sensor=(), autoplay=(), \
     battery=(), bluetooth=(), browsing-topics=(), camera=(), display-capture=(), \
     document-domain=(), encrypted-media=(), gamepad=(), geolocation=(), gyroscope=(), hid=(), \
     idle-detection=(), interest-cohort=(), local-fonts=(), magnetometer=(), microphone=(), \
     midi=(), payment=(), picture-in-picture=(), publickey-credentials-get=(), screen-wake-lock=(), \
     serial=(), usb=(), web-share=(), xr-spatial-tracking=()";
/// No other site's window may keep a handle on ours.
pub const OPENER_POLICY: &str = "same-origin";
/// Our files are for our pages only.
pub const RESOURCE_POLICY: &str = "same-origin";
/// Two years, subdomains included: sent only when the site is served over https.
pub const STRICT_TRANSPORT_SECURITY: &str = "max-age=63072000; includeSubDomains";

/// The headers, as `(name, value)` pairs: HSTS only when `https` (`LEADSGEN_SECURE_COOKIES`).
pub fn security_headers(https: bool) -> Vec<(HeaderName, HeaderValue)> {
    let mut all = vec![
        ("x-content-type-options", CONTENT_TYPE_OPTIONS),
        ("referrer-policy", REFERRER_POLICY),
        ("permissions-policy", PERMISSIONS_POLICY),
        ("cross-origin-opener-policy", OPENER_POLICY),
        ("cross-origin-resource-policy", RESOURCE_POLICY),
    ];
    if https {
        all.push(("strict-transport-security", STRICT_TRANSPORT_SECURITY));
    }
    all.into_iter()
        .map(|(n, v)| (HeaderName::from_static(n), HeaderValue::from_static(v)))
        .collect()
}

/// axum middleware: adds [`security_headers`] to every response that does not set them itself.
pub async fn add_security_headers(https: bool, req: Request, next: Next) -> Response {
    let mut response = next.run(req).await;
    let target = response.headers_mut();
    for (name, value) in security_headers(https) {
        target.entry(name).or_insert(value);
    }
    response
}

// A request's target must name a path. An origin server is sent one (`/cookie-policy?x=1`), or
// a whole URL (absolute-form, RFC 9112 §3.2.2, which it must accept). `GET host:port`
// (authority-form, §3.2.3, meant only for CONNECT) names none: leptos_axum's fallback unwraps
// the path and panics, dropping the connection with no answer. Such a request is answered 400
// here, before anything else runs; an absolute-form target without a path means `/`.

/// axum middleware, outside the router: answers 400 to a request target without a path
/// (authority-form), and reads an absolute-form target without one as `/`.
pub async fn require_path(mut req: Request, next: Next) -> Response {
    if req.uri().path_and_query().is_none() {
        let mut parts = req.uri().clone().into_parts();
        if parts.scheme.is_none() {
            return (
                StatusCode::BAD_REQUEST,
                "Bad request: the request target must be a path, such as /cookie-policy.\n",
            )
                .into_response();
        }
        parts.path_and_query = Some(PathAndQuery::from_static("/"));
        match Uri::from_parts(parts) {
            Ok(uri) => *req.uri_mut() = uri,
            Err(_) => return StatusCode::BAD_REQUEST.into_response(),
        }
    }
    next.run(req).await
}

// What a request may cost: its body is capped at [`MAX_BODY_BYTES`] (a consent form is a few
// hundred bytes), and anything bigger is refused with 413 before any handler runs, so nothing
// is written.

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
