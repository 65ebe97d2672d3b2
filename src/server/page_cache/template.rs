//! A page as a template: its text cut at each place a per-response value appears (the nonce,
//! the stored consent's ID and time, in each form the page writes them), and filled again for
//! each answer.

use aho_corasick::{AhoCorasick, MatchKind};
use http::{
    header::{
        CONTENT_ENCODING, CONTENT_LENGTH, CONTENT_SECURITY_POLICY, SET_COOKIE, TRANSFER_ENCODING,
        VARY,
    },
    HeaderMap, HeaderValue,
};

use super::brotli::{unbrotli, BrotliPieces};
use super::gzip::{gunzip, GzipPieces};
use super::Encoding;

use crate::consent::Visitor;
use crate::gating::csp::NON_PAGE_POLICY;
use crate::i18n::Locale;

/// One cached answer: its headers but the CSP, its body as a template, and that template
/// precompressed for brotli and gzip once it has proven itself ([`Page::precompress`]).
#[derive(Debug, PartialEq)]
pub struct Page {
    headers: HeaderMap,
    /// The Content-Security-Policy, cut at its nonce.
    csp: Template,
    body: Template,
    /// The body's segments as raw deflate, for spliced gzip answers.
    gzip: Option<GzipPieces>,
    /// The body's segments as catable brotli streams, for spliced brotli answers.
    brotli: Option<BrotliPieces>,
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
    /// Its date and time as the page's language writes them ([`Timestamp::long`](crate::consent::Timestamp::long)).
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

    /// The constant text between the holes: one more segment than holes.
    fn segments(&self) -> Vec<&str> {
        let mut out = Vec::with_capacity(self.holes.len() + 1);
        let mut last = 0;
        for (at, _) in &self.holes {
            out.push(&self.text[last..*at]);
            last = *at;
        }
        out.push(&self.text[last..]);
        out
    }

    /// The value of each hole, in order.
    fn filling<'v>(&self, values: &'v Values) -> Vec<&'v str> {
        self.holes.iter().map(|(_, h)| values.get(*h)).collect()
    }

    /// The text with each hole filled from `values`.
    fn stitch(&self, values: &Values) -> String {
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

/// The header names every `Vary` field line lists, trimmed (an unreadable line as `*`).
fn vary_names(headers: &HeaderMap) -> impl Iterator<Item = &str> {
    headers
        .get_all(VARY)
        .iter()
        .flat_map(|v| v.to_str().unwrap_or("*").split(','))
        .map(str::trim)
}

/// Whether every `Vary` names only what a [`Variant`] is decided from.
fn varies_only_by_the_variant(headers: &HeaderMap) -> bool {
    vary_names(headers).all(|name| {
        [
            "cookie",
            "dnt",
            "sec-gpc",
            "accept-language",
            "accept-encoding",
        ]
        .iter()
        .any(|known| name.eq_ignore_ascii_case(known))
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
    /// Its weight in the cache, in bytes: the text, the hole table and a rough allowance
    /// for the headers.
    pub(super) fn weight(&self) -> u64 {
        let text = self.body.text.len() + self.csp.text.len();
        let holes = self.body.holes.len() + self.csp.holes.len();
        let gzip = self.gzip.as_ref().map_or(0, GzipPieces::weight);
        let brotli = self.brotli.as_ref().map_or(0, BrotliPieces::weight);
        (text + holes * 16 + gzip + brotli + 512) as u64
    }

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
            gzip: None,
            brotli: None,
        })
    }

    /// Precompresses the body for brotli and gzip ([`super::brotli`], [`super::gzip`]), with
    /// each hole prepared for the length of the values a render gave `visitor` (`headers` and
    /// `body`; the long date's length varies, the others' do not), and proves each: the
    /// spliced answer for that visitor must decode to `body` byte for byte. A coding that
    /// fails keeps no pieces, and its answers are compressed as usual. Returns the codings
    /// that failed (none, in every test so far). CPU-heavy (milliseconds): call it off the
    /// async runtime's threads.
    pub fn precompress(
        &mut self,
        headers: &HeaderMap,
        body: &[u8],
        visitor: &Visitor,
        locale: Locale,
    ) -> Vec<Encoding> {
        let Some((_, nonce)) = policy_and_nonce(headers) else {
            return vec![Encoding::Brotli, Encoding::Gzip];
        };
        let values = Values::of(nonce, visitor, locale);
        let lengths: Vec<Option<usize>> = self
            .body
            .holes
            .iter()
            .map(|(_, hole)| (*hole != Hole::DateTime).then(|| values.get(*hole).len()))
            .collect();
        let segments = self.body.segments();
        let filling = self.body.filling(&values);
        self.gzip = GzipPieces::compress(&segments, &lengths).ok().filter(|p| {
            p.splice(&segments, &filling)
                .and_then(|member| gunzip(&member))
                .is_some_and(|text| text == body)
        });
        self.brotli = BrotliPieces::compress(&segments, &lengths, body.len())
            .ok()
            .filter(|p| {
                p.splice(&segments, &filling)
                    .and_then(|stream| unbrotli(&stream))
                    .is_some_and(|text| text == body)
            });
        let mut missing = Vec::new();
        if self.brotli.is_none() {
            missing.push(Encoding::Brotli);
        }
        if self.gzip.is_none() {
            missing.push(Encoding::Gzip);
        }
        missing
    }

    /// The answer for `visitor` with `nonce` in `encoding`, spliced from the precompressed
    /// pieces, with its `Content-Encoding` and `Vary: Accept-Encoding`; `None` when the page
    /// has no pieces or a value does not fit them (the caller then answers as usual).
    pub fn encoded_answer_for(
        &self,
        encoding: Encoding,
        nonce: &str,
        visitor: &Visitor,
        locale: Locale,
    ) -> Option<(HeaderMap, Vec<u8>)> {
        let values = Values::of(nonce, visitor, locale);
        let (segments, filling) = (self.body.segments(), self.body.filling(&values));
        let body = match encoding {
            Encoding::Gzip => self.gzip.as_ref()?.splice(&segments, &filling)?,
            Encoding::Brotli => self.brotli.as_ref()?.splice(&segments, &filling)?,
        };
        let mut headers = self.headers_for(&values);
        headers.insert(CONTENT_ENCODING, HeaderValue::from_static(encoding.token()));
        if !vary_names(&headers).any(|name| name.eq_ignore_ascii_case("accept-encoding")) {
            headers.append(VARY, HeaderValue::from_static("Accept-Encoding"));
        }
        Some((headers, body))
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
        let (filled, text) = self.answer_for(nonce, visitor, locale);
        // The CSP included: filled with the same nonce, it must be the render's.
        filled == headers_without_framing(headers) && text.as_bytes() == body
    }

    /// The answer for `visitor` with `nonce`: the headers, with the CSP that allows `nonce`,
    /// and the body with `nonce` and the visitor's own consent ID and time.
    pub fn answer_for(
        &self,
        nonce: &str,
        visitor: &Visitor,
        locale: Locale,
    ) -> (HeaderMap, String) {
        let values = Values::of(nonce, visitor, locale);
        (self.headers_for(&values), self.body.stitch(&values))
    }

    /// The kept headers with the CSP that allows `values`' nonce.
    fn headers_for(&self, values: &Values) -> HeaderMap {
        let mut headers = self.headers.clone();
        // A nonce is base64: the policy stays a valid header. Should it not, run nothing.
        let policy = HeaderValue::try_from(self.csp.stitch(values))
            .unwrap_or(HeaderValue::from_static(NON_PAGE_POLICY));
        headers.insert(CONTENT_SECURITY_POLICY, policy);
        headers
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
        assert_eq!(t.stitch(&placeholder), "a NNNN b ffff c 99 NNNN");
        assert_eq!(t.stitch(&values("xy", "1234", "5")), "a xy b 1234 c 5 xy");
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
}
