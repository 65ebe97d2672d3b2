//! The real server binary under a stream of consent posts, with failures: `kill -9` and a
//! restart (SQLite and PostgreSQL), a full disk (SQLite under a file-size limit) and a
//! database that goes away and comes back (PostgreSQL). In every case, each consent ID that
//! reached a client in a `Set-Cookie` is in the log, and `log verify` passes; a failed write
//! is a 503 without a cookie, never a 500, and pages keep rendering.

#[path = "support/postgres.rs"]
mod postgres;
#[path = "support/server.rs"]
mod server;

use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use std::process::Stdio;

use server::{bin, request, Site};

/// One scenario at a time: they start servers and one of them stops the shared PostgreSQL.
static SERIAL: tokio::sync::Mutex<()> = tokio::sync::Mutex::const_new(());

/// What the load saw.
#[derive(Default)]
struct Seen {
    /// Consent IDs that reached the client in a `Set-Cookie`.
    acknowledged: Vec<String>,
    /// Statuses of complete answers.
    statuses: Vec<u16>,
}

/// Posts Accept all from `clients` connections in a loop until `stop` is set.
fn load(
    addr: &str,
    clients: usize,
    stop: Arc<Mutex<bool>>,
) -> (Arc<Mutex<Seen>>, Vec<tokio::task::JoinHandle<()>>) {
    let seen = Arc::new(Mutex::new(Seen::default()));
    let tasks = (0..clients)
        .map(|_| {
            let (addr, seen, stop) = (addr.to_string(), seen.clone(), stop.clone());
            tokio::spawn(async move {
                while !*stop.lock().unwrap() {
                    match request(&addr, "POST", "/api/consent/accept-all", "source=api").await {
                        Ok(a) => {
                            let mut s = seen.lock().unwrap();
                            s.statuses.push(a.status);
                            if let Some(id) = a.consent_id {
                                s.acknowledged.push(id);
                            }
                        }
                        Err(_) => tokio::time::sleep(Duration::from_millis(5)).await,
                    }
                }
            })
        })
        .collect();
    (seen, tasks)
}

async fn kill_nine_mid_stream_loses_nothing(site: Site) {
    let mut server = site.start(None).await;
    let stop = Arc::new(Mutex::new(false));
    let (seen, tasks) = load(&site.addr, 16, stop.clone());
    // Let posts flow, then kill the server without warning while they do.
    let deadline = Instant::now() + Duration::from_secs(20);
    while seen.lock().unwrap().acknowledged.len() < 300 && Instant::now() < deadline {
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    server.kill().unwrap(); // SIGKILL
    server.wait().unwrap();
    *stop.lock().unwrap() = true;
    for t in tasks {
        t.await.unwrap();
    }
    let acknowledged = seen.lock().unwrap().acknowledged.clone();
    assert!(
        acknowledged.len() >= 300,
        "only {} consents acknowledged",
        acknowledged.len()
    );
    assert!(
        seen.lock().unwrap().statuses.iter().all(|s| *s == 200),
        "every complete answer was a success"
    );

    // After a restart the log has every acknowledged consent, and its chain is whole.
    let mut server = site.start(None).await;
    let after = request(&site.addr, "POST", "/api/consent/accept-all", "")
        .await
        .unwrap();
    assert_eq!(after.status, 200, "{}", after.body);
    server.kill().unwrap();
    server.wait().unwrap();
    let logged = site.logged_ids();
    let missing: Vec<_> = acknowledged
        .iter()
        .filter(|id| !logged.contains(*id))
        .collect();
    assert!(
        missing.is_empty(),
        "acknowledged but not logged: {missing:?}"
    );
    assert!(logged.contains(&after.consent_id.unwrap()));
    let report = site.verify();
    assert!(
        report.contains(&format!("{} records", logged.len())),
        "{report}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn kill_nine_mid_stream_loses_nothing_on_sqlite() {
    let _one = SERIAL.lock().await;
    kill_nine_mid_stream_loses_nothing(Site::new(None)).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn kill_nine_mid_stream_loses_nothing_on_postgresql() {
    let _one = SERIAL.lock().await;
    kill_nine_mid_stream_loses_nothing(Site::new(Some(postgres::fresh_database().await))).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_full_disk_answers_503_sets_no_cookie_and_keeps_pages_up() {
    let _one = SERIAL.lock().await;
    let site = Site::new(None);
    // Room for the schema, the policy snapshot and a few hundred records.
    let mut server = site.start(Some(600)).await;
    let mut acknowledged = Vec::new();
    let mut refused = 0;
    for _ in 0..3000 {
        let a = request(&site.addr, "POST", "/api/consent/accept-all", "")
            .await
            .unwrap();
        match a.status {
            200 => acknowledged.push(a.consent_id.expect("a cookie with every success")),
            503 => {
                assert_eq!(a.consent_id, None, "no cookie for an unrecorded decision");
                assert!(a.body.contains("Unavailable"), "{}", a.body);
                refused += 1;
                if refused >= 5 {
                    break;
                }
            }
            other => panic!("status {other}: {}", a.body),
        }
    }
    assert!(
        refused >= 5,
        "the disk never filled ({} recorded)",
        acknowledged.len()
    );
    let page = request(&site.addr, "GET", "/", "").await.unwrap();
    assert_eq!(page.status, 200);
    assert!(page.body.contains(r#"aria-label="Cookie consent""#));
    assert!(
        server.try_wait().unwrap().is_none(),
        "the server is still running"
    );
    server.kill().unwrap();
    server.wait().unwrap();
    let logged = site.logged_ids();
    assert_eq!(
        logged.len(),
        acknowledged.len(),
        "exactly the acknowledged consents"
    );
    assert!(acknowledged.iter().all(|id| logged.contains(id)));
    site.verify();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn postgresql_going_away_is_a_503_until_it_comes_back() {
    let _one = SERIAL.lock().await;
    let site = Site::new(Some(postgres::fresh_database().await));
    let mut server = site.start(None).await;
    let before = request(&site.addr, "POST", "/api/consent/reject-all", "")
        .await
        .unwrap();
    assert_eq!(before.status, 200);

    postgres::control("stop");
    let down = request(&site.addr, "POST", "/api/consent/accept-all", "")
        .await
        .unwrap();
    let page = request(&site.addr, "GET", "/cookie-policy", "")
        .await
        .unwrap();
    let not_ready = request(&site.addr, "GET", "/readyz", "").await.unwrap();
    postgres::control("start");
    assert_eq!(not_ready.status, 503, "{}", not_ready.body);
    assert!(
        not_ready.body.contains("cannot record"),
        "{}",
        not_ready.body
    );
    assert_eq!(down.status, 503, "{}", down.body);
    assert_eq!(down.consent_id, None);
    assert_eq!(page.status, 200, "pages need no database");

    // The same server process records again once the database is back.
    let mut back = None;
    for _ in 0..50 {
        let a = request(&site.addr, "POST", "/api/consent/accept-all", "")
            .await
            .unwrap();
        if a.status == 200 {
            back = a.consent_id;
            break;
        }
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    let back = back.expect("recording resumed");
    let ready = request(&site.addr, "GET", "/readyz", "").await.unwrap();
    assert_eq!(ready.status, 200, "{}", ready.body);
    server.kill().unwrap();
    server.wait().unwrap();
    let logged = site.logged_ids();
    assert!(logged.contains(&before.consent_id.unwrap()) && logged.contains(&back));
    site.verify();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sigterm_mid_stream_drains_exits_0_and_loses_nothing() {
    let _one = SERIAL.lock().await;
    let site = Site::new(None);
    let mut server = site.start(None).await;
    let stop = Arc::new(Mutex::new(false));
    let (seen, tasks) = load(&site.addr, 16, stop.clone());
    let deadline = Instant::now() + Duration::from_secs(20);
    while seen.lock().unwrap().acknowledged.len() < 200 && Instant::now() < deadline {
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    let status = std::process::Command::new("kill")
        .args(["-TERM", &server.id().to_string()])
        .status()
        .unwrap();
    assert!(status.success());
    let exited = tokio::task::spawn_blocking(move || server.wait())
        .await
        .unwrap()
        .unwrap();
    *stop.lock().unwrap() = true;
    for t in tasks {
        t.await.unwrap();
    }
    assert!(
        exited.success(),
        "the server exits 0 after a SIGTERM: {exited}"
    );
    let seen = seen.lock().unwrap();
    assert!(
        seen.statuses.iter().all(|s| *s == 200),
        "every answer that came was a success"
    );
    let logged = site.logged_ids();
    let missing: Vec<_> = seen
        .acknowledged
        .iter()
        .filter(|id| !logged.contains(*id))
        .collect();
    assert!(
        missing.is_empty(),
        "acknowledged but not logged: {missing:?}"
    );
    site.verify();
}

/// Issue 24 (the disk guard, `/readyz`): below `LEADSGEN_LOG_MIN_FREE_MIB` free, decisions are
/// refused with 503 and no cookie before the disk is full, pages keep rendering, `/readyz`
/// answers 503 saying why, and the server logs one error for the episode, not one per post.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn below_the_disk_watermark_decisions_are_refused_and_readyz_says_so() {
    let _one = SERIAL.lock().await;
    let site = Site::new(None);
    let mut server = site.start(None).await;
    let ready = request(&site.addr, "GET", "/readyz", "").await.unwrap();
    assert_eq!(ready.status, 200, "{}", ready.body);
    server.kill().unwrap();
    server.wait().unwrap();
    // A watermark no disk meets: a petabyte.
    let mut command = site.command(&bin());
    command
        .env("LEADSGEN_LOG_MIN_FREE_MIB", "1000000000")
        .stdout(Stdio::piped());
    let server = site.start_command(command).await;
    for _ in 0..3 {
        let post = request(&site.addr, "POST", "/api/consent/accept-all", "")
            .await
            .unwrap();
        assert_eq!(post.status, 503, "{}", post.body);
        assert_eq!(
            post.consent_id, None,
            "no cookie for an unrecorded decision"
        );
    }
    let page = request(&site.addr, "GET", "/", "").await.unwrap();
    assert_eq!(page.status, 200, "pages need no room");
    let not_ready = request(&site.addr, "GET", "/readyz", "").await.unwrap();
    assert_eq!(not_ready.status, 503);
    assert!(not_ready.body.contains("watermark"), "{}", not_ready.body);
    let stop = std::process::Command::new("kill")
        .args(["-TERM", &server.id().to_string()])
        .status()
        .unwrap();
    assert!(stop.success());
    let out = tokio::task::spawn_blocking(move || server.wait_with_output())
        .await
        .unwrap()
        .unwrap();
    // The server's log goes to standard output.
    let log = String::from_utf8_lossy(&out.stdout);
    assert_eq!(
        log.matches("below LEADSGEN_LOG_MIN_FREE_MIB").count(),
        1,
        "one error for the episode: {log}"
    );
    assert!(site.logged_ids().is_empty(), "nothing was recorded");
}
