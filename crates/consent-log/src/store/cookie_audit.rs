//! The live cookie audit's counts in the database (table `cookie_audit`): each server adds
//! what it counted since its last flush, summed per day, finding and name, so several servers
//! share one total; counts older than [`AUDIT_RETENTION_DAYS`] go; and the counts read back
//! for the dashboard and `leadsgen-consent audit`, the [`AUDIT_ROWS`] most frequent.

use leadsgen_domain::consent::cookie_audit::{AuditRow, Finding, Seen};
use sqlx::Row;

use super::{Dialect, Store, StoreError};

/// How many days of counts are kept, today included: the dashboard shows 30.
pub const AUDIT_RETENTION_DAYS: u64 = 90;
/// How many names a read returns at most, the most frequent first.
pub const AUDIT_ROWS: u32 = 500;

/// Adds one count; first and last seen widen. `$1` day, `$2` finding, `$3` name, `$4` count,
/// `$5` first seen, `$6` last seen.
fn add_sql(dialect: Dialect) -> String {
    let (least, greatest) = (dialect.least, dialect.greatest);
    format!(
        "INSERT INTO cookie_audit (day, finding, name, count, first_seen_ms, last_seen_ms) \
         VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (day, finding, name) DO UPDATE SET \
         count = cookie_audit.count + excluded.count, \
         first_seen_ms = {least}(cookie_audit.first_seen_ms, excluded.first_seen_ms), \
         last_seen_ms = {greatest}(cookie_audit.last_seen_ms, excluded.last_seen_ms)"
    )
}

/// A finding's counts over a span of days, per name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AuditTotal {
    /// Undeclared, or without consent.
    pub finding: Finding,
    /// The cookie name (cut), or the bucket of names beyond the day's bound.
    pub name: String,
    /// Summed over the days; the earliest first, the latest last seen.
    pub seen: Seen,
}

impl Store {
    /// Adds `rows` to the stored counts, and deletes the counts older than
    /// [`AUDIT_RETENTION_DAYS`] before the newest row's day, in one transaction.
    ///
    /// Returns `Err(StoreError::Database)` when the database cannot write; nothing was added.
    pub async fn add_cookie_audit(&self, rows: &[AuditRow]) -> Result<(), StoreError> {
        let Some(newest) = rows.iter().map(|r| r.day).max() else {
            return Ok(());
        };
        with_pool!(self, pool, dialect => {
            let sql = add_sql(dialect);
            let mut tx = pool.begin().await?;
            for row in rows {
                sqlx::query(&sql)
                    .bind(row.day as i64)
                    .bind(row.finding.key())
                    .bind(&row.name)
                    .bind(row.seen.count as i64)
                    .bind(row.seen.first_ms as i64)
                    .bind(row.seen.last_ms as i64)
                    .execute(&mut *tx)
                    .await?;
            }
            sqlx::query("DELETE FROM cookie_audit WHERE day < $1")
                .bind((newest + 1).saturating_sub(AUDIT_RETENTION_DAYS) as i64)
                .execute(&mut *tx)
                .await?;
            tx.commit().await?;
        });
        Ok(())
    }

    /// The counts from day `since_day` on (days since the Unix epoch, UTC), summed per
    /// finding and name, the most frequent first, at most [`AUDIT_ROWS`].
    ///
    /// Returns `Err(StoreError::Database)` when the database cannot be read, and
    /// `Err(StoreError::Corrupt)` for a row whose finding is neither kind.
    pub async fn cookie_audit(&self, since_day: u64) -> Result<Vec<AuditTotal>, StoreError> {
        with_pool!(self, pool, _dialect => {
            sqlx::query(
                "SELECT finding, name, CAST(SUM(count) AS BIGINT) AS count, \
                 MIN(first_seen_ms) AS first_ms, \
                 MAX(last_seen_ms) AS last_ms FROM cookie_audit WHERE day >= $1 \
                 GROUP BY finding, name ORDER BY count DESC, name LIMIT $2",
            )
            .bind(since_day as i64)
            .bind(i64::from(AUDIT_ROWS))
            .fetch_all(pool)
            .await?
            .iter()
            .map(|r| {
                let finding: String = r.try_get("finding")?;
                Ok(AuditTotal {
                    finding: Finding::from_key(&finding).ok_or_else(|| {
                        StoreError::Corrupt(format!("an audit finding {finding:?}"))
                    })?,
                    name: r.try_get("name")?,
                    seen: Seen {
                        count: r.try_get::<i64, _>("count")? as u64,
                        first_ms: r.try_get::<i64, _>("first_ms")? as u64,
                        last_ms: r.try_get::<i64, _>("last_ms")? as u64,
                    },
                })
            })
            .collect()
        })
    }
}
