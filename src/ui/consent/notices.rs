//! Why the banner asks: a privacy signal honored, or a policy revised since the last decision
//! (with what changed); and, signed in, that a choice applies to the account on every device,
//! and the in-app notice of a policy update.
use leptos::{prelude::*, server_fn::ServerFn};

use crate::accounts::{Governing, Scope, SignedInAs};
use crate::api::AdoptDeviceChoices;
use crate::consent::form::{RETURN_TO, SOURCE};
use crate::consent::{Decision, PolicyChanges, Source, Visitor, LEADSGEN};
use crate::i18n::{fill, Locale};
use crate::paths;
use crate::ui::{current_page, link, page_locale};

/// The notices that explain why we ask, in the page's language: a privacy signal we honor, or
/// a policy revised since the visitor's last decision. Renders nothing when neither applies.
/// Rendered on the server only.
#[component]
pub fn ConsentNotices(
    /// What the server decided about this visitor.
    visitor: Visitor,
    /// Where on the page they are (`banner`, `dialog`, `page`), unique on the page: it
    /// prefixes their element ids.
    place: &'static str,
) -> impl IntoView {
    let locale = page_locale().locale;
    let n = &locale.messages().notices;
    let signal = visitor.signals.notice(locale).map(|notice| {
        view! { <p class="notice notice--signal">{notice}{n.signal_accept_all}</p> }
    });
    let revised = matches!(visitor.decision, Decision::Outdated(_)).then(|| {
        view! {
            // Marked: in the dialog, the island hides it once a decision is saved
            // (dialog_dom::show_previous).
            <div class="notice notice--revised" data-previous="">
                <p>{dated(n.policy_updated, locale)}</p>
                <PolicyChangeList id=format!("{place}-policy-changes")/>
            </div>
        }
    });
    // Signed in, the first layer says in one sentence what a choice applies to (CNIL rule 3).
    let scope = use_context::<SignedInAs>().map(|account| {
        let a = &locale.messages().accounts;
        view! { <p class="notice notice--scope">{fill(a.scope_note, &[("email", &account.email)])}</p> }
    });
    view! { {revised} {signal} {scope} }
}

/// `template` with its `{date}` as the current revision's `<time>` element, in `locale`.
fn dated(template: &'static str, locale: Locale) -> impl IntoView {
    let (before, after) = template.split_once("{date}").unwrap_or((template, ""));
    let revision = LEADSGEN.revision;
    view! { {before}<time datetime=revision.iso()>{locale.long_date(revision)}</time>{after} }
}

/// How many changes the list shows before the rest goes behind a disclosure.
pub const CHANGES_SHOWN: usize = 6;

/// What changed in the policy since the visitor's consent, as a short list in the page's
/// language ("Added: _gcl_au to Marketing"), from the [`PolicyChanges`] the server provided
/// for a consent under an earlier revision. Renders nothing without them (a revision the log
/// never kept, or a change of wording only). The first [`CHANGES_SHOWN`] items are shown, the
/// rest behind "Show N more changes". `id` names its heading, which names the list: unique on
/// the page, one per place the list is shown.
#[component]
pub fn PolicyChangeList(id: String) -> impl IntoView {
    let locale = page_locale().locale;
    let changes = use_context::<PolicyChanges>().filter(|c| !c.changes.is_empty())?;
    let c = &locale.messages().changes;
    let mut lines = changes.lines(locale);
    let rest = lines.split_off(CHANGES_SHOWN.min(lines.len()));
    let items = |lines: Vec<String>| {
        lines
            .into_iter()
            .map(|line| view! { <li>{line}</li> })
            .collect_view()
    };
    let more = (!rest.is_empty()).then(|| {
        let summary = match rest.len() {
            1 => c.more_one.to_string(),
            n => fill(c.more, &[("count", &n.to_string())]),
        };
        view! {
            <details>
                <summary>{summary}</summary>
                <ul aria-labelledby=id.clone()>{items(rest)}</ul>
            </details>
        }
    });
    Some(view! {
        <div class="policy-changes">
            <p class="policy-changes__heading" id=id.clone()>{c.heading}</p>
            <ul aria-labelledby=id.clone()>{items(lines)}</ul>
            {more}
        </div>
    })
}

/// Signed in, with an account whose decision is for an earlier revision of the policy: the
/// in-app notice in the page's header area, on every device of the account, with what
/// changed and a link to the choices (which, with JavaScript, opens the dialog). Deciding
/// dismisses it: the account's decision is then for the current revision, on every device.
/// Renders nothing otherwise.
#[component]
pub fn PolicyChangeNotice() -> impl IntoView {
    let governing = use_context::<Governing>()?;
    let for_account = governing.scope == Scope::Account
        && matches!(governing.decision, Decision::Outdated(_))
        && use_context::<SignedInAs>().is_some();
    if !for_account {
        return None;
    }
    let locale = page_locale().locale;
    let c = &locale.messages().changes;
    Some(view! {
        <div class="container">
            <section class="notice notice--policy-change" aria-label=c.account_label data-nosnippet="">
                <p>{dated(c.account_notice, locale)}</p>
                <PolicyChangeList id="account-policy-changes".to_string()/>
                <p><a href=link(paths::PREFERENCES) data-consent-settings="">{c.review}</a></p>
            </section>
        </div>
    })
}

/// Signed in, with an account that has no decision yet while this device has one: says that
/// the device's choices apply here only, and offers to make them the account's. Only that
/// button does it (CNIL rule 4: nothing is lifted silently). Renders nothing otherwise.
#[component]
pub fn AdoptNotice() -> impl IntoView {
    let offer = use_context::<Governing>().is_some_and(|g| g.offer_to_adopt);
    let a = &page_locale().locale.messages().accounts;
    offer.then(|| {
        view! {
            <div class="container">
                <section class="notice notice--adopt" aria-label=a.account_nav>
                    <p>{a.adopt_text}</p>
                    <form method="post" action=AdoptDeviceChoices::url()>
                        <input type="hidden" name=RETURN_TO value=current_page()/>
                        <input type="hidden" name=SOURCE value=Source::PageNotice.key()/>
                        <button type="submit" class="btn btn--secondary btn--small">{a.adopt_button}</button>
                    </form>
                </section>
            </div>
        }
    })
}
