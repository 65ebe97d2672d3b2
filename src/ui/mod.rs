//! Leptos components, one file each. They render data from [`crate::consent`] and hold no
//! policy logic of their own. Only `#[island]`s are compiled into the browser's wasm.

mod consent_banner;
mod consent_manager;
mod consent_notices;
mod consent_proof;
mod consent_runtime;
mod consent_scripts;
mod cookie_table;
mod dialog_dom;
mod form_post;
mod home_page;
mod not_found_page;
mod page_only_notice;
mod policy_page;
mod preferences_form;
mod preferences_page;
mod settings_page;
mod site_footer;
mod site_header;
mod theme_switch;

pub use consent_banner::ConsentBanner;
pub use consent_manager::ConsentManager;
pub use consent_notices::ConsentNotices;
pub use consent_proof::ConsentProof;
pub use consent_runtime::apply as apply_consent_change;
pub use consent_scripts::ConsentScripts;
pub use cookie_table::CookieTable;
pub use home_page::HomePage;
pub use not_found_page::NotFoundPage;
pub use page_only_notice::PageOnlyNotice;
pub use policy_page::PolicyPage;
pub use preferences_form::PreferencesForm;
pub use preferences_page::PreferencesPage;
pub use settings_page::{SettingsPage, SETTINGS_PATH};
pub use site_footer::SiteFooter;
pub use site_header::SiteHeader;
pub use theme_switch::ThemeSwitch;

/// Where the server-rendered preferences form lives.
pub const PREFERENCES_PATH: &str = "/cookie-preferences";

/// This page's path and query: where its forms' posts come back to.
pub fn current_page() -> String {
    let location = leptos_router::hooks::use_location();
    let path = leptos::prelude::GetUntracked::get_untracked(&location.pathname);
    let query = leptos::prelude::GetUntracked::get_untracked(&location.search);
    let query = query.trim_start_matches('?');
    if query.is_empty() {
        path
    } else {
        format!("{path}?{query}")
    }
}
