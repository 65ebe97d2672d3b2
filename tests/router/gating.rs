//! Tracker gating and the Content-Security-Policy, following effective consent.

use http::StatusCode;

use crate::helpers::*;

/// Where each tracker of the registry loads from or reports to: its hosts without the scheme,
/// and the path of a same-origin script. None of them may appear before consent.
fn tracker_markers() -> Vec<String> {
    LEADSGEN
        .scripts()
        .flat_map(|(_, s)| {
            let h = s.hosts;
            let hosts = [h.script, h.connect, h.img, h.frame].concat();
            let hosts = hosts
                .into_iter()
                .map(|u| u.trim_start_matches("https://").to_string());
            hosts.chain(s.src.starts_with('/').then(|| s.src.to_string()))
        })
        .collect()
}

/// The registry keys of the trackers in these categories, in the registry's order.
fn trackers_of(categories: &[CategoryId]) -> Vec<&'static str> {
    LEADSGEN
        .scripts()
        .filter(|(c, _)| categories.contains(c))
        .map(|(_, s)| s.key)
        .collect()
}

#[tokio::test]
async fn a_first_visit_names_no_tracker_host_in_its_html_or_its_policy() {
    for path in ["/", "/cookie-policy", "/settings", "/nope"] {
        let r = get(path, &[]).await;
        for host in tracker_markers() {
            assert!(!r.body.contains(&host), "{path}: {host} in the HTML");
            assert!(!csp(&r).contains(&host), "{path}: {host} in the CSP");
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
    let ids = TrackerIds::leadsgen();
    for allowed in [
        vec![],
        vec![CategoryId::Analytics],
        vec![CategoryId::Marketing],
        vec![CategoryId::Analytics, CategoryId::Marketing],
    ] {
        let choices = allowed
            .iter()
            .fold(Choices::NONE, |c, id| c.with(*id, true));
        let r = get("/", &[("cookie", &decided_cookie(choices))]).await;
        assert_eq!(trackers_in(&r.body), trackers_of(&allowed), "{allowed:?}");
        for (category, script) in LEADSGEN.scripts() {
            let on = allowed.contains(&category);
            let id = ids
                .id(script.key)
                .expect("LeadsGen configures every tracker");
            let src = script.src.replace(ID_PLACEHOLDER, id);
            assert_eq!(r.body.contains(&src), on, "{allowed:?}: {src}");
            if let Some((name, value)) = script.data_attribute {
                let attribute = format!(r#"{name}="{}""#, value.replace(ID_PLACEHOLDER, id));
                assert_eq!(r.body.contains(&attribute), on, "{attribute}");
            }
            for host in script.hosts.script.iter().chain(script.hosts.connect) {
                assert_eq!(csp(&r).contains(host), on, "{allowed:?}: {host}");
            }
        }
    }
}

#[tokio::test]
async fn dnt_and_gpc_keep_every_tracker_out_even_after_accept_all() {
    for signal in [("dnt", "1"), ("sec-gpc", "1")] {
        let r = get("/", &[("cookie", &decided_cookie(Choices::ALL)), signal]).await;
        assert!(trackers_in(&r.body).is_empty(), "{signal:?}");
        for host in tracker_markers() {
            assert!(
                !r.body.contains(&host) && !csp(&r).contains(&host),
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
