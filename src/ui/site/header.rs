//! The header of every page: product name, main navigation, language switch, theme switch,
//! and the account: a link to sign in, or the signed-in e-mail address and a sign-out button.
use leptos::{prelude::*, server_fn::ServerFn};

use super::{LanguageSwitch, ThemeSwitch};
use crate::accounts::SignedInAs;
use crate::api::SignOut;
use crate::consent::form::RETURN_TO;
use crate::consent::return_to::with_location_param;
use crate::i18n::fill;
use crate::paths;
use crate::ui::{current_page, current_path, link, t};

/// The product name, the main navigation (the current page marked `aria-current="page"`),
/// the language switch and the theme switch. Every link keeps the page's language prefix.
#[component]
pub fn SiteHeader(
    /// This page, for the theme switch to come back to.
    return_to: String,
) -> impl IntoView {
    let site = &t().site;
    let here = current_path();
    let nav = [
        (paths::HOME, site.nav_home),
        (paths::POLICY, site.nav_policy),
        (paths::SETTINGS, site.nav_settings),
    ]
    .into_iter()
    .map(|(path, label)| {
        let current = (here == path).then_some("page");
        view! { <li><a href=link(path) aria-current=current>{label}</a></li> }
    })
    .collect_view();
    view! {
        <header class="site-header">
            <div class="container site-header__inner">
                <a class="brand" href=link(paths::HOME)>"LeadsGen"</a>
                <nav aria-label=site.main_nav>
                    <ul class="nav-list">{nav}</ul>
                </nav>
                <LanguageSwitch/>
                <ThemeSwitch return_to/>
                <AccountArea/>
            </div>
        </header>
    }
}

/// Signed out: a link to sign in that comes back to this page. Signed in: who, and a
/// sign-out button (a plain form post).
#[component]
fn AccountArea() -> impl IntoView {
    let a = &t().accounts;
    let here = current_page();
    match use_context::<SignedInAs>() {
        Some(account) => view! {
            <div class="account-area" role="group" aria-label=a.account_nav>
                <span class="account-area__who">{fill(a.signed_in_as, &[("email", &account.email)])}</span>
                <form method="post" action=SignOut::url()>
                    <input type="hidden" name=RETURN_TO value=here/>
                    <button type="submit" class="btn btn--secondary btn--small">{a.sign_out}</button>
                </form>
            </div>
        }
        .into_any(),
        None => {
            // Back here once signed in; from the sign-in pages themselves, to the settings.
            let href = if [paths::SIGN_IN, paths::SIGN_UP].contains(&current_path().as_str()) {
                link(paths::SIGN_IN)
            } else {
                with_location_param(&link(paths::SIGN_IN), RETURN_TO, &here)
            };
            view! {
                <div class="account-area" role="group" aria-label=a.account_nav>
                    <a class="account-area__sign-in" href=href>{a.sign_in}</a>
                </div>
            }
            .into_any()
        }
    }
}
