//! The `cookie-consent` value decoder and the compact visitor string: any bytes, no panic, and
//! whatever decodes encodes back to the same value.
#![no_main]

use leadsgen_domain::consent::{codec, Visitor};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    if let Ok(consent) = codec::decode(&text) {
        assert_eq!(codec::encode(&consent), text, "decode is encode's inverse");
    }
    if let Some(visitor) = Visitor::decode(&text) {
        assert_eq!(Visitor::decode(&visitor.encode()), Some(visitor));
    }
});
