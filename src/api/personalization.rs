//! The personalization server functions (theme, sidebar, workspace), posted to
//! `/api/personalization/…`.

use std::collections::BTreeMap;

use leptos::prelude::*;

use super::ApiError;
use crate::consent::Visitor;

/// Sets one setting (`theme`, `sidebar` or `workspace`). Answers whether it was stored: with
/// functional consent it goes into its cookie; without, nothing is stored and a plain form
/// post comes back to the page with the choice in its query string, so that it applies to
/// that page only.
#[server(prefix = "/api", endpoint = "personalization/set")]
pub async fn set_personalization(
    #[server(flatten)] fields: BTreeMap<String, String>,
) -> Result<bool, ApiError> {
    use self::ssr::*;
    let post = Post::begin()?;
    // A refusal answers in the language of the page the form is on.
    post.locale(fields.get(RETURN_TO).map_or("", String::as_str));
    let result = (|| {
        let form = PersonalizationForm::parse(&fields)?;
        let stored = post.visitor.effective().functional;
        let back = if stored {
            store(&post, form.change)?;
            let back = PersonalizationChange::split_page_only(&form.return_to).1;
            // On /settings (in any language), the page confirms what was saved, where it was
            // saved.
            let page = Locale::split_prefix(&back).map_or(back.as_str(), |(_, rest)| rest);
            if page == paths::SETTINGS || page.starts_with(&format!("{}?", paths::SETTINGS)) {
                with_marker(&back, SAVED_PARAM, form.change.field().0, SAVED_ANCHOR)
            } else {
                back
            }
        } else {
            form.change.on_page(&form.return_to)
        };
        post.send_back(post.return_location(&back)?);
        Ok(stored)
    })();
    post.finish(result)
}

/// "Remember my choices": allows functional cookies (other categories unchanged), then stores
/// every page-only setting in `return_to` and comes back to it without them.
#[server(prefix = "/api", endpoint = "personalization/remember")]
pub async fn remember_personalization(
    #[server(flatten)] fields: BTreeMap<String, String>,
) -> Result<Visitor, ApiError> {
    use self::ssr::*;
    let post = Post::begin()?;
    let locale = post.locale(fields.get(RETURN_TO).map_or("", String::as_str));
    let result = async {
        let form = ConsentForm::parse(FormAction::AllowFunctional, &fields)?;
        let (changes, rest) = PersonalizationChange::split_page_only(&form.return_to);
        let back = post.return_location(&rest)?;
        let requested = post.current_choices().or(form.requested);
        let visitor = post
            .record_consent(FormAction::AllowFunctional, form.source, locale, requested)
            .await?;
        for change in changes {
            store(&post, change)?;
        }
        post.send_back(back);
        Ok(visitor)
    }
    .await;
    post.finish(result)
}

/// Server-only helpers of the personalization functions.
#[cfg(feature = "ssr")]
mod ssr {
    pub use crate::api::post::Post;
    pub use crate::consent::return_to::with_marker;
    pub use crate::consent::{form::RETURN_TO, ConsentForm, FormAction};
    pub use crate::i18n::Locale;
    pub use crate::paths::{self, SAVED_ANCHOR, SAVED_PARAM};
    pub use crate::personalization::{PersonalizationChange, PersonalizationForm};

    use super::ApiError;
    use crate::server::cookies;

    /// Adds the `Set-Cookie` that stores `change` in its functional cookie.
    pub fn store(post: &Post, change: PersonalizationChange) -> Result<(), ApiError> {
        let (name, value) = change.cookie();
        let cookie = cookies::site_cookie(name, value.to_string(), &post.state.cookies);
        post.set_cookie(&cookie.to_string())
    }
}
