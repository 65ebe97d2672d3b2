//! The granular consent form: a switch per category with its cookies, and the three choices.
use leptos::prelude::*;

use leptos::server_fn::ServerFn;

use super::CookieTable;
use crate::api::{AcceptAll, RejectAll, SaveChoices};
use crate::consent::{form, Category, Choices, Source, Visitor, LEADSGEN};

/// The granular consent form: a switch per category (strictly necessary locked on, tracking
/// categories locked off under a privacy signal), the cookies of each in a disclosure, and
/// Save choices / Accept all / Reject all. Plain form posts: it works without JavaScript.
#[component]
pub fn PreferencesForm(
    /// What the server decided about this visitor.
    visitor: Visitor,
    /// Where a no-JavaScript post comes back to.
    #[prop(into)]
    return_to: String,
    /// Prefix for element ids, unique per form on a page (the dialog's form is on every page).
    id_prefix: &'static str,
    /// Where the form is, as the consent log records it.
    source: Source,
    /// The save button's label.
    save_label: &'static str,
) -> AnyView {
    let prefill = visitor.prefill();
    let rows = LEADSGEN
        .categories
        .iter()
        .map(|category| category_row(category, prefill, visitor, id_prefix))
        .collect_view();
    let hidden = {
        let return_to = return_to.clone();
        move || {
            view! {
                <input type="hidden" name=form::RETURN_TO value=return_to.clone()/>
                <input type="hidden" name=form::SOURCE value=source.key()/>
            }
        }
    };
    view! {
        // autocomplete="off": a browser going back or reloading must not restore switches the
        // visitor changed but never saved.
        <form class="preferences" method="post" action=SaveChoices::url() autocomplete="off">
            {hidden()}
            {rows}
            <div class="consent-actions">
                <button type="submit" class="btn btn--primary">{save_label}</button>
            </div>
        </form>
        <div class="consent-actions consent-actions--all">
            <form method="post" action=AcceptAll::url()>
                {hidden()}
                <button type="submit" class="btn btn--choice">"Accept all"</button>
            </form>
            <form method="post" action=RejectAll::url()>
                {hidden()}
                <button type="submit" class="btn btn--choice">"Reject all"</button>
            </form>
        </div>
    }
    // Erased: the nested view type of the whole form is deep enough to overflow the
    // compiler's query depth limit in release builds.
    .into_any()
}

fn category_row(
    category: &'static Category,
    prefill: Choices,
    visitor: Visitor,
    id_prefix: &'static str,
) -> AnyView {
    let key = category.id.key();
    let (switch_id, heading_id, desc_id) = (
        format!("{id_prefix}-{key}"),
        format!("{id_prefix}-{key}-heading"),
        format!("{id_prefix}-{key}-description"),
    );
    let optional = category.id.is_optional();
    let locked = Choices::locked_off_by(category.id, visitor.signals);
    let state = if !optional {
        Some("Always on".to_string())
    } else if locked {
        visitor
            .signals
            .names()
            .map(|n| format!("Off: your browser sends {n}"))
    } else {
        None
    };
    let name = optional.then_some(key);
    let checked = prefill.allows(category.id);
    let count = category.cookies.len();
    let (section_label, heading) = (heading_id.clone(), heading_id.clone());
    let head = view! {
            <div class="pref-category__head">
                <h2 id=heading>{category.name}</h2>
                <div class="switch">
                    <input
                        type="checkbox"
                        role="switch"
                        id=switch_id.clone()
                        name=name
                        value=form::CHECKED
                        checked=checked
                        disabled=!optional || locked
                        aria-describedby=desc_id.clone()
                    />
                    <label for=switch_id>{format!("Allow {} cookies", category.name.to_lowercase())}</label>
                </div>
            </div>
    }
    .into_any();
    view! {
        <section class="pref-category" aria-labelledby=section_label>
            {head}
            {state.map(|s| view! { <p class="pref-category__state">{s}</p> })}
            <p id=desc_id>{category.description}</p>
            <details>
                <summary>{format!("Cookies in this category ({count})")}</summary>
                <CookieTable category labelled_by=heading_id detailed=true/>
            </details>
        </section>
    }
    .into_any()
}
