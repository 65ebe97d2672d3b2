//! Script gating: what a page may load, decided from the visitor's effective consent.
//!
//! Plain Rust like [`crate::consent`]: the server renders from it, and the tests check it
//! without a browser.
//!
//! - [`TrackerIds`]: which trackers this deployment configures (account IDs, site domain);
//! - [`tags`]: the `<script>` tags for the consented categories, and nothing else;
//! - [`ConsentMode`]: Google Consent Mode v2 derived from the same consent;
//! - [`csp`]: the per-request Content-Security-Policy that allows only consented hosts;
//! - [`PageState`]: all of it as the JSON the page's consent runtime reads.

pub mod csp;
pub mod page_state;
pub mod tags;
pub mod tracker_ids;

pub use page_state::{ConsentDetail, ConsentMode, Grant, PageState};
pub use tags::{tags, Tag};
pub use tracker_ids::{InvalidTrackerId, TrackerIds};
