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
/// request needs, read in one indexed query. Its `Debug` leaves the e-mail address out.
#[derive(Clone, PartialEq, Eq)]
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

impl std::fmt::Debug for SignedIn {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SignedIn")
            .field("account_id", &self.account_id)
            .field("decided", &self.decision.is_some())
            .field("marketing_opted_out", &self.marketing_opted_out)
            .finish_non_exhaustive()
    }
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
                // The deletion is committed: a checkpoint that cannot finish is logged, and
                // the next one (SQLite runs them on its own as the log grows) completes it.
                for attempt in 1..=3 {
                    match sqlx::query_as::<_, (i64, i64, i64)>(checkpoint).fetch_one(pool).await {
                        Ok((0, _, _)) => break,
                        Ok(_) if attempt < 3 => {
                            tokio::time::sleep(std::time::Duration::from_millis(50)).await
                        }
                        Ok(_) => tracing::warn!(
                            "the write-ahead log was busy: a deleted account's pages leave it \
                             at the next checkpoint"
                        ),
                        Err(e) => {
                            tracing::warn!("no checkpoint after deleting an account: {e}");
                            break;
                        }
                    }
                }
            }
            n > 0
        });
        Ok(deleted)
    }

    /// Makes `decision` (the `cookie-consent` codec's value) the account's decision in force,
    /// with its GPC opt-out as `marketing_opted_out` (a decision made under `Sec-GPC: 1`
    /// keeps it; any other explicit decision replaces it).
    pub async fn set_account_decision(
        &self,
        account_id: i64,
        decision: &str,
        marketing_opted_out: bool,
    ) -> Result<(), StoreError> {
        let sql = "UPDATE account SET decision = $2, marketing_opted_out = $3 WHERE id = $1";
        with_pool!(self, pool, _dialect => {
            sqlx::query(sql)
                .bind(account_id)
                .bind(decision)
                .bind(marketing_opted_out)
                .execute(pool)
                .await?;
        });
        Ok(())
    }

    /// Claims the account's GPC opt-out for this request: replaces the decision `from` (`None`:
    /// the account has none) by `to` (`None`: it still has none) and marks the account opted
    /// out, only if the row still holds `from` and, without a decision, is not opted out yet.
    /// Returns `true` for the one request (of any server) that made the change, which then
    /// records it.
    pub async fn claim_gpc_opt_out(
        &self,
        account_id: i64,
        from: Option<&str>,
        to: Option<&str>,
    ) -> Result<bool, StoreError> {
        let n = with_pool!(self, pool, _dialect => {
            match (from, to) {
                (Some(from), Some(to)) => sqlx::query(
                    "UPDATE account SET decision = $3, marketing_opted_out = $4 \
                     WHERE id = $1 AND decision = $2",
                )
                .bind(account_id)
                .bind(from)
                .bind(to)
                .bind(true)
                .execute(pool)
                .await?
                .rows_affected(),
                _ => sqlx::query(
                    "UPDATE account SET marketing_opted_out = $2 \
                     WHERE id = $1 AND decision IS NULL AND marketing_opted_out = $3",
                )
                .bind(account_id)
                .bind(true)
                .bind(false)
                .execute(pool)
                .await?
                .rows_affected(),
            }
        });
        Ok(n > 0)
    }

    /// Undoes a [`claim_gpc_opt_out`](Store::claim_gpc_opt_out) whose record could not be
    /// written, if nothing changed the row since: back to `from`, not opted out.
    pub async fn revert_gpc_opt_out(
        &self,
        account_id: i64,
        from: Option<&str>,
        to: Option<&str>,
    ) -> Result<(), StoreError> {
        with_pool!(self, pool, _dialect => {
            match (from, to) {
                (Some(from), Some(to)) => sqlx::query(
                    "UPDATE account SET decision = $2, marketing_opted_out = $4 \
                     WHERE id = $1 AND decision = $3",
                )
                .bind(account_id)
                .bind(from)
                .bind(to)
                .bind(false)
                .execute(pool)
                .await?,
                _ => sqlx::query(
                    "UPDATE account SET marketing_opted_out = $2 WHERE id = $1 AND decision IS NULL",
                )
                .bind(account_id)
                .bind(false)
                .execute(pool)
                .await?,
            };
        });
        Ok(())
    }

    /// Admits one sign-in attempt under every key of `keys` (hashes of the account and of the
    /// client), counting it as a failure until [`forgive_sign_in`](Store::forgive_sign_in)
    /// says otherwise, so that concurrent attempts cannot all pass a check made before any of
    /// them failed. In one write transaction (SQLite takes its write lock at once): when a key
    /// already has `max` failures since `since_ms`, nothing is written and the answer is
    /// `Err(ms)`, when the oldest of those leaves the window (`window_ms`). Failures older than
    /// `since_ms` are forgotten on the way.
    pub async fn admit_sign_in(
        &self,
        keys: &[&str],
        now_ms: u64,
        window_ms: u64,
        max: u64,
    ) -> Result<Result<(), u64>, StoreError> {
        let since = now_ms.saturating_sub(window_ms);
        let answer = with_pool!(self, pool, dialect => {
            let mut tx = pool.begin_with(dialect.begin).await?;
            sqlx::query("DELETE FROM sign_in_failure WHERE at_ms < $1")
                .bind(ms(since))
                .execute(&mut *tx)
                .await?;
            let mut until = 0u64;
            for key in keys {
                // The max-th most recent failure: the limit holds until it leaves the window.
                let nth: Option<i64> = sqlx::query_scalar(
                    "SELECT at_ms FROM sign_in_failure WHERE key_sha256 = $1 AND at_ms >= $2 \
                     ORDER BY at_ms DESC LIMIT 1 OFFSET $3",
                )
                .bind(*key)
                .bind(ms(since))
                .bind(ms(max.saturating_sub(1)))
                .fetch_optional(&mut *tx)
                .await?;
                if let Some(at) = nth.and_then(|a| u64::try_from(a).ok()) {
                    until = until.max(at + window_ms);
                }
            }
            if until > now_ms {
                tx.rollback().await?;
                Err(until - now_ms)
            } else {
                for key in keys {
                    sqlx::query("INSERT INTO sign_in_failure (key_sha256, at_ms) VALUES ($1, $2)")
                        .bind(*key)
                        .bind(ms(now_ms))
                        .execute(&mut *tx)
                        .await?;
                }
                tx.commit().await?;
                Ok(())
            }
        });
        Ok(answer)
    }

    /// A sign-in admitted at `at_ms` succeeded: under `keys` it no longer counts as a
    /// failure. (Rows have no ID of their own: another attempt under the same key in the same
    /// millisecond is forgiven with it.)
    pub async fn forgive_sign_in(&self, keys: &[&str], at_ms: u64) -> Result<(), StoreError> {
        with_pool!(self, pool, _dialect => {
            for key in keys {
                sqlx::query("DELETE FROM sign_in_failure WHERE key_sha256 = $1 AND at_ms = $2")
                .bind(*key)
                .bind(ms(at_ms))
                .execute(pool)
                .await?;
            }
        });
        Ok(())
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
