//! The name of an organization of the signed-in user, from the list the signed-in shell reads
//! once (`session::provide_orgs`), for the pages' titles.

use dashboards_core::model::OrgId;
use leptos::prelude::*;

/// The name of `org` among the user's organizations ("" until they are read, or when it is
/// not one of theirs). Tracks the list: a title set from it follows when it arrives.
pub fn org_name(org: &OrgId) -> String {
    crate::session::use_orgs()
        .get()
        .and_then(Result::ok)
        .and_then(|list| list.into_iter().find(|o| &o.id == org).map(|o| o.name))
        .unwrap_or_default()
}
