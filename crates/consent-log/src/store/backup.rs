//! A consistent copy of a SQLite consent log while the server goes on writing
//! (`leadsgen-consent log backup FILE`). PostgreSQL has its own tool for this, `pg_dump`.

use std::path::{Path, PathBuf};

use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePool};
use sqlx::{Connection, SqliteConnection};

use super::{Store, StoreError};

/// A file-system error as the store reports it.
fn io(e: std::io::Error) -> StoreError {
    StoreError::Database(sqlx::Error::Io(e))
}

/// What a backup wrote.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Backup {
    /// Records in the copy.
    pub records: u64,
    /// The copy's size, bytes.
    pub bytes: u64,
}

impl Store {
    /// Writes a copy of a SQLite log to `to` with SQLite's `VACUUM INTO`, which reads the
    /// database in one read transaction: the copy is the log as of one commit, however many
    /// decisions are recorded meanwhile, and writers are not held up (WAL). The copy is
    /// written beside `to` (`<to>.partial`), flushed to disk, and linked into place, so `to`
    /// never holds half a copy.
    ///
    /// Returns `Err(StoreError::Unsupported)` for PostgreSQL (use `pg_dump`), when `to`
    /// exists (a backup never overwrites, even a file made while it copies) or is not UTF-8,
    /// and `Err(StoreError::Database)` when the copy cannot be written (no room, no
    /// permission); no partial copy is left behind. A failure to flush `to`'s directory after
    /// the copy is in place is reported too: `to` then exists, but may not survive a crash.
    pub async fn backup_to(&self, to: &Path) -> Result<Backup, StoreError> {
        let Store::Sqlite(pool) = self else {
            return Err(StoreError::Unsupported(
                "log backup copies a SQLite log; back up PostgreSQL with pg_dump (README, \
                 \"Operating\")"
                    .into(),
            ));
        };
        let exists = || {
            StoreError::Unsupported(format!(
                "{} exists: a backup never overwrites a file",
                to.display()
            ))
        };
        if to.exists() {
            return Err(exists());
        }
        let Some(target) = to.to_str() else {
            return Err(StoreError::Unsupported(format!(
                "{} is not UTF-8: give the backup a UTF-8 path",
                to.display()
            )));
        };
        let partial = PathBuf::from(format!("{target}.partial"));
        match std::fs::remove_file(&partial) {
            Err(e) if e.kind() != std::io::ErrorKind::NotFound => return Err(io(e)),
            _ => {}
        }
        let copied = copy_into(pool, &partial).await;
        // Whatever happened, no partial copy stays behind.
        let placed = copied.and_then(|records| {
            // A hard link fails when `to` exists, even one made during the copy: never an
            // overwrite (a rename would replace it).
            std::fs::hard_link(&partial, to).map_err(|e| match e.kind() {
                std::io::ErrorKind::AlreadyExists => exists(),
                _ => io(e),
            })?;
            Ok(records)
        });
        let _ = std::fs::remove_file(&partial);
        let (records, bytes) = placed?;
        if let Some(dir) = to.parent().filter(|d| !d.as_os_str().is_empty()) {
            std::fs::File::open(dir)
                .and_then(|d| d.sync_all())
                .map_err(io)?;
        }
        Ok(Backup { records, bytes })
    }
}

/// `VACUUM INTO` `partial`, made a self-contained file (rollback journal, no `-wal` beside
/// it) and flushed to disk; returns the records it holds and its size in bytes.
async fn copy_into(pool: &SqlitePool, partial: &Path) -> Result<(u64, u64), StoreError> {
    let mut conn = pool.acquire().await?;
    sqlx::query("VACUUM INTO ?")
        .bind(partial.to_string_lossy().into_owned())
        .execute(&mut *conn)
        .await?;
    drop(conn);
    let mut copy = SqliteConnection::connect_with(
        &SqliteConnectOptions::new()
            .filename(partial)
            .journal_mode(SqliteJournalMode::Delete),
    )
    .await?;
    let records: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM consent_record")
        .fetch_one(&mut copy)
        .await?;
    copy.close().await?;
    let file = std::fs::File::open(partial).map_err(io)?;
    file.sync_all().map_err(io)?;
    let bytes = file.metadata().map_err(io)?.len();
    Ok((records as u64, bytes))
}
