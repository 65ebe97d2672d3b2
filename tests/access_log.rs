//! One access line per request, at INFO, without the query, cookies, consent IDs or IP
//! addresses: the router's logging, read back from a global log subscriber (alone in this
//! test binary, so no other test's requests mix in).

#[path = "router/helpers.rs"]
#[allow(dead_code, unused_imports)]
mod helpers;

use std::io::Write;
use std::sync::{Arc, Mutex};

use helpers::*;

/// Everything the server logs while `f` runs, as text.
#[derive(Clone, Default)]
struct Captured(Arc<Mutex<Vec<u8>>>);

impl Write for Captured {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

#[tokio::test]
async fn every_request_is_logged_once_at_info_without_query_cookies_or_ids() {
    let captured = Captured::default();
    let writer = captured.clone();
    let subscriber = tracing_subscriber::fmt()
        .with_env_filter("info")
        .with_ansi(false)
        .with_writer(move || writer.clone())
        .finish();
    // Global, not per thread: the request runs in tasks the test does not own.
    tracing::subscriber::set_global_default(subscriber).unwrap();

    let app = TestApp::new().await;
    app.get(
        "/cookie-policy?email=someone%40example.com",
        &[("cookie", "secret=abc")],
    )
    .await;
    let saved = app
        .post(
            "/api/consent/accept-all",
            "return_to=%2F%3Fq%3Dprivate",
            &[],
        )
        .await;
    app.get("/nope", &[]).await;
    let id = saved.stored().id.to_string();

    let text = String::from_utf8(captured.0.lock().unwrap().clone()).unwrap();
    let access: Vec<&str> = text.lines().filter(|l| l.contains(" access:")).collect();
    assert_eq!(access.len(), 3, "captured:\n{text}");
    assert!(
        access[0].contains("INFO")
            && access[0].contains("method=GET path=/cookie-policy status=200 latency_ms="),
        "{}",
        access[0]
    );
    assert!(
        access[1].contains("method=POST path=/api/consent/accept-all status=303"),
        "{}",
        access[1]
    );
    assert!(access[2].contains("path=/nope status=404"), "{}", access[2]);
    for secret in [
        "email",
        "someone",
        "secret=abc",
        "private",
        &id,
        "127.0.0.1",
    ] {
        assert!(!text.contains(secret), "{secret} is in the log:\n{text}");
    }
}
