//! The key that signs `cookie-consent`.
//!
//! From `CONSENT_COOKIE_KEY` (base64, at least 64 bytes) when set. Otherwise the first start
//! generates one and keeps it in the data directory, readable by the owner only, so restarts
//! keep every consent valid. There is never a key in the source.

use std::fs;
use std::io::{self, Write};
use std::path::{Path, PathBuf};

use base64::{engine::general_purpose::STANDARD, Engine};
use cookie::Key;

/// The key's file name inside the data directory.
pub const KEY_FILE: &str = "consent-cookie.key";
/// The shortest key we accept: what `cookie::Key` needs for signing and encryption.
pub const MIN_KEY_BYTES: usize = 64;

/// Why no key could be had. The server refuses to start with any of these.
#[derive(Debug, thiserror::Error)]
pub enum KeyError {
    /// The configured or stored key is not valid base64.
    #[error("{0} is not valid base64")]
    NotBase64(&'static str),
    /// The key is shorter than [`MIN_KEY_BYTES`].
    #[error("{0} holds {1} bytes; at least {MIN_KEY_BYTES} are needed")]
    TooShort(&'static str, usize),
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
        return decode(b64, "CONSENT_COOKIE_KEY");
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
    let mut bytes = [0u8; MIN_KEY_BYTES];
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
            file.write_all(STANDARD.encode(bytes).as_bytes())
                .and_then(|()| file.sync_all())
                .map_err(io_err)?;
            tracing::info!("generated a new consent signing key in {}", path.display());
            Ok(Key::from(&bytes))
        }
        // Another process created it first: use theirs.
        Err(e) if e.kind() == io::ErrorKind::AlreadyExists => {
            let text = fs::read_to_string(path).map_err(io_err)?;
            decode(&text, "the stored key file")
        }
        Err(e) => Err(io_err(e)),
    }
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
