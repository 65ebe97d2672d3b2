//! The functional preferences the policy's functional cookies hold: theme, sidebar state and
//! last workspace. Plain Rust, like [`crate::consent`].
//!
//! A preference is stored in its cookie only while functional cookies are allowed. Otherwise
//! it applies to the page it was chosen on only, carried in that page's query string.

mod change;
mod settings;

pub use change::{PrefChange, PrefForm};
pub use settings::{Prefs, Theme, Workspace, WORKSPACES};
