//! The axum router in-process (`tower::ServiceExt::oneshot`): pages, headers, and the consent
//! server functions with their exact cookies and statuses.
#![cfg(feature = "ssr")]

use std::sync::Arc;

use axum::body::Body;
use cookie::Key;
use http::{header, HeaderMap, Request, StatusCode};
use http_body_util::BodyExt;
use leadsgen_consent::api::ConsentSaved;
use leadsgen_consent::consent::{
    codec, CalendarDate, Choices, Consent, ConsentId, Signals, Timestamp, LEADSGEN,
};
use leadsgen_consent::gating::TrackerIds;
use leadsgen_consent::server::{
    consent_cookie, cookies::CookieSettings, request_context::now, router, state::AppState,
};
use leptos::config::LeptosOptions;
use tower::ServiceExt;

const BANNER: &str = r#"aria-label="Cookie consent""#;
const HOST: &str = "127.0.0.1:3000";
const ORIGIN: &str = "http://127.0.0.1:3000";

fn settings() -> CookieSettings {
    CookieSettings {
        key: Key::from(&[42u8; 64]),
        secure: false,
        domain: None,
    }
}

fn app() -> axum::Router {
    let leptos = LeptosOptions::builder()
        .output_name("leadsgen")
        .site_root("target/site")
        .build();
    router::build(AppState {
        leptos,
        cookies: Arc::new(settings()),
        trackers: Arc::new(TrackerIds::leadsgen()),
    })
}

struct Reply {
    status: StatusCode,
    headers: HeaderMap,
    body: String,
}

impl Reply {
    fn set_cookies(&self) -> Vec<&str> {
        self.headers
            .get_all(header::SET_COOKIE)
            .iter()
            .map(|v| v.to_str().unwrap())
            .collect()
    }

    /// The consent stored by this reply's `cookie-consent`.
    fn stored(&self) -> Consent {
        let line = self
            .set_cookies()
            .into_iter()
            .find(|l| l.starts_with("cookie-consent="))
            .expect("a cookie-consent Set-Cookie");
        let mut h = HeaderMap::new();
        h.insert(
            header::COOKIE,
            line.split(';').next().unwrap().parse().unwrap(),
        );
        consent_cookie::read(&h, &settings()).expect("a valid signed consent")
    }
}

async fn send(req: Request<Body>) -> Reply {
    let res = app().oneshot(req).await.unwrap();
    let (parts, body) = res.into_parts();
    let bytes = body.collect().await.unwrap().to_bytes().to_vec();
    Reply {
        status: parts.status,
        headers: parts.headers,
        body: String::from_utf8_lossy(&bytes).into_owned(),
    }
}

async fn get(path: &str, headers: &[(&str, &str)]) -> Reply {
    let mut req = Request::get(path);
    for (k, v) in headers {
        req = req.header(*k, *v);
    }
    send(req.body(Body::empty()).unwrap()).await
}

/// A same-site form post as a browser without JavaScript sends it.
async fn post(path: &str, body: &str, headers: &[(&str, &str)]) -> Reply {
    let mut req = Request::post(path)
        .header(header::HOST, HOST)
        .header(header::ORIGIN, ORIGIN)
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded");
    if !headers
        .iter()
        .any(|(k, _)| k.eq_ignore_ascii_case("accept"))
    {
        req = req.header(header::ACCEPT, "text/html,application/xhtml+xml");
    }
    for (k, v) in headers {
        req = req.header(*k, *v);
    }
    send(req.body(Body::from(body.to_string())).unwrap()).await
}

fn consent_at(decided_at: Timestamp, revision: CalendarDate, choices: Choices) -> Consent {
    Consent::new(
        ConsentId([5; 16]),
        decided_at,
        revision,
        choices,
        Signals::NONE,
    )
}

/// `cookie-consent=<signed value>` for a request's Cookie header.
fn cookie_for(consent: &Consent) -> String {
    let line = consent_cookie::set_cookie(consent, &settings());
    line.split(';').next().unwrap().to_string()
}

/// The attributes of a `Set-Cookie` line, after its `name=value`.
fn attributes(set_cookie: &str) -> Vec<&str> {
    set_cookie
        .split_once("; ")
        .map_or_else(Vec::new, |(_, attrs)| attrs.split("; ").collect())
}

/// The `<input …>` tag with this id.
fn input_tag<'a>(html: &'a str, id: &str) -> &'a str {
    let at = html
        .find(&format!(r#"id="{id}""#))
        .expect("an element with that id");
    let start = html[..at].rfind("<input").expect("an input");
    let end = at + html[at..].find('>').unwrap();
    &html[start..=end]
}

fn valid_cookie() -> String {
    cookie_for(&consent_at(now(), LEADSGEN.revision, Choices::ALL))
}

// ---- pages ----------------------------------------------------------------------------------

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
    assert_eq!(r.headers[header::VARY], "Cookie, DNT, Sec-GPC");
    assert!(r.headers[header::CACHE_CONTROL]
        .to_str()
        .unwrap()
        .contains("private"));
}

// ---- the banner -----------------------------------------------------------------------------

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
    // The earlier choices are pre-filled in the preferences form.
    let prefs = get("/cookie-preferences", &[("cookie", &cookie_for(&old))]).await;
    for key in ["necessary", "functional", "analytics", "marketing"] {
        assert!(
            input_tag(&prefs.body, &format!("page-{key}")).contains("checked"),
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

// ---- the server functions -------------------------------------------------------------------

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
        "/api/prefs/set",
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

// ---- functional preferences -----------------------------------------------------------------

fn functional_cookie() -> String {
    let functional = Choices {
        functional: true,
        ..Choices::NONE
    };
    cookie_for(&consent_at(now(), LEADSGEN.revision, functional))
}

#[tokio::test]
async fn without_functional_consent_a_preference_stays_on_the_page() {
    let r = post("/api/prefs/set", "theme=dark&return_to=%2Fsettings", &[]).await;
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
            "/api/prefs/set",
            &format!("{body}&return_to=%2Fsettings%3Ftheme%3Dlight"),
            &[("cookie", &consent)],
        )
        .await;
        assert_eq!(r.status, StatusCode::SEE_OTHER, "{body}");
        assert_eq!(
            r.headers[header::LOCATION],
            "/settings",
            "page-only choices are dropped once stored"
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
        "/api/prefs/set",
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
        "/api/prefs/remember",
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
        let r = post("/api/prefs/set", body, &[("cookie", &functional_cookie())]).await;
        assert_eq!(r.status, StatusCode::BAD_REQUEST, "{body}: {}", r.body);
        assert!(r.set_cookies().is_empty(), "{body}");
    }
    let r = post("/api/prefs/remember", "theme=dark", &[]).await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST);
}

// ---- tracker gating and the Content-Security-Policy -----------------------------------------

/// Every host a tracker script or its beacons use, and the same-origin Vercel path.
const TRACKER_HOSTS: [&str; 8] = [
    "plausible.io",
    "/_vercel/",
    "facebook.net",
    "facebook.com",
    "googletagmanager.com",
    "googleadservices.com",
    "doubleclick.net",
    "www.google.com",
];

fn decided_cookie(choices: Choices) -> String {
    cookie_for(&consent_at(now(), LEADSGEN.revision, choices))
}

fn csp(r: &Reply) -> &str {
    r.headers[header::CONTENT_SECURITY_POLICY].to_str().unwrap()
}

/// The trackers whose tags the page carries, from their `data-tracker` attributes.
fn trackers_in(html: &str) -> Vec<&str> {
    let mut found: Vec<&str> = Vec::new();
    let mut rest = html;
    while let Some((_, after)) = rest.split_once(r#"data-tracker=""#) {
        let (key, tail) = after.split_once('"').expect("a closed attribute");
        if found.last() != Some(&key) {
            found.push(key);
        }
        rest = tail;
    }
    found
}

#[tokio::test]
async fn a_first_visit_names_no_tracker_host_in_its_html_or_its_policy() {
    for path in ["/", "/cookie-policy", "/settings", "/nope"] {
        let r = get(path, &[]).await;
        for host in TRACKER_HOSTS {
            assert!(!r.body.contains(host), "{path}: {host} in the HTML");
            assert!(!csp(&r).contains(host), "{path}: {host} in the CSP");
        }
        assert!(trackers_in(&r.body).is_empty(), "{path}");
        assert!(
            r.body
                .contains(r#"gtag("consent", "default", state.consentMode)"#),
            "{path}: the consent runtime sends the Consent Mode default"
        );
    }
}

#[tokio::test]
async fn the_policy_is_strict_and_every_inline_script_carries_its_nonce() {
    let r = get("/", &[("cookie", &decided_cookie(Choices::ALL))]).await;
    let policy = csp(&r);
    assert!(
        !policy.contains("unsafe-inline") && !policy.contains("'unsafe-eval'"),
        "{policy}"
    );
    assert!(policy.contains("'wasm-unsafe-eval'"), "{policy}");
    let nonce = policy
        .split("'nonce-")
        .nth(1)
        .and_then(|rest| rest.split('\'').next())
        .expect("a nonce in script-src");
    assert!(nonce.len() >= 16, "{nonce}");
    // Every executable <script> (all but the JSON data block) has the nonce.
    let scripts = r.body.matches("<script").count();
    let data_blocks = r.body.matches(r#"<script type="application/json""#).count();
    assert_eq!(
        r.body.matches(&format!(r#"nonce="{nonce}""#)).count(),
        scripts - data_blocks
    );
    // A new nonce per response.
    let again = get("/", &[("cookie", &decided_cookie(Choices::ALL))]).await;
    assert_ne!(csp(&again), policy);
}

#[tokio::test]
async fn tags_and_hosts_follow_effective_consent() {
    let analytics = Choices::NONE.with(leadsgen_consent::consent::CategoryId::Analytics, true);
    let r = get("/", &[("cookie", &decided_cookie(analytics))]).await;
    assert_eq!(trackers_in(&r.body), ["plausible", "vercel"]);
    assert!(r.body.contains(r#"data-domain="leadsgen.app""#));
    assert!(csp(&r).contains("https://plausible.io"));
    assert!(!csp(&r).contains("facebook") && !r.body.contains("facebook"));

    let all = get("/", &[("cookie", &decided_cookie(Choices::ALL))]).await;
    assert_eq!(
        trackers_in(&all.body),
        ["plausible", "vercel", "facebook", "google-ads"]
    );
    assert!(all
        .body
        .contains("https://www.googletagmanager.com/gtag/js?id=AW-1029384756"));
    assert!(csp(&all).contains("https://connect.facebook.net"));

    let rejected = get("/", &[("cookie", &decided_cookie(Choices::NONE))]).await;
    assert!(trackers_in(&rejected.body).is_empty());
}

#[tokio::test]
async fn dnt_and_gpc_keep_every_tracker_out_even_after_accept_all() {
    for signal in [("dnt", "1"), ("sec-gpc", "1")] {
        let r = get("/", &[("cookie", &decided_cookie(Choices::ALL)), signal]).await;
        assert!(trackers_in(&r.body).is_empty(), "{signal:?}");
        for host in TRACKER_HOSTS {
            assert!(
                !r.body.contains(host) && !csp(&r).contains(host),
                "{signal:?}: {host}"
            );
        }
        assert!(r.body.contains(r#""ad_storage":"denied""#), "{signal:?}");
        assert!(
            r.body.contains(r#""analytics_storage":"denied""#),
            "{signal:?}"
        );
    }
}

#[tokio::test]
async fn answers_that_are_not_pages_get_a_policy_that_runs_nothing() {
    let r = get("/healthz", &[]).await;
    assert!(csp(&r).starts_with("default-src 'none'"));
    let r = post("/api/consent/save", "bogus=1", &[]).await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST);
    assert!(csp(&r).starts_with("default-src 'none'"), "{}", csp(&r));
}

#[tokio::test]
async fn a_consent_for_an_older_policy_or_older_than_a_year_loads_no_tracker() {
    let revised = consent_at(now(), CalendarDate::new(2025, 9, 1).unwrap(), Choices::ALL);
    let year_and_a_day = Timestamp(now().0 - 366 * 86_400);
    let aged = consent_at(year_and_a_day, LEADSGEN.revision, Choices::ALL);
    for consent in [revised, aged] {
        let r = get("/", &[("cookie", &cookie_for(&consent))]).await;
        assert!(r.body.contains(BANNER), "asked again");
        assert!(trackers_in(&r.body).is_empty());
        assert!(!csp(&r).contains("https://"), "{}", csp(&r));
        assert!(r.body.contains(r#""id":null"#), "no consent in force");
    }
}
