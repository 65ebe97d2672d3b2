//! The axum router end to end in-process: status codes, headers and rendered pages.
#![cfg(feature = "ssr")]

use axum::body::Body;
use http::{header, Request, StatusCode};
use http_body_util::BodyExt;
use leadsgen_consent::server::router;
use leptos::config::LeptosOptions;
use tower::ServiceExt;

fn app() -> axum::Router {
    let options = LeptosOptions::builder()
        .output_name("leadsgen")
        .site_root("target/site")
        .build();
    router::build(options)
}

async fn get(path: &str, headers: &[(&str, &str)]) -> (StatusCode, http::HeaderMap, Vec<u8>) {
    let mut req = Request::get(path);
    for (k, v) in headers {
        req = req.header(*k, *v);
    }
    let res = app()
        .oneshot(req.body(Body::empty()).unwrap())
        .await
        .unwrap();
    let (parts, body) = res.into_parts();
    let bytes = body.collect().await.unwrap().to_bytes().to_vec();
    (parts.status, parts.headers, bytes)
}

async fn get_html(path: &str) -> (StatusCode, String) {
    let (status, _, body) = get(path, &[]).await;
    (status, String::from_utf8(body).unwrap())
}

#[tokio::test]
async fn healthz_answers_ok() {
    let (status, _, body) = get("/healthz", &[]).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(body, b"ok");
}

#[tokio::test]
async fn home_page_renders_with_header_and_footer() {
    let (status, html) = get_html("/").await;
    assert_eq!(status, StatusCode::OK);
    assert!(html.starts_with("<!DOCTYPE html>"));
    assert!(html.contains(r#"<nav aria-label="Main">"#));
    assert!(html.contains(r#"aria-current="page""#));
    assert!(html.contains(r#"<footer class="site-footer">"#));
    assert!(html.contains("<title>LeadsGen: find your next customers</title>"));
}

#[tokio::test]
async fn policy_page_renders() {
    let (status, html) = get_html("/cookie-policy").await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(html.matches("<table").count(), 4);
    assert!(html.contains("<title>Cookie Policy · LeadsGen</title>"));
}

#[tokio::test]
async fn unknown_paths_answer_404_with_the_site_around_them() {
    for path in ["/nope", "/cookie-policy/extra", "/pkg/missing.js"] {
        let (status, _) = get_html(path).await;
        assert_eq!(status, StatusCode::NOT_FOUND, "{path}");
    }
    let (_, html) = get_html("/nope").await;
    assert!(html.contains("Page not found"));
    assert!(html.contains(r#"<nav aria-label="Main">"#));
}

#[tokio::test]
async fn html_is_compressed_when_the_client_accepts_it() {
    for encoding in ["br", "gzip"] {
        let (status, headers, _) = get("/cookie-policy", &[("accept-encoding", encoding)]).await;
        assert_eq!(status, StatusCode::OK);
        assert_eq!(headers[header::CONTENT_ENCODING], encoding);
    }
    let (_, headers, _) = get("/cookie-policy", &[]).await;
    assert!(headers.get(header::CONTENT_ENCODING).is_none());
}
