//! Rendered pages kept as templates, one per variant (feature `ssr`): a page is rendered once
//! per variant and then served at the cost of a copy, with a fresh nonce and the visitor's own
//! consent ID and time filled in. The middleware that uses it is [`super::cached_pages`].
//!
//! A page is a pure function of its path, its language ([`PageLocale`]), the visitor's privacy
//! signals and stored decision, the personalization in force and the policy revision, apart
//! from three things that differ per response: the CSP nonce, and the stored consent's ID and
//! time (shown as proof, and carried to the island). So a [`Variant`] is all of the former,
//! with the identity replaced by a per-process placeholder ([`Visitor::with_proof`]), and its
//! template is the page rendered for that placeholder visitor, cut at each place the nonce and
//! the placeholder's ID and time appear ([`Hole`]).
//!
//! - **Only what is certainly a variant is cached:** a `GET` of one of the four page paths,
//!   without a query string (a query may carry page-only personalization and the `saved`
//!   marker), answered 200 as HTML without a `Set-Cookie` and without a `Vary` beyond what
//!   the variant is decided from. Everything else goes to Leptos as before.
//! - **A template proves itself before it is kept.** On a miss the page is rendered for the
//!   real visitor (that answer is sent) and for two placeholders, whose requests carry the
//!   path and the decided variant but none of the request's headers. The template is kept
//!   only if both placeholders cut to the same template and it, filled with the real
//!   visitor's nonce, ID and time, gives the real answer byte for byte, headers included. A
//!   page that reads anything outside its variant, or that shows something derived from the
//!   identity that the holes do not capture (a consent's age, say), fails that check in the
//!   cases the two placeholders and the visitor tell apart, and is then served uncached,
//!   with a warning in the log. One template is built at a time; other misses render as
//!   without a cache.
//! - **No visitor gets another's values:** the placeholder IDs are 128 random bits drawn at
//!   start and the placeholder times random seconds in the years 2999 and 1999, so none of
//!   their forms can occur in a page by chance; each response draws its own nonce
//!   ([`leptos::nonce::Nonce::new`], as Leptos does) and its own CSP from it.
//! - **Bounded:** about `LEADSGEN_PAGE_CACHE_MIB` of templates (the weight counts each
//!   template's text and an allowance for its headers); [`quick_cache`]'s CLOCK-Pro eviction
//!   makes room. The cache lives in the process: a new binary, and so a new policy (the
//!   registry is compiled in), starts empty. The policy revision is part of every variant
//!   all the same, so that the key says what a page depends on.

use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::Arc;

use aho_corasick::{AhoCorasick, MatchKind};
use http::{
    header::{CONTENT_LENGTH, CONTENT_SECURITY_POLICY, SET_COOKIE, TRANSFER_ENCODING, VARY},
    HeaderMap, HeaderValue,
};

use crate::consent::{ConsentId, Timestamp, Visitor};
use crate::dates::CalendarDate;
use crate::gating::csp::NON_PAGE_POLICY;
use crate::i18n::{Locale, PageLocale};
use crate::personalization::Personalization;

/// The first second of 2999 (UTC): the first placeholder's time falls within that year.
const YEAR_2999: u64 = 32_472_144_000;
/// The first second of 1999 (UTC): the second placeholder's time falls within that year, in
/// the past, so that anything shown as derived from a consent's age differs between the two.
const YEAR_1999: u64 = 915_148_800;
/// Seconds in a 365-day year.
const YEAR: u64 = 365 * 86_400;

/// The page cache: off, or a bounded map from [`Variant`] to its template. Cheap to clone.
#[derive(Clone, Default)]
pub struct PageCache {
    inner: Option<Arc<Inner>>,
}

struct Inner {
    templates: quick_cache::sync::Cache<Variant, Arc<Page>, Weight>,
    /// The identities templates are rendered with: the first is the one variants carry, the
    /// second checks that the page shows nothing else derived from the identity.
    placeholders: [(ConsentId, Timestamp); 2],
    /// Whether a template is being built: one at a time, so that cycling through variants
    /// costs at most one build beside the renders a cache-less server would do anyway.
    building: AtomicBool,
    /// Answers served from a template (in its `Debug` form, and for the tests).
    hits: AtomicU64,
}

/// The right to build a template, held while one is being built.
pub struct Building<'a>(&'a AtomicBool);

impl Drop for Building<'_> {
    fn drop(&mut self) {
        self.0.store(false, Ordering::Release);
    }
}

impl std::fmt::Debug for PageCache {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match &self.inner {
            None => f.write_str("PageCache(off)"),
            Some(inner) => write!(
                f,
                "PageCache({} templates, {} of {} bytes, {} hits)",
                inner.templates.len(),
                inner.templates.weight(),
                inner.templates.capacity(),
                inner.hits.load(Ordering::Relaxed)
            ),
        }
    }
}

impl PageCache {
    /// A cache holding about `capacity_bytes` of templates (the weight counts each template's
    /// text and a fixed allowance for its headers); `0` turns caching off. Caching is also off,
    /// with an error logged, when the system gives no randomness for the placeholders.
    pub fn new(capacity_bytes: u64) -> Self {
        if capacity_bytes == 0 {
            return Self::default();
        }
        let mut random = [0u8; 48];
        // No randomness means no unguessable placeholder: serve uncached rather than risk it.
        if getrandom::fill(&mut random).is_err() {
            tracing::error!("no randomness for the page cache's placeholders: caching is off");
            return Self::default();
        }
        let placeholder = |bytes: &[u8], year: u64| {
            let id = ConsentId(bytes[..16].try_into().expect("16 bytes"));
            let second = u64::from_le_bytes(bytes[16..24].try_into().expect("8 bytes")) % YEAR;
            (id, Timestamp(year + second))
        };
        // About 30 KB a page: the estimate sizes the map, the weight bounds it.
        let estimated = usize::try_from(capacity_bytes / 30_000)
            .unwrap_or(usize::MAX)
            .max(16);
        Self {
            inner: Some(Arc::new(Inner {
                templates: quick_cache::sync::Cache::with_weighter(
                    estimated,
                    capacity_bytes,
                    Weight,
                ),
                placeholders: [
                    placeholder(&random[..24], YEAR_2999),
                    placeholder(&random[24..], YEAR_1999),
                ],
                building: AtomicBool::new(false),
                hits: AtomicU64::new(0),
            })),
        }
    }

    /// The identities templates are rendered with (see [`Visitor::with_proof`]): the first,
    /// a random ID and a time in 2999, is the one a [`Variant`] carries; the second, another
    /// random ID and a time in 1999, must give the same template. `None` when the cache is
    /// off.
    pub fn placeholders(&self) -> Option<[(ConsentId, Timestamp); 2]> {
        self.inner.as_ref().map(|i| i.placeholders)
    }

    /// The template kept for `variant`, if any; counted as a hit.
    pub fn get(&self, variant: &Variant) -> Option<Arc<Page>> {
        let inner = self.inner.as_ref()?;
        let page = inner.templates.get(variant)?;
        inner.hits.fetch_add(1, Ordering::Relaxed);
        Some(page)
    }

    /// The right to build a template, unless one is being built (or the cache is off).
    pub fn try_build(&self) -> Option<Building<'_>> {
        let inner = self.inner.as_ref()?;
        inner
            .building
            .compare_exchange(false, true, Ordering::Acquire, Ordering::Relaxed)
            .ok()
            .map(|_| Building(&inner.building))
    }

    /// How many answers came from a template since the start.
    pub fn hits(&self) -> u64 {
        self.inner
            .as_ref()
            .map_or(0, |i| i.hits.load(Ordering::Relaxed))
    }

    /// Keeps `page` for `variant`, making room by dropping others if needed.
    pub fn keep(&self, variant: Variant, page: Page) {
        if let Some(inner) = &self.inner {
            inner.templates.insert(variant, Arc::new(page));
        }
    }

    /// How many templates are kept (0 when off).
    pub fn len(&self) -> usize {
        self.inner.as_ref().map_or(0, |i| i.templates.len())
    }

    /// The bytes the kept templates weigh, at most the capacity (0 when off).
    pub fn bytes(&self) -> u64 {
        self.inner.as_ref().map_or(0, |i| i.templates.weight())
    }

    /// Whether no template is kept.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

/// Everything a page is decided from but the per-response values.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Variant {
    /// The page's path, without a language prefix.
    pub path: &'static str,
    /// Its language, and whether the URL pinned it.
    pub locale: PageLocale,
    /// The visitor, with the placeholder identity.
    pub visitor: Visitor,
    /// The personalization in force.
    pub personalization: Personalization,
    /// The policy revision it was rendered under.
    pub revision: CalendarDate,
}

/// One cached answer: its headers but the CSP, and its body as a template.
#[derive(Debug, PartialEq)]
pub struct Page {
    headers: HeaderMap,
    /// The Content-Security-Policy, cut at its nonce.
    csp: Template,
    body: Template,
}

/// A template's size in bytes, as the cache's weight.
#[derive(Clone)]
struct Weight;

impl quick_cache::Weighter<Variant, Arc<Page>> for Weight {
    fn weight(&self, _: &Variant, page: &Arc<Page>) -> u64 {
        // The text, the hole table and a rough allowance for the headers.
        let text = page.body.text.len() + page.csp.text.len();
        let holes = page.body.holes.len() + page.csp.holes.len();
        (text + holes * 16 + 512) as u64
    }
}

/// A place in a page where a per-response value goes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Hole {
    /// The CSP nonce.
    Nonce,
    /// The stored consent's ID, 32 hex digits.
    ConsentId,
    /// The stored consent's time, seconds since the Unix epoch (the island's props).
    Seconds,
    /// Its date as `<time datetime>` writes it (`2026-11-29`).
    Date,
    /// Its date and time as the page's language writes them ([`Timestamp::long`]).
    DateTime,
}

/// Text with [`Hole`]s: `holes` are byte offsets into `text`, in order.
#[derive(Debug, PartialEq)]
struct Template {
    text: String,
    holes: Vec<(usize, Hole)>,
}

/// The per-response values of one answer.
struct Values<'a> {
    nonce: &'a str,
    id: String,
    seconds: String,
    date: String,
    date_time: String,
}

impl<'a> Values<'a> {
    /// The values for `visitor` (its stored consent, if any) on a page in `locale`.
    fn of(nonce: &'a str, visitor: &Visitor, locale: Locale) -> Self {
        match visitor.decision.stored() {
            None => Values::nonce_only(nonce),
            Some(c) => Values {
                nonce,
                id: c.id.to_string(),
                seconds: c.decided_at.0.to_string(),
                date: c.decided_at.date().iso(),
                date_time: c.decided_at.long(locale),
            },
        }
    }

    /// The values of a text whose only hole is the nonce (the CSP).
    fn nonce_only(nonce: &'a str) -> Self {
        Values {
            nonce,
            id: String::new(),
            seconds: String::new(),
            date: String::new(),
            date_time: String::new(),
        }
    }

    fn get(&self, hole: Hole) -> &str {
        match hole {
            Hole::Nonce => self.nonce,
            Hole::ConsentId => &self.id,
            Hole::Seconds => &self.seconds,
            Hole::Date => &self.date,
            Hole::DateTime => &self.date_time,
        }
    }
}

impl Template {
    /// Cuts `text` at every occurrence of a value in `values` (leftmost, longest first);
    /// empty values are not looked for.
    fn cut(text: &str, values: &Values) -> Self {
        let holes = [
            Hole::Nonce,
            Hole::ConsentId,
            Hole::Seconds,
            Hole::Date,
            Hole::DateTime,
        ]
        .into_iter()
        .filter(|h| !values.get(*h).is_empty())
        .collect::<Vec<_>>();
        let patterns: Vec<&str> = holes.iter().map(|h| values.get(*h)).collect();
        let Ok(finder) = AhoCorasick::builder()
            .match_kind(MatchKind::LeftmostLongest)
            .build(&patterns)
        else {
            // Five short patterns never exceed its limits; without a finder nothing is cut,
            // and the proof before keeping fails.
            return Template {
                text: text.to_string(),
                holes: Vec::new(),
            };
        };
        let mut out = String::with_capacity(text.len());
        let mut cut = Vec::new();
        let mut last = 0;
        for m in finder.find_iter(text) {
            out.push_str(&text[last..m.start()]);
            cut.push((out.len(), holes[m.pattern().as_usize()]));
            last = m.end();
        }
        out.push_str(&text[last..]);
        Template {
            text: out,
            holes: cut,
        }
    }

    /// The text with each hole filled from `values`.
    fn fill(&self, values: &Values) -> String {
        let extra: usize = self.holes.iter().map(|(_, h)| values.get(*h).len()).sum();
        let mut out = String::with_capacity(self.text.len() + extra);
        let mut last = 0;
        for (at, hole) in &self.holes {
            out.push_str(&self.text[last..*at]);
            out.push_str(values.get(*hole));
            last = *at;
        }
        out.push_str(&self.text[last..]);
        out
    }
}

/// Whether every `Vary` names only what a [`Variant`] is decided from.
fn varies_only_by_the_variant(headers: &HeaderMap) -> bool {
    headers
        .get_all(VARY)
        .iter()
        .flat_map(|v| v.to_str().unwrap_or("*").split(','))
        .all(|name| {
            [
                "cookie",
                "dnt",
                "sec-gpc",
                "accept-language",
                "accept-encoding",
            ]
            .iter()
            .any(|known| name.trim().eq_ignore_ascii_case(known))
        })
}

/// A page's Content-Security-Policy and the nonce in it (`'nonce-…'`).
fn policy_and_nonce(headers: &HeaderMap) -> Option<(&str, &str)> {
    let policy = headers.get(CONTENT_SECURITY_POLICY)?.to_str().ok()?;
    let start = policy.find("'nonce-")? + "'nonce-".len();
    let len = policy[start..].find('\'')?;
    Some((policy, &policy[start..start + len]))
}

/// The headers of a rendered answer as a cached one has them: without those that frame one
/// response (`Content-Length`, `Transfer-Encoding`: the body's framing is hyper's).
fn headers_without_framing(headers: &HeaderMap) -> HeaderMap {
    let mut kept = headers.clone();
    for name in [CONTENT_LENGTH, TRANSFER_ENCODING] {
        kept.remove(name);
    }
    kept
}

/// The headers a template keeps: without the framing, and without the CSP, which carries
/// the nonce and is a template of its own.
fn lasting_headers(headers: &HeaderMap) -> HeaderMap {
    let mut kept = headers_without_framing(headers);
    kept.remove(CONTENT_SECURITY_POLICY);
    kept
}

impl Page {
    /// The template of a page rendered for the `placeholder` visitor (its answer's `headers`
    /// and `body`) in `locale`. `None` when it must not be kept: a body that is not UTF-8,
    /// headers without a nonce in their CSP, a `Set-Cookie` (it would go to every visitor of
    /// the variant), or a `Vary` on anything but what the variant is decided from (`Cookie`,
    /// `DNT`, `Sec-GPC`, `Accept-Language`, and `Accept-Encoding`, which compression handles).
    pub fn cut(
        headers: &HeaderMap,
        body: &[u8],
        placeholder: &Visitor,
        locale: Locale,
    ) -> Option<Page> {
        if headers.contains_key(SET_COOKIE) || !varies_only_by_the_variant(headers) {
            return None;
        }
        let text = std::str::from_utf8(body).ok()?;
        let (policy, nonce) = policy_and_nonce(headers)?;
        Some(Page {
            headers: lasting_headers(headers),
            csp: Template::cut(policy, &Values::nonce_only(nonce)),
            body: Template::cut(text, &Values::of(nonce, placeholder, locale)),
        })
    }

    /// Whether this template, filled for `visitor` with the nonce in `headers`' CSP, gives
    /// exactly the answer a render gave that visitor (`headers` and `body`).
    pub fn reproduces(
        &self,
        headers: &HeaderMap,
        body: &[u8],
        visitor: &Visitor,
        locale: Locale,
    ) -> bool {
        let Some((_, nonce)) = policy_and_nonce(headers) else {
            return false;
        };
        let (filled, text) = self.fill(nonce, visitor, locale);
        // The CSP included: filled with the same nonce, it must be the render's.
        filled == headers_without_framing(headers) && text.as_bytes() == body
    }

    /// The answer for `visitor` with `nonce`: the headers, with the CSP that allows `nonce`,
    /// and the body with `nonce` and the visitor's own consent ID and time.
    pub fn fill(&self, nonce: &str, visitor: &Visitor, locale: Locale) -> (HeaderMap, String) {
        let values = Values::of(nonce, visitor, locale);
        let mut headers = self.headers.clone();
        // A nonce is base64: the policy stays a valid header. Should it not, run nothing.
        let policy = HeaderValue::try_from(self.csp.fill(&values))
            .unwrap_or(HeaderValue::from_static(NON_PAGE_POLICY));
        headers.insert(CONTENT_SECURITY_POLICY, policy);
        (headers, self.body.fill(&values))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn values<'a>(nonce: &'a str, id: &str, seconds: &str) -> Values<'a> {
        Values {
            nonce,
            id: id.into(),
            seconds: seconds.into(),
            date: String::new(),
            date_time: String::new(),
        }
    }

    #[test]
    fn cuts_and_fills() {
        let placeholder = values("NNNN", "ffff", "99");
        let t = Template::cut("a NNNN b ffff c 99 NNNN", &placeholder);
        assert_eq!(t.text, "a  b  c  ");
        assert_eq!(
            t.holes,
            [
                (2, Hole::Nonce),
                (5, Hole::ConsentId),
                (8, Hole::Seconds),
                (9, Hole::Nonce)
            ]
        );
        assert_eq!(t.fill(&placeholder), "a NNNN b ffff c 99 NNNN");
        assert_eq!(t.fill(&values("xy", "1234", "5")), "a xy b 1234 c 5 xy");
    }

    #[test]
    fn longest_value_wins_where_values_overlap() {
        // The ID's digits contain the seconds: the ID is one hole, not an ID with a hole in it.
        let placeholder = values("N", "a99b", "99");
        let t = Template::cut("a99b 99", &placeholder);
        assert_eq!(t.holes, [(0, Hole::ConsentId), (1, Hole::Seconds)]);
    }

    #[test]
    fn empty_values_are_not_holes() {
        let t = Template::cut("no proof here", &values("N", "", ""));
        assert!(t.holes.is_empty());
        assert_eq!(t.text, "no proof here");
    }

    #[test]
    fn finds_the_policy_nonce() {
        let mut h = HeaderMap::new();
        h.insert(
            CONTENT_SECURITY_POLICY,
            HeaderValue::from_static("script-src 'self' 'nonce-abc_-1' 'wasm-unsafe-eval'"),
        );
        assert_eq!(policy_and_nonce(&h).map(|(_, n)| n), Some("abc_-1"));
        h.insert(
            CONTENT_SECURITY_POLICY,
            HeaderValue::from_static("default-src 'none'"),
        );
        assert_eq!(policy_and_nonce(&h), None);
    }

    #[test]
    fn placeholders_are_in_2999_and_1999_with_different_ids() {
        let cache = PageCache::new(1 << 20);
        let [(first, early), (second, late)] = cache.placeholders().unwrap();
        assert!(early.date().iso().starts_with("2999-"));
        assert!(late.date().iso().starts_with("1999-"));
        assert_ne!(first, second);
        assert!(PageCache::new(0).placeholders().is_none());
    }

    #[test]
    fn refuses_answers_that_set_a_cookie_or_vary_by_more() {
        let page = |extra: &[(http::HeaderName, &'static str)]| {
            let mut h = HeaderMap::new();
            h.insert(
                CONTENT_SECURITY_POLICY,
                HeaderValue::from_static("script-src 'nonce-abc'"),
            );
            h.insert(VARY, HeaderValue::from_static("Cookie, DNT, Sec-GPC"));
            for (name, value) in extra {
                h.append(name, HeaderValue::from_static(value));
            }
            Page::cut(&h, b"<p nonce=\"abc\">", &Visitor::default(), Locale::En)
        };
        let plain = page(&[]).expect("a plain page is kept");
        assert_eq!(plain.body.holes, [(10, Hole::Nonce)]);
        assert!(page(&[(VARY, "Accept-Language")]).is_some());
        assert!(page(&[(SET_COOKIE, "theme=; Max-Age=0")]).is_none());
        assert!(page(&[(VARY, "User-Agent")]).is_none());
        assert!(page(&[(VARY, "*")]).is_none());
    }

    #[test]
    fn one_build_at_a_time() {
        let cache = PageCache::new(1 << 20);
        let building = cache.try_build();
        assert!(building.is_some());
        assert!(cache.try_build().is_none());
        drop(building);
        assert!(cache.try_build().is_some());
        assert!(PageCache::new(0).try_build().is_none());
    }
}
