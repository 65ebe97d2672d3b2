//! The page's consent runtime (`runtime.js`): its inlined source for the server, and its entry
//! point for the consent island.

use std::sync::LazyLock;

use crate::ui::without_comments;

/// The consent runtime as every page inlines it: `runtime.js` without its comment
/// lines and indentation, so the explanation stays in the source and out of every response.
pub static RUNTIME: LazyLock<String> =
    LazyLock::new(|| without_comments(include_str!("runtime.js")));

/// Calls the runtime's `LeadsGenConsent.apply` with the page state a consent change answered.
/// Browser only: islands call it from event handlers, which never run on the server.
pub fn apply(page_state_json: &str) {
    // A page without the runtime (it failed to load) only misses the update: nothing to do.
    let _ = js::apply(page_state_json);
}

/// The runtime's `window.LeadsGenConsent` object, as wasm sees it.
mod js {
    use wasm_bindgen::prelude::*;

    #[wasm_bindgen]
    extern "C" {
        #[wasm_bindgen(js_namespace = LeadsGenConsent, js_name = apply, catch)]
        pub fn apply(json: &str) -> Result<(), JsValue>;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_inlined_runtime_keeps_its_code_and_drops_its_comments() {
        assert!(
            RUNTIME.starts_with("(function (w, d) {"),
            "{}",
            &RUNTIME[..40]
        );
        assert!(RUNTIME.contains("w.LeadsGenConsent = {"));
        assert!(RUNTIME.contains("w.gtag(\"consent\", \"default\", state.consentMode);"));
        assert!(!RUNTIME.lines().any(|l| l.starts_with("//")));
        assert!(RUNTIME.len() < include_str!("runtime.js").len() * 3 / 4);
    }
}
