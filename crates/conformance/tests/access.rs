//! What the label manager and the members panel lean on (issue #11), on the dev server or a
//! real influxd: users for the member picker, adding, re-adding (B14), promoting and removing
//! members through the plans of `dashboards_core::members`, label names refused as duplicates,
//! and what a second user may list and change. The second user is `conformance::viewer()`: a
//! member of the org, listed on the shared dashboard.

use conformance::*;
use dashboards_core::access::{Action, Refusal};
use dashboards_core::endpoints::{self, Request, Role};
use dashboards_core::labels::{check_label_name, LabelNameError};
use dashboards_core::members::{AddPlan, Membership, Removal};
use dashboards_core::model::{DashboardId, Label, LabelsResponse, Member, MembersResponse, UserId, UsersResponse};
use dashboards_core::ApiError;
use serde_json::{json, Value};

/// Sends a request built by `dashboards_core::endpoints` with the operator token.
fn send(req: &Request) -> Resp {
    let method = req.method.as_str();
    match &req.body {
        Some(b) => call_raw(method, &format!("/api/v2{}", req.path), b),
        None => call(method, &format!("/api/v2{}", req.path), None),
    }
}

fn api_error(r: &Resp) -> ApiError {
    ApiError::from_response(r.status, &r.text, r.header("X-Platform-Error-Code"))
}

fn list(dashboard: &DashboardId, role: Role) -> Vec<Member> {
    let r = send(&endpoints::list_users_of(dashboard, role));
    assert_eq!(r.status, 200, "{}", r.text);
    serde_json::from_str::<MembersResponse>(&r.text).unwrap().users
}

fn panel(dashboard: &DashboardId) -> Membership {
    Membership::new(&list(dashboard, Role::Owner), &list(dashboard, Role::Member), None)
}

/// A user made for one test, with a password, deleted when dropped.

#[test]
fn users_are_listed_for_the_member_picker() {
    let _g = dashboards_shared();
    let v = viewer();
    let (uid, _, _u) = temp_user("member", None);
    // The picker pages through GET /users (20 by default, no next link): the core builder.
    let mut users = Vec::new();
    for offset in (0..).step_by(100).take(100) {
        let page: UsersResponse = serde_json::from_str(&send(&endpoints::list_users_page(offset, 100).unwrap()).text).unwrap();
        let full = page.users.len() == 100;
        users.extend(page.users);
        if !full {
            break;
        }
    }
    for id in [&uid, &v.id] {
        assert!(users.iter().any(|u| &u.id.0 == id), "{id} listed");
    }
    let one = call("GET", "/api/v2/users?limit=1", None).json();
    assert_eq!(one["users"].as_array().unwrap().len(), 1);
    assert_eq!(one["links"], json!({"self": "/api/v2/users"}), "no next link");
}

#[test]
fn members_add_readd_promote_remove() {
    let _g = dashboards_shared();
    let d = TempDashboard::new(&unique("membership"));
    let dash = DashboardId(d.id.clone());
    let (uid, uname, _u) = temp_user("member", None);
    let user = UserId(uid.clone());

    let AddPlan::Send(add) = panel(&dash).plan_add(&user, Role::Member) else { panic!("a new member is sent") };
    let r = send(&add.request(&dash));
    assert_eq!(r.status, 201, "{}", r.text);
    assert_eq!((r.json()["role"].as_str(), r.json()["name"].as_str()), (Some("member"), Some(uname.as_str())));

    // B14: the re-add is not sent; influxd would answer 500.
    let p = panel(&dash);
    assert_eq!(p.plan_add(&user, Role::Owner), AddPlan::AlreadyListed(Role::Member));
    let r = send(&endpoints::add_user_to(&dash, Role::Owner, &user));
    assert_eq!(
        r.assert_error(500, "internal error"),
        format!("Unexpected error when assigning user to a resource: mapping for user {uid} already exists")
    );

    // Promote: remove, then add as owner.
    for step in p.plan_role_change(&user, Role::Owner).unwrap() {
        let r = send(&step.request(&dash));
        assert!(r.status == 201 || r.status == 204, "{step:?}: {} {}", r.status, r.text);
    }
    let p = panel(&dash);
    assert_eq!(p.role_of(&user), Some(Role::Owner));
    assert!(list(&dash, Role::Member).is_empty());

    // The only owner: removing them leaves the dashboard without one, as it started.
    let (step, meaning) = p.plan_remove(&user).unwrap();
    assert_eq!(meaning, Removal::LastOwner);
    assert_eq!(send(&step.request(&dash)).status, 204);
    assert_eq!(panel(&dash).rows(), &[]);
    assert_eq!(send(&step.request(&dash)).status, 204, "removing someone not listed is 204");
    let r = send(&endpoints::add_user_to(&dash, Role::Member, &UserId("0000000000000001".into())));
    assert_eq!(r.assert_error(404, "not found"), "user not found");
}

#[test]
fn a_label_name_taken_in_any_case_is_refused() {
    let _g = dashboards_shared();
    let t = target();
    let name = unique("Team");
    let r = call("POST", "/api/v2/labels", Some(&json!({"orgID": t.org_id, "name": name, "properties": {"color": "#abc"}})));
    assert_eq!(r.status, 201, "{}", r.text);
    let id = r.json()["label"]["id"].as_str().unwrap().to_owned();
    let _l = Cleanup(format!("/api/v2/labels/{id}"));
    let labels: LabelsResponse = serde_json::from_str(&send(&endpoints::list_labels(&t.org_id.as_str().into())).text).unwrap();
    let org_labels: Vec<Label> = labels.labels;

    // The form refuses it before sending; the server refuses it too (the race).
    let upper = format!("  {}  ", name.to_uppercase());
    assert_eq!(check_label_name(&upper, &org_labels, None), Err(LabelNameError::Taken { existing: name.clone() }));
    let r = call("POST", "/api/v2/labels", Some(&json!({"orgID": t.org_id, "name": upper})));
    let m = r.assert_error(422, "conflict");
    assert_eq!(m, format!("label with name {} already exists", name.to_uppercase()));
    assert!(matches!(api_error(&r), ApiError::Conflict { .. }));

    // Renaming: to its own name in another case is allowed, to another label's is not.
    let r = call("PATCH", &format!("/api/v2/labels/{id}"), Some(&json!({"name": name.to_lowercase()})));
    assert_eq!((r.status, r.json()["label"]["name"].as_str()), (200, Some(name.to_lowercase().as_str())));
    let other = call("POST", "/api/v2/labels", Some(&json!({"orgID": t.org_id, "name": unique("other")}))).json();
    let other_id = other["label"]["id"].as_str().unwrap().to_owned();
    let _o = Cleanup(format!("/api/v2/labels/{other_id}"));
    let r = call("PATCH", &format!("/api/v2/labels/{other_id}"), Some(&json!({"name": name.to_uppercase()})));
    r.assert_error(422, "conflict");
    // An empty name in a PATCH changes nothing.
    let r = call("PATCH", &format!("/api/v2/labels/{other_id}"), Some(&json!({"name": ""})));
    assert_eq!((r.status, &r.json()["label"]["name"]), (200, &other["label"]["name"]));
    // The color comes back as sent: the page shows it only through safe_label_color.
    assert_eq!(
        dashboards_core::labels::safe_label_color(
            call("GET", &format!("/api/v2/labels/{id}"), None).json()["label"]["properties"]["color"].as_str().unwrap()
        ),
        "#abc"
    );
}

/// Asserts a 401 for a missing permission, with influxd's message, read by `access::Refusal`.
fn refused(r: &Resp, permission: &str, action: Action, kind: &str) {
    assert_eq!(r.assert_error(401, "unauthorized"), format!("{permission} is unauthorized"));
    match Refusal::from_error(&api_error(r)) {
        Some(Refusal::NotAllowed { action: a, kind: k, .. }) => assert_eq!((a, k.as_str()), (action, kind)),
        other => panic!("{other:?} from {}", r.text),
    }
}

#[test]
fn second_user_reads_the_org_and_every_write_is_refused() {
    let _g = dashboards_shared();
    let t = target();
    let v = viewer();
    let org = &t.org_id;
    let shared = &v.dashboard_id;
    let me = call_as(&v.cookie, "GET", "/api/v2/me", None).json();
    assert_eq!((me["id"].as_str(), me["name"].as_str()), (Some(v.id.as_str()), Some(influx_devserver::seed::VIEWER_USER)));

    // What they may list: the org, its dashboards, labels and member lists; of the users, only
    // themselves.
    let users = call_as(&v.cookie, "GET", "/api/v2/users", None).json();
    assert_eq!(users["users"].as_array().unwrap().iter().map(|u| u["id"].clone()).collect::<Vec<_>>(), [json!(v.id)]);
    let operator = call("GET", "/api/v2/me", None).json();
    let by_name = call_as(&v.cookie, "GET", &format!("/api/v2/users?name={}", operator["name"].as_str().unwrap()), None);
    assert_eq!((by_name.status, by_name.json()["users"].clone()), (200, json!([])), "found but not readable: an empty list");
    let r = call_as(&v.cookie, "GET", &format!("/api/v2/users/{}", operator["id"].as_str().unwrap()), None);
    refused(&r, &format!("read:users/{}", operator["id"].as_str().unwrap()), Action::Read, "users");
    let orgs = call_as(&v.cookie, "GET", "/api/v2/orgs", None).json();
    assert!(orgs["orgs"].as_array().unwrap().iter().any(|o| o["id"] == org.as_str()));
    let other = TempDashboard::new(&unique("not-shared"));
    let listed = call_as(&v.cookie, "GET", &format!("/api/v2/dashboards?orgID={org}"), None).json();
    let ids: Vec<&str> = listed["dashboards"].as_array().unwrap().iter().filter_map(|d| d["id"].as_str()).collect();
    assert!(ids.contains(&shared.as_str()) && ids.contains(&other.id.as_str()), "an org member reads every dashboard: {ids:?}");
    let members = call_as(&v.cookie, "GET", &format!("/api/v2/dashboards/{shared}/members"), None).json();
    assert!(members["users"].as_array().unwrap().iter().any(|u| u["id"] == v.id.as_str()));
    assert_eq!(call_as(&v.cookie, "GET", &format!("/api/v2/dashboards/{shared}/owners"), None).status, 200);
    assert_eq!(call_as(&v.cookie, "GET", &format!("/api/v2/labels?orgID={org}"), None).status, 200);

    // Every write is a 401 naming the missing permission; being listed as a member changes
    // nothing (dashboard mappings grant no permission on influxd 2.8.0).
    let label = call("POST", "/api/v2/labels", Some(&json!({"orgID": org, "name": unique("viewer-sees")}))).json();
    let label_id = label["label"]["id"].as_str().unwrap().to_owned();
    let _l = Cleanup(format!("/api/v2/labels/{label_id}"));
    let w = |d: &str| format!("write:orgs/{org}/dashboards/{d}");
    for d in [shared.as_str(), other.id.as_str()] {
        let r = call_as(&v.cookie, "PATCH", &format!("/api/v2/dashboards/{d}"), Some(&json!({"name": "renamed by viewer"})));
        refused(&r, &w(d), Action::Write, "dashboards");
    }
    refused(&call_as(&v.cookie, "DELETE", &format!("/api/v2/dashboards/{shared}"), None), &w(shared), Action::Write, "dashboards");
    let r = call_as(&v.cookie, "POST", &format!("/api/v2/dashboards/{shared}/cells"), Some(&json!({"x": 0, "y": 0, "w": 4, "h": 4})));
    refused(&r, &w(shared), Action::Write, "dashboards");
    let r = call_as(&v.cookie, "POST", "/api/v2/dashboards", Some(&json!({"orgID": org, "name": "viewer's"})));
    refused(&r, &format!("write:orgs/{org}/dashboards"), Action::Write, "dashboards");
    let r = call_as(&v.cookie, "POST", "/api/v2/labels", Some(&json!({"orgID": org, "name": unique("by-viewer")})));
    refused(&r, &format!("write:orgs/{org}/labels"), Action::Write, "labels");
    let r = call_as(&v.cookie, "PATCH", &format!("/api/v2/labels/{label_id}"), Some(&json!({"name": unique("renamed")})));
    refused(&r, &format!("write:orgs/{org}/labels/{label_id}"), Action::Write, "labels");
    // Attaching checks the label before the dashboard.
    let r = call_as(&v.cookie, "POST", &format!("/api/v2/dashboards/{shared}/labels"), Some(&json!({"labelID": label_id})));
    refused(&r, &format!("write:orgs/{org}/labels/{label_id}"), Action::Write, "labels");

    // Membership: adding anyone, removing themselves.
    let (uid, _, _u) = temp_user("member", None);
    let r = call_as(&v.cookie, "POST", &format!("/api/v2/dashboards/{shared}/members"), Some(&json!({"id": uid})));
    refused(&r, &w(shared), Action::Write, "dashboards");
    let r = call_as(&v.cookie, "DELETE", &format!("/api/v2/dashboards/{shared}/members/{}", v.id), None);
    refused(&r, &w(shared), Action::Write, "dashboards");
    // Checked only for a mapping that exists: removing someone not listed is a 204, and an
    // unknown user is a 404 before any permission is checked.
    assert_eq!(call_as(&v.cookie, "DELETE", &format!("/api/v2/dashboards/{shared}/members/{uid}"), None).status, 204);
    let r = call_as(&v.cookie, "POST", &format!("/api/v2/dashboards/{shared}/members"), Some(&json!({"id": "0000000000000001"})));
    assert_eq!(r.assert_error(404, "not found"), "user not found");
    assert!(list(&DashboardId(shared.clone()), Role::Member).iter().any(|m| m.id.0 == v.id), "still listed");
}

#[test]
fn a_dashboard_only_member_sees_nothing_of_it() {
    let _g = dashboards_shared();
    let t = target();
    let d = TempDashboard::new(&unique("member-only"));
    let (uid, name, _u) = temp_user("member", Some("member-only-password"));
    let (uid2, _, _u2) = temp_user("member", None);
    assert_eq!(call("POST", &format!("{}/members", d.path()), Some(&json!({"id": uid}))).status, 201);
    let cookie = signin(&name, "member-only-password");

    let listed = call_as(&cookie, "GET", &format!("/api/v2/dashboards?orgID={}", t.org_id), None).json();
    assert_eq!(listed["dashboards"], json!([]), "not in the org: no dashboard at all");
    let r = call_as(&cookie, "GET", &d.path(), None);
    refused(&r, &format!("read:orgs/{}/dashboards/{}", t.org_id, d.id), Action::Read, "dashboards");
    // The sub-resources of a dashboard they may not read are a plain 404.
    for sub in ["members", "owners", "labels"] {
        assert_eq!(call_as(&cookie, "GET", &format!("{}/{sub}", d.path()), None).assert_error(404, "not found"), "404 page not found");
    }
    let r = call_as(&cookie, "POST", &format!("{}/members", d.path()), Some(&json!({"id": uid2})));
    assert_eq!(r.assert_error(404, "not found"), "404 page not found");
    assert_eq!(call_as(&cookie, "GET", "/api/v2/orgs", None).json()["orgs"], json!([]));
    refused(
        &call_as(&cookie, "GET", &format!("/api/v2/orgs/{}", t.org_id), None),
        &format!("read:orgs/{}", t.org_id),
        Action::Read,
        "orgs",
    );
    assert_eq!(call_as(&cookie, "GET", &format!("/api/v2/labels?orgID={}", t.org_id), None).json()["labels"], json!([]));
    assert_eq!(call_as(&cookie, "GET", "/api/v2/me", None).json()["id"], Value::from(uid));
}
