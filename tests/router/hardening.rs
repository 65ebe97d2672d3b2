//! Hardening (issue 14) at the router: security headers on every answer, the body cap, and
//! the cross-site rule with Fetch Metadata.

use http::{header, StatusCode};

use crate::helpers::*;

const HEADERS: [(&str, &str); 5] = [
    ("x-content-type-options", "nosniff"),
    ("referrer-policy", "strict-origin-when-cross-origin"),
    ("cross-origin-opener-policy", "same-origin"),
    ("cross-origin-resource-policy", "same-origin"),
    ("permissions-policy", "camera=()"),
];

#[tokio::test]
async fn every_answer_carries_the_security_headers() {
    let app = TestApp::new().await;
    let answers = [
        app.get("/", &[]).await,
        app.get("/cookie-policy", &[]).await,
        app.get("/nope", &[]).await,
        app.get("/pkg/missing.js", &[]).await,
        app.get("/healthz", &[]).await,
        app.get("/api/consent/state", &[]).await,
        app.get("/cookie-policy/", &[]).await,
        app.post("/api/consent/accept-all", "", &[]).await,
        app.post("/api/consent/save", "bogus=1", &[]).await,
    ];
    for r in &answers {
        for (name, value) in HEADERS {
            let got = r.headers.get(name).map(|v| v.to_str().unwrap());
            assert!(
                got.is_some_and(|g| g.contains(value)),
                "{} lacks {name}: {value} (has {got:?})",
                r.status
            );
        }
        assert!(
            r.headers.get("strict-transport-security").is_none(),
            "no HSTS over http"
        );
    }
    let permissions = answers[0].headers["permissions-policy"].to_str().unwrap();
    for feature in [
        "microphone=()",
        "geolocation=()",
        "payment=()",
        "browsing-topics=()",
    ] {
        assert!(permissions.contains(feature), "{feature}");
    }
}

#[tokio::test]
async fn behind_https_strict_transport_security_too() {
    let app = TestApp::https().await;
    for path in ["/", "/healthz", "/nope"] {
        let r = app.get(path, &[]).await;
        assert_eq!(
            r.headers["strict-transport-security"], "max-age=63072000; includeSubDomains",
            "{path}"
        );
    }
}

#[tokio::test]
async fn a_body_over_16_kib_is_a_413_and_writes_nothing() {
    let app = TestApp::new().await;
    let big = format!("return_to=%2F&x={}", "a".repeat(16 * 1024));
    for accept in ["text/html", "application/json"] {
        let r = app
            .post("/api/consent/accept-all", &big, &[("accept", accept)])
            .await;
        assert_eq!(r.status, StatusCode::PAYLOAD_TOO_LARGE, "{accept}");
        assert!(
            r.body.contains("larger than this site accepts"),
            "{}",
            r.body
        );
        assert!(r.set_cookies().is_empty());
    }
    // The same without a Content-Length (chunked).
    let stream = futures_util::stream::iter(
        (0..40).map(|_| Ok::<_, std::io::Error>(axum::body::Bytes::from(vec![b'a'; 1024]))),
    );
    let r = app
        .send(
            same_site_post("/api/consent/accept-all")
                .body(Body::from_stream(stream))
                .unwrap(),
        )
        .await;
    assert_eq!(r.status, StatusCode::PAYLOAD_TOO_LARGE);
    assert!(app.records().await.is_empty());
    // Just under the cap is a normal (refused-for-content) form.
    let near = format!("x={}", "a".repeat(16 * 1024 - 10));
    let r = app.post("/api/consent/save", &near, &[]).await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST);
}

#[tokio::test]
async fn fetch_metadata_decides_first_and_origin_null_is_refused() {
    let app = TestApp::new().await;
    let post = |headers: Vec<(&'static str, &'static str)>| {
        let mut req = Request::post("/api/consent/reject-all")
            .header(header::HOST, HOST)
            .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded");
        for (k, v) in headers {
            req = req.header(k, v);
        }
        req.body(Body::from("")).unwrap()
    };
    for (headers, status) in [
        (
            vec![("sec-fetch-site", "same-origin"), ("origin", ORIGIN)],
            StatusCode::OK,
        ),
        (vec![("sec-fetch-site", "same-origin")], StatusCode::OK),
        (
            vec![("sec-fetch-site", "same-site"), ("origin", ORIGIN)],
            StatusCode::FORBIDDEN,
        ),
        (
            vec![("sec-fetch-site", "cross-site")],
            StatusCode::FORBIDDEN,
        ),
        (vec![("origin", "null")], StatusCode::FORBIDDEN),
        (
            vec![("referer", "https://evil.example/x")],
            StatusCode::FORBIDDEN,
        ),
        // None of the three: not a browser page's post; curl and monitoring pass.
        (vec![], StatusCode::OK),
    ] {
        let r = app.send(post(headers.clone())).await;
        assert_eq!(r.status, status, "{headers:?}");
    }
}
