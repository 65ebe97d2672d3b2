//! Personalization: what the policy's functional cookies remember (theme, sidebar state and
//! last workspace). Plain Rust, like [`crate::consent`].
//!
//! "Personalization" is this app's word for these functional settings; "preferences" means
//! the visitor's consent choices (the "Cookie preferences" form and dialog).
//!
//! A setting is stored in its cookie only while functional cookies are allowed. Otherwise it
//! applies to the page it was chosen on only, carried in that page's query string.

mod change;
mod current;
mod values;

pub use change::{PersonalizationChange, PersonalizationForm};
pub use current::Personalization;
pub use values::{Theme, Workspace, SIDEBAR_COOKIE, THEME_COOKIE, WORKSPACES, WORKSPACE_COOKIE};
