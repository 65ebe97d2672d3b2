//! The granular consent form: a switch per category with its purpose and cookies, and the
//! choices (Save, Accept all, Reject all; Keep my previous choices after a policy update).

use leptos::prelude::*;
use leptos::server_fn::ServerFn;

use super::CookieTable;
use crate::api::{AcceptAll, KeepPreviousChoices, RejectAll, SaveChoices};
use crate::consent::{form, Category, Choices, Source, Visitor, LEADSGEN};
use crate::i18n::{fill, Locale};
use crate::ui::page_locale;

/// The granular consent form: a switch per category (strictly necessary locked on, tracking
/// categories locked off under a privacy signal), what each is for, its cookies in a
/// disclosure, and Save choices / Accept all / Reject all. Plain form posts: it works without
/// JavaScript.
///
/// After a policy update the switches start off (a new policy needs a new consent); the
/// earlier choices are shown beside them, with "Keep my previous choices".
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
    /// The level of the category headings: one below the heading of what holds the form.
    heading_level: u8,
) -> AnyView {
    let locale = page_locale().locale;
    let m = locale.messages();
    let prefill = visitor.prefill();
    let previous = visitor.decision.previous(visitor.signals);
    let rows = LEADSGEN
        .categories
        .iter()
        .map(|category| {
            let row = Row {
                category,
                prefill,
                previous,
                visitor,
                id_prefix,
                heading_level,
                locale,
            };
            row.view()
        })
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
    let keep = previous.map(|_| {
        view! {
            // Marked: the island hides it once any decision is saved (dialog_dom::show_previous).
            <form method="post" action=KeepPreviousChoices::url() data-previous="">
                {hidden()}
                <button type="submit" class="btn btn--secondary">{m.form.keep_previous}</button>
            </form>
        }
    });
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
                <button type="submit" class="btn btn--choice">{m.form.accept_all}</button>
            </form>
            <form method="post" action=RejectAll::url()>
                {hidden()}
                <button type="submit" class="btn btn--choice">{m.form.reject_all}</button>
            </form>
            {keep}
        </div>
    }
    // Erased: the nested view type of the whole form is deep enough to overflow the
    // compiler's query depth limit in release builds.
    .into_any()
}

/// One category of the form.
struct Row {
    category: &'static Category,
    prefill: Choices,
    previous: Option<Choices>,
    visitor: Visitor,
    id_prefix: &'static str,
    heading_level: u8,
    locale: Locale,
}

impl Row {
    fn view(self) -> AnyView {
        let Row {
            category,
            prefill,
            previous,
            visitor,
            id_prefix,
            heading_level,
            locale,
        } = self;
        let t = &locale.messages().form;
        let key = category.id.key();
        let id = |part: &str| format!("{id_prefix}-{key}{part}");
        let (switch_id, heading_id, desc_id, state_id) =
            (id(""), id("-heading"), id("-description"), id("-state"));
        let optional = category.id.is_optional();
        let locked = Choices::locked_off_by(category.id, visitor.signals);
        let state = if !optional {
            Some(t.always_on.to_string())
        } else if locked {
            visitor
                .signals
                .names(locale)
                .map(|n| fill(t.off_by_signal, &[("signals", &n)]))
        } else {
            None
        };
        // The switch is described by what the category does and, when locked, by why.
        let described_by = match state {
            Some(_) => format!("{desc_id} {state_id}"),
            None => desc_id.clone(),
        };
        let before = previous.filter(|_| optional).map(|p| {
            if p.allows(category.id) {
                t.before_update_allowed
            } else {
                t.before_update_refused
            }
        });
        let name = optional.then_some(key);
        let checked = prefill.allows(category.id);
        let count = category.cookies.len();
        let name_text = category.name.get(locale);
        let label = fill(t.allow, &[("category", &t.category_name(name_text))]);
        let heading = {
            let id = heading_id.clone();
            match heading_level {
                2 => view! { <h2 id=id>{name_text}</h2> }.into_any(),
                _ => view! { <h3 id=id>{name_text}</h3> }.into_any(),
            }
        };
        let head = view! {
            <div class="pref-category__head">
                {heading}
                <div class="switch">
                    <input
                        type="checkbox"
                        role="switch"
                        id=switch_id.clone()
                        name=name
                        value=form::CHECKED
                        checked=checked
                        disabled=!optional || locked
                        aria-describedby=described_by
                    />
                    <label for=switch_id>{label}</label>
                </div>
            </div>
        }
        .into_any();
        let section_label = heading_id.clone();
        view! {
            <section class="pref-category" aria-labelledby=section_label>
                {head}
                {state.map(|s| view! { <p class="pref-category__state" id=state_id>{s}</p> })}
                {before.map(|b| view! { <p class="pref-category__before" data-previous="">{b}</p> })}
                <div id=desc_id>
                    <p>{category.description.get(locale)}</p>
                    <p class="pref-category__purpose">{fill(t.purpose_line, &[("purposes", &category.purposes(locale))])}</p>
                </div>
                <details>
                    <summary>{fill(t.cookies_in_category, &[("count", &count.to_string())])}</summary>
                    <CookieTable category labelled_by=heading_id detailed=true/>
                </details>
            </section>
        }
        .into_any()
    }
}
