//! The personalization server functions and the settings they render.

use http::{header, StatusCode};

use crate::helpers::*;

#[tokio::test]
async fn without_functional_consent_a_preference_stays_on_the_page() {
    let r = post(
        "/api/personalization/set",
        "theme=dark&return_to=%2Fsettings",
        &[],
    )
    .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    assert_eq!(r.headers[header::LOCATION], "/settings?theme=dark");
    assert!(r.set_cookies().is_empty());
    let page = get("/settings?theme=dark", &[]).await;
    assert!(page.body.contains(r#"<html lang="en" data-theme="dark">"#));
    assert!(page.body.contains("Your choice applies to this page only"));
}

#[tokio::test]
async fn with_functional_consent_preferences_are_stored_and_rendered() {
    let consent = functional_cookie();
    for (body, expected) in [
        ("theme=dark", "theme=dark"),
        ("sidebar=collapsed", "sidebar-collapsed=true"),
        ("workspace=globex-emea", "last-workspace=globex-emea"),
    ] {
        let r = post(
            "/api/personalization/set",
            &format!("{body}&return_to=%2Fsettings%3Ftheme%3Dlight"),
            &[("cookie", &consent)],
        )
        .await;
        assert_eq!(r.status, StatusCode::SEE_OTHER, "{body}");
        // Page-only choices are dropped once stored; the page confirms what was saved.
        let field = body.split('=').next().unwrap();
        assert_eq!(
            r.headers[header::LOCATION],
            format!("/settings?saved={field}#saved").as_str(),
            "{body}"
        );
        let cookies = r.set_cookies();
        assert_eq!(cookies.len(), 1, "{cookies:?}");
        assert!(
            cookies[0].starts_with(&format!("{expected};")),
            "{}",
            cookies[0]
        );
        assert!(cookies[0].contains("HttpOnly") && cookies[0].contains("SameSite=Lax"));
    }
    let r = post(
        "/api/personalization/set",
        "workspace=acme-sales",
        &[("cookie", &consent)],
    )
    .await;
    assert!(
        r.set_cookies()[0].contains("Max-Age=2592000"),
        "last-workspace lasts 30 days"
    );

    let all = format!("{consent}; theme=dark; sidebar-collapsed=true; last-workspace=globex-emea");
    let page = get("/settings", &[("cookie", &all)]).await;
    assert!(page.body.contains(r#"data-theme="dark""#));
    assert!(page.body.contains("settings--collapsed"));
    assert!(page
        .body
        .contains("Current workspace: <strong>Globex EMEA</strong>"));
    // The same cookies without functional consent are ignored.
    let page = get(
        "/settings",
        &[("cookie", "theme=dark; sidebar-collapsed=true")],
    )
    .await;
    assert!(page.body.contains(r#"data-theme="system""#));
    assert!(!page.body.contains("settings--collapsed"));
}

#[tokio::test]
async fn remember_allows_functional_and_stores_the_page_only_choices() {
    let r = post(
        "/api/personalization/remember",
        "return_to=%2Fsettings%3Ftheme%3Ddark%26sidebar%3Dcollapsed",
        &[],
    )
    .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    assert_eq!(r.headers[header::LOCATION], "/settings");
    assert_eq!(
        r.stored().choices,
        Choices {
            functional: true,
            ..Choices::NONE
        }
    );
    let names: Vec<&str> = r
        .set_cookies()
        .iter()
        .map(|l| l.split('=').next().unwrap())
        .collect();
    assert_eq!(names, ["cookie-consent", "theme", "sidebar-collapsed"]);
}

#[tokio::test]
async fn bad_preference_posts_are_400s() {
    for body in [
        "theme=purple",
        "colour=dark",
        "theme=dark&sidebar=collapsed",
        "",
        "sidebar=sideways",
    ] {
        let r = post(
            "/api/personalization/set",
            body,
            &[("cookie", &functional_cookie())],
        )
        .await;
        assert_eq!(r.status, StatusCode::BAD_REQUEST, "{body}: {}", r.body);
        assert!(r.set_cookies().is_empty(), "{body}");
    }
    let r = post("/api/personalization/remember", "theme=dark", &[]).await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST);
}

/// Issue 20, item 4: one reading of a query string. `?theme=%64ark` is `theme=dark` to the
/// page, and a page-only choice written with escapes is dropped from `return_to` once stored,
/// like the plain one.
#[tokio::test]
async fn an_escaped_query_is_read_as_the_browser_meant_it() {
    let page = get("/settings?th%65me=%64ark", &[]).await;
    assert!(page.body.contains(r#"<html lang="en" data-theme="dark">"#));
    assert!(page.body.contains("Your choice applies to this page only"));
    let saved = get(
        "/settings?s%61ved=theme",
        &[("cookie", &functional_cookie())],
    )
    .await;
    assert!(
        saved.body.contains(r#"id="saved""#),
        "the escaped marker is the marker"
    );
    let r = post(
        "/api/personalization/set",
        "theme=light&return_to=%2Fsettings%3Ftheme%3D%2564ark",
        &[("cookie", &functional_cookie())],
    )
    .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    assert_eq!(r.headers[header::LOCATION], "/settings?saved=theme#saved");
}
