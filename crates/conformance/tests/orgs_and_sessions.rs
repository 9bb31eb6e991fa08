//! Odd orgs and ended sessions (issue #12), on the dev server or a real influxd.
//!
//! influxd 2.8.0 never checks that the org of a new dashboard exists: `POST /dashboards` asks
//! only for `write:orgs/<orgID>/dashboards` (`authorizer/dashboard.go` CreateDashboard,
//! `AuthorizeCreate`), then stores it (`dashboards/service.go`). So an operator token, and the
//! session of a user who owns an operator token (the onboarded user), create dashboards in an
//! org that does not exist (201) or that they are not in; anyone else gets 401 `write:orgs/
//! <orgID>/dashboards is unauthorized`, the same whether the org exists or not. Observed on
//! influxd 2.8.0: token, onboarded user's session → 201 in a made-up org, another org and
//! their own; an org member → 401 in all three; an org owner → 401 except in their own org.
//! The app therefore refuses a made-up org itself (the org guard); the server would not.

use conformance::*;
use dashboards_core::access::{Action, Refusal};
use dashboards_core::ApiError;
use serde_json::json;

/// An org id nobody has: ids are time-based, and this one is from 1970.
const NO_SUCH_ORG: &str = "0000000000000abc";

fn refusal(r: &Resp) -> Option<Refusal> {
    Refusal::from_error(&ApiError::from_response(r.status, &r.text, r.header("X-Platform-Error-Code")))
}

/// What influxd says to a creation the caller may not make in `org`.
fn assert_may_not_create(r: &Resp, org: &str) {
    let message = r.assert_error(401, "unauthorized");
    assert_eq!(message, format!("write:orgs/{org}/dashboards is unauthorized"));
    assert_eq!(refusal(r), Some(Refusal::NotAllowed { action: Action::Write, kind: "dashboards".into(), id: None, org: Some(org.into()) }));
}

/// A dashboard made by a test; deleted with the operator token when dropped.
fn created(r: &Resp, org: &str) -> Cleanup {
    assert_eq!(r.status, 201, "{}", r.text);
    let v = r.json();
    assert_eq!(v["orgID"], org);
    Cleanup(format!("/api/v2/dashboards/{}", v["id"].as_str().expect("id")))
}

/// A user with a password, owner of the target org; deleted when dropped.
fn org_owner() -> (String, Cleanup) {
    let (id, name, cleanup) = temp_user("org-owner", Some("org-owner-password"));
    let r = call("POST", &format!("/api/v2/orgs/{}/owners", target().org_id), Some(&json!({"id": id})));
    assert_eq!(r.status, 201, "{}", r.text);
    (signin(&name, "org-owner-password"), cleanup)
}

fn create_in(cookie: Option<&str>, org: &str) -> Resp {
    let body = json!({"orgID": org, "name": unique("odd org")});
    match cookie {
        Some(c) => call_as(c, "POST", "/api/v2/dashboards", Some(&body)),
        None => call("POST", "/api/v2/dashboards", Some(&body)),
    }
}

#[test]
fn a_dashboard_in_an_org_that_does_not_exist_is_made_for_an_operator_and_refused_to_others() {
    let _g = dashboards_shared();
    let t = target();
    // The operator token: made, and listed under the made-up org.
    let made = create_in(None, NO_SUCH_ORG);
    let _d = created(&made, NO_SUCH_ORG);
    let listed = call("GET", &format!("/api/v2/dashboards?orgID={NO_SUCH_ORG}"), None);
    assert_eq!(listed.status, 200, "{}", listed.text);
    assert!(listed.json()["dashboards"].as_array().unwrap().iter().any(|d| d["id"] == made.json()["id"]));
    // The org itself is not found.
    let org = call("GET", &format!("/api/v2/orgs/{NO_SUCH_ORG}"), None);
    assert_eq!(org.assert_error(404, "not found"), "organization not found");

    // The onboarded user's session carries their operator token's permissions.
    if let Some((user, password)) = &t.credentials {
        let cookie = signin(user, password);
        let _d2 = created(&create_in(Some(&cookie), NO_SUCH_ORG), NO_SUCH_ORG);
    }

    // A member of the target org, and an owner of it: refused, as for any org not theirs.
    let v = viewer();
    assert_may_not_create(&create_in(Some(&v.cookie), NO_SUCH_ORG), NO_SUCH_ORG);
    let (owner, _u) = org_owner();
    assert_may_not_create(&create_in(Some(&owner), NO_SUCH_ORG), NO_SUCH_ORG);
    // Reading the org is refused before it is looked up.
    let r = call_as(&v.cookie, "GET", &format!("/api/v2/orgs/{NO_SUCH_ORG}"), None);
    assert_eq!(r.assert_error(401, "unauthorized"), format!("read:orgs/{NO_SUCH_ORG} is unauthorized"));
}

#[test]
fn a_dashboard_in_an_org_the_user_is_not_in_is_refused_unless_they_are_an_operator() {
    let _g = dashboards_shared();
    let t = target();
    let r = call("POST", "/api/v2/orgs", Some(&json!({"name": unique("other-org")})));
    assert_eq!(r.status, 201, "{}", r.text);
    let other = r.json()["id"].as_str().unwrap().to_owned();
    let _o = Cleanup(format!("/api/v2/orgs/{other}"));

    let _d = created(&create_in(None, &other), &other);
    let (owner, _u) = org_owner();
    assert_may_not_create(&create_in(Some(&owner), &other), &other);
    // …while in their own org the owner may.
    let _d2 = created(&create_in(Some(&owner), &t.org_id), &t.org_id);
    // A member may create nowhere, their own org included.
    let v = viewer();
    assert_may_not_create(&create_in(Some(&v.cookie), &other), &other);
    assert_may_not_create(&create_in(Some(&v.cookie), &t.org_id), &t.org_id);

    // The orgs a session lists are its own: the other org is not among the owner's.
    let orgs = call_as(&owner, "GET", "/api/v2/orgs?limit=100", None);
    assert_eq!(orgs.status, 200, "{}", orgs.text);
    let ids: Vec<String> = orgs.json()["orgs"].as_array().unwrap().iter().filter_map(|o| o["id"].as_str().map(str::to_owned)).collect();
    assert!(ids.contains(&t.org_id), "{ids:?}");
    assert!(!ids.contains(&other), "{ids:?}");
}

#[test]
fn an_expired_session_is_401_unauthorized_access() {
    // influxd 2.8.0 (`http/authentication_middleware.go`): any failure to find a live session
    // is answered with `UnauthorizedError`, 401 `unauthorized access`. Observed with
    // `--session-length 1`: a session left unused for 68 s got exactly that on GET /me.
    if !target().is_devserver {
        return skip("a real influxd's sessions end only after --session-length minutes");
    }
    use influx_devserver::{seed, spawn_background, Config};
    let base = format!("http://{}", spawn_background(Config { quiet: true, faults: true, seed_demo: true, ..Default::default() }).unwrap());
    let session = |user: &str, password: &str| conformance::signin_at(&base, user, password);
    let me = |cookie: &str| send_raw(&base, "GET", "/api/v2/me", &[("Cookie", cookie)], None);
    let demo = session(seed::DEMO_USER, seed::DEMO_PASSWORD);
    let other = session(seed::VIEWER_USER, seed::VIEWER_PASSWORD);
    assert_eq!(me(&demo).status, 200);

    let r = send_raw(&base, "POST", "/debug/sessions/expire", &[("Content-Type", "application/json")], Some(r#"{"user":"demo"}"#));
    assert_eq!(r.status, 200, "{}", r.text);
    assert_eq!(r.json(), json!({"expired": 1}));
    let gone = me(&demo);
    assert_eq!(gone.assert_error(401, "unauthorized"), "unauthorized access");
    assert_eq!(refusal(&gone), Some(Refusal::SignedOut));
    // Only that user's sessions ended; a token has no session to end.
    assert_eq!(me(&other).status, 200);
    let token = format!("Token {}", seed::DEMO_TOKEN);
    assert_eq!(send_raw(&base, "GET", "/api/v2/me", &[("Authorization", &token)], None).status, 200);
    // Signing in again gives a session that works.
    assert_eq!(me(&session(seed::DEMO_USER, seed::DEMO_PASSWORD)).status, 200);

    // With no body, every session ends.
    let r = send_raw(&base, "POST", "/debug/sessions/expire", &[], None);
    assert_eq!(r.status, 200, "{}", r.text);
    assert_eq!(me(&other).status, 401);
}
