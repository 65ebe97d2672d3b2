//! Password hashes (server only): Argon2id with the parameters of OWASP's password storage
//! cheat sheet ("Argon2id", m=19 MiB, t=2, p=1), a random salt per password, stored in the PHC
//! string format. Hashing takes tens of milliseconds of CPU, so it runs off the async runtime
//! (`spawn_blocking`), at most [`Passwords::max_concurrent`] at a time: a flood of sign-ins
//! waits for a permit instead of starving page rendering, and gives up after
//! [`PERMIT_WAIT`].

use std::sync::{Arc, OnceLock};
use std::time::Duration;

use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use argon2::{Algorithm, Argon2, Params, Version};
use tokio::sync::Semaphore;

/// Memory cost in KiB: 19 MiB (OWASP password storage cheat sheet, Argon2id, first option).
pub const MEMORY_KIB: u32 = 19 * 1024;
/// Iterations.
pub const ITERATIONS: u32 = 2;
/// Lanes.
pub const PARALLELISM: u32 = 1;
/// How long a sign-in waits for a hashing permit before it answers 503.
pub const PERMIT_WAIT: Duration = Duration::from_secs(10);

/// Why a password could not be hashed or checked. Either way nothing was written.
#[derive(Debug, thiserror::Error)]
pub enum PasswordError {
    /// Every permit stayed busy for [`PERMIT_WAIT`]: the server is flooded.
    #[error("too many passwords are being checked at once")]
    Busy,
    /// The hashing task failed (a bug or a panic in it).
    #[error("the password could not be hashed: {0}")]
    Failed(String),
}

/// The hasher every request shares: cheap to clone.
#[derive(Clone, Debug)]
pub struct Passwords {
    permits: Arc<Semaphore>,
    /// A hash of a random password, checked when the e-mail address has no account, so an
    /// unknown address costs what a wrong password costs. Made at its first use.
    decoy: Arc<OnceLock<String>>,
    max_concurrent: usize,
}

fn argon2() -> Argon2<'static> {
    let params = Params::new(MEMORY_KIB, ITERATIONS, PARALLELISM, None)
        .expect("OWASP's Argon2id parameters are valid");
    Argon2::new(Algorithm::Argon2id, Version::V0x13, params)
}

fn salt() -> Result<SaltString, PasswordError> {
    let mut bytes = [0u8; 16];
    getrandom::fill(&mut bytes).map_err(|e| PasswordError::Failed(e.to_string()))?;
    SaltString::encode_b64(&bytes).map_err(|e| PasswordError::Failed(e.to_string()))
}

fn hash_now(password: &str) -> Result<String, PasswordError> {
    argon2()
        .hash_password(password.as_bytes(), &salt()?)
        .map(|h| h.to_string())
        .map_err(|e| PasswordError::Failed(e.to_string()))
}

/// Whether `password` matches `phc`; a malformed hash matches nothing.
fn verify_now(password: &str, phc: &str) -> bool {
    PasswordHash::new(phc).is_ok_and(|h| argon2().verify_password(password.as_bytes(), &h).is_ok())
}

/// The decoy: a hash of 24 random bytes, with the parameters every account gets.
fn make_decoy() -> String {
    let mut random = [0u8; 24];
    let _ = getrandom::fill(&mut random);
    hash_now(&format!("{random:?}")).unwrap_or_else(|_| {
        // Without a random salt the decoy still costs a full check; it never matches.
        "$argon2id$v=19$m=19456,t=2,p=1$ZGVjb3lkZWNveQ$ZGVjb3lkZWNveWRlY295ZGVjb3lkZWNveQ".into()
    })
}

impl Passwords {
    /// A hasher that runs at most `max_concurrent` hashes at once (at least one).
    pub fn new(max_concurrent: usize) -> Passwords {
        let max_concurrent = max_concurrent.max(1);
        Passwords {
            permits: Arc::new(Semaphore::new(max_concurrent)),
            decoy: Arc::new(OnceLock::new()),
            max_concurrent,
        }
    }

    /// A hasher that runs at most one hash per CPU core at a time.
    pub fn per_core() -> Passwords {
        Passwords::new(std::thread::available_parallelism().map_or(1, |n| n.get()))
    }

    /// Makes the decoy now, off the runtime, so that the first sign-in with an unknown
    /// address does not pay for it (call at start).
    pub async fn warm(&self) {
        let decoy = Arc::clone(&self.decoy);
        let _ = tokio::task::spawn_blocking(move || {
            decoy.get_or_init(make_decoy);
        })
        .await;
    }

    /// How many hashes may run at once.
    pub fn max_concurrent(&self) -> usize {
        self.max_concurrent
    }

    async fn run<T: Send + 'static>(
        &self,
        job: impl FnOnce() -> T + Send + 'static,
    ) -> Result<T, PasswordError> {
        let permit = tokio::time::timeout(PERMIT_WAIT, Arc::clone(&self.permits).acquire_owned())
            .await
            .map_err(|_| PasswordError::Busy)?
            .map_err(|_| PasswordError::Busy)?;
        tokio::task::spawn_blocking(move || {
            let out = job();
            drop(permit);
            out
        })
        .await
        .map_err(|e| PasswordError::Failed(e.to_string()))
    }

    /// The PHC string of a new hash of `password`, with a fresh salt.
    pub async fn hash(&self, password: String) -> Result<String, PasswordError> {
        self.run(move || hash_now(&password)).await?
    }

    /// Whether `password` matches `stored`, the account's hash; with `None` (no such
    /// account) it checks the decoy instead, taking as long, and answers `false`.
    pub async fn verify(
        &self,
        password: String,
        stored: Option<String>,
    ) -> Result<bool, PasswordError> {
        let decoy = Arc::clone(&self.decoy);
        self.run(move || match stored {
            Some(phc) => verify_now(&password, &phc),
            None => {
                let _ = verify_now(&password, decoy.get_or_init(make_decoy));
                false
            }
        })
        .await
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn hashes_with_owasps_argon2id_parameters_and_verifies() {
        let passwords = Passwords::new(2);
        let hash = passwords.hash("correct horse".into()).await.unwrap();
        assert!(
            hash.starts_with("$argon2id$v=19$m=19456,t=2,p=1$"),
            "{hash}"
        );
        let again = passwords.hash("correct horse".into()).await.unwrap();
        assert_ne!(hash, again, "a fresh salt each time");
        assert!(passwords
            .verify("correct horse".into(), Some(hash.clone()))
            .await
            .unwrap());
        assert!(!passwords
            .verify("correct horse ".into(), Some(hash))
            .await
            .unwrap());
        assert!(!passwords
            .verify("correct horse".into(), None)
            .await
            .unwrap());
        assert!(!passwords
            .verify("x".into(), Some("not a hash".into()))
            .await
            .unwrap());
    }

    #[tokio::test]
    async fn an_unknown_account_checks_a_decoy_with_the_same_cost() {
        // The cost of a check is set by the stored hash's parameters: the decoy's are the
        // ones every account gets, so an unknown address runs one full Argon2id check too.
        // (Timings are printed by `make bench`, never asserted here.)
        let passwords = Passwords::new(1);
        let real = passwords.hash("correct horse".into()).await.unwrap();
        let params = |phc: &str| phc.rsplitn(3, '$').nth(2).unwrap().to_string();
        assert!(!passwords.verify("x".into(), None).await.unwrap());
        let decoy = passwords.decoy.get().expect("made at its first use");
        assert_eq!(params(decoy), params(&real));
        assert!(PasswordHash::new(decoy).is_ok());
    }
}
