//! `GET /.well-known/gpc.json` (server only): the site's declaration that it honours Global
//! Privacy Control, as the W3C GPC specification's "GPC support resource" has it:
//! `{"gpc": true, "lastUpdate": "YYYY-MM-DD"}`. It does: a request with `Sec-GPC: 1` refuses
//! analytics and marketing, whatever the cookie says (the README's opening list).

use axum::{
    http::{header::CACHE_CONTROL, HeaderValue},
    response::{IntoResponse, Response},
    Json,
};
use serde::Serialize;

use crate::consent::LEADSGEN;

/// Where the declaration is served.
pub const GPC_PATH: &str = "/.well-known/gpc.json";

/// The GPC support resource.
#[derive(Debug, Serialize)]
struct GpcSupport {
    /// Always `true`: every request's `Sec-GPC: 1` is honoured.
    gpc: bool,
    /// When the declaration last changed, as an RFC 3339 full-date: the revision of the policy
    /// in force, which states how the signal is honoured.
    #[serde(rename = "lastUpdate")]
    last_update: String,
}

/// The handler: `200` with the resource as `application/json`, cacheable for a day.
pub async fn gpc_support() -> Response {
    let mut response = Json(GpcSupport {
        gpc: true,
        last_update: LEADSGEN.revision.iso(),
    })
    .into_response();
    response.headers_mut().insert(
        CACHE_CONTROL,
        HeaderValue::from_static("public, max-age=86400"),
    );
    response
}
