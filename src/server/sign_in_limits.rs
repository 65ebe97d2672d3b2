//! Limits on failed sign-ins (server only), per account and per client, as OWASP's
//! authentication cheat sheet asks ("Protect against automated attacks", "Account lockout"):
//! after [`MAX_FAILURES`] failures within [`WINDOW_MS`], further tries answer 429 with
//! `Retry-After` until the oldest failure leaves the window. A locked account unlocks by
//! itself, so an attacker can delay its owner by fifteen minutes at most.
//!
//! The failures live in the database (table `sign_in_failure`), so every server sharing one
//! PostgreSQL counts the same; their keys are SHA-256 hashes, never an address.
//!
//! The client is the connection's address, or behind a reverse proxy the value of
//! `LEADSGEN_CLIENT_IP_HEADER` (its last comma-separated entry: the one the nearest proxy
//! appended), and the connection's when a request lacks that header.

use std::net::SocketAddr;

use axum::extract::ConnectInfo;
use http::request::Parts;

use super::sessions::sha256_hex;
use super::state::AppState;
use crate::log::{Store, StoreError};

/// The most failed sign-ins a key may have within [`WINDOW_MS`].
pub const MAX_FAILURES: u64 = 10;
/// The window failures are counted in: 15 minutes, in milliseconds.
pub const WINDOW_MS: u64 = 15 * 60 * 1000;

/// The keys a sign-in attempt is counted under: the account's (from the address as typed,
/// trimmed and lower-cased, whether or not it has an account) and the client's, when known.
pub fn keys(email: &str, parts: &Parts, state: &AppState) -> Vec<String> {
    let mut keys = vec![sha256_hex(&format!(
        "account:{}",
        email.trim().to_lowercase()
    ))];
    if let Some(client) = client_address(parts, state.client_ip_header.as_ref()) {
        keys.push(sha256_hex(&format!("client:{client}")));
    }
    keys
}

/// The client's address: the configured header's last entry, or, without the header (or
/// without one configured), the connection's.
pub fn client_address(parts: &Parts, header: Option<&http::HeaderName>) -> Option<String> {
    header
        .and_then(|name| {
            parts
                .headers
                .get_all(name)
                .iter()
                .filter_map(|v| v.to_str().ok())
                .flat_map(|v| v.split(','))
                .map(str::trim)
                .rfind(|v| !v.is_empty())
                .map(str::to_owned)
        })
        .or_else(|| {
            parts
                .extensions
                .get::<ConnectInfo<SocketAddr>>()
                .map(|ConnectInfo(addr)| addr.ip().to_string())
        })
}

/// Whether another try is allowed now: `Ok(())`, or `Err(seconds)` to wait until the oldest
/// failure of a key at its limit leaves the window.
pub async fn check(
    store: &Store,
    keys: &[String],
    now_ms: u64,
) -> Result<Result<(), u64>, StoreError> {
    let since = now_ms.saturating_sub(WINDOW_MS);
    let mut wait_ms = 0;
    for key in keys {
        let (count, oldest) = store.sign_in_failures(key, since).await?;
        if count >= MAX_FAILURES {
            let until = oldest.unwrap_or(now_ms) + WINDOW_MS;
            wait_ms = wait_ms.max(until.saturating_sub(now_ms));
        }
    }
    Ok(if wait_ms == 0 {
        Ok(())
    } else {
        Err(wait_ms.div_ceil(1000).max(1))
    })
}

/// Notes a failed try under every key, forgetting failures older than the window.
pub async fn note_failure(store: &Store, keys: &[String], now_ms: u64) -> Result<(), StoreError> {
    let keys: Vec<&str> = keys.iter().map(String::as_str).collect();
    store
        .note_sign_in_failure(&keys, now_ms, now_ms.saturating_sub(WINDOW_MS))
        .await
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parts(headers: &[(&str, &str)], peer: Option<&str>) -> Parts {
        let mut req = http::Request::builder();
        for (k, v) in headers {
            req = req.header(*k, *v);
        }
        let (mut parts, ()) = req.body(()).unwrap().into_parts();
        if let Some(peer) = peer {
            parts
                .extensions
                .insert(ConnectInfo(peer.parse::<SocketAddr>().unwrap()));
        }
        parts
    }

    #[test]
    fn the_client_is_the_connection_unless_a_proxy_header_is_configured() {
        let p = parts(
            &[("x-forwarded-for", "203.0.113.9, 198.51.100.7")],
            Some("10.0.0.2:5000"),
        );
        assert_eq!(client_address(&p, None).as_deref(), Some("10.0.0.2"));
        let xff = http::HeaderName::from_static("x-forwarded-for");
        assert_eq!(
            client_address(&p, Some(&xff)).as_deref(),
            Some("198.51.100.7")
        );
        let real = http::HeaderName::from_static("x-real-ip");
        assert_eq!(client_address(&p, Some(&real)).as_deref(), Some("10.0.0.2"));
        assert_eq!(client_address(&parts(&[], None), None), None);
    }
}
