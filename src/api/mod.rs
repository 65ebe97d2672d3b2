//! The server functions: the only way consent, personalization and accounts are written.
//!
//! Each one is a form post that works with JavaScript off (303 back to the page) and on
//! (called with `fetch` by the consent island, which updates in place). Its body sits beside
//! its declaration; server-only helpers sit in an `ssr` child module, or in the server-only
//! [`post`] (what every post shares), [`receipt`] (the visitor's consent receipt),
//! [`consent_state`] (the consent in force, for pages shown again from history),
//! [`log_keys`] (the log's public keys), [`gpc`] (the Global Privacy Control declaration),
//! beside
//! [`answer`] (how every post ends: [`ApiError`], and on the server the status, a refusal page
//! or JSON, the 303's link).
//! Fields arrive as a map and are typed in each function's first line by the domain's parser,
//! which refuses any field it did not ask for (see `docs/architecture.md`).
//!
//! `api` uses [`crate::server`], [`crate::documents`] and the domain; nothing below it uses
//! `api`.

pub mod accounts;
pub mod answer;
pub mod consent;
#[cfg(feature = "ssr")]
pub mod consent_state;
#[cfg(feature = "ssr")]
pub mod gpc;
#[cfg(feature = "ssr")]
pub mod log_keys;
pub mod personalization;
#[cfg(feature = "ssr")]
pub mod post;
#[cfg(feature = "ssr")]
pub mod receipt;

pub use accounts::{
    delete_account, sign_in, sign_out, sign_out_everywhere, sign_up, AccountDone, DeleteAccount,
    SignIn, SignOut, SignOutEverywhere, SignUp,
};
pub use answer::ApiError;
pub use consent::{
    accept_all, adopt_device_choices, keep_previous_choices, reject_all, save_choices, AcceptAll,
    AdoptDeviceChoices, ConsentSaved, KeepPreviousChoices, RejectAll, SaveChoices,
};
pub use personalization::{
    remember_personalization, set_personalization, RememberPersonalization, SetPersonalization,
};
