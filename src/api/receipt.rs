//! `GET /api/consent/receipt` (server only): the visitor's consent receipt, for the decision
//! in the request's own signed cookie and nothing else, as a JSON download signed with the
//! log's key or, with `?format=html`, as a printable page that names that signature.

use axum::{
    extract::{Query, State},
    http::{
        header::{CACHE_CONTROL, CONTENT_DISPOSITION, CONTENT_LANGUAGE, CONTENT_TYPE, VARY},
        request::Parts,
        HeaderValue, StatusCode,
    },
    response::{IntoResponse, Response},
};
use serde::Deserialize;

use crate::api::log_keys::LOG_KEYS_PATH;
use crate::consent::{Decision, LEADSGEN};
use crate::documents::{
    receipt::{receipt_page, Signed},
    Refusal,
};
use crate::i18n::{Locale, PageLocale};
use crate::log::receipt::Receipt;
use crate::paths;
use crate::server::{locale, request_context, response::refuse, state::AppState};

/// Where the receipt is served.
pub const RECEIPT_PATH: &str = paths::RECEIPT;

/// The query string: `format=json` (the default) or `format=html`, and for the page
/// `lang=en|de|fr` (without it, or with another value, `Accept-Language` decides).
#[derive(Debug, Deserialize)]
pub struct ReceiptQuery {
    format: Option<String>,
    lang: Option<String>,
}

/// The handler. Answers:
/// - 200 with the receipt: JSON as an attachment, or the HTML page;
/// - 404 when the request carries no valid decision, or the log does not hold it (nothing is
///   created either way);
/// - 400 for an unknown `format`;
/// - 503 when the log cannot be read.
pub async fn receipt(
    State(state): State<AppState>,
    Query(query): Query<ReceiptQuery>,
    parts: Parts,
) -> Response {
    let headers = &parts.headers;
    let locale = PageLocale::decide(
        query.lang.as_deref().and_then(Locale::from_tag),
        locale::accept_language(headers),
    )
    .locale;
    let t = &locale.messages().receipt;
    let html = match query.format.as_deref() {
        None | Some("json") => false,
        Some("html") => true,
        Some(_) => {
            return refusal(
                false,
                locale,
                StatusCode::BAD_REQUEST,
                "format must be json or html.",
            )
        }
    };
    let refusal = |status, message| refusal(html, locale, status, message);
    let Decision::Decided(consent) = request_context::visitor(&parts).decision else {
        return refusal(StatusCode::NOT_FOUND, t.none);
    };
    let Some(store) = state.log.store() else {
        return refusal(StatusCode::NOT_FOUND, t.no_log);
    };
    let found = match store.find(&consent.id.to_string()).await {
        Ok(found) => found,
        Err(e) => {
            tracing::error!("a receipt could not be read: {e}");
            return refusal(StatusCode::SERVICE_UNAVAILABLE, t.unreadable);
        }
    };
    let Some(record) = found else {
        return refusal(StatusCode::NOT_FOUND, t.not_logged);
    };
    let history = match store.history(&record).await {
        Ok(history) => history,
        Err(e) => {
            tracing::error!("a receipt's history could not be read: {e}");
            return refusal(StatusCode::SERVICE_UNAVAILABLE, t.unreadable);
        }
    };
    let receipt = Receipt::new(&LEADSGEN, &state.public_origin, &record, &history);
    let signed = state
        .log
        .signer()
        .map(|signer| receipt.to_signed_json(signer));
    let mut response = if html {
        let signed = signed.map(|(_, signature)| Signed {
            fingerprint: signature.fingerprint(),
            kid: signature.kid,
            keys_url: state.public_origin.url(LOG_KEYS_PATH),
        });
        (
            [
                (
                    CONTENT_TYPE,
                    HeaderValue::from_static("text/html; charset=utf-8"),
                ),
                (CONTENT_LANGUAGE, HeaderValue::from_static(locale.tag())),
            ],
            receipt_page(&receipt, signed, locale),
        )
            .into_response()
    } else {
        // The consent ID is 32 hex digits: the file name is plain ASCII.
        let disposition = format!(
            "attachment; filename=\"leadsgen-consent-receipt-{}.json\"",
            consent.id
        );
        let mut r = (
            [(CONTENT_TYPE, HeaderValue::from_static("application/json"))],
            signed.map_or_else(|| receipt.to_json(), |(json, _)| json),
        )
            .into_response();
        if let Ok(value) = HeaderValue::from_str(&disposition) {
            r.headers_mut().insert(CONTENT_DISPOSITION, value);
        }
        r
    };
    private(&mut response);
    response
}

/// A receipt is about one browser's decision: never stored by a shared cache.
fn private(response: &mut Response) {
    let headers = response.headers_mut();
    headers.insert(CACHE_CONTROL, HeaderValue::from_static("private, no-store"));
    headers.insert(VARY, HeaderValue::from_static("Cookie, Accept-Language"));
}

/// A refusal as a short HTML page in `locale`, or as JSON `{"error": …}`.
fn refusal(html: bool, locale: Locale, status: StatusCode, message: &str) -> Response {
    let page = html.then(|| Refusal {
        locale,
        title: locale.messages().receipt.title.into(),
        message: message.into(),
        detail: None,
        links: vec![(
            locale.pin(paths::PREFERENCES),
            locale.messages().preferences.title.into(),
        )],
    });
    let json = serde_json::json!({ "error": message }).to_string();
    let mut response = refuse(status, page, json);
    private(&mut response);
    response
}
