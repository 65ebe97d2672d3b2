//! The hash chain that makes the consent log tamper-evident.
//!
//! Each record's hash covers its content and the previous record's hash, and records are
//! numbered without gaps, so editing, deleting or reordering any record breaks the chain at
//! that record. The chain's two ends are kept in one row, [`ChainState`]: the *anchor* (the
//! last record purged for retention, or [`GENESIS`]) and the *head* (the last record written).
//! That row carries an HMAC under a key only the server holds, so cutting records off the end
//! and rewriting the head to match is detected too.

use hmac::{Hmac, Mac};
use sha2::Sha256;

use std::collections::VecDeque;

use super::record::{ConsentRecord, NewRecord, GENESIS};

/// The keys of the chain state's HMAC-SHA256, derived from the consent cookie keys: the
/// current one, which signs, and the previous ones (a rotated-out cookie key), which are
/// still accepted when checking, so that rotating the cookie key breaks no chain state. The
/// next write signs the state with the current key again.
#[derive(Clone)]
pub struct LogKey {
    current: [u8; 32],
    previous: Vec<[u8; 32]>,
}

impl std::fmt::Debug for LogKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("LogKey(<redacted>)")
    }
}

impl LogKey {
    /// Derives the log's key from the signing key's bytes: HMAC-SHA256(master, label).
    pub fn derive(master: &[u8]) -> Self {
        LogKey {
            current: derive(master),
            previous: Vec::new(),
        }
    }

    /// Also accepts states signed under keys derived from `masters` (previous cookie keys).
    pub fn with_previous<'a>(mut self, masters: impl IntoIterator<Item = &'a [u8]>) -> Self {
        self.previous = masters.into_iter().map(derive).collect();
        self
    }
}

fn derive(master: &[u8]) -> [u8; 32] {
    let mut mac = Hmac::<Sha256>::new_from_slice(master).expect("HMAC takes any key length");
    mac.update(b"leadsgen consent log chain state v1");
    mac.finalize().into_bytes().into()
}

/// Which of a [`LogKey`]'s keys signed a chain state.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SignedBy {
    /// The current key.
    Current,
    /// A previous key: the state should be signed again with the current one.
    Previous,
}

/// The two ends of the chain, as stored in the chain-state row.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChainState {
    /// The last purged record's position (0 when nothing was purged).
    pub anchor_seq: u64,
    /// The last purged record's hash ([`GENESIS`] when nothing was purged).
    pub anchor_hash: String,
    /// The last record's position (equal to `anchor_seq` when the log holds no record).
    pub head_seq: u64,
    /// The last record's hash.
    pub head_hash: String,
}

impl ChainState {
    /// An empty chain.
    pub fn genesis() -> Self {
        ChainState {
            anchor_seq: 0,
            anchor_hash: GENESIS.into(),
            head_seq: 0,
            head_hash: GENESIS.into(),
        }
    }

    /// HMAC-SHA256 of the state under `key`'s current key, lower-case hex.
    pub fn mac(&self, key: &LogKey) -> String {
        self.mac_under(&key.current)
    }

    fn mac_under(&self, key: &[u8; 32]) -> String {
        let mut mac = Hmac::<Sha256>::new_from_slice(key).expect("HMAC takes any key length");
        mac.update(
            format!(
                "{}|{}|{}|{}",
                self.anchor_seq, self.anchor_hash, self.head_seq, self.head_hash
            )
            .as_bytes(),
        );
        mac.finalize()
            .into_bytes()
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect()
    }

    /// Whether `mac` is this state's HMAC under one of `key`'s keys (compared in constant
    /// time).
    pub fn mac_matches(&self, key: &LogKey, mac: &str) -> bool {
        self.signed_by(key, mac).is_some()
    }

    /// Which of `key`'s keys `mac` is this state's HMAC under, if any.
    pub fn signed_by(&self, key: &LogKey, mac: &str) -> Option<SignedBy> {
        use subtle::ConstantTimeEq;
        let under = |k: &[u8; 32]| bool::from(self.mac_under(k).as_bytes().ct_eq(mac.as_bytes()));
        if under(&key.current) {
            Some(SignedBy::Current)
        } else if key.previous.iter().any(under) {
            Some(SignedBy::Previous)
        } else {
            None
        }
    }

    /// Links `records` after the head, in order, and moves the head to the last of them.
    pub fn append(&mut self, records: Vec<NewRecord>) -> Vec<ConsentRecord> {
        records
            .into_iter()
            .map(|record| {
                let linked = ConsentRecord::link(self.head_seq + 1, record, self.head_hash.clone());
                self.head_seq = linked.seq;
                self.head_hash = linked.hash.clone();
                linked
            })
            .collect()
    }
}

/// Where and how the chain is broken. The message names the first bad record.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ChainError {
    /// The chain state's HMAC does not match: the state row was rewritten without the key
    /// (or the key is not the one the log was written with).
    #[error("the chain state's signature does not match: it was rewritten, or this is not the key the log was written with")]
    BadStateMac,
    /// A record is missing before `found`, or records are out of order.
    #[error(
        "record {found} follows record {previous}: records before it were deleted or reordered"
    )]
    Gap {
        /// The position the previous record had.
        previous: u64,
        /// The position found instead of `previous + 1`.
        found: u64,
    },
    /// A record's content does not match its hash: it was edited.
    #[error("record {seq} (consent {consent_id}) does not match its hash: it was edited")]
    Altered {
        /// Its position.
        seq: u64,
        /// Its consent ID.
        consent_id: String,
    },
    /// A record's `prev_hash` is not the previous record's hash: a record before it was
    /// replaced, or it was moved.
    #[error("record {seq} (consent {consent_id}) does not link to the record before it: that record was replaced, or this one was moved")]
    BrokenLink {
        /// Its position.
        seq: u64,
        /// Its consent ID.
        consent_id: String,
    },
    /// The last record is not the head the state names: records were cut off the end, or
    /// added outside the log.
    #[error("the log ends at record {last} but its signed head is record {head}: records at the end were deleted or added outside the log")]
    HeadMismatch {
        /// The last record found.
        last: u64,
        /// The head the state names.
        head: u64,
    },
    /// A record is not the one a signed checkpoint names as its head: it, or a record
    /// before it, was changed after the checkpoint was signed.
    #[error("record {seq} is not the head that the checkpoint signed at {signed_at} names: it or a record before it was changed after signing")]
    CheckpointMismatch {
        /// Its position.
        seq: u64,
        /// When the checkpoint was signed, RFC 3339 in UTC.
        signed_at: String,
    },
    /// A signed checkpoint covers records beyond the last one found.
    #[error("the records end at record {last}, but a signed checkpoint covers records up to {checkpoint}: records at the end were deleted or cut off")]
    PastCheckpoint {
        /// The last record found.
        last: u64,
        /// The head of the furthest checkpoint.
        checkpoint: u64,
    },
    /// A checkpoint's signature does not verify.
    #[error("a signed checkpoint does not verify: {0}")]
    BadCheckpoint(String),
    /// A stored policy snapshot does not match the hash records cite it by: it was edited.
    #[error("the policy version {sha256} does not match its snapshot: the snapshot was edited")]
    PolicyAltered {
        /// The hash the snapshot is stored under.
        sha256: String,
    },
    /// A stored row is not a record.
    #[error("record {seq} cannot be read: {reason}")]
    Unreadable {
        /// Its position.
        seq: u64,
        /// Why.
        reason: String,
    },
}

impl ChainError {
    /// The position of the first bad record, if the error names one.
    pub fn seq(&self) -> Option<u64> {
        match self {
            ChainError::Gap { found, .. } => Some(*found),
            ChainError::Altered { seq, .. }
            | ChainError::BrokenLink { seq, .. }
            | ChainError::Unreadable { seq, .. }
            | ChainError::CheckpointMismatch { seq, .. } => Some(*seq),
            ChainError::HeadMismatch { last, .. } | ChainError::PastCheckpoint { last, .. } => {
                Some(*last)
            }
            ChainError::BadStateMac
            | ChainError::PolicyAltered { .. }
            | ChainError::BadCheckpoint(_) => None,
        }
    }
}

/// Walks the records in order, from the anchor, and checks each one as it comes, so a log of
/// any size is verified in constant memory (beside the checkpoints it expects).
#[derive(Debug)]
pub struct Verifier {
    seq: u64,
    hash: String,
    count: u64,
    /// Checkpoints whose head is still ahead, nearest first. Their signatures are checked
    /// by whoever hands them over ([`Verifier::expecting`]).
    checkpoints: VecDeque<SignedHead>,
}

/// What a signed checkpoint says of one record: that the record at `seq` has `hash`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SignedHead {
    /// The record's position.
    pub seq: u64,
    /// Its hash, lower-case hex.
    pub hash: String,
    /// When the checkpoint was signed: milliseconds since the Unix epoch, UTC.
    pub signed_at_ms: u64,
}

impl Verifier {
    /// Starts at `state`'s anchor, after checking the state's HMAC.
    pub fn new(state: &ChainState, mac: &str, key: &LogKey) -> Result<Self, ChainError> {
        if !state.mac_matches(key, mac) {
            return Err(ChainError::BadStateMac);
        }
        Ok(Self::starting_at(
            state.anchor_seq,
            state.anchor_hash.clone(),
        ))
    }

    /// Starts after the record at `seq` whose hash is `hash`, with no chain state to check:
    /// for an export, which only checkpoints vouch for.
    pub fn starting_at(seq: u64, hash: String) -> Self {
        Verifier {
            seq,
            hash,
            count: 0,
            checkpoints: VecDeque::new(),
        }
    }

    /// Also checks that each record a checkpoint names as its head has that checkpoint's
    /// hash, and, at the end, that no checkpoint names a record beyond the last. Checkpoints
    /// at or before the starting point are left out. Their signatures must already have been
    /// checked.
    pub fn expecting(mut self, mut checkpoints: Vec<SignedHead>) -> Self {
        checkpoints.retain(|c| c.seq > self.seq);
        checkpoints.sort_by_key(|c| c.seq);
        self.checkpoints = checkpoints.into();
        self
    }

    /// Adds checkpoints to those already expected, in the order of their heads (after them):
    /// for a walk that reads them a page at a time. Those at or before the last record checked
    /// are left out.
    pub fn expect_more(&mut self, checkpoints: Vec<SignedHead>) {
        let seq = self.seq;
        self.checkpoints
            .extend(checkpoints.into_iter().filter(|c| c.seq > seq));
    }

    /// Forgets the expected checkpoints whose head is in `range`: those signed, during a
    /// walk, over records the walk was not asked to reach.
    pub fn forget_expected(&mut self, range: std::ops::RangeInclusive<u64>) {
        self.checkpoints.retain(|c| !range.contains(&c.seq));
    }

    /// The last record checked: its position and hash.
    pub fn position(&self) -> (u64, &str) {
        (self.seq, &self.hash)
    }

    /// Goes on from a point an earlier walk reached: the record at `seq` with `hash`, after
    /// `count` records, under the current `state` (whose HMAC is checked again).
    pub fn resume(
        state: &ChainState,
        mac: &str,
        key: &LogKey,
        seq: u64,
        hash: String,
        count: u64,
    ) -> Result<Self, ChainError> {
        let mut verifier = Self::new(state, mac, key)?;
        verifier.seq = seq;
        verifier.hash = hash;
        verifier.count = count;
        Ok(verifier)
    }

    /// Checks the next record.
    pub fn push(&mut self, record: &ConsentRecord) -> Result<(), ChainError> {
        if record.seq != self.seq + 1 {
            return Err(ChainError::Gap {
                previous: self.seq,
                found: record.seq,
            });
        }
        let consent_id = || record.record.consent_id.to_string();
        if record.computed_hash() != record.hash {
            return Err(ChainError::Altered {
                seq: record.seq,
                consent_id: consent_id(),
            });
        }
        if record.prev_hash != self.hash {
            return Err(ChainError::BrokenLink {
                seq: record.seq,
                consent_id: consent_id(),
            });
        }
        while let Some(checkpoint) = self.checkpoints.front().filter(|c| c.seq == record.seq) {
            if checkpoint.hash != record.hash {
                return Err(ChainError::CheckpointMismatch {
                    seq: record.seq,
                    signed_at: crate::record::rfc3339(checkpoint.signed_at_ms),
                });
            }
            self.checkpoints.pop_front();
        }
        self.seq = record.seq;
        self.hash.clone_from(&record.hash);
        self.count += 1;
        Ok(())
    }

    /// Ends a walk that has no chain state to end at (an export): only the checkpoints must
    /// all have been met. Returns how many records were checked.
    pub fn finish_checkpoints(self) -> Result<u64, ChainError> {
        if let Some(furthest) = self.checkpoints.back() {
            return Err(ChainError::PastCheckpoint {
                last: self.seq,
                checkpoint: furthest.seq,
            });
        }
        Ok(self.count)
    }

    /// Ends the walk: the last record must be the state's head. Returns how many records
    /// were checked.
    pub fn finish(self, state: &ChainState) -> Result<u64, ChainError> {
        if self.seq != state.head_seq || self.hash != state.head_hash {
            return Err(ChainError::HeadMismatch {
                last: self.seq,
                head: state.head_seq,
            });
        }
        self.finish_checkpoints()
    }
}

/// Verifies a whole chain held in memory (tests, small logs).
pub fn verify_all<'a>(
    state: &ChainState,
    mac: &str,
    key: &LogKey,
    records: impl IntoIterator<Item = &'a ConsentRecord>,
) -> Result<u64, ChainError> {
    let mut verifier = Verifier::new(state, mac, key)?;
    for r in records {
        verifier.push(r)?;
    }
    verifier.finish(state)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::record::{sample, RecordJson};
    use proptest::prelude::*;

    fn key() -> LogKey {
        LogKey::derive(&[9; 64])
    }

    fn chain(n: u8) -> (ChainState, String, Vec<ConsentRecord>) {
        let mut state = ChainState::genesis();
        let records = state.append((1..=n).map(sample).collect());
        let mac = state.mac(&key());
        (state, mac, records)
    }

    /// The record as stored (its JSON) with the byte at `at` set to `byte`, if that still
    /// reads as a record and differs from the original.
    fn tamper(record: &ConsentRecord, at: usize, byte: u8) -> Option<ConsentRecord> {
        let mut bytes = serde_json::to_vec(&record.to_json()).unwrap();
        let i = at % bytes.len();
        bytes[i] = byte;
        let edited: RecordJson = serde_json::from_slice(&bytes).ok()?;
        let edited = ConsentRecord::try_from(edited).ok()?;
        (edited != *record).then_some(edited)
    }

    #[test]
    fn every_single_byte_change_to_any_stored_record_is_detected() {
        let (state, mac, records) = chain(5);
        let mut edits = 0;
        for which in 0..records.len() {
            let len = serde_json::to_vec(&records[which].to_json()).unwrap().len();
            for at in 0..len {
                for byte in [b'0', b'1', b'9', b'a', b'f', b'x', b'"', b' '] {
                    if let Some(edited) = tamper(&records[which], at, byte) {
                        let mut copy = records.clone();
                        copy[which] = edited;
                        edits += 1;
                        assert!(
                            verify_all(&state, &mac, &key(), &copy).is_err(),
                            "record {which}, byte {at} -> {byte}"
                        );
                    }
                }
            }
        }
        assert!(
            edits > 1000,
            "only {edits} edits still parsed: the test checks too little"
        );
    }

    #[test]
    fn an_intact_chain_verifies() {
        let (state, mac, records) = chain(5);
        assert_eq!(verify_all(&state, &mac, &key(), &records), Ok(5));
        assert_eq!(state.head_seq, 5);
        let empty = ChainState::genesis();
        assert_eq!(verify_all(&empty, &empty.mac(&key()), &key(), &[]), Ok(0));
    }

    #[test]
    fn deleting_any_record_is_detected() {
        let (state, mac, records) = chain(6);
        for i in 0..records.len() {
            let mut cut = records.clone();
            cut.remove(i);
            let err = verify_all(&state, &mac, &key(), &cut).unwrap_err();
            let expected = if i == records.len() - 1 {
                ChainError::HeadMismatch { last: 5, head: 6 }
            } else {
                ChainError::Gap {
                    previous: i as u64,
                    found: i as u64 + 2,
                }
            };
            assert_eq!(err, expected, "deleting record {}", i + 1);
        }
    }

    #[test]
    fn reordering_records_is_detected() {
        let (state, mac, mut records) = chain(4);
        records.swap(1, 2);
        assert!(verify_all(&state, &mac, &key(), &records).is_err());
        // Renumbering them to hide the swap breaks their hashes instead.
        let (_, _, mut records) = chain(4);
        records.swap(1, 2);
        records[1].seq = 2;
        records[2].seq = 3;
        assert!(matches!(
            verify_all(&state, &mac, &key(), &records),
            Err(ChainError::Altered { seq: 2, .. })
        ));
    }

    #[test]
    fn rehashing_an_edited_record_breaks_the_next_link() {
        let (state, mac, mut records) = chain(3);
        records[1].record.effective = leadsgen_domain::consent::Choices::ALL;
        records[1].hash = records[1].computed_hash();
        assert!(matches!(
            verify_all(&state, &mac, &key(), &records),
            Err(ChainError::BrokenLink { seq: 3, .. })
        ));
    }

    #[test]
    fn the_head_cannot_be_rewritten_without_the_key() {
        let (mut state, _, mut records) = chain(3);
        records.pop();
        state.head_seq = 2;
        state.head_hash = records[1].hash.clone();
        let forged = state.mac(&LogKey::derive(b"someone else's key"));
        assert_eq!(
            verify_all(&state, &forged, &key(), &records),
            Err(ChainError::BadStateMac)
        );
        assert_eq!(
            verify_all(&state, &state.mac(&key()), &key(), &records),
            Ok(2),
            "with the key, a purge-like cut is a new valid state"
        );
    }

    #[test]
    fn a_purged_prefix_verifies_from_its_anchor() {
        let (mut state, _, records) = chain(5);
        state.anchor_seq = 2;
        state.anchor_hash = records[1].hash.clone();
        let mac = state.mac(&key());
        assert_eq!(verify_all(&state, &mac, &key(), &records[2..]), Ok(3));
        assert!(verify_all(&state, &mac, &key(), &records[3..]).is_err());
    }

    proptest! {
        #[test]
        fn any_byte_anywhere_is_detected(which in 0usize..5, at in 0usize..2000, byte: u8) {
            let (state, mac, mut records) = chain(5);
            if let Some(edited) = tamper(&records[which], at, byte) {
                records[which] = edited;
                prop_assert!(verify_all(&state, &mac, &key(), &records).is_err());
            }
        }
    }
}
