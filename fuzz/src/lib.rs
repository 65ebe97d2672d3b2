//! The app's domain modules, compiled from their sources for the fuzz targets: the same code
//! the server runs, without the web framework around it.

#[path = "../../src/consent/mod.rs"]
pub mod consent;
#[path = "../../src/i18n/mod.rs"]
pub mod i18n;
#[path = "../../src/paths.rs"]
pub mod paths;
#[path = "../../src/personalization/mod.rs"]
pub mod personalization;
