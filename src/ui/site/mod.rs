//! What every page carries around its content: the header with the language and theme
//! switches (and the `hreflang` alternates and the scripts that hydrate the islands in the
//! `<head>`), the footer
//! with the permanent "Cookie settings" entry, the page-only personalization notice, and the
//! "Saved" confirmation of a plain form post.

mod footer;
mod header;
mod island_scripts;
mod languages;
mod page_only_notice;
mod saved_notice;
mod theme_switch;

pub use footer::SiteFooter;
pub use header::SiteHeader;
pub use island_scripts::IslandScripts;
pub use languages::{LanguageAlternates, LanguageSwitch};
pub use page_only_notice::PageOnlyNotice;
pub use saved_notice::SavedNotice;
pub use theme_switch::ThemeSwitch;
