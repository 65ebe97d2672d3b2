//! A fresh PostgreSQL database per test, in the throw-away cluster that
//! `scripts/with-postgres.sh` starts (`make test` runs the tests through it).

use sqlx::{Connection, PgConnection};

/// The URL of a new, empty database. Panics with what to do when no cluster was started.
pub async fn fresh_database() -> String {
    let admin = std::env::var("LEADSGEN_TEST_POSTGRES_URL").expect(
        "LEADSGEN_TEST_POSTGRES_URL is not set: run the tests through scripts/with-postgres.sh \
         (`make test` and `make unit` do), which starts a throw-away PostgreSQL cluster",
    );
    let mut bytes = [0u8; 8];
    getrandom::fill(&mut bytes).unwrap();
    let name: String = std::iter::once("t_".to_string())
        .chain(bytes.iter().map(|b| format!("{b:02x}")))
        .collect();
    let mut conn = PgConnection::connect(&admin).await.unwrap();
    sqlx::query(&format!("CREATE DATABASE {name}"))
        .execute(&mut conn)
        .await
        .unwrap();
    conn.close().await.unwrap();
    let base = admin.rsplit_once('/').expect("a URL with a database").0;
    format!("{base}/{name}")
}

/// Stops (`"stop"`) or restarts (`"start"`) the throw-away cluster.
#[allow(dead_code)]
pub fn control(action: &str) {
    let ctl = std::env::var("LEADSGEN_TEST_POSTGRES_CTL")
        .expect("LEADSGEN_TEST_POSTGRES_CTL: run through scripts/with-postgres.sh");
    let status = std::process::Command::new(ctl)
        .arg(action)
        .status()
        .unwrap();
    assert!(status.success(), "postgres {action}");
}
