//! DOM work for the preferences dialog that Leptos does not do for us: keeping Tab inside it,
//! and showing the saved state on its server-rendered form (the switches, and what it offers
//! from before a policy update).

use wasm_bindgen::JsCast;
use web_sys::{Element, HtmlElement, HtmlInputElement, KeyboardEvent};

use crate::consent::{CategoryId, Choices};

/// What can take focus inside a dialog, in document order.
const FOCUSABLE: &str = "a[href], button:not([disabled]), input:not([disabled]), \
                         select:not([disabled]), textarea:not([disabled]), summary, \
                         [tabindex]:not([tabindex='-1'])";

fn all<T: JsCast>(root: &Element, selector: &str) -> Vec<T> {
    let Ok(list) = root.query_selector_all(selector) else {
        return Vec::new();
    };
    (0..list.length())
        .filter_map(|i| list.item(i))
        .filter_map(|n| n.dyn_into::<T>().ok())
        .collect()
}

/// Keeps Tab and Shift+Tab cycling inside `dialog`. A modal `<dialog>` makes the page behind it
/// inert, but Tab would still leave for the browser's own controls.
pub fn trap_tab(dialog: &Element, ev: &KeyboardEvent) {
    if ev.key() != "Tab" {
        return;
    }
    // Elements inside a closed <details> have no boxes and cannot take focus.
    let focusable: Vec<HtmlElement> = all::<HtmlElement>(dialog, FOCUSABLE)
        .into_iter()
        .filter(|el| el.get_client_rects().length() > 0)
        .collect();
    let (Some(first), Some(last)) = (focusable.first(), focusable.last()) else {
        return;
    };
    let active = leptos::prelude::document().active_element();
    let is = |el: &HtmlElement| active.as_ref() == Some(el.as_ref());
    let inside = focusable.iter().any(is);
    if ev.shift_key() && (is(first) || !inside) {
        ev.prevent_default();
        let _ = last.focus();
    } else if !ev.shift_key() && (is(last) || !inside) {
        ev.prevent_default();
        let _ = first.focus();
    }
}

/// Sets the category switches under `root` to `choices`.
pub fn show_choices(root: &Element, choices: Choices) {
    for input in all::<HtmlInputElement>(root, "input[role=switch][name]") {
        if let Some(id) = CategoryId::from_key(&input.name()) {
            input.set_checked(choices.allows(id));
        }
    }
}

/// Shows what `root` offers from before a policy update (the elements marked `data-previous`:
/// the earlier choice beside each switch, and "Keep my previous choices") when `offered`, and
/// hides it otherwise: once any decision is saved, the dialog no longer offers to keep the
/// earlier one.
pub fn show_previous(root: &Element, offered: bool) {
    for element in all::<Element>(root, "[data-previous]") {
        let _ = if offered {
            element.remove_attribute("hidden")
        } else {
            element.set_attribute("hidden", "")
        };
    }
}
