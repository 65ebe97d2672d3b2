//! The consent log: proof of consent, per GDPR art. 7(1). Server only (the app uses it with
//! its `ssr` feature); no web framework.
//!
//! Every change of consent is recorded, and committed durably, before the response that sets
//! `cookie-consent` leaves the server. The log is
//! - **append-only and tamper-evident**: records form a hash chain ([`chain`]), and the
//!   database refuses edits;
//! - **minimal**: a random consent ID, the time, the policy version, the choices and the
//!   privacy signals; no IP address, and the user agent only when the site opts in;
//! - **lossless for what was acknowledged**: a post waits for its own commit. Concurrent posts
//!   share one transaction (group commit), so one fsync serves many.
//!
//! Storage is SQLite by default or PostgreSQL ([`store`]). Rendering a page never touches it.

pub mod chain;
pub mod checkpoint;
pub mod disk_guard;
pub mod export;
pub mod export_verify;
pub mod metrics;
pub mod policy_version;
pub mod receipt;
pub mod record;
pub mod signing;
pub mod store;

use std::collections::HashMap;
use std::sync::Arc;
use std::time::Duration;

use tokio::sync::{mpsc, oneshot};

use leadsgen_domain::i18n::Locale;

pub use chain::{ChainError, ChainState, LogKey, Verifier};
pub use checkpoint::Checkpoint;
pub use policy_version::PolicyVersion;
pub use record::{ConsentRecord, NewRecord};
pub use signing::{KeySet, KeysDocument, LogSigner, PublicKey, PublishedKey, SignedLine};
pub use store::{
    Account, AuditTotal, EmailTaken, RecordFilter, SignedIn, Stats, Store, StoreError, StoreTarget,
};

/// How many records one transaction takes at most.
const MAX_BATCH: usize = 512;
/// How many posts may wait for the writer; more wait to enqueue.
const QUEUE: usize = 4096;
/// How long a post waits for its commit before it answers 503. The record may still be
/// committed after that: it is then logged but not acknowledged, never the other way round.
const RECORD_TIMEOUT: Duration = Duration::from_secs(10);
/// How many exports may stream at once: each holds one of the shared pool's connections
/// (SQLite 4, PostgreSQL 8) until its last line is sent, so the others stay free for
/// receipts, sessions and checkpoints (the writer has a connection of its own).
pub const EXPORT_STREAMS: usize = 2;
/// How often the server signs a checkpoint while records arrive (and once at start).
pub const CHECKPOINT_EVERY: Duration = Duration::from_secs(30);

/// Why a decision could not be recorded. Nothing was acknowledged.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum LogError {
    /// The database could not write (disk full, read-only, down, chain state not verifying).
    #[error("the consent log could not record the decision: {0}")]
    Unavailable(String),
    /// The commit did not come back in time.
    #[error("the consent log did not answer within {0:?}")]
    Timeout(Duration),
}

/// Why the log does not verify.
#[derive(Debug, thiserror::Error)]
pub enum VerifyError {
    /// The chain is broken at a record, or its state is forged.
    #[error(transparent)]
    Chain(#[from] ChainError),
    /// The log could not be read.
    #[error(transparent)]
    Store(#[from] StoreError),
}

type Job = (NewRecord, oneshot::Sender<Result<ConsentRecord, LogError>>);

/// The consent log of a running server: cheap to clone, shared by every request.
#[derive(Clone, Debug)]
pub struct ConsentLog {
    inner: Option<Arc<Inner>>,
}

#[derive(Debug)]
struct Inner {
    store: Store,
    key: LogKey,
    /// Signs checkpoints and receipts.
    signer: LogSigner,
    writer: mpsc::Sender<Job>,
    /// The writer's own connection, which readiness probes.
    writer_store: Store,
    /// The disk guard, once [`ConsentLog::guard_disk`] set one (SQLite).
    disk: Arc<std::sync::OnceLock<disk_guard::DiskGuard>>,
    /// The policy version shown in each language.
    policies: HashMap<String, PolicyVersion>,
    user_agent: bool,
    /// Where the dashboard's last verification got to.
    last_verify: tokio::sync::Mutex<Option<VerifyCache>>,
    /// The verification running now, if any: when it started, and its outcome to come.
    running: std::sync::Mutex<Option<(std::time::Instant, RunningVerification)>>,
    /// The last finished verification's result, and when it walked the whole chain.
    last_result: std::sync::Mutex<Option<(Verified, std::time::Instant)>>,
    /// One permit per export streaming now ([`EXPORT_STREAMS`]).
    exports: Arc<tokio::sync::Semaphore>,
    /// What the writer reports.
    metrics: metrics::WriterMetrics,
}

/// What a verification found, kept for the dashboard: the record count, or the error.
pub type Verified = Result<u64, String>;

/// A verification running in a task of its own, which any number of dashboard visits can
/// wait for: its result and how long ago the whole chain was walked (`None` if the task
/// failed).
type RunningVerification = futures_util::future::Shared<
    futures_util::future::BoxFuture<'static, Option<(Verified, Duration)>>,
>;

/// What the dashboard shows of the chain's verification.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VerifyStatus {
    /// The last finished verification: its result, and how long ago it walked the whole
    /// chain. `None` before the first one finishes.
    pub last: Option<(Verified, Duration)>,
    /// How long the verification still running has been running, if one is.
    pub running_for: Option<Duration>,
}

/// A verification's end point, from which the next one can go on.
#[derive(Debug)]
struct VerifyCache {
    /// When the whole chain was last walked.
    walked_at: std::time::Instant,
    /// The anchor it started from.
    anchor_seq: u64,
    /// The last record checked and how many were.
    seq: u64,
    hash: String,
    result: Verified,
}

impl ConsentLog {
    /// Opens the store, checks that its chain state is signed with `key` (signing it again
    /// with the current key when a previous one signed it), keeps `signer`'s public key among
    /// the log's keys, stores the policy versions the site shows, and starts the writer and
    /// the checkpoints ([`CHECKPOINT_EVERY`], the first at once). `user_agent` records the
    /// `User-Agent` with each decision (off by default: data minimisation).
    ///
    /// Returns `Err(StoreError::NoPolicy)` when `policies` has no version for a language of
    /// [`Locale::ALL`], `Err(StoreError::Chain)` when the chain state is not signed with
    /// `key`, and `Err(StoreError::Database)` when the database fails.
    pub async fn open(
        store: Store,
        key: LogKey,
        signer: LogSigner,
        policies: Vec<PolicyVersion>,
        user_agent: bool,
    ) -> Result<Self, StoreError> {
        // Every decision cites the policy it was made under, in its language: a language
        // without a stored version would leave a record without proof of what was shown.
        if let Some(missing) = Locale::ALL
            .into_iter()
            .find(|l| !policies.iter().any(|p| p.locale == l.tag()))
        {
            return Err(StoreError::NoPolicy(missing.tag().to_string()));
        }
        store.init_chain(&key).await?;
        let now = now_ms();
        // Publishes the key (receipts are signed with it from the first request), and signs
        // the first checkpoint of a log that has records.
        store.checkpoint(&signer, &key, now).await?;
        for policy in &policies {
            store.put_policy(policy, now).await?;
        }
        let (writer, jobs) = mpsc::channel(QUEUE);
        let writer_store = store.dedicated(1).await?;
        let disk = Arc::new(std::sync::OnceLock::new());
        let metrics = metrics::WriterMetrics::default();
        tokio::spawn(write_batches(
            writer_store.clone(),
            key.clone(),
            disk.clone(),
            jobs,
            metrics.clone(),
        ));
        let log = ConsentLog {
            inner: Some(Arc::new(Inner {
                store,
                key,
                signer,
                writer,
                writer_store,
                disk,
                policies: policies
                    .into_iter()
                    .map(|p| (p.locale.clone(), p))
                    .collect(),
                user_agent,
                last_verify: tokio::sync::Mutex::new(None),
                running: std::sync::Mutex::new(None),
                last_result: std::sync::Mutex::new(None),
                exports: Arc::new(tokio::sync::Semaphore::new(EXPORT_STREAMS)),
                metrics,
            })),
        };
        log.checkpoint_every(CHECKPOINT_EVERY);
        Ok(log)
    }

    /// A permit to stream an export, held until the export's last line is sent; `None` when
    /// [`EXPORT_STREAMS`] exports are streaming already (or the log is disabled), so that
    /// slow downloads can never hold every connection.
    pub fn export_permit(&self) -> Option<tokio::sync::OwnedSemaphorePermit> {
        self.inner
            .as_ref()?
            .exports
            .clone()
            .try_acquire_owned()
            .ok()
    }

    /// What the writer reports (append latency, batch size, failed batches); `None` when
    /// the log is disabled.
    pub fn metrics(&self) -> Option<&metrics::WriterMetrics> {
        self.inner.as_ref().map(|i| &i.metrics)
    }

    /// Whether the disk guard refuses new decisions now (below its watermark); `false`
    /// without a guard.
    pub fn disk_guard_engaged(&self) -> bool {
        self.inner
            .as_ref()
            .and_then(|i| i.disk.get())
            .is_some_and(|guard| guard.check().is_err())
    }

    /// Guards the disk: below `guard`'s watermark, new records are refused
    /// ([`LogError::Unavailable`]) before the transaction. Once; a second guard is ignored.
    pub fn guard_disk(&self, guard: disk_guard::DiskGuard) {
        if let Some(inner) = &self.inner {
            let _ = inner.disk.set(guard);
        }
    }

    /// Whether the log can record now: `Ok` when the disk guard has room and the writer's
    /// connection answers within two seconds; otherwise `Err` saying why. A disabled log is
    /// ready (it records nothing).
    pub async fn ready(&self) -> Result<(), String> {
        let Some(inner) = &self.inner else {
            return Ok(());
        };
        if let Some(guard) = inner.disk.get() {
            guard.check()?;
        }
        match tokio::time::timeout(Duration::from_secs(2), inner.writer_store.ping()).await {
            Ok(Ok(())) => Ok(()),
            Ok(Err(e)) => Err(e.to_string()),
            Err(_) => Err("the database did not answer within 2 s".into()),
        }
    }

    /// The key that signs checkpoints and receipts; `None` when the log is disabled.
    pub fn signer(&self) -> Option<&LogSigner> {
        self.inner.as_ref().map(|i| &i.signer)
    }

    /// Signs a checkpoint of the chain as it stands now, unless the last one already names
    /// it. Returns the new checkpoint, if one was signed.
    ///
    /// Returns the store's errors ([`Store::checkpoint`]).
    pub async fn checkpoint(&self) -> Result<Option<Checkpoint>, StoreError> {
        match &self.inner {
            Some(inner) => {
                inner
                    .store
                    .checkpoint(&inner.signer, &inner.key, now_ms())
                    .await
            }
            None => Ok(None),
        }
    }

    /// An NDJSON or CSV export that ends on a signature ([`export::sealed`]); an empty stream
    /// when the log is disabled.
    ///
    /// Returns the store's errors from signing or reading the checkpoint.
    pub async fn export(
        &self,
        filter: RecordFilter,
        format: export::Format,
    ) -> Result<mpsc::Receiver<Result<String, StoreError>>, StoreError> {
        match &self.inner {
            Some(inner) => {
                export::sealed(&inner.store, &inner.key, &inner.signer, filter, format).await
            }
            None => Ok(mpsc::channel(1).1),
        }
    }

    /// Signs checkpoints in the background every `every` after the one `open` signed, for as
    /// long as the server runs; a tick with no new record signs nothing.
    fn checkpoint_every(&self, every: Duration) {
        let log = self.clone();
        tokio::spawn(async move {
            // The first was signed by `open`.
            let mut tick = tokio::time::interval_at(tokio::time::Instant::now() + every, every);
            tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
            loop {
                tick.tick().await;
                if let Err(e) = log.checkpoint().await {
                    tracing::error!("could not sign a checkpoint of the consent log: {e}");
                }
            }
        });
    }

    /// A log that records nothing (`LEADSGEN_CONSENT_LOG=off`): for benchmarks and
    /// development only, since no decision is then provable.
    pub fn disabled() -> Self {
        ConsentLog { inner: None }
    }

    /// Whether the site records the `User-Agent` with each decision.
    pub fn records_user_agent(&self) -> bool {
        self.inner.as_ref().is_some_and(|i| i.user_agent)
    }

    /// The SHA-256 of the policy as shown in `locale`, or `None` when the log is disabled
    /// ([`open`](Self::open) refuses a log without a version for every language).
    pub fn policy_sha256(&self, locale: Locale) -> Option<&str> {
        self.inner
            .as_ref()?
            .policies
            .get(locale.tag())
            .map(|p| p.sha256.as_str())
    }

    /// Records `record` and returns it as stored, once its transaction has committed. With
    /// the log disabled, returns it unlinked (`seq` 0) without storing it.
    ///
    /// Returns `Err(LogError::Unavailable)` when the database cannot write, and
    /// `Err(LogError::Timeout)` after ten seconds without an answer.
    pub async fn record(&self, record: NewRecord) -> Result<ConsentRecord, LogError> {
        let Some(inner) = &self.inner else {
            return Ok(ConsentRecord::link(0, record, record::GENESIS.into()));
        };
        let (reply, answer) = oneshot::channel();
        let wait = async {
            inner
                .writer
                .send((record, reply))
                .await
                .map_err(|_| LogError::Unavailable("the writer stopped".into()))?;
            answer
                .await
                .map_err(|_| LogError::Unavailable("the writer stopped".into()))?
        };
        tokio::time::timeout(RECORD_TIMEOUT, wait)
            .await
            .map_err(|_| LogError::Timeout(RECORD_TIMEOUT))?
    }

    /// The store: for reading the log (receipts, exports, the dashboard), and for accounts and
    /// sessions, which live in the same database. `None` when disabled.
    pub fn store(&self) -> Option<&Store> {
        self.inner.as_ref().map(|i| &i.store)
    }

    /// Walks the whole chain from its anchor to its signed head, and re-hashes every stored
    /// policy snapshot. Returns how many records it checked, or the first bad one.
    pub async fn verify(&self) -> Result<u64, VerifyError> {
        match &self.inner {
            Some(inner) => verify(&inner.store, &inner.key).await,
            None => Ok(0),
        }
    }

    /// The chain's status for the dashboard, never holding the request longer than `wait`.
    /// The verification runs in a task of its own (one at a time): a full walk when the last
    /// one is older than `full_every` (or the anchor moved, or it failed), and otherwise a
    /// walk of only the records appended since, from where the last walk ended. When it
    /// takes longer than `wait`, the answer is the last finished result with the running
    /// one's age, and the running one goes on: its result is kept for the next visit, so a
    /// log of any size is verified in the end.
    pub async fn verify_status(&self, full_every: Duration, wait: Duration) -> VerifyStatus {
        let Some(inner) = &self.inner else {
            return VerifyStatus {
                last: Some((Ok(0), Duration::ZERO)),
                running_for: None,
            };
        };
        let (started, run) = {
            let mut slot = inner.running.lock().unwrap_or_else(|p| p.into_inner());
            match slot.as_ref() {
                Some((started, run)) if run.peek().is_none() => (*started, run.clone()),
                _ => {
                    let log = self.clone();
                    let run = futures_util::FutureExt::shared(futures_util::FutureExt::boxed(
                        async move {
                            tokio::spawn(async move { log.verify_cached(full_every).await })
                                .await
                                .ok()
                        },
                    ));
                    let started = std::time::Instant::now();
                    *slot = Some((started, run.clone()));
                    (started, run)
                }
            }
        };
        match tokio::time::timeout(wait, run).await {
            Ok(Some(done)) => VerifyStatus {
                last: Some(done),
                running_for: None,
            },
            Ok(None) => VerifyStatus {
                last: Some((Err("the verification failed".into()), Duration::ZERO)),
                running_for: None,
            },
            Err(_) => VerifyStatus {
                last: inner
                    .last_result
                    .lock()
                    .unwrap_or_else(|p| p.into_inner())
                    .as_ref()
                    .map(|(result, walked_at)| (result.clone(), walked_at.elapsed())),
                running_for: Some(started.elapsed()),
            },
        }
    }

    /// The chain's status for the dashboard, cheaply: a full walk when the last one is older
    /// than `full_every` (or the anchor moved, or it failed), and otherwise a walk of only the
    /// records appended since, from where the last walk ended. Returns the result and how
    /// long ago the whole chain was last walked.
    async fn verify_cached(&self, full_every: Duration) -> (Verified, Duration) {
        let Some(inner) = &self.inner else {
            return (Ok(0), Duration::ZERO);
        };
        let mut cache = inner.last_verify.lock().await;
        let reusable = cache
            .as_ref()
            .filter(|c| c.walked_at.elapsed() < full_every && c.result.is_ok());
        let fresh = match reusable {
            Some(c) => extend(&inner.store, &inner.key, c).await,
            None => None,
        };
        let next = match fresh {
            Some(next) => next,
            None => walk_all(&inner.store, &inner.key).await,
        };
        let answer = (next.result.clone(), next.walked_at.elapsed());
        *inner.last_result.lock().unwrap_or_else(|p| p.into_inner()) =
            Some((next.result.clone(), next.walked_at));
        *cache = Some(next);
        answer
    }

    /// Deletes the records older than `retention` (moving the chain's anchor past them), and
    /// signs a checkpoint of the new anchor. Returns how many were deleted.
    pub async fn purge(&self, retention: Duration) -> Result<u64, StoreError> {
        match &self.inner {
            Some(inner) => {
                let cutoff = now_ms().saturating_sub(retention.as_millis() as u64);
                let purged = inner.store.purge(cutoff, &inner.key).await?;
                if purged > 0 {
                    // The purge is done; the next tick signs the checkpoint if this one fails.
                    if let Err(e) = self.checkpoint().await {
                        tracing::error!("no checkpoint was signed after a purge: {e}");
                    }
                }
                Ok(purged)
            }
            None => Ok(0),
        }
    }

    /// Purges now and then once a day, in the background, for as long as the server runs.
    pub fn purge_daily(&self, retention: Duration) {
        let log = self.clone();
        tokio::spawn(async move {
            let mut day = tokio::time::interval(Duration::from_secs(86_400));
            loop {
                day.tick().await;
                match log.purge(retention).await {
                    Ok(0) => {}
                    Ok(n) => tracing::info!("purged {n} consent records past retention"),
                    Err(e) => tracing::error!("the daily purge failed: {e}"),
                }
            }
        });
    }
}

/// Verifies the chain in `store` against `key`, and every checkpoint against the log's
/// public keys: see [`ConsentLog::verify`].
pub async fn verify(store: &Store, key: &LogKey) -> Result<u64, VerifyError> {
    verify_to_head(store, key).await.map(|(count, _)| count)
}

/// Verifies the chain and the policy snapshots, and returns the record count with the state
/// it was checked against.
async fn verify_to_head(store: &Store, key: &LogKey) -> Result<(u64, ChainState), VerifyError> {
    for policy in store.policies().await? {
        if record::sha256_hex(policy.snapshot.as_bytes()) != policy.sha256 {
            return Err(ChainError::PolicyAltered {
                sha256: policy.sha256,
            }
            .into());
        }
    }
    // A purge between reading the state and reading the records would look like a gap:
    // read again once when the anchor moved meanwhile.
    let mut attempt = 0;
    loop {
        let (state, mac) = store.chain_state().await?;
        let result = walk(store, key, &state, &mac).await;
        let moved = matches!(result, Err(VerifyError::Chain(ChainError::Gap { .. })))
            && store.chain_state().await?.0.anchor_seq != state.anchor_seq;
        if !moved || attempt > 0 {
            return result.map(|count| (count, state));
        }
        attempt += 1;
    }
}

/// A full walk, remembered for the next verification ([`ConsentLog::verify_status`]).
async fn walk_all(store: &Store, key: &LogKey) -> VerifyCache {
    let walked_at = std::time::Instant::now();
    match verify_to_head(store, key).await {
        Ok((count, state)) => VerifyCache {
            walked_at,
            anchor_seq: state.anchor_seq,
            seq: state.head_seq,
            hash: state.head_hash,
            result: Ok(count),
        },
        // A failed walk is never resumed: the next call walks everything again.
        Err(e) => VerifyCache {
            walked_at,
            anchor_seq: 0,
            seq: 0,
            hash: String::new(),
            result: Err(e.to_string()),
        },
    }
}

/// Checks only the records appended since `last` ended; `None` when that cannot be done
/// (the anchor moved, the state cannot be read), so that the caller walks everything.
async fn extend(store: &Store, key: &LogKey, last: &VerifyCache) -> Option<VerifyCache> {
    let (state, mac) = store.chain_state().await.ok()?;
    if state.anchor_seq != last.anchor_seq || state.head_seq < last.seq {
        return None;
    }
    let count = *last.result.as_ref().ok()?;
    let outcome = async {
        let mut verifier = Verifier::resume(&state, &mac, key, last.seq, last.hash.clone(), count)?;
        let mut records = store.stream(RecordFilter {
            after_seq: Some(last.seq),
            max_seq: Some(state.head_seq),
            ..RecordFilter::default()
        });
        while let Some(record) = records.recv().await {
            verifier.push(&record?)?;
        }
        Ok::<_, VerifyError>(verifier.finish(&state)?)
    }
    .await;
    Some(VerifyCache {
        walked_at: last.walked_at,
        anchor_seq: state.anchor_seq,
        seq: state.head_seq,
        hash: state.head_hash.clone(),
        result: outcome.map_err(|e| e.to_string()),
    })
}

/// How many checkpoints a verification reads at a time.
const CHECKPOINT_PAGE: i64 = 1_000;

/// Walks the chain from its anchor to `state`'s head, and checks every checkpoint on the way
/// against the log's public keys, reading them a page at a time beside the records (both in
/// chain order), so memory stays flat however many there are.
async fn walk(
    store: &Store,
    key: &LogKey,
    state: &ChainState,
    mac: &str,
) -> Result<u64, VerifyError> {
    let keys = KeySet::of(store.signing_keys().await?.into_iter().map(|(k, _)| k));
    let mut verifier = Verifier::new(state, mac, key)?;
    let mut checkpoints = CheckpointPages {
        store,
        keys: &keys,
        after_id: 0,
        loaded_to: None,
        done: false,
    };
    let mut records = store.stream(RecordFilter {
        max_seq: Some(state.head_seq),
        ..RecordFilter::default()
    });
    while let Some(record) = records.recv().await {
        let record = record?;
        checkpoints.load_through(record.seq, &mut verifier).await?;
        verifier.push(&record)?;
    }
    // Any checkpoint beyond the head means records were cut off the end, unless the head has
    // moved on since `state` was read (a checkpoint signed during the walk).
    checkpoints.load_through(u64::MAX, &mut verifier).await?;
    let now = store.chain_state().await?.0.head_seq;
    if now > state.head_seq {
        verifier.forget_expected(state.head_seq + 1..=now);
    }
    Ok(verifier.finish(state)?)
}

/// The checkpoints of a verification, read in pages as the walk needs them.
struct CheckpointPages<'a> {
    store: &'a Store,
    keys: &'a KeySet,
    /// The last checkpoint read, by number.
    after_id: i64,
    /// The head of the last checkpoint read.
    loaded_to: Option<u64>,
    /// Whether every checkpoint has been read.
    done: bool,
}

impl CheckpointPages<'_> {
    /// Reads pages until every checkpoint whose head is at or before `seq` is with the
    /// verifier, each checked against the keys first.
    async fn load_through(&mut self, seq: u64, verifier: &mut Verifier) -> Result<(), VerifyError> {
        while !self.done && self.loaded_to.is_none_or(|to| to < seq) {
            let page = self
                .store
                .checkpoints_after(self.after_id, CHECKPOINT_PAGE)
                .await?;
            self.done = (page.len() as i64) < CHECKPOINT_PAGE;
            let mut heads = Vec::with_capacity(page.len());
            for (id, checkpoint) in page {
                checkpoint.verify(self.keys).map_err(|e| {
                    ChainError::BadCheckpoint(format!(
                        "the one at record {} signed at {}: {e}",
                        checkpoint.head_seq,
                        export::rfc3339(checkpoint.signed_at_ms)
                    ))
                })?;
                self.after_id = id;
                self.loaded_to = Some(checkpoint.head_seq);
                heads.push(checkpoint.signed_head());
            }
            verifier.expect_more(heads);
        }
        Ok(())
    }
}

/// The writer: takes every post waiting, appends them in one transaction, and answers each
/// once it has committed (group commit).
async fn write_batches(
    store: Store,
    key: LogKey,
    disk: Arc<std::sync::OnceLock<disk_guard::DiskGuard>>,
    jobs: mpsc::Receiver<Job>,
    metrics: metrics::WriterMetrics,
) {
    supervised_writer(jobs, metrics, move |records| {
        let (store, key) = (store.clone(), key.clone());
        // Refused before the transaction: below the watermark nothing is written.
        let room = disk.get().map_or(Ok(()), disk_guard::DiskGuard::check);
        async move {
            room?;
            store.append(records, &key).await.map_err(|e| e.to_string())
        }
    })
    .await;
}

/// The writer's loop, around `append` (one transaction per batch): takes every post waiting
/// (up to [`MAX_BATCH`]), runs `append` in a task of its own, and answers each post with its
/// stored record, or with the error. A panic in `append` is caught at that task's edge: the
/// batch's posts are refused (the transaction, dropped, rolled back, so none is recorded and
/// none acknowledged), it is logged, and the writer goes on with the next batch instead of
/// leaving every later post without a writer.
async fn supervised_writer<F, Fut>(
    mut jobs: mpsc::Receiver<Job>,
    metrics: metrics::WriterMetrics,
    append: F,
) where
    F: Fn(Vec<NewRecord>) -> Fut,
    Fut: std::future::Future<Output = Result<Vec<ConsentRecord>, String>> + Send + 'static,
{
    while let Some(first) = jobs.recv().await {
        let mut batch = vec![first];
        while batch.len() < MAX_BATCH {
            match jobs.try_recv() {
                Ok(job) => batch.push(job),
                Err(_) => break,
            }
        }
        let records = batch.iter().map(|(r, _)| r.clone()).collect();
        let started = std::time::Instant::now();
        let appended = match tokio::spawn(append(records)).await {
            Ok(result) => result,
            Err(failure) => {
                tracing::error!(
                    "the consent log's writer failed on a batch of {} ({failure}); the batch \
                     is refused and the writer goes on",
                    batch.len()
                );
                Err("the writer failed on this batch".to_string())
            }
        };
        tracing::debug!(
            "appended {} record(s) in {:?}",
            batch.len(),
            started.elapsed()
        );
        metrics.batch(
            batch.len(),
            started.elapsed().as_secs_f64(),
            appended.is_ok(),
        );
        match appended {
            Ok(stored) => {
                for ((_, reply), record) in batch.into_iter().zip(stored) {
                    let _ = reply.send(Ok(record));
                }
            }
            Err(e) => {
                tracing::error!("could not record {} consent decision(s): {e}", batch.len());
                let error = LogError::Unavailable(e);
                for (_, reply) in batch {
                    let _ = reply.send(Err(error.clone()));
                }
            }
        }
    }
}

/// Milliseconds since the Unix epoch, UTC.
pub fn now_ms() -> u64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_millis() as u64)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::record::sample;

    /// Issue 24, item 5: a panic while appending refuses that batch only; the writer goes on,
    /// and the posts after it are recorded.
    #[tokio::test]
    async fn the_writer_survives_a_panic_in_a_batch() {
        let (writer, jobs) = mpsc::channel::<Job>(QUEUE);
        let chain = std::sync::Arc::new(std::sync::Mutex::new(ChainState::genesis()));
        let metrics = metrics::WriterMetrics::default();
        tokio::spawn(supervised_writer(
            jobs,
            metrics.clone(),
            move |records: Vec<NewRecord>| {
                let chain = chain.clone();
                async move {
                    // Record 2 stands for any bug that panics mid-transaction.
                    assert!(
                        records.iter().all(|r| r.consent_id.0 != [2; 16]),
                        "a panic in the writer"
                    );
                    Ok(chain.lock().unwrap().append(records))
                }
            },
        ));
        let post = |n: u8| {
            let writer = writer.clone();
            async move {
                let (reply, answer) = oneshot::channel();
                writer.send((sample(n), reply)).await.unwrap();
                answer.await.expect("the writer answers")
            }
        };
        assert_eq!(post(1).await.unwrap().seq, 1);
        assert!(matches!(post(2).await, Err(LogError::Unavailable(_))));
        assert_eq!(
            post(3).await.unwrap().seq,
            2,
            "after the panic, still recording"
        );
        assert_eq!(post(4).await.unwrap().seq, 3);
        // The failed batch is counted.
        assert_eq!(metrics.failed_batches.get(), 1);
        assert_eq!(metrics.failed_records.get(), 1);
    }
}
