//! One consent record: what the log keeps of a decision, its canonical bytes and its hash.
//!
//! Field meanings follow ISO/IEC TS 27560:2023 (consent record information structure) and the
//! Kantara Initiative Consent Receipt v1.1, as named on each field. No IP address is kept, and
//! the user agent only when the site opts in (`LEADSGEN_LOG_USER_AGENT=true`).

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use time::format_description::well_known::Rfc3339;
use time::OffsetDateTime;

use leadsgen_domain::consent::{Choices, ConsentId, FormAction, Signals, Source};

/// The hash that precedes the first record of a chain: 64 zeros.
pub const GENESIS: &str = "0000000000000000000000000000000000000000000000000000000000000000";

/// The version of the canonical form below for a device's decision; a future form bumps it.
pub const CANONICAL_VERSION: u8 = 1;
/// The version of the canonical form of an account's decision: version 1 with `scope` and
/// `subject` after `user_agent`. A device's decision keeps version 1, byte for byte.
pub const ACCOUNT_CANONICAL_VERSION: u8 = 2;
/// The `scope` of an account's decision.
pub const ACCOUNT_SCOPE: &str = "account";

/// A decision, as a consent post hands it to the log before the response leaves.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewRecord {
    /// The decision's random ID, the one in `cookie-consent` and shown to the visitor
    /// (TS 27560 record identifier; Kantara `consentReceiptID`).
    pub consent_id: ConsentId,
    /// The decision this one replaces, from the request's own signed cookie: the only link
    /// between a visitor's decisions, with no other identifier.
    pub previous_consent_id: Option<ConsentId>,
    /// When it was recorded: milliseconds since the Unix epoch, UTC (Kantara
    /// `consentTimestamp`). The cookie carries the same instant in seconds.
    pub recorded_at_ms: u64,
    /// The policy revision ("Last updated" date), `YYYY-MM-DD`.
    pub policy_revision: String,
    /// The SHA-256 (lower-case hex) of the policy as shown, the key of a `policy_version`
    /// snapshot (TS 27560 notice; Kantara `policyUrl` plus its content).
    pub policy_sha256: String,
    /// What the visitor did: `accept_all`, `reject_all`, `save`, `remember_functional` or
    /// `keep_previous`.
    pub action: FormAction,
    /// Where: `banner`, `dialog`, `preferences_page`, `settings_page`, `page_notice`, `api`
    /// (Kantara `collectionMethod`).
    pub source: Source,
    /// What the visitor asked for, before privacy signals.
    pub requested: Choices,
    /// What is in force after Do Not Track / Global Privacy Control (TS 27560 purposes and
    /// their consent status).
    pub effective: Choices,
    /// The privacy signals the request carried.
    pub signals: Signals,
    /// The language the visitor decided in (BCP 47, e.g. `en`; Kantara `language`).
    pub locale: String,
    /// The `User-Agent`, only when the site opts in; `None` by default.
    pub user_agent: Option<String>,
    /// For a decision made signed in: the account's pseudonymous subject reference (32 hex
    /// digits, never the e-mail address; TS 27560 "PII principal" as a pseudonym), and the
    /// decision's scope is the account. `None`: the device's own decision.
    pub subject: Option<String>,
}

/// A record as stored: its place in the chain and the hashes that link it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConsentRecord {
    /// Its position in the chain, from 1, without gaps.
    pub seq: u64,
    /// The decision.
    pub record: NewRecord,
    /// The previous record's hash ([`GENESIS`] for the first).
    pub prev_hash: String,
    /// SHA-256 of [`canonical`](ConsentRecord::canonical), lower-case hex.
    pub hash: String,
}

/// The three switches as named flags.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct ChoiceFlags {
    /// Functional cookies.
    pub functional: bool,
    /// Analytics cookies and scripts.
    pub analytics: bool,
    /// Marketing cookies and scripts.
    pub marketing: bool,
}

impl From<Choices> for ChoiceFlags {
    fn from(c: Choices) -> Self {
        ChoiceFlags {
            functional: c.functional,
            analytics: c.analytics,
            marketing: c.marketing,
        }
    }
}

impl From<ChoiceFlags> for Choices {
    fn from(c: ChoiceFlags) -> Self {
        Choices {
            functional: c.functional,
            analytics: c.analytics,
            marketing: c.marketing,
        }
    }
}

/// The privacy signals as named flags.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct SignalFlags {
    /// Do Not Track.
    pub dnt: bool,
    /// Global Privacy Control.
    pub gpc: bool,
}

/// A record as one JSON object: the canonical form that is hashed (fields in this order, no
/// whitespace, `hash` left out) and, with `hash`, one line of the NDJSON export.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RecordJson {
    /// [`CANONICAL_VERSION`].
    pub v: u8,
    /// See [`ConsentRecord::seq`].
    pub seq: u64,
    /// See [`NewRecord::consent_id`].
    pub consent_id: String,
    /// See [`NewRecord::previous_consent_id`].
    pub previous_consent_id: Option<String>,
    /// See [`NewRecord::recorded_at_ms`].
    pub recorded_at_ms: u64,
    /// See [`NewRecord::policy_revision`].
    pub policy_revision: String,
    /// See [`NewRecord::policy_sha256`].
    pub policy_sha256: String,
    /// See [`NewRecord::action`].
    pub action: String,
    /// See [`NewRecord::source`].
    pub source: String,
    /// See [`NewRecord::requested`].
    pub requested: ChoiceFlags,
    /// See [`NewRecord::effective`].
    pub effective: ChoiceFlags,
    /// See [`NewRecord::signals`].
    pub signals: SignalFlags,
    /// See [`NewRecord::locale`].
    pub locale: String,
    /// See [`NewRecord::user_agent`].
    pub user_agent: Option<String>,
    /// `account` for an account's decision ([`ACCOUNT_CANONICAL_VERSION`]); absent for a
    /// device's.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub scope: Option<String>,
    /// See [`NewRecord::subject`]; absent for a device's decision.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub subject: Option<String>,
    /// See [`ConsentRecord::prev_hash`].
    pub prev_hash: String,
    /// See [`ConsentRecord::hash`]; absent from the hashed form.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub hash: Option<String>,
}

impl ConsentRecord {
    /// Links `record` after the record whose hash is `prev_hash`, at position `seq`.
    pub fn link(seq: u64, record: NewRecord, prev_hash: String) -> Self {
        let mut linked = ConsentRecord {
            seq,
            record,
            prev_hash,
            hash: String::new(),
        };
        linked.hash = linked.computed_hash();
        linked
    }

    /// The record as JSON, `hash` included.
    pub fn to_json(&self) -> RecordJson {
        let r = &self.record;
        RecordJson {
            v: if r.subject.is_some() {
                ACCOUNT_CANONICAL_VERSION
            } else {
                CANONICAL_VERSION
            },
            seq: self.seq,
            consent_id: r.consent_id.to_string(),
            previous_consent_id: r.previous_consent_id.map(|id| id.to_string()),
            recorded_at_ms: r.recorded_at_ms,
            policy_revision: r.policy_revision.clone(),
            policy_sha256: r.policy_sha256.clone(),
            action: r.action.key().to_string(),
            source: r.source.key().to_string(),
            requested: r.requested.into(),
            effective: r.effective.into(),
            signals: SignalFlags {
                dnt: r.signals.dnt,
                gpc: r.signals.gpc,
            },
            locale: r.locale.clone(),
            user_agent: r.user_agent.clone(),
            scope: r.subject.as_ref().map(|_| ACCOUNT_SCOPE.to_string()),
            subject: r.subject.clone(),
            prev_hash: self.prev_hash.clone(),
            hash: Some(self.hash.clone()),
        }
    }

    /// The bytes the hash covers: [`RecordJson`] without `hash`, compact, fields in
    /// declaration order. Every stored field is in it, and the previous record's hash.
    pub fn canonical(&self) -> Vec<u8> {
        let json = RecordJson {
            hash: None,
            ..self.to_json()
        };
        serde_json::to_vec(&json).expect("a record serializes")
    }

    /// SHA-256 of [`canonical`](Self::canonical), lower-case hex.
    pub fn computed_hash(&self) -> String {
        sha256_hex(&self.canonical())
    }
}

/// Why a JSON object is not a consent record.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("not a consent record: {0}")]
pub struct NotARecord(pub String);

impl TryFrom<RecordJson> for ConsentRecord {
    type Error = NotARecord;

    /// Reads a record back from its JSON (or from database columns mapped to it). Every value
    /// is checked, so a stored row that does not parse is reported, never a panic.
    fn try_from(j: RecordJson) -> Result<Self, NotARecord> {
        let id = |s: &str, what: &str| {
            ConsentId::parse(s).ok_or_else(|| NotARecord(format!("{what} {s:?}")))
        };
        let record = NewRecord {
            consent_id: id(&j.consent_id, "consent_id")?,
            previous_consent_id: j
                .previous_consent_id
                .as_deref()
                .map(|s| id(s, "previous_consent_id"))
                .transpose()?,
            recorded_at_ms: j.recorded_at_ms,
            policy_revision: j.policy_revision,
            policy_sha256: j.policy_sha256,
            action: FormAction::from_key(&j.action)
                .ok_or_else(|| NotARecord(format!("action {:?}", j.action)))?,
            source: Source::from_key(&j.source)
                .ok_or_else(|| NotARecord(format!("source {:?}", j.source)))?,
            requested: j.requested.into(),
            effective: j.effective.into(),
            signals: Signals {
                dnt: j.signals.dnt,
                gpc: j.signals.gpc,
            },
            locale: j.locale,
            user_agent: j.user_agent,
            subject: match (j.v, j.scope.as_deref(), j.subject) {
                (CANONICAL_VERSION, None, None) => None,
                (ACCOUNT_CANONICAL_VERSION, Some(ACCOUNT_SCOPE), Some(subject))
                    if subject.len() == 32 && subject.bytes().all(|b| b.is_ascii_hexdigit()) =>
                {
                    Some(subject)
                }
                (v, scope, subject) => {
                    return Err(NotARecord(format!(
                        "version {v} with scope {scope:?} and subject {subject:?}"
                    )))
                }
            },
        };
        Ok(ConsentRecord {
            seq: j.seq,
            record,
            prev_hash: j.prev_hash,
            hash: j.hash.unwrap_or_default(),
        })
    }
}

/// Milliseconds since the Unix epoch as RFC 3339 in UTC, to the millisecond:
/// `2026-11-29T01:40:59.123Z`.
pub fn rfc3339(ms: u64) -> String {
    OffsetDateTime::from_unix_timestamp_nanos(i128::from(ms) * 1_000_000)
        .ok()
        .and_then(|t| t.format(&Rfc3339).ok())
        .unwrap_or_else(|| ms.to_string())
}

/// SHA-256 of `bytes`, lower-case hex.
pub fn sha256_hex(bytes: &[u8]) -> String {
    Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// A deterministic example record, number `n` (1 to 255): consent ID `[n; 16]`, replacing
/// record `n - 1`, recorded `n` ms after 2026-11-29T01:40:59Z, "Save choices" in the dialog,
/// everything asked for, Do Not Track on for even `n`. For tests of the log and of the pages
/// that show records.
pub fn sample(n: u8) -> NewRecord {
    let signals = Signals {
        dnt: n.is_multiple_of(2),
        gpc: false,
    };
    NewRecord {
        consent_id: ConsentId([n; 16]),
        previous_consent_id: (n > 1).then(|| ConsentId([n - 1; 16])),
        recorded_at_ms: 1_795_916_459_000 + u64::from(n),
        policy_revision: "2026-04-12".into(),
        policy_sha256: sha256_hex(b"policy"),
        action: FormAction::SaveChoices,
        source: Source::Dialog,
        requested: Choices::ALL,
        effective: Choices::ALL.under(signals),
        signals,
        locale: "en".into(),
        user_agent: None,
        subject: None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_canonical_form_is_compact_ordered_json_without_the_hash() {
        let r = ConsentRecord::link(1, sample(1), GENESIS.into());
        let text = String::from_utf8(r.canonical()).unwrap();
        assert!(text.starts_with(r#"{"v":1,"seq":1,"consent_id":"01010101010101010101010101010101","previous_consent_id":null,"recorded_at_ms":1795916459001,"#), "{text}");
        assert!(
            text.ends_with(&format!(
                r#""locale":"en","user_agent":null,"prev_hash":"{GENESIS}"}}"#
            )),
            "{text}"
        );
        assert!(!text.contains("\"hash\""));
        assert_eq!(r.hash, sha256_hex(text.as_bytes()));
        assert_eq!(r.hash.len(), 64);
    }

    #[test]
    fn json_round_trips_and_refuses_what_is_not_a_record() {
        let r = ConsentRecord::link(7, sample(3), "ab".repeat(32));
        let back = ConsentRecord::try_from(r.to_json()).unwrap();
        assert_eq!(back, r);
        let mut bad = r.to_json();
        bad.action = "delete_everything".into();
        assert!(ConsentRecord::try_from(bad).is_err());
        let mut bad = r.to_json();
        bad.consent_id = "not hex".into();
        assert!(ConsentRecord::try_from(bad).is_err());
    }

    #[test]
    fn an_accounts_decision_adds_scope_and_subject_and_a_devices_stays_version_1() {
        let device = ConsentRecord::link(1, sample(1), GENESIS.into());
        let text = String::from_utf8(device.canonical()).unwrap();
        assert!(!text.contains("scope") && !text.contains("subject"));
        let mut r = sample(2);
        r.subject = Some("ab".repeat(16));
        let account = ConsentRecord::link(2, r, device.hash.clone());
        let text = String::from_utf8(account.canonical()).unwrap();
        assert!(text.starts_with(r#"{"v":2,"#), "{text}");
        assert!(text.contains(&format!(
            r#""user_agent":null,"scope":"account","subject":"{}","prev_hash""#,
            "ab".repeat(16)
        )));
        assert_eq!(ConsentRecord::try_from(account.to_json()).unwrap(), account);
        let mut bad = account.to_json();
        bad.v = 1;
        assert!(
            ConsentRecord::try_from(bad).is_err(),
            "a subject needs version 2"
        );
        let mut bad = account.to_json();
        bad.subject = Some("ana@example.com".into());
        assert!(
            ConsentRecord::try_from(bad).is_err(),
            "never an e-mail address"
        );
    }

    #[test]
    fn sha256_matches_the_standard_test_vector() {
        assert_eq!(
            sha256_hex(b"abc"),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
    }
}
