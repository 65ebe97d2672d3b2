//! Helpers for shaping the HTTP response while a page renders.

use http::StatusCode;
use leptos::prelude::use_context;
use leptos_axum::ResponseOptions;

/// Sets the status of the response being rendered. Outside a request (unit tests of a view),
/// there is no response and this does nothing.
pub fn set_status(status: StatusCode) {
    if let Some(response) = use_context::<ResponseOptions>() {
        response.set_status(status);
    }
}
