//! What the consent log asks of its database: the chain state, appends, lookups, streams,
//! purges, policy versions and counts. One SQL text per query for both databases.

use futures_util::TryStreamExt;
use sqlx::{QueryBuilder, Row};
use tokio::sync::mpsc;

use super::no_chain_state;
use super::rows::{chain_state_from, record_from};
use super::{Dialect, RecordFilter, Stats, Store, StoreError, MAX_HISTORY};
use crate::chain::{ChainError, ChainState, LogKey, SignedBy};
use crate::policy_version::PolicyVersion;
use crate::record::{ConsentRecord, NewRecord};

/// Rows per `INSERT` statement when a batch is appended.
const ROWS_PER_INSERT: usize = 200;
/// A record's columns, in the table's order.
const RECORD_COLUMNS: &str = "seq, consent_id, previous_consent_id, recorded_at_ms, \
    policy_revision, policy_sha256, action, source, requested_functional, requested_analytics, \
    requested_marketing, effective_functional, effective_analytics, effective_marketing, dnt, \
    gpc, locale, user_agent, scope, subject, prev_hash, hash";
const CHAIN_STATE: &str =
    "SELECT anchor_seq, anchor_hash, head_seq, head_hash, mac FROM chain_state";

impl Dialect {
    /// Reads the chain state row inside a write transaction, locked until it ends.
    pub(crate) fn locked_chain_state(self) -> String {
        format!("{CHAIN_STATE} WHERE id = 1{}", self.lock)
    }
}

impl Store {
    /// Creates the chain state (an empty chain, signed with `key`) when the database has
    /// none; otherwise checks that the stored state is signed with one of `key`'s keys, and
    /// signs it again with the current one when a previous key signed it (after a rotation of
    /// the cookie key, or an upgrade).
    pub async fn init_chain(&self, key: &LogKey) -> Result<(), StoreError> {
        let genesis = ChainState::genesis();
        let mac = genesis.mac(key);
        with_pool!(self, pool, dialect => {
            sqlx::query(
                "INSERT INTO chain_state (id, anchor_seq, anchor_hash, head_seq, head_hash, mac) \
                 SELECT 1, 0, $1, 0, $1, $2 WHERE NOT EXISTS (SELECT 1 FROM chain_state) \
                 AND NOT EXISTS (SELECT 1 FROM consent_record)",
            )
            .bind(&genesis.head_hash)
            .bind(&mac)
            .execute(pool)
            .await?;
            let (state, mac) = self.chain_state().await?;
            if state.signed_by(key, &mac) == Some(SignedBy::Previous) {
                let mut tx = pool.begin_with(dialect.begin).await?;
                // Locked, and read again: another server may have signed it meanwhile.
                let state = locked_state!(tx, dialect, key, |by| by.is_some());
                sqlx::query("UPDATE chain_state SET mac = $1 WHERE id = 1")
                    .bind(state.mac(key))
                    .execute(&mut *tx)
                    .await?;
                tx.commit().await?;
                tracing::info!("the consent log's chain state is now signed with the current key");
            }
        });
        let (state, mac) = self.chain_state().await?;
        if !state.mac_matches(key, &mac) {
            return Err(ChainError::BadStateMac.into());
        }
        Ok(())
    }

    /// Stores a policy version, once.
    pub async fn put_policy(&self, policy: &PolicyVersion, now_ms: u64) -> Result<(), StoreError> {
        with_pool!(self, pool, _dialect => {
            sqlx::query(
                "INSERT INTO policy_version (sha256, revision, locale, snapshot, first_recorded_at_ms) \
                 VALUES ($1, $2, $3, $4, $5) ON CONFLICT (sha256) DO NOTHING",
            )
            .bind(&policy.sha256)
            .bind(&policy.revision)
            .bind(&policy.locale)
            .bind(&policy.snapshot)
            .bind(now_ms as i64)
            .execute(pool)
            .await?;
        });
        Ok(())
    }

    /// The stored snapshot of the policy version with this hash.
    pub async fn policy(&self, sha256: &str) -> Result<Option<PolicyVersion>, StoreError> {
        let row = with_pool!(self, pool, _dialect => {
            sqlx::query_as::<_, PolicyVersion>(
                "SELECT sha256, revision, locale, snapshot FROM policy_version WHERE sha256 = $1",
            )
            .bind(sha256)
            .fetch_optional(pool)
            .await?
        });
        Ok(row)
    }

    /// Every stored policy version.
    pub async fn policies(&self) -> Result<Vec<PolicyVersion>, StoreError> {
        with_pool!(self, pool, _dialect => {
            sqlx::query_as::<_, PolicyVersion>(
                "SELECT sha256, revision, locale, snapshot FROM policy_version \
                 ORDER BY first_recorded_at_ms, sha256",
            )
            .fetch_all(pool)
            .await
            .map_err(StoreError::from)
        })
    }

    /// The chain state and its HMAC.
    pub async fn chain_state(&self) -> Result<(ChainState, String), StoreError> {
        with_pool!(self, pool, _dialect => {
            let row = sqlx::query(&format!("{CHAIN_STATE} WHERE id = 1"))
            .fetch_optional(pool)
            .await?
            .ok_or_else(no_chain_state)?;
            chain_state_from(&row)
        })
    }

    /// Appends `records` in one transaction, after the current head: locks the chain state,
    /// checks its HMAC, links the records, inserts them, moves the head, commits. Returns the
    /// records as stored. Nothing is written unless all of it is.
    pub async fn append(
        &self,
        records: Vec<NewRecord>,
        key: &LogKey,
    ) -> Result<Vec<ConsentRecord>, StoreError> {
        with_pool!(self, pool, dialect => {
            let mut tx = pool.begin_with(dialect.begin).await?;
            let mut state = locked_state!(tx, dialect, key);
            let linked = state.append(records);
            for chunk in linked.chunks(ROWS_PER_INSERT) {
                let mut insert =
                    QueryBuilder::new(format!("INSERT INTO consent_record ({RECORD_COLUMNS}) "));
                insert.push_values(chunk, |mut row, r| {
                    let j = r.to_json();
                    row.push_bind(j.seq as i64)
                        .push_bind(j.consent_id)
                        .push_bind(j.previous_consent_id)
                        .push_bind(j.recorded_at_ms as i64)
                        .push_bind(j.policy_revision)
                        .push_bind(j.policy_sha256)
                        .push_bind(j.action)
                        .push_bind(j.source)
                        .push_bind(j.requested.functional)
                        .push_bind(j.requested.analytics)
                        .push_bind(j.requested.marketing)
                        .push_bind(j.effective.functional)
                        .push_bind(j.effective.analytics)
                        .push_bind(j.effective.marketing)
                        .push_bind(j.signals.dnt)
                        .push_bind(j.signals.gpc)
                        .push_bind(j.locale)
                        .push_bind(j.user_agent)
                        .push_bind(j.scope)
                        .push_bind(j.subject)
                        .push_bind(j.prev_hash)
                        .push_bind(j.hash);
                });
                insert.build().execute(&mut *tx).await?;
            }
            sqlx::query(
                "UPDATE chain_state SET head_seq = $1, head_hash = $2, mac = $3 WHERE id = 1",
            )
            .bind(state.head_seq as i64)
            .bind(&state.head_hash)
            .bind(state.mac(key))
            .execute(&mut *tx)
            .await?;
            tx.commit().await?;
            Ok(linked)
        })
    }

    /// The record of this consent ID.
    pub async fn find(&self, consent_id: &str) -> Result<Option<ConsentRecord>, StoreError> {
        let row = with_pool!(self, pool, _dialect => {
            match sqlx::query(&format!(
                "SELECT {RECORD_COLUMNS} FROM consent_record WHERE consent_id = $1"
            ))
            .bind(consent_id)
            .fetch_optional(pool)
            .await?
            {
                Some(row) => Some(record_from(&row)?),
                None => None,
            }
        });
        Ok(row)
    }

    /// The decisions `record` replaced, following `previous_consent_id` back, oldest first:
    /// the [`MAX_HISTORY`] most recent at most. Stops at a purged or unknown ID, and at a link
    /// that does not point back in the chain (which would loop). One query (a recursive common
    /// table expression), whatever the length: a receipt costs the same for a visitor who
    /// decided twice as for a script that decided a thousand times. An account's decision
    /// has the account's earlier decisions instead, from every device ([`Store::account_history`]).
    pub async fn history(&self, record: &ConsentRecord) -> Result<Vec<ConsentRecord>, StoreError> {
        if let Some(subject) = &record.record.subject {
            return self.account_history(subject, record.seq).await;
        }
        let Some(previous) = record.record.previous_consent_id else {
            return Ok(Vec::new());
        };
        let rows = with_pool!(self, pool, _dialect => {
            sqlx::query(&format!(
                "WITH RECURSIVE earlier (seq, previous_consent_id, depth) AS ( \
                     SELECT seq, previous_consent_id, CAST(1 AS BIGINT) FROM consent_record \
                     WHERE consent_id = $1 AND seq < $2 \
                     UNION ALL \
                     SELECT r.seq, r.previous_consent_id, e.depth + 1 \
                     FROM consent_record r JOIN earlier e ON r.consent_id = e.previous_consent_id \
                     WHERE r.seq < e.seq AND e.depth < $3 \
                 ) \
                 SELECT {RECORD_COLUMNS} FROM consent_record \
                 WHERE seq IN (SELECT seq FROM earlier) ORDER BY seq"
            ))
            .bind(previous.to_string())
            .bind(record.seq as i64)
            .bind(MAX_HISTORY as i64)
            .fetch_all(pool)
            .await?
            .iter()
            .map(record_from)
            .collect::<Result<Vec<_>, _>>()?
        });
        Ok(rows)
    }

    /// The account's decisions before position `before`, from every device: the records that
    /// carry its subject reference, the most recent [`MAX_HISTORY`], in chain order.
    async fn account_history(
        &self,
        subject: &str,
        before: u64,
    ) -> Result<Vec<ConsentRecord>, StoreError> {
        let mut rows = with_pool!(self, pool, _dialect => {
            sqlx::query(&format!(
                "SELECT {RECORD_COLUMNS} FROM consent_record \
                 WHERE subject = $1 AND seq < $2 ORDER BY seq DESC LIMIT $3"
            ))
            .bind(subject)
            .bind(before as i64)
            .bind(MAX_HISTORY as i64)
            .fetch_all(pool)
            .await?
            .iter()
            .map(record_from)
            .collect::<Result<Vec<_>, _>>()?
        });
        rows.reverse();
        Ok(rows)
    }

    /// Streams the records `filter` selects, in chain order, through a bounded channel:
    /// memory stays flat whatever the size of the log. The reading runs in its own task until
    /// the receiver is dropped; an error ends the stream as its last item.
    pub fn stream(
        &self,
        filter: RecordFilter,
    ) -> mpsc::Receiver<Result<ConsentRecord, StoreError>> {
        let (tx, rx) = mpsc::channel(256);
        let store = self.clone();
        tokio::spawn(async move {
            let result = store.feed(filter, &tx).await;
            if let Err(e) = result {
                let _ = tx.send(Err(e)).await;
            }
        });
        rx
    }

    async fn feed(
        &self,
        filter: RecordFilter,
        tx: &mpsc::Sender<Result<ConsentRecord, StoreError>>,
    ) -> Result<(), StoreError> {
        let sql = format!(
            "SELECT {RECORD_COLUMNS} FROM consent_record \
             WHERE recorded_at_ms >= $1 AND recorded_at_ms < $2 AND seq <= $3 AND seq > $4 \
             ORDER BY seq"
        );
        let bound = |v: Option<u64>, none: i64| v.map_or(none, |v| v.min(i64::MAX as u64) as i64);
        let (from, to) = (
            bound(filter.from_ms, i64::MIN),
            bound(filter.to_ms, i64::MAX),
        );
        let max_seq = bound(filter.max_seq, i64::MAX);
        let after_seq = bound(filter.after_seq, i64::MIN);
        with_pool!(self, pool, _dialect => {
            let mut rows = sqlx::query(&sql)
                .bind(from)
                .bind(to)
                .bind(max_seq)
                .bind(after_seq)
                .fetch(pool);
            while let Some(row) = rows.try_next().await? {
                if tx.send(Ok(record_from(&row)?)).await.is_err() {
                    return Ok(()); // The reader went away.
                }
            }
        });
        Ok(())
    }

    /// Deletes the records recorded before `cutoff_ms` (a prefix of the chain: the oldest
    /// records, up to the first one that is newer) and moves the anchor to the last of them,
    /// in one transaction. Returns how many were deleted.
    pub async fn purge(&self, cutoff_ms: u64, key: &LogKey) -> Result<u64, StoreError> {
        with_pool!(self, pool, dialect => {
            let mut tx = pool.begin_with(dialect.begin).await?;
            let mut state = locked_state!(tx, dialect, key);
            // The last record of the prefix: just before the first record at or after the
            // cutoff, or the head when every record is older.
            let first_kept: Option<i64> = sqlx::query_scalar(
                "SELECT MIN(seq) FROM consent_record WHERE recorded_at_ms >= $1",
            )
            .bind(cutoff_ms as i64)
            .fetch_one(&mut *tx)
            .await?;
            let last_purged = first_kept.map_or(state.head_seq, |s| s as u64 - 1);
            if last_purged <= state.anchor_seq {
                return Ok(0);
            }
            let hash: String =
                sqlx::query_scalar("SELECT hash FROM consent_record WHERE seq = $1")
                    .bind(last_purged as i64)
                    .fetch_one(&mut *tx)
                    .await?;
            let purged = last_purged - state.anchor_seq;
            state.anchor_seq = last_purged;
            state.anchor_hash = hash;
            // The anchor moves first: the table's trigger lets only records before it go.
            sqlx::query(
                "UPDATE chain_state SET anchor_seq = $1, anchor_hash = $2, mac = $3 WHERE id = 1",
            )
            .bind(state.anchor_seq as i64)
            .bind(&state.anchor_hash)
            .bind(state.mac(key))
            .execute(&mut *tx)
            .await?;
            sqlx::query("DELETE FROM consent_record WHERE seq <= $1")
                .bind(last_purged as i64)
                .execute(&mut *tx)
                .await?;
            // Checkpoints that cover only purged records go with them: what they signed is
            // gone. The one signed after this purge vouches for the new anchor.
            sqlx::query("DELETE FROM log_checkpoint WHERE head_seq <= $1")
                .bind(last_purged as i64)
                .execute(&mut *tx)
                .await?;
            tx.commit().await?;
            Ok(purged)
        })
    }

    /// Counts for the dashboard; `per_day` covers the days since `since_ms`.
    pub async fn stats(&self, since_ms: u64) -> Result<Stats, StoreError> {
        with_pool!(self, pool, _dialect => {
            let totals = sqlx::query(
                "SELECT COUNT(*) AS total, \
                 COALESCE(SUM(CASE WHEN effective_functional THEN 1 ELSE 0 END), 0) AS functional, \
                 COALESCE(SUM(CASE WHEN effective_analytics THEN 1 ELSE 0 END), 0) AS analytics, \
                 COALESCE(SUM(CASE WHEN effective_marketing THEN 1 ELSE 0 END), 0) AS marketing, \
                 COALESCE(SUM(CASE WHEN dnt OR gpc THEN 1 ELSE 0 END), 0) AS under_signal \
                 FROM consent_record",
            )
            .fetch_one(pool)
            .await?;
            let count = |name: &str| -> Result<u64, sqlx::Error> {
                Ok(totals.try_get::<i64, _>(name)? as u64)
            };
            let per_day = sqlx::query(
                "SELECT recorded_at_ms / 86400000 AS day, COUNT(*) AS n FROM consent_record \
                 WHERE recorded_at_ms >= $1 GROUP BY day ORDER BY day",
            )
            .bind(since_ms as i64)
            .fetch_all(pool)
            .await?
            .iter()
            .map(|r| Ok((r.try_get::<i64, _>("day")? as u64, r.try_get::<i64, _>("n")? as u64)))
            .collect::<Result<Vec<_>, sqlx::Error>>()?;
            let per_action = sqlx::query(
                "SELECT action, COUNT(*) AS n FROM consent_record GROUP BY action ORDER BY n DESC, action",
            )
            .fetch_all(pool)
            .await?
            .iter()
            .map(|r| Ok((r.try_get::<String, _>("action")?, r.try_get::<i64, _>("n")? as u64)))
            .collect::<Result<Vec<_>, sqlx::Error>>()?;
            Ok(Stats {
                total: count("total")?,
                per_day,
                per_action,
                opted_in: [count("functional")?, count("analytics")?, count("marketing")?],
                under_signal: count("under_signal")?,
            })
        })
    }
}
