//! `GET /.well-known/consent-log-keys.json` (server only): the public keys that verify the
//! consent log's checkpoints and the visitors' receipts, as a JWK Set with each key's PEM
//! form and when it was first used. Public by design: it holds no secret, and anyone (a
//! visitor, an auditor, a regulator) may fetch it to check a proof without trusting us.

use axum::{
    extract::State,
    http::{header::CACHE_CONTROL, HeaderValue, StatusCode},
    response::{IntoResponse, Response},
    Json,
};

use crate::log::{KeysDocument, PublishedKey};
use crate::server::state::AppState;

/// Where the keys are served.
pub const LOG_KEYS_PATH: &str = "/.well-known/consent-log-keys.json";

/// The handler. Answers 200 with every key that ever signed this log, oldest first (a key
/// never expires for checking); 404 when the log is off; 503 when it cannot be read.
pub async fn log_keys(State(state): State<AppState>) -> Response {
    let Some(store) = state.log.store() else {
        return (StatusCode::NOT_FOUND, "The consent log is off.\n").into_response();
    };
    let keys = match store.signing_keys().await {
        Ok(keys) => keys,
        Err(e) => {
            tracing::error!("the log's public keys could not be read: {e}");
            return (
                StatusCode::SERVICE_UNAVAILABLE,
                "The consent log could not be read.\n",
            )
                .into_response();
        }
    };
    let document = KeysDocument {
        keys: keys
            .iter()
            .map(|(key, first_used_ms)| PublishedKey::new(key, *first_used_ms))
            .collect(),
    };
    let mut response = Json(document).into_response();
    // A new key appears at a server's start: a few minutes of caching is harmless.
    response.headers_mut().insert(
        CACHE_CONTROL,
        HeaderValue::from_static("public, max-age=300"),
    );
    response
}
