//! `GET /api/consent/state` (server only): the consent state in force for this request, as the
//! page state JSON every page embeds. The consent runtime asks for it when a page comes back
//! from the back/forward cache or into view, and reloads the page when it differs from what
//! the page shows. It reads the signed cookie and the request's signals only: no database.

use axum::{
    extract::State,
    http::{
        header::{CACHE_CONTROL, CONTENT_TYPE, VARY},
        request::Parts,
        HeaderValue,
    },
    response::{IntoResponse, Response},
};

use crate::gating::PageState;
use crate::server::{request_context, state::AppState};

/// Where the state is served; `ui/consent/runtime.js` names the same path.
pub const STATE_PATH: &str = "/api/consent/state";

/// The handler: 200 with the page state, never stored by any cache.
pub async fn current_state(State(state): State<AppState>, parts: Parts) -> Response {
    let visitor = request_context::visitor(&parts);
    let json = PageState::for_visitor(&visitor, &state.trackers).to_json();
    (
        [
            (CONTENT_TYPE, HeaderValue::from_static("application/json")),
            (CACHE_CONTROL, HeaderValue::from_static("no-store")),
            (VARY, HeaderValue::from_static("Cookie, DNT, Sec-GPC")),
        ],
        json,
    )
        .into_response()
}
