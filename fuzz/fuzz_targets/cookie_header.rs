//! The request's `Cookie` header, read as bytes: any header, no panic, and a `cookie-consent`
//! pair put anywhere between separators is always found, with the value that decodes to the
//! same consent, whatever bytes the other apps' cookies around it hold (issue 19, item 2).
#![no_main]

use leadsgen_domain::dates::CalendarDate;
use leadsgen_domain::consent::{codec, cookie_header, Choices, Consent, ConsentId, Signals, Timestamp};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    for (name, value) in cookie_header::pairs(data) {
        assert!(!name.is_empty());
        assert!(!name.contains(';') && !value.contains(';'));
    }
    let consent = Consent::new(
        ConsentId([7; 16]),
        Timestamp(1_795_916_459),
        CalendarDate::new(2026, 4, 12).unwrap(),
        Choices::ALL,
        Signals::NONE,
    );
    let ours = codec::encode(&consent);
    // The first byte picks where the pair goes among the rest.
    let (at, rest) = match data.split_first() {
        Some((&at, rest)) => (usize::from(at).min(rest.len()), rest),
        None => (0, data),
    };
    let mut header = rest[..at].to_vec();
    header.extend_from_slice(b"; cookie-consent=");
    header.extend_from_slice(ours.as_bytes());
    header.extend_from_slice(b"; ");
    header.extend_from_slice(&rest[at..]);
    assert!(
        cookie_header::values(&header, "cookie-consent")
            .any(|v| codec::decode(v).ok() == Some(consent)),
        "cookie-consent not found in {header:?}"
    );
});
