//! The members panel of a dashboard: who is listed as owner or member, who can still be
//! added, what each change sends, and what a removal means. Pure: the app lists owners,
//! members and users, and sends the requests the plans here build.
//!
//! What influxd 2.8.0 does with these lists (read in `tenant/http_handler_urm.go`,
//! `tenant/storage_urm.go`, `user_resource_mapping.go`, `authorizer/urm.go`; observed on a
//! running 2.8.0 by the conformance suite):
//! - A user has at most one mapping per dashboard. Adding a user who already has **any** role
//!   is a 500 `…mapping for user X already exists` (B14): `plan_add` never sends it.
//! - `DELETE …/members/{u}` and `…/owners/{u}` both remove whatever mapping the user has, so a
//!   role change is a removal then an addition (`plan_role_change`): two requests, not atomic.
//! - **Dashboard mappings grant no permission.** `UserResourceMapping.ToPermissions` gives
//!   nothing for a dashboard (only org and bucket mappings turn into permissions): what a
//!   signed-in user may read or change is decided by their role in the org (org member: read
//!   everything of the org; org owner: read and write). A dashboard-only member who is not in
//!   the org cannot even read the dashboard. Changing the lists needs write access to the
//!   dashboard; without it influxd answers 401 (`access::Refusal`).
//! - New dashboards have no owner mapping, so "no owner" is the usual state.

use crate::endpoints::{self, Request, Role};
use crate::index::{natural_key, Chunk};
use crate::model::{DashboardId, Member, User, UserId};

/// One listed user.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MemberRow {
    pub id: UserId,
    pub name: String,
    pub role: Role,
    /// `status` is "active" (or absent); an inactive user cannot sign in.
    pub active: bool,
    /// The signed-in user.
    pub is_you: bool,
}

/// The panel's list: owners first, then members, each by name (natural order).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Membership {
    rows: Vec<MemberRow>,
}

/// A user of the instance as the "add" picker shows them.
#[derive(Clone, Debug, PartialEq)]
pub struct Candidate<'a> {
    pub user: &'a User,
    /// Already listed with this role: shown as such, and adding them sends nothing.
    pub listed: Option<Role>,
}

/// One request of a membership change.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum MembershipStep {
    Add {
        user: UserId,
        role: Role,
    },
    /// Removes whatever mapping the user has (influxd's DELETE ignores the role in the path).
    Remove {
        user: UserId,
        role: Role,
    },
}

impl MembershipStep {
    /// The request for this step on `dashboard`.
    pub fn request(&self, dashboard: &DashboardId) -> Request {
        match self {
            MembershipStep::Add { user, role } => endpoints::add_user_to(dashboard, *role, user),
            MembershipStep::Remove { user, role } => endpoints::remove_user_from(dashboard, *role, user),
        }
    }
}

/// What adding a user comes to.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum AddPlan {
    /// Send this (one POST).
    Send(MembershipStep),
    /// The user is already listed with this role: nothing is sent (B14: influxd would answer
    /// 500). To change the role, use `plan_role_change`.
    AlreadyListed(Role),
}

/// What removing a listed user means, for the confirmation to say first.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Removal {
    /// Someone else, and an owner remains listed (or they were a member).
    Other,
    /// Someone else who is the last listed owner: the dashboard is left with no listed owner
    /// (as every dashboard starts on influxd). Org owners can still change it.
    LastOwner,
    /// The signed-in user: they stop being listed. On influxd 2.8.0 this changes no
    /// permission (dashboard mappings grant none; the org role decides), but they may no
    /// longer be able to add themselves back. `last_owner`: they were also the last owner.
    Yourself { last_owner: bool },
}

impl Membership {
    /// Builds the list from `GET …/owners` and `GET …/members`. `me` is the signed-in user
    /// (`GET /me`), when known. A user in both lists (influxd does not allow it) is shown once,
    /// as owner.
    pub fn new(owners: &[Member], members: &[Member], me: Option<&UserId>) -> Self {
        let mut keyed: Vec<(u8, Vec<Chunk>, MemberRow)> = Vec::with_capacity(owners.len() + members.len());
        for (rank, role, list) in [(0, Role::Owner, owners), (1, Role::Member, members)] {
            for m in list {
                if keyed.iter().any(|(_, _, r)| r.id == m.id) {
                    continue;
                }
                let row = MemberRow {
                    id: m.id.clone(),
                    name: m.name.clone(),
                    role,
                    active: m.status.get().is_none_or(|s| s == "active"),
                    is_you: me == Some(&m.id),
                };
                keyed.push((rank, natural_key(&m.name), row));
            }
        }
        keyed.sort_by(|a, b| a.0.cmp(&b.0).then_with(|| a.1.cmp(&b.1)).then_with(|| a.2.id.cmp(&b.2.id)));
        Membership { rows: keyed.into_iter().map(|(_, _, r)| r).collect() }
    }

    pub fn rows(&self) -> &[MemberRow] {
        &self.rows
    }

    /// The role `user` is listed with, if any.
    pub fn role_of(&self, user: &UserId) -> Option<Role> {
        self.rows.iter().find(|r| &r.id == user).map(|r| r.role)
    }

    pub fn owner_count(&self) -> usize {
        self.rows.iter().filter(|r| r.role == Role::Owner).count()
    }

    /// The users of `users` (`GET /users`) whose name contains `query` (case-insensitively;
    /// every word must match), each marked with the role they are already listed with. Listed
    /// users stay in the list, marked, so the picker can say "already an owner".
    pub fn candidates<'a>(&self, users: &'a [User], query: &str) -> Vec<Candidate<'a>> {
        let words: Vec<String> = query.split_whitespace().map(str::to_lowercase).collect();
        let mut out: Vec<(Vec<Chunk>, Candidate<'a>)> = users
            .iter()
            .filter(|u| {
                let name = u.name.to_lowercase();
                words.iter().all(|w| name.contains(w.as_str()))
            })
            .map(|u| (natural_key(&u.name), Candidate { user: u, listed: self.role_of(&u.id) }))
            .collect();
        out.sort_by(|a, b| a.0.cmp(&b.0).then_with(|| a.1.user.id.cmp(&b.1.user.id)));
        out.into_iter().map(|(_, c)| c).collect()
    }

    /// Adding `user` as `role`: one POST, or nothing when they are already listed (B14).
    pub fn plan_add(&self, user: &UserId, role: Role) -> AddPlan {
        match self.role_of(user) {
            Some(listed) => AddPlan::AlreadyListed(listed),
            None => AddPlan::Send(MembershipStep::Add { user: user.clone(), role }),
        }
    }

    /// Giving a listed user another role (promote to owner, or back to member): remove, then
    /// add, in this order (a second mapping is a 500, B14). If the second step fails the user
    /// is listed nowhere: the UI says so and shows the lists read again. Empty when the user
    /// already has `to`; `None` when they are not listed (use `plan_add`).
    pub fn plan_role_change(&self, user: &UserId, to: Role) -> Option<Vec<MembershipStep>> {
        let from = self.role_of(user)?;
        if from == to {
            return Some(Vec::new());
        }
        Some(vec![MembershipStep::Remove { user: user.clone(), role: from }, MembershipStep::Add { user: user.clone(), role: to }])
    }

    /// Removing `user`: the request, and what it means. `None` when they are not listed.
    pub fn plan_remove(&self, user: &UserId) -> Option<(MembershipStep, Removal)> {
        let row = self.rows.iter().find(|r| &r.id == user)?;
        let last_owner = row.role == Role::Owner && self.owner_count() == 1;
        let meaning = match (row.is_you, last_owner) {
            (true, last_owner) => Removal::Yourself { last_owner },
            (false, true) => Removal::LastOwner,
            (false, false) => Removal::Other,
        };
        Some((MembershipStep::Remove { user: user.clone(), role: row.role }, meaning))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::endpoints::Method;
    use crate::model::Field;

    fn member(id: &str, name: &str, role: &str) -> Member {
        Member { id: UserId(id.into()), name: name.into(), role: role.into(), status: Field::Set("active".into()), ..Member::default() }
    }

    fn user(id: &str, name: &str) -> User {
        User { id: UserId(id.into()), name: name.into(), ..User::default() }
    }

    fn uid(s: &str) -> UserId {
        UserId(s.into())
    }

    fn panel(me: &str) -> Membership {
        let owners = [member("000000000000000a", "zoe", "owner"), member("000000000000000b", "Ada", "owner")];
        let mut inactive = member("000000000000000d", "bob", "member");
        inactive.status = Field::Set("inactive".into());
        let members = [member("000000000000000c", "carl 10", "member"), inactive, member("000000000000000b", "Ada", "member")];
        Membership::new(&owners, &members, Some(&uid(me)))
    }

    #[test]
    fn owners_first_then_members_by_name_each_once() {
        let p = panel("000000000000000c");
        let rows: Vec<(&str, Role, bool, bool)> = p.rows().iter().map(|r| (r.name.as_str(), r.role, r.active, r.is_you)).collect();
        assert_eq!(
            rows,
            [
                ("Ada", Role::Owner, true, false),
                ("zoe", Role::Owner, true, false),
                ("bob", Role::Member, false, false),
                ("carl 10", Role::Member, true, true)
            ]
        );
        assert_eq!(p.owner_count(), 2);
        assert_eq!(Membership::new(&[], &[], None).rows(), &[]);
    }

    #[test]
    fn a_listed_user_is_never_added_again() {
        // B14: influxd answers 500 to a second mapping of any role.
        let p = panel("000000000000000c");
        assert_eq!(p.plan_add(&uid("000000000000000b"), Role::Member), AddPlan::AlreadyListed(Role::Owner));
        assert_eq!(p.plan_add(&uid("000000000000000d"), Role::Owner), AddPlan::AlreadyListed(Role::Member));
        let AddPlan::Send(step) = p.plan_add(&uid("00000000000000ff"), Role::Owner) else { panic!("sends") };
        let req = step.request(&DashboardId("0a1b2c3d4e5f6789".into()));
        assert_eq!((req.method, req.path.as_str()), (Method::Post, "/dashboards/0a1b2c3d4e5f6789/owners"));
        assert_eq!(req.body.as_deref(), Some(r#"{"id":"00000000000000ff"}"#));
    }

    #[test]
    fn candidates_are_searched_and_marked() {
        let p = panel("000000000000000c");
        let users = [user("000000000000000b", "Ada"), user("00000000000000ff", "adam"), user("00000000000000fe", "eve")];
        let found: Vec<(&str, Option<Role>)> = p.candidates(&users, "AD").iter().map(|c| (c.user.name.as_str(), c.listed)).collect();
        assert_eq!(found, [("Ada", Some(Role::Owner)), ("adam", None)]);
        assert_eq!(p.candidates(&users, "").len(), 3);
        assert!(p.candidates(&users, "ad x").is_empty());
    }

    #[test]
    fn a_role_change_removes_then_adds() {
        let p = panel("000000000000000c");
        let d = DashboardId("0a1b2c3d4e5f6789".into());
        let steps = p.plan_role_change(&uid("000000000000000c"), Role::Owner).unwrap();
        let reqs: Vec<(Method, String)> = steps.iter().map(|s| s.request(&d)).map(|r| (r.method, r.path)).collect();
        assert_eq!(
            reqs,
            [
                (Method::Delete, "/dashboards/0a1b2c3d4e5f6789/members/000000000000000c".to_owned()),
                (Method::Post, "/dashboards/0a1b2c3d4e5f6789/owners".to_owned())
            ]
        );
        assert_eq!(p.plan_role_change(&uid("000000000000000b"), Role::Owner), Some(vec![]));
        assert_eq!(p.plan_role_change(&uid("00000000000000ff"), Role::Owner), None);
    }

    #[test]
    fn removals_say_what_they_mean() {
        let one_owner =
            Membership::new(&[member("000000000000000a", "zoe", "owner")], &[member("000000000000000c", "carl", "member")], None);
        let meaning = |p: &Membership, u: &str| p.plan_remove(&uid(u)).map(|(_, m)| m);
        assert_eq!(meaning(&one_owner, "000000000000000a"), Some(Removal::LastOwner));
        assert_eq!(meaning(&one_owner, "000000000000000c"), Some(Removal::Other));
        assert_eq!(meaning(&one_owner, "00000000000000ff"), None);
        let me_owner = Membership::new(&[member("000000000000000a", "zoe", "owner")], &[], Some(&uid("000000000000000a")));
        assert_eq!(meaning(&me_owner, "000000000000000a"), Some(Removal::Yourself { last_owner: true }));
        let p = panel("000000000000000b");
        assert_eq!(meaning(&p, "000000000000000b"), Some(Removal::Yourself { last_owner: false }));
        assert_eq!(meaning(&p, "000000000000000a"), Some(Removal::Other), "another owner remains");
        let (step, _) = p.plan_remove(&uid("000000000000000d")).unwrap();
        assert_eq!(step, MembershipStep::Remove { user: uid("000000000000000d"), role: Role::Member });
    }
}
