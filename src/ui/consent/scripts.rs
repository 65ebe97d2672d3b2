//! The consent part of every page's `<head>`: the server's [`PageState`] as data, the consent
//! runtime that acts on it, and the tags of the trackers it allows. Server-rendered only.

use leptos::{nonce::use_nonce, prelude::*};

use super::runtime::RUNTIME;
use crate::gating::{PageState, Tag};

/// The id of the `<script type="application/json">` that `runtime.js` reads.
const STATE_ID: &str = "leadsgen-consent";

/// Renders the page state, the runtime and the allowed tracker tags, each script with the
/// request's nonce. Before consent the tag list is empty, so the page names no tracker at all.
#[component]
pub fn ConsentScripts() -> impl IntoView {
    let nonce = use_nonce();
    let state = use_context::<PageState>()?;
    let json = state.to_json();
    let tags = state
        .tags
        .into_iter()
        .map(|tag| tag_view(tag, nonce.clone()))
        .collect_view();
    Some(view! {
        <script type="application/json" id=STATE_ID inner_html=json></script>
        <script nonce=nonce inner_html=RUNTIME.as_str()></script>
        {tags}
    })
}

fn tag_view(tag: Tag, nonce: Option<leptos::nonce::Nonce>) -> AnyView {
    match tag {
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
