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

/// The counts since the last flush; cheap to clone (shared).
#[derive(Clone, Debug, Default)]
pub struct CookieAudit(Arc<Mutex<Tally>>);

impl CookieAudit {
    /// Counts a request's `findings`, now.
    pub fn count(&self, findings: &Findings<'_>) {
        self.0
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .count(findings, now_ms());
    }

    /// Adds the counts to `store` and starts again. A flush that fails is logged and its
    /// counts dropped: they are diagnostics, not consent records.
    pub async fn flush(&self, store: &Store) {
        let rows = self.0.lock().unwrap_or_else(|e| e.into_inner()).take();
        if rows.is_empty() {
            return;
        }
        if let Err(e) = store.add_cookie_audit(&rows).await {
            tracing::error!("the cookie audit's counts were not saved: {e}");
        }
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
