//! The visitor's consent receipt: their decision as the log holds it, with the decisions it
//! replaced, as data and as JSON (a download); the printable page is the web layer's.
//!
//! The fields follow ISO/IEC TS 27560:2023 (consent record information structure) and the
//! Kantara Initiative Consent Receipt Specification v1.1:
//!
//! | receipt field | TS 27560 | Kantara CR v1.1 |
//! |---|---|---|
//! | `consent_id` | record identifier | `consentReceiptID` |
//! | `recorded_at` | timestamp of the consent event | `consentTimestamp` |
//! | `controller` (name, contact) | PII controller | `piiControllers` (`piiController`, `email`) |
//! | `policy.url`, `.revision`, `.sha256` | notice (its location, version and content hash) | `policyUrl` |
//! | `purposes[]` (category, requested, effective) | purposes and their consent status | `services[].purposes[]` (`purpose`, `consentType`) |
//! | `signals` | the privacy signals in force (context of the event) | — |
//! | `action`, `source` | the consent event and how it was collected | `collectionMethod` |
//! | `locale` | language of the notice | `language` |
//! | `record_hash` | integrity of the record | — |
//! | `history[]` | earlier records of the same principal: linked by ID, or for an account's decision, every earlier one of the account from any device | — |
//!
//! The JSON receipt is **signed** with the log's Ed25519 key ([`signing`](crate::signing)):
//! its `signature` member holds the key ID and the signature of the rest of the receipt in
//! canonical form ([`canonical_json`]), so that [`verify_receipt`] (and
//! `leadsgen-consent receipt verify`) can check it with the public keys alone. A visitor who
//! keeps it can prove their decision even if the log were later altered or lost.
//!
//! No identifier of the person is in it: the consent ID is random, and the history is linked
//! only through the IDs in the visitor's own cookies, or, signed in, through the account's
//! pseudonymous subject reference, which the receipt does not show.

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use super::export::rfc3339;
use super::record::{ConsentRecord, SignalFlags};
use super::signing::{KeySet, LogSigner, SignatureError, ALGORITHM};
use leadsgen_domain::consent::Registry;
use leadsgen_domain::i18n::{Locale, Text};
use leadsgen_domain::paths::{self, PublicOrigin};

/// The version of this receipt's layout.
pub const RECEIPT_VERSION: &str = "leadsgen-consent-receipt/1";

/// A consent receipt.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Receipt {
    /// [`RECEIPT_VERSION`].
    pub receipt_version: &'static str,
    /// Who decides what the cookies are for, and how to reach them.
    pub controller: Controller,
    /// The decision in force.
    #[serde(flatten)]
    pub decision: RecordedDecision,
    /// The decisions it replaced, oldest first.
    pub history: Vec<RecordedDecision>,
}

/// The controller (GDPR art. 4(7)).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Controller {
    /// Its name.
    pub name: &'static str,
    /// Where to write about cookies.
    pub contact: &'static str,
}

/// One decision, as the log recorded it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RecordedDecision {
    /// The random consent ID, as in the visitor's cookie.
    pub consent_id: String,
    /// When it was recorded, RFC 3339 in UTC, to the millisecond.
    pub recorded_at: String,
    /// The policy shown.
    pub policy: PolicyRef,
    /// Each category, strictly necessary included.
    pub purposes: Vec<Purpose>,
    /// The privacy signals the browser sent.
    pub signals: SignalFlags,
    /// `accept_all`, `reject_all`, `save`, `remember_functional` or `keep_previous`.
    pub action: &'static str,
    /// `banner`, `dialog`, `preferences_page`, `settings_page`, `page_notice` or `api`.
    pub source: &'static str,
    /// The language the visitor decided in.
    pub locale: String,
    /// The record's SHA-256 in the log's hash chain.
    pub record_hash: String,
}

/// The policy a decision was made under.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PolicyRef {
    /// Where the policy is published.
    pub url: String,
    /// Its revision ("Last updated"), `YYYY-MM-DD`.
    pub revision: String,
    /// SHA-256 of the policy as shown (its stored snapshot).
    pub sha256: String,
}

/// One category's consent.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Purpose {
    /// `necessary`, `functional`, `analytics` or `marketing`.
    pub category: &'static str,
    /// Its name as the (English, binding) policy shows it.
    pub name: &'static str,
    /// Its name in every language, for the receipt page.
    #[serde(skip)]
    pub names: Text,
    /// What the visitor asked for (strictly necessary: always `true`).
    pub requested: bool,
    /// What is in force after privacy signals.
    pub effective: bool,
}

impl Receipt {
    /// The receipt of `record`, which replaced `history` (oldest first), on the site at
    /// `origin`. Each decision's policy URL is that of the text its hash covers: the policy in
    /// the language the decision was made in, pinned by its prefix
    /// (`https://leadsgen.app/de/cookie-policy`), so it leads to that text whatever language
    /// the reader of the receipt prefers.
    pub fn new(
        registry: &Registry,
        origin: &PublicOrigin,
        record: &ConsentRecord,
        history: &[ConsentRecord],
    ) -> Self {
        let decision = |r: &ConsentRecord| RecordedDecision::new(registry, origin, r);
        Receipt {
            receipt_version: RECEIPT_VERSION,
            controller: Controller {
                name: registry.controller,
                contact: registry.contact_email,
            },
            decision: decision(record),
            history: history.iter().map(decision).collect(),
        }
    }

    /// As pretty JSON, for the download, unsigned.
    pub fn to_json(&self) -> String {
        serde_json::to_string_pretty(self).expect("a receipt serializes")
    }

    /// As pretty JSON with a `signature` member ([`ReceiptSignature`]) by `signer`, and
    /// that signature.
    pub fn to_signed_json(&self, signer: &LogSigner) -> (String, ReceiptSignature) {
        let mut value = serde_json::to_value(self).expect("a receipt serializes");
        let signature = ReceiptSignature {
            alg: ALGORITHM.into(),
            kid: signer.key_id().into(),
            value: signer.sign(canonical_json(&value).as_bytes()),
            covers: COVERS.into(),
        };
        if let serde_json::Value::Object(members) = &mut value {
            members.insert(
                "signature".into(),
                serde_json::to_value(&signature).expect("a signature serializes"),
            );
        }
        let json = serde_json::to_string_pretty(&value).expect("a receipt serializes");
        (json, signature)
    }
}

/// What a receipt's signature covers, as its `covers` member says.
pub const COVERS: &str = "this receipt without its signature member, as canonical JSON \
    (RFC 8785: members sorted by name, no whitespace)";

/// A receipt's `signature` member.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReceiptSignature {
    /// `EdDSA`.
    pub alg: String,
    /// The signing key's ID (RFC 7638 thumbprint), as in `/.well-known/consent-log-keys.json`.
    pub kid: String,
    /// The Ed25519 signature, standard base64.
    pub value: String,
    /// [`COVERS`]: what was signed, for a person reading the file.
    pub covers: String,
}

impl ReceiptSignature {
    /// A short fingerprint of the signature for the printable receipt, so that a printed
    /// copy can be matched to its file: the first 8 bytes of the SHA-256 of the signature as
    /// written (its base64 text, the `value` member), as four groups of four hex digits
    /// (`3f1a 09bc 77d2 e410`).
    pub fn fingerprint(&self) -> String {
        let digest = Sha256::digest(self.value.trim().as_bytes());
        digest[..8]
            .chunks(2)
            .map(|pair| format!("{:02x}{:02x}", pair[0], pair[1]))
            .collect::<Vec<_>>()
            .join(" ")
    }
}

/// `value` as canonical JSON per RFC 8785 (the JSON Canonicalization Scheme: members sorted
/// by name at every depth, no whitespace, numbers and strings in one form), by the
/// `serde_json_canonicalizer` crate.
pub fn canonical_json(value: &serde_json::Value) -> String {
    serde_json_canonicalizer::to_string(value).expect("a JSON value canonicalizes")
}

/// Why a receipt does not verify.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ReceiptError {
    /// The file is not a JSON receipt.
    #[error("not a consent receipt: {0}")]
    NotAReceipt(String),
    /// The receipt carries no signature.
    #[error("the receipt is not signed")]
    Unsigned,
    /// The signature does not verify: the receipt was changed, or the key is not listed.
    #[error("the receipt does not verify: {0}")]
    Signature(#[from] SignatureError),
}

/// A receipt whose signature verified.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VerifiedReceipt {
    /// The decision's consent ID.
    pub consent_id: String,
    /// When it was recorded, RFC 3339.
    pub recorded_at: String,
    /// The signing key's ID.
    pub kid: String,
}

/// Checks a JSON receipt's signature with `keys`, and nothing else (no database, no secret).
///
/// Returns `Err(ReceiptError::NotAReceipt)` for text that is not a receipt,
/// `Err(ReceiptError::Unsigned)` without a `signature` member, and
/// `Err(ReceiptError::Signature)` when any member was changed, or the key is not in `keys`.
pub fn verify_receipt(text: &str, keys: &KeySet) -> Result<VerifiedReceipt, ReceiptError> {
    let mut value: serde_json::Value =
        serde_json::from_str(text).map_err(|e| ReceiptError::NotAReceipt(e.to_string()))?;
    let members = value
        .as_object_mut()
        .filter(|m| m.get("receipt_version").and_then(|v| v.as_str()) == Some(RECEIPT_VERSION))
        .ok_or_else(|| {
            ReceiptError::NotAReceipt(format!("no receipt_version {RECEIPT_VERSION}"))
        })?;
    let signature = members.remove("signature").ok_or(ReceiptError::Unsigned)?;
    let signature: ReceiptSignature = serde_json::from_value(signature)
        .map_err(|e| ReceiptError::NotAReceipt(format!("signature: {e}")))?;
    let text_of = |name: &str| {
        members
            .get(name)
            .and_then(|v| v.as_str())
            .unwrap_or_default()
            .to_string()
    };
    let verified = VerifiedReceipt {
        consent_id: text_of("consent_id"),
        recorded_at: text_of("recorded_at"),
        kid: signature.kid.clone(),
    };
    keys.verify(
        &signature.kid,
        canonical_json(&value).as_bytes(),
        &signature.value,
    )?;
    Ok(verified)
}

impl RecordedDecision {
    fn new(registry: &Registry, origin: &PublicOrigin, r: &ConsentRecord) -> Self {
        let n = &r.record;
        // The language's own URL, never the unprefixed one, which negotiates its language.
        let shown_in = Locale::from_tag(&n.locale).unwrap_or(Locale::En);
        let purposes = registry
            .categories
            .iter()
            .map(|c| Purpose {
                category: c.id.key(),
                name: c.name.get(Locale::En),
                names: c.name,
                requested: n.requested.allows(c.id),
                effective: n.effective.allows(c.id),
            })
            .collect();
        RecordedDecision {
            consent_id: n.consent_id.to_string(),
            recorded_at: rfc3339(n.recorded_at_ms),
            policy: PolicyRef {
                url: origin.url(&shown_in.pin(paths::POLICY)),
                revision: n.policy_revision.clone(),
                sha256: n.policy_sha256.clone(),
            },
            purposes,
            signals: SignalFlags {
                dnt: n.signals.dnt,
                gpc: n.signals.gpc,
            },
            action: n.action.key(),
            source: n.source.key(),
            locale: n.locale.clone(),
            record_hash: r.hash.clone(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::chain::ChainState;
    use crate::record::sample;
    use leadsgen_domain::consent::LEADSGEN;

    fn origin() -> PublicOrigin {
        PublicOrigin::new("https://leadsgen.app".into())
    }

    /// Issue 19, item 4: the URL leads to the text the hash covers.
    #[test]
    fn each_decision_names_the_policy_in_its_own_language() {
        let mut state = ChainState::genesis();
        let [mut en, mut de, mut fr, mut unknown] = [sample(1), sample(2), sample(3), sample(4)];
        en.locale = "en".into();
        de.locale = "de".into();
        fr.locale = "fr".into();
        unknown.locale = "xx".into();
        let records = state.append(vec![en, de, fr, unknown]);
        let receipt = Receipt::new(&LEADSGEN, &origin(), &records[1], &records[..1]);
        assert_eq!(
            receipt.decision.policy.url,
            "https://leadsgen.app/de/cookie-policy"
        );
        assert_eq!(
            receipt.decision.policy.sha256,
            records[1].record.policy_sha256
        );
        assert_eq!(
            receipt.history[0].policy.url,
            "https://leadsgen.app/en/cookie-policy"
        );
        let fr = Receipt::new(&LEADSGEN, &origin(), &records[2], &[]);
        assert_eq!(
            fr.decision.policy.url,
            "https://leadsgen.app/fr/cookie-policy"
        );
        let unknown = Receipt::new(&LEADSGEN, &origin(), &records[3], &[]);
        assert_eq!(
            unknown.decision.policy.url,
            "https://leadsgen.app/en/cookie-policy"
        );
    }

    #[test]
    fn a_signed_receipt_verifies_and_any_change_is_refused() {
        let mut state = ChainState::genesis();
        let records = state.append(vec![sample(1), sample(2)]);
        let receipt = Receipt::new(&LEADSGEN, &origin(), &records[1], &records[..1]);
        let signer = LogSigner::from_seed([4; 32]);
        let keys = KeySet::of([signer.public().clone()]);
        let (json, signature) = receipt.to_signed_json(&signer);
        assert_eq!(signature.fingerprint().len(), 19);
        let verified = verify_receipt(&json, &keys).unwrap();
        assert_eq!(verified.consent_id, "02".repeat(16));
        assert_eq!(verified.kid, signer.key_id());
        // The member order and whitespace do not matter; the content does.
        let compact: serde_json::Value = serde_json::from_str(&json).unwrap();
        assert!(verify_receipt(&compact.to_string(), &keys).is_ok());
        for (from, to) in [
            ("\"effective\": false", "\"effective\": true"),
            (&*"02".repeat(16), &*"03".repeat(16)),
            ("2026-11-29T01:40:59.002Z", "2026-11-29T01:40:59.003Z"),
        ] {
            let tampered = json.replacen(from, to, 1);
            assert_ne!(tampered, json, "{from}");
            assert!(matches!(
                verify_receipt(&tampered, &keys),
                Err(ReceiptError::Signature(SignatureError::BadSignature(_)))
            ));
        }
        let other = KeySet::of([LogSigner::from_seed([5; 32]).public().clone()]);
        assert!(matches!(
            verify_receipt(&json, &other),
            Err(ReceiptError::Signature(SignatureError::UnknownKey(_)))
        ));
        assert_eq!(
            verify_receipt(&receipt.to_json(), &keys),
            Err(ReceiptError::Unsigned)
        );
        assert!(matches!(
            verify_receipt("{}", &keys),
            Err(ReceiptError::NotAReceipt(_))
        ));
    }

    #[test]
    fn canonical_json_sorts_members_at_every_depth() {
        let value = serde_json::json!({"b": [{"z": 1, "a": "x\"y"}], "a": true});
        assert_eq!(
            canonical_json(&value),
            r#"{"a":true,"b":[{"a":"x\"y","z":1}]}"#
        );
    }

    #[test]
    fn holds_the_decision_its_history_and_the_controller() {
        let mut state = ChainState::genesis();
        let records = state.append(vec![sample(1), sample(2), sample(3)]);
        let receipt = Receipt::new(&LEADSGEN, &origin(), &records[2], &records[..2]);
        let json: serde_json::Value = serde_json::from_str(&receipt.to_json()).unwrap();
        assert_eq!(json["consent_id"], "03030303030303030303030303030303");
        assert_eq!(json["recorded_at"], "2026-11-29T01:40:59.003Z");
        assert_eq!(json["controller"]["contact"], "privacy@leadsgen.app");
        assert_eq!(json["policy"]["revision"], "2026-04-12");
        assert_eq!(json["record_hash"], records[2].hash.as_str());
        assert_eq!(json["purposes"].as_array().unwrap().len(), 4);
        assert_eq!(json["purposes"][0]["category"], "necessary");
        assert_eq!(json["purposes"][0]["effective"], true);
        let history: Vec<_> = json["history"]
            .as_array()
            .unwrap()
            .iter()
            .map(|d| d["consent_id"].as_str().unwrap().to_string())
            .collect();
        assert_eq!(history, ["01".repeat(16), "02".repeat(16)]);
    }
}
