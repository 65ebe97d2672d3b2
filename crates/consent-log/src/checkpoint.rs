//! Signed checkpoints: the chain's two ends at one moment, signed with the log's Ed25519 key
//! ([`signing`](crate::signing)). A checkpoint's head hash covers every record up to it, so
//! a checkpoint proves, to anyone holding the public key, what the log held when it was
//! signed: no record before its head can be edited, removed or reordered afterwards, and
//! the head itself cannot be cut off, without the checkpoint failing to match.
//!
//! The server signs one every 30 s while records arrive ([`CHECKPOINT_EVERY`]), after every
//! purge, and before every export, and keeps them append-only beside the records.

use serde::{Deserialize, Serialize};

use crate::chain::{ChainState, SignedHead};
use crate::signing::{LogSigner, SignedLine};

/// The first word of every signed checkpoint message: its layout's version.
pub const CHECKPOINT_VERSION: &str = "leadsgen-consent-log/checkpoint/1";

/// One signed checkpoint.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Checkpoint {
    /// The position of the chain's last record: how many records were ever written (1 is
    /// the first; purges do not renumber).
    pub head_seq: u64,
    /// That record's hash, lower-case hex SHA-256.
    pub head_hash: String,
    /// The last purged record's position (0 before any purge).
    pub anchor_seq: u64,
    /// Its hash (the genesis hash, 64 zeros, before any purge).
    pub anchor_hash: String,
    /// When it was signed: milliseconds since the Unix epoch, UTC.
    pub signed_at_ms: u64,
    /// The signing key's ID (its RFC 7638 thumbprint).
    pub key_id: String,
    /// The Ed25519 signature of [`message`](Self::message), standard base64.
    pub signature: String,
}

impl Checkpoint {
    /// Signs `state` at `signed_at_ms` (milliseconds since the Unix epoch, UTC).
    pub fn sign(state: &ChainState, signed_at_ms: u64, signer: &LogSigner) -> Self {
        let mut checkpoint = Checkpoint {
            head_seq: state.head_seq,
            head_hash: state.head_hash.clone(),
            anchor_seq: state.anchor_seq,
            anchor_hash: state.anchor_hash.clone(),
            signed_at_ms,
            key_id: signer.key_id().to_string(),
            signature: String::new(),
        };
        checkpoint.signature = signer.sign(checkpoint.message().as_bytes());
        checkpoint
    }

    /// The exact bytes signed: one line of ASCII, no line ending, so that an auditor can
    /// write it with `printf '%s'` and check it with `openssl pkeyutl -verify -rawin`:
    ///
    /// `leadsgen-consent-log/checkpoint/1 head_seq=<n> head_hash=<hex> anchor_seq=<n>
    /// anchor_hash=<hex> signed_at_ms=<n> key_id=<kid>` (one space between fields).
    pub fn message(&self) -> String {
        format!(
            "{CHECKPOINT_VERSION} head_seq={} head_hash={} anchor_seq={} anchor_hash={} \
             signed_at_ms={} key_id={}",
            self.head_seq,
            self.head_hash,
            self.anchor_seq,
            self.anchor_hash,
            self.signed_at_ms,
            self.key_id
        )
    }

    /// What it vouches for, for a [`Verifier`](crate::chain::Verifier): its head.
    pub fn signed_head(&self) -> SignedHead {
        SignedHead {
            seq: self.head_seq,
            hash: self.head_hash.clone(),
            signed_at_ms: self.signed_at_ms,
        }
    }
}

impl SignedLine for Checkpoint {
    const NAME: &'static str = "checkpoint";

    fn message(&self) -> String {
        Checkpoint::message(self)
    }

    fn key_id(&self) -> &str {
        &self.key_id
    }

    fn signature(&self) -> &str {
        &self.signature
    }

    fn signed_at_ms(&self) -> u64 {
        self.signed_at_ms
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::record::sample;
    use crate::signing::KeySet;

    fn signed() -> (Checkpoint, KeySet) {
        let signer = LogSigner::from_seed([5; 32]);
        let mut state = ChainState::genesis();
        state.append(vec![sample(1), sample(2)]);
        let checkpoint = Checkpoint::sign(&state, 1_796_264_588_000, &signer);
        (checkpoint, KeySet::of([signer.public().clone()]))
    }

    #[test]
    fn verifies_and_refuses_any_changed_field() {
        let (checkpoint, keys) = signed();
        assert_eq!(checkpoint.verify(&keys), Ok(()));
        assert!(checkpoint
            .message()
            .starts_with("leadsgen-consent-log/checkpoint/1 head_seq=2 head_hash="));
        let changes: [fn(&mut Checkpoint); 5] = [
            |c| c.head_seq -= 1,
            |c| c.head_hash = "0".repeat(64),
            |c| c.anchor_seq += 1,
            |c| c.signed_at_ms += 1,
            |c| c.signature = LogSigner::from_seed([6; 32]).sign(b"x"),
        ];
        for change in changes {
            let mut forged = checkpoint.clone();
            change(&mut forged);
            assert!(forged.verify(&keys).is_err(), "{forged:?}");
        }
    }

    #[test]
    fn round_trips_through_an_export_line() {
        let (checkpoint, keys) = signed();
        let line = checkpoint.export_line();
        assert!(line.ends_with("}}\n"));
        let read = Checkpoint::from_export_line(&line).unwrap().unwrap();
        assert_eq!(read, checkpoint);
        assert_eq!(read.verify(&keys), Ok(()));
        assert!(Checkpoint::from_export_line(r#"{"v":1,"seq":1}"#).is_none());
        assert!(Checkpoint::from_export_line(r#"{"checkpoint":{}}"#)
            .unwrap()
            .is_err());
        let lying = line.replace("head_seq=2", "head_seq=1");
        assert!(Checkpoint::from_export_line(&lying).unwrap().is_err());
    }
}
