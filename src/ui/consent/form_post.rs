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
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PostError {
    /// The browser could not send it (offline, blocked).
    Network,
    /// The server refused it with this status.
    Refused(u16),
    /// The consent log could not record it (503): nothing changed.
    Unavailable,
    /// Too many decisions from the visitor's network (429): the `Retry-After` seconds, as
    /// the digits the server sent.
    RateLimited(String),
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
            PostError::Unavailable => text.unavailable_error.clone(),
            PostError::RateLimited(seconds) => {
                fill(&text.rate_limited_error, &[("seconds", &seconds)])
            }
            PostError::BadAnswer => text.bad_answer_error.clone(),
        }
    }

    /// The error for a refusal with `status` and its `Retry-After` value: 503 is
    /// [`Unavailable`](PostError::Unavailable) whatever it says; 429 with whole seconds (up to
    /// nine digits, per RFC 9110 §10.2.3) is [`RateLimited`](PostError::RateLimited); anything
    /// else, a 429 with an HTTP date or with no `Retry-After` too, is
    /// [`Refused`](PostError::Refused). The digits are shown as sent, not parsed: a number
    /// parser would add to the wasm bundle.
    pub fn refused(status: u16, retry_after: Option<String>) -> PostError {
        let seconds = retry_after
            .map(|v| v.trim().to_owned())
            .filter(|v| !v.is_empty() && v.len() <= 9 && v.bytes().all(|b| b.is_ascii_digit()));
        match (status, seconds) {
            (503, _) => PostError::Unavailable,
            (429, Some(seconds)) => PostError::RateLimited(seconds),
            _ => PostError::Refused(status),
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
        let retry_after = response.headers().get("Retry-After").ok().flatten();
        return Err(PostError::refused(response.status(), retry_after));
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::PageLocale;

    #[test]
    fn a_refusal_says_why_in_the_pages_words() {
        let en = IslandText::new(PageLocale::default());
        let said = |status, retry_after: Option<&str>| {
            PostError::refused(status, retry_after.map(String::from)).message(&en)
        };
        assert_eq!(
            said(429, Some("42")),
            "Too many choices were sent from your network in a short time, so this one was \
             not saved and no cookie was set. Please try again in 42 s."
        );
        assert!(said(503, None).starts_with("We could not record your choice right now"));
        // Without a number of seconds, the plain refusal with its status.
        for retry_after in [None, Some("Wed, 21 Oct 2026 07:28:00 GMT"), Some("-1")] {
            assert!(
                said(429, retry_after).contains("(error 429)"),
                "{retry_after:?}"
            );
        }
        assert!(said(403, None).contains("(error 403)"));
    }
}
