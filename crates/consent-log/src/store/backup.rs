//! A consistent copy of a SQLite consent log while the server goes on writing
//! (`leadsgen-consent log backup FILE`). PostgreSQL has its own tool for this, `pg_dump`.

use std::path::{Path, PathBuf};

use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode};
use sqlx::{Connection, SqliteConnection};

use super::{Store, StoreError};

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
    /// written beside `to` (`<to>.partial`), flushed to disk, and renamed, so `to` never holds
    /// half a copy.
    ///
    /// Returns `Err(StoreError::Unsupported)` for PostgreSQL (use `pg_dump`) or when `to`
    /// already exists (a backup never overwrites), and `Err(StoreError::Database)` when the
    /// copy cannot be written (no room, no permission).
    pub async fn backup_to(&self, to: &Path) -> Result<Backup, StoreError> {
        let Store::Sqlite(pool) = self else {
            return Err(StoreError::Unsupported(
                "log backup copies a SQLite log; back up PostgreSQL with pg_dump (README, \
                 \"Operating\")"
                    .into(),
            ));
        };
        if to.exists() {
            return Err(StoreError::Unsupported(format!(
                "{} exists: a backup never overwrites a file",
                to.display()
            )));
        }
        let partial = PathBuf::from(format!("{}.partial", to.display()));
        let io = |e: std::io::Error| StoreError::Database(sqlx::Error::Io(e));
        match std::fs::remove_file(&partial) {
            Err(e) if e.kind() != std::io::ErrorKind::NotFound => return Err(io(e)),
            _ => {}
        }
        let mut conn = pool.acquire().await?;
        let copied = sqlx::query("VACUUM INTO ?")
            .bind(partial.to_string_lossy().into_owned())
            .execute(&mut *conn)
            .await;
        drop(conn);
        if let Err(e) = copied {
            let _ = std::fs::remove_file(&partial);
            return Err(e.into());
        }
        // The copy is one self-contained file (rollback journal, no `-wal` beside it), and
        // says how many records it holds.
        let mut copy = SqliteConnection::connect_with(
            &SqliteConnectOptions::new()
                .filename(&partial)
                .journal_mode(SqliteJournalMode::Delete),
        )
        .await?;
        let records: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM consent_record")
            .fetch_one(&mut copy)
            .await?;
        copy.close().await?;
        let file = std::fs::File::open(&partial).map_err(io)?;
        file.sync_all().map_err(io)?;
        let bytes = file.metadata().map_err(io)?.len();
        std::fs::rename(&partial, to).map_err(io)?;
        if let Some(dir) = to.parent().filter(|d| !d.as_os_str().is_empty()) {
            std::fs::File::open(dir)
                .and_then(|d| d.sync_all())
                .map_err(io)?;
        }
        Ok(Backup {
            records: records as u64,
            bytes,
        })
    }
}
