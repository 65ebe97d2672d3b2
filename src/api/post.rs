//! What every state-changing server function shares (server only): its request context, the
//! same-site check, `Set-Cookie` lines, the 303 back for plain form posts, and error statuses.

use http::{
    header::{LOCATION, SET_COOKIE},
    request::Parts,
    HeaderValue, StatusCode,
};
use leptos::prelude::use_context;
use leptos_axum::ResponseOptions;

use super::ApiError;
use crate::consent::{Choices, Consent, ConsentId, Decision, Visitor, LEADSGEN};
use crate::server::{
    consent_cookie, cookies, request_context, response::wants_html, same_site, state::AppState,
};

/// One form post being handled.
pub struct Post {
    /// The request.
    pub parts: Parts,
    /// The app state (cookie settings).
    pub state: AppState,
    response: ResponseOptions,
}

impl Post {
    /// Runs `handle` for the current server function call: refuses cross-site posts (403) and
    /// gives any error its status (400, 403, 500) instead of the framework's 500.
    pub fn run<T>(handle: impl FnOnce(&Post) -> Result<T, ApiError>) -> Result<T, ApiError> {
        let response = use_context::<ResponseOptions>()
            .ok_or_else(|| ApiError::internal("no response context"))?;
        let result = Self::begin(response.clone()).and_then(|post| handle(&post));
        if let Err(e) = &result {
            response.set_status(e.status());
        }
        result
    }

    fn begin(response: ResponseOptions) -> Result<Post, ApiError> {
        let (Some(parts), Some(state)) = (use_context::<Parts>(), use_context::<AppState>()) else {
            return Err(ApiError::internal("no request context"));
        };
        same_site::check(&parts.headers).map_err(|e| ApiError::Forbidden(e.0))?;
        Ok(Post {
            parts,
            state,
            response,
        })
    }

    /// The visitor as this request shows them: decided once per request by
    /// [`request_context::provide`], which runs before every server function.
    pub fn visitor(&self) -> Visitor {
        use_context::<Visitor>()
            .unwrap_or_else(|| request_context::visitor(&self.parts, &self.state))
    }

    /// Adds a `Set-Cookie` line to the response.
    pub fn set_cookie(&self, line: &str) -> Result<(), ApiError> {
        let value = HeaderValue::from_str(line)
            .map_err(|e| ApiError::internal(format!("Set-Cookie does not encode: {e}")))?;
        self.response.append_header(SET_COOKIE, value);
        Ok(())
    }

    /// Records a new consent decision for `requested` (privacy signals applied): sets
    /// `cookie-consent` and expires the cookies of every refused category the request carries.
    pub fn record_consent(&self, requested: Choices) -> Result<Visitor, ApiError> {
        let signals = self.visitor().signals;
        let mut id = [0u8; 16];
        getrandom::fill(&mut id)
            .map_err(|e| ApiError::internal(format!("no random consent ID: {e}")))?;
        let consent = Consent::new(
            ConsentId(id),
            request_context::now(),
            LEADSGEN.revision,
            requested,
            signals,
        );
        self.set_cookie(&consent_cookie::set_cookie(&consent, &self.state.cookies))?;
        for line in
            cookies::expire_refused(&self.parts.headers, consent.choices, &self.state.cookies)
        {
            self.set_cookie(&line)?;
        }
        Ok(Visitor {
            signals,
            decision: Decision::Decided(consent),
        })
    }

    /// Sends a plain form post (no JavaScript) back to `location` with 303 See Other. A
    /// `fetch` gets its answer with 200 instead.
    pub fn return_to(&self, location: &str) -> Result<(), ApiError> {
        if wants_html(&self.parts.headers) {
            let location = HeaderValue::from_str(location)
                .map_err(|_| ApiError::BadRequest("return_to is not a valid path".into()))?;
            self.response.insert_header(LOCATION, location);
            self.response.set_status(StatusCode::SEE_OTHER);
        }
        Ok(())
    }
}
