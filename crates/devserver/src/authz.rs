//! Who may do what: influxd 2.8.0's permission model, for the routes the UI uses.
//!
//! Read in the v2.8.0 source and checked against a running influxd 2.8.0 (the conformance
//! tests `second_user_*` and `a_dashboard_only_member_*`):
//! - A token is one of the dev server's onboarding tokens: an operator token (read and write
//!   on every resource type, `influxdb.OperPermissions`).
//! - A session has the permissions of the user's mappings (`UserResourceMapping.ToPermissions`):
//!   org owner → read and write on every type in the org (`OwnerPermissions`), org member →
//!   read only (`MemberPermissions`); **a dashboard owner or member mapping grants nothing**
//!   (those cases are commented out in influxd). Plus, unless disabled, the permissions of every
//!   token the user has (`session/service.go` getPermissionSet), plus read/write on the user
//!   itself (`MePermissions`).
//! - A check that fails is 401 `unauthorized` with the missing permission as the message,
//!   `write:orgs/<org>/dashboards/<id> is unauthorized` (`authorizer/authorize.go`,
//!   `Permission.String`). Lists are filtered instead (`AuthorizeFind*`), after paging.
//! - Matching is influxd's `matchesV1`: same action and type; a permission without org and id
//!   matches every resource of the type; one with an org matches requests in that org; one
//!   with an id matches requests for that id.
//!
//! The principal of the request being handled is kept in a task-local by the authentication
//! middleware (`scope`), so the handlers ask `check(store, perm)` without threading it through.

use crate::error::ApiErr;
use crate::store::Store;
use crate::Principal;
use std::fmt;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Act {
    Read,
    Write,
}

/// A permission, granted or asked for.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Perm {
    pub act: Act,
    /// The resource type: "dashboards", "labels", "users", "orgs", "buckets".
    pub kind: &'static str,
    pub org: Option<String>,
    pub id: Option<String>,
}

/// The resource types the dev server serves (influxd has more; they never match these).
const KINDS: [&str; 5] = ["buckets", "dashboards", "orgs", "users", "labels"];

impl Perm {
    pub fn new(act: Act, kind: &'static str, org: Option<&str>, id: Option<&str>) -> Self {
        Perm { act, kind, org: org.map(str::to_owned), id: id.map(str::to_owned) }
    }

    /// A resource of an org: `orgs/<org>/<kind>/<id>`.
    pub fn at(act: Act, kind: &'static str, org: &str, id: &str) -> Self {
        Self::new(act, kind, Some(org), Some(id))
    }

    /// `matchesV1`: whether this (granted) permission covers `asked`.
    fn covers(&self, asked: &Perm) -> bool {
        if self.act != asked.act || self.kind != asked.kind {
            return false;
        }
        match (&self.org, &self.id) {
            (None, None) => true,
            (Some(org), None) => asked.org.as_ref() == Some(org),
            (_, Some(id)) => asked.id.as_ref() == Some(id),
        }
    }
}

/// influxd's `Permission.String`: `write:orgs/<org>/dashboards/<id>`, `read:users/<id>`.
impl fmt::Display for Perm {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let act = match self.act {
            Act::Read => "read",
            Act::Write => "write",
        };
        write!(f, "{act}:")?;
        if let Some(org) = &self.org {
            write!(f, "orgs/{org}/")?;
        }
        f.write_str(self.kind)?;
        if let Some(id) = &self.id {
            write!(f, "/{id}")?;
        }
        Ok(())
    }
}

fn operator() -> Vec<Perm> {
    KINDS.iter().flat_map(|k| [Perm::new(Act::Read, k, None, None), Perm::new(Act::Write, k, None, None)]).collect()
}

/// `OwnerPermissions(org)` (both actions) or `MemberPermissions(org)` (read only).
fn org_role(org: &str, write: bool) -> Vec<Perm> {
    let acts: &[Act] = if write { &[Act::Read, Act::Write] } else { &[Act::Read] };
    let mut out = Vec::new();
    for &act in acts {
        for k in KINDS {
            // The org itself is granted by id, everything in it by org.
            out.push(if k == "orgs" { Perm::new(act, k, None, Some(org)) } else { Perm::new(act, k, Some(org), None) });
        }
    }
    out
}

/// Everything `p` may do.
pub fn permissions(store: &Store, p: &Principal) -> Vec<Perm> {
    if p.token {
        return operator();
    }
    let mut out = Vec::new();
    for m in store.urms.iter().filter(|m| m.user_id == p.user_id && store.orgs.contains_key(&m.resource_id)) {
        out.extend(org_role(&m.resource_id, m.role == "owner"));
    }
    // The user's tokens: every token of the dev server is an operator token.
    if store.tokens.values().any(|t| t.user_id == p.user_id) {
        out.extend(operator());
    }
    out.extend([Act::Read, Act::Write].map(|a| Perm::new(a, "users", None, Some(&p.user_id))));
    out
}

tokio::task_local! {
    static CURRENT: Principal;
}

/// Runs `fut` (the rest of the request) with `p` as the current principal.
pub async fn scope<F: std::future::Future>(p: Principal, fut: F) -> F::Output {
    CURRENT.scope(p, fut).await
}

/// Whether the current principal may do `asked`. Outside a request (no principal), yes.
pub fn allowed(store: &Store, asked: &Perm) -> bool {
    checker(store)(asked)
}

/// `allowed` for many permissions in one request: the principal's grants are worked out
/// once, not once per item (a list of 10,000 dashboards checks each).
pub fn checker(store: &Store) -> impl Fn(&Perm) -> bool {
    let granted = CURRENT.try_with(|p| permissions(store, p)).ok();
    move |asked| granted.as_ref().is_none_or(|g| g.iter().any(|p| p.covers(asked)))
}

/// `allowed`, or influxd's 401 `<permission> is unauthorized`.
pub fn check(store: &Store, asked: Perm) -> Result<(), ApiErr> {
    if allowed(store, &asked) {
        Ok(())
    } else {
        Err(ApiErr::new(axum::http::StatusCode::UNAUTHORIZED, "unauthorized", format!("{asked} is unauthorized")))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn permissions_read_as_influxd_writes_them() {
        assert_eq!(Perm::at(Act::Write, "dashboards", "0a", "0b").to_string(), "write:orgs/0a/dashboards/0b");
        assert_eq!(Perm::new(Act::Write, "dashboards", Some("0a"), None).to_string(), "write:orgs/0a/dashboards");
        assert_eq!(Perm::new(Act::Read, "users", None, Some("0c")).to_string(), "read:users/0c");
        assert_eq!(Perm::new(Act::Read, "orgs", None, Some("0a")).to_string(), "read:orgs/0a");
    }

    #[test]
    fn matching_is_influxds_v1() {
        let member = org_role("o1", false);
        let covers = |perms: &[Perm], asked: Perm| perms.iter().any(|g| g.covers(&asked));
        assert!(covers(&member, Perm::at(Act::Read, "dashboards", "o1", "d1")));
        assert!(!covers(&member, Perm::at(Act::Write, "dashboards", "o1", "d1")));
        assert!(!covers(&member, Perm::at(Act::Read, "dashboards", "o2", "d1")));
        assert!(covers(&member, Perm::new(Act::Read, "orgs", None, Some("o1"))));
        // Users have no org: an org role does not reach them.
        assert!(!covers(&member, Perm::new(Act::Read, "users", None, Some("u1"))));
        let owner = org_role("o1", true);
        assert!(covers(&owner, Perm::new(Act::Write, "labels", Some("o1"), None)));
        assert!(covers(&operator(), Perm::new(Act::Write, "users", None, None)));
    }
}
