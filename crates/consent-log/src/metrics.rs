//! What the log's writer tells an operator, as Prometheus metrics (`prometheus-client`): how
//! long each batch's transaction took, how many decisions a batch held, and the batches and
//! decisions that could not be recorded (each such decision was answered 503). The server
//! registers them beside its own ([`WriterMetrics::register`]) and serves them at `/metrics`.

use prometheus_client::metrics::counter::Counter;
use prometheus_client::metrics::histogram::{exponential_buckets, Histogram};
use prometheus_client::registry::{Registry, Unit};

/// The writer's metrics: cheap to clone (each is shared).
#[derive(Debug, Clone)]
pub struct WriterMetrics {
    /// Seconds from a batch's start to its commit (or failure): 0.5 ms to about 4 s.
    pub append_seconds: Histogram,
    /// Decisions per batch (group commit): 1 to 512.
    pub batch_records: Histogram,
    /// Batches that failed (rolled back, every decision in them refused).
    pub failed_batches: Counter,
    /// Decisions refused because their batch failed.
    pub failed_records: Counter,
}

impl Default for WriterMetrics {
    fn default() -> Self {
        WriterMetrics {
            append_seconds: Histogram::new(exponential_buckets(0.0005, 2.0, 14)),
            batch_records: Histogram::new(exponential_buckets(1.0, 2.0, 10)),
            failed_batches: Counter::default(),
            failed_records: Counter::default(),
        }
    }
}

impl WriterMetrics {
    /// Registers the metrics in `registry`, as `consent_log_append_seconds`,
    /// `consent_log_batch_records`, `consent_log_failed_batches_total` and
    /// `consent_log_failed_records_total`.
    pub fn register(&self, registry: &mut Registry) {
        registry.register_with_unit(
            "consent_log_append",
            "Time from a batch of decisions' start to its commit or failure",
            Unit::Seconds,
            self.append_seconds.clone(),
        );
        registry.register(
            "consent_log_batch_records",
            "Decisions committed together in one transaction (group commit)",
            self.batch_records.clone(),
        );
        registry.register(
            "consent_log_failed_batches",
            "Batches the log could not commit: every decision in them was refused (503)",
            self.failed_batches.clone(),
        );
        registry.register(
            "consent_log_failed_records",
            "Decisions refused (503) because their batch could not be committed",
            self.failed_records.clone(),
        );
    }

    /// Counts a batch of `records` that took `seconds` and committed (`ok`) or failed.
    pub(crate) fn batch(&self, records: usize, seconds: f64, ok: bool) {
        self.append_seconds.observe(seconds);
        self.batch_records.observe(records as f64);
        if !ok {
            self.failed_batches.inc();
            self.failed_records.inc_by(records as u64);
        }
    }
}
