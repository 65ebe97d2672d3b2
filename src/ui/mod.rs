//! Leptos components, one file each. They render data from [`crate::consent`] and hold no
//! policy logic of their own.

mod cookie_table;
mod home_page;
mod hydration_marker;
mod not_found_page;
mod policy_page;
mod site_footer;
mod site_header;

pub use cookie_table::CookieTable;
pub use home_page::HomePage;
pub use hydration_marker::HydrationMarker;
pub use not_found_page::NotFoundPage;
pub use policy_page::PolicyPage;
pub use site_footer::SiteFooter;
pub use site_header::SiteHeader;
