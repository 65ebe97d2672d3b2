//! The consent server functions: exact cookies, statuses and refusals.

use http::{header, StatusCode};

use crate::helpers::*;

#[tokio::test]
async fn accept_all_sets_the_exact_cookie_and_returns_to_the_page() {
    let r = post("/api/consent/accept-all", "return_to=%2Fcookie-policy", &[]).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    assert_eq!(r.headers[header::LOCATION], "/cookie-policy");
    let cookies = r.set_cookies();
    assert_eq!(cookies.len(), 1, "{cookies:?}");
    let attrs = attributes(cookies[0]);
    assert_eq!(
        attrs,
        ["HttpOnly", "SameSite=Lax", "Path=/", "Max-Age=31536000"]
    );
    let stored = r.stored();
    assert_eq!(stored.choices, Choices::ALL);
    assert_eq!(stored.revision, LEADSGEN.revision);
    assert_eq!(stored.signals, Signals::NONE);
    assert!(now().0 - stored.decided_at.0 < 60);
}

#[tokio::test]
async fn reject_all_and_save_choices_store_what_was_asked() {
    let r = post("/api/consent/reject-all", "return_to=%2F", &[]).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    assert_eq!(r.stored().choices, Choices::NONE);

    let r = post(
        "/api/consent/save",
        "analytics=on&return_to=%2Fcookie-preferences",
        &[],
    )
    .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    assert_eq!(r.headers[header::LOCATION], "/cookie-preferences");
    assert_eq!(
        r.stored().choices,
        Choices {
            analytics: true,
            ..Choices::NONE
        }
    );
    let attrs = attributes(r.set_cookies()[0]);
    assert_eq!(
        attrs,
        ["HttpOnly", "SameSite=Lax", "Path=/", "Max-Age=31536000"]
    );
}

#[tokio::test]
async fn each_decision_gets_a_new_id() {
    let a = post("/api/consent/accept-all", "", &[]).await.stored();
    let b = post("/api/consent/accept-all", "", &[]).await.stored();
    assert_ne!(a.id, b.id);
}

#[tokio::test]
async fn a_javascript_call_gets_the_new_state_instead_of_a_redirect() {
    let req = Request::post("/api/consent/save")
        .header(header::HOST, HOST)
        .header(header::ORIGIN, ORIGIN)
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        .header(header::ACCEPT, "application/json")
        .body(Body::from("functional=on"))
        .unwrap();
    let r = send(req).await;
    assert_eq!(r.status, StatusCode::OK);
    assert!(r.headers.get(header::LOCATION).is_none());
    let saved: ConsentSaved = serde_json::from_str(&r.body).unwrap();
    assert!(
        saved.visitor.encode().starts_with("0.d.1."),
        "the new state: {}",
        r.body
    );
    assert!(
        saved.page.contains(r#""functional":true"#),
        "{}",
        saved.page
    );
    assert!(
        saved.page.contains(r#""tags":[]"#),
        "no tracker was allowed"
    );
    assert!(r.stored().choices.functional);
}

#[tokio::test]
async fn signals_store_tracking_off_whatever_was_posted() {
    for signal in ["dnt", "sec-gpc"] {
        let r = post(
            "/api/consent/save",
            "analytics=on&marketing=on&functional=on",
            &[(signal, "1")],
        )
        .await;
        assert_eq!(r.status, StatusCode::SEE_OTHER, "{signal}");
        let stored = r.stored();
        assert_eq!(
            stored.choices,
            Choices {
                functional: true,
                ..Choices::NONE
            },
            "{signal}"
        );
        assert!(stored.signals.any());
        let r = post("/api/consent/accept-all", "", &[(signal, "1")]).await;
        assert!(!r.stored().choices.analytics && !r.stored().choices.marketing);
    }
}

#[tokio::test]
async fn cross_site_posts_are_refused_and_write_nothing() {
    for (name, value) in [
        ("origin", "https://evil.example"),
        ("origin", "null"),
        ("sec-fetch-site", "cross-site"),
    ] {
        let mut req = Request::post("/api/consent/accept-all")
            .header(header::HOST, HOST)
            .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
            .header(name, value);
        if name != "origin" {
            req = req.header(header::ORIGIN, ORIGIN);
        }
        let r = send(req.body(Body::from("")).unwrap()).await;
        assert_eq!(r.status, StatusCode::FORBIDDEN, "{name}: {value}");
        assert!(r.set_cookies().is_empty());
        assert!(r.body.contains("cross-site"), "{}", r.body);
    }
    let r = post(
        "/api/consent/accept-all",
        "",
        &[("referer", "https://evil.example/")],
    )
    .await;
    assert_eq!(
        r.status,
        StatusCode::SEE_OTHER,
        "Origin wins over Referer when both are sent"
    );
}

#[tokio::test]
async fn malformed_input_is_a_400_with_a_message_and_no_cookie() {
    for (path, body) in [
        ("/api/consent/save", "analytics=yes"),
        ("/api/consent/save", "necessary=on"),
        ("/api/consent/save", "tracking=on"),
        ("/api/consent/accept-all", "analytics=on"),
        (
            "/api/consent/reject-all",
            "return_to=https%3A%2F%2Fevil.example",
        ),
        ("/api/consent/reject-all", "return_to=%2F%2Fevil.example"),
        ("/api/consent/save", "analytics[x]=on"),
        ("/api/consent/save", "%FF%FE=%00"),
    ] {
        for accept in ["text/html", "application/json"] {
            let r = post(path, body, &[("accept", accept)]).await;
            assert_eq!(
                r.status,
                StatusCode::BAD_REQUEST,
                "{path} {body} ({accept}): {}",
                r.body
            );
            assert!(r.set_cookies().is_empty(), "{path} {body}");
            if accept == "text/html" {
                // A person without JavaScript gets a page that explains, not JSON.
                assert!(r.headers[header::CONTENT_TYPE]
                    .to_str()
                    .unwrap()
                    .starts_with("text/html"));
                assert!(r.body.contains("We couldn’t save that"), "{}", r.body);
                assert!(r.body.contains("nothing was saved"), "{}", r.body);
                assert!(r.headers.get(header::LOCATION).is_none());
            } else {
                assert!(r.body.contains("BadRequest"), "{path} {body}: {}", r.body);
            }
        }
    }
}

#[tokio::test]
async fn a_body_that_is_not_utf8_is_a_400_not_a_500() {
    for path in [
        "/api/consent/accept-all",
        "/api/consent/save",
        "/api/personalization/set",
    ] {
        let req = Request::post(path)
            .header(header::HOST, HOST)
            .header(header::ORIGIN, ORIGIN)
            .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
            .body(Body::from(vec![b'a', b'=', 0xff, 0xfe, 0x00, 0x80]))
            .unwrap();
        let r = send(req).await;
        assert_eq!(r.status, StatusCode::BAD_REQUEST, "{path}: {}", r.body);
        assert!(r.set_cookies().is_empty());
    }
}

#[tokio::test]
async fn revoking_a_category_expires_its_cookies() {
    let carried =
        "_fbp=fb.1.123; _gcl_au=1.1.1; _plausible=x; theme=dark; next-auth.session-token=s";
    let r = post(
        "/api/consent/save",
        "functional=on&analytics=on",
        &[("cookie", carried)],
    )
    .await;
    let cookies = r.set_cookies();
    let expired: Vec<&str> = cookies
        .iter()
        .filter(|l| l.contains("Max-Age=0"))
        .map(|l| l.split('=').next().unwrap())
        .collect();
    assert_eq!(expired, ["_fbp", "_gcl_au"]);
    for line in cookies.iter().filter(|l| l.contains("Max-Age=0")) {
        assert!(line.contains("Path=/"), "{line}");
    }

    let r = post("/api/consent/reject-all", "", &[("cookie", carried)]).await;
    let expired: Vec<&str> = r
        .set_cookies()
        .into_iter()
        .filter(|l| l.contains("Max-Age=0"))
        .map(|l| l.split('=').next().unwrap())
        .collect();
    assert_eq!(
        expired,
        ["theme", "_plausible", "_fbp", "_gcl_au"],
        "strictly necessary cookies stay"
    );
}
