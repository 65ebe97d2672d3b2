//! The disk guard: below a free-space watermark on the filesystem that holds the SQLite log,
//! new records are refused (the post answers 503, and nothing is acknowledged) before the
//! disk is full, so the database never meets a full disk halfway through a commit; pages keep
//! rendering, since reading consent needs no database. The server logs one error when the
//! free space falls below the watermark, and one line when it is back above it.

use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, Ordering};

/// The watermark and the filesystem it watches.
#[derive(Debug)]
pub struct DiskGuard {
    path: PathBuf,
    min_free_bytes: u64,
    /// Whether the free space was below the watermark at the last check (an episode).
    low: AtomicBool,
}

impl DiskGuard {
    /// Watches the filesystem that holds `path` (the data directory), refusing records below
    /// `min_free_mib` MiB free for unprivileged writers.
    pub fn new(path: PathBuf, min_free_mib: u64) -> Self {
        DiskGuard {
            path,
            min_free_bytes: min_free_mib.saturating_mul(1 << 20),
            low: AtomicBool::new(false),
        }
    }

    /// Bytes free for unprivileged writers on the watched filesystem (`statvfs`:
    /// `f_bavail × f_frsize`).
    ///
    /// Returns the operating system's error when the filesystem cannot be read.
    pub fn available(&self) -> std::io::Result<u64> {
        let stat = rustix::fs::statvfs(&self.path)?;
        Ok(stat.f_bavail.saturating_mul(stat.f_frsize))
    }

    /// `Ok` when the free space is at or above the watermark; otherwise `Err` with what to
    /// say. The first check below it logs an error, the first back above it logs that
    /// records are taken again. A filesystem that cannot be read counts as enough room (a
    /// warning is logged): the database itself still refuses a write it cannot make.
    pub fn check(&self) -> Result<(), String> {
        let free = match self.available() {
            Ok(free) => free,
            Err(e) => {
                tracing::warn!("the disk guard cannot read {}: {e}", self.path.display());
                return Ok(());
            }
        };
        let low = free < self.min_free_bytes;
        let was_low = self.low.swap(low, Ordering::Relaxed);
        let mib = |bytes: u64| bytes >> 20;
        match (low, was_low) {
            (true, false) => tracing::error!(
                "only {} MiB are free on the consent log's filesystem ({}), below \
                 LEADSGEN_LOG_MIN_FREE_MIB={}: new consent decisions are refused (503) until \
                 there is room",
                mib(free),
                self.path.display(),
                mib(self.min_free_bytes)
            ),
            (false, true) => tracing::info!(
                "{} MiB are free on the consent log's filesystem again: decisions are recorded",
                mib(free)
            ),
            _ => {}
        }
        if low {
            Err(format!(
                "only {} MiB free on the log's filesystem, below the {} MiB watermark",
                mib(free),
                mib(self.min_free_bytes)
            ))
        } else {
            Ok(())
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refuses_below_the_watermark_and_takes_again_above() {
        let dir = tempfile::tempdir().unwrap();
        let free = DiskGuard::new(dir.path().into(), 0).available().unwrap();
        assert!(free > 0);
        assert_eq!(DiskGuard::new(dir.path().into(), 0).check(), Ok(()));
        let guard = DiskGuard::new(dir.path().into(), (free >> 20) + 1_000_000);
        assert!(guard.check().unwrap_err().contains("below the"));
        assert!(guard.check().is_err(), "the episode goes on");
    }
}
