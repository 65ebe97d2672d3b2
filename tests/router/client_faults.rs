//! The faults that visitors, crawlers and other apps found (issue 19), each as the HTTP
//! exchange that showed it: an open redirect through the canonical-path rule, a foreign cookie
//! that hid the consent cookie, a second "Keep my previous choices", a German receipt that
//! pointed to the English policy, relative hreflang alternates, the nonce in `crossorigin`, and
//! `Origin: null` on a same-origin post.

use axum::{middleware, routing, Router};
use http::{header, HeaderValue, StatusCode};
use leadsgen_consent::consent::{CategoryId, FormAction};
use leadsgen_consent::server::redirects;
use proptest::prelude::*;
use proptest::test_runner::{Config, TestRunner};

use crate::helpers::*;

/// Where a browser on this site lands when it follows `location`, resolved as the WHATWG URL
/// standard says (the `url` crate implements it); `None` when it does not resolve.
fn followed(location: &str) -> Option<url::Url> {
    url::Url::parse(&format!("{ORIGIN}/cookie-policy"))
        .unwrap()
        .join(location)
        .ok()
}

/// Whether every `Location` of `r` keeps a browser on this site's origin.
fn stays_on_the_site(r: &Reply) -> bool {
    let origin = url::Url::parse(ORIGIN).unwrap().origin();
    r.headers.get_all(header::LOCATION).iter().all(|v| {
        v.to_str()
            .ok()
            .and_then(followed)
            .is_some_and(|u| u.origin() == origin)
    })
}

// ---- 1. no Location leaves the site ----------------------------------------------------------

#[tokio::test]
async fn a_path_with_a_backslash_is_never_redirected_as_it_is() {
    let app = TestApp::new().await;
    // The old rule answered 308 with `Location: /\evil.example`, which browsers resolve to
    // http://evil.example/.
    assert_eq!(
        followed("/\\evil.example").unwrap().host_str(),
        Some("evil.example")
    );
    for path in [
        "/\\evil.example/",
        "/./\\evil.example",
        "/\\evil.example",
        "//\\evil.example/",
        "/a/..\\evil.example/",
        "/\\/evil.example/",
        "/cookie-policy/\\",
    ] {
        let r = app.get(path, &[]).await;
        assert!(
            stays_on_the_site(&r),
            "{path}: {:?}",
            r.headers.get(header::LOCATION)
        );
        assert!(
            r.headers.get(header::LOCATION).is_none(),
            "{path}: redirected to {:?}",
            r.headers[header::LOCATION]
        );
        assert_eq!(r.status, StatusCode::NOT_FOUND, "{path}");
    }
    // Variants without one still redirect, their query escaped where a browser would misread it.
    let r = app.get("/settings/?q=a\\b", &[]).await;
    assert_eq!(r.status, StatusCode::PERMANENT_REDIRECT);
    assert_eq!(r.headers[header::LOCATION], "/settings?q=a%5Cb");
}

/// Issue 19, item 1: for any request path, `return_to` and `Referer`, through the whole router,
/// every `Location` resolves to this site's origin. (A plain form post always gets our own
/// `Location` or, refused, none: leptos_axum's redirect to the `Referer` is not reached through
/// these routes, so the guard behind it has a test of its own, below.)
#[test]
fn no_answer_sends_a_browser_off_the_site() {
    let runtime = tokio::runtime::Runtime::new().unwrap();
    let app = runtime.block_on(TestApp::new());
    let unit = "[a-z./\\\\%@:]|%5[cC]|%2[fFeE]|%09|//|\\.\\.|index\\.html";
    let path = format!("/({unit}){{0,10}}");
    let return_to = "(/|//|/\\\\|\\\\|https?://|)([a-z./\\\\%@:?#]|%5[cC]|%2[fF]| |\t){0,12}";
    let referer =
        proptest::option::of("https?://(evil\\.example|127\\.0\\.0\\.1:3000)/[a-z/]{0,6}");
    let mut runner = TestRunner::new(Config::with_cases(200));
    runner
        .run(
            &(path.as_str(), return_to, referer),
            |(path, return_to, referer)| {
                runtime.block_on(async {
                    if let Ok(req) = Request::get(path.as_str()).body(Body::empty()) {
                        let r = app.send(req).await;
                        prop_assert!(stays_on_the_site(&r), "GET {:?}: {:?}", path, r.headers);
                    }
                    let body: String = url::form_urlencoded::Serializer::new(String::new())
                        .append_pair("return_to", &return_to)
                        .append_pair("source", "banner")
                        .finish();
                    let mut headers = vec![("sec-fetch-site", "same-origin")];
                    if let Some(referer) = &referer {
                        headers.push(("referer", referer));
                    }
                    for action in ["accept-all", "reject-all", "save", "keep-previous"] {
                        let r = app
                            .post(&format!("/api/consent/{action}"), &body, &headers)
                            .await;
                        prop_assert!(
                            stays_on_the_site(&r),
                            "{} with return_to {:?}: {:?}",
                            action,
                            return_to,
                            r.headers
                        );
                    }
                    Ok(())
                })
            },
        )
        .unwrap();
}

/// The framework writes a `Location` of its own (leptos_axum sends a plain form post back to
/// its `Referer`); the outermost guard replaces any that leaves the site.
#[tokio::test]
async fn a_foreign_location_from_any_handler_is_replaced_by_the_home_page() {
    let app = Router::new()
        .route(
            "/foreign",
            routing::get(|| async {
                (
                    StatusCode::FOUND,
                    [(header::LOCATION, "https://evil.example/")],
                )
            }),
        )
        .route(
            "/backslash",
            routing::get(|| async { (StatusCode::FOUND, [(header::LOCATION, "/\\evil.example")]) }),
        )
        .route(
            "/local",
            routing::get(|| async {
                (
                    StatusCode::SEE_OTHER,
                    [(header::LOCATION, "/settings?saved=consent#saved")],
                )
            }),
        )
        .layer(middleware::from_fn(redirects::only_local));
    use tower::ServiceExt;
    for (path, expected) in [
        ("/foreign", "/"),
        ("/backslash", "/"),
        ("/local", "/settings?saved=consent#saved"),
    ] {
        let r = app
            .clone()
            .oneshot(Request::get(path).body(Body::empty()).unwrap())
            .await
            .unwrap();
        assert_eq!(r.headers()[header::LOCATION], expected, "{path}");
    }
}

// ---- 2. another app's cookie never hides ours ------------------------------------------------

/// A GET with this raw `Cookie` header.
fn with_cookie_bytes(path: &str, cookie: &[u8]) -> Request<Body> {
    Request::get(path)
        .header(header::COOKIE, HeaderValue::from_bytes(cookie).unwrap())
        .body(Body::empty())
        .unwrap()
}

#[tokio::test]
async fn a_foreign_cookie_with_any_bytes_never_hides_the_decision() {
    let app = TestApp::new().await;
    let ours = valid_cookie();
    let headers: Vec<Vec<u8>> = vec![
        [b"other-app=caf\xe9; ".as_slice(), ours.as_bytes()].concat(),
        [ours.as_bytes(), b"; other-app=\xff\xfe\x80"].concat(),
        [b"a=\x80; b=\"x\"; ", ours.as_bytes(), b"; c=\xe9"].concat(),
        // A parent domain's cookie of the same name, forged or from another app, first.
        [
            b"cookie-consent=v1.forged\xe9; cookie-consent=garbage; ",
            ours.as_bytes(),
        ]
        .concat(),
    ];
    for cookie in headers {
        let r = app.send(with_cookie_bytes(paths::POLICY, &cookie)).await;
        assert_eq!(r.status, StatusCode::OK);
        assert!(
            !r.body.contains(BANNER),
            "the banner came back for {:?}",
            String::from_utf8_lossy(&cookie)
        );
        assert!(
            trackers_in(&r.body).contains(&"plausible"),
            "the decision is in force"
        );
    }
}

#[tokio::test]
async fn accept_all_sticks_beside_a_foreign_cookie() {
    let app = TestApp::new().await;
    let first = app
        .send(
            same_site_post("/api/consent/accept-all")
                .header(header::ACCEPT, "text/html")
                .header(
                    header::COOKIE,
                    HeaderValue::from_bytes(b"other-app=caf\xe9").unwrap(),
                )
                .body(Body::from("source=banner&return_to=%2F"))
                .unwrap(),
        )
        .await;
    assert_eq!(first.status, StatusCode::SEE_OTHER);
    let ours = cookie_for(&first.stored());
    let next = app
        .send(with_cookie_bytes(
            "/",
            &[b"other-app=caf\xe9; ", ours.as_bytes()].concat(),
        ))
        .await;
    assert!(!next.body.contains(BANNER), "Accept all did not stick");
}

// ---- 3. a second Keep is never an error ------------------------------------------------------

#[tokio::test]
async fn a_second_keep_lands_back_with_the_choices_in_force_and_records_nothing() {
    let app = TestApp::new().await;
    let analytics = Choices::NONE.with(CategoryId::Analytics, true);
    let form = "source=preferences_page&return_to=%2Fde%2Fcookie-preferences";
    let first = app
        .post(
            "/api/consent/keep-previous",
            form,
            &[("cookie", &outdated(analytics))],
        )
        .await;
    assert_eq!(first.status, StatusCode::SEE_OTHER);
    let kept = cookie_for(&first.stored());
    // The same button in a second tab, or pressed twice: the cookie now holds the kept decision.
    let second = app
        .post("/api/consent/keep-previous", form, &[("cookie", &kept)])
        .await;
    assert_eq!(second.status, StatusCode::SEE_OTHER, "{}", second.body);
    assert_eq!(
        second.headers[header::LOCATION],
        "/de/cookie-preferences?saved=consent#saved"
    );
    assert!(second.set_cookies().is_empty(), "nothing new is stored");
    // With JavaScript: 200 and the state in force.
    let fetched = app
        .post(
            "/api/consent/keep-previous",
            form,
            &[("cookie", &kept), ("accept", "application/json")],
        )
        .await;
    assert_eq!(fetched.status, StatusCode::OK, "{}", fetched.body);
    let saved: ConsentSaved = serde_json::from_str(&fetched.body).unwrap();
    assert_eq!(saved.visitor.effective(), analytics);
    assert!(!saved.visitor.needs_banner());
    assert!(fetched.set_cookies().is_empty());
    // The page it lands on shows those choices, and no longer offers to keep anything.
    let page = app
        .get("/de/cookie-preferences", &[("cookie", &kept)])
        .await;
    assert!(input_tag(&page.body, "page-analytics").contains("checked"));
    assert!(!page.body.contains(r#"action="/api/consent/keep-previous""#));
    let records = app.records().await;
    assert_eq!(records.len(), 1, "only the first Keep was recorded");
    assert_eq!(records[0].record.action, FormAction::KeepPrevious);
}

#[tokio::test]
async fn what_offers_the_earlier_choices_is_marked_for_the_island_to_hide() {
    let analytics = Choices::NONE.with(CategoryId::Analytics, true);
    let page = get(paths::HOME, &[("cookie", &outdated(analytics))]).await;
    let dialog = &page.body[page.body.find("<dialog").unwrap()..];
    let dialog = &dialog[..dialog.find("</dialog>").unwrap()];
    assert!(dialog.contains(r#"action="/api/consent/keep-previous" data-previous"#));
    // The update notice (and what changed), the form, and the earlier choice beside each of
    // the three optional switches.
    let marked: Vec<&str> = dialog
        .split("<")
        .filter(|tag| tag.contains("data-previous"))
        .collect();
    assert_eq!(marked.len(), 5, "{marked:?}");
    assert!(marked[0].contains("notice--revised"), "{marked:?}");
    assert_eq!(
        marked
            .iter()
            .filter(|tag| tag.contains("pref-category__before")
                && tag.contains("Before the policy update"))
            .count(),
        3,
        "{marked:?}"
    );
}

// ---- 4. a receipt's policy URL leads to the text its hash covers -----------------------------

#[tokio::test]
async fn the_receipt_of_a_german_decision_names_the_german_policy() {
    let app = TestApp::new().await;
    let decided = app
        .post(
            "/api/consent/reject-all",
            "source=banner&return_to=%2Fde%2Fcookie-policy",
            &[],
        )
        .await;
    let cookie = cookie_for(&decided.stored());
    let german_hash = app.log.policy_sha256(Locale::De).unwrap().to_string();
    assert_ne!(
        Some(german_hash.as_str()),
        app.log.policy_sha256(Locale::En)
    );
    // Whatever the reader prefers, and whatever Host the request names.
    for (accept_language, host) in [("en", HOST), ("fr", "evil.example"), ("de", HOST)] {
        let r = app
            .get(
                paths::RECEIPT,
                &[
                    ("cookie", &cookie),
                    ("accept-language", accept_language),
                    ("host", host),
                ],
            )
            .await;
        assert_eq!(r.status, StatusCode::OK, "{}", r.body);
        let json: serde_json::Value = serde_json::from_str(&r.body).unwrap();
        assert_eq!(
            json["policy"]["url"],
            format!("{PUBLIC_ORIGIN}/de/cookie-policy")
        );
        assert_eq!(json["policy"]["sha256"], german_hash.as_str());
        assert_eq!(json["locale"], "de");
        let page = app
            .get(
                &format!("{}?format=html&lang=en", paths::RECEIPT),
                &[("cookie", &cookie), ("host", host)],
            )
            .await;
        assert!(page
            .body
            .contains(&format!(r#"href="{PUBLIC_ORIGIN}/de/cookie-policy""#)));
        assert!(!page.body.contains("evil.example"));
    }
}

// ---- 5. hreflang alternates and the canonical link are absolute ------------------------------

/// The `href` of every `<link>` in `html` whose `rel` is `rel`.
fn link_hrefs<'a>(html: &'a str, rel: &str) -> Vec<&'a str> {
    html.match_indices("<link ")
        .map(|(at, _)| &html[at..])
        .map(|tag| &tag[..tag.find('>').unwrap()])
        .filter(|tag| tag.contains(&format!(r#"rel="{rel}""#)))
        .map(|tag| {
            let at = tag.find(r#"href=""#).unwrap() + 6;
            &tag[at..at + tag[at..].find('"').unwrap()]
        })
        .collect()
}

#[tokio::test]
async fn alternates_and_the_canonical_link_are_absolute_on_the_public_origin() {
    let app = TestApp::new().await;
    for page in paths::PAGES {
        for (path, canonical) in [
            (page.to_string(), page.to_string()),
            (Locale::De.pin(page), Locale::De.pin(page)),
            (
                format!("{}?theme=dark", Locale::Fr.pin(page)),
                Locale::Fr.pin(page),
            ),
        ] {
            let r = app.get(&path, &[("host", "evil.example")]).await;
            assert_eq!(r.status, StatusCode::OK, "{path}");
            let alternates = link_hrefs(&r.body, "alternate");
            assert_eq!(alternates.len(), 4, "{path}");
            for href in alternates {
                assert!(
                    href.starts_with(&format!("{PUBLIC_ORIGIN}/")),
                    "{path}: {href}"
                );
            }
            assert_eq!(
                link_hrefs(&r.body, "canonical"),
                [format!("{PUBLIC_ORIGIN}{canonical}")],
                "{path}"
            );
            assert!(
                !r.body.contains("evil.example"),
                "{path}: the Host header leaked"
            );
        }
    }
    // Only a page that exists has a canonical URL.
    let missing = app.get("/de/nope", &[]).await;
    assert_eq!(missing.status, StatusCode::NOT_FOUND);
    assert!(link_hrefs(&missing.body, "canonical").is_empty());
}

// ---- 6. the nonce sits only in nonce attributes ----------------------------------------------

/// Issue 19, item 6: every page, in every language, for a first visit and a decided one, both
/// rendered and from the page cache.
#[tokio::test]
async fn the_nonce_appears_only_as_the_value_of_nonce_attributes() {
    let app = TestApp::new().await;
    let accepted = valid_cookie();
    for page in paths::PAGES {
        for path in [page.to_string(), Locale::De.pin(page), Locale::Fr.pin(page)] {
            for cookie in [None, Some(accepted.as_str())] {
                let headers: Vec<(&str, &str)> =
                    cookie.map(|c| ("cookie", c)).into_iter().collect();
                // The first render, then the same variant from the cache.
                for _ in 0..2 {
                    let r = app.get(&path, &headers).await;
                    let policy = csp(&r);
                    let at = policy.find("'nonce-").expect("a nonce") + 7;
                    let nonce = &policy[at..at + policy[at..].find('\'').unwrap()];
                    let places: Vec<usize> = r.body.match_indices(nonce).map(|(i, _)| i).collect();
                    assert!(
                        places.len() >= 2,
                        "{path}: at least the loader and the runtime"
                    );
                    for i in places {
                        assert!(
                            r.body[..i].ends_with(r#" nonce=""#),
                            "{path}: the nonce in {:?}",
                            &r.body[i.saturating_sub(80)..i + nonce.len()]
                        );
                    }
                    for (at, attribute) in r.body.match_indices(r#"crossorigin=""#) {
                        let value = &r.body[at + attribute.len()..];
                        assert!(value.starts_with(r#"anonymous""#), "{path}");
                    }
                }
            }
        }
    }
}

// ---- 7. Fetch Metadata decides, whatever Origin says -----------------------------------------

/// Issue 19, item 7 (OWASP CSRF Prevention Cheat Sheet, "Fetch Metadata headers"): behind a
/// proxy that sends `Referrer-Policy: no-referrer`, a same-origin form post carries
/// `Origin: null`.
#[tokio::test]
async fn a_same_origin_post_with_origin_null_is_accepted() {
    let app = TestApp::new().await;
    for (site, status) in [
        (Some("same-origin"), StatusCode::SEE_OTHER),
        (Some("none"), StatusCode::SEE_OTHER),
        (Some("same-site"), StatusCode::FORBIDDEN),
        (Some("cross-site"), StatusCode::FORBIDDEN),
        (None, StatusCode::FORBIDDEN),
    ] {
        let mut req = Request::post("/api/consent/reject-all")
            .header(header::HOST, HOST)
            .header(header::ORIGIN, "null")
            .header(header::ACCEPT, "text/html")
            .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded");
        if let Some(site) = site {
            req = req.header("sec-fetch-site", site);
        }
        let r = app
            .send(req.body(Body::from("source=banner&return_to=%2F")).unwrap())
            .await;
        assert_eq!(r.status, status, "Sec-Fetch-Site {site:?}");
        assert_eq!(
            r.set_cookies().is_empty(),
            status == StatusCode::FORBIDDEN,
            "Sec-Fetch-Site {site:?}"
        );
    }
    assert_eq!(app.records().await.len(), 2);
}

// ---- found while trying to break the site -----------------------------------------------------

/// `GET 127.0.0.1:3000` (authority-form, which only CONNECT may use, RFC 9112 §3.2.3) has no
/// path: leptos_axum's fallback unwrapped it and panicked, and the connection dropped without
/// an answer. Now it is a 400; an absolute-form target without a path means `/` (§3.2.2).
#[tokio::test]
async fn a_request_target_without_a_path_is_answered_never_a_panic() {
    let app = TestApp::new().await;
    for (method, target) in [("GET", "127.0.0.1:3000"), ("OPTIONS", "example.org:80")] {
        let req = Request::builder()
            .method(method)
            .uri(target)
            .body(Body::empty())
            .unwrap();
        assert!(req.uri().path_and_query().is_none(), "{target}");
        let r = app.send(req).await;
        assert_eq!(r.status, StatusCode::BAD_REQUEST, "{method} {target}");
        assert!(r.body.contains("path"), "{}", r.body);
    }
    let r = app
        .send(
            Request::get("http://127.0.0.1:3000")
                .body(Body::empty())
                .unwrap(),
        )
        .await;
    assert_eq!(
        r.status,
        StatusCode::OK,
        "absolute-form without a path is /"
    );
    assert!(r.body.contains(r#"<html lang="en""#));
}
