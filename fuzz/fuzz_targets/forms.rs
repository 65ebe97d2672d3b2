//! The consent and personalization form parsers, fed a URL-encoded body as a browser or a
//! hand-written client would post it: any bytes, no panic; what parses keeps its promises (a
//! local, ASCII `return_to`).
#![no_main]

use std::collections::BTreeMap;

use leadsgen_domain::consent::{ConsentForm, FormAction};
use leadsgen_domain::personalization::PersonalizationForm;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let fields: BTreeMap<String, String> = form_urlencoded::parse(data).into_owned().collect();
    for action in [
        FormAction::AcceptAll,
        FormAction::RejectAll,
        FormAction::SaveChoices,
        FormAction::AllowFunctional,
        FormAction::KeepPrevious,
    ] {
        if let Ok(form) = ConsentForm::parse(action, &fields) {
            assert!(form.return_to.starts_with('/') && form.return_to.is_ascii());
            assert!(!form.return_to.starts_with("//"));
        }
    }
    if let Ok(form) = PersonalizationForm::parse(&fields) {
        let back = form.change.on_page(&form.return_to);
        assert!(back.is_ascii() && back.starts_with('/'), "{back}");
    }
});
