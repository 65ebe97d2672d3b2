//! Accounts, their sessions and failed sign-ins, in the consent log's database: what the
//! sign-in pages and a signed-in request ask of it. Unlike the log, these rows may change and
//! be deleted. One SQL text per query for both databases (`$1`-style parameters, which SQLite
//! reads as numbered ones).
//!
//! Times are milliseconds since the Unix epoch, UTC. Tokens and rate-limit keys arrive
//! already hashed (SHA-256, lower-case hex): the database never sees a token or an address.

use sqlx::Row;

use super::{Dialect, Store, StoreError};

/// An account, as signing in reads it.
#[derive(Clone, PartialEq, Eq)]
pub struct Account {
    /// The row's ID.
    pub id: i64,
    /// The normalised e-mail address.
    pub email: String,
    /// The Argon2id hash, PHC string format.
    pub password_hash: String,
}

/// Never prints the hash or the address.
impl std::fmt::Debug for Account {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Account").field("id", &self.id).finish()
    }
}

/// Who a live session belongs to, with the account's consent state: what a signed-in
/// request needs, read in one indexed query.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SignedIn {
    /// The account's row ID.
    pub account_id: i64,
    /// The normalised e-mail address, shown in the page header.
    pub email: String,
    /// The pseudonymous reference the account's consent records carry: 32 hex digits.
    pub subject: String,
    /// The account's decision in force, as the `cookie-consent` codec writes it (unsigned),
    /// or `None` before its first decision.
    pub decision: Option<String>,
    /// A signed-in request carried `Sec-GPC: 1` after that decision.
    pub marketing_opted_out: bool,
}

/// The e-mail address already has an account.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("an account with this e-mail address exists")]
pub struct EmailTaken;

/// Reads `u64` milliseconds as the databases' signed 64-bit integers (until the year
/// 292,278,994).
fn ms(ms: u64) -> i64 {
    i64::try_from(ms).unwrap_or(i64::MAX)
}

impl Store {
    /// Creates an account. `subject` is its new pseudonymous reference (random, 32 hex digits).
    ///
    /// Returns its row ID, or `Ok(Err(EmailTaken))` when the address has an account.
    pub async fn create_account(
        &self,
        email: &str,
        password_hash: &str,
        subject: &str,
        now_ms: u64,
    ) -> Result<Result<i64, EmailTaken>, StoreError> {
        let sql = "INSERT INTO account (email, password_hash, subject, created_at_ms) \
                   VALUES ($1, $2, $3, $4) ON CONFLICT (email) DO NOTHING RETURNING id";
        let row = with_pool!(self, pool, _dialect => {
            sqlx::query(sql)
                .bind(email)
                .bind(password_hash)
                .bind(subject)
                .bind(ms(now_ms))
                .fetch_optional(pool)
                .await?
                .map(|r| r.try_get::<i64, _>(0))
                .transpose()?
        });
        Ok(row.ok_or(EmailTaken))
    }

    /// The account with this (normalised) e-mail address, if any.
    pub async fn account_by_email(&self, email: &str) -> Result<Option<Account>, StoreError> {
        let sql = "SELECT id, email, password_hash FROM account WHERE email = $1";
        let row = with_pool!(self, pool, _dialect => {
            sqlx::query(sql).bind(email).fetch_optional(pool).await?.map(|r| account_from(&r)).transpose()?
        });
        Ok(row)
    }

    /// The account with this row ID, if it still exists.
    pub async fn account_by_id(&self, id: i64) -> Result<Option<Account>, StoreError> {
        let sql = "SELECT id, email, password_hash FROM account WHERE id = $1";
        let row = with_pool!(self, pool, _dialect => {
            sqlx::query(sql).bind(id).fetch_optional(pool).await?.map(|r| account_from(&r)).transpose()?
        });
        Ok(row)
    }

    /// Starts a session: the token's SHA-256, valid until `expires_at_ms`.
    pub async fn start_session(
        &self,
        account_id: i64,
        token_sha256: &str,
        now_ms: u64,
        expires_at_ms: u64,
    ) -> Result<(), StoreError> {
        let sql = "INSERT INTO account_session (token_sha256, account_id, created_at_ms, \
                   expires_at_ms) VALUES ($1, $2, $3, $4)";
        with_pool!(self, pool, _dialect => {
            sqlx::query(sql)
                .bind(token_sha256)
                .bind(account_id)
                .bind(ms(now_ms))
                .bind(ms(expires_at_ms))
                .execute(pool)
                .await?;
        });
        Ok(())
    }

    /// Who the session with this token hash belongs to, if it exists and has not expired.
    pub async fn signed_in(
        &self,
        token_sha256: &str,
        now_ms: u64,
    ) -> Result<Option<SignedIn>, StoreError> {
        let sql = "SELECT a.id, a.email, a.subject, a.decision, a.marketing_opted_out \
                   FROM account_session s JOIN account a ON a.id = s.account_id \
                   WHERE s.token_sha256 = $1 AND s.expires_at_ms > $2";
        let row = with_pool!(self, pool, _dialect => {
            sqlx::query(sql)
                .bind(token_sha256)
                .bind(ms(now_ms))
                .fetch_optional(pool)
                .await?
                .map(|r| -> Result<SignedIn, sqlx::Error> {
                    Ok(SignedIn {
                        account_id: r.try_get(0)?,
                        email: r.try_get(1)?,
                        subject: r.try_get(2)?,
                        decision: r.try_get(3)?,
                        marketing_opted_out: r.try_get(4)?,
                    })
                })
                .transpose()?
        });
        Ok(row)
    }

    /// Ends the session with this token hash (signing out). Ending one that does not exist
    /// is not an error.
    pub async fn end_session(&self, token_sha256: &str) -> Result<(), StoreError> {
        let sql = "DELETE FROM account_session WHERE token_sha256 = $1";
        with_pool!(self, pool, _dialect => {
            sqlx::query(sql).bind(token_sha256).execute(pool).await?;
        });
        Ok(())
    }

    /// Ends every session of the account ("Sign out on every device"). Returns how many.
    pub async fn end_all_sessions(&self, account_id: i64) -> Result<u64, StoreError> {
        let sql = "DELETE FROM account_session WHERE account_id = $1";
        let n = with_pool!(self, pool, _dialect => {
            sqlx::query(sql).bind(account_id).execute(pool).await?.rows_affected()
        });
        Ok(n)
    }

    /// Deletes the account: its e-mail address, password hash, decision, sessions and the
    /// link to its subject reference. The consent records stay. On SQLite the freed pages are
    /// zeroed (`secure_delete`) and the write-ahead log is checkpointed and truncated, so no
    /// copy stays in the database files. Returns whether an account was deleted.
    pub async fn delete_account(&self, account_id: i64) -> Result<bool, StoreError> {
        let deleted = with_pool!(self, pool, dialect => {
            let mut tx = pool.begin().await?;
            sqlx::query("DELETE FROM account_session WHERE account_id = $1")
                .bind(account_id)
                .execute(&mut *tx)
                .await?;
            let n = sqlx::query("DELETE FROM account WHERE id = $1")
                .bind(account_id)
                .execute(&mut *tx)
                .await?
                .rows_affected();
            tx.commit().await?;
            if let Some(checkpoint) = dialect.after_delete {
                sqlx::query(checkpoint).execute(pool).await?;
            }
            n > 0
        });
        Ok(deleted)
    }

    /// Makes `decision` (the `cookie-consent` codec's value) the account's decision in force,
    /// and clears its GPC opt-out: a new explicit decision replaces it.
    pub async fn set_account_decision(
        &self,
        account_id: i64,
        decision: &str,
    ) -> Result<(), StoreError> {
        let sql = "UPDATE account SET decision = $2, marketing_opted_out = $3 WHERE id = $1";
        with_pool!(self, pool, _dialect => {
            sqlx::query(sql).bind(account_id).bind(decision).bind(false).execute(pool).await?;
        });
        Ok(())
    }

    /// Marks the account opted out of marketing by a GPC signal. Returns `true` only for the
    /// request that changed it, so that of several servers (or tabs) one records it.
    pub async fn opt_out_marketing(&self, account_id: i64) -> Result<bool, StoreError> {
        let sql = "UPDATE account SET marketing_opted_out = $2 \
                   WHERE id = $1 AND marketing_opted_out = $3";
        let n = with_pool!(self, pool, _dialect => {
            sqlx::query(sql).bind(account_id).bind(true).bind(false).execute(pool).await?.rows_affected()
        });
        Ok(n > 0)
    }

    /// Notes a failed sign-in under each of `keys` (hashes of the account and of the client),
    /// and forgets failures older than `forget_before_ms`.
    pub async fn note_sign_in_failure(
        &self,
        keys: &[&str],
        now_ms: u64,
        forget_before_ms: u64,
    ) -> Result<(), StoreError> {
        with_pool!(self, pool, _dialect => {
            let mut tx = pool.begin().await?;
            sqlx::query("DELETE FROM sign_in_failure WHERE at_ms < $1")
                .bind(ms(forget_before_ms))
                .execute(&mut *tx)
                .await?;
            for key in keys {
                sqlx::query("INSERT INTO sign_in_failure (key_sha256, at_ms) VALUES ($1, $2)")
                    .bind(*key)
                    .bind(ms(now_ms))
                    .execute(&mut *tx)
                    .await?;
            }
            tx.commit().await?;
        });
        Ok(())
    }

    /// The failed sign-ins under `key` since `since_ms`: how many, and when the oldest was
    /// (milliseconds), `None` when there were none.
    pub async fn sign_in_failures(
        &self,
        key: &str,
        since_ms: u64,
    ) -> Result<(u64, Option<u64>), StoreError> {
        let sql = "SELECT COUNT(*), MIN(at_ms) FROM sign_in_failure \
                   WHERE key_sha256 = $1 AND at_ms >= $2";
        let (count, oldest): (i64, Option<i64>) = with_pool!(self, pool, _dialect => {
            let row = sqlx::query(sql).bind(key).bind(ms(since_ms)).fetch_one(pool).await?;
            (row.try_get(0)?, row.try_get(1)?)
        });
        Ok((
            u64::try_from(count).unwrap_or(0),
            oldest.and_then(|o| u64::try_from(o).ok()),
        ))
    }

    /// Forgets the failed sign-ins under `key` (after a successful sign-in to the account).
    pub async fn clear_sign_in_failures(&self, key: &str) -> Result<(), StoreError> {
        with_pool!(self, pool, _dialect => {
            sqlx::query("DELETE FROM sign_in_failure WHERE key_sha256 = $1")
                .bind(key)
                .execute(pool)
                .await?;
        });
        Ok(())
    }
}

fn account_from<R: Row>(row: &R) -> Result<Account, sqlx::Error>
where
    usize: sqlx::ColumnIndex<R>,
    i64: for<'r> sqlx::Decode<'r, R::Database> + sqlx::Type<R::Database>,
    String: for<'r> sqlx::Decode<'r, R::Database> + sqlx::Type<R::Database>,
{
    Ok(Account {
        id: row.try_get(0)?,
        email: row.try_get(1)?,
        password_hash: row.try_get(2)?,
    })
}
