//! The canonical-path rule that answers URL variants with 308: any path, no panic; a
//! canonical path is canonical (one redirect, never a loop) and never protocol-relative.
#![no_main]

use leadsgen_domain::paths::canonical;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let path = String::from_utf8_lossy(data);
    if let Some(target) = canonical(&path) {
        assert!(
            target.starts_with('/') && !target.starts_with("//"),
            "{target}"
        );
        assert_eq!(canonical(&target), None, "{path} -> {target} is not final");
    }
});
