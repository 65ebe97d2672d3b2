//! Rows into records: each query's row, read by column name, decoded and checked.

use sqlx::{FromRow, Row};

use super::StoreError;
use crate::chain::ChainState;
use crate::checkpoint::Checkpoint;
use crate::record::{
    ChoiceFlags, ConsentRecord, RecordJson, SignalFlags, ACCOUNT_CANONICAL_VERSION,
    CANONICAL_VERSION,
};

/// The chain state row and its HMAC.
pub(super) fn chain_state_from<R>(row: &R) -> Result<(ChainState, String), StoreError>
where
    R: Row,
    for<'a> &'a str: sqlx::ColumnIndex<R>,
    for<'a> i64: sqlx::Decode<'a, R::Database> + sqlx::Type<R::Database>,
    for<'a> String: sqlx::Decode<'a, R::Database> + sqlx::Type<R::Database>,
{
    let seq = |name: &str| unsigned(row, name);
    Ok((
        ChainState {
            anchor_seq: seq("anchor_seq")?,
            anchor_hash: row.try_get("anchor_hash")?,
            head_seq: seq("head_seq")?,
            head_hash: row.try_get("head_hash")?,
        },
        row.try_get("mac")?,
    ))
}

/// A `log_checkpoint` row, with its number.
pub(super) fn checkpoint_from<R>(r: &R) -> Result<(i64, Checkpoint), StoreError>
where
    R: Row,
    for<'a> &'a str: sqlx::ColumnIndex<R>,
    for<'a> i64: sqlx::Decode<'a, R::Database> + sqlx::Type<R::Database>,
    for<'a> String: sqlx::Decode<'a, R::Database> + sqlx::Type<R::Database>,
{
    let seq = |name: &str| unsigned(r, name);
    Ok((
        r.try_get("id")?,
        Checkpoint {
            head_seq: seq("head_seq")?,
            head_hash: r.try_get("head_hash")?,
            anchor_seq: seq("anchor_seq")?,
            anchor_hash: r.try_get("anchor_hash")?,
            signed_at_ms: seq("signed_at_ms")?,
            key_id: r.try_get("key_id")?,
            signature: r.try_get("signature")?,
        },
    ))
}

/// A column that holds a position, a count or a time: stored signed, read unsigned.
///
/// Returns `Err(StoreError::Corrupt)` for a negative value.
fn unsigned<R>(row: &R, name: &str) -> Result<u64, StoreError>
where
    R: Row,
    for<'a> &'a str: sqlx::ColumnIndex<R>,
    for<'a> i64: sqlx::Decode<'a, R::Database> + sqlx::Type<R::Database>,
{
    let v: i64 = row.try_get(name)?;
    u64::try_from(v).map_err(|_| StoreError::Corrupt(format!("{name} is {v}")))
}

/// A `consent_record` row, column by column.
#[derive(Debug, FromRow)]
pub(super) struct RecordRow {
    seq: i64,
    consent_id: String,
    previous_consent_id: Option<String>,
    recorded_at_ms: i64,
    policy_revision: String,
    policy_sha256: String,
    action: String,
    source: String,
    requested_functional: bool,
    requested_analytics: bool,
    requested_marketing: bool,
    effective_functional: bool,
    effective_analytics: bool,
    effective_marketing: bool,
    dnt: bool,
    gpc: bool,
    locale: String,
    user_agent: Option<String>,
    scope: Option<String>,
    subject: Option<String>,
    prev_hash: String,
    hash: String,
}

/// The record in `row` (all of [`RECORD_COLUMNS`](super::queries)); `Err(StoreError::Corrupt)`
/// for a row that is not one (a negative position or time, an unknown action, a hash that does
/// not match).
pub(super) fn record_from<'r, R: Row>(row: &'r R) -> Result<ConsentRecord, StoreError>
where
    RecordRow: FromRow<'r, R>,
{
    let r = RecordRow::from_row(row)?;
    let int = |name: &str, v: i64| -> Result<u64, StoreError> {
        u64::try_from(v).map_err(|_| StoreError::Corrupt(format!("{name} is {v}")))
    };
    let json = RecordJson {
        v: if r.subject.is_some() {
            ACCOUNT_CANONICAL_VERSION
        } else {
            CANONICAL_VERSION
        },
        seq: int("seq", r.seq)?,
        consent_id: r.consent_id,
        previous_consent_id: r.previous_consent_id,
        recorded_at_ms: int("recorded_at_ms", r.recorded_at_ms)?,
        policy_revision: r.policy_revision,
        policy_sha256: r.policy_sha256,
        action: r.action,
        source: r.source,
        requested: ChoiceFlags {
            functional: r.requested_functional,
            analytics: r.requested_analytics,
            marketing: r.requested_marketing,
        },
        effective: ChoiceFlags {
            functional: r.effective_functional,
            analytics: r.effective_analytics,
            marketing: r.effective_marketing,
        },
        signals: SignalFlags {
            dnt: r.dnt,
            gpc: r.gpc,
        },
        locale: r.locale,
        user_agent: r.user_agent,
        scope: r.scope,
        subject: r.subject,
        prev_hash: r.prev_hash,
        hash: Some(r.hash),
    };
    let seq = json.seq;
    ConsentRecord::try_from(json).map_err(|e| StoreError::Corrupt(format!("record {seq}: {e}")))
}
