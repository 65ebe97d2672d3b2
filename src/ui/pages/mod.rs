//! The pages, one component per route of [`crate::paths`], and the not-found page.

mod home;
mod not_found;
mod policy;
mod preferences;
mod settings;
mod sign_in;

pub use home::HomePage;
pub use not_found::NotFoundPage;
pub use policy::PolicyPage;
#[cfg(feature = "ssr")]
pub use policy::{shown_policy_html, shown_policy_versions};
pub use preferences::PreferencesPage;
pub use settings::SettingsPage;
pub use sign_in::{ProblemNotice, SignInPage, SignUpPage};
