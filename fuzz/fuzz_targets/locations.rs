//! Every `Location` the server could write, resolved by a WHATWG URL parser (the `url` crate,
//! which implements the standard browsers follow): the 308 for any request path and query, and
//! the 303 back for any `return_to`, with and without its "saved" marker or a page-only
//! setting, stay on the site's origin (issue 19, item 1). Input: path, query and `return_to`,
//! separated by newlines.
#![no_main]

use leadsgen_domain::consent::return_to::{normalize, with_marker, with_param};
use leadsgen_domain::paths::{is_local_location, redirect_for};
use libfuzzer_sys::fuzz_target;
use url::Url;

fn stays_on_the_site(location: &str) {
    assert!(is_local_location(location), "{location:?}");
    let base = Url::parse("https://leadsgen.app/cookie-policy").unwrap();
    let followed = base
        .join(location)
        .unwrap_or_else(|e| panic!("{location:?} does not resolve: {e}"));
    assert_eq!(
        followed.origin(),
        base.origin(),
        "{location:?} -> {followed}"
    );
}

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let mut parts = text.splitn(3, '\n');
    let (path, query, return_to) = (
        parts.next().unwrap_or(""),
        parts.next(),
        parts.next().unwrap_or(""),
    );
    if let Some(location) = redirect_for(path, query) {
        assert!(!path.contains('\\'), "{path:?} was redirected");
        stays_on_the_site(&location);
    }
    if let Ok(location) = normalize(return_to) {
        stays_on_the_site(&location);
        stays_on_the_site(&with_marker(&location, "saved", "consent", "saved"));
        // A page-only setting goes into the query, never after the fragment.
        let with_setting = with_param(&location, "theme", "dark");
        stays_on_the_site(&with_setting);
        let before_fragment = with_setting.split('#').next().unwrap_or_default();
        assert!(before_fragment.contains("theme=dark"), "{with_setting:?}");
    }
});
