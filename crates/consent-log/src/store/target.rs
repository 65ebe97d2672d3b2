//! Which database the consent log is in, from `DATABASE_URL`.

use std::str::FromStr;

use sqlx::postgres::PgConnectOptions;

/// Which database, from `DATABASE_URL`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum StoreTarget {
    /// A SQLite file, created when missing.
    Sqlite(std::path::PathBuf),
    /// A PostgreSQL URL (`postgres://…` or `postgresql://…`).
    Postgres(String),
}

impl StoreTarget {
    /// Reads `DATABASE_URL`: `postgres://…`/`postgresql://…` is PostgreSQL,
    /// `sqlite://<path>` or `sqlite:<path>` a SQLite file; without one, `default_sqlite`.
    ///
    /// Returns `Err` naming what is accepted for any other value.
    pub fn from_url(url: Option<&str>, default_sqlite: std::path::PathBuf) -> Result<Self, String> {
        match url {
            None => Ok(StoreTarget::Sqlite(default_sqlite)),
            Some(u) if u.starts_with("postgres://") || u.starts_with("postgresql://") => {
                Ok(StoreTarget::Postgres(u.to_string()))
            }
            Some(u) => match u
                .strip_prefix("sqlite://")
                .or_else(|| u.strip_prefix("sqlite:"))
            {
                Some(path) if !path.is_empty() => Ok(StoreTarget::Sqlite(path.into())),
                _ => Err(format!(
                    "DATABASE_URL must be postgres://… or sqlite://<path>, not {u:?}"
                )),
            },
        }
    }

    /// The directory that holds a SQLite file (`.` for a bare file name); `None` for
    /// PostgreSQL.
    pub fn sqlite_dir(&self) -> Option<&std::path::Path> {
        match self {
            StoreTarget::Sqlite(path) => Some(
                path.parent()
                    .filter(|d| !d.as_os_str().is_empty())
                    .unwrap_or(std::path::Path::new(".")),
            ),
            StoreTarget::Postgres(_) => None,
        }
    }

    /// The target without a password, for logs.
    pub fn describe(&self) -> String {
        match self {
            StoreTarget::Sqlite(path) => format!("SQLite {}", path.display()),
            StoreTarget::Postgres(url) => match PgConnectOptions::from_str(url) {
                Ok(o) => format!(
                    "PostgreSQL {}:{}/{}",
                    o.get_host(),
                    o.get_port(),
                    o.get_database().unwrap_or("")
                ),
                Err(_) => "PostgreSQL".into(),
            },
        }
    }
}
