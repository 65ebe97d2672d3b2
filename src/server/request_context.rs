//! Per-request context for pages and server functions: who the visitor is, consent-wise, and
//! the response headers that follow from it (`Vary`, `Cache-Control`, the page's CSP).

use std::time::{SystemTime, UNIX_EPOCH};

use axum::{
    extract::{Request, State},
    middleware::Next,
    response::Response,
};
use http::{
    header::{CACHE_CONTROL, CONTENT_SECURITY_POLICY, VARY},
    request::Parts,
    HeaderMap, HeaderValue,
};
use leptos::nonce::use_nonce;
use leptos::prelude::{provide_context, use_context};
use leptos_axum::ResponseOptions;

use super::{cookies, locale, sessions, state::AppState};
use crate::accounts::SignedInAs;
use crate::consent::{Decision, Signals, Timestamp, Visitor, LEADSGEN};
use crate::gating::{csp, PageState};
use crate::i18n::PageLocale;
use crate::personalization::Personalization;

/// The current time as a consent timestamp.
pub fn now() -> Timestamp {
    Timestamp(
        SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map_or(0, |d| d.as_secs()),
    )
}

/// axum middleware, around everything routed but the built site's files: decides the
/// request's [`Session`](sessions::Session) (who is signed in: one indexed database read,
/// only for a request that carries a session token), [`Visitor`] (the signed cookie and the
/// privacy signals) and [`Personalization`] once, as request extensions that pages, posts,
/// the receipt and the page cache read.
pub async fn decide(State(state): State<AppState>, mut req: Request, next: Next) -> Response {
    let pkg = &state.leptos.site_pkg_dir;
    let is_file = req
        .uri()
        .path()
        .strip_prefix('/')
        .and_then(|p| p.strip_prefix(pkg.as_ref()))
        .is_some_and(|rest| rest.starts_with('/'));
    if !is_file {
        if let Some(session) = sessions::decide(req.headers(), &state).await {
            req.extensions_mut().insert(session);
        }
        let visitor = decide_visitor(req.headers(), &state);
        let personalization = decide_personalization(req.headers(), req.uri().query(), &visitor);
        req.extensions_mut().insert(visitor);
        req.extensions_mut().insert(personalization);
    }
    next.run(req).await
}

/// The visitor [`decide`] found for this request; without one (a request the middleware did
/// not see), a visitor who has decided nothing and sent no signal, who is shown the banner
/// and no tracker.
pub fn visitor(parts: &Parts) -> Visitor {
    parts
        .extensions
        .get::<Visitor>()
        .copied()
        .unwrap_or_default()
}

/// The visitor behind these request headers.
fn decide_visitor(h: &HeaderMap, state: &AppState) -> Visitor {
    let signals = Signals::from_headers(
        h.get("dnt").map(HeaderValue::as_bytes),
        h.get("sec-gpc").map(HeaderValue::as_bytes),
    );
    let stored = cookies::read_consent(h, &state.cookies);
    Visitor {
        signals,
        decision: Decision::assess(
            stored,
            LEADSGEN.revision,
            LEADSGEN.consent_lifetime_days,
            now(),
        ),
    }
}

/// The personalization in force for this request: cookies only with functional consent, then
/// the page-only choices in the query string.
fn decide_personalization(
    headers: &HeaderMap,
    query: Option<&str>,
    visitor: &Visitor,
) -> Personalization {
    let query: Vec<(String, String)> = crate::paths::query_pairs(query.unwrap_or_default())
        .map(|pair| (pair.key.into_owned(), pair.value.into_owned()))
        .collect();
    Personalization::read(
        |name| cookies::value(headers, name),
        &query,
        visitor.effective().functional,
    )
}

/// The personalization [`decide`] found for this request; the defaults without one.
pub fn personalization(parts: &Parts) -> Personalization {
    parts
        .extensions
        .get::<Personalization>()
        .copied()
        .unwrap_or_default()
}

/// The language of this request, as [`locale::choose`] decided it before routing (a `/de/…`
/// prefix, or `Accept-Language`).
pub fn page_locale(parts: &Parts) -> PageLocale {
    parts
        .extensions
        .get::<PageLocale>()
        .copied()
        .unwrap_or_else(|| PageLocale::decide(None, locale::accept_language(&parts.headers)))
}

/// Runs at the start of every page render and server function call (see the router): provides
/// the [`Visitor`] and [`Personalization`] that [`decide`] found (a page cache template's
/// render carries its placeholder instead), the [`PageLocale`] that [`locale::choose`]
/// decided and the site's [`PublicOrigin`](crate::paths::PublicOrigin), and marks the
/// response as varying by the headers they were decided from, so no shared cache serves one
/// visitor's page to another.
///
/// A page render (the only kind of request Leptos gives a nonce) also gets its [`PageState`]
/// and a Content-Security-Policy that allows exactly the trackers that state allows.
pub fn provide() {
    let (Some(parts), Some(state)) = (use_context::<Parts>(), use_context::<AppState>()) else {
        return;
    };
    // Decided once, by `decide` (a page cache template's request carries its placeholder).
    let visitor = visitor(&parts);
    let personalization = personalization(&parts);
    provide_context(page_locale(&parts));
    provide_context(state.public_origin.clone());
    provide_context(personalization);
    provide_context(visitor);
    if let Some(session) = sessions::session(&parts) {
        provide_context(SignedInAs {
            email: session.account.email,
        });
    }
    let Some(response) = use_context::<ResponseOptions>() else {
        return;
    };
    response.insert_header(VARY, HeaderValue::from_static("Cookie, DNT, Sec-GPC"));
    response.insert_header(CACHE_CONTROL, HeaderValue::from_static("private, no-cache"));
    if let Some(nonce) = use_nonce() {
        let policy = csp::page_policy(&nonce, visitor.effective(), &state.trackers);
        // Never a page without a policy: should the header not encode, run no script at all.
        let policy = HeaderValue::from_str(&policy)
            .unwrap_or(HeaderValue::from_static(csp::NON_PAGE_POLICY));
        response.insert_header(CONTENT_SECURITY_POLICY, policy);
        provide_context(PageState::for_visitor(&visitor, &state.trackers));
    }
}
