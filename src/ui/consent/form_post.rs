//! Posting a consent form from an island: the very request a browser without JavaScript
//! sends (same URL, same fields), made with `fetch` so the page stays where it is.
//!
//! The server function answers a request that does not ask for HTML with 200, no redirect,
//! and [`ConsentSaved`] as JSON. Using the browser's `fetch` rather than the server
//! function client keeps that client (and the `http`, `url` and `serde_qs` crates it needs)
//! out of the wasm bundle.

use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use web_sys::{FormData, Headers, HtmlFormElement, RequestInit, Response, UrlSearchParams};

use super::IslandText;
use crate::api::ConsentSaved;
use crate::consent::Visitor;
use crate::i18n::fill;

/// Why a form post from an island did not save.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PostError {
    /// The browser could not send it (offline, blocked).
    Network,
    /// The server refused it with this status.
    Refused(u16),
    /// The server said yes but its answer was not a consent state.
    BadAnswer,
}

impl PostError {
    /// What to tell the visitor, in the page's language.
    pub fn message(self, text: &IslandText) -> String {
        match self {
            PostError::Network => text.network_error.clone(),
            PostError::Refused(status) => {
                fill(&text.refused_error, &[("status", &status.to_string())])
            }
            PostError::BadAnswer => text.bad_answer_error.clone(),
        }
    }
}

/// Posts `form`'s fields to its `action`, as `application/x-www-form-urlencoded`, and returns
/// the server's answer: the visitor's new consent state and the page state for the runtime.
pub async fn post_form(form: &HtmlFormElement) -> Result<ConsentSaved, PostError> {
    let network = |_| PostError::Network;
    let data = FormData::new_with_form(form).map_err(network)?;
    let body = UrlSearchParams::new_with_str_sequence_sequence(&data).map_err(network)?;
    let headers = Headers::new().map_err(network)?;
    headers.set("Accept", "application/json").map_err(network)?;
    let init = RequestInit::new();
    init.set_method("POST");
    init.set_headers(&headers);
    init.set_body(&body);
    let window = web_sys::window().ok_or(PostError::Network)?;
    let response: Response = JsFuture::from(window.fetch_with_str_and_init(&form.action(), &init))
        .await
        .map_err(network)?
        .dyn_into()
        .map_err(network)?;
    if !response.ok() {
        return Err(PostError::Refused(response.status()));
    }
    let text = JsFuture::from(response.text().map_err(network)?)
        .await
        .map_err(network)?
        .as_string()
        .ok_or(PostError::BadAnswer)?;
    read_answer(&text).ok_or(PostError::BadAnswer)
}

/// The answer's `{"visitor": "<compact form>", "page": "<page state JSON>"}`, read with the
/// browser's own `JSON.parse`: no JSON decoder in the wasm bundle.
fn read_answer(text: &str) -> Option<ConsentSaved> {
    use web_sys::js_sys::{Reflect, JSON};
    let answer = JSON::parse(text).ok()?;
    let field = |name: &str| {
        Reflect::get(&answer, &wasm_bindgen::JsValue::from_str(name))
            .ok()?
            .as_string()
    };
    Some(ConsentSaved {
        visitor: Visitor::decode(&field("visitor")?)?,
        page: field("page")?,
    })
}
