//! The consent layer of every page: the island with its banner and dialog, and the notice the
//! consent runtime shows after it reloaded the page.

use leptos::prelude::*;

use super::manager::STATE_ID;
use super::{ConsentBanner, ConsentManager, ConsentNotices, IslandText, PreferencesForm};
use crate::consent::{Source, Visitor};
use crate::ui::{current_page, page_locale, t};

/// The banner (in the server's HTML only while the visitor has no valid decision, so nothing
/// flashes or shifts once they have one) and the preferences dialog, with its form rendered
/// here on the server.
#[component]
pub fn ConsentLayer() -> impl IntoView {
    let visitor = use_context::<Visitor>().unwrap_or_default();
    let return_to = current_page();
    let banner = visitor.needs_banner().then(|| {
        let return_to = return_to.clone();
        view! { <ConsentBanner visitor return_to/> }
    });
    let notices = &t().notices;
    view! {
        {banner}
        // The island's starting state, which it reads from here (it has no props to decode).
        <div id=STATE_ID hidden data-visitor=visitor.encode() data-text=IslandText::new(page_locale()).encode()></div>
        <ConsentManager>
            <ConsentNotices visitor place="dialog"/>
            <PreferencesForm visitor return_to id_prefix="dialog" source=Source::Dialog save_label=t().dialog.save heading_level=3/>
        </ConsentManager>
        // Shown (by a class the consent runtime puts on <html>) after it reloaded the page to
        // stop revoked scripts; in the page's flow, above everything, so it covers nothing.
        <div id="consent-reloaded" class="consent-toast" tabindex="-1" role="region" aria-label=notices.reloaded_label>
            <p role="status">{notices.reloaded}</p>
            <button type="button" class="btn btn--secondary btn--small">{notices.ok}</button>
        </div>
    }
}
