//! What every router test shares: the app with a fixed signing key, requests as browsers send
//! them, and readers for replies and cookies.

use std::sync::Arc;

use cookie::Key;
use http::{header, HeaderMap, StatusCode};
use http_body_util::BodyExt;
use leadsgen_consent::router;
use leadsgen_consent::server::{
    clients::ClientRule,
    cookie_audit::CookieAudit,
    cookies::{self, CookieSettings},
    decision_limits::{DecisionLimits, Limits},
    key_store,
    metrics::Metrics,
    page_cache::PageCache,
    passwords::Passwords,
    policy_changes,
    state::{AppState, Shared},
};
use leadsgen_consent::ui::pages::shown_policy_versions;
use leptos::config::LeptosOptions;
use tower::ServiceExt;

// What the feature modules use besides the helpers below.
pub use axum::body::Body;
pub use http::Request;
pub use leadsgen_consent::api::ConsentSaved;
pub use leadsgen_consent::consent::{
    codec, CategoryId, Choices, Consent, ConsentId, Signals, Timestamp, ID_PLACEHOLDER, LEADSGEN,
};
pub use leadsgen_consent::dates::CalendarDate;
pub use leadsgen_consent::gating::TrackerIds;
pub use leadsgen_consent::i18n::Locale;
pub use leadsgen_consent::log::{
    ConsentLog, ConsentRecord, LogKey, LogSigner, RecordFilter, Store, StoreTarget,
};
pub use leadsgen_consent::paths::{self, PublicOrigin};
pub use leadsgen_consent::server::request_context::now;

pub const BANNER: &str = r#"aria-label="Cookie consent""#;
pub const HOST: &str = "127.0.0.1:3000";
pub const ORIGIN: &str = "http://127.0.0.1:3000";
/// The app's `LEADSGEN_PUBLIC_ORIGIN` in these tests: not the `Host` the requests are sent to,
/// so a test can tell which one an absolute URL was built from.
pub const PUBLIC_ORIGIN: &str = "https://leadsgen.test";

pub fn settings() -> CookieSettings {
    CookieSettings {
        key: Key::from(&[42u8; 64]),
        previous_keys: Vec::new(),
        secure: false,
        domain: None,
    }
}

/// A router over a fresh consent log in a temporary SQLite file, with the test key.
pub struct TestApp {
    pub router: axum::Router,
    pub log: ConsentLog,
    /// Where the SQLite log lives; removed with the app.
    pub dir: tempfile::TempDir,
    /// The app's page cache (on, 16 MiB as by default, unless made otherwise).
    pub pages: PageCache,
    /// The app's cookie audit: [`CookieAudit::flush`] writes its counts to the log's store.
    pub audit: CookieAudit,
}

impl TestApp {
    /// A fresh app with the admin view off.
    pub async fn new() -> Self {
        Self::with_admin(None).await
    }

    /// A fresh app, with `token` as the admin token.
    pub async fn with_admin(token: Option<&str>) -> Self {
        Self::configured(token, false).await
    }

    /// A fresh app served over https (`LEADSGEN_SECURE_COOKIES=true`).
    pub async fn https() -> Self {
        Self::configured(None, true).await
    }

    /// A fresh app whose page cache holds `bytes` (0: off, every page rendered).
    pub async fn with_page_cache(bytes: u64) -> Self {
        Self::configured_with(None, false, PageCache::new(bytes)).await
    }

    async fn configured(token: Option<&str>, https: bool) -> Self {
        Self::configured_with(token, https, PageCache::new(16 << 20)).await
    }

    async fn configured_with(token: Option<&str>, https: bool, pages: PageCache) -> Self {
        let cookies = CookieSettings {
            secure: https,
            ..settings()
        };
        Self::fresh(token, cookies, pages).await
    }

    /// A fresh app after `keys rotate`: its cookie key is new, and [`settings`]' key (which
    /// signed every cookie the other helpers make) is a previous one.
    pub async fn rotated() -> Self {
        let cookies = CookieSettings {
            key: rotated_key(),
            previous_keys: vec![settings().key],
            ..settings()
        };
        Self::fresh(None, cookies, PageCache::new(16 << 20)).await
    }

    /// [`TestApp::rotated`], on the database `target`.
    pub async fn rotated_on(target: StoreTarget) -> Self {
        let cookies = CookieSettings {
            key: rotated_key(),
            previous_keys: vec![settings().key],
            ..settings()
        };
        let store = Store::open(&target).await.unwrap();
        let dir = tempfile::tempdir().unwrap();
        Self::on(store, None, cookies, dir, PageCache::new(16 << 20)).await
    }

    async fn fresh(token: Option<&str>, cookies: CookieSettings, pages: PageCache) -> Self {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(&StoreTarget::Sqlite(dir.path().join("consent.db")))
            .await
            .unwrap();
        Self::on(store, token, cookies, dir, pages).await
    }

    /// An app on a copy of `tests/fixtures/revision-2026-01-20`: the consent log and accounts
    /// a server of the policy's previous revision left, with that server's cookie key (which
    /// signed the fixture's cookies).
    pub async fn on_previous_revision() -> Self {
        let fixture = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/fixtures/revision-2026-01-20");
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("consent.db");
        std::fs::copy(fixture.join("consent.db"), &db).unwrap();
        let cookies = CookieSettings {
            key: key_store::load(&fixture).unwrap(),
            ..settings()
        };
        let store = Store::open(&StoreTarget::Sqlite(db)).await.unwrap();
        Self::on(store, None, cookies, dir, PageCache::new(16 << 20)).await
    }

    /// An app on the database `target`, which other apps may share, as several servers share
    /// one PostgreSQL.
    pub async fn sharing(target: StoreTarget) -> Self {
        let store = Store::open(&target).await.unwrap();
        let dir = tempfile::tempdir().unwrap();
        Self::on(store, None, settings(), dir, PageCache::new(16 << 20)).await
    }

    /// A fresh app whose log is in `store`.
    async fn on(
        store: Store,
        token: Option<&str>,
        cookies: CookieSettings,
        dir: tempfile::TempDir,
        pages: PageCache,
    ) -> Self {
        let chain = LogKey::derive(cookies.key.master())
            .with_previous(cookies.previous_keys.iter().map(|k| k.master()));
        let log = ConsentLog::open(store, chain, log_signer(), shown_policy_versions(), false)
            .await
            .unwrap();
        let leptos = LeptosOptions::builder()
            .output_name("leadsgen")
            .site_root("target/site")
            .build();
        let audit = CookieAudit::default();
        let router = router::build(AppState::new(Shared {
            leptos: Arc::new(leptos),
            cookies: Arc::new(cookies),
            trackers: Arc::new(TrackerIds::leadsgen()),
            log: log.clone(),
            admin_token: token.map(Arc::from),
            pages: pages.clone(),
            public_origin: PublicOrigin::new(PUBLIC_ORIGIN.into()),
            passwords: Passwords::new(2),
            clients: Arc::new(ClientRule::default()),
            decisions: DecisionLimits::new(Limits::default()),
            metrics: Metrics::new(&log),
            cookie_audit: audit.clone(),
            policy_changes: policy_changes::load(&log).await,
        }));
        TestApp {
            router,
            log,
            dir,
            pages,
            audit,
        }
    }

    /// Sends `req`, reads the whole answer, and waits for a template the request left to be
    /// built (the page cache builds them in the background), so the next request sees the
    /// cache settled.
    pub async fn send(&self, req: Request<Body>) -> Reply {
        let res = self.router.clone().oneshot(req).await.unwrap();
        let (parts, body) = res.into_parts();
        let bytes = body.collect().await.unwrap().to_bytes().to_vec();
        self.pages.idle().await;
        Reply {
            status: parts.status,
            headers: parts.headers,
            body: String::from_utf8_lossy(&bytes).into_owned(),
        }
    }

    pub async fn get(&self, path: &str, headers: &[(&str, &str)]) -> Reply {
        let mut req = Request::get(path);
        for (k, v) in headers {
            req = req.header(*k, *v);
        }
        self.send(req.body(Body::empty()).unwrap()).await
    }

    /// A same-site form post as a browser without JavaScript sends it.
    pub async fn post(&self, path: &str, body: &str, headers: &[(&str, &str)]) -> Reply {
        let mut req = same_site_post(path);
        if !headers
            .iter()
            .any(|(k, _)| k.eq_ignore_ascii_case("accept"))
        {
            req = req.header(header::ACCEPT, "text/html,application/xhtml+xml");
        }
        for (k, v) in headers {
            req = req.header(*k, *v);
        }
        self.send(req.body(Body::from(body.to_string())).unwrap())
            .await
    }

    /// Every record in the log, in chain order.
    pub async fn records(&self) -> Vec<ConsentRecord> {
        let mut stream = self.log.store().unwrap().stream(RecordFilter::default());
        let mut out = Vec::new();
        while let Some(r) = stream.recv().await {
            out.push(r.unwrap());
        }
        out
    }
}

/// The log's chain key for [`settings`]' signing key.
pub fn log_key() -> LogKey {
    LogKey::derive(settings().key.master())
}

/// The cookie key of [`TestApp::rotated`].
pub fn rotated_key() -> Key {
    Key::from(&[43u8; 64])
}

/// The log's Ed25519 signing key in these tests.
pub fn log_signer() -> LogSigner {
    LogSigner::from_seed([42; 32])
}

pub struct Reply {
    pub status: StatusCode,
    pub headers: HeaderMap,
    pub body: String,
}

impl Reply {
    pub fn set_cookies(&self) -> Vec<&str> {
        self.headers
            .get_all(header::SET_COOKIE)
            .iter()
            .map(|v| v.to_str().unwrap())
            .collect()
    }

    /// The consent stored by this reply's `cookie-consent`.
    pub fn stored(&self) -> Consent {
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
        cookies::read_consent(&h, &settings()).expect("a valid signed consent")
    }
}

/// A form post to `path` from this site (`Host`, `Origin`, form `Content-Type`), for a test
/// that adds what [`TestApp::post`] cannot: header bytes that are not text, or a streamed body.
pub fn same_site_post(path: &str) -> http::request::Builder {
    Request::post(path)
        .header(header::HOST, HOST)
        .header(header::ORIGIN, ORIGIN)
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
}

/// One request to a fresh app.
pub async fn send(req: Request<Body>) -> Reply {
    TestApp::new().await.send(req).await
}

/// One GET to a fresh app.
pub async fn get(path: &str, headers: &[(&str, &str)]) -> Reply {
    TestApp::new().await.get(path, headers).await
}

/// One same-site form post to a fresh app.
pub async fn post(path: &str, body: &str, headers: &[(&str, &str)]) -> Reply {
    TestApp::new().await.post(path, body, headers).await
}

pub fn consent_at(decided_at: Timestamp, revision: CalendarDate, choices: Choices) -> Consent {
    Consent::new(
        ConsentId([5; 16]),
        decided_at,
        revision,
        choices,
        Signals::NONE,
    )
}

/// `cookie-consent=<signed value>` for a request's Cookie header.
pub fn cookie_for(consent: &Consent) -> String {
    let line = cookies::consent_set_cookie(consent, &settings());
    line.split(';').next().unwrap().to_string()
}

/// The attributes of a `Set-Cookie` line, after its `name=value`.
pub fn attributes(set_cookie: &str) -> Vec<&str> {
    set_cookie
        .split_once("; ")
        .map_or_else(Vec::new, |(_, attrs)| attrs.split("; ").collect())
}

/// The `<input …>` tag with this id.
pub fn input_tag<'a>(html: &'a str, id: &str) -> &'a str {
    let at = html
        .find(&format!(r#"id="{id}""#))
        .expect("an element with that id");
    let start = html[..at].rfind("<input").expect("an input");
    let end = at + html[at..].find('>').unwrap();
    &html[start..=end]
}

pub fn valid_cookie() -> String {
    cookie_for(&consent_at(now(), LEADSGEN.revision, Choices::ALL))
}

/// `cookie-consent` for a decision with functional cookies only.
pub fn functional_cookie() -> String {
    let functional = Choices {
        functional: true,
        ..Choices::NONE
    };
    cookie_for(&consent_at(now(), LEADSGEN.revision, functional))
}

/// `cookie-consent` for a current decision with these choices.
pub fn decided_cookie(choices: Choices) -> String {
    cookie_for(&consent_at(now(), LEADSGEN.revision, choices))
}

/// `cookie-consent` for a decision with these choices, made under a revision before today's
/// policy.
pub fn outdated(choices: Choices) -> String {
    cookie_for(&consent_at(
        now(),
        CalendarDate::new(2025, 9, 1).unwrap(),
        choices,
    ))
}

/// The reply's Content-Security-Policy.
pub fn csp(r: &Reply) -> &str {
    r.headers[header::CONTENT_SECURITY_POLICY].to_str().unwrap()
}

/// The trackers whose tags the page carries, from their `data-tracker` attributes.
pub fn trackers_in(html: &str) -> Vec<&str> {
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

/// The `cookie-consent=…` pair a reply set, for the next request's `Cookie`.
pub fn cookie_of(r: &Reply) -> String {
    r.set_cookies()
        .into_iter()
        .find(|l| l.starts_with("cookie-consent="))
        .expect("a cookie-consent Set-Cookie")
        .split(';')
        .next()
        .unwrap()
        .to_string()
}
