//! The `return_to` normaliser: any string is refused or becomes a safe `Location`: ASCII,
//! printable, path-absolute, not protocol-relative, and decoding to the same bytes.
#![no_main]

use leadsgen_domain::consent::return_to::{decoded, normalize};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let input = String::from_utf8_lossy(data);
    if let Ok(location) = normalize(&input) {
        assert!(location.bytes().all(|b| b.is_ascii_graphic()), "{location}");
        assert!(location.starts_with('/'));
        assert!(!location.starts_with("//") && !location.starts_with("/\\"));
        assert_eq!(decoded(&location), decoded(&input));
        assert_eq!(
            normalize(&location).as_deref(),
            Ok(location.as_str()),
            "idempotent"
        );
    }
});
