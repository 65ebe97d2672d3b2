//! Issue 24 §3: the backup drill, as the README's "Operating" section tells an operator to
//! do it, on the real binary under load, on SQLite (`log backup`) and on PostgreSQL
//! (`pg_dump` and `pg_restore`): back up while decisions are being recorded, restore into a
//! fresh data directory (and a fresh database), `log verify`, and find every consent that was
//! acknowledged before the backup began. The restored log then takes new decisions.

#[path = "support/load.rs"]
mod load;
#[path = "support/postgres.rs"]
mod postgres;
#[path = "support/server.rs"]
mod server;

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

use load::Load;
use server::{request, Site};

/// The only test in this file that runs PostgreSQL's tools waits for the SQLite one: two
/// servers under load at once on two cores would make both slow, not more thorough.
static SERIAL: tokio::sync::Mutex<()> = tokio::sync::Mutex::const_new(());

/// Starts `site`'s server and a load of posts; returns once `at_least` consents were
/// acknowledged, with the load still running.
async fn under_load(site: &Site, at_least: usize) -> (std::process::Child, Load) {
    let server = site.start(None).await;
    let load = Load::start(&site.addr, 8, Some(400.0));
    let deadline = Instant::now() + Duration::from_secs(30);
    while load.acknowledged() < at_least {
        assert!(Instant::now() < deadline, "no consents acknowledged");
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    (server, load)
}

/// Runs `program args` to success, off the async workers; returns its standard output.
async fn run(program: PathBuf, args: Vec<String>) -> String {
    tokio::task::spawn_blocking(move || {
        let out = Command::new(&program).args(&args).output().unwrap();
        assert!(
            out.status.success(),
            "{} {args:?}: {}{}",
            program.display(),
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8_lossy(&out.stdout).into_owned()
    })
    .await
    .unwrap()
}

/// The restore's last steps, the same for both databases: the keys the log was written with
/// go into the new data directory, `log verify` passes, every consent acknowledged before the
/// backup began is there, and the restored log records a new decision.
async fn check_restored(from: &Site, restored: &Site, before_backup: &[String]) {
    std::fs::copy(
        from.data.path().join("consent-log-signing.key"),
        restored.data.path().join("consent-log-signing.key"),
    )
    .unwrap();
    let report = restored.verify();
    let logged = restored.logged_ids();
    let missing: Vec<_> = before_backup
        .iter()
        .filter(|id| !logged.contains(*id))
        .collect();
    assert!(
        missing.is_empty(),
        "acknowledged before the backup, not in it: {missing:?}"
    );
    assert!(logged.len() >= before_backup.len(), "{report}");

    let mut server = restored.start(None).await;
    let after = request(&restored.addr, "POST", "/api/consent/accept-all", "")
        .await
        .unwrap();
    assert_eq!(after.status, 200, "{}", after.body);
    server.kill().unwrap();
    server.wait().unwrap();
    assert!(restored.logged_ids().contains(&after.consent_id.unwrap()));
    restored.verify();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_sqlite_backup_made_under_load_restores_every_acknowledged_consent() {
    let _one = SERIAL.lock().await;
    let site = Site::new(None);
    let (mut server, load) = under_load(&site, 200).await;
    let before_backup = load.seen.lock().unwrap().acknowledged.clone();
    let file = site.data.path().join("backup.db");
    let mut command = site.command(&server::bin());
    let args: Vec<String> = ["log", "backup", &file.to_string_lossy()]
        .map(String::from)
        .to_vec();
    let printed = {
        command.args(&args).stdout(std::process::Stdio::piped());
        tokio::task::spawn_blocking(move || command.output().unwrap())
            .await
            .unwrap()
    };
    let said = String::from_utf8_lossy(&printed.stdout);
    assert!(printed.status.success(), "{said}");
    assert!(said.starts_with("backed up "), "{said}");
    // The load goes on after the backup, so the log holds more than the copy.
    tokio::time::sleep(Duration::from_millis(500)).await;
    let seen = load.stop().await;
    server.kill().unwrap();
    server.wait().unwrap();
    assert!(seen.acknowledged.len() > before_backup.len());

    // A second backup to the same file is refused: a backup never overwrites.
    let (ok, again) = site.cli(&["backup", &file.to_string_lossy()]);
    assert!(!ok && again.contains("never overwrites"), "{again}");

    // Restore: the copy is the new data directory's consent.db.
    let restored = Site::new(None);
    std::fs::copy(&file, restored.data.path().join("consent.db")).unwrap();
    assert!(!Path::new(&format!("{}-wal", file.display())).exists());
    check_restored(&site, &restored, &before_backup).await;
}

/// PostgreSQL's client tools, from the newest installed version (Debian's layout).
fn pg_tool(name: &str) -> PathBuf {
    let mut versions: Vec<PathBuf> = std::fs::read_dir("/usr/lib/postgresql")
        .expect("PostgreSQL is installed (scripts/setup.sh)")
        .map(|e| e.unwrap().path().join("bin").join(name))
        .filter(|p| p.exists())
        .collect();
    versions.sort();
    versions.pop().expect("pg_dump and pg_restore")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_pg_dump_made_under_load_restores_every_acknowledged_consent() {
    let _one = SERIAL.lock().await;
    let site = Site::new(Some(postgres::fresh_database().await));
    let (mut server, load) = under_load(&site, 200).await;
    let before_backup = load.seen.lock().unwrap().acknowledged.clone();
    let dump = site.data.path().join("consent.dump");
    let url = site.database_url.clone().unwrap();
    run(
        pg_tool("pg_dump"),
        vec![
            "--format=custom".into(),
            format!("--file={}", dump.display()),
            url,
        ],
    )
    .await;
    tokio::time::sleep(Duration::from_millis(500)).await;
    let seen = load.stop().await;
    server.kill().unwrap();
    server.wait().unwrap();
    assert!(seen.acknowledged.len() > before_backup.len());

    let restored = Site::new(Some(postgres::fresh_database().await));
    run(
        pg_tool("pg_restore"),
        vec![
            "--no-owner".into(),
            format!("--dbname={}", restored.database_url.clone().unwrap()),
            dump.to_string_lossy().into_owned(),
        ],
    )
    .await;
    check_restored(&site, &restored, &before_backup).await;
}
