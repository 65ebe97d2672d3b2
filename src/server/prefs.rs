//! What the preference server functions do: store a functional preference when functional
//! cookies are allowed, or keep it on the page only when they are not.

use std::collections::BTreeMap;

use super::{cookies, post::Post};
use crate::api::ApiError;
use crate::consent::{ConsentForm, FormAction, Visitor};
use crate::prefs::{PrefChange, PrefForm};

fn store(post: &Post, change: PrefChange) -> Result<(), ApiError> {
    let (name, value) = change.cookie();
    let cookie = cookies::site_cookie(name, value.to_string(), &post.state.cookies);
    post.set_cookie(&cookie.to_string())
}

/// Sets one preference. Returns whether it was stored: with functional consent it goes into its
/// cookie; without, nothing is stored and a plain form post comes back to the page with the
/// choice in its query string, so it applies to that page only.
pub fn set(fields: BTreeMap<String, String>) -> Result<bool, ApiError> {
    Post::run(|post| {
        let form = PrefForm::parse(&fields)?;
        let stored = post.visitor().effective().functional;
        if stored {
            store(post, form.change)?;
            post.return_to(&PrefChange::split_page_only(&form.return_to).1)?;
        } else {
            post.return_to(&form.change.on_page(&form.return_to))?;
        }
        Ok(stored)
    })
}

/// "Remember my choices": allows functional cookies (other categories unchanged), then stores
/// every page-only preference in `return_to` and comes back to it without them.
pub fn remember(fields: BTreeMap<String, String>) -> Result<Visitor, ApiError> {
    Post::run(|post| {
        let form = ConsentForm::parse(FormAction::AllowFunctional, &fields)?;
        let visitor = post.record_consent(post.visitor().effective().or(form.requested))?;
        let (changes, rest) = PrefChange::split_page_only(&form.return_to);
        for change in changes {
            store(post, change)?;
        }
        post.return_to(&rest)?;
        Ok(visitor)
    })
}
