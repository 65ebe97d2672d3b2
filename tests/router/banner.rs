//! The banner: shown without a valid decision only, whatever the cookie holds.

use http::StatusCode;

use crate::helpers::*;

#[tokio::test]
async fn banner_shows_without_a_decision_and_not_with_one() {
    let first = get("/", &[]).await;
    assert!(first.body.contains(BANNER));
    for label in ["Accept all", "Reject all", "Manage preferences"] {
        assert!(
            first.body.contains(&format!(">{label}</button>")),
            "{label}"
        );
    }
    assert!(first.body.contains(r#"action="/api/consent/accept-all""#));
    // The banner's literal paths (see `ui/consent/banner.rs`) are the declared ones.
    let banner = &first.body[first.body.find(BANNER).unwrap()..];
    let banner = &banner[..banner.find("</section>").unwrap()];
    assert!(banner.contains(&format!(r#"href="{}""#, paths::POLICY)));
    assert!(banner.contains(&format!(r#"action="{}""#, paths::PREFERENCES)));
    assert!(first.body.contains(r#"name="return_to" value="/""#));
    assert!(
        first.set_cookies().is_empty(),
        "a first visit sets no cookie"
    );

    let decided = get("/", &[("cookie", &valid_cookie())]).await;
    assert_eq!(decided.status, StatusCode::OK);
    assert!(!decided.body.contains(BANNER));
    assert!(!decided.body.contains("consent-banner"));
}

#[tokio::test]
async fn broken_cookies_mean_no_decision_never_an_error() {
    let valid = valid_cookie();
    let tampered = valid.replace(".7.0", ".3.0");
    assert_ne!(tampered, valid);
    let unsigned = format!(
        "cookie-consent={}",
        codec::encode(&consent_at(now(), LEADSGEN.revision, Choices::ALL))
    );
    let huge = format!("cookie-consent={}", "x".repeat(10 * 1024));
    for cookie in [
        tampered.as_str(),
        unsigned.as_str(),
        huge.as_str(),
        "cookie-consent=garbage",
        "cookie-consent=",
        "cookie-consent=%FF%FE; =; ;;",
    ] {
        let r = get("/", &[("cookie", cookie)]).await;
        assert_eq!(r.status, StatusCode::OK, "{cookie:.40}");
        assert!(r.body.contains(BANNER), "{cookie:.40}");
    }
}

#[tokio::test]
async fn an_older_revision_brings_the_banner_back_with_the_update_notice() {
    let old = consent_at(now(), CalendarDate::new(2025, 9, 1).unwrap(), Choices::ALL);
    let r = get("/", &[("cookie", &cookie_for(&old))]).await;
    assert!(r.body.contains(BANNER));
    assert!(r.body.contains(
        r#"Our Cookie Policy was updated on <time datetime="2026-04-12">April 12, 2026</time>"#
    ));
    // Under a new policy nothing is pre-ticked: the earlier choices are shown beside the
    // switches instead (tests/router/audit.rs).
    let prefs = get("/cookie-preferences", &[("cookie", &cookie_for(&old))]).await;
    assert!(input_tag(&prefs.body, "page-necessary").contains("checked"));
    for key in ["functional", "analytics", "marketing"] {
        assert!(
            !input_tag(&prefs.body, &format!("page-{key}")).contains("checked"),
            "{key}"
        );
    }
}

#[tokio::test]
async fn a_decision_older_than_a_year_asks_again() {
    let year_ago = Timestamp(now().0 - 366 * 86_400);
    let r = get(
        "/",
        &[(
            "cookie",
            &cookie_for(&consent_at(year_ago, LEADSGEN.revision, Choices::ALL)),
        )],
    )
    .await;
    assert!(r.body.contains(BANNER));
}

#[tokio::test]
async fn signals_are_named_in_the_banner() {
    let r = get("/", &[("dnt", "1")]).await;
    assert!(r
        .body
        .contains("Your browser sends Do Not Track, so analytics and marketing cookies stay off."));
    let r = get("/", &[("sec-gpc", "1")]).await;
    assert!(r.body.contains("Your browser sends Global Privacy Control"));
    let r = get("/", &[]).await;
    assert!(!r.body.contains("Your browser sends"));
}

/// Issue 22 §3: the banner is in the first HTML, so search engines must not quote it as the
/// page's snippet; and the site declares that it honours Global Privacy Control.
#[tokio::test]
async fn the_banner_is_no_snippet_and_gpc_support_is_declared() {
    let page = get("/cookie-policy", &[]).await;
    let opening = page.body.find(BANNER).unwrap();
    let opening = page.body[..opening].rfind('<').unwrap();
    let tag = &page.body[opening..opening + page.body[opening..].find('>').unwrap()];
    assert!(tag.contains("data-nosnippet"), "{tag}");
    // A crawler gets the same page: no cloaking.
    let crawler = get(
        "/cookie-policy",
        &[("user-agent", "Mozilla/5.0 (compatible; Googlebot/2.1)")],
    )
    .await;
    assert!(crawler.body.contains(tag));

    let gpc = get("/.well-known/gpc.json", &[]).await;
    assert_eq!(gpc.status, StatusCode::OK);
    assert_eq!(gpc.headers["content-type"], "application/json");
    assert_eq!(gpc.headers["cache-control"], "public, max-age=86400");
    let body: serde_json::Value = serde_json::from_str(&gpc.body).unwrap();
    assert_eq!(body["gpc"], true);
    assert_eq!(body["lastUpdate"], LEADSGEN.revision.iso());
    assert_eq!(body.as_object().unwrap().len(), 2, "{body}");
}
