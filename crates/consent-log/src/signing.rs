//! The log's signing key and the public keys that check what it signed: Ed25519 (RFC 8032,
//! "EdDSA" as JOSE names it in RFC 8037), so that anyone holding the public key, and no
//! secret, can verify a checkpoint or a receipt.
//!
//! A key is named by its **key ID**: the RFC 7638 JWK thumbprint of its public key
//! (base64url, no padding, of the SHA-256 of `{"crv":"Ed25519","kty":"OKP","x":"…"}`), so the
//! ID is derived from the key and cannot name another one. Signatures are standard base64
//! (RFC 4648 §4) of the 64 signature bytes, which `base64 -d` turns back into what
//! `openssl pkeyutl -verify -rawin` reads.

use std::collections::HashMap;

use base64::engine::general_purpose::{STANDARD, URL_SAFE_NO_PAD};
use base64::Engine;
use ed25519_dalek::pkcs8::{spki::der::pem::LineEnding, EncodePublicKey};
use ed25519_dalek::{Signature, Signer, SigningKey, Verifier, VerifyingKey};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

/// The JOSE algorithm name of every signature the log makes (RFC 8037 §3.1).
pub const ALGORITHM: &str = "EdDSA";

/// The log's private signing key, with its key ID. Its bytes never leave it: `Debug` shows
/// only the ID.
#[derive(Clone)]
pub struct LogSigner {
    key: SigningKey,
    public: PublicKey,
}

impl std::fmt::Debug for LogSigner {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "LogSigner({})", self.public.key_id)
    }
}

impl LogSigner {
    /// The signer whose private key is this 32-byte seed (RFC 8032 §5.1.5).
    pub fn from_seed(seed: [u8; 32]) -> Self {
        let key = SigningKey::from_bytes(&seed);
        let public = PublicKey::from_verifying(key.verifying_key());
        LogSigner { key, public }
    }

    /// The key ID: the public key's RFC 7638 thumbprint.
    pub fn key_id(&self) -> &str {
        &self.public.key_id
    }

    /// The public key that verifies this signer's signatures.
    pub fn public(&self) -> &PublicKey {
        &self.public
    }

    /// The Ed25519 signature of `message`, standard base64 (88 characters).
    pub fn sign(&self, message: &[u8]) -> String {
        STANDARD.encode(self.key.sign(message).to_bytes())
    }
}

/// An Ed25519 public key and its key ID.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PublicKey {
    /// The RFC 7638 thumbprint of the key.
    pub key_id: String,
    key: VerifyingKey,
}

/// Why a public key or a signature was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SignatureError {
    /// The key is not a valid Ed25519 public key (32 bytes, base64url, a curve point).
    #[error("{0} is not an Ed25519 public key")]
    BadKey(String),
    /// A key's `kid` is not the thumbprint of its own `x`: the document was edited.
    #[error(
        "key {0} does not match its own public key (its kid is not the RFC 7638 thumbprint of x)"
    )]
    WrongKeyId(String),
    /// The signature names a key the key set does not hold.
    #[error("it is signed with key {0}, which the keys file does not list")]
    UnknownKey(String),
    /// The signature does not verify under the key it names.
    #[error("its signature does not verify under key {0}")]
    BadSignature(String),
}

impl PublicKey {
    fn from_verifying(key: VerifyingKey) -> Self {
        PublicKey {
            key_id: thumbprint(&key),
            key,
        }
    }

    /// The key whose JWK `x` (base64url of the 32 bytes) is `x`.
    ///
    /// Returns `Err(SignatureError::BadKey)` when `x` is not base64url of a curve point.
    pub fn from_x(x: &str) -> Result<Self, SignatureError> {
        let bad = || SignatureError::BadKey(x.chars().take(64).collect());
        let bytes: [u8; 32] = URL_SAFE_NO_PAD
            .decode(x.trim())
            .map_err(|_| bad())?
            .try_into()
            .map_err(|_| bad())?;
        VerifyingKey::from_bytes(&bytes)
            .map(Self::from_verifying)
            .map_err(|_| bad())
    }

    /// The JWK `x`: base64url (no padding) of the 32 public key bytes.
    pub fn x(&self) -> String {
        URL_SAFE_NO_PAD.encode(self.key.as_bytes())
    }

    /// The key as PEM (SubjectPublicKeyInfo, RFC 8410), what `openssl pkeyutl -pubin` reads.
    pub fn pem(&self) -> String {
        self.key
            .to_public_key_pem(LineEnding::LF)
            .expect("an Ed25519 key encodes as SPKI")
    }

    /// Whether `signature` (standard base64) is this key's signature of `message`.
    pub fn verifies(&self, message: &[u8], signature: &str) -> bool {
        let Ok(bytes) = STANDARD.decode(signature.trim()) else {
            return false;
        };
        let Ok(signature) = Signature::from_slice(&bytes) else {
            return false;
        };
        self.key.verify(message, &signature).is_ok()
    }
}

/// RFC 7638 §3: the SHA-256 of the JWK's required members in lexicographic order, without
/// whitespace, base64url without padding.
fn thumbprint(key: &VerifyingKey) -> String {
    let x = URL_SAFE_NO_PAD.encode(key.as_bytes());
    let jwk = format!(r#"{{"crv":"Ed25519","kty":"OKP","x":"{x}"}}"#);
    URL_SAFE_NO_PAD.encode(Sha256::digest(jwk.as_bytes()))
}

/// A line of an NDJSON export that carries its own Ed25519 signature (a checkpoint, an
/// export's signed end): `{"<NAME>":{…its fields…,"signed_at":"<RFC 3339>","message":"<the
/// signed text>"}}`. `signed_at` and `message` repeat the fields for people and for OpenSSL;
/// reading rebuilds the message from the fields, and refuses a line whose `message` differs.
pub trait SignedLine: Serialize + serde::de::DeserializeOwned {
    /// The line's one member name.
    const NAME: &'static str;

    /// The exact bytes signed.
    fn message(&self) -> String;

    /// The signing key's ID.
    fn key_id(&self) -> &str;

    /// The signature of [`message`](Self::message), standard base64.
    fn signature(&self) -> &str;

    /// When it was signed: milliseconds since the Unix epoch, UTC.
    fn signed_at_ms(&self) -> u64;

    /// Checks the signature against the key it names in `keys`.
    ///
    /// Returns `Err(SignatureError::UnknownKey)` when `keys` lacks that key, and
    /// `Err(SignatureError::BadSignature)` when any field was changed after signing.
    fn verify(&self, keys: &KeySet) -> Result<(), SignatureError> {
        keys.verify(self.key_id(), self.message().as_bytes(), self.signature())
    }

    /// The export line, with its line ending.
    fn export_line(&self) -> String {
        let mut fields = serde_json::to_value(self).expect("a signed line serializes");
        fields["signed_at"] = crate::record::rfc3339(self.signed_at_ms()).into();
        fields["message"] = self.message().into();
        let mut line = serde_json::Map::new();
        line.insert(Self::NAME.into(), fields);
        let mut text = serde_json::Value::Object(line).to_string();
        text.push('\n');
        text
    }

    /// Reads a line written by [`export_line`](Self::export_line); `None` when the line is
    /// not one of this kind.
    fn from_export_line(line: &str) -> Option<Result<Self, serde_json::Error>> {
        let opening = format!("{{\"{}\"", Self::NAME);
        if !line.trim_start().starts_with(&opening) {
            return None;
        }
        let read = || {
            let mut outer: serde_json::Map<String, serde_json::Value> = serde_json::from_str(line)?;
            let mut fields = outer.remove(Self::NAME).unwrap_or_default();
            let message = fields.as_object_mut().and_then(|f| {
                f.remove("signed_at");
                f.remove("message")
            });
            let item: Self = serde_json::from_value(fields)?;
            match message {
                Some(m) if m != item.message().as_str() => Err(serde::de::Error::custom(
                    "its message is not the one its fields make",
                )),
                _ => Ok(item),
            }
        };
        Some(read())
    }
}

/// The public keys document served at `/.well-known/consent-log-keys.json` and read by the
/// offline verifiers: a JWK Set (RFC 7517 §5) whose keys also carry their PEM form and when
/// they were first used.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct KeysDocument {
    /// Every key that ever signed this log, oldest first. None expires: an old signature
    /// stays checkable.
    pub keys: Vec<PublishedKey>,
}

/// One public key in a [`KeysDocument`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PublishedKey {
    /// The key ID (RFC 7638 thumbprint).
    pub kid: String,
    /// `OKP` (RFC 8037 §2).
    pub kty: String,
    /// `Ed25519`.
    pub crv: String,
    /// `EdDSA`.
    pub alg: String,
    /// `sig`: the key signs.
    #[serde(rename = "use")]
    pub use_: String,
    /// The public key: base64url of its 32 bytes.
    pub x: String,
    /// The same key as PEM, for `openssl pkeyutl -verify -pubin -inkey`.
    pub public_key_pem: String,
    /// When this log first used it, RFC 3339 in UTC.
    pub valid_from: String,
}

impl PublishedKey {
    /// `key`, first used at `first_used_ms` (milliseconds since the Unix epoch, UTC).
    pub fn new(key: &PublicKey, first_used_ms: u64) -> Self {
        PublishedKey {
            kid: key.key_id.clone(),
            kty: "OKP".into(),
            crv: "Ed25519".into(),
            alg: ALGORITHM.into(),
            use_: "sig".into(),
            x: key.x(),
            public_key_pem: key.pem(),
            valid_from: crate::record::rfc3339(first_used_ms),
        }
    }
}

/// The keys an offline check trusts, by key ID.
#[derive(Debug, Clone, Default)]
pub struct KeySet(HashMap<String, PublicKey>);

impl KeySet {
    /// The keys of a document. Each `kid` must be its `x`'s thumbprint.
    ///
    /// Returns `Err(SignatureError::BadKey)` for an `x` that is no key, and
    /// `Err(SignatureError::WrongKeyId)` for a `kid` that names another key.
    pub fn from_document(document: &KeysDocument) -> Result<Self, SignatureError> {
        let mut keys = HashMap::new();
        for published in &document.keys {
            let key = PublicKey::from_x(&published.x)?;
            if key.key_id != published.kid {
                return Err(SignatureError::WrongKeyId(published.kid.clone()));
            }
            keys.insert(key.key_id.clone(), key);
        }
        Ok(KeySet(keys))
    }

    /// A set of these keys.
    pub fn of(keys: impl IntoIterator<Item = PublicKey>) -> Self {
        KeySet(keys.into_iter().map(|k| (k.key_id.clone(), k)).collect())
    }

    /// Checks that `signature` is the signature of `message` by the key `key_id`.
    ///
    /// Returns `Err(SignatureError::UnknownKey)` when the set has no such key, and
    /// `Err(SignatureError::BadSignature)` when it does not verify.
    pub fn verify(
        &self,
        key_id: &str,
        message: &[u8],
        signature: &str,
    ) -> Result<(), SignatureError> {
        let key = self
            .0
            .get(key_id)
            .ok_or_else(|| SignatureError::UnknownKey(key_id.chars().take(64).collect()))?;
        if key.verifies(message, signature) {
            Ok(())
        } else {
            Err(SignatureError::BadSignature(key_id.into()))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// RFC 8032 §7.1, test 1: the seed, its public key, and the signature of the empty
    /// message.
    #[test]
    fn signs_as_rfc_8032_says() {
        let seed: [u8; 32] =
            hex("9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60");
        let signer = LogSigner::from_seed(seed);
        assert_eq!(
            URL_SAFE_NO_PAD.decode(signer.public().x()).unwrap(),
            hex::<32>("d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a")
        );
        let signature = STANDARD.decode(signer.sign(b"")).unwrap();
        assert_eq!(
            signature,
            hex::<64>(
                "e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065224901555fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b"
            )
        );
        assert!(signer.public().verifies(b"", &signer.sign(b"")));
        assert!(!signer.public().verifies(b"x", &signer.sign(b"")));
    }

    /// RFC 8037 appendix A.3: the thumbprint of the RFC 8032 test 1 key.
    #[test]
    fn key_ids_are_rfc_7638_thumbprints() {
        let key = PublicKey::from_x("11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo").unwrap();
        assert_eq!(key.key_id, "kPrK_qmxVWaYVA9wwBF6Iuo3vVzz7TxHCTwXBygrS4k");
    }

    #[test]
    fn a_key_set_refuses_unknown_keys_forged_ids_and_bad_signatures() {
        let signer = LogSigner::from_seed([7; 32]);
        let other = LogSigner::from_seed([8; 32]);
        let mut document = KeysDocument {
            keys: vec![PublishedKey::new(signer.public(), 0)],
        };
        assert!(document.keys[0]
            .public_key_pem
            .starts_with("-----BEGIN PUBLIC KEY-----"));
        let set = KeySet::from_document(&document).unwrap();
        let signature = signer.sign(b"checkpoint");
        assert_eq!(
            set.verify(signer.key_id(), b"checkpoint", &signature),
            Ok(())
        );
        assert!(matches!(
            set.verify(signer.key_id(), b"checkpoint!", &signature),
            Err(SignatureError::BadSignature(_))
        ));
        assert!(matches!(
            set.verify(other.key_id(), b"checkpoint", &other.sign(b"checkpoint")),
            Err(SignatureError::UnknownKey(_))
        ));
        assert!(!signer.public().verifies(b"checkpoint", "not base64!"));
        document.keys[0].kid = other.key_id().into();
        assert!(matches!(
            KeySet::from_document(&document),
            Err(SignatureError::WrongKeyId(_))
        ));
        document.keys[0].x = "AAAA".into();
        assert!(matches!(
            KeySet::from_document(&document),
            Err(SignatureError::BadKey(_))
        ));
    }

    fn hex<const N: usize>(text: &str) -> [u8; N] {
        let bytes: Vec<u8> = (0..text.len())
            .step_by(2)
            .map(|i| u8::from_str_radix(&text[i..i + 2], 16).unwrap())
            .collect();
        bytes.try_into().unwrap()
    }
}
