//! Checking an NDJSON export alone, with the log's public keys and no database or secret:
//! what `leadsgen-consent log verify-export FILE --keys keys.json` runs.
//!
//! An export is verified when
//! - every checkpoint in it is signed by a key of the keys file;
//! - every record matches its hash, follows the previous one without a gap and links to it;
//! - every record a checkpoint names as its head has that checkpoint's hash, and no
//!   checkpoint names a record beyond the last (records were cut off);
//! - for an export of the whole log (no `from` bound), the first record links to the anchor
//!   the newest checkpoint signed.
//!
//! The first failure is reported with its line number.

use std::io::{self, BufRead};

use crate::chain::Verifier;
use crate::checkpoint::Checkpoint;
use crate::export::{ExportHead, EXPORT_VERSION};
use crate::record::{rfc3339, ConsentRecord, RecordJson};
use crate::signing::KeySet;

/// What a verified export holds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExportReport {
    /// How many records were checked.
    pub records: u64,
    /// The positions of the first and last record, if any.
    pub range: Option<(u64, u64)>,
    /// The furthest checkpoint: the position of its head, when it was signed (RFC 3339) and
    /// by which key.
    pub last_checkpoint: Option<(u64, String, String)>,
    /// How many checkpoints the export carries.
    pub checkpoints: usize,
    /// Whether the export is of the whole log (its first record links to the anchor).
    pub whole_log: bool,
}

impl std::fmt::Display for ExportReport {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let Some((first, last)) = self.range else {
            return write!(f, "ok: the export holds no record");
        };
        write!(
            f,
            "ok: {} records (positions {first} to {last}) verified against {} signed checkpoint(s)",
            self.records, self.checkpoints
        )?;
        if let Some((head, at, key)) = &self.last_checkpoint {
            write!(
                f,
                "; the last, signed at {at} by key {key}, covers up to record {head}"
            )?;
            if *head < last {
                write!(
                    f,
                    "; records {} to {last} are linked to it but not yet signed",
                    head + 1
                )?;
            }
        }
        if !self.whole_log {
            write!(
                f,
                "; the export is filtered by date, so it starts at record {first}"
            )?;
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

/// Verifies the export that `open` reads (called twice: once for the checkpoints, once for
/// the records, so that a file of any size is checked in constant memory beside its
/// checkpoints) against `keys`.
///
/// Returns `Err(ExportError::Line)` naming the first bad line: one that is not a record or
/// checkpoint, a checkpoint whose signature does not verify, an edited record, a record after
/// a gap (one was deleted) or out of order, a record that is not a checkpoint's head, or the
/// last record when a checkpoint covers more (the end was cut off).
pub fn verify_export<R: BufRead>(
    mut open: impl FnMut() -> io::Result<R>,
    keys: &KeySet,
) -> Result<ExportReport, ExportError> {
    let bad = |line: usize, problem: String| ExportError::Line { line, problem };
    // Pass 1: the opening line and the checkpoints.
    let mut head: Option<ExportHead> = None;
    let mut checkpoints = Vec::new();
    for (i, text) in open()?.lines().enumerate() {
        let (n, text) = (i + 1, text?);
        if n == 1 {
            let value: serde_json::Value =
                serde_json::from_str(&text).map_err(|e| bad(n, format!("not JSON: {e}")))?;
            let parsed = value
                .get("export")
                .cloned()
                .and_then(|v| serde_json::from_value::<ExportHead>(v).ok())
                .filter(|h| h.version == EXPORT_VERSION)
                .ok_or_else(|| {
                    bad(
                        n,
                        format!("not the opening line of an NDJSON export ({EXPORT_VERSION})"),
                    )
                })?;
            head = Some(parsed);
        } else if let Some(checkpoint) = Checkpoint::from_export_line(&text) {
            let checkpoint = checkpoint.map_err(|e| bad(n, format!("not a checkpoint: {e}")))?;
            checkpoint
                .verify(keys)
                .map_err(|e| bad(n, format!("the checkpoint does not verify: {e}")))?;
            checkpoints.push((n, checkpoint));
        }
    }
    let head = head.ok_or_else(|| ExportError::Whole("the file is empty".into()))?;
    let newest = checkpoints
        .iter()
        .max_by_key(|(_, c)| c.head_seq)
        .map(|(_, c)| c.clone());
    let checkpoint_lines: Vec<usize> = checkpoints.iter().map(|(n, _)| *n).collect();
    // Pass 2: the records, in order.
    let mut verifier: Option<Verifier> = None;
    let mut range: Option<(u64, u64)> = None;
    let mut last_line = 1;
    let mut after_checkpoints = false;
    for (i, text) in open()?.lines().enumerate() {
        let (n, text) = (i + 1, text?);
        if n == 1 {
            continue;
        }
        if checkpoint_lines.contains(&n) {
            after_checkpoints = true;
            continue;
        }
        if after_checkpoints {
            return Err(bad(
                n,
                "a record after the checkpoints: lines were moved or added".into(),
            ));
        }
        let record = serde_json::from_str::<RecordJson>(&text)
            .map_err(|e| e.to_string())
            .and_then(|j| ConsentRecord::try_from(j).map_err(|e| e.to_string()))
            .map_err(|e| bad(n, format!("not a consent record: {e}")))?;
        let verifier = verifier.get_or_insert_with(|| {
            // The whole log starts at the anchor the newest checkpoint signed; a filtered
            // export starts wherever its first record says.
            let start = match (&newest, head.from_ms) {
                (Some(c), None) => (c.anchor_seq, c.anchor_hash.clone()),
                _ => (record.seq - 1, record.prev_hash.clone()),
            };
            Verifier::starting_at(start.0, start.1)
                .expecting(checkpoints.iter().map(|(_, c)| c.signed_head()).collect())
        });
        verifier.push(&record).map_err(|e| bad(n, e.to_string()))?;
        range = Some((range.map_or(record.seq, |(first, _)| first), record.seq));
        last_line = n;
    }
    let Some(verifier) = verifier else {
        return match newest {
            None => Ok(ExportReport {
                records: 0,
                range: None,
                last_checkpoint: None,
                checkpoints: 0,
                whole_log: head.from_ms.is_none(),
            }),
            Some(c) => Err(ExportError::Whole(format!(
                "the export holds no record, but a checkpoint covers records up to {}",
                c.head_seq
            ))),
        };
    };
    let Some(newest) = newest else {
        return Err(ExportError::Whole(format!(
            "no signed checkpoint follows the records: the export was cut short after line \
             {last_line}, or was not made by the server"
        )));
    };
    let records = verifier
        .finish_checkpoints()
        .map_err(|e| bad(last_line, e.to_string()))?;
    Ok(ExportReport {
        records,
        range,
        last_checkpoint: Some((
            newest.head_seq,
            rfc3339(newest.signed_at_ms),
            newest.key_id.clone(),
        )),
        checkpoints: checkpoint_lines.len(),
        whole_log: head.from_ms.is_none(),
    })
}
