//! The live cookie audit's counts on the server (issue 22 §2): what
//! [`super::cookie_audit_layer`] found in the requests' `Cookie` headers, kept in memory,
//! bounded ([`crate::consent::cookie_audit::Tally`]), and added to the database every minute
//! and at shutdown ([`CookieAudit::spawn_flushing`], [`CookieAudit::flush`]), where every
//! server's counts sum.

use std::sync::{Arc, Mutex};
use std::time::Duration;

use crate::consent::cookie_audit::{Findings, Tally};
use crate::log::{now_ms, Store};

/// How often the counts go to the database.
pub const FLUSH_EVERY: Duration = Duration::from_secs(60);

/// The counts not yet stored; cheap to clone (shared).
#[derive(Clone, Debug, Default)]
pub struct CookieAudit(Arc<Shared>);

#[derive(Debug, Default)]
struct Shared {
    tally: Mutex<Tally>,
    /// Held by the flush under way: the last flush at shutdown waits for a periodic one, and
    /// so also carries the counts that one could not store.
    flushing: tokio::sync::Mutex<()>,
}

impl CookieAudit {
    /// Counts a request's `findings`, now.
    pub fn count(&self, findings: &Findings<'_>) {
        self.tally().count(findings, now_ms());
    }

    /// Adds the counts to `store` and starts again, after any flush under way; returns whether
    /// the counts were stored. A flush that fails (the database is down, or refuses the
    /// write) is logged and its counts are kept for the next flush, merged with what is
    /// counted meanwhile. If the database committed but its acknowledgement was lost, the
    /// next flush counts those rows again: these are diagnostics, not consent records.
    pub async fn flush(&self, store: &Store) -> bool {
        let _one_at_a_time = self.0.flushing.lock().await;
        let rows = self.tally().take();
        if rows.is_empty() {
            return true;
        }
        match store.add_cookie_audit(&rows).await {
            Ok(()) => true,
            Err(e) => {
                tracing::error!(
                    "the cookie audit's counts were not saved, kept for the next flush: {e}"
                );
                self.tally().restore(rows);
                false
            }
        }
    }

    fn tally(&self) -> std::sync::MutexGuard<'_, Tally> {
        self.0.tally.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Flushes to `store` every [`FLUSH_EVERY`], for as long as the server runs.
    pub fn spawn_flushing(&self, store: Store) {
        let audit = self.clone();
        tokio::spawn(async move {
            let mut every = tokio::time::interval(FLUSH_EVERY);
            every.tick().await;
            loop {
                every.tick().await;
                audit.flush(&store).await;
            }
        });
    }
}
