//! The consent log through the router: one record per decision, none for a refused post, 503
//! and no cookie when the log cannot write, receipts, and the admin view.

use http::{header, StatusCode};
use leadsgen_consent::consent::{FormAction, Source};
use leadsgen_consent::log::VerifyError;

use crate::helpers::*;

#[tokio::test]
async fn each_decision_writes_exactly_one_record_with_what_was_decided() {
    let app = TestApp::new().await;
    let started = leadsgen_consent::log::now_ms();
    let first = app
        .post(
            "/api/consent/accept-all",
            "source=banner&return_to=%2F",
            &[],
        )
        .await;
    assert_eq!(first.status, StatusCode::SEE_OTHER);
    let records = app.records().await;
    assert_eq!(records.len(), 1);
    let r = &records[0].record;
    assert_eq!(
        r.consent_id,
        first.stored().id,
        "the cookie's ID is the record's"
    );
    assert_eq!(r.previous_consent_id, None);
    assert_eq!(
        (r.action, r.source),
        (FormAction::AcceptAll, Source::Banner)
    );
    assert_eq!((r.requested, r.effective), (Choices::ALL, Choices::ALL));
    assert_eq!(r.signals, Signals::NONE);
    assert_eq!(r.policy_revision, "2026-04-12");
    assert_eq!(
        Some(r.policy_sha256.as_str()),
        app.log.policy_sha256(Locale::En)
    );
    assert_eq!(r.locale, "en");
    assert_eq!(r.user_agent, None, "no user agent unless the site opts in");
    assert!(r.recorded_at_ms >= started && r.recorded_at_ms - started < 60_000);
    assert_eq!(first.stored().decided_at.0, r.recorded_at_ms / 1000);

    // Each later decision links to the one it replaces, through the request's own cookie.
    let second = app
        .post(
            "/api/consent/reject-all",
            "source=dialog",
            &[("cookie", &cookie_of(&first))],
        )
        .await;
    let third = app
        .post(
            "/api/consent/save",
            "analytics=on&source=preferences_page",
            &[("cookie", &cookie_of(&second)), ("dnt", "1")],
        )
        .await;
    let fourth = app
        .post(
            "/api/personalization/remember",
            "source=page_notice&return_to=%2Fsettings%3Ftheme%3Ddark",
            &[("cookie", &cookie_of(&third))],
        )
        .await;
    assert_eq!(fourth.status, StatusCode::SEE_OTHER);
    // A personalization setting is not a consent decision.
    app.post(
        "/api/personalization/set",
        "theme=light",
        &[("cookie", &cookie_of(&fourth))],
    )
    .await;

    let records = app.records().await;
    let summary: Vec<_> = records
        .iter()
        .map(|r| {
            let n = &r.record;
            (
                r.seq,
                n.action,
                n.source,
                n.requested,
                n.effective,
                n.signals.dnt,
            )
        })
        .collect();
    let analytics = Choices::NONE.with(CategoryId::Analytics, true);
    let functional = Choices::NONE.with(CategoryId::Functional, true);
    assert_eq!(
        summary,
        [
            (
                1,
                FormAction::AcceptAll,
                Source::Banner,
                Choices::ALL,
                Choices::ALL,
                false
            ),
            (
                2,
                FormAction::RejectAll,
                Source::Dialog,
                Choices::NONE,
                Choices::NONE,
                false
            ),
            (
                3,
                FormAction::SaveChoices,
                Source::PreferencesPage,
                analytics,
                Choices::NONE,
                true
            ),
            (
                4,
                FormAction::AllowFunctional,
                Source::PageNotice,
                functional,
                functional,
                false
            ),
        ]
    );
    for pair in records.windows(2) {
        assert_eq!(
            pair[1].record.previous_consent_id,
            Some(pair[0].record.consent_id)
        );
        assert_eq!(pair[1].prev_hash, pair[0].hash);
    }
    assert_eq!(app.log.verify().await.unwrap(), 4);
}

#[tokio::test]
async fn refused_posts_write_nothing() {
    let app = TestApp::new().await;
    for (path, body) in [
        ("/api/consent/save", "analytics=yes"),
        ("/api/consent/save", "tracking=on"),
        ("/api/consent/accept-all", "source=somewhere"),
        (
            "/api/consent/reject-all",
            "return_to=https%3A%2F%2Fevil.example",
        ),
        ("/api/personalization/remember", "theme=dark"),
    ] {
        let r = app.post(path, body, &[]).await;
        assert_eq!(r.status, StatusCode::BAD_REQUEST, "{path} {body}");
    }
    let cross_site = app
        .send(
            Request::post("/api/consent/accept-all")
                .header(header::HOST, HOST)
                .header(header::ORIGIN, "https://evil.example")
                .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
                .body(Body::from(""))
                .unwrap(),
        )
        .await;
    assert_eq!(cross_site.status, StatusCode::FORBIDDEN);
    assert!(app.records().await.is_empty());
}

/// Breaks the log's chain state in the database, as an outside edit would: the server then
/// cannot vouch for the chain and refuses to extend it.
async fn tamper_chain_state(app: &TestApp, mac: &str) {
    let pool = sqlx::SqlitePool::connect(&format!(
        "sqlite://{}",
        app.dir.path().join("consent.db").display()
    ))
    .await
    .unwrap();
    sqlx::query("UPDATE chain_state SET mac = $1")
        .bind(mac)
        .execute(&pool)
        .await
        .unwrap();
    pool.close().await;
}

#[tokio::test]
async fn a_log_that_cannot_write_answers_503_sets_no_cookie_and_recovers_by_itself() {
    let app = TestApp::new().await;
    tamper_chain_state(&app, "not the signature").await;
    for accept in ["text/html", "application/json"] {
        let r = app
            .post("/api/consent/accept-all", "", &[("accept", accept)])
            .await;
        assert_eq!(r.status, StatusCode::SERVICE_UNAVAILABLE, "{accept}");
        assert!(
            r.set_cookies().is_empty(),
            "{accept}: no cookie for an unrecorded decision"
        );
        assert!(r.headers.get(header::LOCATION).is_none());
        if accept == "text/html" {
            assert!(r.body.contains("We couldn’t save that"), "{}", r.body);
            assert!(r.body.contains("so no cookie was set and nothing changed"));
        } else {
            assert!(r.body.contains("Unavailable"), "{}", r.body);
        }
    }
    // Pages need no database: they still render, banner included.
    let page = app.get("/", &[]).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains(BANNER));

    // Once the store is sound again, the same server records again.
    let (state, _) = app.log.store().unwrap().chain_state().await.unwrap();
    tamper_chain_state(&app, &state.mac(&log_key())).await;
    let r = app.post("/api/consent/accept-all", "", &[]).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    assert_eq!(app.records().await.len(), 1);
    assert_eq!(r.stored().id, app.records().await[0].record.consent_id);
}

#[tokio::test]
async fn receipts_serve_only_the_requests_own_decision() {
    let app = TestApp::new().await;
    let path = "/api/consent/receipt";
    // No decision: 404 with a message, as JSON or as a page. Nothing is created.
    let none = app.get(path, &[]).await;
    assert_eq!(none.status, StatusCode::NOT_FOUND);
    assert!(
        none.body.contains("no cookie decision in force"),
        "{}",
        none.body
    );
    let none = app.get(&format!("{path}?format=html"), &[]).await;
    assert_eq!(none.status, StatusCode::NOT_FOUND);
    assert!(none.headers[header::CONTENT_TYPE]
        .to_str()
        .unwrap()
        .starts_with("text/html"));
    let forged = app.get(path, &[("cookie", "cookie-consent=forged")]).await;
    assert_eq!(forged.status, StatusCode::NOT_FOUND);
    assert!(app.records().await.is_empty());

    let first = app
        .post("/api/consent/accept-all", "source=banner", &[])
        .await;
    let second = app
        .post(
            "/api/consent/save",
            "functional=on&source=dialog",
            &[("cookie", &cookie_of(&first))],
        )
        .await;
    let id = second.stored().id.to_string();
    let r = app
        .get(path, &[("cookie", &cookie_of(&second)), ("host", HOST)])
        .await;
    assert_eq!(r.status, StatusCode::OK);
    assert_eq!(r.headers[header::CONTENT_TYPE], "application/json");
    assert_eq!(
        r.headers[header::CONTENT_DISPOSITION],
        format!("attachment; filename=\"leadsgen-consent-receipt-{id}.json\"").as_str()
    );
    assert_eq!(r.headers[header::CACHE_CONTROL], "private, no-store");
    let receipt: serde_json::Value = serde_json::from_str(&r.body).unwrap();
    assert_eq!(receipt["consent_id"], id.as_str());
    assert_eq!(receipt["controller"]["name"], "LeadsGen");
    // The English text the hash covers, on the configured origin (issue 19, item 4).
    assert_eq!(
        receipt["policy"]["url"],
        format!("{PUBLIC_ORIGIN}/en/cookie-policy")
    );
    assert_eq!(
        receipt["policy"]["sha256"],
        app.log.policy_sha256(Locale::En).unwrap()
    );
    assert_eq!(receipt["action"], "save");
    assert_eq!(receipt["source"], "dialog");
    let records = app.records().await;
    assert_eq!(receipt["record_hash"], records[1].hash.as_str());
    assert_eq!(
        receipt["history"][0]["consent_id"],
        first.stored().id.to_string().as_str()
    );
    assert_eq!(receipt["history"].as_array().unwrap().len(), 1);

    let page = app
        .get(
            &format!("{path}?format=html"),
            &[("cookie", &cookie_of(&second))],
        )
        .await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains(&id) && page.body.contains("Your consent receipt"));
    let bad = app
        .get(
            &format!("{path}?format=xml"),
            &[("cookie", &cookie_of(&second))],
        )
        .await;
    assert_eq!(bad.status, StatusCode::BAD_REQUEST);
}

#[tokio::test]
async fn the_receipt_links_sit_beside_the_proof_of_consent() {
    let app = TestApp::new().await;
    let r = app.post("/api/consent/accept-all", "", &[]).await;
    let page = app
        .get(paths::PREFERENCES, &[("cookie", &cookie_of(&r))])
        .await;
    assert!(
        page.body
            .contains(r#"href="/api/consent/receipt" download"#),
        "{}",
        page.body
    );
    assert!(
        page.body
            .contains(r#"href="/api/consent/receipt?format=html&amp;lang=en""#),
        "{}",
        page.body
    );
    let undecided = app.get(paths::PREFERENCES, &[]).await;
    // (The island's props carry the link's text for later; no link is shown.)
    assert!(!undecided.body.contains(r#"href="/api/consent/receipt"#));
}

#[tokio::test]
async fn the_admin_view_is_off_without_a_token_and_locked_with_one() {
    let off = TestApp::new().await;
    let r = off.get("/admin", &[]).await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);
    assert!(r.body.contains("Page not found"), "the site's own 404");

    let app = TestApp::with_admin(Some("correct horse")).await;
    for auth in [None, Some("Bearer wrong"), Some("Basic d3Jvbmc6d3Jvbmc=")] {
        let headers: Vec<(&str, &str)> = auth.map(|a| ("authorization", a)).into_iter().collect();
        for path in ["/admin", "/admin/consents.csv", "/admin/consents.ndjson"] {
            let r = app.get(path, &headers).await;
            assert_eq!(r.status, StatusCode::UNAUTHORIZED, "{path} {auth:?}");
            let challenges: Vec<_> = r
                .headers
                .get_all(header::WWW_AUTHENTICATE)
                .iter()
                .map(|v| v.to_str().unwrap().to_string())
                .collect();
            assert_eq!(challenges.len(), 2, "{challenges:?}");
            assert!(challenges[0].starts_with("Basic realm="));
            assert!(challenges[1].starts_with("Bearer realm="));
        }
    }
    // "admin:correct horse" in Basic, and the Bearer form.
    for auth in ["Basic YWRtaW46Y29ycmVjdCBob3JzZQ==", "Bearer correct horse"] {
        let r = app.get("/admin", &[("authorization", auth)]).await;
        assert_eq!(r.status, StatusCode::OK, "{auth}");
        assert!(r.body.contains("<h1>Consent log</h1>"));
        assert!(r
            .body
            .contains("<strong>Intact.</strong> 0 records verified"));
        assert_eq!(r.headers[header::CACHE_CONTROL], "no-store");
    }
}

#[tokio::test]
async fn exports_stream_one_line_per_decision_within_the_dates() {
    let app = TestApp::with_admin(Some("t")).await;
    let auth = [("authorization", "Bearer t")];
    let empty = app.get("/admin", &auth).await;
    assert!(empty
        .body
        .contains("<strong>Intact.</strong> 0 records verified"));
    for _ in 0..5 {
        app.post("/api/consent/accept-all", "", &[]).await;
    }
    app.post("/api/consent/reject-all", "", &[]).await;
    let nd = app.get("/admin/consents.ndjson", &auth).await;
    assert_eq!(nd.status, StatusCode::OK);
    assert_eq!(nd.headers[header::CONTENT_TYPE], "application/x-ndjson");
    let all: Vec<serde_json::Value> = nd
        .body
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    // An opening line, the records, the checkpoint signed as the export began, and the
    // signed end.
    assert_eq!(all[0]["export"]["version"], "leadsgen-consent-log/export/1");
    let checkpoint = &all[all.len() - 2]["checkpoint"];
    assert_eq!(checkpoint["head_seq"], 6);
    assert_eq!(all.last().unwrap()["export_end"]["records"], 6);
    let lines: Vec<_> = all.iter().filter(|l| l.get("seq").is_some()).collect();
    assert_eq!(lines.len(), 6);
    let seqs: Vec<_> = lines.iter().map(|l| l["seq"].as_u64().unwrap()).collect();
    assert_eq!(seqs, [1, 2, 3, 4, 5, 6]);
    assert_eq!(lines[5]["action"], "reject_all");
    let csv = app.get("/admin/consents.csv", &auth).await;
    assert_eq!(csv.body.lines().count(), 7, "a header and six rows");
    assert!(csv
        .body
        .starts_with("seq,consent_id,previous_consent_id,recorded_at,"));
    assert!(csv.headers[header::CONTENT_DISPOSITION]
        .to_str()
        .unwrap()
        .contains("leadsgen-consents.csv"));
    let future = app
        .get("/admin/consents.ndjson?from=2999-01-01", &auth)
        .await;
    assert_eq!(
        future.body.lines().count(),
        2,
        "the opening line and the signed end"
    );
    assert!(future.body.starts_with("{\"export\":"));
    let past = app
        .get("/admin/consents.csv?from=&to=2000-01-01", &auth)
        .await;
    assert_eq!(past.body.lines().count(), 1, "the header only");
    let bad = app.get("/admin/consents.csv?from=yesterday", &auth).await;
    assert_eq!(bad.status, StatusCode::BAD_REQUEST);
    assert!(bad.body.contains("not a date"));
    // The dashboard checks what was appended since its last walk.
    let dashboard = app.get("/admin", &auth).await;
    assert!(
        dashboard.body.contains("6 records verified"),
        "{}",
        dashboard.body
    );
    assert!(dashboard
        .body
        .contains("<th scope=\"row\">Accept all</th><td>83 % (5)</td>"));
}

#[tokio::test]
async fn an_edited_record_fails_verification() {
    let app = TestApp::new().await;
    for _ in 0..3 {
        app.post("/api/consent/accept-all", "", &[]).await;
    }
    let pool = sqlx::SqlitePool::connect(&format!(
        "sqlite://{}",
        app.dir.path().join("consent.db").display()
    ))
    .await
    .unwrap();
    // The table refuses edits; someone who drops that guard is still caught by the chain.
    let refused = sqlx::query("UPDATE consent_record SET effective_marketing = 0 WHERE seq = 2")
        .execute(&pool)
        .await;
    assert!(refused.unwrap_err().to_string().contains("append-only"));
    sqlx::query("DROP TRIGGER consent_record_no_update")
        .execute(&pool)
        .await
        .unwrap();
    sqlx::query("UPDATE consent_record SET effective_marketing = 0 WHERE seq = 2")
        .execute(&pool)
        .await
        .unwrap();
    let err = app.log.verify().await.unwrap_err();
    assert!(
        matches!(err, VerifyError::Chain(ref e) if e.seq() == Some(2)),
        "{err}"
    );
    assert!(err.to_string().contains("record 2"), "{err}");
}

/// A compressed export: the compression layer polls the body once more after its end, which
/// a stream that panics when polled again (`futures_util::stream::unfold`) turned into a reset
/// connection (found by the admin end-to-end tests, issue 20).
#[tokio::test]
async fn a_compressed_export_ends_cleanly() {
    let app = TestApp::with_admin(Some("t")).await;
    app.post("/api/consent/accept-all", "", &[]).await;
    for encoding in ["br", "gzip"] {
        let r = app
            .get(
                "/admin/consents.ndjson",
                &[("authorization", "Bearer t"), ("accept-encoding", encoding)],
            )
            .await;
        assert_eq!(r.status, StatusCode::OK, "{encoding}");
        assert_eq!(r.headers[header::CONTENT_ENCODING], encoding);
    }
}

/// Issue 24, item 1: slow admin downloads cannot starve the consent log. Eight exports are
/// started and never read (a reader at a crawl holds its connection the same way): two
/// stream, the others are refused at once with `Retry-After`, and every consent post made
/// meanwhile is recorded and acknowledged. Before, four exports held all four connections
/// and every post answered 503.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn slow_exports_never_starve_the_posts() {
    use tower::ServiceExt;
    let app = TestApp::with_admin(Some("t")).await;
    // More records than the export's buffers hold, so an unread export keeps its cursor open.
    let sha = app
        .log
        .policy_sha256(leadsgen_consent::i18n::Locale::En)
        .unwrap()
        .to_string();
    let writes = (0..3_000u32).map(|n| {
        let mut record = leadsgen_consent::log::record::sample(1);
        record.consent_id.0[..4].copy_from_slice(&n.to_be_bytes());
        record.previous_consent_id = None;
        record.policy_sha256 = sha.clone();
        app.log.record(record)
    });
    for written in futures_util::future::join_all(writes).await {
        written.unwrap();
    }
    let mut held = Vec::new();
    for _ in 0..8 {
        let request = http::Request::get("/admin/consents.ndjson")
            .header("authorization", "Bearer t")
            .body(axum::body::Body::empty())
            .unwrap();
        held.push(app.router.clone().oneshot(request).await.unwrap());
    }
    let streaming = held.iter().filter(|r| r.status() == StatusCode::OK).count();
    assert_eq!(streaming, leadsgen_consent::log::EXPORT_STREAMS);
    for refused in held.iter().filter(|r| r.status() != StatusCode::OK) {
        assert_eq!(refused.status(), StatusCode::SERVICE_UNAVAILABLE);
        assert_eq!(refused.headers()[header::RETRY_AFTER], "30");
    }
    let started = std::time::Instant::now();
    for _ in 0..20 {
        let r = app.post("/api/consent/accept-all", "", &[]).await;
        assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    }
    assert!(
        started.elapsed() < std::time::Duration::from_secs(3),
        "no post waited"
    );
    assert_eq!(app.records().await.len(), 3_020);
    // A download that ends gives its place back.
    drop(held);
    tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    let again = app
        .get(
            "/admin/consents.ndjson?from=2999-01-01",
            &[("authorization", "Bearer t")],
        )
        .await;
    assert_eq!(again.status, StatusCode::OK);
}
