//! The server's keys: the one that signs `cookie-consent` (and the keys it replaced), and
//! the log's Ed25519 signing key.
//!
//! - The cookie key comes from `CONSENT_COOKIE_KEY` (base64, at least 64 bytes) when set.
//!   Otherwise the first start generates one and keeps it in the data directory, readable by
//!   the owner only, so restarts keep every consent valid.
//! - Previous cookie keys, from `CONSENT_COOKIE_PREVIOUS_KEYS` (comma-separated) and from the
//!   file `leadsgen-consent keys rotate` keeps, still verify cookies (which are then signed
//!   again with the current key); they never sign.
//! - The log's signing key comes from `LEADSGEN_LOG_SIGNING_KEY` (base64 of a 32-byte Ed25519
//!   seed), or is generated into the data directory the same way.
//!
//! There is never a key in the source.

use std::fs;
use std::io::{self, Write};
use std::path::{Path, PathBuf};

use base64::{engine::general_purpose::STANDARD, Engine};
use cookie::Key;

use crate::log::LogSigner;

/// The variable that holds the cookie key.
pub const KEY_VAR: &str = "CONSENT_COOKIE_KEY";
/// The key's file name inside the data directory.
pub const KEY_FILE: &str = "consent-cookie.key";
/// The previous cookie keys `keys rotate` keeps, one base64 key per line.
pub const PREVIOUS_KEYS_FILE: &str = "consent-cookie.previous-keys";
/// The log signing key's file name inside the data directory.
pub const LOG_KEY_FILE: &str = "consent-log-signing.key";
/// The shortest key we accept: what `cookie::Key` needs for signing and encryption.
pub const MIN_KEY_BYTES: usize = 64;
/// An Ed25519 seed's length.
pub const LOG_KEY_BYTES: usize = 32;
/// The file in the data directory that `keys rotate` locks while it runs (empty).
pub const ROTATE_LOCK_FILE: &str = "keys.lock";

/// Why no key could be had. The server refuses to start with any of these.
#[derive(Debug, thiserror::Error)]
pub enum KeyError {
    /// The configured or stored key is not valid base64.
    #[error("{0} is not valid base64")]
    NotBase64(&'static str),
    /// The key is shorter than [`MIN_KEY_BYTES`].
    #[error("{0} holds {1} bytes; at least {MIN_KEY_BYTES} are needed")]
    TooShort(&'static str, usize),
    /// The log signing key is not a 32-byte seed.
    #[error("{0} holds {1} bytes; an Ed25519 seed is exactly {LOG_KEY_BYTES}")]
    WrongLength(&'static str, usize),
    /// A previous key is the current key.
    #[error("{0} holds the current key: a previous key must be an older one (remove it)")]
    SameAsCurrent(&'static str),
    /// The key is configured in the environment, so `keys rotate` cannot change it: the
    /// message says what to do there instead.
    #[error("{0} is set: rotate that key where it is configured ({1})")]
    Configured(&'static str, &'static str),
    /// The data directory or key file could not be read or written.
    #[error("{}: {}", .0.display(), .1)]
    Io(PathBuf, #[source] io::Error),
    /// The operating system's random source failed.
    #[error("the system random source failed")]
    Random,
}

/// Loads the signing key: `configured` (the env value) when given, else the key file in
/// `data_dir`, created with fresh random bytes and mode 0600 when missing.
pub fn load_or_create(configured: Option<&str>, data_dir: &Path) -> Result<Key, KeyError> {
    if let Some(b64) = configured {
        return decode(b64, KEY_VAR);
    }
    let path = data_dir.join(KEY_FILE);
    match fs::read_to_string(&path) {
        Ok(text) => decode(&text, "the stored key file"),
        Err(e) if e.kind() == io::ErrorKind::NotFound => create(&path),
        Err(e) => Err(KeyError::Io(path, e)),
    }
}

/// Loads the key file in `data_dir` and never creates one: for commands that read what a
/// server wrote (a new key could not verify it). A missing file is [`KeyError::Io`].
pub fn load(data_dir: &Path) -> Result<Key, KeyError> {
    let path = data_dir.join(KEY_FILE);
    let text = fs::read_to_string(&path).map_err(|e| KeyError::Io(path, e))?;
    decode(&text, "the stored key file")
}

fn decode(b64: &str, from: &'static str) -> Result<Key, KeyError> {
    let bytes = STANDARD
        .decode(b64.trim())
        .map_err(|_| KeyError::NotBase64(from))?;
    if bytes.len() < MIN_KEY_BYTES {
        return Err(KeyError::TooShort(from, bytes.len()));
    }
    Ok(Key::from(&bytes))
}

fn create(path: &Path) -> Result<Key, KeyError> {
    create_secret(path, MIN_KEY_BYTES, "consent cookie key")
        .and_then(|text| decode(&text, "the stored key file"))
}

/// Writes `len` fresh random bytes, base64, to a new file at `path` (mode 0600), and returns
/// the text; when another process created the file first, returns theirs.
fn create_secret(path: &Path, len: usize, what: &str) -> Result<String, KeyError> {
    let mut bytes = vec![0u8; len];
    getrandom::fill(&mut bytes).map_err(|_| KeyError::Random)?;
    let io_err = |e| KeyError::Io(path.to_path_buf(), e);
    if let Some(dir) = path.parent() {
        fs::create_dir_all(dir).map_err(io_err)?;
    }
    let mut options = fs::OpenOptions::new();
    // create_new: two servers starting at once must not overwrite each other's key.
    options.write(true).create_new(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    match options.open(path) {
        Ok(mut file) => {
            let text = STANDARD.encode(bytes);
            file.write_all(text.as_bytes())
                .and_then(|()| file.sync_all())
                .map_err(io_err)?;
            tracing::info!("generated a new {what} in {}", path.display());
            Ok(text)
        }
        // Another process created it first: use theirs.
        Err(e) if e.kind() == io::ErrorKind::AlreadyExists => {
            fs::read_to_string(path).map_err(io_err)
        }
        Err(e) => Err(io_err(e)),
    }
}

/// The text of the file at `path`, or nothing when there is no such file.
fn read_or_empty(path: &Path) -> Result<String, KeyError> {
    match fs::read_to_string(path) {
        Ok(text) => Ok(text),
        Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(String::new()),
        Err(e) => Err(KeyError::Io(path.to_path_buf(), e)),
    }
}

/// Replaces the file at `path` with `text` (mode 0600) atomically: written beside it,
/// synced, then renamed over it, so a crash leaves the old file or the new one.
fn replace_secret(path: &Path, text: &str) -> Result<(), KeyError> {
    let io_err = |e| KeyError::Io(path.to_path_buf(), e);
    let mut temporary = path.as_os_str().to_owned();
    temporary.push(".new");
    let temporary = PathBuf::from(temporary);
    let mut options = fs::OpenOptions::new();
    options.write(true).create(true).truncate(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    let mut file = options.open(&temporary).map_err(io_err)?;
    file.write_all(text.as_bytes())
        .and_then(|()| file.sync_all())
        .map_err(io_err)?;
    fs::rename(&temporary, path).map_err(io_err)
}

/// An exclusive lock on the data directory's [`ROTATE_LOCK_FILE`], held until the file is
/// dropped: two `keys rotate` at once run one after the other, so each keeps the key the
/// other made (`File::lock`: `flock` on Unix; the server itself never takes it). Waits while
/// another rotation holds it.
///
/// Returns `Err(KeyError::Io)` when the lock file cannot be made or locked.
fn lock_rotation(data_dir: &Path) -> Result<fs::File, KeyError> {
    let path = data_dir.join(ROTATE_LOCK_FILE);
    let locked = fs::OpenOptions::new()
        .create(true)
        .truncate(false)
        .write(true)
        .open(&path)
        .and_then(|file| file.lock().map(|()| file));
    locked.map_err(|e| KeyError::Io(path, e))
}

/// The variable that holds previous cookie keys.
pub const PREVIOUS_KEYS_VAR: &str = "CONSENT_COOKIE_PREVIOUS_KEYS";

/// The previous cookie keys: those in `configured` (the `CONSENT_COOKIE_PREVIOUS_KEYS` value,
/// comma-separated base64) and those in the data directory's [`PREVIOUS_KEYS_FILE`], if any.
///
/// Returns `Err(KeyError::NotBase64)` or `Err(KeyError::TooShort)` for a malformed key, and
/// `Err(KeyError::SameAsCurrent)` for one equal to `current`; each names where it was.
pub fn previous_keys(
    configured: Option<&str>,
    data_dir: &Path,
    current: &Key,
) -> Result<Vec<Key>, KeyError> {
    let stored = read_or_empty(&data_dir.join(PREVIOUS_KEYS_FILE))?;
    let configured = configured
        .unwrap_or_default()
        .split(',')
        .map(|k| (k, PREVIOUS_KEYS_VAR));
    let stored = stored.lines().map(|k| (k, "the previous keys file"));
    configured
        .chain(stored)
        .filter(|(k, _)| !k.trim().is_empty())
        .map(|(k, from)| {
            let key = decode(k, from)?;
            if key.master() == current.master() {
                return Err(KeyError::SameAsCurrent(from));
            }
            Ok(key)
        })
        .collect()
}

/// `leadsgen-consent keys rotate`: a new cookie key in the data directory, the old one kept
/// as previous. A running server picks it up at its next start. Returns the number of
/// previous keys now kept.
///
/// Waits while another rotation runs in the same data directory ([`ROTATE_LOCK_FILE`]).
///
/// Returns `Err(KeyError::Configured)` when `CONSENT_COOKIE_KEY` is set (the key is not the
/// file's to change), `Err(KeyError::Io)` naming the key file when there is none yet (or
/// naming the file that could not be locked, read or written), and `Err(KeyError::Random)`
/// when the system's random source fails.
pub fn rotate_cookie_key(configured: bool, data_dir: &Path) -> Result<usize, KeyError> {
    if configured {
        return Err(KeyError::Configured(
            KEY_VAR,
            "set the new key, move the old one to CONSENT_COOKIE_PREVIOUS_KEYS, and restart",
        ));
    }
    let key_path = data_dir.join(KEY_FILE);
    // No key file, no rotation (and no lock file left behind in a directory without keys).
    fs::metadata(&key_path).map_err(|e| KeyError::Io(key_path.clone(), e))?;
    let _rotating = lock_rotation(data_dir)?;
    let old = fs::read_to_string(&key_path).map_err(|e| KeyError::Io(key_path.clone(), e))?;
    decode(&old, "the stored key file")?;
    let previous_path = data_dir.join(PREVIOUS_KEYS_FILE);
    let mut previous = read_or_empty(&previous_path)?;
    if !previous.is_empty() && !previous.ends_with('\n') {
        previous.push('\n');
    }
    previous.push_str(old.trim());
    previous.push('\n');
    let mut fresh = [0u8; MIN_KEY_BYTES];
    getrandom::fill(&mut fresh).map_err(|_| KeyError::Random)?;
    // The old key is kept before the new one replaces it: a crash between the two leaves the
    // old key current and also listed as previous, which the next start names.
    replace_secret(&previous_path, &previous)?;
    replace_secret(&key_path, &STANDARD.encode(fresh))?;
    Ok(previous.lines().count())
}

/// The variable that holds the log signing key.
pub const LOG_KEY_VAR: &str = "LEADSGEN_LOG_SIGNING_KEY";

/// The log's Ed25519 signing key: `configured` (the `LEADSGEN_LOG_SIGNING_KEY` value, base64
/// of a 32-byte seed) when given, else the data directory's [`LOG_KEY_FILE`], created when
/// missing if `create`. The server and the `log` commands create it (a new log key
/// invalidates nothing; its public key joins the published ones when it first signs).
///
/// Returns `Err(KeyError::NotBase64)` or `Err(KeyError::WrongLength)` naming the variable or
/// file, and `Err(KeyError::Io)` when the file cannot be read or made.
pub fn log_signer(
    configured: Option<&str>,
    data_dir: &Path,
    create: bool,
) -> Result<LogSigner, KeyError> {
    if let Some(b64) = configured {
        return decode_seed(b64, LOG_KEY_VAR);
    }
    let path = data_dir.join(LOG_KEY_FILE);
    match fs::read_to_string(&path) {
        Ok(text) => decode_seed(&text, "the stored log signing key file"),
        Err(e) if create && e.kind() == io::ErrorKind::NotFound => {
            let text = create_secret(&path, LOG_KEY_BYTES, "consent log signing key")?;
            decode_seed(&text, "the stored log signing key file")
        }
        Err(e) => Err(KeyError::Io(path, e)),
    }
}

/// `leadsgen-consent keys rotate --log`: a new log signing key in the data directory. The
/// old public key stays in the log's key table, so what it signed keeps verifying.
///
/// Waits while another rotation runs in the same data directory ([`ROTATE_LOCK_FILE`]).
///
/// Returns `Err(KeyError::Configured)` when `LEADSGEN_LOG_SIGNING_KEY` is set,
/// `Err(KeyError::Io)` naming the file that could not be locked or written, and
/// `Err(KeyError::Random)` when the system's random source fails.
pub fn rotate_log_key(configured: bool, data_dir: &Path) -> Result<LogSigner, KeyError> {
    if configured {
        return Err(KeyError::Configured(
            LOG_KEY_VAR,
            "set a new seed and restart; the old public key stays published",
        ));
    }
    let path = data_dir.join(LOG_KEY_FILE);
    let _rotating = lock_rotation(data_dir)?;
    let mut seed = [0u8; LOG_KEY_BYTES];
    getrandom::fill(&mut seed).map_err(|_| KeyError::Random)?;
    replace_secret(&path, &STANDARD.encode(seed))?;
    Ok(LogSigner::from_seed(seed))
}

fn decode_seed(b64: &str, from: &'static str) -> Result<LogSigner, KeyError> {
    let bytes = STANDARD
        .decode(b64.trim())
        .map_err(|_| KeyError::NotBase64(from))?;
    let seed: [u8; LOG_KEY_BYTES] = bytes
        .as_slice()
        .try_into()
        .map_err(|_| KeyError::WrongLength(from, bytes.len()))?;
    Ok(LogSigner::from_seed(seed))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn generates_once_and_keeps_the_key() {
        let dir = tempfile::tempdir().unwrap();
        let data = dir.path().join("nested/data");
        let first = load_or_create(None, &data).unwrap();
        let second = load_or_create(None, &data).unwrap();
        assert_eq!(first.master(), second.master());
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = fs::metadata(data.join(KEY_FILE))
                .unwrap()
                .permissions()
                .mode();
            assert_eq!(mode & 0o777, 0o600);
        }
    }

    #[test]
    fn prefers_the_configured_key() {
        let dir = tempfile::tempdir().unwrap();
        let b64 = STANDARD.encode([7u8; 64]);
        let key = load_or_create(Some(&b64), dir.path()).unwrap();
        assert_eq!(key.master(), Key::from(&[7u8; 64]).master());
        assert!(!dir.path().join(KEY_FILE).exists());
    }

    #[test]
    fn rotation_keeps_the_old_key_as_previous() {
        let dir = tempfile::tempdir().unwrap();
        let first = load_or_create(None, dir.path()).unwrap();
        assert_eq!(rotate_cookie_key(false, dir.path()).unwrap(), 1);
        let second = load(dir.path()).unwrap();
        assert_ne!(first.master(), second.master());
        let previous = previous_keys(None, dir.path(), &second).unwrap();
        assert_eq!(previous.len(), 1);
        assert_eq!(previous[0].master(), first.master());
        assert_eq!(rotate_cookie_key(false, dir.path()).unwrap(), 2);
        #[cfg(unix)]
        for file in [KEY_FILE, PREVIOUS_KEYS_FILE] {
            use std::os::unix::fs::PermissionsExt;
            let mode = fs::metadata(dir.path().join(file))
                .unwrap()
                .permissions()
                .mode();
            assert_eq!(mode & 0o777, 0o600, "{file}");
        }
        assert!(matches!(
            rotate_cookie_key(true, dir.path()),
            Err(KeyError::Configured("CONSENT_COOKIE_KEY", _))
        ));
    }

    /// Rotations at the same moment (two operators, or a script run twice) each keep the key
    /// they replaced: none is lost from the previous keys, so no cookie it signed is refused.
    #[test]
    fn rotations_at_once_each_keep_the_key_they_replaced() {
        let dir = tempfile::tempdir().unwrap();
        let first = load_or_create(None, dir.path()).unwrap();
        let start = std::sync::Barrier::new(8);
        std::thread::scope(|scope| {
            for _ in 0..8 {
                scope.spawn(|| {
                    start.wait();
                    rotate_cookie_key(false, dir.path()).unwrap();
                });
            }
        });
        let current = load(dir.path()).unwrap();
        let previous = previous_keys(None, dir.path(), &current).unwrap();
        let distinct: std::collections::HashSet<Vec<u8>> =
            previous.iter().map(|k| k.master().to_vec()).collect();
        assert_eq!(previous.len(), 8);
        assert_eq!(distinct.len(), 8, "a replaced key was lost");
        assert!(distinct.contains(first.master()));
    }

    #[test]
    fn refuses_previous_keys_that_are_malformed_short_or_current() {
        let dir = tempfile::tempdir().unwrap();
        let current = Key::from(&[1u8; 64]);
        let old = STANDARD.encode([2u8; 64]);
        let keys = previous_keys(Some(&format!("{old}, ")), dir.path(), &current).unwrap();
        assert_eq!(keys.len(), 1);
        let same = STANDARD.encode([1u8; 64]);
        let err = previous_keys(Some(&format!("{old},{same}")), dir.path(), &current).unwrap_err();
        assert!(
            err.to_string().contains("CONSENT_COOKIE_PREVIOUS_KEYS"),
            "{err}"
        );
        assert!(matches!(err, KeyError::SameAsCurrent(_)));
        let short = STANDARD.encode([2u8; 16]);
        assert!(matches!(
            previous_keys(Some(&short), dir.path(), &current),
            Err(KeyError::TooShort("CONSENT_COOKIE_PREVIOUS_KEYS", 16))
        ));
        assert!(matches!(
            previous_keys(Some("not base64!"), dir.path(), &current),
            Err(KeyError::NotBase64("CONSENT_COOKIE_PREVIOUS_KEYS"))
        ));
    }

    #[test]
    fn the_log_key_is_generated_once_and_rotates() {
        let dir = tempfile::tempdir().unwrap();
        assert!(matches!(
            log_signer(None, dir.path(), false),
            Err(KeyError::Io(..))
        ));
        let first = log_signer(None, dir.path(), true).unwrap();
        let again = log_signer(None, dir.path(), false).unwrap();
        assert_eq!(first.key_id(), again.key_id());
        let rotated = rotate_log_key(false, dir.path()).unwrap();
        assert_ne!(rotated.key_id(), first.key_id());
        assert_eq!(
            log_signer(None, dir.path(), false).unwrap().key_id(),
            rotated.key_id()
        );
        let seed = STANDARD.encode([9u8; 32]);
        assert_eq!(
            log_signer(Some(&seed), dir.path(), false).unwrap().key_id(),
            LogSigner::from_seed([9; 32]).key_id()
        );
        assert!(matches!(
            log_signer(Some(&STANDARD.encode([9u8; 64])), dir.path(), false),
            Err(KeyError::WrongLength("LEADSGEN_LOG_SIGNING_KEY", 64))
        ));
    }

    #[test]
    fn refuses_short_or_garbled_keys() {
        let dir = tempfile::tempdir().unwrap();
        let short = STANDARD.encode([1u8; 32]);
        assert!(matches!(
            load_or_create(Some(&short), dir.path()),
            Err(KeyError::TooShort(_, 32))
        ));
        assert!(matches!(
            load_or_create(Some("not base64!"), dir.path()),
            Err(KeyError::NotBase64(_))
        ));
        fs::write(dir.path().join(KEY_FILE), "garbage!").unwrap();
        let err = load_or_create(None, dir.path()).unwrap_err();
        assert!(err.to_string().contains("stored key file"));
    }
}
