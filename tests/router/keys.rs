//! Issue 23: keys that rotate and proof an outsider can check, through the router: a cookie
//! signed with a previous key, the public keys endpoint, and signed receipts.

use http::{header, StatusCode};

use leadsgen_consent::consent::Choices;
use leadsgen_consent::log::receipt::verify_receipt;
use leadsgen_consent::log::{KeySet, KeysDocument, StoreTarget};
use leadsgen_consent::server::cookies::{self, CookieSettings};

use super::helpers::*;

/// The value of a `cookie-consent=<MAC><payload>` pair: its payload, after the 44-character
/// base64 HMAC the `cookie` crate puts first.
fn payload(pair: &str) -> &str {
    &pair["cookie-consent=".len() + 44..]
}

/// A cookie signed with the key before a rotation still counts, on a rendered page and on a
/// cached one; each such answer signs the same decision again with the current key, and
/// nothing is logged (it is not a new decision).
async fn a_cookie_signed_with_a_previous_key_counts_and_is_signed_again(app: TestApp) {
    let old = decided_cookie(Choices::ALL);
    let undecided = app.get("/", &[]).await;
    assert!(undecided.body.contains("consent-banner"));
    for round in 0..3 {
        let page = app.get("/", &[("cookie", &old)]).await;
        assert_eq!(page.status, StatusCode::OK);
        assert!(
            !page.body.contains("consent-banner"),
            "round {round}: the decision counts, no banner"
        );
        let fresh = cookie_of(&page);
        assert_ne!(fresh, old, "signed again");
        assert_eq!(payload(&fresh), payload(&old), "the same decision");
        let current_only = CookieSettings {
            key: rotated_key(),
            ..settings()
        };
        let mut h = http::HeaderMap::new();
        h.insert(header::COOKIE, fresh.parse().unwrap());
        assert!(cookies::read_consent(&h, &current_only).is_some());
        // The re-signed cookie needs nothing more.
        let again = app.get("/", &[("cookie", &fresh)]).await;
        assert!(again.set_cookies().is_empty(), "{:?}", again.set_cookies());
    }
    assert!(
        app.pages.hits() > 0,
        "the page cache served the old-key visitor"
    );
    assert!(
        app.records().await.is_empty(),
        "no record for a re-signed cookie"
    );
}

/// A decision post made with an old-key cookie sets the new decision only: one
/// `cookie-consent`, the new one, and one record.
async fn a_decision_over_an_old_key_cookie_sets_only_the_new_one(app: TestApp) {
    let old = decided_cookie(Choices::ALL);
    let r = app
        .post("/api/consent/reject-all", "", &[("cookie", &old)])
        .await;
    let consent_lines: Vec<_> = r
        .set_cookies()
        .into_iter()
        .filter(|l| l.starts_with("cookie-consent="))
        .collect();
    assert_eq!(consent_lines.len(), 1, "{consent_lines:?}");
    assert_ne!(payload(consent_lines[0]), payload(&old));
    assert_eq!(app.records().await.len(), 1);
}

/// The keys endpoint is public (no token, no cookie), names the key that signs, and holds no
/// secret: neither the private seed nor anything derived from the cookie key.
#[tokio::test]
async fn the_public_keys_are_served_without_any_secret() {
    let app = TestApp::new().await;
    let r = app.get("/.well-known/consent-log-keys.json", &[]).await;
    assert_eq!(r.status, StatusCode::OK);
    assert_eq!(r.headers[header::CONTENT_TYPE], "application/json");
    assert_eq!(r.headers[header::CACHE_CONTROL], "public, max-age=300");
    let document: KeysDocument = serde_json::from_str(&r.body).unwrap();
    assert_eq!(document.keys.len(), 1);
    assert_eq!(document.keys[0].kid, log_signer().key_id());
    assert_eq!(document.keys[0].alg, "EdDSA");
    assert!(KeySet::from_document(&document).is_ok());
    use base64::Engine;
    let seed = [42u8; 32];
    for encoding in [
        base64::engine::general_purpose::STANDARD.encode(seed),
        base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(seed),
        seed.iter().map(|b| format!("{b:02x}")).collect::<String>(),
    ] {
        assert!(!r.body.contains(&encoding), "the private key is not served");
    }
    assert!(!r.body.contains("\"d\""), "no JWK private member");
}

/// The JSON receipt is signed with the log's key and verifies with the served keys alone; a
/// changed receipt does not. The printable one names the key and a fingerprint.
async fn the_receipt_is_signed_and_verifies_with_the_public_keys(app: TestApp) {
    let decided = app.post("/api/consent/accept-all", "", &[]).await;
    let cookie = cookie_of(&decided);
    let json = app
        .get("/api/consent/receipt", &[("cookie", &cookie)])
        .await;
    assert_eq!(json.status, StatusCode::OK);
    let keys = app.get("/.well-known/consent-log-keys.json", &[]).await;
    let keys =
        KeySet::from_document(&serde_json::from_str::<KeysDocument>(&keys.body).unwrap()).unwrap();
    let verified = verify_receipt(&json.body, &keys).unwrap();
    // The cookie's value, after its MAC, is `1.<consent ID>.…` (the codec's layout).
    assert_eq!(
        Some(verified.consent_id.as_str()),
        payload(&cookie).split('.').nth(1)
    );
    assert_eq!(verified.kid, log_signer().key_id());
    let tampered = json
        .body
        .replacen("\"effective\": true", "\"effective\": false", 1);
    assert_ne!(tampered, json.body);
    assert!(verify_receipt(&tampered, &keys).is_err());
    let html = app
        .get("/api/consent/receipt?format=html", &[("cookie", &cookie)])
        .await;
    assert!(html.body.contains(log_signer().key_id()), "{}", html.body);
    assert!(html.body.contains("/.well-known/consent-log-keys.json"));
}

/// Each test above on SQLite (a fresh file) and on PostgreSQL (a fresh database in the
/// throw-away cluster), after a rotation of the cookie key.
macro_rules! on_both {
    ($($name:ident),* $(,)?) => {
        mod sqlite {
            use super::*;
            $(#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn $name() { super::$name(TestApp::rotated().await).await }) *
        }
        mod postgresql {
            use super::*;
            $(#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn $name() {
                let target = StoreTarget::Postgres(crate::postgres::fresh_database().await);
                super::$name(TestApp::rotated_on(target).await).await
            }) *
        }
    };
}

on_both!(
    a_cookie_signed_with_a_previous_key_counts_and_is_signed_again,
    a_decision_over_an_old_key_cookie_sets_only_the_new_one,
    the_receipt_is_signed_and_verifies_with_the_public_keys,
);
