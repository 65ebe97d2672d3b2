//! The server as a process: what it prints and how it refuses a bad configuration.

#[path = "support/server.rs"]
mod server;

use std::io::Read;
use std::process::Stdio;

use server::{request, Site, BIN};

#[tokio::test]
async fn json_access_lines_for_log_shippers_without_query_or_cookies() {
    let site = Site::new(None);
    let mut command = site.command(BIN);
    command
        .env("LEADSGEN_LOG_FORMAT", "json")
        .env("RUST_LOG", "info")
        .stdout(Stdio::piped())
        .stderr(Stdio::null());
    let mut child = site.start_command(command).await;
    request(
        &site.addr,
        "GET",
        "/cookie-policy?email=someone%40example.com",
        "",
    )
    .await
    .unwrap();
    let saved = request(&site.addr, "POST", "/api/consent/reject-all", "")
        .await
        .unwrap();
    child.kill().unwrap();
    child.wait().unwrap();
    let mut out = String::new();
    child
        .stdout
        .take()
        .unwrap()
        .read_to_string(&mut out)
        .unwrap();
    let lines: Vec<serde_json::Value> = out
        .lines()
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("{e}: {l}")))
        .collect();
    let access: Vec<&serde_json::Value> =
        lines.iter().filter(|l| l["target"] == "access").collect();
    // The health checks while it started, then the two requests.
    let last_two = &access[access.len() - 2..];
    assert_eq!(last_two[0]["level"], "INFO");
    assert_eq!(last_two[0]["fields"]["method"], "GET");
    assert_eq!(last_two[0]["fields"]["path"], "/cookie-policy");
    assert_eq!(last_two[0]["fields"]["status"], 200);
    assert!(
        last_two[0]["fields"]["latency_ms"].is_string()
            || last_two[0]["fields"]["latency_ms"].is_number()
    );
    assert_eq!(last_two[1]["fields"]["path"], "/api/consent/reject-all");
    assert!(!out.contains("someone") && !out.contains(&saved.consent_id.unwrap()));
}

#[test]
fn a_bad_setting_stops_the_start_with_a_readable_message() {
    let site = Site::new(None);
    for (name, value, says) in [
        (
            "LEADSGEN_LOG_FORMAT",
            "xml",
            "LEADSGEN_LOG_FORMAT must be text or json",
        ),
        ("LEADSGEN_LOG_RETENTION_DAYS", "30", "at least 365"),
        (
            "LEADSGEN_CONSENT_LOG",
            "maybe",
            "LEADSGEN_CONSENT_LOG must be on or off",
        ),
        (
            "DATABASE_URL",
            "mysql://db/x",
            "DATABASE_URL must be postgres://",
        ),
        (
            "LEADSGEN_GOOGLE_ADS_ID",
            "x'y",
            "LEADSGEN_GOOGLE_ADS_ID must be",
        ),
        (
            "LEADSGEN_PUBLIC_ORIGIN",
            "https://leadsgen.app/cookie-policy",
            "LEADSGEN_PUBLIC_ORIGIN must be the site's origin",
        ),
        (
            "LEADSGEN_PUBLIC_ORIGIN",
            "leadsgen.app",
            "LEADSGEN_PUBLIC_ORIGIN must be the site's origin",
        ),
        (
            "CONSENT_COOKIE_PREVIOUS_KEYS",
            "not base64!",
            "CONSENT_COOKIE_PREVIOUS_KEYS is not valid base64",
        ),
        (
            "CONSENT_COOKIE_PREVIOUS_KEYS",
            "AAAAAAAAAAAAAAAAAAAAAA==",
            "CONSENT_COOKIE_PREVIOUS_KEYS holds 16 bytes",
        ),
        (
            "LEADSGEN_TRUSTED_PROXIES",
            "10.0.0.0/8, proxy.local",
            "LEADSGEN_TRUSTED_PROXIES must list addresses or CIDR networks",
        ),
        (
            "LEADSGEN_CLIENT_IP_HEADER",
            "X-Forwarded-For",
            "LEADSGEN_CLIENT_IP_HEADER is read only from the proxies in LEADSGEN_TRUSTED_PROXIES",
        ),
        (
            "LEADSGEN_DECISION_BURST",
            "0",
            "LEADSGEN_DECISION_BURST must be a whole number, at least 1",
        ),
        (
            "LEADSGEN_LOG_SIGNING_KEY",
            "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA==",
            "LEADSGEN_LOG_SIGNING_KEY holds 64 bytes",
        ),
    ] {
        let out = site
            .command(BIN)
            .env(name, value)
            .stderr(Stdio::piped())
            .output()
            .unwrap();
        assert!(!out.status.success(), "{name}={value} started");
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(stderr.contains(says), "{name}={value}: {stderr}");
    }
    // Issue 23: the current key listed as a previous one.
    let key =
        "BwcHBwcHBwcHBwcHBwcHBwcHBwcHBwcHBwcHBwcHBwcHBwcHBwcHBwcHBwcHBwcHBwcHBwcHBwcHBwcHBwcHBw==";
    let out = site
        .command(BIN)
        .env("CONSENT_COOKIE_KEY", key)
        .env("CONSENT_COOKIE_PREVIOUS_KEYS", key)
        .stderr(Stdio::piped())
        .output()
        .unwrap();
    assert!(!out.status.success());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("CONSENT_COOKIE_PREVIOUS_KEYS holds the current key"),
        "{stderr}"
    );
}

#[tokio::test]
async fn a_client_that_dribbles_its_headers_is_cut_off_within_ten_seconds() {
    use std::time::{Duration, Instant};
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let site = Site::new(None);
    let mut child = site.start(None).await;
    let mut stream = tokio::net::TcpStream::connect(&site.addr).await.unwrap();
    let started = Instant::now();
    stream
        .write_all(b"GET / HTTP/1.1\r\nHost: x\r\n")
        .await
        .unwrap();
    // One more header byte a second: a slowloris.
    let mut closed_after = None;
    for _ in 0..20 {
        tokio::time::sleep(Duration::from_secs(1)).await;
        if stream.write_all(b"X").await.is_err() {
            closed_after = Some(started.elapsed());
            break;
        }
        let mut buf = [0u8; 512];
        match tokio::time::timeout(Duration::from_millis(10), stream.read(&mut buf)).await {
            Ok(Ok(0)) | Ok(Err(_)) => {
                closed_after = Some(started.elapsed());
                break;
            }
            Ok(Ok(_)) => {
                // An answer (408) before the close is fine too.
                closed_after = Some(started.elapsed());
                break;
            }
            Err(_) => {}
        }
    }
    let after = closed_after.expect("the connection stayed open for 20 s");
    assert!(after <= Duration::from_secs(12), "closed after {after:?}");
    // The server is fine.
    assert_eq!(
        request(&site.addr, "GET", "/healthz", "")
            .await
            .unwrap()
            .status,
        200
    );
    child.kill().unwrap();
    child.wait().unwrap();
}

#[tokio::test]
async fn oversized_or_too_many_headers_are_a_431_never_a_5xx() {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let site = Site::new(None);
    let mut child = site.start(None).await;
    let raw = |extra: String| {
        format!(
            "GET / HTTP/1.1\r\nHost: {}\r\n{extra}Connection: close\r\n\r\n",
            site.addr
        )
    };
    let cookie = format!("Cookie: cookie-consent={}\r\n", "A".repeat(64 * 1024));
    let many: String = (0..200).map(|i| format!("X-Header-{i}: {i}\r\n")).collect();
    let huge = format!("X-Huge: {}\r\n", "b".repeat(40 * 1024));
    for (what, request) in [
        ("64 KiB cookie", raw(cookie)),
        ("200 headers", raw(many)),
        ("40 KiB header", raw(huge)),
    ] {
        let mut stream = tokio::net::TcpStream::connect(&site.addr).await.unwrap();
        // The server may answer and close before it has read everything.
        let _ = stream.write_all(request.as_bytes()).await;
        let mut answer = Vec::new();
        let _ = stream.read_to_end(&mut answer).await;
        let text = String::from_utf8_lossy(&answer);
        let status: u16 = text
            .split(' ')
            .nth(1)
            .and_then(|s| s.parse().ok())
            .unwrap_or(0);
        assert_eq!(status, 431, "{what}: {}", text.lines().next().unwrap_or(""));
    }
    // A request at the limit's safe side still works, and so does the server.
    let fine = request(&site.addr, "GET", "/cookie-policy", "")
        .await
        .unwrap();
    assert_eq!(fine.status, 200);
    assert!(child.try_wait().unwrap().is_none());
    child.kill().unwrap();
    child.wait().unwrap();
}

/// Issue 20, item 4: `--help` documents every variable of the README's configuration table,
/// each with its default where it has one, and shows no secret.
#[test]
fn help_lists_every_variable_of_the_readme() {
    let readme = std::fs::read_to_string("README.md").unwrap();
    let table = readme
        .split("## Configuration")
        .nth(1)
        .expect("the configuration section")
        .split("\n## ")
        .next()
        .unwrap();
    let variables: Vec<&str> = table
        .lines()
        .filter_map(|l| l.strip_prefix("| `"))
        .flat_map(|l| l.split(" |").next())
        .flat_map(|first| first.split(", "))
        .map(|v| v.trim_matches('`'))
        .collect();
    assert!(variables.len() >= 20, "{variables:?}");
    let out = std::process::Command::new(BIN)
        .arg("--help")
        .env("CONSENT_COOKIE_KEY", "a-secret-that-must-not-show")
        .env("LEADSGEN_ADMIN_TOKEN", "another-secret")
        .output()
        .unwrap();
    assert!(out.status.success());
    let help = String::from_utf8_lossy(&out.stdout);
    for variable in variables {
        assert!(
            help.contains(variable),
            "--help does not list {variable}:\n{help}"
        );
    }
    assert!(
        help.contains("[env: LEADSGEN_LOG_RETENTION_DAYS=")
            || help.contains("[env: LEADSGEN_LOG_RETENTION_DAYS]"),
        "{help}"
    );
    assert!(help.contains("[default: 1095]"), "{help}");
    assert!(
        !help.contains("a-secret-that-must-not-show") && !help.contains("another-secret"),
        "{help}"
    );
    // Secrets are never options: a command line is visible to every user of the machine.
    for secret in ["--consent-cookie-key", "--database-url", "--admin-token"] {
        assert!(!help.contains(secret), "{secret} is an option:\n{help}");
    }
}

/// Issue 22 §2: the cookie audit's counts reach the database when the server stops (as well
/// as every minute), and `leadsgen-consent audit` prints them, names escaped, values never.
#[tokio::test]
async fn the_cookie_audit_is_flushed_at_shutdown_and_printed_by_the_cli() {
    let site = Site::new(None);
    let mut command = site.command(BIN);
    command.stderr(Stdio::null());
    let child = site.start_command(command).await;
    let mut stream = tokio::net::TcpStream::connect(&site.addr).await.unwrap();
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    stream
        .write_all(
            format!(
                "GET / HTTP/1.1\r\nHost: {}\r\nCookie: _ga=GA1.SECRET; bad\u{202e}name=1; _fbp=x\r\n\
                 Connection: close\r\n\r\n",
                site.addr
            )
            .as_bytes(),
        )
        .await
        .unwrap();
    let mut answer = Vec::new();
    stream.read_to_end(&mut answer).await.unwrap();
    assert!(String::from_utf8_lossy(&answer).starts_with("HTTP/1.1 200"));
    let status = std::process::Command::new("kill")
        .args(["-TERM", &child.id().to_string()])
        .status()
        .unwrap();
    assert!(status.success());
    let mut child = child;
    assert!(child.wait().unwrap().success());
    let out = site
        .command(BIN)
        .arg("audit")
        .stdout(Stdio::piped())
        .output()
        .unwrap();
    assert!(out.status.success());
    let printed = String::from_utf8_lossy(&out.stdout);
    assert!(printed.contains("         1  _ga\n"), "{printed}");
    // A right-to-left override could reorder what a terminal shows: escaped.
    assert!(printed.contains("bad\\u{202e}name"), "{printed}");
    assert!(printed.contains("         1  _fbp\n"), "{printed}");
    assert!(!printed.contains("SECRET"), "{printed}");
}
