//! What every state-changing server function shares (server only): its request context, the
//! same-site check, recording a decision in the consent log, `Set-Cookie` lines, the 303 back
//! for plain form posts, and error statuses.

use http::{
    header::{HOST, LOCATION, ORIGIN, REFERER, SET_COOKIE, USER_AGENT},
    request::Parts,
    HeaderMap, HeaderValue, StatusCode,
};
use leptos::prelude::use_context;
use leptos_axum::ResponseOptions;

use super::answer::Answer;
use super::ApiError;
use crate::accounts::{account_decision, Scope};
use crate::consent::{
    codec, Choices, Consent, ConsentId, Decision, FormAction, Source, Timestamp, Visitor, LEADSGEN,
};
use crate::i18n::PageLocale;
use crate::log::{now_ms, NewRecord};
use crate::server::{
    cookies, locale, metrics::Refusal, redirects, request_context, response::wants_html, sessions,
    state::AppState,
};

/// The longest `User-Agent` kept with a decision (when the site opts in), in characters.
const MAX_USER_AGENT: usize = 512;

/// One form post being handled: everything the request context holds, read once at the
/// start, so nothing depends on the context after the post starts waiting.
pub struct Post {
    /// The request.
    pub parts: Parts,
    /// The app state (cookie settings, trackers, consent log).
    pub state: AppState,
    /// The visitor as this request shows them, decided once by
    /// [`request_context::decide`].
    pub visitor: Visitor,
    response: ResponseOptions,
}

impl Post {
    /// Starts handling the current server function call: refuses a cross-site post
    /// (`Err(ApiError::Forbidden)`, status 403). Any error here is already left for the answer.
    pub fn begin() -> Result<Post, ApiError> {
        let (Some(parts), Some(state), Some(response)) = (
            use_context::<Parts>(),
            use_context::<AppState>(),
            use_context::<ResponseOptions>(),
        ) else {
            return Err(refused(ApiError::internal("no request context")));
        };
        if let Err(e) = check_same_site(&parts.headers) {
            return Err(refused(ApiError::Forbidden(e.0)));
        }
        let visitor = request_context::visitor(&parts);
        Ok(Post {
            parts,
            state,
            visitor,
            response,
        })
    }

    /// Ends the call: a refusal is left for [`answer`](super::answer), which gives it its
    /// status (400, 403, 500, 503) and body.
    pub fn finish<T>(&self, result: Result<T, ApiError>) -> Result<T, ApiError> {
        result.map_err(refused)
    }

    /// The language this post decides in: the prefix of the page it comes back to
    /// (`return_to`), or what `Accept-Language` prefers for a page without one. A refusal
    /// page answers in it too.
    pub fn locale(&self, return_to: &str) -> PageLocale {
        let page = PageLocale::of_post(return_to, locale::accept_language(&self.parts.headers));
        Answer::decide_locale(page.locale);
        page
    }

    /// Adds a `Set-Cookie` line to the response.
    pub fn set_cookie(&self, line: &str) -> Result<(), ApiError> {
        let value = HeaderValue::from_str(line)
            .map_err(|e| ApiError::internal(format!("Set-Cookie does not encode: {e}")))?;
        self.response.append_header(SET_COOKIE, value);
        Ok(())
    }

    /// Records a new decision: `action` from `source` on a page in `locale`, asking for
    /// `requested` (privacy signals applied). It goes into the consent log first and, once
    /// committed, sets `cookie-consent` (signed in: becomes the account's decision instead,
    /// recorded with its subject reference) and expires the cookies of every refused category
    /// the request carries. Returns the visitor's new state.
    ///
    /// Returns `Err(ApiError::RateLimited)` (429) when the client is over its allowance of
    /// decisions ([`decision_limits`](crate::server::decision_limits)), and
    /// `Err(ApiError::Unavailable)` (503) when the log cannot record it: then nothing is
    /// recorded and no cookie is set.
    pub async fn record_consent(
        &self,
        action: FormAction,
        source: Source,
        locale: PageLocale,
        requested: Choices,
    ) -> Result<Visitor, ApiError> {
        let client = self.state.clients.client(&self.parts);
        if let Err(seconds) = self.state.decisions.take(client) {
            self.state.metrics.refusal(Refusal::RateLimited);
            return Err(ApiError::RateLimited(seconds));
        }
        let signals = self.visitor.signals;
        let mut id = [0u8; 16];
        getrandom::fill(&mut id)
            .map_err(|e| ApiError::internal(format!("no random consent ID: {e}")))?;
        let recorded_at_ms = now_ms();
        let at = Timestamp(recorded_at_ms / 1000);
        // Signed in, the decision is the account's (CNIL rule 1), even while the device's own
        // still governs because the account has none yet: that one is not its predecessor,
        // unless this decision adopts it (rule 4). The account keeps GPC's opt-out, not DNT.
        let session = sessions::session(&self.parts);
        let governing = request_context::governing_of(&self.parts);
        let consent = match session {
            Some(_) => account_decision(ConsentId(id), at, LEADSGEN.revision, requested, signals),
            None => Consent::new(ConsentId(id), at, LEADSGEN.revision, requested, signals),
        };
        let log = &self.state.log;
        // Never an empty proof: a log that records has a version for every language (checked
        // when it opened); a disabled log stores nothing, so it cites nothing.
        let policy_sha256 = match (log.policy_sha256(locale.locale), log.store()) {
            (Some(sha256), _) => sha256.to_string(),
            (None, None) => String::new(),
            (None, Some(_)) => {
                return Err(ApiError::internal(format!(
                    "no policy version for {}: nothing recorded",
                    locale.locale.tag()
                )))
            }
        };
        let replaces = match (&session, governing.scope, action) {
            (Some(_), Scope::Device, FormAction::AdoptDevice) => governing.decision,
            (Some(_), Scope::Device, _) => Decision::Undecided,
            _ => self.visitor.decision,
        };
        let record = NewRecord {
            consent_id: consent.id,
            // The decision this one replaces: current, or made under an earlier revision.
            previous_consent_id: match replaces {
                Decision::Decided(c) | Decision::Outdated(c) => Some(c.id),
                Decision::Undecided => None,
            },
            recorded_at_ms,
            policy_revision: LEADSGEN.revision.iso(),
            policy_sha256,
            action,
            source,
            requested,
            effective: consent.choices,
            signals,
            locale: locale.locale.tag().into(),
            user_agent: log
                .records_user_agent()
                .then(|| self.parts.headers.get(USER_AGENT))
                .flatten()
                .map(|ua| {
                    String::from_utf8_lossy(ua.as_bytes())
                        .chars()
                        .take(MAX_USER_AGENT)
                        .collect()
                }),
            subject: session.as_ref().map(|s| s.account.subject.clone()),
        };
        // The cause is logged by the log's writer; never the consent ID (it links to a person).
        log.record(record).await.map_err(|e| {
            tracing::error!("a consent decision was not recorded: {e}");
            self.state.metrics.refusal(Refusal::Unavailable);
            ApiError::Unavailable
        })?;
        self.state.metrics.decision(action, source, locale.locale);
        match (&session, log.store()) {
            // The account's decision is kept with the account, for every device; the
            // device's own cookie stays as it is, for signed-out use (CNIL rule 5).
            (Some(session), Some(store)) => store
                .set_account_decision(
                    session.account.account_id,
                    &codec::encode(&consent),
                    signals.gpc,
                )
                .await
                .map_err(|e| {
                    tracing::error!("a recorded account decision was not stored: {e}");
                    ApiError::Unavailable
                })?,
            _ => self.set_cookie(&cookies::consent_set_cookie(&consent, &self.state.cookies))?,
        }
        for line in
            cookies::expire_refused(&self.parts.headers, consent.choices, &self.state.cookies)
        {
            self.set_cookie(&line)?;
        }
        Ok(Visitor {
            signals,
            decision: Decision::Decided(consent),
        })
    }

    /// The choices a partial change ("Remember my choices") starts from: signed in, the
    /// account's own decision (none while it has none: the device's is never lifted silently,
    /// and Do Not Track is not carried into it); signed out, what is in force on this device.
    pub fn current_choices(&self) -> Choices {
        let governing = request_context::governing_of(&self.parts);
        match (sessions::session(&self.parts), governing.scope) {
            (Some(_), Scope::Account) => governing
                .in_force()
                .stored()
                .map_or(Choices::NONE, |c| c.choices),
            (Some(_), Scope::Device) => Choices::NONE,
            (None, _) => self.visitor.effective(),
        }
    }

    /// Where a plain form post (no JavaScript) goes back to: `location` as a `Location`
    /// value, or `None` for a `fetch`, which gets its answer with 200 instead. Check it
    /// before writing anything, so that a bad `return_to` writes nothing.
    ///
    /// Returns `Err(ApiError::BadRequest)` when `location` is not a path on this site
    /// ([`redirects::location`]).
    pub fn return_location(&self, location: &str) -> Result<Option<HeaderValue>, ApiError> {
        if !wants_html(&self.parts.headers) {
            return Ok(None);
        }
        redirects::location(location)
            .map(Some)
            .ok_or_else(|| ApiError::BadRequest("return_to is not a path on this site".into()))
    }

    /// Sends a plain form post back to `location` with 303 See Other.
    pub fn send_back(&self, location: Option<HeaderValue>) {
        if let Some(location) = location {
            self.response.insert_header(LOCATION, location);
            self.response.set_status(StatusCode::SEE_OTHER);
        }
    }
}

/// `error`, left for the answer (see [`Answer::refuse`]).
fn refused(error: ApiError) -> ApiError {
    Answer::refuse(&error);
    error
}

// Refusing cross-site posts (CSRF), for every state-changing server function.

/// Why a post was refused as cross-site.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CrossSite(pub String);

/// Checks that a state-changing request comes from this site, as OWASP's CSRF cheat sheet
/// describes ("Fetch Metadata headers", then "Verifying Origin with standard headers"):
///
/// 1. `Sec-Fetch-Site`, which every current browser sends and no page can set or forge, decides
///    alone when present: `same-origin` passes, and so does `none` (the visitor's own action,
///    such as a bookmark), whatever `Origin` says. Behind a proxy or CDN that sends
///    `Referrer-Policy: no-referrer`, a browser's same-origin form post carries `Origin: null`
///    (Fetch standard, "append a request `Origin` header"), and it is still ours. `same-site`
///    (a sibling subdomain), `cross-site` and anything else are refused.
/// 2. Without it (an older browser), `Origin`, or without that `Referer`: its host must equal
///    the `Host` the request was sent to. `Origin: null` (a sandboxed frame, a `data:` URL, a
///    page with `Referrer-Policy: no-referrer`) is refused: without Fetch Metadata nothing shows
///    that it came from this site.
/// 3. A request with none of the three cannot be a browser page's post on another site, since
///    browsers send at least one with every post: it is let through (curl, monitoring,
///    server-side integrations).
///
/// Returns `Err(CrossSite)` with a message that names the header that gave the post away.
pub fn check_same_site(headers: &HeaderMap) -> Result<(), CrossSite> {
    if let Some(site) = headers.get("sec-fetch-site") {
        return match site.as_bytes() {
            b"same-origin" | b"none" => Ok(()),
            _ => Err(CrossSite(format!(
                "Sec-Fetch-Site says {:?}: cross-site posts are refused",
                String::from_utf8_lossy(site.as_bytes())
            ))),
        };
    }
    let host = headers.get(HOST).and_then(|v| v.to_str().ok());
    let (source, header) = match (headers.get(ORIGIN), headers.get(REFERER)) {
        (Some(origin), _) => (origin, "Origin"),
        (None, Some(referer)) => (referer, "Referer"),
        (None, None) => return Ok(()),
    };
    let source_host = source.to_str().ok().and_then(authority);
    match (source_host, host) {
        (Some(from), Some(to)) if from.eq_ignore_ascii_case(to) => Ok(()),
        _ => Err(CrossSite(format!(
            "{header} is not this site: cross-site posts are refused"
        ))),
    }
}

/// `host[:port]` of an absolute http(s) URL.
fn authority(url: &str) -> Option<&str> {
    let rest = url
        .strip_prefix("https://")
        .or_else(|| url.strip_prefix("http://"))?;
    let end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
    let authority = &rest[..end];
    // Credentials in the URL would let "site@evil" pass a naive comparison.
    (!authority.is_empty() && !authority.contains('@')).then_some(authority)
}

#[cfg(test)]
mod same_site_tests {
    use super::*;
    use http::HeaderValue;

    fn headers(pairs: &[(&'static str, &str)]) -> HeaderMap {
        let mut h = HeaderMap::new();
        for (k, v) in pairs {
            h.insert(*k, HeaderValue::from_str(v).unwrap());
        }
        h
    }

    #[test]
    fn same_origin_passes() {
        let h = headers(&[
            ("host", "127.0.0.1:3000"),
            ("origin", "http://127.0.0.1:3000"),
        ]);
        assert_eq!(check_same_site(&h), Ok(()));
        let h = headers(&[
            ("host", "leadsgen.app"),
            ("referer", "https://leadsgen.app/cookie-policy?x=1"),
        ]);
        assert_eq!(check_same_site(&h), Ok(()));
        assert_eq!(
            check_same_site(&headers(&[("host", "leadsgen.app")])),
            Ok(())
        );
    }

    #[test]
    fn other_sites_are_refused() {
        for (name, value) in [
            ("origin", "https://evil.example"),
            ("origin", "null"),
            ("origin", "http://leadsgen.app.evil.example"),
            ("referer", "https://evil.example/leadsgen.app"),
            ("referer", "https://leadsgen.app@evil.example/"),
            ("referer", "not a url"),
        ] {
            let h = headers(&[("host", "leadsgen.app"), (name, value)]);
            assert!(check_same_site(&h).is_err(), "{name}: {value}");
        }
        for site in ["cross-site", "same-site", "nonsense"] {
            let h = headers(&[("host", "leadsgen.app"), ("sec-fetch-site", site)]);
            assert!(check_same_site(&h).is_err(), "{site}");
        }
        // Fetch Metadata first: a same-origin post passes, with or without Origin.
        for site in ["same-origin", "none"] {
            let h = headers(&[("host", "leadsgen.app"), ("sec-fetch-site", site)]);
            assert_eq!(check_same_site(&h), Ok(()), "{site}");
        }
        // A cross-site page cannot make a browser send a wrong Origin with same-origin; only a
        // hand-written client can, and it could as well forge both.
        let h = headers(&[("origin", "https://leadsgen.app")]);
        assert!(check_same_site(&h).is_err(), "no Host to compare with");
    }

    /// Issue 19, item 7 (OWASP CSRF Prevention Cheat Sheet, "Fetch Metadata headers"):
    /// `Sec-Fetch-Site` decides alone when present; `Origin: null` counts against a post only
    /// without it.
    #[test]
    fn fetch_metadata_decides_whatever_origin_says() {
        for site in ["same-origin", "none"] {
            for origin in ["null", "https://evil.example", "https://leadsgen.app"] {
                let h = headers(&[
                    ("host", "leadsgen.app"),
                    ("sec-fetch-site", site),
                    ("origin", origin),
                ]);
                assert_eq!(check_same_site(&h), Ok(()), "{site} with Origin {origin}");
            }
        }
        for site in ["same-site", "cross-site"] {
            for origin in ["null", "https://leadsgen.app"] {
                let h = headers(&[
                    ("host", "leadsgen.app"),
                    ("sec-fetch-site", site),
                    ("origin", origin),
                ]);
                assert!(check_same_site(&h).is_err(), "{site} with Origin {origin}");
            }
        }
        let null_alone = headers(&[("host", "leadsgen.app"), ("origin", "null")]);
        assert!(
            check_same_site(&null_alone).is_err(),
            "Origin: null without Fetch Metadata"
        );
    }
}
