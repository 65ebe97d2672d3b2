//! Checking an NDJSON export alone, with the log's public keys and no database or secret:
//! what `leadsgen-consent log verify-export FILE --keys keys.json` runs.
//!
//! An export is verified when
//! - its closing line ([`ExportEnd`]) is signed by a key of the keys file, and says what the
//!   file holds: its bounds (those of the opening line), how many records, and the first
//!   record's position and `prev_hash` and the last one's position and `hash`;
//! - every record is exactly a record (no member added), matches its hash, follows the
//!   previous one without a gap and links to it, from that first record to that last one;
//! - its checkpoint, if it carries one, is signed by a key of the keys file, names a record
//!   of the file as its head with that record's hash, and, for an export of the whole log
//!   (no `from` bound), names as anchor what the first record links to.
//!
//! The first failure is reported with its line number.

use std::collections::HashSet;
use std::io::{self, BufRead};

use crate::chain::Verifier;
use crate::checkpoint::Checkpoint;
use crate::export::{ExportEnd, ExportHead, EXPORT_VERSION};
use crate::record::{rfc3339, ConsentRecord, RecordJson};
use crate::signing::{KeySet, SignedLine};

/// What a verified export holds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExportReport {
    /// How many records were checked.
    pub records: u64,
    /// The positions of the first and last record, if any.
    pub range: Option<(u64, u64)>,
    /// When the export was signed (RFC 3339) and by which key.
    pub signed: (String, String),
    /// The checkpoint the export carries, if any.
    pub checkpoint: Option<CheckpointSeen>,
    /// Whether the export is of the whole log (no `from` bound).
    pub whole_log: bool,
}

/// The checkpoint an export carries, as the report names it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CheckpointSeen {
    /// The position of its head.
    pub head_seq: u64,
    /// When it was signed, RFC 3339.
    pub signed_at: String,
    /// By which key.
    pub key_id: String,
}

impl std::fmt::Display for ExportReport {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let (at, key) = &self.signed;
        match self.range {
            None => write!(f, "ok: the export holds no record")?,
            Some((first, last)) => write!(
                f,
                "ok: {} records (positions {first} to {last}) verified",
                self.records
            )?,
        }
        write!(f, "; the export was signed at {at} by key {key}")?;
        if let Some(c) = &self.checkpoint {
            write!(
                f,
                "; its checkpoint, signed at {} by key {}, covers up to record {}",
                c.signed_at, c.key_id, c.head_seq
            )?;
        }
        if !self.whole_log {
            write!(f, "; the export is filtered by date")?;
        }
        Ok(())
    }
}

/// Why an export does not verify: the line (1-based) and what is wrong with it.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ExportError {
    /// A line is bad.
    #[error("line {line}: {problem}")]
    Line {
        /// Its number, from 1.
        line: usize,
        /// What is wrong.
        problem: String,
    },
    /// The export as a whole lacks something.
    #[error("{0}")]
    Whole(String),
    /// The file could not be read.
    #[error("the export could not be read: {0}")]
    Io(String),
}

impl From<io::Error> for ExportError {
    fn from(e: io::Error) -> Self {
        ExportError::Io(e.to_string())
    }
}

/// Verifies the export that `open` reads (called twice: once for the opening, checkpoint
/// and closing lines, once for the records, so that a file of any size is checked in
/// constant memory) against `keys`.
///
/// Returns `Err(ExportError::Line)` naming the first bad line: a line that is not part of an
/// export, a signature that does not verify, an edited record, a record after a gap (one was
/// deleted) or out of order, a checkpoint whose head is not its record, or the last record
/// when the signed end names another (lines were cut off or added). Returns
/// `Err(ExportError::Whole)` for a file without its signed end (cut short).
pub fn verify_export<R: BufRead>(
    mut open: impl FnMut() -> io::Result<R>,
    keys: &KeySet,
) -> Result<ExportReport, ExportError> {
    let bad = |line: usize, problem: String| ExportError::Line { line, problem };
    // Pass 1: the opening line, the checkpoints and the signed end (the last line).
    let mut head: Option<ExportHead> = None;
    let mut checkpoints = Vec::new();
    let mut end: Option<(usize, ExportEnd)> = None;
    let mut lines = 0;
    for (i, text) in open()?.lines().enumerate() {
        let (n, text) = (i + 1, text?);
        lines = n;
        if let Some((at, _)) = &end {
            return Err(bad(
                n,
                format!("a line after the signed end (line {at}): lines were added"),
            ));
        }
        if n == 1 {
            head = Some(opening(&text).ok_or_else(|| {
                bad(
                    n,
                    format!("not the opening line of an NDJSON export ({EXPORT_VERSION})"),
                )
            })?);
        } else if let Some(checkpoint) = Checkpoint::from_export_line(&text) {
            let checkpoint = checkpoint.map_err(|e| bad(n, format!("not a checkpoint: {e}")))?;
            checkpoint
                .verify(keys)
                .map_err(|e| bad(n, format!("the checkpoint does not verify: {e}")))?;
            checkpoints.push((n, checkpoint));
        } else if let Some(closing) = ExportEnd::from_export_line(&text) {
            let closing = closing.map_err(|e| bad(n, format!("not a signed end: {e}")))?;
            closing
                .verify(keys)
                .map_err(|e| bad(n, format!("the signed end does not verify: {e}")))?;
            end = Some((n, closing));
        }
    }
    let head = head.ok_or_else(|| ExportError::Whole("the file is empty".into()))?;
    let Some((end_line, end)) = end else {
        return Err(ExportError::Whole(format!(
            "the export has no signed end: it was cut short after line {lines}, or was not \
             made by the server"
        )));
    };
    if (head.from_ms, head.to_ms) != (end.from_ms, end.to_ms) {
        return Err(bad(
            1,
            "its bounds are not those the signed end names: the opening line was edited".into(),
        ));
    }
    let whole_log = end.from_ms.is_none();
    // For the whole log, the first record links to the anchor the checkpoint signed.
    if let (true, Some((n, c)), Some((first, prev))) = (whole_log, checkpoints.last(), &end.first) {
        if (c.anchor_seq.checked_add(1), &c.anchor_hash) != (Some(*first), prev) {
            return Err(bad(
                *n,
                format!(
                    "the export starts at record {first}, but the log's anchor is record {}: \
                     records at the start are missing",
                    c.anchor_seq
                ),
            ));
        }
    }
    let skip: HashSet<usize> = checkpoints.iter().map(|(n, _)| *n).collect();
    // Pass 2: the records, in order, from where the signed end says they start.
    let mut verifier = end.first.as_ref().map(|(seq, prev)| {
        Verifier::starting_at(seq.saturating_sub(1), prev.clone())
            .expecting(checkpoints.iter().map(|(_, c)| c.signed_head()).collect())
    });
    let mut range: Option<(u64, u64)> = None;
    let mut last_line = 1;
    let mut count = 0u64;
    for (i, text) in open()?.lines().enumerate() {
        let (n, text) = (i + 1, text?);
        if n == 1 || n == end_line || skip.contains(&n) {
            continue;
        }
        if !skip.is_empty() && n > *skip.iter().min().unwrap_or(&n) {
            return Err(bad(
                n,
                "a record after the checkpoint: lines were moved or added".into(),
            ));
        }
        let record = serde_json::from_str::<RecordJson>(&text)
            .map_err(|e| e.to_string())
            .and_then(|j| ConsentRecord::try_from(j).map_err(|e| e.to_string()))
            .map_err(|e| bad(n, format!("not a consent record: {e}")))?;
        let Some(verifier) = verifier.as_mut() else {
            return Err(bad(
                n,
                "a record in an export whose signed end holds none: it was added".into(),
            ));
        };
        verifier.push(&record).map_err(|e| bad(n, e.to_string()))?;
        count += 1;
        range = Some((range.map_or(record.seq, |(first, _)| first), record.seq));
        last_line = n;
    }
    let signed_last = end.last.as_ref().map(|(seq, hash)| (*seq, hash.as_str()));
    let found_last = verifier.as_ref().map(|v| v.position());
    if count != end.records || (count > 0 && signed_last != found_last) {
        return Err(bad(
            last_line,
            format!(
                "the records end at record {} after {count}, but the signed end names record \
                 {} after {}: records were cut off or added",
                found_last.map_or(0, |(seq, _)| seq),
                signed_last.map_or(0, |(seq, _)| seq),
                end.records
            ),
        ));
    }
    if let Some(verifier) = verifier {
        verifier
            .finish_checkpoints()
            .map_err(|e| bad(last_line, e.to_string()))?;
    }
    Ok(ExportReport {
        records: count,
        range,
        signed: (rfc3339(end.signed_at_ms), end.key_id.clone()),
        checkpoint: checkpoints.last().map(|(_, c)| CheckpointSeen {
            head_seq: c.head_seq,
            signed_at: rfc3339(c.signed_at_ms),
            key_id: c.key_id.clone(),
        }),
        whole_log,
    })
}

/// The opening line's [`ExportHead`], if the line is one.
fn opening(text: &str) -> Option<ExportHead> {
    let value: serde_json::Value = serde_json::from_str(text).ok()?;
    serde_json::from_value::<ExportHead>(value.get("export")?.clone())
        .ok()
        .filter(|h| h.version == EXPORT_VERSION)
}
