//! The admin view (feature `ssr`): the consent log's dashboard and exports, and `/metrics`,
//! behind `LEADSGEN_ADMIN_TOKEN`. Without the token the router does not mount it, and `/admin`
//! answers the site's 404.

pub mod auth;
pub mod charts;
pub mod cookie_audit;
pub mod dashboard;
pub mod export;
pub mod metrics;

use axum::{
    http::{header::CONTENT_TYPE, HeaderValue},
    middleware,
    routing::get,
    Router,
};

use crate::server::state::AppState;

/// The admin view's stylesheet.
const CSS: &str = include_str!("admin.css");

/// The routes under `/admin`, every one behind the token.
pub fn routes(state: AppState) -> Router<AppState> {
    Router::new()
        .route("/admin", get(dashboard::dashboard))
        .route("/admin/consents.ndjson", get(export::ndjson))
        .route("/admin/consents.csv", get(export::csv))
        .route("/metrics", get(metrics::serve))
        .route(
            "/admin/admin.css",
            get(|| async { ([(CONTENT_TYPE, HeaderValue::from_static("text/css"))], CSS) }),
        )
        .route_layer(middleware::from_fn_with_state(state, auth::require_token))
}
