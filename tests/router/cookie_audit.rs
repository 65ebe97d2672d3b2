//! Issue 22 §2: the live cookie audit, through the router: names counted from the Cookie
//! header (never a value), a cookie without consent expired by the page that sees it (a
//! cached page too), counts summed across servers, and the dashboard escaping every name.

use leadsgen_consent::consent::cookie_audit::{Finding, MAX_NAMES, OTHER};
use leadsgen_consent::log::AuditTotal;

use http::StatusCode;

use crate::helpers::*;

async fn totals(app: &TestApp) -> Vec<AuditTotal> {
    let store = app.log.store().unwrap();
    app.audit.flush(store).await;
    store.cookie_audit(0).await.unwrap()
}

fn count(totals: &[AuditTotal], finding: Finding, name: &str) -> u64 {
    totals
        .iter()
        .find(|t| t.finding == finding && t.name == name)
        .map_or(0, |t| t.seen.count)
}

/// Every byte of the SQLite log's files (the database and its write-ahead log).
fn database_bytes(app: &TestApp) -> Vec<u8> {
    let mut bytes = Vec::new();
    for file in ["consent.db", "consent.db-wal"] {
        if let Ok(b) = std::fs::read(app.dir.path().join(file)) {
            bytes.extend(b);
        }
    }
    bytes
}

#[tokio::test]
async fn names_are_counted_values_never_stored_and_a_cookie_without_consent_expires() {
    let app = TestApp::new().await;
    let secret = "SECRET-VALUE-7f3a9c";
    let sent = format!("_ga=GA1.{secret}; _fbp=fb.1.{secret}");
    // Twice: the second answer comes from the page cache, and expires the cookie too.
    for round in 0..2u64 {
        let page = app.get("/cookie-policy", &[("cookie", &sent)]).await;
        assert_eq!(
            app.pages.hits(),
            round,
            "the second answer is the template's"
        );
        assert_eq!(page.status, StatusCode::OK);
        let expired: Vec<&str> = page
            .set_cookies()
            .into_iter()
            .filter(|l| l.contains("Max-Age=0"))
            .collect();
        // No consent: _fbp (marketing) is expired; _ga is not ours to expire (the registry
        // does not declare it).
        assert_eq!(expired.len(), 1, "{expired:?}");
        assert!(expired[0].starts_with("_fbp=;"));
    }
    // With consent for everything, nothing is without consent, and nothing expires.
    let allowed = format!("{}; _fbp=fb.1.{secret}", valid_cookie());
    let page = app.get("/cookie-policy", &[("cookie", &allowed)]).await;
    assert!(page.set_cookies().is_empty(), "{:?}", page.set_cookies());

    let totals = totals(&app).await;
    assert_eq!(count(&totals, Finding::Undeclared, "_ga"), 2);
    assert_eq!(count(&totals, Finding::WithoutConsent, "_fbp"), 2);
    assert_eq!(totals.len(), 2, "{totals:?}");
    let stored = database_bytes(&app);
    assert!(
        !stored.windows(secret.len()).any(|w| w == secret.as_bytes()),
        "a cookie value reached the database"
    );
}

#[tokio::test]
async fn a_post_is_counted_but_its_cookies_are_left_to_the_decision() {
    let app = TestApp::new().await;
    let answer = app
        .post(
            "/api/consent/accept-all",
            "source=banner",
            &[("cookie", "_fbp=fb.1.2")],
        )
        .await;
    assert_eq!(answer.status, StatusCode::SEE_OTHER);
    // Accept all allows marketing: _fbp must not be expired by the consent it replaces.
    assert!(answer.set_cookies().iter().all(|l| !l.starts_with("_fbp=")));
    assert_eq!(
        count(&totals(&app).await, Finding::WithoutConsent, "_fbp"),
        1
    );
}

#[tokio::test]
async fn ten_thousand_random_names_stay_within_the_bound() {
    let app = TestApp::new().await;
    for request in 0..1_000 {
        let header: Vec<String> = (0..10)
            .map(|i| format!("r{request:04}x{i}{}=1", "n".repeat(request % 90)))
            .collect();
        app.get("/healthz", &[("cookie", &header.join("; "))]).await;
    }
    let totals = totals(&app).await;
    assert_eq!(totals.len(), MAX_NAMES + 1);
    assert_eq!(
        count(&totals, Finding::Undeclared, OTHER),
        10_000 - MAX_NAMES as u64
    );
    assert!(totals.iter().all(|t| t.name.chars().count() <= 64));
}

#[tokio::test]
async fn the_dashboard_shows_names_as_text() {
    let app = TestApp::with_admin(Some("audit token")).await;
    let hostile = "<script>alert(1)</script>";
    app.get("/", &[("cookie", &format!("{hostile}=1; _gcl_au=2"))])
        .await;
    app.audit.flush(app.log.store().unwrap()).await;
    let page = app
        .get("/admin", &[("authorization", "Bearer audit token")])
        .await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains("Cookie audit"), "{}", page.body);
    assert!(!page.body.contains(hostile));
    assert!(page.body.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
    // A declared cookie without consent, with its category.
    assert!(
        page.body.contains("<code><bdi>_gcl_au</bdi></code>"),
        "{}",
        page.body
    );
    assert!(page.body.contains("Marketing"));
}

/// A flush the database refuses keeps its counts for the next one: here the table is renamed
/// away from another connection, as an operator's mistake or a broken migration would.
#[tokio::test]
async fn a_failed_flush_keeps_its_counts_for_the_next() {
    let app = TestApp::new().await;
    let store = app.log.store().unwrap();
    let pool = sqlx::SqlitePool::connect(&format!(
        "sqlite://{}",
        app.dir.path().join("consent.db").display()
    ))
    .await
    .unwrap();
    let rename = |from: &'static str, to: &'static str| {
        let pool = pool.clone();
        async move {
            sqlx::query(&format!("ALTER TABLE {from} RENAME TO {to}"))
                .execute(&pool)
                .await
                .unwrap();
        }
    };
    app.get("/", &[("cookie", "_ga=1; _gcl_au=2")]).await;
    rename("cookie_audit", "cookie_audit_away").await;
    assert!(!app.audit.flush(store).await, "the write cannot succeed");
    app.get("/", &[("cookie", "_ga=3")]).await;
    rename("cookie_audit_away", "cookie_audit").await;
    assert!(app.audit.flush(store).await);
    let totals = store.cookie_audit(0).await.unwrap();
    assert_eq!(count(&totals, Finding::Undeclared, "_ga"), 2);
    assert_eq!(count(&totals, Finding::WithoutConsent, "_gcl_au"), 1);
    pool.close().await;
}

/// Two servers sharing one PostgreSQL sum their counts.
#[tokio::test]
async fn counts_from_several_servers_sum() {
    let url = crate::postgres::fresh_database().await;
    let first = TestApp::sharing(StoreTarget::Postgres(url.clone())).await;
    let second = TestApp::sharing(StoreTarget::Postgres(url)).await;
    for app in [&first, &second] {
        app.get("/", &[("cookie", "_ga=1")]).await;
        app.audit.flush(app.log.store().unwrap()).await;
    }
    let totals = first.log.store().unwrap().cookie_audit(0).await.unwrap();
    assert_eq!(count(&totals, Finding::Undeclared, "_ga"), 2);
}

/// HTTP/2 may send the cookies in several fields: the audit reads them all.
#[tokio::test]
async fn cookies_split_over_several_fields_are_all_read() {
    let app = TestApp::new().await;
    let page = app
        .get("/", &[("cookie", "_ga=1"), ("cookie", "_gcl_au=2")])
        .await;
    assert!(page
        .set_cookies()
        .iter()
        .any(|l| l.starts_with("_gcl_au=;")));
    let totals = totals(&app).await;
    assert_eq!(count(&totals, Finding::Undeclared, "_ga"), 1);
    assert_eq!(count(&totals, Finding::WithoutConsent, "_gcl_au"), 1);
}

/// The built site's files and answers a shared cache may keep are left alone.
#[tokio::test]
async fn public_answers_expire_nothing() {
    let app = TestApp::new().await;
    let gpc = app
        .get("/.well-known/gpc.json", &[("cookie", "_fbp=1")])
        .await;
    assert_eq!(gpc.status, StatusCode::OK);
    assert!(gpc.set_cookies().is_empty(), "{:?}", gpc.set_cookies());
}
