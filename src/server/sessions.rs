//! Signed-in sessions on the server: the two strictly necessary cookies the policy declares
//! for signing in, and who a request is signed in as.
//!
//! - `next-auth.session-token`: a random 256-bit token, base64url. The database keeps only its
//!   SHA-256 (OWASP session management cheat sheet, "Session ID entropy" and storage); a new
//!   one is issued at every sign-in (no session fixation), and signing out deletes it on the
//!   server, so a replayed token is refused.
//! - `next-auth.csrf-token`: a random token set by the sign-in and sign-up pages, whose forms
//!   carry its HMAC in the hidden `csrf_token` field: a signed double submit (OWASP CSRF
//!   cheat sheet, "Signed Double-Submit Cookie"), against login CSRF, on top of the same-site
//!   check every post gets.
//!
//! Both are written by [`cookies::site_cookie`](super::cookies::site_cookie) from the
//! registry: `HttpOnly`, `SameSite=Lax`, `Path=/`, `Secure` when configured, and the
//! registry's lifetime (30 days; a browser session).

use base64::{engine::general_purpose::URL_SAFE_NO_PAD, Engine};
use cookie::Cookie;
use hmac::{Hmac, Mac};
use http::{request::Parts, HeaderMap};
use leptos::prelude::use_context;
use leptos_axum::ResponseOptions;
use sha2::{Digest, Sha256};
use subtle::ConstantTimeEq;

use super::cookies::{self, site_cookie, CookieSettings};
use super::metrics::Refusal;
use super::state::AppState;
use crate::accounts::{account_decision, gpc_opt_out, AccountConsent};
use crate::consent::{codec, ConsentId, FormAction, Signals, Source, Timestamp, Visitor, LEADSGEN};
use crate::i18n::PageLocale;
use crate::log::{now_ms, NewRecord, SignedIn};

/// The session cookie's name, as the registry declares it.
pub const SESSION_COOKIE: &str = "next-auth.session-token";
/// The login-CSRF cookie's name, as the registry declares it.
pub const CSRF_COOKIE: &str = "next-auth.csrf-token";
/// How long a session lasts, in milliseconds: the registry's lifetime of
/// `next-auth.session-token` (30 days), so the database and the cookie expire together.
pub fn session_ms() -> u64 {
    LEADSGEN
        .cookie(SESSION_COOKIE)
        .and_then(|c| c.retention.max_age_secs())
        .expect("the registry gives the session cookie a lifetime")
        * 1000
}

/// Who this request is signed in as: the session's token hash and the account, as
/// [`decide`] found them. A request extension.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Session {
    /// SHA-256 of the request's `next-auth.session-token`, lower-case hex.
    pub token_sha256: String,
    /// The account, with its consent state.
    pub account: SignedIn,
}

/// A new random token: 32 bytes from the OS, base64url without padding (43 characters).
pub fn new_token() -> Result<String, getrandom::Error> {
    let mut bytes = [0u8; 32];
    getrandom::fill(&mut bytes)?;
    Ok(URL_SAFE_NO_PAD.encode(bytes))
}

/// SHA-256 of `text`, lower-case hex: how session tokens reach the database.
pub fn sha256_hex(text: &str) -> String {
    hex(&Sha256::digest(text.as_bytes()))
}

/// `bytes` as lower-case hex.
pub fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// The `Set-Cookie` value that starts a session with `token`.
pub fn session_set_cookie(token: &str, settings: &CookieSettings) -> String {
    site_cookie(SESSION_COOKIE, token.to_owned(), settings).to_string()
}

/// The `Set-Cookie` value that ends the session cookie in the browser.
pub fn session_clear_cookie(settings: &CookieSettings) -> String {
    let mut cookie: Cookie<'static> = site_cookie(SESSION_COOKIE, String::new(), settings);
    cookie.make_removal();
    cookie.to_string()
}

/// The `Set-Cookie` lines of a browser whose session has ended: the session cookie removed,
/// and the cookies of every category that `visitor` (the device's own decision now) refuses.
pub fn signed_out_lines(headers: &HeaderMap, state: &AppState, visitor: Visitor) -> Vec<String> {
    let mut lines = vec![session_clear_cookie(&state.cookies)];
    lines.extend(cookies::expire_refused(
        headers,
        visitor.effective(),
        &state.cookies,
    ));
    lines
}

/// The token of the request's `next-auth.session-token`, if it carries a well-formed one.
pub fn session_token(headers: &HeaderMap) -> Option<String> {
    token_in(headers, SESSION_COOKIE)
}

/// The request's cookie `name`, if it holds a token as [`new_token`] writes them; anything
/// else is no token of ours.
fn token_in(headers: &HeaderMap, name: &str) -> Option<String> {
    cookies::value(headers, name).filter(|t| well_formed(t))
}

/// A token as [`new_token`] writes them: 43 base64url characters. Anything else is not
/// looked up.
fn well_formed(token: &str) -> bool {
    token.len() == 43
        && token
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
}

/// What a request's `next-auth.session-token` turned out to be.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Lookup {
    /// No token (or none of ours), or accounts are off.
    NoToken,
    /// A live session.
    Live(Session),
    /// A token the database knows no live session for: ended on another device, expired, or
    /// made up. The browser is told to drop it.
    Dead,
    /// The database could not answer: signed out for this request (logged), the cookie kept.
    Unknown,
}

impl Lookup {
    /// The live session, if any.
    pub fn session(self) -> Option<Session> {
        match self {
            Lookup::Live(session) => Some(session),
            _ => None,
        }
    }
}

/// Who the request's session token belongs to: one indexed read, only for a request that
/// carries a well-formed token. A database that cannot answer counts as signed out (logged),
/// so pages keep rendering.
pub async fn decide(headers: &HeaderMap, state: &AppState) -> Lookup {
    let (Some(token), Some(store)) = (session_token(headers), state.log.store()) else {
        return Lookup::NoToken;
    };
    let token_sha256 = sha256_hex(&token);
    match store.signed_in(&token_sha256, now_ms()).await {
        Ok(Some(account)) => Lookup::Live(Session {
            token_sha256,
            account,
        }),
        Ok(None) => Lookup::Dead,
        Err(e) => {
            tracing::warn!("a session could not be looked up: {e}");
            Lookup::Unknown
        }
    }
}

/// The session [`decide`] found for this request, if any.
pub fn session(parts: &Parts) -> Option<&Session> {
    parts.extensions.get::<Session>()
}

/// Records what a signed-in request with `Sec-GPC: 1` opts the account out of
/// ([`gpc_opt_out`]: CCPA regulations §7025(c)(1)), as a decision with the action
/// `gpc_opt_out` in the account's scope. The account row is claimed first, with a
/// compare-and-set, so that of concurrent requests (of any server) one records; if the record
/// cannot be written, the claim is undone and a later request tries again. Failures are
/// logged, never shown: the page still renders with marketing off for this request.
/// Returns whether the account changed (and so must be read again for this request).
pub async fn record_gpc_opt_out(
    state: &AppState,
    session: &Session,
    account: &AccountConsent,
    signals: Signals,
    locale: PageLocale,
) -> bool {
    let Some(requested) = gpc_opt_out(signals, Some(account)) else {
        return false;
    };
    let (Some(store), Some(policy_sha256)) =
        (state.log.store(), state.log.policy_sha256(locale.locale))
    else {
        return false;
    };
    let mut id = [0u8; 16];
    if getrandom::fill(&mut id).is_err() {
        return false;
    }
    let now = now_ms();
    let previous = account.decision.stored().copied();
    // The account's decision with marketing off, under the revision it was made for (an
    // outdated decision stays outdated); without one, the account keeps none.
    let replacement = previous.map(|p| {
        account_decision(
            ConsentId(id),
            Timestamp(now / 1000),
            p.revision,
            requested,
            signals,
        )
    });
    let from = session.account.decision.as_deref();
    let to = replacement.map(|c| codec::encode(&c));
    match store
        .claim_gpc_opt_out(session.account.account_id, from, to.as_deref())
        .await
    {
        Ok(true) => {}
        Ok(false) => return true,
        Err(e) => {
            tracing::error!("a GPC opt-out could not be claimed: {e}");
            return false;
        }
    }
    let record = NewRecord {
        consent_id: ConsentId(id),
        previous_consent_id: previous.map(|c| c.id),
        recorded_at_ms: now,
        policy_revision: LEADSGEN.revision.iso(),
        policy_sha256: policy_sha256.to_string(),
        action: FormAction::GpcOptOut,
        source: Source::Api,
        requested,
        effective: requested.under(signals),
        signals,
        locale: locale.locale.tag().into(),
        user_agent: None,
        subject: Some(session.account.subject.clone()),
    };
    match state.log.record(record).await {
        Ok(_) => state
            .metrics
            .decision(FormAction::GpcOptOut, Source::Api, locale.locale),
        Err(e) => {
            tracing::error!("a GPC opt-out was not recorded, and is undone: {e}");
            state.metrics.refusal(Refusal::Unavailable);
            let undo = store.revert_gpc_opt_out(session.account.account_id, from, to.as_deref());
            if let Err(e) = undo.await {
                tracing::error!("an unrecorded GPC opt-out could not be undone: {e}");
            }
        }
    }
    true
}

/// The hidden `csrf_token` value that goes with the cookie value `token`: its HMAC-SHA256
/// under a key derived from the cookie key, lower-case hex.
pub fn csrf_field(token: &str, settings: &CookieSettings) -> String {
    let mut mac = csrf_mac(settings);
    mac.update(token.as_bytes());
    hex(&mac.finalize().into_bytes())
}

fn csrf_mac(settings: &CookieSettings) -> Hmac<Sha256> {
    settings.derived_mac(b"leadsgen next-auth.csrf-token v1")
}

/// What a sign-in form's CSRF check found.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CsrfCheck {
    /// The field is the cookie's HMAC.
    Valid,
    /// The request carries no `next-auth.csrf-token`: the browser refuses cookies (or never
    /// loaded the form).
    NoCookie,
    /// The field does not match the cookie: a forged or stale form.
    Mismatch,
}

/// Checks a sign-in form's `csrf_token` field against the request's cookie, in constant time.
pub fn check_csrf(headers: &HeaderMap, field: &str, settings: &CookieSettings) -> CsrfCheck {
    let Some(token) = token_in(headers, CSRF_COOKIE) else {
        return CsrfCheck::NoCookie;
    };
    if bool::from(
        csrf_field(&token, settings)
            .as_bytes()
            .ct_eq(field.as_bytes()),
    ) {
        CsrfCheck::Valid
    } else {
        CsrfCheck::Mismatch
    }
}

/// For the page being rendered (the sign-in and sign-up pages only): the hidden field's
/// value. The request's `next-auth.csrf-token` is kept when it carries one, so forms open in
/// several tabs stay valid; otherwise a new token is made and its `Set-Cookie` added to the
/// response. Outside a request (a view's unit test), an empty string.
pub fn csrf_field_for_page() -> String {
    let (Some(parts), Some(state), Some(response)) = (
        use_context::<Parts>(),
        use_context::<AppState>(),
        use_context::<ResponseOptions>(),
    ) else {
        return String::new();
    };
    let token = match token_in(&parts.headers, CSRF_COOKIE) {
        Some(token) => token,
        None => {
            let Ok(token) = new_token() else {
                return String::new();
            };
            let line = site_cookie(CSRF_COOKIE, token.clone(), &state.cookies).to_string();
            if let Ok(value) = http::HeaderValue::from_str(&line) {
                response.append_header(http::header::SET_COOKIE, value);
            }
            token
        }
    };
    csrf_field(&token, &state.cookies)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::server::cookies::test_support::{headers, settings};

    #[test]
    fn tokens_are_256_bits_of_base64url() {
        let a = new_token().unwrap();
        let b = new_token().unwrap();
        assert_ne!(a, b);
        assert!(well_formed(&a), "{a}");
        assert_eq!(URL_SAFE_NO_PAD.decode(&a).unwrap().len(), 32);
        assert_eq!(sha256_hex("abc").len(), 64);
        assert!(!well_formed("short") && !well_formed(&format!("{}!", &a[..42])));
    }

    #[test]
    fn the_session_cookie_has_the_policys_flags() {
        let line = session_set_cookie("t", &settings());
        for attr in [
            "next-auth.session-token=t",
            "HttpOnly",
            "SameSite=Lax",
            "Path=/",
            "Max-Age=2592000",
        ] {
            assert!(line.contains(attr), "{attr} missing from {line}");
        }
        assert!(!line.contains("Secure"));
        let secure = CookieSettings {
            secure: true,
            ..settings()
        };
        assert!(session_set_cookie("t", &secure).contains("Secure"));
        let cleared = session_clear_cookie(&settings());
        assert!(cleared.contains("Max-Age=0"), "{cleared}");
    }

    #[test]
    fn the_csrf_field_is_bound_to_its_cookie() {
        let token = new_token().unwrap();
        let field = csrf_field(&token, &settings());
        let with = headers(&format!("{CSRF_COOKIE}={token}"));
        assert_eq!(check_csrf(&with, &field, &settings()), CsrfCheck::Valid);
        assert_eq!(
            check_csrf(&headers("a=b"), &field, &settings()),
            CsrfCheck::NoCookie
        );
        let other = headers(&format!("{CSRF_COOKIE}={}", new_token().unwrap()));
        assert_eq!(check_csrf(&other, &field, &settings()), CsrfCheck::Mismatch);
        assert_eq!(check_csrf(&with, "zz", &settings()), CsrfCheck::Mismatch);
        assert_eq!(check_csrf(&with, &token, &settings()), CsrfCheck::Mismatch);
        // A csrf cookie that is not one of ours is no cookie.
        assert_eq!(
            check_csrf(&headers(&format!("{CSRF_COOKIE}=x")), &field, &settings()),
            CsrfCheck::NoCookie
        );
    }
}
