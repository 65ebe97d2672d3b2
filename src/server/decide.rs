//! What the consent server functions do: validate, record, set cookies, return.

use std::collections::BTreeMap;

use super::post::Post;
use crate::api::{ApiError, ConsentSaved};
use crate::consent::{ConsentForm, FormAction};
use crate::gating::PageState;

/// Records the decision a consent form asks for and answers with the new state.
///
/// On success the response sets `cookie-consent` and expires the cookies of every refused
/// category. A plain form post (no JavaScript) gets a 303 back to the page it came from. On
/// failure nothing is written and the status says why (403 cross-site, 400 bad input).
pub fn decide(
    action: FormAction,
    fields: BTreeMap<String, String>,
) -> Result<ConsentSaved, ApiError> {
    Post::run(|post| {
        let form = ConsentForm::parse(action, &fields)?;
        let visitor = post.record_consent(form.requested)?;
        post.return_to(&form.return_to)?;
        Ok(ConsentSaved {
            visitor,
            page: PageState::for_visitor(&visitor, &post.state.trackers).to_json(),
        })
    })
}
