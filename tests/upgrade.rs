//! Issue 23, "upgrades keep every consent": a consent log written by the release before
//! signed checkpoints (`tests/fixtures/log-2026-12-03`, made by commit 7730dc2, SQLite and a
//! PostgreSQL dump, with that server's key and the cookies it set) opens with this code,
//! verifies, carries on with signed checkpoints, and its cookies still count, so no visitor
//! is asked again because of the upgrade.

#[path = "support/postgres.rs"]
mod postgres;

use std::path::{Path, PathBuf};

use http::{header::COOKIE, HeaderMap};

use leadsgen_consent::i18n::Locale;
use leadsgen_consent::log::record::sample;
use leadsgen_consent::log::{verify, ConsentLog, LogKey, LogSigner, Store, StoreTarget};
use leadsgen_consent::server::cookies::{read_consent, CookieSettings};
use leadsgen_consent::server::key_store;
use leadsgen_consent::ui::pages::shown_policy_versions;

fn fixture() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/log-2026-12-03")
}

/// The `cookie-consent=…` pairs the old server set in the run named by `prefix`.
fn cookies(prefix: &str) -> Vec<(String, String)> {
    std::fs::read_to_string(fixture().join("cookies.txt"))
        .unwrap()
        .lines()
        .filter_map(|l| l.split_once(' '))
        .filter(|(name, _)| name.starts_with(prefix))
        .map(|(name, pair)| (name.to_string(), pair.to_string()))
        .collect()
}

async fn carries_on(target: StoreTarget, prefix: &str, records: u64) {
    let key = key_store::load(&fixture()).unwrap();
    let store = Store::open(&target).await.unwrap();
    let chain = LogKey::derive(key.master());
    assert_eq!(verify(&store, &chain).await.unwrap(), records, "as left");
    let log = ConsentLog::open(
        store.clone(),
        chain.clone(),
        LogSigner::from_seed([23; 32]),
        shown_policy_versions(),
        false,
    )
    .await
    .unwrap();
    // Its first checkpoint: at start (in the background) or now.
    log.checkpoint().await.unwrap();
    let newest = store.newest_checkpoint(0, u64::MAX).await.unwrap().unwrap();
    assert_eq!(newest.head_seq, records);
    // Its cookies still count, and each names a decision in the log.
    let settings = CookieSettings {
        key: key.clone(),
        previous_keys: Vec::new(),
        secure: false,
        domain: None,
    };
    let pairs = cookies(prefix);
    assert!(!pairs.is_empty());
    for (name, pair) in pairs {
        let mut headers = HeaderMap::new();
        headers.insert(COOKIE, pair.parse().unwrap());
        let consent = read_consent(&headers, &settings).unwrap_or_else(|| panic!("{name}"));
        let found = store.find(&consent.id.to_string()).await.unwrap();
        assert!(found.is_some(), "{name} is in the log");
    }
    // It carries on: a new decision links to the old chain, and everything verifies.
    let mut next = sample(1);
    next.policy_sha256 = log.policy_sha256(Locale::En).unwrap().to_string();
    log.record(next).await.unwrap();
    log.checkpoint().await.unwrap();
    assert_eq!(log.verify().await.unwrap(), records + 1);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_sqlite_log_of_the_previous_release_carries_on() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("consent.db");
    std::fs::copy(fixture().join("consent.db"), &db).unwrap();
    carries_on(StoreTarget::Sqlite(db), "sqlite_", 4).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_postgresql_log_of_the_previous_release_carries_on() {
    let url = postgres::fresh_database().await;
    let dump = std::fs::read_to_string(fixture().join("consent-log.pg.sql")).unwrap();
    let pool = sqlx::PgPool::connect(&url).await.unwrap();
    sqlx::raw_sql(&dump).execute(&pool).await.unwrap();
    pool.close().await;
    carries_on(StoreTarget::Postgres(url), "postgres_", 2).await;
}
