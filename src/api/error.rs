use std::fmt;

use leptos::server_fn::{
    codec::JsonEncoding,
    error::{FromServerFnError, ServerFnErrorErr},
};
use serde::{Deserialize, Serialize};

use crate::consent::FormError;

/// Why a consent server function refused a request. Each carries a message for the visitor
/// and maps to an HTTP status.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum ApiError {
    /// Malformed or unknown input (400). Nothing was written.
    BadRequest(String),
    /// A cross-site post (403). Nothing was written.
    Forbidden(String),
    /// Our fault (500).
    Internal(String),
}

impl ApiError {
    /// The HTTP status for this error.
    #[cfg(feature = "ssr")]
    pub fn status(&self) -> http::StatusCode {
        match self {
            ApiError::BadRequest(_) => http::StatusCode::BAD_REQUEST,
            ApiError::Forbidden(_) => http::StatusCode::FORBIDDEN,
            ApiError::Internal(_) => http::StatusCode::INTERNAL_SERVER_ERROR,
        }
    }
}

/// A form that does not parse is the client's fault.
impl From<FormError> for ApiError {
    fn from(e: FormError) -> Self {
        ApiError::BadRequest(e.to_string())
    }
}

impl fmt::Display for ApiError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ApiError::BadRequest(m) => write!(f, "Bad request: {m}"),
            ApiError::Forbidden(m) => write!(f, "Forbidden: {m}"),
            ApiError::Internal(m) => write!(f, "Something went wrong on our side: {m}"),
        }
    }
}

impl std::error::Error for ApiError {}

impl FromServerFnError for ApiError {
    type Encoder = JsonEncoding;

    fn from_server_fn_error(value: ServerFnErrorErr) -> Self {
        let error = match value {
            // The request body did not fit the function's arguments: the client's fault.
            ServerFnErrorErr::Args(m) | ServerFnErrorErr::MissingArg(m) => {
                ApiError::BadRequest(format!("malformed form ({m}): nothing was saved"))
            }
            // On the server this means the request body itself did not decode (e.g. bytes
            // that are not UTF-8). In the browser it would mean a bad reply: ours to fix.
            #[cfg(feature = "ssr")]
            ServerFnErrorErr::Deserialization(m) => {
                ApiError::BadRequest(format!("malformed request body ({m}): nothing was saved"))
            }
            other => ApiError::Internal(other.to_string()),
        };
        // Framework errors (e.g. a body that does not decode) arise before our function runs,
        // so this is the one place that can give them their real status instead of a 500.
        #[cfg(feature = "ssr")]
        if let Some(response) = leptos::prelude::use_context::<leptos_axum::ResponseOptions>() {
            response.set_status(error.status());
        }
        error
    }
}
