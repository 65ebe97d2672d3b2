//! The consent part of every page's `<head>`: the server's [`PageState`] as data, the consent
//! runtime that acts on it, and the tags of the trackers it allows. Server-rendered only.

use std::sync::LazyLock;

use leptos::{nonce::use_nonce, prelude::*};

use crate::gating::{PageState, Tag};

/// The consent runtime as every page inlines it: `consent_runtime.js` without its comment
/// lines and indentation, so the explanation stays in the source and out of every response.
static RUNTIME: LazyLock<String> =
    LazyLock::new(|| without_comments(include_str!("consent_runtime.js")));

fn without_comments(source: &str) -> String {
    source
        .lines()
        .map(str::trim)
        .filter(|line| !line.is_empty() && !line.starts_with("//"))
        .collect::<Vec<_>>()
        .join("\n")
}

/// The id of the `<script type="application/json">` the runtime reads.
const STATE_ID: &str = "leadsgen-consent";

/// Renders the page state, the runtime and the allowed tracker tags, each script with the
/// request's nonce. Before consent the tag list is empty, so the page names no tracker at all.
#[component]
pub fn ConsentScripts() -> impl IntoView {
    let nonce = use_nonce();
    let state = use_context::<PageState>()?;
    let tags = state
        .tags
        .iter()
        .map(|tag| tag_view(tag, nonce.clone()))
        .collect_view();
    Some(view! {
        <script type="application/json" id=STATE_ID inner_html=state.to_json()></script>
        <script nonce=nonce inner_html=RUNTIME.as_str()></script>
        {tags}
    })
}

fn tag_view(tag: &Tag, nonce: Option<leptos::nonce::Nonce>) -> AnyView {
    match tag.clone() {
        Tag::Inline {
            tracker,
            category,
            code,
        } => view! {
            <script nonce=nonce data-tracker=tracker data-category=category inner_html=code></script>
        }
        .into_any(),
        Tag::External {
            tracker,
            category,
            src,
            loading,
            data,
        } => {
            let script = leptos::html::script()
                .src(src)
                .nonce(nonce)
                .attr("data-tracker", tracker)
                .attr("data-category", category)
                .attr(loading, true);
            match data {
                Some((name, value)) => script.attr(name, value).into_any(),
                None => script.into_any(),
            }
        }
    }
}

/// Calls the runtime's `LeadsGenConsent.apply` with the page state a consent change answered.
/// Browser only: islands call it from event handlers, which never run on the server.
pub fn apply(page_state_json: &str) {
    // A page without the runtime (it failed to load) only misses the update: nothing to do.
    let _ = runtime::apply(page_state_json);
}

mod runtime {
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
        assert!(RUNTIME.len() < include_str!("consent_runtime.js").len() * 3 / 4);
    }
}
