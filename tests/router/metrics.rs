//! Issue 24 §4: `/metrics` in the Prometheus text format, behind the admin token; checked by
//! Prometheus' own parser and linter (`promtool check metrics`, Debian's `prometheus`), and
//! holding nothing a visitor controls.

use super::helpers::*;
use http::StatusCode;

const TOKEN: &str = "metrics token";

async fn scrape(app: &TestApp) -> String {
    let reply = app
        .get("/metrics", &[("authorization", &format!("Bearer {TOKEN}"))])
        .await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
    assert_eq!(
        reply.headers["content-type"],
        "text/plain; version=0.0.4; charset=utf-8"
    );
    assert_eq!(reply.headers["cache-control"], "no-store");
    reply.body
}

/// `promtool check metrics` reads the text on its standard input: exit 0 when it parses and
/// follows Prometheus' naming rules, and the problems otherwise.
fn promtool_check(text: &str) {
    use std::io::Write;
    let mut child = std::process::Command::new("promtool")
        .args(["check", "metrics"])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("promtool (Debian's prometheus package; scripts/setup.sh installs it)");
    child
        .stdin
        .take()
        .unwrap()
        .write_all(text.as_bytes())
        .unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(
        out.status.success(),
        "promtool check metrics: {}{}\n{text}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
}

/// The value of the sample `name{labels}` (labels as written, in order).
fn sample(text: &str, series: &str) -> f64 {
    text.lines()
        .find_map(|l| l.strip_prefix(series)?.strip_prefix(' ')?.parse().ok())
        .unwrap_or_else(|| panic!("no sample {series} in:\n{text}"))
}

#[tokio::test]
async fn metrics_are_behind_the_admin_token() {
    assert_eq!(TestApp::new().await.get("/metrics", &[]).await.status, 404);
    let app = TestApp::with_admin(Some(TOKEN)).await;
    assert_eq!(app.get("/metrics", &[]).await.status, 401);
    let wrong = app
        .get("/metrics", &[("authorization", "Bearer nope")])
        .await;
    assert_eq!(wrong.status, 401);
}

#[tokio::test]
async fn metrics_parse_and_count_requests_decisions_and_the_page_cache() {
    let app = TestApp::with_admin(Some(TOKEN)).await;
    // A page twice (the second from its template), a decision, an unknown path that a
    // visitor chose, and a cross-site post.
    for _ in 0..2 {
        assert_eq!(app.get("/cookie-policy", &[]).await.status, 200);
    }
    let saved = app
        .post(
            "/api/consent/accept-all",
            "source=banner&return_to=%2Fde%2Fcookie-policy",
            &[],
        )
        .await;
    assert_eq!(saved.status, 303);
    let cookie = saved
        .set_cookies()
        .into_iter()
        .find(|l| l.starts_with("cookie-consent="))
        .expect("the decision's cookie")
        .to_string();
    let probe = "/visitor-chosen-path-4f1c";
    assert_eq!(app.get(probe, &[]).await.status, 404);

    let text = scrape(&app).await;
    promtool_check(&text);
    assert_eq!(
        sample(
            &text,
            r#"http_requests_total{route="/cookie-policy",status="200"}"#
        ),
        2.0
    );
    assert_eq!(
        sample(
            &text,
            r#"http_request_duration_seconds_count{route="/cookie-policy",status="200"}"#
        ),
        2.0
    );
    assert_eq!(
        sample(
            &text,
            r#"http_requests_total{route="/api/consent/accept-all",status="303"}"#
        ),
        1.0
    );
    assert_eq!(
        sample(
            &text,
            r#"consent_decisions_total{action="accept_all",source="banner",language="de"}"#
        ),
        1.0
    );
    assert_eq!(
        sample(&text, r#"page_cache_requests_total{outcome="hit"}"#),
        1.0
    );
    assert_eq!(
        sample(&text, r#"page_cache_requests_total{outcome="kept"}"#),
        1.0
    );
    assert_eq!(sample(&text, "consent_log_batch_records_count"), 1.0);
    assert_eq!(sample(&text, "consent_log_append_seconds_count"), 1.0);
    assert_eq!(sample(&text, "consent_log_ready"), 1.0);
    assert_eq!(sample(&text, "consent_log_disk_guard_engaged"), 0.0);
    assert!(sample(&text, "page_cache_templates") >= 1.0);
    // Nothing a visitor controls: not the path they chose, not their consent ID.
    assert!(text.contains(r#"route="unmatched",status="404""#), "{text}");
    assert!(!text.contains(probe), "{text}");
    let id = cookie.split('.').nth(1).unwrap();
    assert!(!text.contains(id), "{text}");

    // The chain's verification runs in the background; a later scrape has its result.
    let mut verified = 0.0;
    for _ in 0..50 {
        let text = scrape(&app).await;
        if sample(&text, "consent_log_verify_ok") == 1.0 {
            verified = sample(&text, "consent_log_verify_records");
            assert!(sample(&text, "consent_log_verify_age_seconds") >= 0.0);
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(20)).await;
    }
    assert_eq!(verified, 1.0, "the verification's result");
}
