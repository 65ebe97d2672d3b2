//! Rendered pages kept as templates, one per variant (feature `ssr`): a page is rendered once
//! per variant and then served at the cost of a copy, with a fresh nonce and the visitor's own
//! consent ID and time filled in. The middleware that uses it is [`super::cached_pages`].
//!
//! A page is a pure function of its path, its language ([`PageLocale`]), the visitor's privacy
//! signals and stored decision, the personalization in force and the policy revision, apart
//! from three things that differ per response: the CSP nonce, and the stored consent's ID and
//! time (shown as proof, and carried to the island). So a [`Variant`] is all of the former,
//! with the identity replaced by a per-process placeholder ([`Visitor::with_proof`]), and its
//! template is the page rendered for that placeholder visitor, cut at each place the nonce and
//! the placeholder's ID and time appear ([`Hole`]).
//!
//! - **Only what is certainly a variant is cached:** a `GET` of one of the four page paths,
//!   without a query string (a query may carry page-only personalization and the `saved`
//!   marker), answered 200 as HTML without a `Set-Cookie` and without a `Vary` beyond what
//!   the variant is decided from. Everything else goes to Leptos as before.
//! - **A template proves itself before it is kept.** On a miss the page is rendered for the
//!   real visitor (that answer is sent) and for two placeholders, whose requests carry the
//!   path and the decided variant but none of the request's headers. The template is kept
//!   only if both placeholders cut to the same template and it, filled with the real
//!   visitor's nonce, ID and time, gives the real answer byte for byte, headers included. A
//!   page that reads anything outside its variant, or that shows something derived from the
//!   identity that the holes do not capture (a consent's age, say), fails that check in the
//!   cases the two placeholders and the visitor tell apart, and is then served uncached,
//!   with a warning in the log. One template is built at a time; other misses render as
//!   without a cache.
//! - **No visitor gets another's values:** the placeholder IDs are 128 random bits drawn at
//!   start and the placeholder times random seconds in the years 2999 and 1999, so none of
//!   their forms can occur in a page by chance; each response draws its own nonce
//!   ([`leptos::nonce::Nonce::new`], as Leptos does) and its own CSP from it.
//! - **Bounded:** about `LEADSGEN_PAGE_CACHE_MIB` of templates (the weight counts each
//!   template's text and an allowance for its headers); [`quick_cache`]'s CLOCK-Pro eviction
//!   makes room. The cache lives in the process: a new binary, and so a new policy (the
//!   registry is compiled in), starts empty. The policy revision is part of every variant
//!   all the same, so that the key says what a page depends on.

//!
//! By job: this file keeps the templates (a bounded map, the placeholders, one build at a
//! time); [`template`] cuts a rendered page into a template and fills it for a visitor.

mod brotli;
mod gzip;
mod splice;
mod template;

pub use template::Page;

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;

use tokio::sync::{OwnedSemaphorePermit, Semaphore};

use crate::consent::{ConsentId, Timestamp, Visitor};
use crate::dates::CalendarDate;
use crate::i18n::locale::weight;
use crate::i18n::PageLocale;
use crate::personalization::Personalization;

/// A content coding a cached answer can be spliced in.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Encoding {
    /// `br` (RFC 7932).
    Brotli,
    /// `gzip` (RFC 1952).
    Gzip,
}

impl Encoding {
    /// The coding to splice for a request's `Accept-Encoding` field lines (all of them, read
    /// as one list): of brotli and gzip, the one with the higher `q`, brotli on a tie (it is
    /// the smaller); `None` when neither is acceptable (the answer goes out plain, for the
    /// compression layer). A coding's `q` is its own entry's, else that of `*`, else 0; an
    /// entry whose parameters are not `name=value` or whose `q` is not a qvalue (`0` to `1`,
    /// at most three decimals) counts as not acceptable; `x-gzip` is gzip (RFC 9110 §12.4.2,
    /// §12.5.3).
    pub fn for_request<'a>(lines: impl Iterator<Item = &'a str>) -> Option<Encoding> {
        // The first entry naming each coding counts; `*` counts for a coding never named.
        let (mut br, mut gzip, mut any) = (None, None, 0);
        for item in lines.flat_map(|line| line.split(',')) {
            let mut parts = item.split(';');
            let coding = parts.next().unwrap_or("").trim();
            let q = weight(parts).unwrap_or(0);
            if coding.eq_ignore_ascii_case("br") {
                br.get_or_insert(q);
            } else if coding.eq_ignore_ascii_case("gzip") || coding.eq_ignore_ascii_case("x-gzip") {
                gzip.get_or_insert(q);
            } else if coding == "*" {
                any = q;
            }
        }
        match (br.unwrap_or(any), gzip.unwrap_or(any)) {
            (0, 0) => None,
            (br, gzip) if br >= gzip => Some(Encoding::Brotli),
            _ => Some(Encoding::Gzip),
        }
    }

    /// The `Content-Encoding` value.
    pub const fn token(self) -> &'static str {
        match self {
            Encoding::Brotli => "br",
            Encoding::Gzip => "gzip",
        }
    }
}

/// The first second of 2999 (UTC): the first placeholder's time falls within that year.
const YEAR_2999: u64 = 32_472_144_000;
/// The first second of 1999 (UTC): the second placeholder's time falls within that year, in
/// the past, so that anything shown as derived from a consent's age differs between the two.
const YEAR_1999: u64 = 915_148_800;
/// Seconds in a 365-day year.
const YEAR: u64 = 365 * 86_400;

/// The page cache: off, or a bounded map from [`Variant`] to its template. Cheap to clone.
#[derive(Clone, Default)]
pub struct PageCache {
    inner: Option<Arc<Inner>>,
}

struct Inner {
    templates: quick_cache::sync::Cache<Variant, Arc<Page>, Weight>,
    /// The identities templates are rendered with: the first is the one variants carry, the
    /// second checks that the page shows nothing else derived from the identity.
    placeholders: [(ConsentId, Timestamp); 2],
    /// The one permit to build a template: one build at a time, so that cycling through
    /// variants costs at most one build beside the renders a cache-less server would do
    /// anyway.
    building: Arc<Semaphore>,
    /// Answers served from a template (in its `Debug` form, and for the tests).
    hits: AtomicU64,
    /// The one thread that compresses templates (see [`PageCache::compress`]).
    compressor: std::sync::mpsc::Sender<Job>,
}

/// Work for the compression thread.
type Job = Box<dyn FnOnce() + Send>;

/// The right to build a template, held while one is being built (by a background task, see
/// [`super::cached_pages`]); dropping it lets the next build start.
pub struct Building {
    _permit: OwnedSemaphorePermit,
}

impl std::fmt::Debug for PageCache {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match &self.inner {
            None => f.write_str("PageCache(off)"),
            Some(inner) => write!(
                f,
                "PageCache({} templates, {} of {} bytes, {} hits)",
                inner.templates.len(),
                inner.templates.weight(),
                inner.templates.capacity(),
                inner.hits.load(Ordering::Relaxed)
            ),
        }
    }
}

impl PageCache {
    /// A cache holding about `capacity_bytes` of templates (the weight counts each template's
    /// text and a fixed allowance for its headers); `0` turns caching off. Caching is also off,
    /// with an error logged, when the system gives no randomness for the placeholders.
    pub fn new(capacity_bytes: u64) -> Self {
        if capacity_bytes == 0 {
            return Self::default();
        }
        let mut random = [0u8; 48];
        // No randomness means no unguessable placeholder: serve uncached rather than risk it.
        if getrandom::fill(&mut random).is_err() {
            tracing::error!("no randomness for the page cache's placeholders: caching is off");
            return Self::default();
        }
        let placeholder = |bytes: &[u8], year: u64| {
            let id = ConsentId(bytes[..16].try_into().expect("16 bytes"));
            let second = u64::from_le_bytes(bytes[16..24].try_into().expect("8 bytes")) % YEAR;
            (id, Timestamp(year + second))
        };
        // About 30 KB a page: the estimate sizes the map, the weight bounds it.
        let estimated = usize::try_from(capacity_bytes / 30_000)
            .unwrap_or(usize::MAX)
            .max(16);
        Self {
            inner: Some(Arc::new(Inner {
                templates: quick_cache::sync::Cache::with_weighter(
                    estimated,
                    capacity_bytes,
                    Weight,
                ),
                placeholders: [
                    placeholder(&random[..24], YEAR_2999),
                    placeholder(&random[24..], YEAR_1999),
                ],
                building: Arc::new(Semaphore::new(1)),
                hits: AtomicU64::new(0),
                compressor: compression_thread(),
            })),
        }
    }

    /// The identities templates are rendered with (see [`Visitor::with_proof`]): the first,
    /// a random ID and a time in 2999, is the one a [`Variant`] carries; the second, another
    /// random ID and a time in 1999, must give the same template. `None` when the cache is
    /// off.
    pub fn placeholders(&self) -> Option<[(ConsentId, Timestamp); 2]> {
        self.inner.as_ref().map(|i| i.placeholders)
    }

    /// The template kept for `variant`, if any; counted as a hit.
    pub fn get(&self, variant: &Variant) -> Option<Arc<Page>> {
        let inner = self.inner.as_ref()?;
        let page = inner.templates.get(variant)?;
        inner.hits.fetch_add(1, Ordering::Relaxed);
        Some(page)
    }

    /// The right to build a template, unless one is being built (or the cache is off).
    pub fn try_build(&self) -> Option<Building> {
        let inner = self.inner.as_ref()?;
        let permit = inner.building.clone().try_acquire_owned().ok()?;
        Some(Building { _permit: permit })
    }

    /// Waits until no template is being built: for tests and benchmarks that must see the
    /// cache settled after a miss (builds run in the background). Returns at once when the
    /// cache is off.
    pub async fn idle(&self) {
        if let Some(inner) = &self.inner {
            // The semaphore is never closed, so acquiring only fails if it were.
            let _ = inner.building.acquire().await;
        }
    }

    /// Runs `work` (a template's compression: milliseconds of CPU) on the cache's one
    /// compression thread and returns its result; `None` when the cache is off or the thread
    /// is gone.
    ///
    /// One long-lived thread, not the runtime's blocking pool: glibc gives each thread that
    /// allocates its own arena and keeps what it freed, and the highest compression levels
    /// allocate megabytes, so compressing on whichever pool thread is free grew the server's
    /// resident memory from 35 to 60 MiB under `make soak` (with `MALLOC_ARENA_MAX=2`: 40).
    pub async fn compress<T: Send + 'static>(
        &self,
        work: impl FnOnce() -> T + Send + 'static,
    ) -> Option<T> {
        let inner = self.inner.as_ref()?;
        let (tx, rx) = tokio::sync::oneshot::channel();
        let job: Job = Box::new(move || {
            let _ = tx.send(work());
        });
        inner.compressor.send(job).ok()?;
        rx.await.ok()
    }

    /// How many answers came from a template since the start.
    pub fn hits(&self) -> u64 {
        self.inner
            .as_ref()
            .map_or(0, |i| i.hits.load(Ordering::Relaxed))
    }

    /// Keeps `page` for `variant`, making room by dropping others if needed.
    pub fn keep(&self, variant: Variant, page: Page) {
        if let Some(inner) = &self.inner {
            inner.templates.insert(variant, Arc::new(page));
        }
    }

    /// How many templates are kept (0 when off).
    pub fn len(&self) -> usize {
        self.inner.as_ref().map_or(0, |i| i.templates.len())
    }

    /// The bytes the kept templates weigh, at most the capacity (0 when off).
    pub fn bytes(&self) -> u64 {
        self.inner.as_ref().map_or(0, |i| i.templates.weight())
    }

    /// Whether no template is kept.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

/// Starts the compression thread: it runs each job it is sent, in order, until every sender
/// is gone (the cache dropped). A job that panics ends only itself (its caller gets `None`).
fn compression_thread() -> std::sync::mpsc::Sender<Job> {
    let (tx, rx) = std::sync::mpsc::channel::<Job>();
    let spawned = std::thread::Builder::new()
        .name("page-cache-compress".into())
        .spawn(move || {
            for job in rx {
                let _ = std::panic::catch_unwind(std::panic::AssertUnwindSafe(job));
            }
        });
    if let Err(e) = spawned {
        // Without it no template is kept: pages are rendered as without a cache.
        tracing::error!("page cache: no compression thread ({e})");
    }
    tx
}

/// Everything a page is decided from but the per-response values.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Variant {
    /// The page's path, without a language prefix.
    pub path: &'static str,
    /// Its language, and whether the URL pinned it.
    pub locale: PageLocale,
    /// The visitor, with the placeholder identity.
    pub visitor: Visitor,
    /// The personalization in force.
    pub personalization: Personalization,
    /// The policy revision it was rendered under.
    pub revision: CalendarDate,
}

/// A template's size in bytes, as the cache's weight.
#[derive(Clone)]
struct Weight;

impl quick_cache::Weighter<Variant, Arc<Page>> for Weight {
    fn weight(&self, _: &Variant, page: &Arc<Page>) -> u64 {
        // The text, the hole table and a rough allowance for the headers.
        page.weight()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn placeholders_are_in_2999_and_1999_with_different_ids() {
        let cache = PageCache::new(1 << 20);
        let [(first, early), (second, late)] = cache.placeholders().unwrap();
        assert!(early.date().iso().starts_with("2999-"));
        assert!(late.date().iso().starts_with("1999-"));
        assert_ne!(first, second);
        assert!(PageCache::new(0).placeholders().is_none());
    }

    #[test]
    fn reads_accept_encoding() {
        let e = |accept_encoding| Encoding::for_request([accept_encoding].into_iter());
        // The higher q wins; brotli on a tie.
        assert_eq!(e("gzip;q=1, br;q=0.1"), Some(Encoding::Gzip));
        assert_eq!(e("gzip;q=0.5, br;q=0.500"), Some(Encoding::Brotli));
        // Not a qvalue: not acceptable.
        assert_eq!(e("br;q=2, gzip"), Some(Encoding::Gzip));
        assert_eq!(e("br;q=inf, gzip;q=1e3"), None);
        assert_eq!(e("br;q=0.0001"), None);
        assert_eq!(e("br;q=1.001"), None);
        assert_eq!(e("br;q=1.000"), Some(Encoding::Brotli));
        assert_eq!(e("gzip, deflate, br, zstd"), Some(Encoding::Brotli));
        assert_eq!(e("br;q=0, GZIP;q=0.5"), Some(Encoding::Gzip));
        assert_eq!(e("gzip;q=0, br"), Some(Encoding::Brotli));
        assert_eq!(e("*"), Some(Encoding::Brotli));
        assert_eq!(e("br;q=0, *"), Some(Encoding::Gzip));
        assert_eq!(e("x-gzip"), Some(Encoding::Gzip));
        assert_eq!(e("gzip;q=0"), None);
        assert_eq!(e("gzip;q=0, br;q=0, *"), None);
        assert_eq!(e("*;q=0"), None);
        assert_eq!(e("gzip;q=nonsense"), None);
        assert_eq!(e(""), None);
        assert_eq!(e("identity"), None);
    }

    #[test]
    fn one_build_at_a_time() {
        let cache = PageCache::new(1 << 20);
        let building = cache.try_build();
        assert!(building.is_some());
        assert!(cache.try_build().is_none());
        drop(building);
        assert!(cache.try_build().is_some());
        assert!(PageCache::new(0).try_build().is_none());
    }
}
