//! Accounts through the whole router, with real cookies and a real SQLite database: sign-up,
//! sign-in, sign-out, sign-out everywhere, deletion, login CSRF, the limits on failed
//! sign-ins, and the page cache never sharing a signed-in page.
//!
//! OWASP sections encoded: authentication cheat sheet ("Authentication and error messages":
//! one answer for an unknown address and a wrong password; "Protect against automated
//! attacks": 429 after 10 failures); session management cheat sheet ("Session ID entropy",
//! "Renew the session ID after any privilege level change", "Cookies": `HttpOnly`,
//! `SameSite`, `Secure`; "Manual session expiration": a token refused after sign-out); CSRF
//! cheat sheet ("Signed Double-Submit Cookie"); ASVS V3.3 (logout and timeout).

use http::{header, StatusCode};

use crate::helpers::*;

const PASSWORD: &str = "correct horse battery";

/// A browser: the app, and the cookies it keeps.
pub(crate) struct Browser<'a> {
    app: &'a TestApp,
    pub(crate) jar: Vec<(String, String)>,
}

impl<'a> Browser<'a> {
    pub(crate) fn new(app: &'a TestApp) -> Self {
        Browser {
            app,
            jar: Vec::new(),
        }
    }

    fn cookie_header(&self) -> String {
        self.jar
            .iter()
            .map(|(k, v)| format!("{k}={v}"))
            .collect::<Vec<_>>()
            .join("; ")
    }

    pub(crate) fn keep(&mut self, reply: &Reply) {
        for line in reply.set_cookies() {
            let pair = line.split(';').next().unwrap();
            let (name, value) = pair.split_once('=').unwrap();
            self.jar.retain(|(k, _)| k != name);
            if !line.contains("Max-Age=0") {
                self.jar.push((name.to_string(), value.to_string()));
            }
        }
    }

    pub(crate) fn has(&self, name: &str) -> bool {
        self.jar.iter().any(|(k, _)| k == name)
    }

    pub(crate) async fn get(&mut self, path: &str) -> Reply {
        let cookie = self.cookie_header();
        let headers: Vec<(&str, &str)> = if cookie.is_empty() {
            vec![]
        } else {
            vec![("cookie", cookie.as_str())]
        };
        let r = self.app.get(path, &headers).await;
        self.keep(&r);
        r
    }

    pub(crate) async fn post(&mut self, path: &str, body: &str) -> Reply {
        let cookie = self.cookie_header();
        let headers: Vec<(&str, &str)> = if cookie.is_empty() {
            vec![]
        } else {
            vec![("cookie", cookie.as_str())]
        };
        let r = self.app.post(path, body, &headers).await;
        self.keep(&r);
        r
    }

    /// The CSRF field of the form on `page`.
    async fn csrf(&mut self, page: &str) -> String {
        let r = self.get(page).await;
        assert_eq!(r.status, StatusCode::OK, "{page}");
        value_of(&r.body, "csrf_token")
    }

    async fn submit(&mut self, page: &str, action: &str, email: &str, password: &str) -> Reply {
        let csrf = self.csrf(page).await;
        let body = form(&[
            ("email", email),
            ("password", password),
            ("csrf_token", &csrf),
        ]);
        self.post(action, &body).await
    }

    async fn sign_up(&mut self, email: &str) -> Reply {
        self.submit("/sign-up", "/api/account/sign-up", email, PASSWORD)
            .await
    }

    pub(crate) async fn sign_in(&mut self, email: &str, password: &str) -> Reply {
        self.submit("/sign-in", "/api/account/sign-in", email, password)
            .await
    }
}

fn form(pairs: &[(&str, &str)]) -> String {
    pairs
        .iter()
        .map(|(k, v)| {
            let v: String = url_encode(v);
            format!("{k}={v}")
        })
        .collect::<Vec<_>>()
        .join("&")
}

fn url_encode(v: &str) -> String {
    v.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' => (b as char).to_string(),
            _ => format!("%{b:02X}"),
        })
        .collect()
}

/// The `value` of the input named `name` in the page's account form (the header has forms
/// with a `return_to` too).
fn value_of(html: &str, name: &str) -> String {
    let html = &html[html
        .find(r#"class="account-form""#)
        .expect("an account form")..];
    let at = html
        .find(&format!(r#"name="{name}""#))
        .unwrap_or_else(|| panic!("no input {name}"));
    let tag_start = html[..at].rfind('<').unwrap();
    let tag = &html[tag_start..at + html[at..].find('>').unwrap()];
    let v = tag.split(r#"value=""#).nth(1).expect("a value");
    v[..v.find('"').unwrap()].to_string()
}

fn location(r: &Reply) -> &str {
    r.headers[header::LOCATION].to_str().unwrap()
}

#[tokio::test]
async fn signing_up_sets_the_policys_session_cookie_and_signs_in() {
    let app = TestApp::new().await;
    let mut browser = Browser::new(&app);
    let page = browser.get("/sign-up").await;
    // The sign-up page sets the CSRF cookie, a browser-session cookie, and nothing else.
    let csrf_line = page.set_cookies()[0].to_string();
    assert_eq!(page.set_cookies().len(), 1);
    assert!(
        csrf_line.starts_with("next-auth.csrf-token="),
        "{csrf_line}"
    );
    assert_eq!(
        attributes(&csrf_line),
        ["HttpOnly", "SameSite=Lax", "Path=/"]
    );

    let r = browser.sign_up("Ana@Example.com").await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    assert_eq!(location(&r), "/settings");
    let session = r
        .set_cookies()
        .into_iter()
        .find(|l| l.starts_with("next-auth.session-token="))
        .expect("a session cookie");
    assert_eq!(
        attributes(session),
        ["HttpOnly", "SameSite=Lax", "Path=/", "Max-Age=2592000"]
    );
    let token = session
        .split(';')
        .next()
        .unwrap()
        .split_once('=')
        .unwrap()
        .1;
    assert_eq!(token.len(), 43, "256 bits, base64url");

    let settings = browser.get("/settings").await;
    assert!(settings.body.contains("Signed in as ana@example.com"));
    assert!(settings.body.contains("Delete my account"));
    // A signed-in page is kept by no cache (ASVS V8.2.1).
    assert_eq!(settings.headers[header::CACHE_CONTROL], "private, no-store");
    let policy = browser.get("/cookie-policy").await;
    assert_eq!(policy.headers[header::CACHE_CONTROL], "private, no-store");
    // The database keeps the token's hash only.
    let db = std::fs::read(app.dir.path().join("consent.db")).unwrap();
    let wal = std::fs::read(app.dir.path().join("consent.db-wal")).unwrap_or_default();
    for bytes in [db, wal] {
        assert!(!bytes.windows(token.len()).any(|w| w == token.as_bytes()));
    }
}

#[tokio::test]
async fn secure_cookies_behind_https() {
    let app = TestApp::https().await;
    let mut browser = Browser::new(&app);
    let page = browser.get("/sign-in").await;
    assert!(page.set_cookies()[0].contains("Secure"));
    let r = browser.sign_up("ana@example.com").await;
    let session = r
        .set_cookies()
        .into_iter()
        .find(|l| l.starts_with("next-auth.session-token="))
        .unwrap();
    assert!(attributes(session).contains(&"Secure"));
}

#[tokio::test]
async fn an_unknown_address_and_a_wrong_password_get_the_same_answer() {
    let app = TestApp::new().await;
    let mut owner = Browser::new(&app);
    owner.sign_up("ana@example.com").await;
    let mut a = Browser::new(&app);
    let wrong = a.sign_in("ana@example.com", "wrong password").await;
    let mut b = Browser::new(&app);
    let unknown = b.sign_in("nobody@example.com", "wrong password").await;
    let mut c = Browser::new(&app);
    let malformed = c.sign_in("not an address", "wrong password").await;
    for r in [&wrong, &unknown, &malformed] {
        assert_eq!(r.status, StatusCode::SEE_OTHER);
        assert_eq!(
            location(r),
            "/sign-in?return_to=%2Fsettings&problem=failed#problem"
        );
        assert!(!r
            .set_cookies()
            .iter()
            .any(|l| l.starts_with("next-auth.session")));
    }
    assert_eq!(wrong.body, unknown.body);
    let page = a.get(location(&wrong)).await;
    assert!(page.body.contains(r#"role="alert""#));
    assert!(page
        .body
        .contains("That e-mail address and password do not match an account."));
    // A script gets the error and its status.
    let csrf = a.csrf("/sign-in").await;
    let json = app
        .post(
            "/api/account/sign-in",
            &form(&[
                ("email", "ana@example.com"),
                ("password", "nope"),
                ("csrf_token", &csrf),
            ]),
            &[
                ("accept", "application/json"),
                ("cookie", &a.cookie_header()),
            ],
        )
        .await;
    assert_eq!(json.status, StatusCode::UNAUTHORIZED, "{}", json.body);
}

#[tokio::test]
async fn signing_in_issues_a_new_token_and_signing_out_refuses_the_old_one() {
    let app = TestApp::new().await;
    let mut phone = Browser::new(&app);
    phone.sign_up("ana@example.com").await;
    let first = phone.cookie_header();
    let r = phone.sign_in("ana@example.com", PASSWORD).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    let second = phone.cookie_header();
    assert_ne!(first, second, "a new session token at every sign-in");
    // The replaced token no longer signs anyone in.
    let replayed = app.get("/settings", &[("cookie", &first)]).await;
    assert!(!replayed.body.contains("Signed in as"));

    let r = phone
        .post("/api/account/sign-out", "return_to=%2Fde%2Fsettings")
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    assert_eq!(location(&r), "/de/sign-in?saved=signed_out#saved");
    assert!(r
        .set_cookies()
        .iter()
        .any(|l| l.starts_with("next-auth.session-token=;") && l.contains("Max-Age=0")));
    let replayed = app.get("/settings", &[("cookie", &second)]).await;
    assert!(
        !replayed.body.contains("Signed in as"),
        "refused once signed out"
    );
    let page = phone.get(location(&r)).await;
    assert!(page.body.contains("Sie sind abgemeldet."));
}

#[tokio::test]
async fn signing_out_everywhere_ends_every_session() {
    let app = TestApp::new().await;
    let mut laptop = Browser::new(&app);
    laptop.sign_up("ana@example.com").await;
    let mut phone = Browser::new(&app);
    phone.sign_in("ana@example.com", PASSWORD).await;
    assert!(phone
        .get("/")
        .await
        .body
        .contains("Signed in as ana@example.com"));
    let r = laptop
        .post("/api/account/sign-out-everywhere", "return_to=%2Fsettings")
        .await;
    assert_eq!(location(&r), "/sign-in?saved=signed_out_everywhere#saved");
    assert!(!phone.get("/").await.body.contains("Signed in as"));
    assert!(!laptop.get("/").await.body.contains("Signed in as"));
}

#[tokio::test]
async fn login_csrf_needs_the_cookie_and_its_matching_field() {
    let app = TestApp::new().await;
    let mut owner = Browser::new(&app);
    owner.sign_up("ana@example.com").await;
    // Cookies blocked: the form's field arrives, its cookie does not.
    let mut blocked = Browser::new(&app);
    let csrf = blocked.csrf("/sign-in").await;
    let body = form(&[
        ("email", "ana@example.com"),
        ("password", PASSWORD),
        ("csrf_token", &csrf),
    ]);
    let r = app.post("/api/account/sign-in", &body, &[]).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    assert!(
        location(&r).ends_with("problem=cookies#problem"),
        "{}",
        location(&r)
    );
    let page = app.get(location(&r), &[]).await;
    assert!(page
        .body
        .contains("Signing in needs the strictly necessary cookies"));
    // Another browser's field with this browser's cookie: refused.
    let mut attacker = Browser::new(&app);
    let forged = attacker.csrf("/sign-in").await;
    let mut victim = Browser::new(&app);
    victim.csrf("/sign-in").await;
    let body = form(&[
        ("email", "ana@example.com"),
        ("password", PASSWORD),
        ("csrf_token", &forged),
    ]);
    let r = victim.post("/api/account/sign-in", &body).await;
    assert!(location(&r).ends_with("problem=expired#problem"));
    assert!(!victim.has("next-auth.session-token"));
    // A form without the field is malformed.
    let r = victim
        .post("/api/account/sign-in", "email=ana%40example.com&password=x")
        .await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST);
}

#[tokio::test]
async fn ten_failures_in_fifteen_minutes_answer_429_with_retry_after() {
    let app = TestApp::new().await;
    let mut owner = Browser::new(&app);
    owner.sign_up("ana@example.com").await;
    let mut attacker = Browser::new(&app);
    for _ in 0..10 {
        let r = attacker.sign_in("ana@example.com", "guess").await;
        assert_eq!(r.status, StatusCode::SEE_OTHER);
    }
    // Even the right password waits now: the account is limited.
    let r = attacker.sign_in("ana@example.com", PASSWORD).await;
    assert_eq!(r.status, StatusCode::TOO_MANY_REQUESTS, "{}", r.body);
    let retry: u64 = r.headers[header::RETRY_AFTER]
        .to_str()
        .unwrap()
        .parse()
        .unwrap();
    assert!((1..=900).contains(&retry), "{retry}");
    assert!(r
        .body
        .contains("Too many failed sign-ins. Please try again in 15 minutes."));
    assert!(r.body.contains(r#"href="/sign-in""#));
    assert!(!attacker.has("next-auth.session-token"));
    // In German, from a German page.
    let csrf = attacker.csrf("/de/sign-in").await;
    let body = form(&[
        ("email", "ana@example.com"),
        ("password", PASSWORD),
        ("csrf_token", &csrf),
        ("return_to", "/de/settings"),
    ]);
    let r = attacker.post("/api/account/sign-in", &body).await;
    assert_eq!(r.status, StatusCode::TOO_MANY_REQUESTS);
    assert!(r.body.contains("Zu viele fehlgeschlagene Anmeldungen"));
    assert_eq!(r.headers[header::CONTENT_LANGUAGE], "de");
}

#[tokio::test]
async fn sign_up_says_what_is_wrong_with_the_address_or_password() {
    let app = TestApp::new().await;
    let mut browser = Browser::new(&app);
    let cases = [
        ("not-an-address", PASSWORD, "email"),
        ("ana@example.com", "short", "password_short"),
        ("ana@example.com", &"x".repeat(257), "password_long"),
    ];
    for (email, password, problem) in cases {
        let r = browser
            .submit("/sign-up", "/api/account/sign-up", email, password)
            .await;
        assert!(
            location(&r).ends_with(&format!("problem={problem}#problem")),
            "{}",
            location(&r)
        );
    }
    // NIST: any characters, spaces included, no composition rules.
    let r = browser
        .submit(
            "/sign-up",
            "/api/account/sign-up",
            "ana@example.com",
            "pâté  ébène",
        )
        .await;
    assert_eq!(location(&r), "/settings");
    let mut other = Browser::new(&app);
    let r = other.sign_up("ANA@example.com").await;
    assert!(location(&r).ends_with("problem=taken#problem"));
    let page = other.get(location(&r)).await;
    assert!(page
        .body
        .contains("An account with this e-mail address exists."));
}

#[tokio::test]
async fn deleting_an_account_asks_for_its_password_and_ends_its_sessions() {
    let app = TestApp::new().await;
    let mut laptop = Browser::new(&app);
    laptop.sign_up("ana@example.com").await;
    let mut phone = Browser::new(&app);
    phone.sign_in("ana@example.com", PASSWORD).await;
    let r = laptop
        .post(
            "/api/account/delete",
            "password=wrong&return_to=%2Fsettings",
        )
        .await;
    assert_eq!(location(&r), "/settings?problem=wrong_password#problem");
    let page = laptop.get(location(&r)).await;
    assert!(page
        .body
        .contains("That password is not right, so nothing was deleted."));
    let body = format!("password={}&return_to=%2Fsettings", url_encode(PASSWORD));
    let r = laptop.post("/api/account/delete", &body).await;
    assert_eq!(location(&r), "/sign-up?saved=deleted#saved");
    assert!(!laptop.has("next-auth.session-token"));
    assert!(!phone.get("/").await.body.contains("Signed in as"));
    let mut again = Browser::new(&app);
    let r = again.sign_in("ana@example.com", PASSWORD).await;
    assert!(location(&r).ends_with("problem=failed#problem"));
    assert!(app.log.verify().await.is_ok());
}

#[tokio::test]
async fn no_page_but_the_sign_in_pages_sets_a_cookie_before_consent() {
    for page in [
        "/",
        "/cookie-policy",
        "/cookie-preferences",
        "/settings",
        "/de/settings",
    ] {
        let r = get(page, &[]).await;
        assert!(r.set_cookies().is_empty(), "{page}: {:?}", r.set_cookies());
    }
    for page in ["/sign-in", "/sign-up", "/fr/sign-in"] {
        let r = get(page, &[]).await;
        let names: Vec<&str> = r
            .set_cookies()
            .iter()
            .map(|l| l.split('=').next().unwrap())
            .collect();
        assert_eq!(names, ["next-auth.csrf-token"], "{page}");
    }
}

#[tokio::test]
async fn the_page_cache_never_serves_one_accounts_page_to_another() {
    let app = TestApp::new().await;
    let mut browsers = Vec::new();
    for i in 0..6 {
        let mut b = Browser::new(&app);
        b.sign_up(&format!("person{i}@example.com")).await;
        // The same consent for all: the same variant, were they cached.
        b.post("/api/consent/accept-all", "return_to=%2F").await;
        browsers.push(b);
    }
    for round in 0..3 {
        for (i, b) in browsers.iter_mut().enumerate() {
            for page in ["/", "/settings", "/cookie-policy"] {
                let r = b.get(page).await;
                let me = format!("Signed in as person{i}@example.com");
                assert!(r.body.contains(&me), "round {round}, {page}, person {i}");
                for j in (0..6).filter(|j| *j != i) {
                    assert!(
                        !r.body.contains(&format!("person{j}@")),
                        "{page}: {j} in {i}'s page"
                    );
                }
            }
        }
    }
    // Signed-out visitors are still served from the cache.
    let mut anonymous = Browser::new(&app);
    anonymous.get("/cookie-policy").await;
    anonymous.get("/cookie-policy").await;
    assert!(!app.pages.is_empty());
}

#[tokio::test]
async fn the_header_links_to_sign_in_and_back() {
    let r = get("/cookie-policy", &[]).await;
    assert!(r
        .body
        .contains(r#"href="/sign-in?return_to=%2Fcookie-policy""#));
    let r = get("/fr/cookie-policy", &[]).await;
    assert!(r
        .body
        .contains(r#"href="/fr/sign-in?return_to=%2Ffr%2Fcookie-policy""#));
    assert!(r.body.contains("Se connecter"));
    // The sign-in page carries the return in its form.
    let r = get("/sign-in?return_to=%2Fcookie-policy", &[]).await;
    assert_eq!(value_of(&r.body, "return_to"), "/cookie-policy");
    let r = get("/sign-in?return_to=%2F%2Fevil.example", &[]).await;
    assert_eq!(value_of(&r.body, "return_to"), "/settings");
}

/// What may run for `browser` now, from `GET /api/consent/state`: functional, analytics,
/// marketing; and whether a decision is in force.
async fn in_force(browser: &mut Browser<'_>) -> ([bool; 3], bool) {
    let r = browser.get("/api/consent/state").await;
    let json: serde_json::Value = serde_json::from_str(&r.body).unwrap();
    let c = &json["detail"]["categories"];
    let flag = |k: &str| c[k].as_bool().unwrap();
    (
        [flag("functional"), flag("analytics"), flag("marketing")],
        !json["detail"]["id"].is_null(),
    )
}

/// The log's records, as JSON objects.
async fn records(app: &TestApp) -> Vec<serde_json::Value> {
    app.records()
        .await
        .iter()
        .map(|r| serde_json::to_value(r.to_json()).unwrap())
        .collect()
}

#[tokio::test]
async fn rules_1_and_2_signed_in_the_accounts_decision_governs_every_device_refusal_too() {
    let app = TestApp::new().await;
    let mut laptop = Browser::new(&app);
    laptop.sign_up("ana@example.com").await;
    let mut phone = Browser::new(&app);
    phone.sign_in("ana@example.com", PASSWORD).await;
    assert_eq!(in_force(&mut phone).await, ([false; 3], false));
    let r = laptop
        .post("/api/consent/accept-all", "return_to=%2F")
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    // The account's decision is kept with the account, not in this browser's cookie.
    assert!(!laptop.has("cookie-consent"));
    assert_eq!(in_force(&mut phone).await, ([true; 3], true));
    let home = phone.get("/").await;
    assert!(
        !home.body.contains(BANNER),
        "decided on the account: no banner"
    );
    assert!(!trackers_in(&home.body).is_empty());
    // Withdrawal travels exactly like acceptance.
    phone.post("/api/consent/reject-all", "return_to=%2F").await;
    assert_eq!(in_force(&mut laptop).await, ([false; 3], true));
    assert!(trackers_in(&laptop.get("/").await.body).is_empty());
    let log = records(&app).await;
    assert_eq!(log.len(), 2);
    for r in &log {
        assert_eq!(r["v"], 2);
        assert_eq!(r["scope"], "account");
        assert_eq!(r["subject"].as_str().unwrap().len(), 32);
        assert!(!r.to_string().contains("ana@"), "never the e-mail address");
    }
    assert_eq!(log[1]["previous_consent_id"], log[0]["consent_id"]);
}

#[tokio::test]
async fn rules_3_and_7_the_banner_and_the_preferences_say_the_choice_is_the_accounts() {
    let app = TestApp::new().await;
    let mut b = Browser::new(&app);
    b.sign_up("ana@example.com").await;
    let home = b.get("/").await;
    assert!(home.body.contains(BANNER));
    assert!(home.body.contains(
        "You are signed in as ana@example.com: your choice applies to your account on every \
         device where you are signed in."
    ));
    let de = b.get("/de").await;
    assert!(de
        .body
        .contains("Ihre Auswahl gilt für Ihr Konto auf allen Geräten"));
    // Rule 7: /settings and /cookie-preferences name the account and say the same.
    for page in ["/settings", "/cookie-preferences"] {
        let r = b.get(page).await;
        assert!(
            r.body.contains("You are signed in as ana@example.com"),
            "{page}"
        );
        assert!(
            r.body.contains("on every device where you are signed in"),
            "{page}"
        );
    }
    assert!(!get("/", &[]).await.body.contains("signed in as"));
}

#[tokio::test]
async fn rule_4_a_devices_decision_is_never_lifted_silently() {
    let app = TestApp::new().await;
    let mut owner = Browser::new(&app);
    owner.sign_up("ana@example.com").await;
    owner.post("/api/account/sign-out", "return_to=%2F").await;
    // A device decides signed out, then signs in to an account without a decision.
    let mut tablet = Browser::new(&app);
    tablet
        .post("/api/consent/save", "analytics=on&return_to=%2F")
        .await;
    tablet.sign_in("ana@example.com", PASSWORD).await;
    assert_eq!(in_force(&mut tablet).await, ([false, true, false], true));
    let home = tablet.get("/").await;
    assert!(home.body.contains("Use them for my account"));
    // Another device of the account still has nothing.
    let mut phone = Browser::new(&app);
    phone.sign_in("ana@example.com", PASSWORD).await;
    assert_eq!(in_force(&mut phone).await, ([false; 3], false));
    assert!(!phone
        .get("/")
        .await
        .body
        .contains("Use them for my account"));
    // Only the explicit action makes it the account's, and it is recorded.
    let r = tablet
        .post("/api/consent/adopt", "return_to=%2F&source=page_notice")
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    assert_eq!(in_force(&mut phone).await, ([false, true, false], true));
    let log = records(&app).await;
    let adopted = log.last().unwrap();
    assert_eq!(adopted["action"], "adopt_device");
    assert_eq!(adopted["scope"], "account");
    // It names the device's decision it adopted.
    let device = log.iter().find(|r| r["scope"].is_null()).unwrap();
    assert_eq!(adopted["previous_consent_id"], device["consent_id"]);
    assert!(!tablet
        .get("/")
        .await
        .body
        .contains("Use them for my account"));
    // With nothing to adopt, the post is refused.
    let r = phone.post("/api/consent/adopt", "return_to=%2F").await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST);
}

#[tokio::test]
async fn rule_5_a_shared_device_keeps_its_own_choice() {
    let app = TestApp::new().await;
    let mut owner = Browser::new(&app);
    owner.sign_up("ana@example.com").await;
    owner.post("/api/consent/accept-all", "return_to=%2F").await;
    owner.post("/api/account/sign-out", "return_to=%2F").await;
    // A shared computer whose signed-out choice is "reject all".
    let mut shared = Browser::new(&app);
    shared
        .post("/api/consent/reject-all", "return_to=%2F")
        .await;
    let own = shared.cookie_header();
    shared.sign_in("ana@example.com", PASSWORD).await;
    assert_eq!(
        in_force(&mut shared).await,
        ([true; 3], true),
        "the account's governs"
    );
    // A tracker cookie set under the account's consent.
    shared.jar.push(("_fbp".into(), "fb.1.1.1".into()));
    let r = shared.post("/api/account/sign-out", "return_to=%2F").await;
    assert!(
        r.set_cookies()
            .iter()
            .any(|l| l.starts_with("_fbp=;") && l.contains("Max-Age=0")),
        "{:?}",
        r.set_cookies()
    );
    assert_eq!(
        in_force(&mut shared).await,
        ([false; 3], true),
        "its own again"
    );
    assert!(shared
        .cookie_header()
        .contains(own.split("; ").next().unwrap()));
    // A device with no choice of its own gets the banner again.
    let mut kiosk = Browser::new(&app);
    kiosk.sign_in("ana@example.com", PASSWORD).await;
    assert!(!kiosk.get("/").await.body.contains(BANNER));
    kiosk.post("/api/account/sign-out", "return_to=%2F").await;
    assert!(kiosk.get("/").await.body.contains(BANNER));
    assert!(
        !kiosk.has("cookie-consent"),
        "nothing of the account's stays"
    );
}

#[tokio::test]
async fn rule_6_gpc_opts_the_account_out_of_marketing_on_every_device() {
    let app = TestApp::new().await;
    let mut laptop = Browser::new(&app);
    laptop.sign_up("ana@example.com").await;
    laptop
        .post("/api/consent/accept-all", "return_to=%2F")
        .await;
    // The phone's browser sends GPC on a plain page view.
    let mut phone = Browser::new(&app);
    phone.sign_in("ana@example.com", PASSWORD).await;
    let cookie = phone.cookie_header();
    app.get("/cookie-policy", &[("cookie", &cookie), ("sec-gpc", "1")])
        .await;
    let log = records(&app).await;
    let opt_out = log.last().unwrap();
    assert_eq!(opt_out["action"], "gpc_opt_out");
    assert_eq!(opt_out["scope"], "account");
    assert_eq!(opt_out["requested"]["marketing"], false);
    assert_eq!(opt_out["requested"]["analytics"], true);
    // Every device: marketing off, the rest as decided; a request without GPC is no opt-in.
    assert_eq!(in_force(&mut laptop).await, ([true, true, false], true));
    assert_eq!(in_force(&mut phone).await, ([true, true, false], true));
    // Recorded once.
    app.get("/", &[("cookie", &cookie), ("sec-gpc", "1")]).await;
    assert_eq!(records(&app).await.len(), log.len());
    // DNT keeps its meaning: this request only.
    let dnt = app
        .get(
            "/api/consent/state",
            &[("cookie", &laptop.cookie_header()), ("dnt", "1")],
        )
        .await;
    assert!(dnt.body.contains(r#""analytics":false"#));
    assert_eq!(records(&app).await.len(), log.len());
    assert_eq!(in_force(&mut laptop).await, ([true, true, false], true));
    // A new explicit decision is the account's again.
    laptop
        .post("/api/consent/accept-all", "return_to=%2F")
        .await;
    assert_eq!(in_force(&mut phone).await, ([true; 3], true));
}

#[tokio::test]
async fn rule_8_the_receipt_holds_the_accounts_history_from_every_device_and_survives_deletion() {
    let app = TestApp::new().await;
    let mut laptop = Browser::new(&app);
    laptop.sign_up("ana@example.com").await;
    laptop
        .post("/api/consent/accept-all", "return_to=%2F")
        .await;
    let mut phone = Browser::new(&app);
    phone.sign_in("ana@example.com", PASSWORD).await;
    phone.post("/api/consent/reject-all", "return_to=%2F").await;
    // Someone else's decisions are not in it.
    let mut other = Browser::new(&app);
    other.post("/api/consent/accept-all", "return_to=%2F").await;
    let receipt = laptop.get("/api/consent/receipt").await;
    assert_eq!(receipt.status, StatusCode::OK, "{}", receipt.body);
    let json: serde_json::Value = serde_json::from_str(&receipt.body).unwrap();
    assert_eq!(json["history"].as_array().unwrap().len(), 1, "{json}");
    assert_eq!(json["history"][0]["action"], "accept_all");
    assert!(!receipt.body.contains("ana@"));
    let body = format!("password={}&return_to=%2Fsettings", url_encode(PASSWORD));
    laptop.post("/api/account/delete", &body).await;
    assert_eq!(records(&app).await.len(), 3, "the proof stays");
    assert_eq!(app.log.verify().await.unwrap(), 3);
}

#[tokio::test]
async fn rule_1_holds_with_several_servers_sharing_one_postgresql() {
    let url = crate::postgres::fresh_database().await;
    let first = TestApp::sharing(leadsgen_consent::log::StoreTarget::Postgres(url.clone())).await;
    let second = TestApp::sharing(leadsgen_consent::log::StoreTarget::Postgres(url)).await;
    let mut laptop = Browser::new(&first);
    laptop.sign_up("ana@example.com").await;
    // The phone's requests reach the other server.
    let mut phone = Browser::new(&second);
    phone.sign_in("ana@example.com", PASSWORD).await;
    laptop
        .post("/api/consent/accept-all", "return_to=%2F")
        .await;
    assert_eq!(in_force(&mut phone).await, ([true; 3], true));
    phone.post("/api/consent/reject-all", "return_to=%2F").await;
    assert_eq!(in_force(&mut laptop).await, ([false; 3], true));
    // Signing out on one server is signing out on all.
    phone
        .post("/api/account/sign-out-everywhere", "return_to=%2F")
        .await;
    assert!(!laptop.get("/").await.body.contains("Signed in as"));
}

#[tokio::test]
async fn concurrent_wrong_passwords_cannot_pass_the_limit_together() {
    let app = TestApp::new().await;
    let mut owner = Browser::new(&app);
    owner.sign_up("ana@example.com").await;
    let mut attacker = Browser::new(&app);
    let csrf = attacker.csrf("/sign-in").await;
    let body = form(&[
        ("email", "ana@example.com"),
        ("password", "guess"),
        ("csrf_token", &csrf),
    ]);
    let cookie = attacker.cookie_header();
    let headers = [("cookie", cookie.as_str())];
    let tries = (0..30).map(|_| app.post("/api/account/sign-in", &body, &headers));
    let replies = futures_util::future::join_all(tries).await;
    let failed = replies
        .iter()
        .filter(|r| r.status == StatusCode::SEE_OTHER)
        .count();
    let limited = replies
        .iter()
        .filter(|r| r.status == StatusCode::TOO_MANY_REQUESTS)
        .count();
    assert_eq!(failed + limited, 30);
    assert!(failed <= 10, "{failed} wrong passwords were checked");
}

#[tokio::test]
async fn gpc_is_recorded_once_for_concurrent_requests_and_not_beside_a_decision() {
    let app = TestApp::new().await;
    let mut laptop = Browser::new(&app);
    laptop.sign_up("ana@example.com").await;
    laptop
        .post("/api/consent/accept-all", "return_to=%2F")
        .await;
    let cookie = laptop.cookie_header();
    let headers = [("cookie", cookie.as_str()), ("sec-gpc", "1")];
    let pages = [
        "/",
        "/settings",
        "/api/consent/state",
        "/favicon.svg",
        "/healthz",
    ]
    .map(|p| app.get(p, &headers));
    futures_util::future::join_all(pages).await;
    let log = records(&app).await;
    let opt_outs = log.iter().filter(|r| r["action"] == "gpc_opt_out").count();
    assert_eq!(opt_outs, 1, "{log:#?}");
    // A decision made with GPC keeps the opt-out itself: one record, no second opt-out.
    let before = log.len();
    app.post(
        "/api/consent/accept-all",
        "return_to=%2F",
        &[("cookie", &cookie), ("sec-gpc", "1")],
    )
    .await;
    app.get("/", &[("cookie", &cookie), ("sec-gpc", "1")]).await;
    let log = records(&app).await;
    assert_eq!(log.len(), before + 1);
    assert_eq!(log.last().unwrap()["action"], "accept_all");
    assert_eq!(log.last().unwrap()["effective"]["marketing"], false);
    assert_eq!(in_force(&mut laptop).await, ([true, true, false], true));
}

#[tokio::test]
async fn do_not_track_stays_with_its_device() {
    let app = TestApp::new().await;
    let mut laptop = Browser::new(&app);
    laptop.sign_up("ana@example.com").await;
    let mut phone = Browser::new(&app);
    phone.sign_in("ana@example.com", PASSWORD).await;
    // Accept all from a browser that sends DNT: off there, for its requests only.
    app.post(
        "/api/consent/accept-all",
        "return_to=%2F",
        &[("cookie", &laptop.cookie_header()), ("dnt", "1")],
    )
    .await;
    assert_eq!(in_force(&mut phone).await, ([true; 3], true));
    let dnt = app
        .get(
            "/api/consent/state",
            &[("cookie", &laptop.cookie_header()), ("dnt", "1")],
        )
        .await;
    assert!(dnt.body.contains(r#""analytics":false"#));
}
