//! The page cache: a cached page is byte for byte the page a render would give (apart from
//! the nonce), for every page, language and kind of visitor; no visitor ever gets another's
//! consent ID, time or nonce, also under concurrent load; it is bounded; and what is not
//! certainly a variant (queries, HEAD, unknown paths) is never kept.

use std::collections::HashSet;

use leadsgen_consent::personalization::{SIDEBAR_COOKIE, THEME_COOKIE, WORKSPACE_COOKIE};

use crate::helpers::*;

const PAGES: [&str; 4] = paths::CACHED_PAGES;
const DAY: u64 = 86_400;

/// A visitor's consent, with its own identity.
fn consent(id: [u8; 16], decided_at: u64, revision: CalendarDate, choices: Choices) -> Consent {
    Consent::new(
        ConsentId(id),
        Timestamp(decided_at),
        revision,
        choices,
        Signals::NONE,
    )
}

/// The nonce in a page's CSP.
fn nonce(r: &Reply) -> String {
    let policy = csp(r);
    let start = policy.find("'nonce-").expect("a page's CSP has a nonce") + 7;
    let len = policy[start..].find('\'').unwrap();
    policy[start..start + len].to_string()
}

/// A reply with its nonce replaced, and without the headers that frame one response.
fn normalized(r: &Reply) -> (http::StatusCode, Vec<(String, String)>, String) {
    let n = nonce(r);
    let mut headers: Vec<(String, String)> = r
        .headers
        .iter()
        .filter(|(k, _)| !matches!(k.as_str(), "date" | "content-length" | "transfer-encoding"))
        .map(|(k, v)| (k.to_string(), v.to_str().unwrap().replace(&n, "NONCE")))
        .collect();
    headers.sort();
    (r.status, headers, r.body.replace(&n, "NONCE"))
}

/// One visitor's request headers.
type Headers = Vec<(&'static str, String)>;

/// The kinds of visitor a page is decided for, each as two visitors who differ only in their
/// consent's identity (ID and time, on different days and at different minutes).
fn visitor_kinds() -> Vec<(&'static str, [Headers; 2])> {
    let now = now().0;
    let (a, b) = (now - 3 * DAY + 123, now - 40 * DAY + 4_567);
    let decided = |choices: Choices| {
        [a, b].map(|at| {
            let id = [(at % 251) as u8; 16];
            vec![(
                "cookie",
                cookie_for(&consent(id, at, LEADSGEN.revision, choices)),
            )]
        })
    };
    let functional = Choices {
        functional: true,
        ..Choices::NONE
    };
    let analytics = Choices {
        analytics: true,
        ..Choices::NONE
    };
    let mut kinds = vec![
        ("first visit", [vec![], vec![]]),
        (
            "Do Not Track",
            [vec![("dnt", "1".into())], vec![("dnt", "1".into())]],
        ),
        (
            "Global Privacy Control",
            [vec![("sec-gpc", "1".into())], vec![("sec-gpc", "1".into())]],
        ),
        ("rejected all", decided(Choices::NONE)),
        ("functional only", decided(functional)),
        ("analytics only", decided(analytics)),
        ("accepted all", decided(Choices::ALL)),
    ];
    let mut dnt = decided(Choices::ALL);
    for headers in &mut dnt {
        headers.push(("dnt", "1".into()));
    }
    kinds.push(("accepted all, then Do Not Track", dnt));
    let mut personalized = decided(functional);
    for headers in &mut personalized {
        let cookie = &mut headers[0].1;
        cookie.push_str(&format!(
            "; {THEME_COOKIE}=dark; {SIDEBAR_COOKIE}=collapsed; {WORKSPACE_COOKIE}=globex-emea"
        ));
    }
    kinds.push(("functional, personalized", personalized));
    let earlier = CalendarDate::new(2025, 1, 15).unwrap();
    kinds.push((
        "decided under an earlier policy",
        [a, b].map(|at| {
            let id = [(at % 241) as u8; 16];
            vec![(
                "cookie",
                cookie_for(&consent(id, at, earlier, Choices::ALL)),
            )]
        }),
    ));
    kinds
}

fn as_refs<'a>(headers: &'a [(&'static str, String)]) -> Vec<(&'static str, &'a str)> {
    headers.iter().map(|(k, v)| (*k, v.as_str())).collect()
}

#[tokio::test]
async fn a_cached_page_is_the_page_a_render_gives() {
    let cached = TestApp::new().await;
    let rendered = TestApp::with_page_cache(0).await;
    // Unprefixed (negotiated, English and French), and pinned by each prefix.
    let places: [(&str, &[(&str, &str)]); 5] = [
        ("", &[]),
        ("", &[("accept-language", "fr-CA,fr;q=0.9")]),
        ("/en", &[]),
        ("/de", &[]),
        ("/fr", &[("accept-language", "de")]),
    ];
    let kinds = visitor_kinds();
    let mut variants = 0;
    for page in PAGES {
        for (prefix, language) in places {
            let path = if page == "/" && !prefix.is_empty() {
                prefix.to_string()
            } else {
                format!("{prefix}{page}")
            };
            for (kind, [first, second]) in &kinds {
                variants += 1;
                for visitor in [first, second] {
                    let mut headers = as_refs(visitor);
                    headers.extend_from_slice(language);
                    // The first visitor of a variant fills the cache, the second is served
                    // from it: both must be what a render gives them.
                    let from_cache = cached.get(&path, &headers).await;
                    let render = rendered.get(&path, &headers).await;
                    assert_eq!(render.status, 200, "{path} for {kind}");
                    assert_eq!(
                        normalized(&from_cache),
                        normalized(&render),
                        "{path} for {kind}: the cached page differs from a render"
                    );
                }
            }
        }
    }
    // One template per variant, and every second visitor was served from it.
    assert_eq!(cached.pages.len(), variants);
    assert_eq!(cached.pages.hits(), variants as u64);
    assert_eq!(rendered.pages.len(), 0);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn no_visitor_gets_another_visitors_id_time_or_nonce_under_load() {
    let app = TestApp::new().await;
    let now = now().0;
    // Warm: one template per variant (4 pages, 3 languages, 2 decisions), so that every
    // answer below is filled from a template, concurrently.
    for i in 0..24u32 {
        let (path, cookie) = nth_visitor(i, now, [0xaa; 16]);
        app.get(&path, &[("cookie", &cookie)]).await;
    }
    assert_eq!(app.pages.len(), 24, "{:?}", app.pages);
    let mut tasks = Vec::new();
    for i in 0..240u32 {
        let router = app.router.clone();
        tasks.push(tokio::spawn(async move {
            let mut id = [i as u8; 16];
            id[..4].copy_from_slice(&[0xc0, 0xde, (i >> 8) as u8, i as u8]);
            let (path, cookie) = nth_visitor(i, now, id);
            let at = visitor_time(i, now);
            let req = Request::get(&path)
                .header("cookie", &cookie)
                .body(Body::empty())
                .unwrap();
            let res = tower::ServiceExt::oneshot(router, req).await.unwrap();
            let (parts, body) = res.into_parts();
            let body = http_body_util::BodyExt::collect(body)
                .await
                .unwrap()
                .to_bytes();
            let reply = Reply {
                status: parts.status,
                headers: parts.headers,
                body: String::from_utf8(body.to_vec()).unwrap(),
            };
            (path, ConsentId(id), Timestamp(at), reply)
        }));
    }
    let mut nonces = HashSet::new();
    for task in tasks {
        let (path, id, at, reply) = task.await.unwrap();
        assert_eq!(reply.status, 200, "{path}");
        let own = id.to_string();
        // Every consent ID on the page is this visitor's (all test IDs begin with c0de).
        assert!(reply.body.contains(&own), "{path}: own consent ID missing");
        assert_eq!(
            reply.body.matches("c0de").count(),
            reply.body.matches(own.as_str()).count(),
            "{path}: another visitor's consent ID"
        );
        // The island's props carry this visitor's time; the proof shows its date.
        assert!(reply.body.contains(&format!("{own}.{}.", at.0)), "{path}");
        if path.ends_with(paths::PREFERENCES) {
            let date = format!(r#"<time datetime="{}">"#, at.date().iso());
            assert!(
                reply.body.contains(&date),
                "{path}: own consent date missing"
            );
        }
        // Every script's nonce is the one this response's CSP allows, and it is new.
        let n = nonce(&reply);
        let attributes = reply.body.matches("nonce=\"").count();
        assert!(attributes > 0);
        assert_eq!(
            reply.body.matches(&format!("nonce=\"{n}\"")).count(),
            attributes,
            "{path}: a script carries another response's nonce"
        );
        assert!(nonces.insert(n), "{path}: a nonce was served twice");
    }
    // Every one of the 240 was answered from a template; no new one was needed.
    assert_eq!(app.pages.hits(), 240, "{:?}", app.pages);
    assert_eq!(app.pages.len(), 24, "{:?}", app.pages);
}

/// The time of the `i`th visitor's consent: a different day and minute for each.
fn visitor_time(i: u32, now: u64) -> u64 {
    now - u64::from(i % 50) * DAY - u64::from(i) * 61
}

/// The `i`th of 24 variants (4 pages, 3 languages, accepted or rejected all), as a path and
/// the cookie of a visitor with consent ID `id`.
fn nth_visitor(i: u32, now: u64, id: [u8; 16]) -> (String, String) {
    let page = PAGES[i as usize % 4];
    let prefix = ["", "/de", "/fr"][i as usize / 4 % 3];
    let path = match (prefix, page) {
        ("", page) => page.to_string(),
        (prefix, "/") => prefix.to_string(),
        (prefix, page) => format!("{prefix}{page}"),
    };
    let choices = if i < 12 { Choices::ALL } else { Choices::NONE };
    let at = visitor_time(i, now);
    (
        path,
        cookie_for(&consent(id, at, LEADSGEN.revision, choices)),
    )
}

#[tokio::test]
async fn the_cache_is_bounded_and_stays_correct_when_full() {
    // Room for about three pages.
    let small = TestApp::with_page_cache(100_000).await;
    let rendered = TestApp::with_page_cache(0).await;
    // Each variant by both of its visitors (the second is served from the template, if it
    // was kept), and the whole round twice: the second asks again for dropped variants.
    let kinds = visitor_kinds();
    for (kind, visitors) in kinds.iter().chain(kinds.iter()) {
        for page in PAGES {
            for visitor in visitors {
                let headers = as_refs(visitor);
                let from_cache = small.get(page, &headers).await;
                assert_eq!(
                    normalized(&from_cache),
                    normalized(&rendered.get(page, &headers).await),
                    "{page} for {kind}"
                );
                assert!(small.pages.bytes() <= 100_000, "{:?}", small.pages);
            }
        }
    }
    assert!(small.pages.len() <= 4, "{:?}", small.pages);
    assert!(small.pages.hits() > 0, "{:?}", small.pages);
}

#[tokio::test]
async fn only_certain_variants_are_kept() {
    let app = TestApp::new().await;
    // A query may carry page-only personalization and the saved marker.
    let page_only = app.get("/settings?theme=dark", &[]).await;
    assert!(page_only.body.contains(r#"data-theme="dark""#));
    app.get("/?saved=consent", &[("cookie", &valid_cookie())])
        .await;
    // HEAD, an unknown path, a file, the API.
    let head = app
        .send(Request::head("/").body(Body::empty()).unwrap())
        .await;
    assert_eq!(head.status, 200);
    assert_eq!(app.get("/no-such-page", &[]).await.status, 404);
    assert_eq!(app.get("/de/no-such-page", &[]).await.status, 404);
    app.get("/healthz", &[]).await;
    app.get("/api/consent/state", &[]).await;
    assert!(app.pages.is_empty(), "{:?}", app.pages);
    // And the plain page is.
    app.get("/settings", &[]).await;
    assert_eq!(app.pages.len(), 1);
}

/// A HEAD (an uptime check, a link checker) is answered from a kept template: the same status
/// and headers as the GET, no body, and no render.
#[tokio::test]
async fn a_head_is_answered_from_a_kept_template() {
    let app = TestApp::new().await;
    app.get("/cookie-policy", &[]).await;
    assert_eq!(app.pages.len(), 1);
    let get = app.get("/cookie-policy", &[]).await;
    assert_eq!(app.pages.hits(), 1);
    let head = app
        .send(Request::head("/cookie-policy").body(Body::empty()).unwrap())
        .await;
    assert_eq!(
        app.pages.hits(),
        2,
        "the HEAD was answered from the template"
    );
    assert_eq!(head.status, 200);
    assert_eq!(head.body, "");
    for name in ["content-type", "content-length", "cache-control", "vary"] {
        assert_eq!(head.headers.get(name), get.headers.get(name), "{name}");
    }
    assert!(head.headers.contains_key("content-security-policy"));
}

#[tokio::test]
async fn a_miss_is_answered_before_its_template_is_built() {
    let app = TestApp::new().await;
    // The router itself, without the helper that waits for the cache to settle. On this
    // single-threaded runtime the background build cannot run before the test yields.
    let req = Request::get("/cookie-policy").body(Body::empty()).unwrap();
    let res = tower::ServiceExt::oneshot(app.router.clone(), req)
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    assert!(app.pages.is_empty(), "{:?}", app.pages);
    // The build goes on after the answer, and keeps the template.
    app.pages.idle().await;
    assert_eq!(app.pages.len(), 1, "{:?}", app.pages);
    let again = app.get("/cookie-policy", &[]).await;
    assert_eq!(again.status, 200);
    assert_eq!(app.pages.hits(), 1);
}

/// The raw answer to a GET of `path` with `headers`, and the cache settled afterwards.
async fn raw(app: &TestApp, path: &str, headers: &[(&str, &str)]) -> (http::HeaderMap, Vec<u8>) {
    let mut req = Request::get(path);
    for (k, v) in headers {
        req = req.header(*k, *v);
    }
    let res = tower::ServiceExt::oneshot(app.router.clone(), req.body(Body::empty()).unwrap())
        .await
        .unwrap();
    let (parts, body) = res.into_parts();
    let bytes = http_body_util::BodyExt::collect(body)
        .await
        .unwrap()
        .to_bytes()
        .to_vec();
    app.pages.idle().await;
    (parts.headers, bytes)
}

/// The text of an answer in `encoding` (`gzip` or `br`).
fn decoded(encoding: &str, bytes: &[u8]) -> String {
    use std::io::Read;
    let mut text = String::new();
    match encoding {
        "gzip" => flate2::read::GzDecoder::new(bytes).read_to_string(&mut text),
        "br" => brotli::Decompressor::new(bytes, 4096).read_to_string(&mut text),
        other => panic!("no decoder for {other}"),
    }
    .unwrap_or_else(|e| panic!("a {encoding} answer that does not decode: {e}"));
    text
}

#[tokio::test]
async fn compressed_answers_are_spliced_from_the_template_and_decode_to_the_render() {
    let cached = TestApp::new().await;
    let rendered = TestApp::with_page_cache(0).await;
    let mut spliced = 0;
    for (kind, visitors) in visitor_kinds() {
        for page in PAGES {
            // The first visitor leaves the template (their answer is compressed as usual, brotli
            // first); every answer after it is spliced from the template's pieces: brotli for a
            // browser, gzip for a client that takes only gzip.
            for (visitor, accept, expected) in [
                (&visitors[0], "gzip, deflate, br, zstd", "br"),
                (&visitors[1], "gzip, deflate, br, zstd", "br"),
                (&visitors[1], "gzip", "gzip"),
            ] {
                let mut headers = as_refs(visitor);
                headers.push(("accept-encoding", accept));
                let hits = cached.pages.hits();
                let (head, bytes) = raw(&cached, page, &headers).await;
                assert_eq!(head["content-encoding"], expected, "{page} for {kind}");
                if cached.pages.hits() == hits {
                    continue;
                }
                assert!(
                    head.get_all("vary").iter().any(|v| v
                        .to_str()
                        .unwrap()
                        .to_ascii_lowercase()
                        .contains("accept-encoding")),
                    "{page} for {kind}"
                );
                let render = rendered.get(page, &as_refs(visitor)).await;
                let text = decoded(expected, &bytes);
                let n = text
                    .split("nonce=\"")
                    .nth(1)
                    .and_then(|s| s.split('"').next())
                    .unwrap()
                    .to_string();
                assert_eq!(
                    text.replace(&n, "NONCE"),
                    render.body.replace(&nonce(&render), "NONCE"),
                    "{page} for {kind} in {expected}"
                );
                spliced += 1;
            }
        }
    }
    // Two spliced answers a variant, one in each coding.
    assert_eq!(cached.pages.hits(), spliced);
    assert_eq!(spliced, 2 * cached.pages.len() as u64);
}

#[tokio::test]
async fn a_client_gets_a_coding_it_accepts() {
    let app = TestApp::new().await;
    app.get(paths::POLICY, &[]).await;
    for (accepts, expected) in [
        ("br", Some("br")),
        ("gzip;q=0, br", Some("br")),
        ("br;q=0, gzip", Some("gzip")),
        ("*", Some("br")),
        ("identity", None),
        ("deflate", None),
    ] {
        let (head, bytes) = raw(&app, paths::POLICY, &[("accept-encoding", accepts)]).await;
        let encoding = head.get("content-encoding").map(|v| v.to_str().unwrap());
        assert_eq!(encoding, expected, "{accepts}");
        let text = match encoding {
            Some(e) => decoded(e, &bytes),
            None => String::from_utf8(bytes).unwrap(),
        };
        assert!(text.contains("<h1"), "{accepts}");
    }
    assert_eq!(app.pages.hits(), 6);
}
