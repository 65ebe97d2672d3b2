//! The faults visitors and hand-written clients found (issue 11), each as the HTTP exchange
//! that showed it: URL variants, non-ASCII `return_to`, the plain form's 303 body, the consent
//! state that pages restored from history ask for. The access log has its own test binary
//! (`tests/access_log.rs`), since it installs a global log subscriber.

use http::{header, Method, StatusCode};

use crate::helpers::*;

// ---- one URL per route ------------------------------------------------------------------------

#[tokio::test]
async fn variants_of_a_path_redirect_to_it_with_308_and_keep_the_query() {
    let app = TestApp::new().await;
    for (variant, canonical) in [
        ("/cookie-policy/", "/cookie-policy"),
        ("/settings/", "/settings"),
        ("/cookie-preferences/?x=1", "/cookie-preferences?x=1"),
        ("//cookie-policy", "/cookie-policy"),
        ("/index.html", "/"),
        ("/cookie%2Dpolicy", "/cookie-policy"),
        ("/a/../settings?theme=dark", "/settings?theme=dark"),
        ("/pkg//missing.js", "/pkg/missing.js"),
        ("/healthz/", "/healthz"),
    ] {
        let r = app.get(variant, &[]).await;
        assert_eq!(r.status, StatusCode::PERMANENT_REDIRECT, "{variant}");
        assert_eq!(r.headers[header::LOCATION], canonical, "{variant}");
        assert!(
            !r.body.contains("<h1"),
            "{variant}: no page under a variant"
        );
    }
    // A post to a variant keeps its method and body through the 308.
    let r = app.post("/api/consent/accept-all/", "", &[]).await;
    assert_eq!(r.status, StatusCode::PERMANENT_REDIRECT);
    assert_eq!(r.headers[header::LOCATION], "/api/consent/accept-all");
    assert!(r.set_cookies().is_empty());
}

#[tokio::test]
async fn a_page_never_goes_out_with_an_error_status() {
    let app = TestApp::new().await;
    for path in [
        "/nope",
        "/cookie-policy/extra",
        "/Cookie-Policy",
        "/cookie%2Fpolicy",
        "/api/nope",
        "/pkg/missing.js",
    ] {
        let r = app.get(path, &[]).await;
        assert_eq!(r.status, StatusCode::NOT_FOUND, "{path}");
        assert!(!r.body.contains("<h1>Cookie Policy</h1>"), "{path}");
        if !path.starts_with("/pkg/") {
            assert!(
                r.body.contains("Page not found"),
                "{path}: the real not-found page"
            );
        }
    }
}

#[tokio::test]
async fn head_answers_every_route_like_get_without_a_body() {
    let app = TestApp::new().await;
    for (path, status) in [
        (paths::HOME, StatusCode::OK),
        (paths::POLICY, StatusCode::OK),
        (paths::PREFERENCES, StatusCode::OK),
        (paths::SETTINGS, StatusCode::OK),
        ("/healthz", StatusCode::OK),
        ("/api/consent/state", StatusCode::OK),
        ("/api/consent/receipt", StatusCode::NOT_FOUND),
        ("/nope", StatusCode::NOT_FOUND),
    ] {
        let r = app
            .send(
                Request::builder()
                    .method(Method::HEAD)
                    .uri(path)
                    .body(Body::empty())
                    .unwrap(),
            )
            .await;
        assert_eq!(r.status, status, "HEAD {path}");
        assert_eq!(r.body, "", "HEAD {path}");
    }
}

#[tokio::test]
async fn a_method_a_route_does_not_take_is_a_405_with_allow_and_changes_nothing() {
    let app = TestApp::new().await;
    for (method, path, allow) in [
        ("GET", "/api/consent/accept-all", "POST"),
        ("PUT", "/api/consent/save", "POST"),
        ("POST", "/", "GET,HEAD"),
        ("POST", "/cookie-policy", "GET,HEAD"),
    ] {
        let r = app
            .send(
                Request::builder()
                    .method(method)
                    .uri(path)
                    .header(header::HOST, HOST)
                    .header(header::ORIGIN, ORIGIN)
                    .body(Body::empty())
                    .unwrap(),
            )
            .await;
        assert_eq!(r.status, StatusCode::METHOD_NOT_ALLOWED, "{method} {path}");
        assert_eq!(r.headers[header::ALLOW], allow, "{method} {path}");
        assert!(r.set_cookies().is_empty());
    }
    assert!(app.records().await.is_empty());
}

// ---- return_to becomes an ASCII Location ------------------------------------------------------

#[tokio::test]
async fn a_non_ascii_return_to_comes_back_percent_encoded() {
    // Written raw, as hand-written clients do: UTF-8 bytes in the form body.
    let r = post(
        "/api/consent/accept-all",
        "return_to=/cookie-policy?q=été",
        &[],
    )
    .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    let location = r.headers[header::LOCATION]
        .to_str()
        .expect("an ASCII Location");
    assert_eq!(location, "/cookie-policy?q=%C3%A9t%C3%A9");
    // The same through the personalization form, which returns with its page-only choice.
    let r = post(
        "/api/personalization/set",
        "theme=dark&return_to=/réglages?ü=1",
        &[],
    )
    .await;
    assert_eq!(
        r.headers[header::LOCATION],
        "/r%C3%A9glages?%C3%BC=1&theme=dark"
    );
}

#[tokio::test]
async fn a_return_to_that_cannot_be_made_safe_is_a_400_that_writes_nothing() {
    let app = TestApp::new().await;
    for body in [
        "return_to=//evil.example/",
        "return_to=%2F%09%2Fevil.example",
        "return_to=https://evil.example",
        "return_to=/a%5Cb",
    ] {
        let r = app.post("/api/consent/reject-all", body, &[]).await;
        assert_eq!(r.status, StatusCode::BAD_REQUEST, "{body}");
        assert!(r.set_cookies().is_empty(), "{body}");
    }
    assert!(app.records().await.is_empty());
}

#[tokio::test]
async fn a_page_with_a_very_long_query_posts_back_to_a_location_that_is_accepted() {
    // A query that is too long to come back to (over 4096 bytes once encoded) is dropped
    // from the forms' return_to, so the banner's buttons still work on that page.
    let app = TestApp::new().await;
    let long = format!("/cookie-policy?q={}", "é".repeat(1000));
    // Sent as a browser sends it: non-ASCII percent-encoded.
    let sent = percent_encoding::utf8_percent_encode(&long, percent_encoding::CONTROLS).to_string();
    let page = app.get(&sent, &[]).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(
        page.body
            .contains(r#"name="return_to" value="/cookie-policy""#),
        "the forms come back to the page without its query"
    );
    let r = app
        .post(
            "/api/consent/reject-all",
            "source=banner&return_to=%2Fcookie-policy",
            &[],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    // A query that fits is kept, encoded.
    let page = app.get("/cookie-policy?q=%C3%A9t%C3%A9", &[]).await;
    assert!(page
        .body
        .contains(r#"name="return_to" value="/cookie-policy?q=%C3%A9t%C3%A9""#));
}

// ---- the plain form's 303 -------------------------------------------------------------------

#[tokio::test]
async fn a_plain_forms_303_carries_a_link_not_json() {
    for path in [
        "/api/consent/accept-all",
        "/api/consent/save",
        "/api/personalization/remember",
    ] {
        let r = post(path, "return_to=%2Fcookie-policy%3Fa%3D1%26b%3D2", &[]).await;
        assert_eq!(r.status, StatusCode::SEE_OTHER, "{path}");
        assert!(r.headers[header::CONTENT_TYPE]
            .to_str()
            .unwrap()
            .starts_with("text/html"));
        assert!(
            r.body
                .contains(r#"<a href="/cookie-policy?a=1&amp;b=2">/cookie-policy?a=1&amp;b=2</a>"#),
            "{path}: {}",
            r.body
        );
        assert!(!r.body.contains("visitor"), "{path}: no JSON state");
    }
}

// ---- pages restored from history ask for the consent in force ---------------------------------

#[tokio::test]
async fn the_consent_state_is_what_a_fresh_page_would_embed() {
    let app = TestApp::new().await;
    let none = app.get("/api/consent/state", &[]).await;
    assert_eq!(none.status, StatusCode::OK);
    assert_eq!(none.headers[header::CACHE_CONTROL], "no-store");
    assert_eq!(none.headers[header::VARY], "Cookie, DNT, Sec-GPC");
    let state: serde_json::Value = serde_json::from_str(&none.body).unwrap();
    assert_eq!(state["detail"]["id"], serde_json::Value::Null);

    let cookie = decided_cookie(Choices::ALL);
    let now: serde_json::Value = serde_json::from_str(
        &app.get("/api/consent/state", &[("cookie", &cookie)])
            .await
            .body,
    )
    .unwrap();
    let page = app.get("/", &[("cookie", &cookie)]).await.body;
    let embedded = page
        .split(r#"<script type="application/json" id="leadsgen-consent">"#)
        .nth(1)
        .and_then(|rest| rest.split("</script>").next())
        .expect("the page state in the page");
    let embedded: serde_json::Value = serde_json::from_str(embedded).unwrap();
    assert_eq!(now["detail"], embedded["detail"]);
    assert_eq!(now["detail"]["categories"]["marketing"], true);
    // The runtime every page inlines asks this very path.
    assert!(page.contains(&format!(
        r#"fetch("{}""#,
        leadsgen_consent::api::consent_state::STATE_PATH
    )));
    assert!(page.contains(r#"addEventListener("pageshow""#));
}
