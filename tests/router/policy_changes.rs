//! "What changed" (issue 22 §1) against a real earlier revision: the consent log and accounts
//! that a server of the policy's previous revision left (`tests/fixtures/revision-2026-01-20`),
//! opened by today's router. The banner, the dialog and `/cookie-preferences` list the changes
//! in the page's language; a signed-in account gets the notice in the header area on every
//! device until it decides.

use http::StatusCode;

use leadsgen_consent::log::PolicyVersion;

use crate::accounts::Browser;
use crate::helpers::*;

/// What the fixture's revision (2026-01-20) changed into today's, as the pages say it in
/// `language` (`en`, `de`, `fr`): the fixture's `changes.json`, which the domain's unit test
/// (`consent::policy_changes`) and the e2e suite read too.
fn changes(language: &str) -> Vec<String> {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/revision-2026-01-20/changes.json"
    );
    let all: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    serde_json::from_value(all[language].clone()).unwrap()
}

/// The fixture's consents were given on 2026-12-03 and count for 365 days: after that its
/// cookies and accounts are expired, not outdated, and the fixture must be made again (its
/// README says how).
#[test]
fn the_fixture_is_within_its_consents_lifetime() {
    let made = CalendarDate::new(2026, 12, 3).unwrap();
    let today = now().date();
    let expires = CalendarDate::new(2027, 12, 2).unwrap();
    assert!(
        made <= today && today < expires,
        "tests/fixtures/revision-2026-01-20 has expired ({today}): make it again as its README says"
    );
}

/// The `cookie-consent=…` pair the earlier server set for `name` in the fixture.
fn fixture_cookie(name: &str) -> String {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/revision-2026-01-20/cookies.txt"
    );
    std::fs::read_to_string(path)
        .unwrap()
        .lines()
        .find_map(|l| l.strip_prefix(&format!("{name} ")).map(str::to_string))
        .unwrap_or_else(|| panic!("no {name} in the fixture"))
}

fn listed(body: &str, line: &str) -> usize {
    body.matches(&format!("<li>{line}</li>")).count()
}

#[tokio::test]
async fn the_update_notice_lists_what_changed_in_the_pages_language() {
    let app = TestApp::on_previous_revision().await;
    let cookie = fixture_cookie("device_accepted_all");
    // Where the list is: the banner and the dialog, and on /cookie-preferences and /settings
    // the page too.
    let pages = [
        ("/", "en", 2),
        ("/cookie-preferences", "en", 3),
        ("/settings", "en", 3),
        ("/de", "de", 2),
        ("/de/cookie-preferences", "de", 3),
        ("/fr", "fr", 2),
        ("/fr/cookie-preferences", "fr", 3),
    ];
    for (path, language, places) in pages {
        let r = app.get(path, &[("cookie", &cookie)]).await;
        assert_eq!(r.status, StatusCode::OK, "{path}");
        for line in &changes(language) {
            assert_eq!(listed(&r.body, line), places, "{path}: {line}");
        }
        // The list follows the dated notice, inside it.
        let notice = r.body.find("notice--revised").unwrap();
        assert!(
            r.body[notice..].find("policy-changes").unwrap() < 400,
            "{path}"
        );
    }
    // Every change of the English list, in order, under its heading.
    let r = app.get("/", &[("cookie", &cookie)]).await;
    let list: String = changes("en")
        .iter()
        .map(|l| format!("<li>{l}</li>"))
        .collect();
    assert!(r.body.contains(&format!(
        r#"id="banner-policy-changes" class="policy-changes__heading">What changed:</p><ul aria-labelledby="banner-policy-changes">{list}"#
    )), "{}", &r.body[r.body.find("policy-changes").unwrap()..][..300]);
    assert!(r
        .body
        .contains(r#"<ul aria-labelledby="dialog-policy-changes">"#));
    // The page is kept as a template for this revision and language, and served with the
    // same list from it.
    let hits = app.pages.hits();
    let again = app.get("/", &[("cookie", &cookie)]).await;
    assert!(app.pages.hits() > hits, "{:?}", app.pages);
    assert!(again.body.contains(&list));
}

#[tokio::test]
async fn a_long_list_shows_six_and_the_rest_behind_a_disclosure() {
    // An earlier policy with no category at all: everything today's has is new.
    let dir = tempfile::tempdir().unwrap();
    let target = StoreTarget::Sqlite(dir.path().join("consent.db"));
    let store = Store::open(&target).await.unwrap();
    let snapshot = r#"{"revision":"2025-06-01","locale":"en","categories":[]}"#;
    store
        .put_policy(
            &PolicyVersion {
                sha256: "0".repeat(64),
                revision: "2025-06-01".into(),
                locale: "en".into(),
                snapshot: snapshot.into(),
            },
            0,
        )
        .await
        .unwrap();
    let app = TestApp::sharing(target).await;
    let old = consent_at(now(), CalendarDate::new(2025, 6, 1).unwrap(), Choices::ALL);
    let r = app.get("/", &[("cookie", &cookie_for(&old))]).await;
    let banner = &r.body[r.body.find("banner-policy-changes").unwrap()..];
    let banner = &banner[..banner.find("</details>").expect("a disclosure")];
    let cookies = LEADSGEN.cookies().count();
    // Four categories, every cookie, every tracker (each from its own host or the site).
    let total = 4 + cookies + LEADSGEN.scripts().count();
    assert_eq!(banner.matches("<li>").count(), total, "{banner}");
    assert!(banner.contains(&format!(
        "<summary>Show {} more changes</summary>",
        total - 6
    )));
    assert!(banner.contains("<li>Added: the Marketing category</li>"));
}

#[tokio::test]
async fn a_decision_under_the_current_policy_ends_the_list() {
    let app = TestApp::on_previous_revision().await;
    let old = fixture_cookie("device_rejected_all");
    let r = app
        .post(
            "/api/consent/reject-all",
            "return_to=%2F&source=banner",
            &[("cookie", &old)],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    let new = cookie_of(&r);
    let page = app.get("/", &[("cookie", &new)]).await;
    assert!(!page.body.contains(BANNER));
    assert!(!page.body.contains("policy-changes"));
    assert_eq!(listed(&page.body, &changes("en")[3]), 0);
}

#[tokio::test]
async fn a_revision_the_log_never_kept_is_only_said_to_be_updated() {
    // A fresh log holds today's snapshots only: the consent's revision is unknown to it.
    let app = TestApp::new().await;
    let r = app.get("/", &[("cookie", &outdated(Choices::ALL))]).await;
    assert!(r.body.contains("Our Cookie Policy was updated on"));
    assert!(!r.body.contains("policy-changes"));
}

#[tokio::test]
async fn a_signed_in_account_is_told_on_every_device_until_it_decides() {
    let app = TestApp::on_previous_revision().await;
    let (mut phone, mut laptop) = (Browser::new(&app), Browser::new(&app));
    for device in [&mut phone, &mut laptop] {
        let r = device
            .sign_in("rev-router@example.test", "older-revision-fixture-2026")
            .await;
        assert_eq!(r.status, StatusCode::SEE_OTHER);
        let page = device.get("/").await;
        let notice = page.body.find("notice--policy-change").expect("the notice");
        let section = &page.body[page.body[..notice].rfind("<section").unwrap()..notice];
        assert!(
            section.contains(r#"aria-label="Cookie Policy update""#),
            "{section}"
        );
        for line in &changes("en") {
            // The header notice, the banner and the dialog.
            assert_eq!(listed(&page.body, line), 3, "{line}");
        }
        assert!(page.body.contains("after your account’s last decision"));
        // In the header area: before the page's own content.
        assert!(page.body.find("notice--policy-change") < page.body.find("<h1"));
    }
    // In the page's language, as everything else on it.
    for (path, label, text) in [
        (
            "/de",
            "Änderung der Cookie-Richtlinie",
            "Neu: _gcl_au in Marketing",
        ),
        (
            "/fr",
            "Mise à jour de la politique cookies",
            "Ajout : _gcl_au dans la catégorie Marketing",
        ),
    ] {
        let page = laptop.get(path).await;
        assert!(
            page.body.contains(&format!(r#"aria-label="{label}""#)),
            "{path}"
        );
        assert_eq!(listed(&page.body, text), 3, "{path}");
    }
    // Deciding on the phone dismisses it on both devices, for good.
    let r = phone
        .post("/api/consent/accept-all", "return_to=%2F&source=banner")
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    for device in [&mut phone, &mut laptop] {
        let page = device.get("/").await;
        assert!(!page.body.contains("notice--policy-change"));
        assert!(!page.body.contains(BANNER));
        assert!(!page.body.contains("policy-changes"));
    }
}
