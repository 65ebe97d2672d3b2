//! What the consent server functions do: check, validate, record, set cookies, redirect.

use std::collections::BTreeMap;

use http::{
    header::{ACCEPT, LOCATION, SET_COOKIE},
    request::Parts,
    HeaderValue, StatusCode,
};
use leptos::prelude::use_context;
use leptos_axum::ResponseOptions;

use super::{consent_cookie, request_context, same_site, state::AppState};
use crate::api::ApiError;
use crate::consent::{Consent, ConsentForm, ConsentId, Decision, FormAction, Visitor, LEADSGEN};

/// Records the decision a consent form asks for and answers with the new state.
///
/// On success the response sets `cookie-consent` and expires the cookies of every refused
/// category. A plain form post (no JavaScript) gets a 303 back to the page it came from. On
/// failure nothing is written and the status says why (403 cross-site, 400 bad input).
pub fn decide(action: FormAction, fields: BTreeMap<String, String>) -> Result<Visitor, ApiError> {
    let response = use_context::<ResponseOptions>()
        .ok_or_else(|| ApiError::Internal("no response context".into()))?;
    let result = record(action, &fields, &response);
    if let Err(e) = &result {
        response.set_status(e.status());
    }
    result
}

fn record(
    action: FormAction,
    fields: &BTreeMap<String, String>,
    response: &ResponseOptions,
) -> Result<Visitor, ApiError> {
    let (Some(parts), Some(state)) = (use_context::<Parts>(), use_context::<AppState>()) else {
        return Err(ApiError::Internal("no request context".into()));
    };
    same_site::check(&parts.headers).map_err(|e| ApiError::Forbidden(e.0))?;
    let form =
        ConsentForm::parse(action, fields).map_err(|e| ApiError::BadRequest(e.to_string()))?;
    let signals = request_context::visitor(&parts, &state).signals;
    let consent = Consent::new(
        random_id()?,
        request_context::now(),
        LEADSGEN.revision,
        form.requested,
        signals,
    );

    let mut set_cookies = vec![consent_cookie::set_cookie(&consent, &state.cookies)];
    set_cookies.extend(consent_cookie::expire_refused(
        &parts.headers,
        consent.choices,
        &state.cookies,
    ));
    for line in set_cookies {
        let value = HeaderValue::from_str(&line)
            .map_err(|_| ApiError::Internal("unencodable cookie".into()))?;
        response.append_header(SET_COOKIE, value);
    }

    if is_plain_form_post(&parts) {
        // `return_to` passed `local_path`, so it is a valid header value on this site.
        let location = HeaderValue::from_str(&form.return_to)
            .map_err(|_| ApiError::BadRequest("return_to is not a valid path".into()))?;
        response.insert_header(LOCATION, location);
        response.set_status(StatusCode::SEE_OTHER);
    }
    Ok(Visitor {
        signals,
        decision: Decision::Decided(consent),
    })
}

/// A browser submitting a `<form>` without JavaScript asks for HTML back; the server function
/// client (JavaScript on) does not.
fn is_plain_form_post(parts: &Parts) -> bool {
    parts
        .headers
        .get(ACCEPT)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.contains("text/html"))
}

fn random_id() -> Result<ConsentId, ApiError> {
    let mut id = [0u8; 16];
    getrandom::fill(&mut id).map_err(|_| ApiError::Internal("no randomness".into()))?;
    Ok(ConsentId(id))
}
