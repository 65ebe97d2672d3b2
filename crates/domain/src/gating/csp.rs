//! The Content-Security-Policy of a page, built per request from effective consent.
//!
//! Scripts run only with the request's nonce, plus `'self'`: the site's own files under `/pkg`
//! (the bundle that the nonced loader imports, `ui::site::IslandScripts`).
//! `'wasm-unsafe-eval'` lets the bundle compile. A tracker's hosts appear in the policy only
//! when its category is consented, so before consent the policy itself forbids every tracker
//! host: a tag that slipped past the server, or a pasted `<noscript>` pixel, is blocked by the
//! browser. There is no `'unsafe-inline'`.

use super::TrackerIds;
use crate::consent::{Choices, CspHosts};

/// The policy for responses that are not pages (server-function answers, the refusal page,
/// static files): nothing may run or be framed.
pub const NON_PAGE_POLICY: &str = "default-src 'none'; style-src 'self'; img-src 'self'; \
     frame-ancestors 'none'; base-uri 'none'; form-action 'self'";

/// The policy for one page render, whose inline scripts carry `nonce`.
///
/// `effective` must already have privacy signals applied. A nonce that is not plain base64
/// is left out, which blocks the page's scripts rather than letting a malformed value rewrite
/// the policy.
pub fn page_policy(nonce: &str, effective: Choices, ids: &TrackerIds) -> String {
    let consented: Vec<&CspHosts> = ids
        .active(effective)
        .map(|(_, script, _)| &script.hosts)
        .collect();
    let hosts = |pick: fn(&CspHosts) -> &'static [&'static str]| {
        let mut all: Vec<&str> = Vec::new();
        for host in consented.iter().flat_map(|h| pick(h)) {
            if !all.contains(host) {
                all.push(host);
            }
        }
        all
    };
    let nonce = if is_base64(nonce) {
        format!(" 'nonce-{nonce}'")
    } else {
        String::new()
    };
    let frames = hosts(|h| h.frame);
    [
        "default-src 'none'".to_string(),
        directive(
            &format!("script-src 'self'{nonce} 'wasm-unsafe-eval'"),
            &hosts(|h| h.script),
        ),
        directive("connect-src 'self'", &hosts(|h| h.connect)),
        directive("img-src 'self'", &hosts(|h| h.img)),
        if frames.is_empty() {
            "frame-src 'none'".to_string()
        } else {
            directive("frame-src", &frames)
        },
        "style-src 'self'".to_string(),
        "font-src 'self'".to_string(),
        "manifest-src 'self'".to_string(),
        "object-src 'none'".to_string(),
        "base-uri 'none'".to_string(),
        "form-action 'self'".to_string(),
        "frame-ancestors 'none'".to_string(),
    ]
    .join("; ")
}

fn directive(head: &str, hosts: &[&str]) -> String {
    std::iter::once(head)
        .chain(hosts.iter().copied())
        .collect::<Vec<_>>()
        .join(" ")
}

fn is_base64(nonce: &str) -> bool {
    !nonce.is_empty()
        && nonce
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'+' | b'/' | b'-' | b'_' | b'='))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::consent::{CategoryId, Signals, LEADSGEN};

    /// Every host any tracker in the registry talks to.
    fn tracker_hosts() -> Vec<&'static str> {
        LEADSGEN
            .scripts()
            .flat_map(|(_, s)| {
                let h = s.hosts;
                [h.script, h.connect, h.img, h.frame].concat()
            })
            .collect()
    }

    fn directive_of<'a>(policy: &'a str, name: &str) -> &'a str {
        policy
            .split("; ")
            .find(|d| d.starts_with(name))
            .unwrap_or_else(|| panic!("no {name} in {policy}"))
    }

    #[test]
    fn before_consent_no_tracker_host_is_allowed_and_scripts_need_the_nonce() {
        let policy = page_policy("abc123", Choices::NONE, &TrackerIds::leadsgen());
        assert_eq!(
            policy,
            "default-src 'none'; script-src 'self' 'nonce-abc123' 'wasm-unsafe-eval'; \
             connect-src 'self'; img-src 'self'; frame-src 'none'; style-src 'self'; \
             font-src 'self'; manifest-src 'self'; object-src 'none'; base-uri 'none'; \
             form-action 'self'; frame-ancestors 'none'"
        );
        assert!(!policy.contains("unsafe-inline"));
        for host in tracker_hosts() {
            assert!(!policy.contains(host), "{host}");
        }
    }

    /// Each combination of the optional categories that gate trackers.
    fn combinations() -> Vec<Choices> {
        (0..8).filter_map(Choices::from_bits).collect()
    }

    #[test]
    fn each_directive_lists_exactly_the_consented_trackers_hosts_once() {
        let ids = TrackerIds::leadsgen();
        type Pick = fn(&CspHosts) -> &'static [&'static str];
        let pickers: [(&str, Pick); 4] = [
            ("script-src", |h| h.script),
            ("connect-src", |h| h.connect),
            ("img-src", |h| h.img),
            ("frame-src", |h| h.frame),
        ];
        for choices in combinations() {
            let policy = page_policy("n", choices, &ids);
            for (name, pick) in pickers {
                let directive = directive_of(&policy, name);
                let listed: Vec<&str> = directive
                    .split(' ')
                    .filter(|t| t.starts_with("https://"))
                    .collect();
                let mut expected: Vec<&str> = Vec::new();
                for (category, script) in LEADSGEN.scripts() {
                    if choices.allows(category) {
                        for host in pick(&script.hosts) {
                            if !expected.contains(host) {
                                expected.push(host);
                            }
                        }
                    }
                }
                assert_eq!(listed, expected, "{choices:?}: {directive}");
                if name == "frame-src" && expected.is_empty() {
                    assert_eq!(directive, "frame-src 'none'");
                }
            }
        }
    }

    #[test]
    fn analytics_allows_plausible_and_nothing_of_marketing() {
        let analytics = Choices::NONE.with(CategoryId::Analytics, true);
        let policy = page_policy("n", analytics, &TrackerIds::leadsgen());
        assert!(
            directive_of(&policy, "script-src").contains("'wasm-unsafe-eval' https://plausible.io")
        );
        assert!(
            !policy.contains("facebook") && !policy.contains("google"),
            "{policy}"
        );
    }

    #[test]
    fn signals_and_unconfigured_trackers_add_no_host() {
        let dnt = Choices::ALL.under(Signals {
            dnt: true,
            gpc: false,
        });
        let none = page_policy("n", Choices::NONE, &TrackerIds::leadsgen());
        assert_eq!(
            page_policy("n", dnt, &TrackerIds::leadsgen()).replace("'nonce-n'", ""),
            none.replace("'nonce-n'", "")
        );
        assert_eq!(page_policy("n", Choices::ALL, &TrackerIds::none()), none);
    }

    #[test]
    fn a_malformed_nonce_cannot_rewrite_the_policy() {
        let policy = page_policy("x'; script-src *", Choices::NONE, &TrackerIds::leadsgen());
        assert!(policy.starts_with("default-src 'none'; script-src 'self' 'wasm-unsafe-eval';"));
        assert!(!policy.contains('*'));
    }
}
