//! The language of a request: any `Accept-Language` value negotiates without a panic, and an
//! empty range changes nothing; a path's language prefix splits off and pins back.
#![no_main]

use leadsgen_domain::i18n::Locale;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let chosen = Locale::negotiate(&text);
    assert_eq!(
        Locale::negotiate(&format!("{text},")),
        chosen,
        "an empty range is skipped"
    );
    if let Some((locale, rest)) = Locale::split_prefix(&text) {
        assert!(rest.starts_with('/'), "{rest:?}");
        // `pin` also places a query; `split_prefix` takes paths only.
        if !rest.contains(['?', '#']) {
            assert_eq!(
                Locale::split_prefix(&locale.pin(rest)),
                Some((locale, rest)),
                "pin is split_prefix's inverse"
            );
        }
    }
});
