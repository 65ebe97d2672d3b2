//! The account forms' fields, parsed strictly like the consent forms: a field the form does
//! not have is refused ([`FormError::UnknownField`]), and a required one that is missing too.

use std::collections::BTreeMap;

use crate::consent::form::RETURN_TO;
use crate::consent::return_to::normalize as normalize_return_to;
use crate::consent::FormError;
use crate::i18n::Locale;

/// The query parameter an account form comes back with when it was not accepted, naming the
/// [`Problem`]; the page shows the problem's message in the element with the id
/// [`PROBLEM_ANCHOR`], the location's fragment.
pub const PROBLEM_PARAM: &str = "problem";
/// See [`PROBLEM_PARAM`].
pub const PROBLEM_ANCHOR: &str = "problem";

/// Where a successful sign-in goes: the form's `return_to`, unless it is itself a sign-in or
/// sign-up page (in any language), then `fallback` (the account settings).
pub fn after_sign_in(return_to: Option<&str>, fallback: String) -> String {
    return_to
        .filter(|r| {
            let path = r.split(['?', '#']).next().unwrap_or("");
            let path = Locale::split_prefix(path).map_or(path, |(_, rest)| rest);
            ![crate::paths::SIGN_IN, crate::paths::SIGN_UP].contains(&path)
        })
        .map_or(fallback, str::to_owned)
}

/// Why an account form was not accepted, as the person may be told. Sign-in has one answer
/// for an unknown address and a wrong password ([`Problem::Failed`]), so it never says which
/// addresses have an account (OWASP authentication cheat sheet, "Authentication and error
/// messages").
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
pub enum Problem {
    /// Sign-in: the address and password do not match an account.
    Failed,
    /// The browser sent no `next-auth.csrf-token` back: it refuses cookies.
    CookiesNeeded,
    /// The CSRF field does not match the cookie: a stale or forged form.
    FormExpired,
    /// Sign-up: not an e-mail address.
    BadEmail,
    /// Sign-up: fewer than 8 characters.
    PasswordTooShort,
    /// Sign-up: more than 256 characters.
    PasswordTooLong,
    /// Sign-up: the address has an account.
    EmailTaken,
    /// Deleting the account: not its password.
    WrongPassword,
    /// The account database is off or cannot answer.
    Unavailable,
}

impl Problem {
    /// Every problem.
    pub const ALL: [Problem; 9] = [
        Problem::Failed,
        Problem::CookiesNeeded,
        Problem::FormExpired,
        Problem::BadEmail,
        Problem::PasswordTooShort,
        Problem::PasswordTooLong,
        Problem::EmailTaken,
        Problem::WrongPassword,
        Problem::Unavailable,
    ];

    /// The value of [`PROBLEM_PARAM`]: `failed`, `cookies`, `expired`, `email`,
    /// `password_short`, `password_long`, `taken`, `wrong_password` or `unavailable`.
    pub const fn key(self) -> &'static str {
        match self {
            Problem::Failed => "failed",
            Problem::CookiesNeeded => "cookies",
            Problem::FormExpired => "expired",
            Problem::BadEmail => "email",
            Problem::PasswordTooShort => "password_short",
            Problem::PasswordTooLong => "password_long",
            Problem::EmailTaken => "taken",
            Problem::WrongPassword => "wrong_password",
            Problem::Unavailable => "unavailable",
        }
    }

    /// The problem whose [`key`](Self::key) is `key`.
    pub fn from_key(key: &str) -> Option<Problem> {
        Problem::ALL.into_iter().find(|p| p.key() == key)
    }

    /// What the person is told, in `locale`.
    pub fn message(self, locale: Locale) -> &'static str {
        let t = &locale.messages().accounts;
        match self {
            Problem::Failed => t.failed,
            Problem::CookiesNeeded => t.cookies_needed,
            Problem::FormExpired => t.form_expired,
            Problem::BadEmail => t.bad_email,
            Problem::PasswordTooShort => t.password_too_short,
            Problem::PasswordTooLong => t.password_too_long,
            Problem::EmailTaken => t.email_taken,
            Problem::WrongPassword => t.wrong_password,
            Problem::Unavailable => t.unavailable,
        }
    }
}

impl From<super::CredentialError> for Problem {
    fn from(e: super::CredentialError) -> Problem {
        match e {
            super::CredentialError::Email => Problem::BadEmail,
            super::CredentialError::PasswordTooShort => Problem::PasswordTooShort,
            super::CredentialError::PasswordTooLong => Problem::PasswordTooLong,
        }
    }
}

/// The e-mail address field.
pub const EMAIL: &str = "email";
/// The password field (a new one on sign-up; the current one to sign in or delete).
pub const PASSWORD: &str = "password";
/// The sign-in forms' hidden field that must match `next-auth.csrf-token` (login CSRF).
pub const CSRF_TOKEN: &str = "csrf_token";

/// What an account form asks for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum AccountAction {
    /// `/sign-up`: e-mail, new password, CSRF token.
    SignUp,
    /// `/sign-in`: e-mail, password, CSRF token.
    SignIn,
    /// Sign out this browser.
    SignOut,
    /// Sign out on every device: ends all of the account's sessions.
    SignOutEverywhere,
    /// Delete the account: asks for the password.
    DeleteAccount,
}

impl AccountAction {
    /// The fields the action's form has, besides the optional `return_to`; every one is
    /// required.
    pub const fn fields(self) -> &'static [&'static str] {
        match self {
            AccountAction::SignUp | AccountAction::SignIn => &[EMAIL, PASSWORD, CSRF_TOKEN],
            AccountAction::SignOut | AccountAction::SignOutEverywhere => &[],
            AccountAction::DeleteAccount => &[PASSWORD],
        }
    }
}

/// A parsed account form. Its `Debug` never shows the password or the token.
#[derive(Clone, PartialEq, Eq, Default)]
pub struct AccountForm {
    /// The e-mail address as typed (not yet checked: see
    /// [`Email::parse`](super::Email::parse)), or empty.
    pub email: String,
    /// The password as typed, never trimmed, or empty.
    pub password: String,
    /// The CSRF field, or empty.
    pub csrf_token: String,
    /// Where a plain form post goes back to, normalised like the consent forms'; `None`
    /// when the form did not say.
    pub return_to: Option<String>,
}

impl std::fmt::Debug for AccountForm {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("AccountForm")
            .field("email", &"<redacted>")
            .field("password", &"<redacted>")
            .field("return_to", &self.return_to)
            .finish()
    }
}

impl AccountForm {
    /// Parses the fields posted for `action`. Returns `Err(FormError::UnknownField)` for a
    /// field the action's form does not have, `Err(FormError::Missing)` for a required field
    /// that is absent, and `Err(FormError::BadReturnTo)` for a `return_to` that leaves the
    /// site.
    pub fn parse(
        action: AccountAction,
        fields: &BTreeMap<String, String>,
    ) -> Result<AccountForm, FormError> {
        let mut form = AccountForm::default();
        for (name, value) in fields {
            match name.as_str() {
                RETURN_TO => {
                    form.return_to =
                        Some(normalize_return_to(value).map_err(|_| FormError::BadReturnTo)?);
                }
                n if action.fields().contains(&n) => {
                    let slot = match n {
                        EMAIL => &mut form.email,
                        PASSWORD => &mut form.password,
                        _ => &mut form.csrf_token,
                    };
                    slot.clone_from(value);
                }
                _ => return Err(FormError::UnknownField(name.clone())),
            }
        }
        if let Some(missing) = action.fields().iter().find(|f| !fields.contains_key(**f)) {
            return Err(FormError::Missing(missing));
        }
        Ok(form)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fields(pairs: &[(&str, &str)]) -> BTreeMap<String, String> {
        pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect()
    }

    #[test]
    fn problems_round_trip_their_keys_and_have_a_message_in_every_language() {
        for p in Problem::ALL {
            assert_eq!(Problem::from_key(p.key()), Some(p));
            for locale in Locale::ALL {
                assert!(!p.message(locale).is_empty());
            }
        }
        assert_eq!(Problem::from_key("other"), None);
    }

    #[test]
    fn a_sign_in_never_goes_back_to_a_sign_in_page() {
        let settings = || "/de/settings".to_string();
        assert_eq!(
            after_sign_in(Some("/cookie-policy?x=1"), settings()),
            "/cookie-policy?x=1"
        );
        for page in [
            "/sign-in",
            "/de/sign-up?problem=taken#problem",
            "/fr/sign-in",
        ] {
            assert_eq!(
                after_sign_in(Some(page), settings()),
                "/de/settings",
                "{page}"
            );
        }
        assert_eq!(after_sign_in(None, settings()), "/de/settings");
    }

    #[test]
    fn sign_in_takes_email_password_and_token() {
        let f = AccountForm::parse(
            AccountAction::SignIn,
            &fields(&[
                ("email", " Ana@Example.com "),
                ("password", " pass word "),
                ("csrf_token", "abc"),
                ("return_to", "/de/settings"),
            ]),
        )
        .unwrap();
        assert_eq!(f.email, " Ana@Example.com ", "checked later, as typed");
        assert_eq!(f.password, " pass word ", "never trimmed");
        assert_eq!(f.csrf_token, "abc");
        assert_eq!(f.return_to.as_deref(), Some("/de/settings"));
        assert!(!format!("{f:?}").contains("pass word"));
    }

    #[test]
    fn unknown_missing_and_foreign_fields_are_refused() {
        let sign_in =
            |pairs: &[(&str, &str)]| AccountForm::parse(AccountAction::SignIn, &fields(pairs));
        assert_eq!(
            sign_in(&[
                ("email", "a@b.c"),
                ("password", "x"),
                ("csrf_token", "t"),
                ("admin", "1")
            ]),
            Err(FormError::UnknownField("admin".into()))
        );
        assert_eq!(
            sign_in(&[("email", "a@b.c"), ("password", "x")]),
            Err(FormError::Missing(CSRF_TOKEN))
        );
        assert_eq!(
            sign_in(&[
                ("email", "a@b.c"),
                ("password", "x"),
                ("csrf_token", "t"),
                ("return_to", "//evil.example")
            ]),
            Err(FormError::BadReturnTo)
        );
        assert_eq!(
            AccountForm::parse(AccountAction::SignOut, &fields(&[("password", "x")])),
            Err(FormError::UnknownField("password".into()))
        );
        assert_eq!(
            AccountForm::parse(AccountAction::DeleteAccount, &fields(&[])),
            Err(FormError::Missing(PASSWORD))
        );
        assert_eq!(
            AccountForm::parse(AccountAction::SignOutEverywhere, &fields(&[])),
            Ok(AccountForm::default())
        );
    }
}
