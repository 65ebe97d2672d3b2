//! The consent domain: LeadsGen's cookie policy as data, and the rules that act on it.
//!
//! Plain Rust with no web framework, so that the same code runs in the server and in the
//! browser's wasm, and can be unit-tested without either.

pub mod choices;
pub mod cookie_audit;
pub mod cookie_header;
pub mod form;
pub mod given;
pub mod leadsgen;
pub mod policy_changes;
pub mod registry;
pub mod return_to;
pub mod signals;
pub mod visitor;

pub use choices::Choices;
pub use form::{ConsentForm, FormAction, FormError, Source};
pub use given::{codec, Consent, ConsentId, Timestamp};
pub use leadsgen::LEADSGEN;
pub use policy_changes::{Change, PolicyChangeBook, PolicyChanges, PolicyOutline};
pub use registry::{
    Category, CategoryId, CookieSpec, CspHosts, Loading, Party, Provider, Registry, Retention,
    TrackerScript, TrackerSetting, ID_PLACEHOLDER,
};
pub use signals::Signals;
pub use visitor::{Decision, Keep, Visitor};
