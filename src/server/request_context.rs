//! Per-request context for pages and server functions: who the visitor is, consent-wise, and
//! the response headers that follow from it (`Vary`, `Cache-Control`, the page's CSP).

use std::time::{SystemTime, UNIX_EPOCH};

use axum::{
    extract::{Request, State},
    middleware::Next,
    response::Response,
};
use http::{
    header::{CACHE_CONTROL, CONTENT_SECURITY_POLICY, VARY},
    request::Parts,
    HeaderMap, HeaderValue,
};
use leptos::nonce::use_nonce;
use leptos::prelude::{provide_context, use_context};
use leptos_axum::ResponseOptions;

use super::{cookies, locale, sessions, state::AppState};
use crate::accounts::{governing, AccountConsent, Governing, SignedInAs};
use crate::consent::{codec, Consent, Decision, Signals, Timestamp, Visitor, LEADSGEN};
use crate::gating::{csp, PageState};
use crate::i18n::PageLocale;
use crate::log::SignedIn;
use crate::paths;
use crate::personalization::Personalization;

/// The current time as a consent timestamp.
pub fn now() -> Timestamp {
    Timestamp(
        SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map_or(0, |d| d.as_secs()),
    )
}

/// axum middleware, around everything routed but the built site's files: decides the
/// request's [`Session`](sessions::Session) (who is signed in: one indexed database read,
/// only for a request that carries a session token), [`Visitor`] (the signed cookie and the
/// privacy signals) and [`Personalization`] once, as request extensions that pages, posts,
/// the receipt and the page cache read.
pub async fn decide(State(state): State<AppState>, mut req: Request, next: Next) -> Response {
    let pkg = &state.leptos.site_pkg_dir;
    let is_file = req
        .uri()
        .path()
        .strip_prefix('/')
        .and_then(|p| p.strip_prefix(pkg.as_ref()))
        .is_some_and(|rest| rest.starts_with('/'));
    if is_file {
        return next.run(req).await;
    }
    let lookup = sessions::decide(req.headers(), &state).await;
    let dead = lookup == sessions::Lookup::Dead;
    let mut session = lookup.session();
    let signals = signals_of(req.headers());
    // A page or an API call made signed in with `Sec-GPC: 1` opts the account out (rule
    // 6). Not a decision post, which keeps the signal itself, nor a file.
    if let Some(s) = session
        .as_ref()
        .filter(|_| signals.gpc && may_opt_out(&req))
    {
        let account = account_consent(&s.account);
        let locale = page_locale_of(&req);
        // What it changed (here, or just now on another server) is in force for this
        // request already; the common case, nothing to opt out of, costs no second read.
        if sessions::record_gpc_opt_out(&state, s, &account, signals, locale).await {
            session = sessions::decide(req.headers(), &state).await.session();
        }
    }
    let (visitor, governing, resign) =
        decide_visitor(req.headers(), signals, &state, session.as_ref());
    let personalization = decide_personalization(req.headers(), req.uri().query(), &visitor);
    if let Some(session) = session {
        req.extensions_mut().insert(session);
    }
    req.extensions_mut().insert(governing);
    req.extensions_mut().insert(visitor);
    req.extensions_mut().insert(personalization);
    // Signed out elsewhere, or expired: the browser drops the token, and the cookies of
    // categories only the account allowed (CNIL rule 5), in this answer.
    let mut lines = if dead {
        sessions::signed_out_lines(req.headers(), &state, visitor)
    } else {
        Vec::new()
    };
    let mut response = next.run(req).await;
    // A cookie signed with a previous key: the same decision (ID, time, revision,
    // choices), signed with the current key, unless this answer sets a new one. Nothing
    // is logged: it is not a new decision.
    if let Some(consent) = resign.filter(|_| !sets_consent(&response) && !shared(&response)) {
        lines.push(cookies::consent_set_cookie(&consent, &state.cookies));
    }
    for line in lines {
        if let Ok(value) = HeaderValue::from_str(&line) {
            response
                .headers_mut()
                .append(http::header::SET_COOKIE, value);
        }
    }
    response
}

/// Whether a shared cache may keep `response` (`Cache-Control: public`, the public keys):
/// such an answer never carries a visitor's cookie.
pub fn shared(response: &Response) -> bool {
    response
        .headers()
        .get(CACHE_CONTROL)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| {
            v.split(',')
                .any(|d| d.trim().eq_ignore_ascii_case("public"))
        })
}

/// Whether `response` sets `cookie-consent` itself (a decision was just made).
fn sets_consent(response: &Response) -> bool {
    let prefix = format!("{}=", cookies::CONSENT_COOKIE);
    response
        .headers()
        .get_all(http::header::SET_COOKIE)
        .iter()
        .any(|v| v.as_bytes().starts_with(prefix.as_bytes()))
}

/// The visitor [`decide`] found for this request; without one (a request the middleware did
/// not see), a visitor who has decided nothing and sent no signal, who is shown the banner
/// and no tracker.
pub fn visitor(parts: &Parts) -> Visitor {
    parts
        .extensions
        .get::<Visitor>()
        .copied()
        .unwrap_or_default()
}

/// Whose decision governs this request, as [`decide`] found it: the device's own, or the
/// signed-in account's ([`governing`]); without one, the device's undecided.
pub fn governing_of(parts: &Parts) -> Governing {
    parts
        .extensions
        .get::<Governing>()
        .copied()
        .unwrap_or_else(|| governing(Decision::Undecided, None))
}

/// A decision as the policy judges it today: its revision and age against the registry's.
fn assess(consent: Option<Consent>) -> Decision {
    Decision::assess(
        consent,
        LEADSGEN.revision,
        LEADSGEN.consent_lifetime_days,
        now(),
    )
}

/// The device's own decision (its `cookie-consent`), whoever is signed in: what governs
/// here once the person signs out.
pub fn device_decision(headers: &HeaderMap, state: &AppState) -> Decision {
    assess(cookies::read_consent(headers, &state.cookies))
}

/// [`device_decision`], and the consent to sign again with the current key when a previous
/// key signed the cookie.
fn device_read(headers: &HeaderMap, state: &AppState) -> (Decision, Option<Consent>) {
    match cookies::read_signed_consent(headers, &state.cookies) {
        Some((consent, cookies::SignedWith::Previous)) => (assess(Some(consent)), Some(consent)),
        found => (assess(found.map(|(consent, _)| consent)), None),
    }
}

/// The signed-in account's consent, from its session row: its decision (the codec's value,
/// judged like a cookie's) and its GPC opt-out.
pub fn account_consent(account: &SignedIn) -> AccountConsent {
    AccountConsent {
        decision: assess(
            account
                .decision
                .as_deref()
                .and_then(|d| codec::decode(d).ok()),
        ),
        marketing_opted_out: account.marketing_opted_out,
    }
}

/// The visitor behind these request headers and `signals`, and whose decision governs: the
/// device's `cookie-consent`, or, signed in, the account's (the CNIL rules in
/// [`accounts::scope`](crate::accounts::scope)); and the device's consent when a previous key
/// signed its cookie.
fn decide_visitor(
    h: &HeaderMap,
    signals: Signals,
    state: &AppState,
    session: Option<&sessions::Session>,
) -> (Visitor, Governing, Option<Consent>) {
    let (device, resign) = device_read(h, state);
    let account = session.map(|s| account_consent(&s.account));
    let governing = governing(device, account.as_ref());
    let visitor = Visitor {
        signals,
        decision: governing.in_force(),
    };
    (visitor, governing, resign)
}

/// The privacy signals these headers carry: Do Not Track and Global Privacy Control.
fn signals_of(h: &HeaderMap) -> Signals {
    Signals::from_headers(
        h.get("dnt").map(HeaderValue::as_bytes),
        h.get("sec-gpc").map(HeaderValue::as_bytes),
    )
}

/// Whether a signed-in request with GPC opts the account out: a page, or an API call other
/// than a consent decision post (that decision keeps the signal's opt-out itself).
fn may_opt_out(req: &Request) -> bool {
    let path = req.uri().path();
    let decision_post = req.method() == http::Method::POST && path.starts_with("/api/consent/");
    paths::PAGES.contains(&path) || (path.starts_with("/api/") && !decision_post)
}

/// The language a request was given before routing, from its extensions.
fn page_locale_of(req: &Request) -> PageLocale {
    locale_from(req.extensions(), req.headers())
}

/// The [`PageLocale`] that [`locale::choose`] left in `extensions`, or what the headers
/// prefer.
fn locale_from(extensions: &http::Extensions, headers: &HeaderMap) -> PageLocale {
    extensions
        .get::<PageLocale>()
        .copied()
        .unwrap_or_else(|| PageLocale::decide(None, locale::accept_language(headers)))
}

/// The personalization in force for this request: cookies only with functional consent, then
/// the page-only choices in the query string.
fn decide_personalization(
    headers: &HeaderMap,
    query: Option<&str>,
    visitor: &Visitor,
) -> Personalization {
    let query: Vec<(String, String)> = crate::paths::query_pairs(query.unwrap_or_default())
        .map(|pair| (pair.key.into_owned(), pair.value.into_owned()))
        .collect();
    Personalization::read(
        |name| cookies::value(headers, name),
        &query,
        visitor.effective().functional,
    )
}

/// The personalization [`decide`] found for this request; the defaults without one.
pub fn personalization(parts: &Parts) -> Personalization {
    parts
        .extensions
        .get::<Personalization>()
        .copied()
        .unwrap_or_default()
}

/// The language of this request, as [`locale::choose`] decided it before routing (a `/de/…`
/// prefix, or `Accept-Language`).
pub fn page_locale(parts: &Parts) -> PageLocale {
    locale_from(&parts.extensions, &parts.headers)
}

/// Runs at the start of every page render and server function call (see the router): provides
/// the [`Visitor`] and [`Personalization`] that [`decide`] found (a page cache template's
/// render carries its placeholder instead), the [`PageLocale`] that [`locale::choose`]
/// decided and the site's [`PublicOrigin`](crate::paths::PublicOrigin), and marks the
/// response as varying by the headers they were decided from, so no shared cache serves one
/// visitor's page to another.
///
/// A page render (the only kind of request Leptos gives a nonce) also gets its [`PageState`]
/// and a Content-Security-Policy that allows exactly the trackers that state allows.
pub fn provide() {
    let (Some(parts), Some(state)) = (use_context::<Parts>(), use_context::<AppState>()) else {
        return;
    };
    // Decided once, by `decide` (a page cache template's request carries its placeholder).
    let visitor = visitor(&parts);
    let personalization = personalization(&parts);
    let locale = page_locale(&parts);
    // A consent for an earlier revision: what changed since, when the log kept that version.
    if let Decision::Outdated(c) = visitor.decision {
        if let Some(changes) = state.policy_changes.since(c.revision, locale.locale) {
            provide_context(changes.clone());
        }
    }
    provide_context(locale);
    provide_context(state.public_origin.clone());
    provide_context(personalization);
    provide_context(visitor);
    provide_context(governing_of(&parts));
    let session = sessions::session(&parts);
    if let Some(session) = session {
        provide_context(SignedInAs {
            email: session.account.email.clone(),
        });
    }
    let Some(response) = use_context::<ResponseOptions>() else {
        return;
    };
    response.insert_header(VARY, HeaderValue::from_static("Cookie, DNT, Sec-GPC"));
    // A signed-in page names the account: no browser or proxy may keep it (OWASP session
    // management cheat sheet, "Web content caching"; ASVS V8.2.1).
    let cache = if session.is_some() {
        "private, no-store"
    } else {
        "private, no-cache"
    };
    response.insert_header(CACHE_CONTROL, HeaderValue::from_static(cache));
    if let Some(nonce) = use_nonce() {
        let policy = csp::page_policy(&nonce, visitor.effective(), &state.trackers);
        // Never a page without a policy: should the header not encode, run no script at all.
        let policy = HeaderValue::from_str(&policy)
            .unwrap_or(HeaderValue::from_static(csp::NON_PAGE_POLICY));
        response.insert_header(CONTENT_SECURITY_POLICY, policy);
        provide_context(PageState::for_visitor(&visitor, &state.trackers));
    }
}
