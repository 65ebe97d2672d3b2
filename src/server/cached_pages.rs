//! The middleware that answers pages from the [page cache](super::page_cache) (feature
//! `ssr`): a kept template filled for this visitor, or a render that leaves one behind.

use axum::{
    body::{to_bytes, Body},
    extract::{Request, State},
    middleware::Next,
    response::{IntoResponse, Response},
};
use http::{header::CONTENT_TYPE, HeaderMap, Method, StatusCode};
use leptos::nonce::Nonce;

use super::page_cache::{Page, Variant};
use super::request_context::{page_locale, personalization, visitor};
use super::state::AppState;
use crate::consent::{Visitor, LEADSGEN};
use crate::i18n::Locale;
use crate::paths;

/// The paths whose answers are cached: every routed page.
const PAGES: [&str; 4] = [
    paths::HOME,
    paths::POLICY,
    paths::PREFERENCES,
    paths::SETTINGS,
];

fn is_html(headers: &HeaderMap) -> bool {
    headers
        .get(CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("text/html"))
}

/// Middleware around the routed pages (see the router): answers a cacheable request from its
/// template, or renders it and keeps the template. The router places it inside the language
/// choice (the path has no prefix and the [`PageLocale`] is decided) and inside compression.
///
/// The page's [`Visitor`] is decided here once and handed to the render as a request
/// extension (read by [`request_context::provide`](super::request_context::provide)).
pub async fn serve(State(state): State<AppState>, mut req: Request, next: Next) -> Response {
    let cache = &state.pages;
    let Some((id, at)) = cache.placeholder() else {
        return next.run(req).await;
    };
    let path = req.uri().path();
    let Some(path) = PAGES.into_iter().find(|p| *p == path) else {
        return next.run(req).await;
    };
    if req.method() != Method::GET || req.uri().query().is_some() {
        return next.run(req).await;
    }
    let (parts, body) = req.into_parts();
    let visitor = visitor(&parts, &state);
    let locale = page_locale(&parts);
    let variant = Variant {
        path,
        locale,
        visitor: visitor.with_proof(id, at),
        personalization: personalization(&parts, &visitor),
        revision: LEADSGEN.revision,
    };
    if let Some(page) = cache.get(&variant) {
        return answer(&page, &visitor, locale.locale);
    }

    // A miss: render for the visitor (the answer), then for the placeholder (the template).
    let mut template_req = Request::from_parts(parts.clone(), Body::empty());
    template_req.extensions_mut().insert(variant.visitor);
    req = Request::from_parts(parts, body);
    req.extensions_mut().insert(visitor);
    let rendered = next.clone().run(req).await;
    if rendered.status() != StatusCode::OK || !is_html(rendered.headers()) {
        return rendered;
    }
    let (head, body) = rendered.into_parts();
    let Ok(bytes) = to_bytes(body, usize::MAX).await else {
        // A page's stream failing mid-way would have cut the visitor's answer off as well;
        // say so cleanly instead.
        tracing::error!("page cache: the rendered page's body failed");
        return (StatusCode::SERVICE_UNAVAILABLE, [("retry-after", "1")]).into_response();
    };
    let placeholder = next.run(template_req).await;
    if let Some(page) = template(placeholder, &head.headers, &bytes, &variant, &visitor).await {
        cache.keep(variant, page);
    }
    Response::from_parts(head, Body::from(bytes))
}

/// The template from the placeholder's rendering, if it reproduces the real answer (`headers`,
/// `body`) exactly when filled with the real visitor's values.
async fn template(
    placeholder: Response,
    headers: &HeaderMap,
    body: &[u8],
    variant: &Variant,
    visitor: &Visitor,
) -> Option<Page> {
    let (head, template_body) = placeholder.into_parts();
    if head.status != StatusCode::OK {
        return None;
    }
    let template_body = to_bytes(template_body, usize::MAX).await.ok()?;
    let locale = variant.locale.locale;
    let page = Page::cut(&head.headers, &template_body, &variant.visitor, locale)?;
    let reproduced = page.reproduces(headers, body, visitor, locale);
    if !reproduced {
        tracing::warn!(
            path = variant.path,
            "page cache: the template does not reproduce the page; it is served uncached"
        );
        return None;
    }
    Some(page)
}

/// A cached page for `visitor`: a fresh nonce and its CSP, the visitor's own ID and time.
fn answer(page: &Page, visitor: &Visitor, locale: Locale) -> Response {
    let (headers, body) = page.fill(&Nonce::new(), visitor, locale);
    let mut response = Response::new(Body::from(body));
    *response.headers_mut() = headers;
    response
}
