//! Pages: status, shell, compression and caching headers.

use http::{header, StatusCode};

use crate::helpers::*;

#[tokio::test]
async fn healthz_answers_ok() {
    let r = get("/healthz", &[]).await;
    assert_eq!(r.status, StatusCode::OK);
    assert_eq!(r.body, "ok");
}

#[tokio::test]
async fn home_page_renders_with_header_and_footer() {
    let r = get("/", &[]).await;
    assert_eq!(r.status, StatusCode::OK);
    assert!(r.body.starts_with("<!DOCTYPE html>"));
    assert!(r.body.contains(r#"<nav aria-label="Main">"#));
    assert!(r.body.contains(r#"aria-current="page""#));
    assert!(r.body.contains(r#"<footer class="site-footer">"#));
    assert!(r.body.contains(">Cookie settings</a>"));
    assert!(r
        .body
        .contains("<title>LeadsGen: find your next customers</title>"));
}

#[tokio::test]
async fn policy_page_renders() {
    let r = get("/cookie-policy", &[]).await;
    assert_eq!(r.status, StatusCode::OK);
    let article = &r.body[r.body.find("<article").unwrap()..r.body.find("</article>").unwrap()];
    assert_eq!(article.matches("<table").count(), 4);
    assert!(r.body.contains("<title>Cookie Policy · LeadsGen</title>"));
}

#[tokio::test]
async fn unknown_paths_answer_404_with_the_site_around_them() {
    for path in ["/nope", "/cookie-policy/extra", "/pkg/missing.js"] {
        assert_eq!(get(path, &[]).await.status, StatusCode::NOT_FOUND, "{path}");
    }
    let r = get("/nope", &[]).await;
    assert!(r.body.contains("Page not found"));
    assert!(r.body.contains(r#"<nav aria-label="Main">"#));
    assert!(
        r.body.contains(BANNER),
        "the banner shows on the 404 page too"
    );
}

#[tokio::test]
async fn html_is_compressed_when_the_client_accepts_it() {
    for encoding in ["br", "gzip"] {
        let r = get("/cookie-policy", &[("accept-encoding", encoding)]).await;
        assert_eq!(r.status, StatusCode::OK);
        assert_eq!(r.headers[header::CONTENT_ENCODING], encoding);
    }
    let r = get("/cookie-policy", &[]).await;
    assert!(r.headers.get(header::CONTENT_ENCODING).is_none());
}

#[tokio::test]
async fn pages_vary_by_consent_inputs_and_are_private() {
    let r = get("/", &[]).await;
    let vary = r.headers[header::VARY].to_str().unwrap();
    // An unprefixed page negotiates its language too.
    assert_eq!(
        vary,
        "Cookie, DNT, Sec-GPC, accept-encoding, Accept-Language"
    );
    // A page whose URL pins its language does not vary by the browser's.
    let pinned = get("/de", &[]).await;
    let vary = pinned.headers[header::VARY].to_str().unwrap();
    assert_eq!(vary, "Cookie, DNT, Sec-GPC");
    assert!(r.headers[header::CACHE_CONTROL]
        .to_str()
        .unwrap()
        .contains("private"));
}

#[tokio::test]
async fn the_route_table_serves_exactly_the_declared_paths() {
    // `app.rs` must write its `path!()` literals; they must be the ones `paths` declares.
    let mut routes: Vec<String> = leptos_axum::generate_route_list(leadsgen_consent::app::App)
        .iter()
        .map(|r| r.path().to_string())
        .collect();
    routes.sort();
    // `paths::PAGES` (what the page cache may keep) is every routed page.
    let mut declared = paths::PAGES;
    declared.sort();
    assert_eq!(routes, declared);
    for path in declared {
        assert_eq!(get(path, &[]).await.status, StatusCode::OK, "{path}");
    }
}

#[tokio::test]
async fn the_island_reads_its_state_from_the_page_not_from_props() {
    let cookie = valid_cookie();
    let r = get("/de", &[("cookie", &cookie)]).await;
    // No serialized props: no JSON decoder in the wasm bundle (issue 25 §3).
    let island = &r.body[r.body.find("<leptos-island").unwrap()..];
    let island = &island[..island.find('>').unwrap()];
    assert!(!island.contains("data-props"), "{island}");
    // The visitor's compact form and the island's words, in the page's language.
    let state = &r.body[r.body.find(r#"id="consent-island-state""#).unwrap()..];
    let state = &state[..state.find('>').unwrap()];
    let visitor = state.split(r#"data-visitor=""#).nth(1).unwrap();
    let visitor = &visitor[..visitor.find('"').unwrap()];
    let decoded = leadsgen_consent::consent::Visitor::decode(visitor).expect("a visitor");
    assert!(decoded.decision.stored().is_some());
    assert!(
        state.contains("data-text=\"de\nCookie-Einstellungen\n"),
        "{state}"
    );
}
