//! What an account is made of before it is stored: an e-mail address, normalised once, and a
//! password checked against NIST SP 800-63B §5.1.1.2 (memorized secrets): at least 8
//! characters, at least 64 allowed, any characters, no composition rules.

use std::fmt;

/// The fewest characters a password may have (NIST SP 800-63B §5.1.1.2: "at least 8").
pub const MIN_PASSWORD_CHARS: usize = 8;
/// The most characters a password may have: NIST asks that at least 64 be allowed; 256 keeps
/// the hashing cost of a hostile request bounded.
pub const MAX_PASSWORD_CHARS: usize = 256;
/// The longest e-mail address accepted, in bytes (RFC 5321 §4.5.3.1.3, a path of 256 octets
/// with its angle brackets).
pub const MAX_EMAIL_BYTES: usize = 254;

/// Why an e-mail address or a password was refused. The `Display` text is English; pages show
/// their own sentence for each variant.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum CredentialError {
    /// The e-mail address is not `local@domain`, is longer than [`MAX_EMAIL_BYTES`], or holds
    /// a space or a control character.
    #[error("enter an e-mail address such as name@example.com")]
    Email,
    /// Fewer than [`MIN_PASSWORD_CHARS`] characters.
    #[error("the password needs at least 8 characters")]
    PasswordTooShort,
    /// More than [`MAX_PASSWORD_CHARS`] characters.
    #[error("the password may have at most 256 characters")]
    PasswordTooLong,
}

/// An e-mail address as an account's name: trimmed and lower-cased (ASCII), so that
/// `Ana@Example.com` and `ana@example.com` are one account. Nothing else is changed: no
/// dots or `+tags` are removed.
#[derive(Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Email(String);

impl Email {
    /// Reads what a person typed. Returns `Err(CredentialError::Email)` unless, once trimmed,
    /// it is at most [`MAX_EMAIL_BYTES`] bytes with exactly one `@` between a non-empty local
    /// part (at most 64 bytes) and a domain with a dot that neither starts nor ends it, and
    /// holds no whitespace, control character or angle bracket.
    pub fn parse(typed: &str) -> Result<Email, CredentialError> {
        let email = typed.trim();
        let bad = |c: char| c.is_whitespace() || c.is_control() || matches!(c, '<' | '>');
        let (local, domain) = email.split_once('@').ok_or(CredentialError::Email)?;
        let valid = email.len() <= MAX_EMAIL_BYTES
            && !email.chars().any(bad)
            && !local.is_empty()
            && local.len() <= 64
            && !domain.contains('@')
            && domain.contains('.')
            && !domain.starts_with('.')
            && !domain.ends_with('.');
        if valid {
            Ok(Email(email.to_ascii_lowercase()))
        } else {
            Err(CredentialError::Email)
        }
    }

    /// The address, normalised.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for Email {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// Never printed whole in logs: the domain only.
impl fmt::Debug for Email {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let domain = self.0.split_once('@').map_or("", |(_, d)| d);
        write!(f, "Email(…@{domain})")
    }
}

/// Who a page's request is signed in as, for the views: the account's e-mail address
/// (normalised). Pages read it from their context; absent means signed out.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SignedInAs {
    /// The account's e-mail address.
    pub email: String,
}

/// Checks a new password: between [`MIN_PASSWORD_CHARS`] and [`MAX_PASSWORD_CHARS`] Unicode
/// characters (each code point counts as one, NIST SP 800-63B §5.1.1.2), spaces and any
/// script allowed, no rule about which kinds of characters it mixes. It is never trimmed.
///
/// Returns `Err(CredentialError::PasswordTooShort)` or `Err(CredentialError::PasswordTooLong)`.
pub fn check_new_password(password: &str) -> Result<(), CredentialError> {
    let chars = password.chars().count();
    if chars < MIN_PASSWORD_CHARS {
        Err(CredentialError::PasswordTooShort)
    } else if chars > MAX_PASSWORD_CHARS {
        Err(CredentialError::PasswordTooLong)
    } else {
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn emails_are_trimmed_and_lower_cased_and_nothing_else() {
        let e = Email::parse("  Ana.Silva+work@Example.COM ").unwrap();
        assert_eq!(e.as_str(), "ana.silva+work@example.com");
        assert_eq!(format!("{e:?}"), "Email(…@example.com)");
    }

    #[test]
    fn malformed_emails_are_refused() {
        for bad in [
            "",
            "ana",
            "@example.com",
            "ana@",
            "ana@example",
            "ana@.example.com",
            "ana@example.com.",
            "ana@@example.com",
            "a na@example.com",
            "ana@exa\tmple.com",
            "<ana@example.com>",
            "ana@exa\u{0}mple.com",
        ] {
            assert_eq!(Email::parse(bad), Err(CredentialError::Email), "{bad:?}");
        }
        let long_local = format!("{}@example.com", "a".repeat(65));
        assert!(Email::parse(&long_local).is_err());
        let long = format!("a@{}.com", "b".repeat(260));
        assert!(Email::parse(&long).is_err());
    }

    #[test]
    fn passwords_follow_nist_length_rules_only() {
        assert_eq!(
            check_new_password("1234567"),
            Err(CredentialError::PasswordTooShort)
        );
        assert_eq!(check_new_password("12345678"), Ok(()));
        // Spaces, any script, no composition rules; code points, not bytes, are counted.
        assert_eq!(check_new_password("correct horse"), Ok(()));
        assert_eq!(
            check_new_password("ééééééé"),
            Err(CredentialError::PasswordTooShort)
        );
        assert_eq!(check_new_password("密码密码密码密码"), Ok(()));
        assert_eq!(check_new_password(&"x".repeat(64)), Ok(()));
        assert_eq!(check_new_password(&"x".repeat(256)), Ok(()));
        assert_eq!(
            check_new_password(&"x".repeat(257)),
            Err(CredentialError::PasswordTooLong)
        );
    }

    proptest! {
        #[test]
        fn a_parsed_email_parses_to_itself(typed in "\\PC{0,80}") {
            if let Ok(e) = Email::parse(&typed) {
                prop_assert_eq!(Email::parse(e.as_str()), Ok(e.clone()));
                prop_assert!(e.as_str().len() <= MAX_EMAIL_BYTES);
            }
        }

        #[test]
        fn any_password_of_8_to_256_characters_is_accepted(p in "\\PC{8,256}") {
            prop_assert_eq!(check_new_password(&p), Ok(()));
        }
    }
}
