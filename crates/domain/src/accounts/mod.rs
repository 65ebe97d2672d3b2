//! Accounts, as the policy's "account settings" need them: what an account is made of
//! ([`credentials`]: the e-mail address and NIST SP 800-63B's password rules), the account
//! forms' fields ([`form`]), and whose
//! consent decision governs a request once a person may be signed in ([`scope`]: CNIL
//! délibération 2025-131 and CCPA regulations §7025(c)).
//!
//! Plain Rust like [`crate::consent`], which it builds on. Password hashing, sessions and
//! storage are the server's and the log's.

pub mod credentials;
pub mod form;
pub mod scope;

pub use credentials::{check_new_password, CredentialError, Email, SignedInAs};
pub use form::{after_sign_in, AccountAction, AccountForm, Problem};
pub use scope::{
    account_choices, account_decision, governing, gpc_opt_out, AccountConsent, Governing, Scope,
};
