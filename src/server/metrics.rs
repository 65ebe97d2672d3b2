//! What an operator watches (server only): metrics in the Prometheus text format (version
//! 0.0.4, by `prometheus-client`), and the layers that count requests. `GET /metrics`
//! ([`crate::admin::metrics`]) serves them behind the admin token, or on an address of its
//! own (`LEADSGEN_METRICS_ADDR`). README, "Operating", says what each means.
//!
//! Every label is bounded by the code, never by a visitor: a route is the router's pattern
//! (`/cookie-policy`, `/api/consent/save`) or `unmatched`, a status one of HTTP's, an action,
//! source or language one of the domain's enums, a cookie one the registry declares. No
//! consent ID, e-mail address, cookie value, undeclared cookie name, path or address ever
//! becomes a label.

use std::sync::Arc;
use std::time::{Duration, Instant};

use axum::extract::{MatchedPath, Request, State};
use axum::middleware::Next;
use axum::response::Response;
use prometheus_client::encoding::EncodeLabelSet;
use prometheus_client::metrics::counter::Counter;
use prometheus_client::metrics::family::Family;
use prometheus_client::metrics::gauge::Gauge;
use prometheus_client::metrics::histogram::{exponential_buckets, Histogram};
use prometheus_client::registry::{Registry, Unit};

use super::decision_limits::DecisionLimits;
use super::page_cache::PageCache;
use crate::consent::cookie_audit::Findings;
use crate::consent::{FormAction, Source};
use crate::i18n::Locale;
use crate::log::ConsentLog;

/// How old a full walk of the chain may be before a scrape or a dashboard visit starts
/// another: the walks in between cover only the records appended since.
pub const FULL_WALK_EVERY: Duration = Duration::from_secs(600);

/// A request, by route and status.
#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct RequestLabels {
    route: String,
    status: u16,
}

/// A recorded decision.
#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct DecisionLabels {
    action: &'static str,
    source: &'static str,
    language: &'static str,
}

/// Why a decision was not recorded.
#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct RefusalLabels {
    reason: &'static str,
}

/// A declared cookie that arrived without its consent.
#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct CookieLabels {
    cookie: &'static str,
}

/// What the page cache did with a page request.
#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct CacheLabels {
    outcome: &'static str,
}

/// Why a decision was refused, for `consent_decisions_refused_total`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Refusal {
    /// Over the client's allowance (429).
    RateLimited,
    /// The log could not record it (503: database down, disk guard, timeout).
    Unavailable,
}

/// What the page cache did with a request for a cacheable page.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CacheOutcome {
    /// Served from a template.
    Hit,
    /// No template: rendered, and a template built and kept.
    Kept,
    /// No template: rendered, and the template built failed its proof (not kept).
    Refused,
    /// No template, and another was being built: rendered without a cache.
    Busy,
}

/// The server's metrics; cheap to clone (shared).
#[derive(Clone, Debug)]
pub struct Metrics(Arc<Inner>);

#[derive(Debug)]
struct Inner {
    registry: Registry,
    requests: Family<RequestLabels, Counter>,
    latency: Family<RequestLabels, Histogram>,
    decisions: Family<DecisionLabels, Counter>,
    refusals: Family<RefusalLabels, Counter>,
    page_cache: Family<CacheLabels, Counter>,
    undeclared: Counter,
    without_consent: Family<CookieLabels, Counter>,
    // Read at each scrape.
    ready: Gauge,
    disk_guard: Gauge,
    verify_ok: Gauge,
    verify_records: Gauge,
    verify_age: Gauge,
    limited_clients: Gauge,
    page_cache_templates: Gauge,
    page_cache_bytes: Gauge,
}

impl Metrics {
    /// The server's metrics, and the consent log's writer's (`log`'s, when it records).
    pub fn new(log: &ConsentLog) -> Self {
        let mut registry = Registry::default();
        let requests = Family::<RequestLabels, Counter>::default();
        registry.register(
            "http_requests",
            "Requests answered, by route pattern and status",
            requests.clone(),
        );
        let latency = Family::<RequestLabels, Histogram>::new_with_constructor(|| {
            // 0.1 ms to about 3 s.
            Histogram::new(exponential_buckets(0.0001, 2.5, 12))
        });
        registry.register_with_unit(
            "http_request_duration",
            "Time from a request's arrival to its answer's head, by route pattern and status",
            Unit::Seconds,
            latency.clone(),
        );
        let decisions = Family::<DecisionLabels, Counter>::default();
        registry.register(
            "consent_decisions",
            "Consent decisions recorded, by action, source and language",
            decisions.clone(),
        );
        let refusals = Family::<RefusalLabels, Counter>::default();
        registry.register(
            "consent_decisions_refused",
            "Consent decisions not recorded: rate_limited (429) or unavailable (503)",
            refusals.clone(),
        );
        let page_cache = Family::<CacheLabels, Counter>::default();
        registry.register(
            "page_cache_requests",
            "Cacheable page requests: hit, kept (a template built), refused (a template \
             failed its proof), busy (another template was being built)",
            page_cache.clone(),
        );
        let undeclared = Counter::default();
        registry.register(
            "cookie_audit_undeclared",
            "Cookie names the registry does not declare, each counted once per request that \
             carried it (the names are in the admin view's cookie audit, never in a label)",
            undeclared.clone(),
        );
        let without_consent = Family::<CookieLabels, Counter>::default();
        registry.register(
            "cookie_audit_without_consent",
            "Requests that carried a declared cookie without the consent its category needs, \
             by cookie",
            without_consent.clone(),
        );
        let gauge = |registry: &mut Registry, name: &str, help: &str| {
            let g = Gauge::default();
            registry.register(name, help, g.clone());
            g
        };
        let ready = gauge(
            &mut registry,
            "consent_log_ready",
            "1 while the consent log can record (as /readyz), 0 otherwise",
        );
        let disk_guard = gauge(
            &mut registry,
            "consent_log_disk_guard_engaged",
            "1 while free space is below LEADSGEN_LOG_MIN_FREE_MIB and decisions are refused",
        );
        let verify_ok = gauge(
            &mut registry,
            "consent_log_verify_ok",
            "1 when the last verification of the chain passed, 0 when it failed or none has \
             finished",
        );
        let verify_records = gauge(
            &mut registry,
            "consent_log_verify_records",
            "Records the last passing verification of the chain checked",
        );
        let verify_age = Gauge::default();
        registry.register_with_unit(
            "consent_log_verify_age",
            "How long ago the last verification walked the whole chain (-1: none yet)",
            Unit::Seconds,
            verify_age.clone(),
        );
        let limited_clients = gauge(
            &mut registry,
            "decision_limit_clients",
            "Clients with a decision allowance in use (seen within about a minute)",
        );
        let page_cache_templates =
            gauge(&mut registry, "page_cache_templates", "Page templates kept");
        let page_cache_bytes = Gauge::default();
        registry.register_with_unit(
            "page_cache_size",
            "What the kept page templates weigh",
            Unit::Bytes,
            page_cache_bytes.clone(),
        );
        if let Some(writer) = log.metrics() {
            writer.register(&mut registry);
        }
        Metrics(Arc::new(Inner {
            registry,
            requests,
            latency,
            decisions,
            refusals,
            page_cache,
            undeclared,
            without_consent,
            ready,
            disk_guard,
            verify_ok,
            verify_records,
            verify_age,
            limited_clients,
            page_cache_templates,
            page_cache_bytes,
        }))
    }

    /// Counts a recorded decision.
    pub fn decision(&self, action: FormAction, source: Source, locale: Locale) {
        self.0
            .decisions
            .get_or_create(&DecisionLabels {
                action: action.key(),
                source: source.key(),
                language: locale.tag(),
            })
            .inc();
    }

    /// Counts a refused decision.
    pub fn refusal(&self, why: Refusal) {
        let reason = match why {
            Refusal::RateLimited => "rate_limited",
            Refusal::Unavailable => "unavailable",
        };
        self.0
            .refusals
            .get_or_create(&RefusalLabels { reason })
            .inc();
    }

    /// Counts what the page cache did.
    pub fn page_cache(&self, outcome: CacheOutcome) {
        let outcome = match outcome {
            CacheOutcome::Hit => "hit",
            CacheOutcome::Kept => "kept",
            CacheOutcome::Refused => "refused",
            CacheOutcome::Busy => "busy",
        };
        self.0
            .page_cache
            .get_or_create(&CacheLabels { outcome })
            .inc();
    }

    /// Counts what a request's `Cookie` header showed (the cookie audit).
    pub fn cookie_audit(&self, findings: &Findings<'_>) {
        self.0.undeclared.inc_by(findings.undeclared.len() as u64);
        for cookie in &findings.without_consent {
            self.0
                .without_consent
                .get_or_create(&CookieLabels { cookie })
                .inc();
        }
    }

    fn request(&self, route: String, status: u16, seconds: f64) {
        let labels = RequestLabels { route, status };
        self.0.latency.get_or_create(&labels).observe(seconds);
        self.0.requests.get_or_create(&labels).inc();
    }

    /// The metrics as Prometheus text (version 0.0.4), with the gauges read now: `log`'s
    /// readiness and disk guard, its last verification (starting the next in the background
    /// when none runs, as the dashboard does), the clients with a decision allowance in use
    /// (`limits`), and the page cache's size (`pages`).
    pub async fn render(
        &self,
        log: &ConsentLog,
        limits: &DecisionLimits,
        pages: &PageCache,
    ) -> String {
        let inner = &self.0;
        inner.ready.set(i64::from(log.ready().await.is_ok()));
        inner.disk_guard.set(i64::from(log.disk_guard_engaged()));
        let status = log.verify_status(FULL_WALK_EVERY, Duration::ZERO).await;
        match status.last {
            Some((result, age)) => {
                inner.verify_ok.set(i64::from(result.is_ok()));
                inner.verify_records.set(result.map_or(0, |n| n as i64));
                inner.verify_age.set(age.as_secs() as i64);
            }
            None => {
                inner.verify_ok.set(0);
                inner.verify_age.set(-1);
            }
        }
        inner.limited_clients.set(limits.clients() as i64);
        inner.page_cache_templates.set(pages.len() as i64);
        inner.page_cache_bytes.set(pages.bytes() as i64);
        let mut text = String::new();
        // Writing to a String cannot fail.
        let _ = prometheus_client::encoding::prometheus_text::encode(&mut text, &inner.registry);
        text
    }
}

/// The route pattern that answered a request, carried out to [`observe`] on the response.
#[derive(Clone)]
struct Route(MatchedPath);

/// Inner middleware (inside the router): marks the response with the route pattern that
/// matched, which only the router knows.
pub async fn mark_route(req: Request, next: Next) -> Response {
    let route = req.extensions().get::<MatchedPath>().cloned();
    let mut res = next.run(req).await;
    if let Some(route) = route {
        res.extensions_mut().insert(Route(route));
    }
    res
}

/// Outermost middleware: counts each request by route pattern and status, with its latency
/// to the answer's head.
pub async fn observe(State(metrics): State<Metrics>, req: Request, next: Next) -> Response {
    let started = Instant::now();
    let res = next.run(req).await;
    let route = res
        .extensions()
        .get::<Route>()
        .map_or("unmatched", |Route(r)| r.as_str())
        .to_owned();
    metrics.request(
        route,
        res.status().as_u16(),
        started.elapsed().as_secs_f64(),
    );
    res
}
