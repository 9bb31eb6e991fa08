//! The organizations of the signed-in user, read once per sign-in and shared by the header's
//! switcher and the pages' titles.

use dashboards_core::model::{OrgId, Organization};
use dashboards_core::ApiError;
use leptos::prelude::*;

/// The user's organizations (`GET /orgs`), provided by the signed-in part of the app.
pub type Orgs = LocalResource<Result<Vec<Organization>, ApiError>>;

/// Reads the organizations once, for everything under the caller.
pub fn provide_orgs() -> Orgs {
    let orgs = crate::session::use_orgs();
    provide_context(orgs);
    orgs
}

/// The name of `org` among the user's organizations ("" until they are read, or when it is
/// not one of theirs). Tracks the list: a title set from it follows when it arrives.
pub fn org_name(org: &OrgId) -> String {
    use_context::<Orgs>()
        .and_then(|r| r.get())
        .and_then(Result::ok)
        .and_then(|list| list.into_iter().find(|o| &o.id == org).map(|o| o.name))
        .unwrap_or_default()
}
