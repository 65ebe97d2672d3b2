//! Limits on consent decisions per client (server only), so that one client cannot fill the
//! append-only consent log: a flood cannot be cleaned up later without breaking the chain.
//!
//! Each client ([`super::clients::Client`]) has a bucket of [`Limits::burst`] decisions that
//! refills at [`Limits::per_minute`] (GCRA, by the `governor` crate). A person clicking never
//! empties it, an office of hundreds behind one address rarely does, and a script posting
//! hundreds a second does within a second. A decision over the limit is refused with 429 and
//! `Retry-After` before anything is recorded or any cookie set (OWASP ASVS V11.1.4,
//! anti-automation; OWASP API4:2023, unrestricted resource consumption).
//!
//! The buckets are in memory, per server: with several servers the limit is per server, which
//! still bounds a flood. A bucket that has refilled is forgotten every minute
//! ([`DecisionLimits::forget_idle`]), so memory follows the clients seen in the last minute.

use std::num::NonZeroU32;
use std::sync::Arc;
use std::time::Duration;

use governor::{clock::Clock, DefaultKeyedRateLimiter, Quota, RateLimiter};

use super::clients::Client;

/// The default refill: 600 decisions a minute (10 a second) per client.
pub const DEFAULT_PER_MINUTE: u32 = 600;
/// The default bucket: 60 decisions at once per client.
pub const DEFAULT_BURST: u32 = 60;

/// How many decisions a client may make: `per_minute` on average, `burst` at once.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// Decisions a minute a bucket refills by (`LEADSGEN_DECISIONS_PER_MINUTE`); 0: no limit.
    pub per_minute: u32,
    /// The bucket's size (`LEADSGEN_DECISION_BURST`), at least 1.
    pub burst: u32,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            per_minute: DEFAULT_PER_MINUTE,
            burst: DEFAULT_BURST,
        }
    }
}

/// The decision buckets of every client seen lately; cheap to clone (shared).
#[derive(Clone)]
pub struct DecisionLimits(Option<Arc<DefaultKeyedRateLimiter<Client>>>);

impl std::fmt::Debug for DecisionLimits {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("DecisionLimits")
            .field("clients", &self.0.as_ref().map(|l| l.len()))
            .finish()
    }
}

impl DecisionLimits {
    /// Buckets for `limits`; with `per_minute` 0, every decision passes.
    pub fn new(limits: Limits) -> Self {
        let (Some(per_minute), Some(burst)) = (
            NonZeroU32::new(limits.per_minute),
            NonZeroU32::new(limits.burst),
        ) else {
            return DecisionLimits(None);
        };
        let quota = Quota::per_minute(per_minute).allow_burst(burst);
        DecisionLimits(Some(Arc::new(RateLimiter::keyed(quota))))
    }

    /// Takes one decision from `client`'s bucket: `Err(seconds)` when it is empty, the
    /// whole seconds (at least 1) until it holds one again, for `Retry-After`. A request
    /// whose client is unknown (`None`: made in-process) is not limited.
    pub fn take(&self, client: Option<Client>) -> Result<(), u64> {
        let (Some(limiter), Some(client)) = (&self.0, client) else {
            return Ok(());
        };
        limiter.check_key(&client).map_err(|not_until| {
            let wait = not_until.wait_time_from(limiter.clock().now());
            wait.as_secs_f64().ceil().max(1.0) as u64
        })
    }

    /// Forgets the buckets that have refilled, and gives their memory back.
    pub fn forget_idle(&self) {
        if let Some(limiter) = &self.0 {
            limiter.retain_recent();
            limiter.shrink_to_fit();
        }
    }

    /// How many clients have a bucket.
    pub fn clients(&self) -> usize {
        self.0.as_ref().map_or(0, |l| l.len())
    }

    /// Runs [`forget_idle`](Self::forget_idle) every minute, for as long as the server runs.
    pub fn spawn_forgetting(&self) {
        if self.0.is_none() {
            return;
        }
        let limits = self.clone();
        tokio::spawn(async move {
            let mut every = tokio::time::interval(Duration::from_secs(60));
            loop {
                every.tick().await;
                limits.forget_idle();
            }
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn client(address: &str) -> Option<Client> {
        Some(Client::of(address.parse().unwrap()))
    }

    #[test]
    fn a_client_gets_its_burst_then_waits() {
        let limits = DecisionLimits::new(Limits {
            per_minute: 60,
            burst: 3,
        });
        for _ in 0..3 {
            assert_eq!(limits.take(client("192.0.2.1")), Ok(()));
        }
        // One a second refills: the next is a second away.
        assert_eq!(limits.take(client("192.0.2.1")), Err(1));
        // Another client has its own bucket; an unknown client is not limited.
        assert_eq!(limits.take(client("192.0.2.2")), Ok(()));
        assert_eq!(limits.take(None), Ok(()));
        assert_eq!(limits.clients(), 2);
    }

    #[test]
    fn retry_after_is_the_time_until_the_bucket_holds_one() {
        let limits = DecisionLimits::new(Limits {
            per_minute: 1,
            burst: 1,
        });
        assert_eq!(limits.take(client("2001:db8::1")), Ok(()));
        let wait = limits.take(client("2001:db8::2")).unwrap_err();
        assert!((59..=60).contains(&wait), "{wait}");
    }

    #[test]
    fn zero_per_minute_is_no_limit() {
        let limits = DecisionLimits::new(Limits {
            per_minute: 0,
            burst: 1,
        });
        for _ in 0..1000 {
            assert_eq!(limits.take(client("192.0.2.1")), Ok(()));
        }
    }

    /// Memory follows the clients seen lately: ten thousand one-off clients leave no bucket
    /// once theirs have refilled.
    #[test]
    fn idle_buckets_are_forgotten() {
        let limits = DecisionLimits::new(Limits {
            per_minute: 6_000_000,
            burst: 1,
        });
        for i in 0..10_000u32 {
            let address = std::net::Ipv4Addr::from(0x0a00_0000 + i);
            limits.take(Some(Client::of(address.into()))).unwrap();
        }
        assert_eq!(limits.clients(), 10_000);
        std::thread::sleep(Duration::from_millis(20));
        limits.forget_idle();
        assert_eq!(limits.clients(), 0);
    }
}
