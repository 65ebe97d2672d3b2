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
//! The client is as [`super::clients`] decides: the connection's address, or behind trusted
//! proxies the address they wrote; an IPv6 client is its /64 network.

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
    state
        .clients
        .client(parts)
        .map(|client| keyed(state, &format!("client:{client}")))
}

fn keyed(state: &AppState, text: &str) -> String {
    let mut mac = state.cookies.derived_mac(b"leadsgen sign-in limits v1");
    mac.update(text.as_bytes());
    hex(&mac.finalize().into_bytes())
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
