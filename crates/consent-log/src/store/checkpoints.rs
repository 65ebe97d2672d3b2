//! The log's signing keys and signed checkpoints in the database: registering the public
//! key a server signs with, signing a checkpoint of the chain state under its lock, and
//! reading them back for exports and verification.

use sqlx::Row;

use super::rows::checkpoint_from;
use super::{Dialect, Store, StoreError};
use crate::chain::LogKey;
use crate::checkpoint::Checkpoint;
use crate::signing::{LogSigner, PublicKey, ALGORITHM};

/// Keeps a public key among the log's keys, once: key ID, algorithm, `x`, first use (ms).
const REGISTER_KEY: &str = "INSERT INTO log_signing_key (key_id, algorithm, public_key, \
    first_used_at_ms) VALUES ($1, $2, $3, $4) ON CONFLICT (key_id) DO NOTHING";
const CHECKPOINT_COLUMNS: &str =
    "head_seq, head_hash, anchor_seq, anchor_hash, signed_at_ms, key_id, signature";

impl Store {
    /// Every public key that ever signed this log, with when it was first used
    /// (milliseconds since the Unix epoch, UTC), oldest first.
    ///
    /// Returns `Err(StoreError::Corrupt)` for a stored key that is not an Ed25519 key, or
    /// whose ID is not its thumbprint.
    pub async fn signing_keys(&self) -> Result<Vec<(PublicKey, u64)>, StoreError> {
        let rows = with_pool!(self, pool, _dialect => {
            sqlx::query(
                "SELECT key_id, public_key, first_used_at_ms FROM log_signing_key \
                 ORDER BY first_used_at_ms, key_id",
            )
            .fetch_all(pool)
            .await?
            .iter()
            .map(|r| {
                Ok((
                    r.try_get::<String, _>("key_id")?,
                    r.try_get::<String, _>("public_key")?,
                    r.try_get::<i64, _>("first_used_at_ms")?,
                ))
            })
            .collect::<Result<Vec<_>, sqlx::Error>>()?
        });
        rows.into_iter()
            .map(|(key_id, x, first)| {
                let key = PublicKey::from_x(&x).map_err(|e| StoreError::Corrupt(e.to_string()))?;
                if key.key_id != key_id {
                    return Err(StoreError::Corrupt(format!(
                        "the signing key stored as {key_id} is another key"
                    )));
                }
                Ok((key, first.max(0) as u64))
            })
            .collect()
    }

    /// Signs a checkpoint of the chain as it stands, in one transaction that locks the
    /// chain state (and checks its HMAC under `key`), and stores it. Returns `None` when the
    /// log is empty or the last checkpoint already names this head and anchor. Either way,
    /// `signer`'s public key is kept among the log's keys (once; `now_ms` is then its first
    /// use), in the same transaction.
    ///
    /// Returns `Err(StoreError::Chain)` when the chain state is not signed with `key`'s
    /// current key, and `Err(StoreError::Database)` when the database fails.
    pub async fn checkpoint(
        &self,
        signer: &LogSigner,
        key: &LogKey,
        now_ms: u64,
    ) -> Result<Option<Checkpoint>, StoreError> {
        with_pool!(self, pool, dialect => {
            let mut tx = pool.begin_with(dialect.begin).await?;
            let state = locked_state!(tx, dialect, key);
            // The key is published before anything it signs, a receipt included (a command
            // line run may sign with a key no server registered).
            sqlx::query(REGISTER_KEY)
                .bind(signer.key_id())
                .bind(ALGORITHM)
                .bind(signer.public().x())
                .bind(now_ms as i64)
                .execute(&mut *tx)
                .await?;
            let last: Option<(i64, i64)> = sqlx::query_as(
                "SELECT head_seq, anchor_seq FROM log_checkpoint ORDER BY id DESC LIMIT 1",
            )
            .fetch_optional(&mut *tx)
            .await?;
            let unchanged = last == Some((state.head_seq as i64, state.anchor_seq as i64));
            if unchanged || state.head_seq == 0 {
                tx.commit().await?;
                return Ok(None);
            }
            let checkpoint = Checkpoint::sign(&state, now_ms, signer);
            sqlx::query(&format!(
                "INSERT INTO log_checkpoint ({CHECKPOINT_COLUMNS}) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7)"
            ))
            .bind(checkpoint.head_seq as i64)
            .bind(&checkpoint.head_hash)
            .bind(checkpoint.anchor_seq as i64)
            .bind(&checkpoint.anchor_hash)
            .bind(checkpoint.signed_at_ms as i64)
            .bind(&checkpoint.key_id)
            .bind(&checkpoint.signature)
            .execute(&mut *tx)
            .await?;
            tx.commit().await?;
            Ok(Some(checkpoint))
        })
    }

    /// The newest checkpoint whose head is in `first_seq..=last_seq`: its head hash covers
    /// every record before it.
    ///
    /// Returns `Err(StoreError::Database)` when the database fails.
    pub async fn newest_checkpoint(
        &self,
        first_seq: u64,
        last_seq: u64,
    ) -> Result<Option<Checkpoint>, StoreError> {
        let clamp = |v: u64| v.min(i64::MAX as u64) as i64;
        let row = with_pool!(self, pool, _dialect => {
            sqlx::query(&format!(
                "SELECT id, {CHECKPOINT_COLUMNS} FROM log_checkpoint \
                 WHERE head_seq >= $1 AND head_seq <= $2 ORDER BY id DESC LIMIT 1"
            ))
            .bind(clamp(first_seq))
            .bind(clamp(last_seq))
            .fetch_optional(pool)
            .await?
            .as_ref()
            .map(checkpoint_from)
            .transpose()?
        });
        Ok(row.map(|(_, c)| c))
    }

    /// Up to `limit` checkpoints signed after the one numbered `after_id` (0: from the
    /// first), in the order they were signed, which is also the order of their heads (each is
    /// signed under the chain's lock, and a chain only grows), each with its number.
    ///
    /// Returns `Err(StoreError::Database)` when the database fails, and
    /// `Err(StoreError::Corrupt)` for a row that does not read.
    pub async fn checkpoints_after(
        &self,
        after_id: i64,
        limit: i64,
    ) -> Result<Vec<(i64, Checkpoint)>, StoreError> {
        with_pool!(self, pool, _dialect => {
            sqlx::query(&format!(
                "SELECT id, {CHECKPOINT_COLUMNS} FROM log_checkpoint \
                 WHERE id > $1 ORDER BY id LIMIT $2"
            ))
            .bind(after_id)
            .bind(limit)
            .fetch_all(pool)
            .await?
            .iter()
            .map(checkpoint_from)
            .collect()
        })
    }
}
