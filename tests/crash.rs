//! The real server binary under a stream of consent posts, with failures: `kill -9` and a
//! restart (SQLite and PostgreSQL), a full disk (SQLite under a file-size limit) and a
//! database that goes away and comes back (PostgreSQL). In every case, each consent ID that
//! reached a client in a `Set-Cookie` is in the log, and `log verify` passes; a failed write
//! is a 503 without a cookie, never a 500, and pages keep rendering.

#[path = "support/postgres.rs"]
mod postgres;

use std::collections::HashSet;
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

const BIN: &str = env!("CARGO_BIN_EXE_leadsgen-consent");
/// A fixed signing key (base64 of 64 bytes), so restarts and the CLI share it.
const KEY: &str =
    "QUJDREVGR0hJSktMTU5PUFFSU1RVVldYWVphYmNkZWZnaGlqa2xtbm9wcXJzdHV2d3h5ejAxMjM0NTY3ODk+Lw==";

/// One scenario at a time: they start servers and one of them stops the shared PostgreSQL.
static SERIAL: tokio::sync::Mutex<()> = tokio::sync::Mutex::const_new(());

/// The environment a server and the CLI run with.
struct Site {
    addr: String,
    data: tempfile::TempDir,
    database_url: Option<String>,
}

impl Site {
    fn new(database_url: Option<String>) -> Self {
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port();
        Site {
            addr: format!("127.0.0.1:{port}"),
            data: tempfile::tempdir().unwrap(),
            database_url,
        }
    }

    fn command(&self, program: &str) -> Command {
        let mut c = Command::new(program);
        c.current_dir(env!("CARGO_MANIFEST_DIR"))
            .env("LEPTOS_SITE_ADDR", &self.addr)
            .env("LEADSGEN_DATA_DIR", self.data.path())
            .env("CONSENT_COOKIE_KEY", KEY)
            .env("RUST_LOG", "error")
            .env_remove("DATABASE_URL")
            .stdout(Stdio::null());
        if let Some(url) = &self.database_url {
            c.env("DATABASE_URL", url);
        }
        c
    }

    /// Starts the server, optionally under a file-size limit (KB), and waits until it answers.
    async fn start(&self, file_limit_kb: Option<u32>) -> Child {
        let mut child = match file_limit_kb {
            None => self.command(BIN).stderr(Stdio::null()).spawn().unwrap(),
            // A full disk: writes past the limit fail with EFBIG (SIGXFSZ ignored).
            Some(kb) => self
                .command("bash")
                .args([
                    "-c",
                    &format!("trap '' XFSZ; ulimit -f {kb}; exec \"$0\""),
                    BIN,
                ])
                .stderr(Stdio::null())
                .spawn()
                .unwrap(),
        };
        let deadline = Instant::now() + Duration::from_secs(30);
        loop {
            if let Ok(r) = request(&self.addr, "GET", "/healthz", "").await {
                if r.status == 200 {
                    return child;
                }
            }
            if let Ok(Some(status)) = child.try_wait() {
                panic!("the server exited: {status}");
            }
            assert!(Instant::now() < deadline, "the server did not start");
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }

    /// `leadsgen-consent log <args>`: its exit success and standard output.
    fn cli(&self, args: &[&str]) -> (bool, String) {
        let out = self
            .command(BIN)
            .args(["log"])
            .args(args)
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .output()
            .unwrap();
        let mut text = String::from_utf8_lossy(&out.stdout).into_owned();
        text.push_str(&String::from_utf8_lossy(&out.stderr));
        (out.status.success(), text)
    }

    /// The consent IDs in the log, from `log export`.
    fn logged_ids(&self) -> HashSet<String> {
        let (ok, text) = self.cli(&["export", "--format", "ndjson"]);
        assert!(ok, "{text}");
        text.lines()
            .map(|l| {
                let v: serde_json::Value = serde_json::from_str(l).unwrap();
                v["consent_id"].as_str().unwrap().to_string()
            })
            .collect()
    }

    fn verify(&self) -> String {
        let (ok, text) = self.cli(&["verify"]);
        assert!(ok, "log verify failed: {text}");
        assert!(text.starts_with("ok: "), "{text}");
        text
    }
}

struct Answer {
    status: u16,
    /// The consent ID of a `cookie-consent` the answer set.
    consent_id: Option<String>,
    body: String,
}

/// One HTTP/1.1 request on its own connection, read to the end.
async fn request(addr: &str, method: &str, path: &str, body: &str) -> std::io::Result<Answer> {
    let mut stream = TcpStream::connect(addr).await?;
    let head = format!(
        "{method} {path} HTTP/1.1\r\nHost: {addr}\r\nOrigin: http://{addr}\r\n\
         Accept: application/json\r\nContent-Type: application/x-www-form-urlencoded\r\n\
         Content-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    );
    stream.write_all(head.as_bytes()).await?;
    let mut raw = Vec::new();
    stream.read_to_end(&mut raw).await?;
    let text = String::from_utf8_lossy(&raw);
    let (headers, body) = text
        .split_once("\r\n\r\n")
        .ok_or_else(|| std::io::Error::other("no complete header"))?;
    let status = headers
        .split(' ')
        .nth(1)
        .and_then(|s| s.parse().ok())
        .ok_or_else(|| std::io::Error::other("no status"))?;
    // cookie-consent=<44 signature chars><1.<id>.…>
    let consent_id = headers
        .lines()
        .filter_map(|l| l.strip_prefix("set-cookie: cookie-consent="))
        .filter_map(|v| v.get(44..))
        .filter_map(|v| v.split('.').nth(1).map(str::to_string))
        .next();
    Ok(Answer {
        status,
        consent_id,
        body: body.to_string(),
    })
}

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
    postgres::control("start");
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
    server.kill().unwrap();
    server.wait().unwrap();
    let logged = site.logged_ids();
    assert!(logged.contains(&before.consent_id.unwrap()) && logged.contains(&back));
    site.verify();
}
