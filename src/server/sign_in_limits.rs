//! Limits on failed sign-ins (server only), per account and per client, as OWASP's
//! authentication cheat sheet asks ("Protect against automated attacks", "Account lockout"):
//! once a key has [`MAX_FAILURES`] failures within [`WINDOW_MS`], further tries answer 429
//! with `Retry-After` until the oldest of them leaves the window.
//!
//! - **Counted before the password is checked.** An attempt is admitted by writing it as a
//!   failure, in one transaction with the count, and forgiven once it succeeds: concurrent
//!   attempts cannot all pass a check made before any of them failed.
//! - **Shared.** The failures live in the database (table `sign_in_failure`), so every
//!   server sharing one PostgreSQL counts the same.
//! - **No address stored.** A key is an HMAC, under a key derived from the server's secret,
//!   of `account:<address>` or `client:<address>`: without the secret, a list of likely
//!   addresses does not reveal them.
//! - **The trade-off of a per-account limit:** someone who knows an address can keep its
//!   sign-in answering 429 by failing ten times every fifteen minutes. Sessions already
//!   signed in are not affected. The issue asks for this limit; the README says so.
//!
//! The client is the connection's address, or behind a reverse proxy the value of
//! `LEADSGEN_CLIENT_IP_HEADER` (its last comma-separated entry: the one the nearest proxy
//! appended), and the connection's when a request lacks that header. An IPv6 client is its
//! /64 network, since one host is usually given a whole /64.

use std::net::{IpAddr, SocketAddr};

use axum::extract::ConnectInfo;
use hmac::Mac;
use http::request::Parts;

use super::sessions::hex;
use super::state::AppState;
use crate::accounts::Email;
use crate::log::{Store, StoreError};

/// The most failed sign-ins a key may have within [`WINDOW_MS`].
pub const MAX_FAILURES: u64 = 10;
/// The window failures are counted in: 15 minutes, in milliseconds.
pub const WINDOW_MS: u64 = 15 * 60 * 1000;

/// An admitted attempt: counted as a failure under its keys until it is forgiven.
#[derive(Debug, Clone)]
pub struct Attempt {
    keys: Vec<String>,
    at_ms: u64,
}

/// The key of the account named by `typed` (the address as typed; normalised like an
/// account's when it is an address at all).
pub fn account_key(typed: &str, state: &AppState) -> String {
    let normalised =
        Email::parse(typed).map_or_else(|_| typed.trim().to_lowercase(), |e| e.as_str().to_owned());
    keyed(state, &format!("account:{normalised}"))
}

/// The key of this request's client, when its address is known.
pub fn client_key(parts: &Parts, state: &AppState) -> Option<String> {
    client_address(parts, state.client_ip_header.as_ref())
        .map(|client| keyed(state, &format!("client:{client}")))
}

fn keyed(state: &AppState, text: &str) -> String {
    let mut mac = state.cookies.derived_mac(b"leadsgen sign-in limits v1");
    mac.update(text.as_bytes());
    hex(&mac.finalize().into_bytes())
}

/// The client's address: the configured header's last entry, or, without the header (or
/// without one configured), the connection's. IPv6 addresses are cut to their /64.
pub fn client_address(parts: &Parts, header: Option<&http::HeaderName>) -> Option<String> {
    let from_header = header.and_then(|name| {
        parts
            .headers
            .get_all(name)
            .iter()
            .filter_map(|v| v.to_str().ok())
            .flat_map(|v| v.split(','))
            .map(str::trim)
            .rfind(|v| !v.is_empty())
            .map(str::to_owned)
    });
    let address = from_header.or_else(|| {
        parts
            .extensions
            .get::<ConnectInfo<SocketAddr>>()
            .map(|ConnectInfo(addr)| addr.ip().to_string())
    })?;
    Some(match address.parse::<IpAddr>() {
        Ok(IpAddr::V6(v6)) if v6.to_ipv4_mapped().is_none() => {
            let s = v6.segments();
            format!("{:x}:{:x}:{:x}:{:x}::/64", s[0], s[1], s[2], s[3])
        }
        Ok(IpAddr::V6(v6)) => v6.to_ipv4_mapped().map_or(address, |v4| v4.to_string()),
        _ => address,
    })
}

/// Admits an attempt under `keys` now, counted as a failure until
/// [`forgive`](Attempt::forgive); `Ok(Err(seconds))` when a key is at its limit, to wait before
/// the next try (at least 1).
pub async fn admit(
    store: &Store,
    keys: Vec<String>,
    now_ms: u64,
) -> Result<Result<Attempt, u64>, StoreError> {
    let refs: Vec<&str> = keys.iter().map(String::as_str).collect();
    Ok(
        match store
            .admit_sign_in(&refs, now_ms, WINDOW_MS, MAX_FAILURES)
            .await?
        {
            Ok(()) => Ok(Attempt {
                keys,
                at_ms: now_ms,
            }),
            Err(wait_ms) => Err(wait_ms.div_ceil(1000).max(1)),
        },
    )
}

impl Attempt {
    /// The attempt succeeded: it no longer counts, and with `forget_account` the account's
    /// earlier failures are forgotten too (its first key).
    pub async fn forgive(&self, store: &Store, forget_account: bool) -> Result<(), StoreError> {
        let refs: Vec<&str> = self.keys.iter().map(String::as_str).collect();
        store.forgive_sign_in(&refs, self.at_ms).await?;
        if let (true, Some(account)) = (forget_account, self.keys.first()) {
            store.clear_sign_in_failures(account).await?;
        }
        Ok(())
    }
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
        assert_eq!(
            client_address(&p, Some(&real)).as_deref(),
            Some("10.0.0.2"),
            "without the header, the connection"
        );
        assert_eq!(client_address(&parts(&[], None), None), None);
    }

    #[test]
    fn an_ipv6_client_is_its_64_network() {
        let a = parts(&[], Some("[2001:db8:1:2:aaaa::1]:443"));
        let b = parts(&[], Some("[2001:db8:1:2:bbbb::9]:443"));
        assert_eq!(client_address(&a, None), client_address(&b, None));
        assert_eq!(
            client_address(&a, None).as_deref(),
            Some("2001:db8:1:2::/64")
        );
        let mapped = parts(&[], Some("[::ffff:192.0.2.1]:443"));
        assert_eq!(client_address(&mapped, None).as_deref(), Some("192.0.2.1"));
    }
}
