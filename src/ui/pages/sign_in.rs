//! `/sign-in` and `/sign-up`: e-mail and password, as plain forms that work without
//! JavaScript. A form that was not accepted comes back here with `?problem=`, shown as an
//! alert; the page says which strictly necessary cookies signing in uses.
use leptos::{prelude::*, server_fn::ServerFn};
use leptos_meta::Title;

use crate::accounts::form::{CSRF_TOKEN, EMAIL, PASSWORD, PROBLEM_ANCHOR, PROBLEM_PARAM};
use crate::accounts::{after_sign_in, AccountAction, Problem};
use crate::api::{SignIn, SignUp};
use crate::consent::form::RETURN_TO;
use crate::consent::return_to::normalize;
use crate::i18n::{pieces, Piece};
use crate::paths;
use crate::ui::page_locale;
use crate::ui::site::SavedNotice;

/// `/sign-in`.
#[component]
pub fn SignInPage() -> impl IntoView {
    view! { <CredentialsPage action=AccountAction::SignIn/> }
}

/// `/sign-up`.
#[component]
pub fn SignUpPage() -> impl IntoView {
    view! { <CredentialsPage action=AccountAction::SignUp/> }
}

/// The page's query string.
fn search() -> String {
    leptos_router::hooks::use_location().search.get_untracked()
}

/// The problem this page's query names, if any.
pub fn problem() -> Option<Problem> {
    paths::query_value(&search(), PROBLEM_PARAM).and_then(|key| Problem::from_key(&key))
}

/// The alert for the problem this page's query names: focused, since it is the location's
/// fragment, and read out.
#[component]
pub fn ProblemNotice() -> impl IntoView {
    let locale = page_locale().locale;
    problem().map(|p| {
        view! {
            <p id=PROBLEM_ANCHOR class="notice notice--error" role="alert" tabindex="-1">
                {p.message(locale)}
            </p>
        }
    })
}

/// The sign-in or sign-up form and what goes around it.
#[component]
fn CredentialsPage(action: AccountAction) -> impl IntoView {
    let page = page_locale();
    let locale = page.locale;
    let m = locale.messages();
    let t = &m.accounts;
    let signing_up = action == AccountAction::SignUp;
    let (heading, button, url, other_question, other_label, other_path) = if signing_up {
        let url = SignUp::url();
        (
            t.sign_up_heading,
            t.sign_up,
            url,
            t.have_account,
            t.sign_in,
            paths::SIGN_IN,
        )
    } else {
        let url = SignIn::url();
        (
            t.sign_in_heading,
            t.sign_in,
            url,
            t.no_account,
            t.sign_up,
            paths::SIGN_UP,
        )
    };
    // Where a successful sign-in goes: the page that sent the person here, or the account
    // settings, in this page's language.
    let going = after_sign_in(
        paths::query_value(&search(), RETURN_TO)
            .and_then(|r| normalize(&r).ok())
            .as_deref(),
        page.link(paths::SETTINGS),
    );
    #[cfg(feature = "ssr")]
    let csrf = crate::server::sessions::csrf_field_for_page();
    #[cfg(not(feature = "ssr"))]
    let csrf = String::new();
    let cookies_used = pieces(t.cookies_used)
        .into_iter()
        .map(|piece| match piece {
            Piece::Text(text) => text.into_any(),
            Piece::Hole("session") => view! { <code>"next-auth.session-token"</code> }.into_any(),
            Piece::Hole(_) => view! { <code>"next-auth.csrf-token"</code> }.into_any(),
        })
        .collect_view();
    let notices = if signing_up {
        view! { <SavedNotice what="deleted" text=t.deleted.to_string()/> }.into_any()
    } else {
        view! {
            <SavedNotice what="signed_out" text=t.signed_out.to_string()/>
            <SavedNotice what="signed_out_everywhere" text=t.signed_out_everywhere.to_string()/>
        }
        .into_any()
    };
    let (password_autocomplete, hint) = if signing_up {
        ("new-password", Some(t.password_hint))
    } else {
        ("current-password", None)
    };
    view! {
        <Title text=format!("{}{}", button, m.site.title_suffix)/>
        <div class="container prose account-page">
            <h1>{heading}</h1>
            {notices}
            <ProblemNotice/>
            <form class="account-form" method="post" action=url>
                <input type="hidden" name=RETURN_TO value=going/>
                <input type="hidden" name=CSRF_TOKEN value=csrf/>
                <label for="account-email">{t.email}</label>
                <input id="account-email" name=EMAIL type="email" autocomplete="email" required/>
                <label for="account-password">{t.password}</label>
                <input
                    id="account-password"
                    name=PASSWORD
                    type="password"
                    autocomplete=password_autocomplete
                    required
                    aria-describedby=hint.map(|_| "account-password-hint")
                />
                {hint.map(|h| view! { <p id="account-password-hint" class="field-hint">{h}</p> })}
                <button type="submit" class="btn btn--primary">{button}</button>
            </form>
            <p class="account-cookies">{cookies_used}</p>
            <p>{other_question}" "<a href=page.link(other_path)>{other_label}</a></p>
        </div>
    }
}
