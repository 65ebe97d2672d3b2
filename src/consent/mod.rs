//! The consent domain: LeadsGen's cookie policy as data, and the rules that act on it.
//!
//! Plain Rust with no web framework, so that the same code runs in the server and in the
//! browser's wasm, and can be unit-tested without either.

pub mod date;
pub mod registry;
pub mod retention;

pub use date::CalendarDate;
pub use registry::{Category, CategoryId, CookieSpec, Party, Provider, Registry, LEADSGEN};
pub use retention::Retention;
