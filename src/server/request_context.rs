//! Per-request context for pages and server functions: who the visitor is, consent-wise.

use std::time::{SystemTime, UNIX_EPOCH};

use http::{
    header::{CACHE_CONTROL, VARY},
    request::Parts,
    HeaderValue,
};
use leptos::prelude::{provide_context, use_context};
use leptos_axum::ResponseOptions;

use super::{consent_cookie, state::AppState};
use crate::consent::{Decision, Signals, Timestamp, Visitor, LEADSGEN};

/// The current time as a consent timestamp.
pub fn now() -> Timestamp {
    Timestamp(
        SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map_or(0, |d| d.as_secs()),
    )
}

/// The visitor behind these request headers.
pub fn visitor(parts: &Parts, state: &AppState) -> Visitor {
    let h = &parts.headers;
    let signals = Signals::from_headers(
        h.get("dnt").map(HeaderValue::as_bytes),
        h.get("sec-gpc").map(HeaderValue::as_bytes),
    );
    let stored = consent_cookie::read(h, &state.cookies);
    Visitor {
        signals,
        decision: Decision::assess(stored, LEADSGEN.revision, now()),
    }
}

/// Runs at the start of every page render and server function call (see the router): decides
/// the [`Visitor`] once and provides it, and marks the response as varying by the headers it
/// was decided from, so no shared cache serves one visitor's banner to another.
pub fn provide() {
    let (Some(parts), Some(state)) = (use_context::<Parts>(), use_context::<AppState>()) else {
        return;
    };
    provide_context(visitor(&parts, &state));
    if let Some(response) = use_context::<ResponseOptions>() {
        response.insert_header(VARY, HeaderValue::from_static("Cookie, DNT, Sec-GPC"));
        response.insert_header(CACHE_CONTROL, HeaderValue::from_static("private, no-cache"));
    }
}
