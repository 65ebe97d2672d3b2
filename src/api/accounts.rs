//! The account server functions, posted to `/api/account/…`: sign up, sign in, sign out,
//! sign out on every device, and delete the account. Each is a plain form post: without
//! JavaScript it answers 303, to where the person was going, or back to its form with a
//! `?problem=` when the form was not accepted (too many failed sign-ins answer 429 with
//! `Retry-After` instead). A `fetch` gets JSON, and the problem as an error with its status.

use std::collections::BTreeMap;

use leptos::prelude::*;
use serde::{Deserialize, Serialize};

use super::ApiError;
#[cfg(feature = "ssr")]
use crate::accounts::AccountAction;

/// What an account post answers a `fetch` with.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AccountDone {
    /// Whether the browser is signed in after the post.
    pub signed_in: bool,
}

/// Creates an account (e-mail, password, CSRF field) and signs this browser in.
#[server(prefix = "/api", endpoint = "account/sign-up")]
pub async fn sign_up(
    #[server(flatten)] fields: BTreeMap<String, String>,
) -> Result<AccountDone, ApiError> {
    ssr::sign_up_or_in(AccountAction::SignUp, &fields).await
}

/// Signs this browser in (e-mail, password, CSRF field), with a new session token.
#[server(prefix = "/api", endpoint = "account/sign-in")]
pub async fn sign_in(
    #[server(flatten)] fields: BTreeMap<String, String>,
) -> Result<AccountDone, ApiError> {
    ssr::sign_up_or_in(AccountAction::SignIn, &fields).await
}

/// Signs this browser out: its session ends on the server and its cookie is removed.
#[server(prefix = "/api", endpoint = "account/sign-out")]
pub async fn sign_out(
    #[server(flatten)] fields: BTreeMap<String, String>,
) -> Result<AccountDone, ApiError> {
    ssr::sign_out(AccountAction::SignOut, &fields).await
}

/// Ends every session of the signed-in account, this browser's included.
#[server(prefix = "/api", endpoint = "account/sign-out-everywhere")]
pub async fn sign_out_everywhere(
    #[server(flatten)] fields: BTreeMap<String, String>,
) -> Result<AccountDone, ApiError> {
    ssr::sign_out(AccountAction::SignOutEverywhere, &fields).await
}

/// Deletes the signed-in account, once its password is given: its e-mail address, password
/// hash and sessions. Its consent records stay, as proof.
#[server(prefix = "/api", endpoint = "account/delete")]
pub async fn delete_account(
    #[server(flatten)] fields: BTreeMap<String, String>,
) -> Result<AccountDone, ApiError> {
    ssr::delete_account(&fields).await
}

/// What the account functions share, on the server.
#[cfg(feature = "ssr")]
mod ssr {
    use std::collections::BTreeMap;

    use super::{AccountDone, ApiError};
    use crate::accounts::form::{PROBLEM_ANCHOR, PROBLEM_PARAM};
    use crate::accounts::{
        after_sign_in, check_new_password, AccountAction, AccountForm, Email, Problem,
    };
    use crate::api::post::Post;
    use crate::consent::form::RETURN_TO;
    use crate::consent::return_to::{with_location_param, with_marker};
    use crate::consent::Visitor;
    use crate::i18n::PageLocale;
    use crate::log::{now_ms, Store};
    use crate::paths::{self, SAVED_ANCHOR, SAVED_PARAM};
    use crate::server::passwords::PasswordError;
    use crate::server::sessions::{
        self, check_csrf, hex, new_token, session_ms, session_set_cookie, sha256_hex, CsrfCheck,
    };
    use crate::server::{request_context, sign_in_limits};

    /// The database could not answer: logged, and the person is told to try later.
    fn unavailable(e: impl std::fmt::Display) -> ApiError {
        tracing::error!("an account request could not reach the database: {e}");
        ApiError::Account(Problem::Unavailable)
    }

    fn hashing(e: PasswordError) -> ApiError {
        tracing::warn!("a password could not be checked: {e}");
        ApiError::Account(Problem::Unavailable)
    }

    /// A form that was not accepted: a plain form goes back to `path` (in the post's
    /// language) with `?problem=` and, for the sign-in forms, where it was going; `fetch`
    /// gets the problem as an error.
    fn back_with(
        post: &Post,
        page: PageLocale,
        path: &str,
        problem: Problem,
        going: Option<&str>,
    ) -> Result<AccountDone, ApiError> {
        let mut location = page.link(path);
        if let Some(going) = going {
            location = with_location_param(&location, RETURN_TO, going);
        }
        let location = with_marker(&location, PROBLEM_PARAM, problem.key(), PROBLEM_ANCHOR);
        match post.return_location(&location)? {
            Some(location) => {
                post.send_back(Some(location));
                Ok(AccountDone { signed_in: false })
            }
            None => Err(ApiError::Account(problem)),
        }
    }

    /// A plain form goes on to `location`; `fetch` gets `done`.
    fn go_to(post: &Post, location: &str, signed_in: bool) -> Result<AccountDone, ApiError> {
        post.send_back(post.return_location(location)?);
        Ok(AccountDone { signed_in })
    }

    /// `page`'s `path` with the confirmation `what` (`?saved=…#saved`).
    fn confirmed(page: PageLocale, path: &str, what: &str) -> String {
        with_marker(&page.link(path), SAVED_PARAM, what, SAVED_ANCHOR)
    }

    /// Starts a session for `account_id` with a new token (never the one the browser had:
    /// no session fixation), ending the browser's previous session, if any.
    async fn start_session(post: &Post, store: &Store, account_id: i64) -> Result<(), ApiError> {
        if let Some(previous) = sessions::session(&post.parts) {
            store
                .end_session(&previous.token_sha256)
                .await
                .map_err(unavailable)?;
        }
        let token = new_token().map_err(|e| ApiError::internal(format!("no random token: {e}")))?;
        let now = now_ms();
        store
            .start_session(account_id, &sha256_hex(&token), now, now + session_ms())
            .await
            .map_err(unavailable)?;
        post.set_cookie(&session_set_cookie(&token, &post.state.cookies))
    }

    /// The session has ended on this browser: the cookie goes, and the device is back to its
    /// own decision (CNIL rule 5), so the cookies of categories that only the account allowed
    /// are expired.
    fn signed_out_cookies(post: &Post) -> Result<(), ApiError> {
        let device = Visitor {
            signals: post.visitor.signals,
            decision: request_context::device_decision(&post.parts.headers, &post.state),
        };
        for line in sessions::signed_out_lines(&post.parts.headers, &post.state, device) {
            post.set_cookie(&line)?;
        }
        Ok(())
    }

    /// Admits one try under the sign-in limits: the account's key (for `account`, the address
    /// as typed) and the client's. A key at its limit is a 429 with `Retry-After`.
    async fn admit(
        post: &Post,
        store: &Store,
        account: Option<&str>,
    ) -> Result<sign_in_limits::Attempt, ApiError> {
        let mut keys: Vec<String> = account
            .map(|email| sign_in_limits::account_key(email, &post.state))
            .into_iter()
            .collect();
        keys.extend(sign_in_limits::client_key(&post.parts, &post.state));
        sign_in_limits::admit(store, keys, now_ms())
            .await
            .map_err(unavailable)?
            .map_err(ApiError::TooManyRequests)
    }

    /// A new pseudonymous subject reference: 128 random bits, 32 hex digits.
    fn new_subject() -> Result<String, ApiError> {
        let mut bytes = [0u8; 16];
        getrandom::fill(&mut bytes)
            .map_err(|e| ApiError::internal(format!("no random subject: {e}")))?;
        Ok(hex(&bytes))
    }

    /// Sign-up and sign-in: the CSRF double submit, then the credentials.
    pub async fn sign_up_or_in(
        action: AccountAction,
        fields: &BTreeMap<String, String>,
    ) -> Result<AccountDone, ApiError> {
        let post = Post::begin()?;
        let page = post.locale(fields.get(RETURN_TO).map_or("", String::as_str));
        let result = async {
            let form = AccountForm::parse(action, fields)?;
            let form_path = match action {
                AccountAction::SignUp => paths::SIGN_UP,
                _ => paths::SIGN_IN,
            };
            let going = after_sign_in(form.return_to.as_deref(), page.link(paths::SETTINGS));
            let back = |problem| back_with(&post, page, form_path, problem, Some(&going));
            match check_csrf(&post.parts.headers, &form.csrf_token, &post.state.cookies) {
                CsrfCheck::Valid => {}
                CsrfCheck::NoCookie => return back(Problem::CookiesNeeded),
                CsrfCheck::Mismatch => return back(Problem::FormExpired),
            }
            let Some(store) = post.state.log.store() else {
                return back(Problem::Unavailable);
            };
            // Counted before any password work (sign-up per client, sign-in per account and
            // client), forgiven once it succeeds.
            let signing_in = action == AccountAction::SignIn;
            let attempt = admit(&post, store, signing_in.then_some(form.email.as_str())).await?;
            let account_id = match action {
                AccountAction::SignUp => {
                    let email = match Email::parse(&form.email) {
                        Ok(email) => email,
                        Err(e) => return back(e.into()),
                    };
                    if let Err(e) = check_new_password(&form.password) {
                        return back(e.into());
                    }
                    let hash = post
                        .state
                        .passwords
                        .hash(form.password.clone())
                        .await
                        .map_err(hashing)?;
                    let created = store
                        .create_account(email.as_str(), &hash, &new_subject()?, now_ms())
                        .await
                        .map_err(unavailable)?;
                    match created {
                        Ok(id) => id,
                        Err(_) => return back(Problem::EmailTaken),
                    }
                }
                _ => {
                    // An address that is not one, or has no account, is checked against the
                    // decoy: the same answer, after the same work.
                    let account = match Email::parse(&form.email) {
                        Ok(email) => store
                            .account_by_email(email.as_str())
                            .await
                            .map_err(unavailable)?,
                        Err(_) => None,
                    };
                    let stored = account.as_ref().map(|a| a.password_hash.clone());
                    let matches = post
                        .state
                        .passwords
                        .verify(form.password.clone(), stored)
                        .await
                        .map_err(hashing)?;
                    match account.filter(|_| matches) {
                        Some(account) => account.id,
                        // The attempt stays counted as a failure.
                        None => return back(Problem::Failed),
                    }
                }
            };
            attempt
                .forgive(store, signing_in)
                .await
                .map_err(unavailable)?;
            start_session(&post, store, account_id).await?;
            go_to(&post, &going, true)
        }
        .await;
        post.finish(result)
    }

    /// Signing out this browser, or every device of the account.
    pub async fn sign_out(
        action: AccountAction,
        fields: &BTreeMap<String, String>,
    ) -> Result<AccountDone, ApiError> {
        let post = Post::begin()?;
        let page = post.locale(fields.get(RETURN_TO).map_or("", String::as_str));
        let result = async {
            AccountForm::parse(action, fields)?;
            let session = sessions::session(&post.parts);
            if let (Some(session), Some(store)) = (&session, post.state.log.store()) {
                match action {
                    AccountAction::SignOutEverywhere => {
                        store
                            .end_all_sessions(session.account.account_id)
                            .await
                            .map_err(unavailable)?;
                    }
                    _ => store
                        .end_session(&session.token_sha256)
                        .await
                        .map_err(unavailable)?,
                }
            }
            signed_out_cookies(&post)?;
            let what = match action {
                AccountAction::SignOutEverywhere => "signed_out_everywhere",
                _ => "signed_out",
            };
            go_to(&post, &confirmed(page, paths::SIGN_IN, what), false)
        }
        .await;
        post.finish(result)
    }

    /// Deleting the signed-in account, with its password.
    pub async fn delete_account(
        fields: &BTreeMap<String, String>,
    ) -> Result<AccountDone, ApiError> {
        let post = Post::begin()?;
        let page = post.locale(fields.get(RETURN_TO).map_or("", String::as_str));
        let result = async {
            let form = AccountForm::parse(AccountAction::DeleteAccount, fields)?;
            let (Some(session), Some(store)) =
                (sessions::session(&post.parts), post.state.log.store())
            else {
                return back_with(&post, page, paths::SIGN_IN, Problem::Failed, None);
            };
            let attempt = admit(&post, store, Some(&session.account.email)).await?;
            let account = store
                .account_by_id(session.account.account_id)
                .await
                .map_err(unavailable)?;
            let stored = account.map(|a| a.password_hash);
            let matches = post
                .state
                .passwords
                .verify(form.password.clone(), stored)
                .await
                .map_err(hashing)?;
            if !matches {
                return back_with(&post, page, paths::SETTINGS, Problem::WrongPassword, None);
            }
            // Nothing of the account stays: its failed sign-ins go with it.
            attempt.forgive(store, true).await.map_err(unavailable)?;
            store
                .delete_account(session.account.account_id)
                .await
                .map_err(unavailable)?;
            signed_out_cookies(&post)?;
            go_to(&post, &confirmed(page, paths::SIGN_UP, "deleted"), false)
        }
        .await;
        post.finish(result)
    }
}
