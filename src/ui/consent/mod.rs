//! The consent UI: the island that is the page's only wasm ([`ConsentManager`]: banner and
//! dialog), the server-rendered parts it wraps, and the consent scripts in every `<head>`.

mod banner;
mod cookie_table;
mod dialog_dom;
mod form_post;
mod island_text;
mod layer;
mod manager;
mod notices;
mod preferences_form;
mod proof;
mod runtime;
mod scripts;

pub use banner::ConsentBanner;
pub use cookie_table::CookieTable;
pub use island_text::IslandText;
pub use layer::ConsentLayer;
pub use manager::ConsentManager;
pub use notices::{AdoptNotice, ConsentNotices, PolicyChangeList, PolicyChangeNotice};
pub use preferences_form::PreferencesForm;
pub use proof::ConsentProof;
pub use scripts::ConsentScripts;
