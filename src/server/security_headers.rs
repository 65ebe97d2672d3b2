//! The security headers every response carries (HTTP Observatory's tests, OWASP ASVS V14):
//! `X-Content-Type-Options`, `Referrer-Policy`, `Permissions-Policy`,
//! `Cross-Origin-Opener-Policy`, `Cross-Origin-Resource-Policy`, and, behind https,
//! `Strict-Transport-Security`. The Content-Security-Policy is per page
//! (`request_context`), with a strict one for everything else (the router).

use axum::{
    extract::Request,
    http::{HeaderName, HeaderValue},
    middleware::Next,
    response::Response,
};

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
pub fn headers(https: bool) -> Vec<(HeaderName, HeaderValue)> {
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

/// axum middleware: adds [`headers`] to every response that does not set them itself.
pub async fn add(https: bool, req: Request, next: Next) -> Response {
    let mut response = next.run(req).await;
    let target = response.headers_mut();
    for (name, value) in headers(https) {
        target.entry(name).or_insert(value);
    }
    response
}
