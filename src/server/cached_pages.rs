//! The middleware that answers pages from the [page cache](super::page_cache) (feature
//! `ssr`): a kept template filled for this visitor, or a render that is answered at once and
//! leaves a template behind, built and proven in the background.

use axum::{
    body::{to_bytes, Body},
    extract::{Request, State},
    middleware::Next,
    response::{IntoResponse, Response},
};
use http::{header::ACCEPT_ENCODING, HeaderMap, Method, StatusCode};
use leptos::nonce::Nonce;

use super::metrics::CacheOutcome;
use super::page_cache::{Encoding, Page, Variant};
use super::request_context::{page_locale, personalization, visitor};
use super::response::is_html;
use super::sessions::Session;
use super::state::AppState;
use crate::consent::{Visitor, LEADSGEN};
use crate::i18n::Locale;
use crate::paths;

/// Middleware around the routed pages (see the router): answers a cacheable request from its
/// template, or renders it and answers with that render; if no other template is being built,
/// a background task then builds one (two placeholder renders, the cut and the proof), so no
/// visitor waits for more than their own render. The router
/// places it inside the language choice (the path has no prefix and the [`PageLocale`] is
/// decided) and inside compression.
///
/// The page's [`Visitor`] and [`Personalization`] come decided
/// ([`request_context::decide`](super::request_context::decide)); a template's renders carry
/// a placeholder visitor in their place.
///
/// [`PageLocale`]: crate::i18n::PageLocale
/// [`Personalization`]: crate::personalization::Personalization
pub async fn serve(State(state): State<AppState>, req: Request, next: Next) -> Response {
    let cache = &state.pages;
    let Some([first, second]) = cache.placeholders() else {
        return next.run(req).await;
    };
    let Some(path) = paths::CACHED_PAGES
        .into_iter()
        .find(|p| *p == req.uri().path())
    else {
        return next.run(req).await;
    };
    // A HEAD is answered from a kept template (the router drops the body and keeps the
    // headers), and never builds one. A signed-in page shows the account's e-mail address:
    // never kept, never shared.
    let head = req.method() == Method::HEAD;
    if !(req.method() == Method::GET || head)
        || req.uri().query().is_some()
        || req.extensions().get::<Session>().is_some()
    {
        return next.run(req).await;
    }
    let (parts, body) = req.into_parts();
    let accepted = parts.headers.get_all(ACCEPT_ENCODING);
    let encoding = Encoding::for_request(accepted.iter().filter_map(|v| v.to_str().ok()));
    let visitor = visitor(&parts);
    let locale = page_locale(&parts);
    let personalization = personalization(&parts);
    let variant = Variant {
        path,
        locale,
        visitor: visitor.with_proof(first.0, first.1),
        personalization,
        revision: LEADSGEN.revision,
    };
    if let Some(page) = cache.get(&variant) {
        state.metrics.page_cache(CacheOutcome::Hit);
        return answer(&page, &visitor, locale.locale, encoding);
    }
    let req = Request::from_parts(parts, body);
    if head {
        return next.run(req).await;
    }
    let Some(building) = cache.try_build() else {
        // Another template is being built: render as a server without a cache would.
        state.metrics.page_cache(CacheOutcome::Busy);
        return next.run(req).await;
    };

    // Build: render for the visitor (the answer), then, in the background, for each
    // placeholder. A placeholder's request has the path and the decided extensions, and no
    // header at all, so a page that read anything outside the variant would differ from the
    // visitor's and not be kept.
    let placeholders = [first, second].map(|(id, at)| {
        let placeholder = visitor.with_proof(id, at);
        let mut request = Request::new(Body::empty());
        *request.uri_mut() = req.uri().clone();
        *request.version_mut() = req.version();
        *request.extensions_mut() = req.extensions().clone();
        request.extensions_mut().insert(placeholder);
        (request, placeholder)
    });
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
    let headers = head.headers.clone();
    let answered = bytes.clone();
    let state = state.clone();
    tokio::spawn(async move {
        // Held until the template is kept or refused: the next build waits for it.
        let _building = building;
        let started = std::time::Instant::now();
        let answer = Answer {
            headers: &headers,
            body: &answered,
            visitor: &visitor,
        };
        let page = template(next, placeholders, answer, &variant).await;
        // Compressing at the highest levels takes milliseconds of CPU: on the cache's own
        // compression thread, so no request waits behind it.
        let page = match page {
            Some(mut page) => state
                .pages
                .compress(move || {
                    let locale = variant.locale.locale;
                    let missing = page.precompress(&headers, &answered, &visitor, locale);
                    (page, missing, variant)
                })
                .await
                .map(|(page, missing, v)| {
                    if !missing.is_empty() {
                        tracing::warn!(
                            path = v.path,
                            codings = ?missing,
                            "page cache: spliced answers did not decode to the page; these codings \
                             are compressed per answer for this page"
                        );
                    }
                    (page, v)
                }),
            None => None,
        };
        match page {
            Some((page, variant)) => {
                tracing::debug!(
                    path = variant.path,
                    ms = started.elapsed().as_millis() as u64,
                    "page cache: template built, proven and kept"
                );
                state.pages.keep(variant, page);
                state.metrics.page_cache(CacheOutcome::Kept);
            }
            None => state.metrics.page_cache(CacheOutcome::Refused),
        }
    });
    Response::from_parts(head, Body::from(bytes))
}

/// What a render answered the visitor.
struct Answer<'a> {
    headers: &'a HeaderMap,
    body: &'a [u8],
    visitor: &'a Visitor,
}

/// The template from the placeholders' renders (each request with the placeholder visitor it
/// carries), if both cut to the same template and it reproduces the visitor's `answer`
/// exactly when filled with the visitor's own values.
async fn template(
    next: Next,
    placeholders: [(Request, Visitor); 2],
    answer: Answer<'_>,
    variant: &Variant,
) -> Option<Page> {
    let locale = variant.locale.locale;
    let mut cuts = Vec::with_capacity(2);
    for (request, placeholder) in placeholders {
        let (head, body) = next.clone().run(request).await.into_parts();
        if head.status != StatusCode::OK {
            return None;
        }
        let body = to_bytes(body, usize::MAX).await.ok()?;
        cuts.push(Page::cut(&head.headers, &body, &placeholder, locale)?);
    }
    let page = cuts.swap_remove(0);
    if cuts[0] != page {
        tracing::warn!(
            path = variant.path,
            "page cache: two placeholder identities give different pages (something is shown \
             that is derived from a consent's ID or time); the page is served uncached"
        );
        return None;
    }
    if !page.reproduces(answer.headers, answer.body, answer.visitor, locale) {
        tracing::warn!(
            path = variant.path,
            "page cache: the template does not reproduce the page (it depends on something \
             outside its variant); the page is served uncached"
        );
        return None;
    }
    Some(page)
}

/// A cached page for `visitor`: a fresh nonce and its CSP, the visitor's own ID and time.
/// In the `encoding` the request accepts (brotli first), spliced from the template's
/// precompressed pieces; when it cannot be, plain, for the compression layer outside.
fn answer(page: &Page, visitor: &Visitor, locale: Locale, encoding: Option<Encoding>) -> Response {
    let nonce = Nonce::new();
    let (headers, body) =
        match encoding.and_then(|e| page.encoded_answer_for(e, &nonce, visitor, locale)) {
            Some((headers, member)) => (headers, Body::from(member)),
            None => {
                let (headers, text) = page.answer_for(&nonce, visitor, locale);
                (headers, Body::from(text))
            }
        };
    let mut response = Response::new(body);
    *response.headers_mut() = headers;
    response
}
