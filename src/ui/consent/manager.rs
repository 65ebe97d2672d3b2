//! The consent island, the page's only wasm: the banner's and the dialog's behaviour.
use std::sync::Arc;

use leptos::{ev, html, prelude::*, task::spawn_local};
use wasm_bindgen::JsCast;
use web_sys::{Element, HtmlElement, HtmlFormElement};

use super::dialog_dom::{show_choices, show_previous, trap_tab};
use super::form_post::post_form;
use super::runtime::apply as apply_consent_change;
use super::{ConsentProof, IslandText};
use crate::consent::Visitor;

/// Where focus goes when the control that had it is gone (the banner hid itself after a
/// choice) or hidden: the main content, never `<body>`.
fn keep_focus() {
    let lost = match document().active_element() {
        None => true,
        Some(a) => {
            a.tag_name().eq_ignore_ascii_case("body")
                || a.dyn_ref::<HtmlElement>()
                    .is_some_and(|h| h.offset_parent().is_none())
        }
    };
    if lost {
        if let Some(main) = document()
            .get_element_by_id("main")
            .and_then(|m| m.dyn_into::<HtmlElement>().ok())
        {
            let _ = main.focus();
        }
    }
}

/// Selects the forms the island posts in place: the banner's and the dialog's.
const CONSENT_FORMS: &str = ".consent-banner form, .consent-dialog form";

/// Selects what a decision saved in place dismisses: the server-rendered banner, and the
/// signed-in notice of a policy update in the header area.
const DISMISSED_BY_DECIDING: &str = ".consent-banner, .notice--policy-change";

/// Hides the banner and the policy-update notice once a decision is saved in place.
fn hide_banner() {
    if let Ok(list) = document().query_selector_all(DISMISSED_BY_DECIDING) {
        for i in 0..list.length() {
            if let Some(element) = list.item(i).and_then(|n| n.dyn_into::<Element>().ok()) {
                let _ = element.set_attribute("hidden", "");
            }
        }
    }
}

/// Selects the links that open the preferences dialog (the footer's "Cookie settings"). Without
/// JavaScript they are ordinary links to `/cookie-preferences`.
const OPENS_SETTINGS: &str = "[data-consent-settings]";

/// The id of the element that carries the island's starting state in `data-visitor` (the
/// [`Visitor`]'s compact form) and `data-text` ([`IslandText::encode`]); the consent layer
/// renders it. The island has no serialized props, so no JSON decoder reaches the wasm.
pub const STATE_ID: &str = "consent-island-state";

/// The visitor and the island's text: on the server, from the request's context.
#[cfg(feature = "ssr")]
fn initial_state() -> (Visitor, IslandText) {
    (
        use_context::<Visitor>().unwrap_or_default(),
        IslandText::new(crate::ui::page_locale()),
    )
}

/// The visitor and the island's text: in the browser, from the element the server rendered
/// ([`STATE_ID`]); a visitor who has decided nothing and English words if it is missing.
#[cfg(not(feature = "ssr"))]
fn initial_state() -> (Visitor, IslandText) {
    let element = document().get_element_by_id(STATE_ID);
    let read = |name: &str| element.as_ref().and_then(|e| e.get_attribute(name));
    (
        read("data-visitor")
            .and_then(|v| Visitor::decode(&v))
            .unwrap_or_default(),
        read("data-text")
            .and_then(|t| IslandText::decode(&t))
            .unwrap_or_default(),
    )
}

/// The consent UI of every page: the banner (while undecided) and the preferences dialog.
///
/// `children` is the preferences form, rendered by the server and not compiled into the wasm
/// bundle; this island only opens and closes the native modal `<dialog>`, keeps Tab inside it,
/// and turns every consent form's submit into an in-place `fetch` to the same server function.
/// Its starting state is read from the page ([`STATE_ID`]), not from props.
#[island]
pub fn ConsentManager(
    /// The dialog's form, rendered on the server.
    children: Children,
) -> impl IntoView {
    let (visitor, text) = initial_state();
    // Shared, not copied: each copy of 31 strings would be code in the bundle.
    let text = Arc::new(text);
    let state = RwSignal::new(visitor);
    let error = RwSignal::new(None::<String>);
    let announcement = RwSignal::new(String::new());
    let dialog = NodeRef::<html::Dialog>::new();

    // This is the page's only island: once it runs, the page is interactive. End-to-end tests
    // wait for this marker before they touch a control.
    Effect::new(|| {
        if let Some(root) = document().document_element() {
            // Failing to set an attribute only makes tests wait longer: nothing to handle.
            let _ = root.set_attribute("data-hydrated", "true");
        }
    });

    // The form shows what is saved whenever the dialog opens, after every save, and when it
    // closes without a save (Esc, Close): a toggle that was not saved never looks saved, and
    // "Keep my previous choices" is offered only while the decision is for an earlier policy.
    let show_saved = move || {
        if let Some(d) = dialog.get_untracked() {
            let visitor = state.get_untracked();
            show_choices(&d, visitor.prefill());
            show_previous(&d, visitor.decision.previous(visitor.signals).is_some());
        }
    };
    let open = move || {
        if let Some(d) = dialog.get_untracked() {
            error.set(None);
            show_saved();
            let _ = d.show_modal();
        }
    };
    let close = move || {
        if let Some(d) = dialog.get_untracked() {
            d.close();
        }
    };

    // The footer's "Cookie settings" link, on any page, opens the dialog.
    let _ = window_event_listener(ev::click, move |e| {
        let target = e.target().and_then(|t| t.dyn_into::<Element>().ok());
        if target
            .and_then(|t| t.closest(OPENS_SETTINGS).ok().flatten())
            .is_some()
        {
            e.prevent_default();
            open();
        }
    });

    let text_for_posts = text.clone();
    // The banner's forms and the dialog's: the banner is server-rendered outside the island,
    // so its submits are caught on the window. Other forms (the preferences page's) post as
    // plain forms.
    let _ = window_event_listener(ev::submit, move |e: ev::SubmitEvent| {
        let Some(form) = e
            .target()
            .and_then(|t| t.dyn_into::<HtmlFormElement>().ok())
        else {
            return;
        };
        if form.closest(CONSENT_FORMS).ok().flatten().is_none() {
            return;
        }
        e.prevent_default();
        if form.method() == "get" {
            // "Manage preferences" in the banner.
            open();
            return;
        }
        let text = text_for_posts.clone();
        // Only a save from the dialog closes it: the dialog may have been opened while a
        // banner post was on its way, and its answer must not close it under the visitor.
        let from_dialog = form.closest(".consent-dialog").ok().flatten().is_some();
        spawn_local(async move {
            match post_form(&form).await {
                Ok(saved) => {
                    let new_state = saved.visitor;
                    state.set(new_state);
                    show_saved();
                    error.set(None);
                    if !new_state.needs_banner() {
                        hide_banner();
                    }
                    if from_dialog {
                        close();
                    }
                    // The banner may have hidden the button that was pressed: once the page
                    // has updated, focus moves on to the content if it was lost.
                    set_timeout(keep_focus, std::time::Duration::ZERO);
                    // Every save is announced, with what is now in force: the region is emptied
                    // first, so that the same words twice are still announced twice.
                    let message = text.saved(new_state.effective());
                    announcement.set(String::new());
                    set_timeout(
                        move || announcement.set(message),
                        std::time::Duration::from_millis(100),
                    );
                    // Consent Mode update, consent event, new tags (or a reload).
                    apply_consent_change(&saved.page);
                }
                Err(err) => error.set(Some(err.message(&text))),
            }
        });
    });

    let on_close = move |_| {
        show_saved();
        // Focus goes back to the control that opened the dialog.
        keep_focus();
    };

    view! {
        <div class="consent-manager">
            // Under the banner (just above), the reason a choice made there was not saved.
            {move || error.get().filter(|_| !dialog.get_untracked().is_some_and(|d| d.open())).map(|e| view! {
                <div class="container"><p class="notice notice--error" role="alert">{e}</p></div>
            })}
            <dialog
                class="consent-dialog"
                aria-labelledby="consent-dialog-title"
                aria-describedby="consent-dialog-intro"
                node_ref=dialog
                on:keydown=move |e| {
                    if let Some(d) = dialog.get_untracked() {
                        trap_tab(&d, &e);
                    }
                }
                on:close=on_close
            >
                <div class="consent-dialog__head">
                    <h2 id="consent-dialog-title">{text.dialog_title.clone()}</h2>
                    <button type="button" class="btn btn--secondary btn--small" on:click=move |_| close()>
                        {text.close.clone()}
                    </button>
                </div>
                <p id="consent-dialog-intro">{text.dialog_intro.clone()}</p>
                {move || view! { <ConsentProof visitor=state.get() text=text.clone()/> }}
                {move || error.get().map(|e| view! { <p class="notice notice--error" role="alert">{e}</p> })}
                {children()}
            </dialog>
            <p role="status" class="visually-hidden">{move || announcement.get()}</p>
        </div>
    }
}
