//! Owners and members of dashboards and orgs (user resource mappings), and setting a user's
//! password: influxd 2.8.0's `tenant/http_handler_urm.go`, `tenant/storage_urm.go`,
//! `authorizer/urm.go` and `authorizer/password.go`, as read in the v2.8.0 source and observed.
//!
//! Order of the checks, as influxd makes them:
//! 1. The resource must exist **and be readable** by the caller, else 404 `404 page not found`
//!    (ValidResource; a user who is not in the org gets this even for a dashboard they are a
//!    member of: dashboard mappings grant nothing, see `authz`).
//! 2. POST: a malformed body is 500; no valid `id` is 400 `user id missing or invalid`; an
//!    unknown user is 404 `user not found` (looked up without authorization, so anyone who may
//!    read the resource learns it).
//! 3. Write on the resource, else 401 `write:orgs/<org>/dashboards/<id> is unauthorized`.
//! 4. A user who already has any mapping on the resource: 500 (B14).
//!
//! DELETE finds the user's mappings on the resource first and checks write only for those it
//! finds: removing someone who is not listed is 204 even for a caller who may not write.
//! Listing needs only read; the users listed are looked up without authorization, so a member
//! of the org sees every listed user's name even though `GET /users` shows them only themselves.

use crate::authz::{self, Act, Perm};
use crate::error::{parse_id, ApiErr, ApiResult};
use crate::store::{Store, Urm};
use crate::AppState;
use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde_json::{json, Value};

/// What a mapping is on.
#[derive(Clone, Copy)]
pub(crate) enum Kind {
    Dashboard,
    Org,
}

impl Kind {
    fn segment(self) -> &'static str {
        match self {
            Kind::Dashboard => "dashboards",
            Kind::Org => "orgs",
        }
    }
}

/// The resource's id and org, if it exists and the caller may read it; else the plain 404.
pub(crate) fn resource(store: &Store, kind: Kind, id: &str) -> ApiResult<(String, String)> {
    let id = parse_id(id).map_err(|_| ApiErr::page_not_found())?;
    let org = match kind {
        Kind::Dashboard => store.dashboards.get(&id).map(|d| d.org_id.clone()),
        Kind::Org => store.orgs.get(&id).map(|o| o.id.clone()),
    };
    let Some(org) = org else { return Err(ApiErr::page_not_found()) };
    let readable = match kind {
        Kind::Dashboard => Perm::at(Act::Read, "dashboards", &org, &id),
        Kind::Org => Perm::new(Act::Read, "orgs", None, Some(&id)),
    };
    if !authz::allowed(store, &readable) {
        return Err(ApiErr::page_not_found());
    }
    Ok((id, org))
}

/// influxd's `AuthorizeWrite(rt, id, orgID)`: `write:orgs/<org>/<type>/<id>`.
fn may_write(store: &Store, kind: Kind, id: &str, org: &str) -> ApiResult<()> {
    authz::check(store, Perm::at(Act::Write, kind.segment(), org, id))
}

fn list(state: &AppState, kind: Kind, id: &str, role: &str) -> ApiResult<Json<Value>> {
    let store = state.store();
    let (id, _) = resource(&store, kind, id)?;
    let users: Vec<Value> =
        store.urms.iter().filter(|u| u.resource_id == id && u.role == role).filter_map(|u| store.member_json(u)).collect();
    Ok(Json(json!({"links": {"self": format!("/api/v2/{}/{id}/{role}s", kind.segment())}, "users": users})))
}

/// B14: unknown user 404, a user with any role already 500, malformed JSON 500.
fn add(state: &AppState, kind: Kind, id: &str, role: &str, body: &Bytes) -> ApiResult<Response> {
    let mut store = state.store();
    let (id, org) = resource(&store, kind, id)?;
    let v: Value = serde_json::from_slice(body).map_err(|e| ApiErr::internal(e.to_string()))?;
    let user_id = match v.get("id").and_then(Value::as_str) {
        Some(s) if !s.is_empty() => parse_id(s)?,
        _ => return Err(ApiErr::invalid("user id missing or invalid")),
    };
    if !store.users.contains_key(&user_id) {
        return Err(ApiErr::not_found("user not found"));
    }
    may_write(&store, kind, &id, &org)?;
    if store.urms.iter().any(|u| u.resource_id == id && u.user_id == user_id) {
        return Err(ApiErr::internal(format!(
            "Unexpected error when assigning user to a resource: mapping for user {user_id} already exists"
        )));
    }
    let urm = Urm { user_id, resource_id: id, role: role.into() };
    let out = store.member_json(&urm).ok_or_else(|| ApiErr::not_found("user not found"))?;
    store.urms.push(urm);
    Ok((StatusCode::CREATED, Json(out)).into_response())
}

/// Both routes remove whatever mapping the user has (204 even when there is none).
fn remove(state: &AppState, kind: Kind, id: &str, user: &str) -> ApiResult<StatusCode> {
    let mut store = state.store();
    let (id, org) = resource(&store, kind, id)?;
    let user = parse_id(user)?;
    if store.urms.iter().any(|u| u.resource_id == id && u.user_id == user) {
        may_write(&store, kind, &id, &org)?;
    }
    store.urms.retain(|u| !(u.resource_id == id && u.user_id == user));
    Ok(StatusCode::NO_CONTENT)
}

pub async fn list_members(State(state): State<AppState>, Path(id): Path<String>) -> ApiResult<Json<Value>> {
    list(&state, Kind::Dashboard, &id, "member")
}
pub async fn add_member(State(state): State<AppState>, Path(id): Path<String>, body: Bytes) -> ApiResult<Response> {
    add(&state, Kind::Dashboard, &id, "member", &body)
}
pub async fn remove_member(State(state): State<AppState>, Path((id, user)): Path<(String, String)>) -> ApiResult<StatusCode> {
    remove(&state, Kind::Dashboard, &id, &user)
}
pub async fn list_owners(State(state): State<AppState>, Path(id): Path<String>) -> ApiResult<Json<Value>> {
    list(&state, Kind::Dashboard, &id, "owner")
}
pub async fn add_owner(State(state): State<AppState>, Path(id): Path<String>, body: Bytes) -> ApiResult<Response> {
    add(&state, Kind::Dashboard, &id, "owner", &body)
}
pub async fn remove_owner(State(state): State<AppState>, Path((id, user)): Path<(String, String)>) -> ApiResult<StatusCode> {
    remove(&state, Kind::Dashboard, &id, &user)
}

pub async fn list_org_members(State(state): State<AppState>, Path(id): Path<String>) -> ApiResult<Json<Value>> {
    list(&state, Kind::Org, &id, "member")
}
pub async fn add_org_member(State(state): State<AppState>, Path(id): Path<String>, body: Bytes) -> ApiResult<Response> {
    add(&state, Kind::Org, &id, "member", &body)
}
pub async fn list_org_owners(State(state): State<AppState>, Path(id): Path<String>) -> ApiResult<Json<Value>> {
    list(&state, Kind::Org, &id, "owner")
}
pub async fn add_org_owner(State(state): State<AppState>, Path(id): Path<String>, body: Bytes) -> ApiResult<Response> {
    add(&state, Kind::Org, &id, "owner", &body)
}
pub async fn remove_org_user(State(state): State<AppState>, Path((id, user)): Path<(String, String)>) -> ApiResult<StatusCode> {
    remove(&state, Kind::Org, &id, &user)
}

/// `POST /users/{id}/password {password}`: 204. Write on that user is needed (an operator, or
/// the user themselves); 8 to 72 characters (400 `passwords must be between 8 and 72 characters
/// long`); an unknown user is 403 `your userID is incorrect` (all observed on influxd 2.8.0).
pub async fn set_password(State(state): State<AppState>, Path(id): Path<String>, body: Bytes) -> ApiResult<StatusCode> {
    let id = parse_id(&id)?;
    let v: Value = serde_json::from_slice(&body).map_err(|e| ApiErr::invalid(e.to_string()))?;
    let password = v.get("password").and_then(Value::as_str).unwrap_or("").to_owned();
    let mut store = state.store();
    authz::check(&store, Perm::new(Act::Write, "users", None, Some(&id)))?;
    if !(8..=72).contains(&password.len()) {
        return Err(ApiErr::invalid("passwords must be between 8 and 72 characters long"));
    }
    let user = store.users.get_mut(&id).ok_or_else(|| ApiErr::forbidden("your userID is incorrect"))?;
    user.password = Some(password);
    Ok(StatusCode::NO_CONTENT)
}
