//! What the WCAG 2.2 and EDPB audit found (issue 15), where the server's HTML decides it:
//! revision pre-ticks, "Keep my previous choices", the banner's wording, purposes, names and
//! descriptions, heading levels, and the confirmation of a save without JavaScript.

use http::{header, StatusCode};
use leadsgen_consent::consent::{CategoryId, FormAction, Source};

use crate::helpers::*;

#[tokio::test]
async fn after_a_policy_update_nothing_is_pre_ticked_and_the_old_choices_are_offered() {
    let analytics = Choices::NONE.with(CategoryId::Analytics, true);
    let page = get(paths::PREFERENCES, &[("cookie", &outdated(analytics))]).await;
    let main = &page.body[page.body.find("<main").unwrap()..];
    for key in ["functional", "analytics", "marketing"] {
        assert!(
            !input_tag(&page.body, &format!("page-{key}")).contains("checked"),
            "{key}"
        );
    }
    assert_eq!(main.matches("Before the policy update: allowed").count(), 1);
    assert_eq!(
        main.matches("Before the policy update: not allowed")
            .count(),
        2
    );
    assert!(page.body.contains(">Keep my previous choices</button>"));
    assert!(page.body.contains(r#"action="/api/consent/keep-previous""#));
    // Nothing of it for a current decision.
    let current = get(
        paths::PREFERENCES,
        &[("cookie", &decided_cookie(analytics))],
    )
    .await;
    assert!(!current.body.contains("Keep my previous choices"));
    assert!(!current.body.contains("Before the policy update"));
}

#[tokio::test]
async fn keep_my_previous_choices_is_recorded_like_any_decision() {
    let app = TestApp::new().await;
    let analytics = Choices::NONE.with(CategoryId::Analytics, true);
    let old = outdated(analytics);
    let r = app
        .post(
            "/api/consent/keep-previous",
            "source=preferences_page&return_to=%2Fcookie-preferences",
            &[("cookie", &old)],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    assert_eq!(r.stored().choices, analytics);
    assert_eq!(r.stored().revision, LEADSGEN.revision);
    let records = app.records().await;
    assert_eq!(records.len(), 1);
    let n = &records[0].record;
    assert_eq!(
        (n.action, n.source),
        (FormAction::KeepPrevious, Source::PreferencesPage)
    );
    assert_eq!(n.requested, analytics);
    assert_eq!(
        n.previous_consent_id,
        Some(consent_at(now(), LEADSGEN.revision, Choices::NONE).id),
        "it replaces the outdated decision"
    );
    // Without any decision there is nothing to keep. (With a current one, the choices in
    // force are kept and nothing is recorded: tests/router/client_faults.rs.)
    let r = app.post("/api/consent/keep-previous", "", &[]).await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST);
    assert!(r.set_cookies().is_empty());
    assert_eq!(app.records().await.len(), 1);
}

#[tokio::test]
async fn the_first_layer_says_what_refusing_means_and_who_marketing_involves() {
    let page = get("/", &[]).await.body;
    let banner = &page[page.find(BANNER).unwrap()..];
    let banner = &banner[..banner.find("</section>").unwrap()];
    assert!(
        banner.contains("Refusing keeps the Service fully usable"),
        "{banner}"
    );
    // Every provider of a marketing tracker is named.
    for (category, script) in LEADSGEN.scripts() {
        if category == CategoryId::Marketing {
            assert!(
                banner.contains(script.provider.name()),
                "{}",
                script.provider.name()
            );
        }
    }
}

#[tokio::test]
async fn every_category_says_what_it_is_for_from_the_registry() {
    let page = get(paths::PREFERENCES, &[]).await.body;
    for category in LEADSGEN.categories {
        let line = format!("What it is for: {}.", category.purposes(Locale::En));
        assert!(page.contains(&line), "{line}");
    }
    assert!(page
        .contains("What it is for: Facebook Pixel (conversion tracking), Google Ads attribution."));
}

#[tokio::test]
async fn switches_are_described_by_their_purpose_and_their_lock() {
    let page = get(paths::PREFERENCES, &[("dnt", "1")]).await.body;
    let necessary = input_tag(&page, "page-necessary");
    assert!(
        necessary.contains(r#"aria-describedby="page-necessary-description page-necessary-state""#),
        "{necessary}"
    );
    assert!(
        page.contains(r#"<p id="page-necessary-state" class="pref-category__state">Always on</p>"#)
    );
    let analytics = input_tag(&page, "page-analytics");
    assert!(
        analytics.contains(r#"aria-describedby="page-analytics-description page-analytics-state""#),
        "{analytics}"
    );
    assert!(page.contains(r#"<p id="page-analytics-state" class="pref-category__state">Off: your browser sends Do Not Track</p>"#));
    let functional = input_tag(&page, "page-functional");
    assert!(functional.contains(r#"aria-describedby="page-functional-description""#));
}

#[tokio::test]
async fn category_headings_sit_one_level_below_their_container() {
    let prefs = get(paths::PREFERENCES, &[]).await.body;
    assert!(prefs.contains(r#"<h2 id="page-analytics-heading">"#));
    assert!(
        prefs.contains(r#"<h3 id="dialog-analytics-heading">"#),
        "the dialog's title is an h2"
    );
    let settings = get(paths::SETTINGS, &[]).await.body;
    assert!(
        settings.contains(r#"<h3 id="settings-analytics-heading">"#),
        "under the h2 Privacy"
    );
    assert!(prefs.contains(r#"aria-describedby="consent-dialog-intro""#));
    // The table regions are named apart from their category's section.
    assert!(prefs.contains(r#"role="region" tabindex="0" aria-label="Analytics cookies""#));
}

#[tokio::test]
async fn without_javascript_a_save_comes_back_to_its_confirmation() {
    let app = TestApp::new().await;
    let r = app
        .post(
            "/api/consent/save",
            "analytics=on&source=preferences_page&return_to=%2Fcookie-preferences",
            &[],
        )
        .await;
    assert_eq!(
        r.headers[header::LOCATION],
        "/cookie-preferences?saved=consent#saved"
    );
    let cookie = r.set_cookies()[0].split(';').next().unwrap().to_string();
    let page = app
        .get("/cookie-preferences?saved=consent", &[("cookie", &cookie)])
        .await;
    assert!(page.body.contains(
        r#"<p id="saved" role="status" tabindex="-1" class="notice notice--saved">Saved: functional off, analytics on, marketing off.</p>"#
    ), "{}", page.body);
    // Its forms do not carry the marker on.
    assert!(!page.body.contains(r#"value="/cookie-preferences?saved"#));
    // The banner and the dialog come back as before: no marker.
    let r = app
        .post(
            "/api/consent/accept-all",
            "source=banner&return_to=%2F",
            &[],
        )
        .await;
    assert_eq!(r.headers[header::LOCATION], "/");

    // Settings: each save confirms itself in its own section.
    let functional = decided_cookie(Choices::NONE.with(CategoryId::Functional, true));
    let r = app
        .post(
            "/api/personalization/set",
            "workspace=globex-emea&return_to=%2Fsettings%3Fsaved%3Dtheme",
            &[("cookie", &functional)],
        )
        .await;
    assert_eq!(
        r.headers[header::LOCATION],
        "/settings?saved=workspace#saved"
    );
    let page = app
        .get(
            "/settings?saved=workspace",
            &[(
                "cookie",
                &format!("{functional}; last-workspace=globex-emea"),
            )],
        )
        .await;
    let workspace = &page.body[page.body.find(r#"id="workspace""#).unwrap()..];
    assert!(
        workspace.contains("Saved: workspace Globex EMEA."),
        "{}",
        page.body
    );
    assert_eq!(page.body.matches(r#"id="saved""#).count(), 1);
}

#[tokio::test]
async fn the_policy_s_manage_preferences_is_a_real_control() {
    // The link in section 3, as the footer's: a link to the page that the island turns into
    // the dialog.
    let control = |html: &str| -> String {
        let at = html.find("policy-manage").expect("the control");
        let start = html[..at].rfind("<a ").unwrap();
        let end = at + html[at..].find("</a>").unwrap();
        html[start..end].to_string()
    };
    let first = control(&get(paths::POLICY, &[]).await.body);
    assert!(
        first.contains(r#"href="/cookie-preferences""#) && first.contains("data-consent-settings"),
        "{first}"
    );
    assert!(first.ends_with(">Manage preferences"), "{first}");
    let decided = control(
        &get(paths::POLICY, &[("cookie", &decided_cookie(Choices::NONE))])
            .await
            .body,
    );
    assert!(decided.ends_with(">Cookie settings"), "{decided}");
}

#[tokio::test]
async fn the_page_only_notice_sits_in_the_main_landmark() {
    let page = get("/settings?theme=dark", &[]).await.body;
    let main = &page[page.find(r#"<main id="main""#).unwrap()..];
    assert!(main.contains("Your choice applies to this page only"));
}
