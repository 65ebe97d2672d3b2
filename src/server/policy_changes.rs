//! What changed in the policy since each earlier revision the consent log holds: read once,
//! when the server starts, from the snapshots the log keeps of every policy version it served.

use crate::consent::{PolicyChangeBook, LEADSGEN};
use crate::log::ConsentLog;

/// The [`PolicyChangeBook`] of the current policy against every earlier revision in `log`.
/// Empty when the log is off or its snapshots cannot be read (logged as a warning): a visitor
/// whose consent is for an earlier revision is then told only that the policy was updated.
pub async fn load(log: &ConsentLog) -> PolicyChangeBook {
    let Some(store) = log.store() else {
        return PolicyChangeBook::default();
    };
    let versions = match store.policies().await {
        Ok(versions) => versions,
        Err(e) => {
            tracing::warn!("the stored policy versions could not be read ({e}): pages will say only that the policy was updated");
            return PolicyChangeBook::default();
        }
    };
    // Oldest first: where one revision has several snapshots, the last one counts.
    let (book, unreadable) = PolicyChangeBook::build(
        &LEADSGEN,
        versions
            .iter()
            .map(|v| (v.revision.as_str(), v.locale.as_str(), v.snapshot.as_str())),
    );
    if unreadable > 0 {
        tracing::warn!("{unreadable} stored policy snapshots could not be read; they are left out of \"what changed\"");
    }
    book
}
