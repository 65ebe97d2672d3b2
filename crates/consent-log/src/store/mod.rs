//! Where the consent log lives: SQLite (embedded, the default) or PostgreSQL, behind one type,
//! [`Store`]. By job:
//! - [`target`]: which database `DATABASE_URL` names;
//! - this file: opening it, and its migrations (the schema, per dialect in
//!   `migrations/sqlite` and `migrations/postgres`, embedded in the binary and run at start);
//! - [`queries`]: what the log asks of it;
//! - [`accounts`]: accounts, their sessions and failed sign-ins, in the same database;
//! - [`rows`]: rows into records.
//!
//! The queries write their parameters as `$1`, `$2`, …, which SQLite reads as numbered
//! parameters; the batch insert is built with `sqlx::QueryBuilder`, which writes each
//! database's own (`?` for SQLite, whose lookup of numbered names is linear per parameter).
//! Every append is one transaction that locks the chain state first (`BEGIN IMMEDIATE` in
//! SQLite, `SELECT … FOR UPDATE` in PostgreSQL), so appends from several processes sharing one
//! database are ordered and the chain stays whole.

use std::str::FromStr;
use std::time::Duration;

use sqlx::postgres::{PgConnectOptions, PgPool, PgPoolOptions};
use sqlx::sqlite::{
    SqliteConnectOptions, SqliteJournalMode, SqlitePool, SqlitePoolOptions, SqliteSynchronous,
};

use super::chain::ChainError;

/// How long a request may wait for a database connection before the log reports itself
/// unavailable (and the consent post answers 503).
const ACQUIRE_TIMEOUT: Duration = Duration::from_secs(3);
/// How many earlier decisions a receipt's history holds at most (the most recent).
pub const MAX_HISTORY: usize = 100;

/// Why the store could not do what was asked.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// The database refused or could not be reached (disk full, read-only, down).
    #[error("the consent log's database failed: {0}")]
    Database(#[from] sqlx::Error),
    /// The migrations failed.
    #[error("the consent log's schema could not be migrated: {0}")]
    Migrate(#[from] sqlx::migrate::MigrateError),
    /// The chain is broken, or its state is not signed with this server's key.
    #[error("the consent log's chain does not verify: {0}")]
    Chain(#[from] ChainError),
    /// A stored row is not a record.
    #[error("the consent log holds a row that is not a record: {0}")]
    Corrupt(String),
    /// No policy version is given for this language (its tag), so a decision made in it
    /// could not cite what it was shown.
    #[error("no policy version for the language {0:?}: every decision must cite the policy it was made under")]
    NoPolicy(String),
    /// What was asked cannot be done here; the message says what to do instead.
    #[error("{0}")]
    Unsupported(String),
}

/// Which records to read: recorded in `[from_ms, to_ms)` (milliseconds since the Unix epoch,
/// UTC), at positions after `after_seq` and up to `max_seq`.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct RecordFilter {
    /// Recorded at or after this instant.
    pub from_ms: Option<u64>,
    /// Recorded before this instant.
    pub to_ms: Option<u64>,
    /// At or before this position in the chain.
    pub max_seq: Option<u64>,
    /// After this position in the chain.
    pub after_seq: Option<u64>,
}

/// Counts for the admin dashboard.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Stats {
    /// Records in the log.
    pub total: u64,
    /// Decisions per UTC day: (days since the Unix epoch, count), oldest first, for the days
    /// since `since_ms`.
    pub per_day: Vec<(u64, u64)>,
    /// Decisions per action key, most frequent first.
    pub per_action: Vec<(String, u64)>,
    /// Decisions whose effective choices allow functional, analytics, marketing.
    pub opted_in: [u64; 3],
    /// Decisions made under Do Not Track or Global Privacy Control.
    pub under_signal: u64,
}

/// An open consent log database.
#[derive(Debug, Clone)]
pub enum Store {
    /// SQLite, WAL, `synchronous=FULL`: a commit is on disk (fsync) before it returns.
    Sqlite(SqlitePool),
    /// PostgreSQL: a commit is durable before it returns.
    Postgres(PgPool),
}

/// Runs `$body` with `$pool` bound to the store's pool and `$dialect` to its [`Dialect`],
/// once per database: the same code, typed for each.
macro_rules! with_pool {
    ($store:expr, $pool:ident, $dialect:ident => $body:expr) => {
        match $store {
            Store::Sqlite($pool) => {
                let $dialect = Dialect::SQLITE;
                $body
            }
            Store::Postgres($pool) => {
                let $dialect = Dialect::POSTGRES;
                $body
            }
        }
    };
}

/// What differs between the two databases' SQL.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Dialect {
    /// Starts a write transaction: SQLite takes the write lock at once.
    pub(crate) begin: &'static str,
    /// Locks the chain state row when selecting it (SQLite's lock is the transaction's).
    pub(crate) lock: &'static str,
    /// Run after deleting personal data, so that no copy stays in the database's files:
    /// SQLite moves the write-ahead log's pages into the main file (where `secure_delete`
    /// zeroed the freed ones) and truncates the log. PostgreSQL needs a `VACUUM` (README).
    pub(crate) after_delete: Option<&'static str>,
    /// The smaller and the larger of two values: SQLite's two-argument `min` and `max`,
    /// PostgreSQL's `LEAST` and `GREATEST`.
    pub(crate) least: &'static str,
    pub(crate) greatest: &'static str,
}

impl Dialect {
    pub(crate) const SQLITE: Dialect = Dialect {
        begin: "BEGIN IMMEDIATE",
        lock: "",
        after_delete: Some("PRAGMA wal_checkpoint(TRUNCATE)"),
        least: "min",
        greatest: "max",
    };
    pub(crate) const POSTGRES: Dialect = Dialect {
        begin: "BEGIN",
        lock: " FOR UPDATE",
        after_delete: None,
        least: "LEAST",
        greatest: "GREATEST",
    };
}

/// Inside the write transaction `$tx`: the chain state, locked until the transaction ends
/// and checked against `$key`; returns `Err(ChainError::BadStateMac)` from the enclosing
/// function unless the current key signed it (writes), or, given `$accepts`, unless
/// `$accepts` takes which key signed it (the start, which signs a previous key's state
/// again). (A macro, like `with_pool!`, so that it is typed for each database.)
macro_rules! locked_state {
    ($tx:ident, $dialect:ident, $key:expr) => {
        locked_state!($tx, $dialect, $key, |by| by
            == Some($crate::chain::SignedBy::Current))
    };
    ($tx:ident, $dialect:ident, $key:expr, $accepts:expr) => {{
        let row = sqlx::query(&$dialect.locked_chain_state())
            .fetch_optional(&mut *$tx)
            .await?
            .ok_or_else($crate::store::no_chain_state)?;
        let (state, mac) = $crate::store::rows::chain_state_from(&row)?;
        let accepts: fn(Option<$crate::chain::SignedBy>) -> bool = $accepts;
        if !accepts(state.signed_by($key, &mac)) {
            return Err($crate::chain::ChainError::BadStateMac.into());
        }
        state
    }};
}

/// The error for a database without its chain state row.
pub(crate) fn no_chain_state() -> StoreError {
    StoreError::Corrupt("the chain state row is missing".into())
}

mod accounts;
mod backup;
mod checkpoints;
mod cookie_audit;
mod queries;
mod rows;
mod target;

pub use accounts::{Account, EmailTaken, SignedIn};
pub use backup::Backup;
pub use cookie_audit::{AuditTotal, AUDIT_RETENTION_DAYS, AUDIT_ROWS};
pub use target::StoreTarget;

impl Store {
    /// A second handle on the same database with a pool of its own, `connections` wide, for
    /// the log's writer: long reads on the shared pool (a slow export) can never leave a
    /// decision waiting for a connection.
    pub async fn dedicated(&self, connections: u32) -> Result<Store, StoreError> {
        Ok(match self {
            // Its page cache is kept small (512 KiB, against SQLite's 2 MB default): appends
            // touch few pages, and the operating system caches the file anyway.
            Store::Sqlite(pool) => Store::Sqlite(
                SqlitePoolOptions::new()
                    .max_connections(connections)
                    .acquire_timeout(ACQUIRE_TIMEOUT)
                    .connect_with(
                        (*pool.connect_options())
                            .clone()
                            .pragma("cache_size", "-512"),
                    )
                    .await?,
            ),
            Store::Postgres(pool) => Store::Postgres(
                PgPoolOptions::new()
                    .max_connections(connections)
                    .acquire_timeout(ACQUIRE_TIMEOUT)
                    .connect_with((*pool.connect_options()).clone())
                    .await?,
            ),
        })
    }

    /// Asks the database for `SELECT 1`: whether it answers.
    ///
    /// Returns `Err(StoreError::Database)` when it does not.
    pub async fn ping(&self) -> Result<(), StoreError> {
        with_pool!(self, pool, _dialect => {
            sqlx::query("SELECT 1").execute(pool).await?;
        });
        Ok(())
    }

    /// Opens the database (creating a SQLite file and its directory when missing) and runs the
    /// migrations.
    pub async fn open(target: &StoreTarget) -> Result<Store, StoreError> {
        let store = match target {
            StoreTarget::Sqlite(path) => {
                if let Some(dir) = target.sqlite_dir() {
                    std::fs::create_dir_all(dir)
                        .map_err(|e| StoreError::Database(sqlx::Error::Io(e)))?;
                }
                let options = SqliteConnectOptions::new()
                    .filename(path)
                    .create_if_missing(true)
                    .journal_mode(SqliteJournalMode::Wal)
                    .synchronous(SqliteSynchronous::Full)
                    .foreign_keys(true)
                    // Deleted rows (an account's e-mail and password hash) are overwritten
                    // with zeros, not left in free pages.
                    .pragma("secure_delete", "ON")
                    .busy_timeout(Duration::from_secs(5));
                let pool = SqlitePoolOptions::new()
                    .max_connections(4)
                    .acquire_timeout(ACQUIRE_TIMEOUT)
                    .connect_with(options)
                    .await?;
                sqlx::migrate!("migrations/sqlite").run(&pool).await?;
                Store::Sqlite(pool)
            }
            StoreTarget::Postgres(url) => {
                let options = PgConnectOptions::from_str(url)?;
                let pool = PgPoolOptions::new()
                    .max_connections(8)
                    .acquire_timeout(ACQUIRE_TIMEOUT)
                    .connect_with(options)
                    .await?;
                sqlx::migrate!("migrations/postgres").run(&pool).await?;
                Store::Postgres(pool)
            }
        };
        Ok(store)
    }
}
