//! Who may see the admin view: whoever presents `LEADSGEN_ADMIN_TOKEN`, as the password of
//! HTTP Basic (any user name) or as a Bearer token. Compared in constant time.

use axum::{
    extract::{Request, State},
    http::{
        header::{AUTHORIZATION, CACHE_CONTROL, WWW_AUTHENTICATE},
        HeaderMap, HeaderValue, StatusCode,
    },
    middleware::Next,
    response::{IntoResponse, Response},
};
use base64::{engine::general_purpose::STANDARD, Engine};
use sha2::{Digest, Sha256};
use subtle::ConstantTimeEq;

use crate::server::state::AppState;

/// The realm browsers show in their password prompt.
const REALM: &str = "LeadsGen consent log";

/// Whether `headers` carry `token`: `Authorization: Bearer <token>` or `Basic` with the token
/// as password. Both sides are hashed before the constant-time comparison, so neither the
/// content nor the length of the token leaks through timing.
pub fn authorized(headers: &HeaderMap, token: &str) -> bool {
    let Some(value) = headers.get(AUTHORIZATION).and_then(|v| v.to_str().ok()) else {
        return false;
    };
    let (scheme, rest) = value.trim().split_once(' ').unwrap_or((value, ""));
    let presented = if scheme.eq_ignore_ascii_case("bearer") {
        rest.trim().as_bytes().to_vec()
    } else if scheme.eq_ignore_ascii_case("basic") {
        match STANDARD.decode(rest.trim()) {
            Ok(decoded) => match decoded.iter().position(|b| *b == b':') {
                Some(colon) => decoded[colon + 1..].to_vec(),
                None => return false,
            },
            Err(_) => return false,
        }
    } else {
        return false;
    };
    let (a, b) = (Sha256::digest(&presented), Sha256::digest(token.as_bytes()));
    a.ct_eq(&b).into()
}

/// axum middleware for `/admin…`: 401 with the challenges unless the request carries the
/// token. Every admin answer is `Cache-Control: no-store`.
pub async fn require_token(State(state): State<AppState>, req: Request, next: Next) -> Response {
    let ok = state
        .admin_token
        .as_deref()
        .is_some_and(|token| authorized(req.headers(), token));
    let mut response = if ok {
        next.run(req).await
    } else {
        let mut r = (
            StatusCode::UNAUTHORIZED,
            "The admin view needs the admin token: HTTP Basic (any user name, the token as \
             password) or Authorization: Bearer <token>.\n",
        )
            .into_response();
        for scheme in ["Basic", "Bearer"] {
            let challenge = format!("{scheme} realm=\"{REALM}\", charset=\"UTF-8\"");
            if let Ok(v) = HeaderValue::from_str(&challenge) {
                r.headers_mut().append(WWW_AUTHENTICATE, v);
            }
        }
        r
    };
    response
        .headers_mut()
        .insert(CACHE_CONTROL, HeaderValue::from_static("no-store"));
    response
}

#[cfg(test)]
mod tests {
    use super::*;

    fn with(value: &str) -> HeaderMap {
        let mut h = HeaderMap::new();
        h.insert(AUTHORIZATION, HeaderValue::from_str(value).unwrap());
        h
    }

    #[test]
    fn accepts_the_token_as_bearer_or_basic_password_only() {
        let token = "s3cret-token";
        assert!(authorized(&with("Bearer s3cret-token"), token));
        assert!(authorized(&with("bearer  s3cret-token "), token));
        let basic = |pair: &str| format!("Basic {}", STANDARD.encode(pair));
        assert!(authorized(&with(&basic("admin:s3cret-token")), token));
        assert!(authorized(&with(&basic(":s3cret-token")), token));
        for wrong in [
            "Bearer s3cret-tokeN".to_string(),
            "Bearer".to_string(),
            "s3cret-token".to_string(),
            basic("s3cret-token"),
            basic("s3cret-token:"),
            "Basic !!!".to_string(),
            "Digest s3cret-token".to_string(),
        ] {
            assert!(!authorized(&with(&wrong), token), "{wrong}");
        }
        assert!(!authorized(&HeaderMap::new(), token));
    }
}
