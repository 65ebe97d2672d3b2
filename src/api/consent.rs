//! The consent server functions: Accept all, Reject all and Save choices, posted to
//! `/api/consent/…`.

use std::collections::BTreeMap;

use leptos::prelude::*;
use serde::{Deserialize, Serialize};

use super::ApiError;
#[cfg(feature = "ssr")]
use crate::consent::FormAction;
use crate::consent::Visitor;

/// What a consent change answers a `fetch` with.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ConsentSaved {
    /// The visitor's new state, for the consent island.
    pub visitor: Visitor,
    /// The new [`PageState`](crate::gating::PageState) as JSON, for the page's consent
    /// runtime: Consent Mode update, consent event, tracker tags to inject.
    pub page: String,
}

/// "Accept all": every optional category on, except what a privacy signal keeps off.
#[server(prefix = "/api", endpoint = "consent/accept-all")]
pub async fn accept_all(
    #[server(flatten)] fields: BTreeMap<String, String>,
) -> Result<ConsentSaved, ApiError> {
    ssr::record_decision(FormAction::AcceptAll, &fields).await
}

/// "Reject all": every optional category off, and their cookies expired.
#[server(prefix = "/api", endpoint = "consent/reject-all")]
pub async fn reject_all(
    #[server(flatten)] fields: BTreeMap<String, String>,
) -> Result<ConsentSaved, ApiError> {
    ssr::record_decision(FormAction::RejectAll, &fields).await
}

/// "Save choices": the ticked categories on, the rest off and their cookies expired.
#[server(prefix = "/api", endpoint = "consent/save")]
pub async fn save_choices(
    #[server(flatten)] fields: BTreeMap<String, String>,
) -> Result<ConsentSaved, ApiError> {
    ssr::record_decision(FormAction::SaveChoices, &fields).await
}

/// "Keep my previous choices": after a policy update, the choices of the decision made under
/// the earlier revision (from the request's own cookie), recorded as a new decision. When a
/// decision under the current revision is already in force (the button pressed twice, or in a
/// second tab), it answers with that decision and records nothing new. Without any decision
/// the post is a 400.
#[server(prefix = "/api", endpoint = "consent/keep-previous")]
pub async fn keep_previous_choices(
    #[server(flatten)] fields: BTreeMap<String, String>,
) -> Result<ConsentSaved, ApiError> {
    ssr::record_decision(FormAction::KeepPrevious, &fields).await
}

/// Signed in, "Use them for my account": the choices of the decision this device holds, made
/// the account's. Only when the account has no decision yet and the device has a valid one;
/// otherwise a 400 and nothing is saved.
#[server(prefix = "/api", endpoint = "consent/adopt")]
pub async fn adopt_device_choices(
    #[server(flatten)] fields: BTreeMap<String, String>,
) -> Result<ConsentSaved, ApiError> {
    ssr::record_decision(FormAction::AdoptDevice, &fields).await
}

/// What the consent functions share, on the server.
#[cfg(feature = "ssr")]
mod ssr {
    use std::collections::BTreeMap;

    use super::{ApiError, ConsentSaved};
    use crate::api::post::Post;
    use crate::consent::return_to::with_marker;
    use crate::consent::{form::RETURN_TO, ConsentForm, Decision, FormAction, Keep, Source};
    use crate::gating::PageState;
    use crate::paths::{SAVED_ANCHOR, SAVED_PARAM};
    use crate::server::{request_context, sessions};

    /// Records the decision a consent form asks for and answers with the new state.
    ///
    /// The decision is committed to the consent log first; then the response sets
    /// `cookie-consent` and expires the cookies of every refused category. A plain form post
    /// (no JavaScript) gets a 303 back to the page it came from. On failure nothing is written
    /// and the status says why (403 cross-site, 400 bad input, 503 the log cannot record).
    pub async fn record_decision(
        action: FormAction,
        fields: &BTreeMap<String, String>,
    ) -> Result<ConsentSaved, ApiError> {
        let post = Post::begin()?;
        // From the raw field, so that a form refused below is refused in its page's language.
        let locale = post.locale(fields.get(RETURN_TO).map_or("", String::as_str));
        let result =
            async {
                let form = ConsentForm::parse(action, fields)?;
                // The pages whose form this is show what was saved, and where (without JavaScript
                // the page comes back at the confirmation).
                let back = match form.source {
                    Source::PreferencesPage | Source::SettingsPage => {
                        with_marker(&form.return_to, SAVED_PARAM, "consent", SAVED_ANCHOR)
                    }
                    _ => form.return_to.clone(),
                };
                let back = post.return_location(&back)?;
                let requested =
                    match action {
                        FormAction::KeepPrevious => {
                            match post.visitor.decision.keep_previous(post.visitor.signals) {
                                Keep::Record(previous) => Some(previous),
                                Keep::InForce => None,
                                Keep::Nothing => return Err(ApiError::BadRequest(
                                    "there are no choices from before the policy update to keep: \
                             nothing was saved"
                                        .into(),
                                )),
                            }
                        }
                        FormAction::AdoptDevice => {
                            let governing = request_context::governing_of(&post.parts);
                            // In force on this device, the account's GPC opt-out included.
                            match governing.in_force() {
                                Decision::Decided(device)
                                    if governing.offer_to_adopt
                                        && sessions::session(&post.parts).is_some() =>
                                {
                                    Some(device.choices)
                                }
                                _ => return Err(ApiError::BadRequest(
                                    "there are no choices on this device to make your account's: \
                                 nothing was saved"
                                        .into(),
                                )),
                            }
                        }
                        _ => Some(form.requested),
                    };
                let visitor = match requested {
                    Some(requested) => {
                        post.record_consent(action, form.source, locale, requested)
                            .await?
                    }
                    None => post.visitor,
                };
                post.send_back(back);
                Ok(ConsentSaved {
                    visitor,
                    page: PageState::for_visitor(&visitor, &post.state.trackers).to_json(),
                })
            }
            .await;
        post.finish(result)
    }
}
