//! The state every request handler, page and server function can reach.

use std::sync::Arc;

use axum::extract::FromRef;
use leptos::config::LeptosOptions;

use super::clients::ClientRule;
use super::cookie_audit::CookieAudit;
use super::cookies::CookieSettings;
use super::decision_limits::DecisionLimits;
use super::metrics::Metrics;
use super::page_cache::PageCache;
use super::passwords::Passwords;
use crate::consent::PolicyChangeBook;
use crate::gating::TrackerIds;
use crate::log::ConsentLog;
use crate::paths::PublicOrigin;

/// Shared application state, behind one `Arc`: axum clones the state for every layer and
/// handler of every request, and one reference count is cheaper to touch from several cores
/// than one per field. Its fields are [`Shared`]'s (`state.log`, `state.metrics`, …).
#[derive(Clone, Debug)]
pub struct AppState(Arc<Shared>);

impl AppState {
    /// The state of an app made of `shared`.
    pub fn new(shared: Shared) -> Self {
        AppState(Arc::new(shared))
    }
}

impl std::ops::Deref for AppState {
    type Target = Shared;

    fn deref(&self) -> &Shared {
        &self.0
    }
}

/// What [`AppState`] holds: read-only, but for the consent log's writer behind it.
#[derive(Debug)]
pub struct Shared {
    /// Leptos' options (site root, output name, …), behind an `Arc`: axum clones the state
    /// for every request, and the options are a dozen strings.
    pub leptos: Arc<LeptosOptions>,
    /// How consent cookies are signed and written.
    pub cookies: Arc<CookieSettings>,
    /// The trackers this deployment loads once their category is consented.
    pub trackers: Arc<TrackerIds>,
    /// Where every decision is recorded before its cookie is set.
    pub log: ConsentLog,
    /// The admin view's token (`LEADSGEN_ADMIN_TOKEN`); `None` turns `/admin` off.
    pub admin_token: Option<Arc<str>>,
    /// Rendered pages kept per variant (`LEADSGEN_PAGE_CACHE_MIB`); may be off.
    pub pages: PageCache,
    /// The site's public origin (`LEADSGEN_PUBLIC_ORIGIN`): what absolute URLs start with.
    pub public_origin: PublicOrigin,
    /// Password hashing, at most one hash per CPU core at a time.
    pub passwords: Passwords,
    /// Who a request's client is (`LEADSGEN_TRUSTED_PROXIES`, `LEADSGEN_CLIENT_IP_HEADER`).
    pub clients: Arc<ClientRule>,
    /// Each client's allowance of consent decisions.
    pub decisions: DecisionLimits,
    /// What an operator watches (`/metrics`).
    pub metrics: Metrics,
    /// The live cookie audit's counts since the last flush.
    pub cookie_audit: CookieAudit,
    /// What changed in the policy since each earlier revision the log holds, read at start
    /// ([`policy_changes::load`](super::policy_changes::load)).
    pub policy_changes: PolicyChangeBook,
}

impl FromRef<AppState> for LeptosOptions {
    fn from_ref(state: &AppState) -> Self {
        LeptosOptions::clone(&state.leptos)
    }
}
