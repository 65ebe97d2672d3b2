//! German and French through the router: the prefix pins the language and is routed as the
//! page it stands for, unprefixed pages negotiate from `Accept-Language`, posts come back to
//! the prefix and record the language, refusals answer in it, and no cookie remembers it.

use http::{header, StatusCode};

use crate::helpers::*;

fn lang_of(html: &str) -> &str {
    let at = html.find("<html lang=\"").expect("<html lang>") + "<html lang=\"".len();
    &html[at..at + 2]
}

#[tokio::test]
async fn a_prefix_pins_the_language_of_every_page() {
    for (prefix, tag) in [("/de", "de"), ("/fr", "fr"), ("/en", "en")] {
        for page in [
            paths::HOME,
            paths::POLICY,
            paths::PREFERENCES,
            paths::SETTINGS,
        ] {
            let path = Locale::from_tag(tag).unwrap().pin(page);
            // The browser prefers another language: the URL wins.
            let r = get(&path, &[("accept-language", "ja, en;q=0.1")]).await;
            assert_eq!(r.status, StatusCode::OK, "{path}");
            assert_eq!(lang_of(&r.body), tag, "{path}");
            assert_eq!(r.headers[header::CONTENT_LANGUAGE], tag, "{path}");
            let vary = r.headers[header::VARY].to_str().unwrap();
            assert!(!vary.contains("Accept-Language"), "{path}: {vary}");
            assert!(path.starts_with(prefix));
        }
    }
}

#[tokio::test]
async fn unprefixed_pages_negotiate_from_accept_language() {
    for (accept, tag) in [
        ("de-AT, en;q=0.5", "de"),
        ("fr-CA;q=0.9, de;q=0.8", "fr"),
        ("en-GB, de;q=0.9", "en"),
        ("it, *;q=0.1", "en"),
        ("", "en"),
        ("de;q=0, fr;q=0.2", "fr"),
        (";;;, q=?, ===", "en"),
    ] {
        let r = get(paths::POLICY, &[("accept-language", accept)]).await;
        assert_eq!(r.status, StatusCode::OK, "{accept}");
        assert_eq!(lang_of(&r.body), tag, "{accept}");
        assert_eq!(r.headers[header::CONTENT_LANGUAGE], tag, "{accept}");
        let vary = r.headers[header::VARY].to_str().unwrap();
        assert!(vary.contains("Accept-Language"), "{accept}: {vary}");
    }
    // Bytes that are not text are no language at all: English, never a 500.
    let mut req = http::Request::get(paths::HOME);
    req = req.header(
        "accept-language",
        http::HeaderValue::from_bytes(b"de\xff\xfe").unwrap(),
    );
    let r = send(req.body(axum::body::Body::empty()).unwrap()).await;
    assert_eq!(r.status, StatusCode::OK);
    assert_eq!(lang_of(&r.body), "en");
}

#[tokio::test]
async fn every_page_names_its_other_languages_and_links_within_its_own() {
    let r = get("/fr/settings?theme=dark", &[]).await;
    for (lang, href) in [
        ("en", "/en/settings?theme=dark"),
        ("de", "/de/settings?theme=dark"),
        ("fr", "/fr/settings?theme=dark"),
        ("x-default", "/settings?theme=dark"),
    ] {
        let link =
            format!(r#"<link href="{PUBLIC_ORIGIN}{href}" hreflang="{lang}" rel="alternate">"#);
        assert!(r.body.contains(&link), "{link}");
    }
    // The switch: plain links, each in its own language.
    for (lang, name) in [("en", "English"), ("de", "Deutsch"), ("fr", "Français")] {
        let link = format!(r#"hreflang="{lang}" lang="{lang}""#);
        assert!(r.body.contains(&link), "{link}");
        assert!(r.body.contains(name), "{name}");
    }
    // Navigation, footer and forms keep the prefix.
    for href in [
        r#"href="/fr/cookie-policy""#,
        r#"href="/fr/cookie-preferences""#,
        r#"href="/fr""#,
        r#"name="return_to" value="/fr/settings?theme=dark""#,
    ] {
        assert!(r.body.contains(href), "{href}");
    }
    assert!(r
        .body
        .contains(r#"href="/fr/settings" aria-current="page""#));
    assert!(!r.body.contains(r#"href="/cookie-policy""#));
}

#[tokio::test]
async fn a_prefix_is_no_second_address_for_what_is_not_a_page() {
    for path in [
        "/de/api/consent/state",
        "/de/healthz",
        "/fr/pkg/leadsgen.js",
        "/de/nope",
    ] {
        let r = get(path, &[]).await;
        assert_eq!(r.status, StatusCode::NOT_FOUND, "{path}");
    }
    // The 404 page speaks the prefix's language.
    let r = get("/de/nope", &[]).await;
    assert_eq!(lang_of(&r.body), "de");
    assert!(r.body.contains(Locale::De.messages().not_found.title));
    // Variants of a prefixed path redirect to its one URL, like any other.
    let r = get("/de/cookie-policy/", &[]).await;
    assert_eq!(r.status, StatusCode::PERMANENT_REDIRECT);
    assert_eq!(r.headers[header::LOCATION], "/de/cookie-policy");
}

#[tokio::test]
async fn a_post_comes_back_to_its_prefix_and_records_the_language_it_was_made_in() {
    let app = TestApp::new().await;
    let r = app
        .post(
            "/api/consent/accept-all",
            "source=banner&return_to=%2Fde%2Fcookie-policy",
            &[("accept-language", "fr")],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    assert_eq!(r.headers[header::LOCATION], "/de/cookie-policy");
    let r = app
        .post(
            "/api/consent/reject-all",
            "source=banner&return_to=%2F",
            &[("accept-language", "fr-FR")],
        )
        .await;
    assert_eq!(r.headers[header::LOCATION], "/");
    let records = app.records().await;
    let (german, french) = (&records[0].record, &records[1].record);
    assert_eq!(german.locale, "de");
    assert_eq!(
        Some(german.policy_sha256.as_str()),
        app.log.policy_sha256(Locale::De)
    );
    assert_eq!(french.locale, "fr");
    assert_eq!(
        Some(french.policy_sha256.as_str()),
        app.log.policy_sha256(Locale::Fr)
    );
    assert_ne!(german.policy_sha256, french.policy_sha256);
    // The only cookie is the consent: no language is remembered.
    for line in r.set_cookies() {
        assert!(line.starts_with("cookie-consent="), "{line}");
    }
}

#[tokio::test]
async fn a_refused_post_answers_in_the_language_of_its_page() {
    let r = post(
        "/api/consent/save",
        "source=dialog&return_to=%2Ffr%2Fsettings&bogus=on",
        &[],
    )
    .await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST);
    assert_eq!(lang_of(&r.body), "fr");
    assert!(r.body.contains(Locale::Fr.messages().errors.bad_request));
    assert!(r.body.contains(r#"href="/fr/cookie-preferences""#));
    // Before its page is known, the browser's language.
    let r = post(
        "/api/consent/save",
        "garbage",
        &[("accept-language", "de-CH")],
    )
    .await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST);
    assert_eq!(lang_of(&r.body), "de");
}

#[tokio::test]
async fn no_page_in_any_language_sets_a_cookie() {
    for path in [
        "/de",
        "/fr/cookie-policy",
        "/en/settings",
        "/cookie-preferences",
    ] {
        let r = get(path, &[("accept-language", "de")]).await;
        assert!(r.headers.get(header::SET_COOKIE).is_none(), "{path}");
    }
}

/// Issue 20: the language is decided once and said once. A post answers in the language of
/// the page it returns to (its 303, its JSON and its refusal alike), and a receipt in the one
/// its `?lang=` names, whatever the browser prefers: the language middleware does not
/// overwrite what an answer already decided.
#[tokio::test]
async fn an_answer_says_the_language_it_decided_in() {
    let app = TestApp::new().await;
    let english = [("accept-language", "en")];
    let saved = app
        .post(
            "/api/consent/reject-all",
            "return_to=%2Fde%2Fsettings",
            &english,
        )
        .await;
    assert_eq!(saved.status, StatusCode::SEE_OTHER);
    assert_eq!(saved.headers[header::CONTENT_LANGUAGE], "de");
    let fetched = app
        .post(
            "/api/consent/accept-all",
            "return_to=%2Ffr%2F",
            &[("accept", "application/json"), ("accept-language", "en")],
        )
        .await;
    assert_eq!(fetched.status, StatusCode::OK);
    assert_eq!(fetched.headers[header::CONTENT_LANGUAGE], "fr");
    let refused = app
        .post("/api/consent/save", "return_to=%2Fde%2F&bogus=on", &english)
        .await;
    assert_eq!(refused.status, StatusCode::BAD_REQUEST);
    assert_eq!(refused.headers[header::CONTENT_LANGUAGE], "de");
    assert_eq!(lang_of(&refused.body), "de");
    let cookie = cookie_of(&saved);
    let receipt = app
        .get(
            &format!("{}?format=html&lang=de", leadsgen_consent::paths::RECEIPT),
            &[("cookie", &cookie), ("accept-language", "en")],
        )
        .await;
    assert_eq!(receipt.status, StatusCode::OK);
    assert_eq!(lang_of(&receipt.body), "de");
    assert_eq!(receipt.headers[header::CONTENT_LANGUAGE], "de");
}
