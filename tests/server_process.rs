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
}
