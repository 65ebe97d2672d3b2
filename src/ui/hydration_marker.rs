use leptos::prelude::*;

/// Sets `data-hydrated="true"` on `<html>` once the wasm bundle has hydrated the islands.
///
/// It is the last island in the page and islands hydrate in document order, so end-to-end
/// tests can wait for this attribute before they touch an interactive control.
#[island]
pub fn HydrationMarker() -> impl IntoView {
    Effect::new(|| {
        if let Some(root) = document().document_element() {
            // Failing to set an attribute only makes tests wait longer: nothing to handle.
            let _ = root.set_attribute("data-hydrated", "true");
        }
    });
}
