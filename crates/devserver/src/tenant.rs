//! Session, onboarding, users, orgs, buckets and labels (contract §3).

use crate::authz::{self, Act, Perm};
use crate::dashboards::parse_bool;
use crate::error::{parse_id, ApiErr, ApiResult};
use crate::store::{label_json, now_nanos, org_json, user_json, Bucket, LabelRec, Org, Session, TokenRec, UserRec};
use crate::{AppState, Principal, SESSION_COOKIE};
use axum::body::Bytes;
use axum::extract::{Path, RawQuery, State};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::{Extension, Json};
use serde_json::{json, Value};
use std::collections::BTreeMap;

fn body_json(body: &Bytes) -> ApiResult<Value> {
    serde_json::from_slice(body).map_err(|e| ApiErr::invalid(format!("failed to unmarshal json: {e}")))
}

fn str_member<'a>(v: &'a Value, key: &str) -> Option<&'a str> {
    v.get(key).and_then(Value::as_str)
}

/// Go's `base64.StdEncoding`, which influxd's `r.BasicAuth()` reads credentials with: padding
/// required, any bits after the last byte ignored.
fn decode_base64(s: &str) -> Option<Vec<u8>> {
    use base64::engine::general_purpose::{GeneralPurpose, GeneralPurposeConfig};
    use base64::Engine;
    const GO_STD: GeneralPurpose =
        GeneralPurpose::new(&base64::alphabet::STANDARD, GeneralPurposeConfig::new().with_decode_allow_trailing_bits(true));
    GO_STD.decode(s).ok()
}

/// A random-enough key from the OS (session keys and generated tokens).
fn random_key() -> String {
    let mut buf = [0u8; 32];
    if let Ok(mut f) = std::fs::File::open("/dev/urandom") {
        use std::io::Read;
        let _ = f.read_exact(&mut buf);
    }
    // Mix in the clock in case /dev/urandom could not be read.
    let t = now_nanos().to_le_bytes();
    for (i, b) in t.iter().enumerate() {
        buf[i] ^= b;
    }
    buf.iter().map(|b| format!("{b:02x}")).collect()
}

/// `POST /signin` with Basic credentials: 204 and the session cookie.
pub async fn signin(State(state): State<AppState>, headers: HeaderMap) -> ApiResult<Response> {
    let creds = headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Basic "))
        .and_then(|b| decode_base64(b.trim()))
        .and_then(|b| String::from_utf8(b).ok())
        .ok_or_else(ApiErr::unauthorized)?;
    let (name, password) = creds.split_once(':').ok_or_else(ApiErr::unauthorized)?;
    let mut store = state.store();
    let user = store.user_by_name(name).cloned().ok_or_else(ApiErr::unauthorized)?;
    if user.password.as_deref() != Some(password) {
        return Err(ApiErr::unauthorized());
    }
    if user.status != "active" {
        return Err(ApiErr::forbidden("user is inactive"));
    }
    let key = random_key();
    let expires_at = now_nanos() + state.session_nanos();
    store.sessions.insert(key.clone(), Session { user_id: user.id, expires_at });
    let expires = dashboards_core::time::http_date((expires_at / 1_000_000_000) as i64);
    let cookie = format!("{SESSION_COOKIE}={key}; Path=/api/; Expires={expires}; HttpOnly; SameSite=Strict");
    let mut res = StatusCode::NO_CONTENT.into_response();
    res.headers_mut().insert(header::SET_COOKIE, HeaderValue::from_str(&cookie).map_err(|e| ApiErr::internal(e.to_string()))?);
    Ok(res)
}

/// `POST /signout`: ends the session (the cookie itself is not cleared, as on the real server).
pub async fn signout(State(state): State<AppState>, headers: HeaderMap) -> ApiResult<StatusCode> {
    let key = crate::cookie(&headers, SESSION_COOKIE).ok_or_else(ApiErr::unauthorized)?;
    let mut store = state.store();
    store.sessions.remove(&key).ok_or_else(ApiErr::unauthorized)?;
    Ok(StatusCode::NO_CONTENT)
}

pub async fn get_setup(State(state): State<AppState>) -> Json<Value> {
    Json(json!({"allowed": !state.store().setup_done}))
}

/// Onboarding: the first user, org, bucket and an all-access token.
pub async fn post_setup(State(state): State<AppState>, body: Bytes) -> ApiResult<Response> {
    let v = body_json(&body)?;
    let mut store = state.store();
    if store.setup_done {
        return Err(ApiErr::conflict("onboarding has already been completed"));
    }
    let missing: Vec<&str> = ["username", "org", "bucket"].into_iter().filter(|k| str_member(&v, k).is_none_or(|s| s.is_empty())).collect();
    if !missing.is_empty() {
        return Err(ApiErr::unprocessable(format!("onboarding failed: missing required fields [{}]", missing.join(" "))));
    }
    let password = str_member(&v, "password").map(str::to_owned);
    if let Some(p) = &password {
        if !(8..=72).contains(&p.len()) {
            return Err(ApiErr::invalid("passwords must be between 8 and 72 characters long"));
        }
    }
    let retention = v.get("retentionPeriodSeconds").and_then(Value::as_i64).unwrap_or(0);
    let token = str_member(&v, "token").filter(|t| !t.is_empty()).map(str::to_owned).unwrap_or_else(random_key);
    let out = onboard(
        &mut store,
        str_member(&v, "username").unwrap_or(""),
        password,
        str_member(&v, "org").unwrap_or(""),
        str_member(&v, "bucket").unwrap_or(""),
        retention,
        &token,
    );
    let seeded = state.seed_onboarded_dashboards();
    if seeded > 0 {
        if let Some(org_id) = out["org"]["id"].as_str() {
            crate::seed::add_dashboards(&mut store, org_id, seeded, None);
        }
    }
    Ok((StatusCode::CREATED, Json(out)).into_response())
}

/// Creates the first user, org, bucket and token; returns the `/setup` answer.
pub fn onboard(
    store: &mut crate::store::Store,
    user: &str,
    password: Option<String>,
    org: &str,
    bucket: &str,
    retention: i64,
    token: &str,
) -> Value {
    let now = now_nanos();
    let user_id = store.new_id();
    let org_id = store.new_id();
    let bucket_id = store.new_id();
    let auth_id = store.new_id();
    let u = UserRec { id: user_id.clone(), name: user.into(), status: "active".into(), password };
    let o = Org { id: org_id.clone(), name: org.into(), description: String::new(), created_at: now, updated_at: now };
    let b = Bucket { id: bucket_id.clone(), org_id: org_id.clone(), name: bucket.into(), retention_seconds: retention };
    let out = json!({
        "user": user_json(&u),
        "org": org_json(&o),
        "bucket": bucket_json(&b, &o),
        "auth": {
            "id": auth_id, "token": token, "status": "active", "description": format!("{user}'s Token"),
            "orgID": org_id, "org": org, "userID": user_id, "user": user,
            "permissions": [{"action": "read", "resource": {"type": "dashboards"}}, {"action": "write", "resource": {"type": "dashboards"}}],
            "links": {"self": format!("/api/v2/authorizations/{auth_id}"), "user": format!("/api/v2/users/{user_id}")}
        }
    });
    store.urms.push(crate::store::Urm { user_id: user_id.clone(), resource_id: org_id.clone(), role: "owner".into() });
    store.tokens.insert(token.into(), TokenRec { id: auth_id, token: token.into(), user_id: user_id.clone(), org_id: org_id.clone() });
    store.users.insert(user_id, u);
    store.orgs.insert(org_id, o);
    store.buckets.insert(bucket_id, b);
    store.setup_done = true;
    out
}

fn bucket_json(b: &Bucket, o: &Org) -> Value {
    let rules = if b.retention_seconds > 0 { json!([{"type": "expire", "everySeconds": b.retention_seconds}]) } else { json!([]) };
    json!({"id": b.id, "orgID": b.org_id, "name": b.name, "type": "user", "retentionRules": rules,
           "links": {"self": format!("/api/v2/buckets/{}", b.id), "org": format!("/api/v2/orgs/{}", o.id)}})
}

pub async fn me(State(state): State<AppState>, Extension(p): Extension<Principal>) -> ApiResult<Json<Value>> {
    let store = state.store();
    store.users.get(&p.user_id).map(|u| Json(user_json(u))).ok_or_else(ApiErr::unauthorized)
}

/// `GET /users`: the default limit of 20 applies, but no next link is sent. Only the users the
/// caller may read are listed, after paging: an operator sees everyone, a session user without
/// an operator token only themselves. A name or id filter that finds a user the caller may not
/// read answers 200 with no users (observed on influxd 2.8.0); one that finds nobody, 404.
pub async fn list_users(State(state): State<AppState>, RawQuery(q): RawQuery) -> ApiResult<Json<Value>> {
    let params = crate::Params::parse(q.as_deref());
    let store = state.store();
    let found = if let Some(name) = params.first("name") {
        vec![store.user_by_name(name).ok_or_else(|| ApiErr::not_found("user not found"))?]
    } else if let Some(id) = params.first("id") {
        vec![store.users.get(&parse_id(id)?).ok_or_else(|| ApiErr::not_found("user not found"))?]
    } else {
        let (offset, limit) = params.lenient_page();
        let after = params.first("after");
        store.users.values().filter(|u| after.is_none_or(|a| u.id.as_str() > a)).skip(offset).take(limit).collect()
    };
    let may = authz::checker(&store);
    let users: Vec<Value> = found.into_iter().filter(|u| may(&Perm::new(Act::Read, "users", None, Some(&u.id)))).map(user_json).collect();
    Ok(Json(json!({"links": {"self": "/api/v2/users"}, "users": users})))
}

pub async fn create_user(State(state): State<AppState>, body: Bytes) -> ApiResult<Response> {
    let v = body_json(&body)?;
    let name = str_member(&v, "name")
        .filter(|n| !n.is_empty())
        .ok_or_else(|| ApiErr::new(StatusCode::BAD_REQUEST, "empty value", "key required"))?;
    let mut store = state.store();
    authz::check(&store, Perm::new(Act::Write, "users", None, None))?;
    if store.user_by_name(name).is_some() {
        return Err(ApiErr::conflict(format!("user with name {name} already exists")));
    }
    let id = store.new_id();
    let status = str_member(&v, "status").unwrap_or("active").to_owned();
    let u = UserRec { id: id.clone(), name: name.into(), status, password: None };
    let out = user_json(&u);
    store.users.insert(id, u);
    Ok((StatusCode::CREATED, Json(out)).into_response())
}

pub async fn get_user(State(state): State<AppState>, Path(id): Path<String>) -> ApiResult<Json<Value>> {
    let store = state.store();
    let id = parse_id(&id)?;
    // Checked before the lookup, as influxd does (an unknown id is a 401 too).
    authz::check(&store, Perm::new(Act::Read, "users", None, Some(&id)))?;
    store.users.get(&id).map(|u| Json(user_json(u))).ok_or_else(|| ApiErr::not_found("user not found"))
}

pub async fn patch_user(State(state): State<AppState>, Path(id): Path<String>, body: Bytes) -> ApiResult<Json<Value>> {
    let v = body_json(&body)?;
    let id = parse_id(&id)?;
    let mut store = state.store();
    authz::check(&store, Perm::new(Act::Write, "users", None, Some(&id)))?;
    if let Some(name) = str_member(&v, "name") {
        if store.users.values().any(|u| u.name == name && u.id != id) {
            return Err(ApiErr::conflict(format!("user with name {name} already exists")));
        }
    }
    let u = store.users.get_mut(&id).ok_or_else(|| ApiErr::not_found("user not found"))?;
    if let Some(name) = str_member(&v, "name") {
        u.name = name.into();
    }
    if let Some(status) = str_member(&v, "status") {
        u.status = status.into();
    }
    Ok(Json(user_json(u)))
}

pub async fn delete_user(State(state): State<AppState>, Path(id): Path<String>) -> ApiResult<StatusCode> {
    let id = parse_id(&id)?;
    let mut store = state.store();
    authz::check(&store, Perm::new(Act::Write, "users", None, Some(&id)))?;
    store.users.remove(&id).ok_or_else(|| ApiErr::not_found("user not found"))?;
    store.urms.retain(|u| u.user_id != id);
    store.tokens.retain(|_, t| t.user_id != id);
    store.sessions.retain(|_, s| s.user_id != id);
    Ok(StatusCode::NO_CONTENT)
}

pub async fn list_orgs(State(state): State<AppState>, RawQuery(q): RawQuery) -> ApiResult<Json<Value>> {
    let params = crate::Params::parse(q.as_deref());
    let store = state.store();
    if let Some(name) = params.first("org") {
        let o = store.org_by_name(name).ok_or_else(|| ApiErr::not_found(format!("organization name \"{name}\" not found")))?;
        authz::check(&store, Perm::new(Act::Read, "orgs", None, Some(&o.id)))?;
        return Ok(Json(json!({"links": {"self": "/api/v2/orgs"}, "orgs": [org_json(o)]})));
    }
    if let Some(id) = params.first("orgID") {
        let o = store.orgs.get(&parse_id(id)?).ok_or_else(|| ApiErr::not_found("organization not found"))?;
        return Ok(Json(json!({"links": {"self": "/api/v2/orgs"}, "orgs": [org_json(o)]})));
    }
    let (offset, limit) = params.lenient_page();
    let descending = params.first("descending").and_then(parse_bool).unwrap_or(false);
    let user = params.first("userID");
    let mut orgs: Vec<&Org> = store
        .orgs
        .values()
        .filter(|o| user.as_ref().is_none_or(|u| store.urms.iter().any(|m| &m.user_id == u && m.resource_id == o.id)))
        .collect();
    if descending {
        orgs.reverse();
    }
    // Only the orgs the caller may read, after paging.
    let may = authz::checker(&store);
    let orgs: Vec<Value> =
        orgs.into_iter().skip(offset).take(limit).filter(|o| may(&Perm::new(Act::Read, "orgs", None, Some(&o.id)))).map(org_json).collect();
    Ok(Json(json!({"links": {"self": "/api/v2/orgs"}, "orgs": orgs})))
}

pub async fn create_org(State(state): State<AppState>, Extension(p): Extension<Principal>, body: Bytes) -> ApiResult<Response> {
    let v = body_json(&body)?;
    let name = str_member(&v, "name").map(str::trim).filter(|n| !n.is_empty()).ok_or_else(|| ApiErr::invalid("org name is empty"))?;
    let mut store = state.store();
    if store.org_by_name(name).is_some() {
        return Err(ApiErr::conflict(format!("organization with name {name} already exists")));
    }
    let id = store.new_id();
    let now = now_nanos();
    let o = Org {
        id: id.clone(),
        name: name.into(),
        description: str_member(&v, "description").unwrap_or("").into(),
        created_at: now,
        updated_at: now,
    };
    let out = org_json(&o);
    store.orgs.insert(id.clone(), o);
    store.urms.push(crate::store::Urm { user_id: p.user_id, resource_id: id, role: "owner".into() });
    Ok((StatusCode::CREATED, Json(out)).into_response())
}

/// Checked before the lookup (`authorizer/org.go`): `read:orgs/<id> is unauthorized`.
pub async fn get_org(State(state): State<AppState>, Path(id): Path<String>) -> ApiResult<Json<Value>> {
    let store = state.store();
    let id = parse_id(&id)?;
    authz::check(&store, Perm::new(Act::Read, "orgs", None, Some(&id)))?;
    store.orgs.get(&id).map(|o| Json(org_json(o))).ok_or_else(|| ApiErr::not_found("organization not found"))
}

pub async fn patch_org(State(state): State<AppState>, Path(id): Path<String>, body: Bytes) -> ApiResult<Json<Value>> {
    let v = body_json(&body)?;
    let id = parse_id(&id)?;
    let mut store = state.store();
    if let Some(name) = str_member(&v, "name") {
        if store.orgs.values().any(|o| o.name == name && o.id != id) {
            return Err(ApiErr::conflict(format!("organization with name {name} already exists")));
        }
    }
    let o = store.orgs.get_mut(&id).ok_or_else(|| ApiErr::not_found("organization not found"))?;
    if let Some(name) = str_member(&v, "name") {
        o.name = name.into();
    }
    if let Some(d) = str_member(&v, "description") {
        o.description = d.into();
    }
    o.updated_at = now_nanos();
    Ok(Json(org_json(o)))
}

pub async fn delete_org(State(state): State<AppState>, Path(id): Path<String>) -> ApiResult<StatusCode> {
    let id = parse_id(&id)?;
    let mut store = state.store();
    store.orgs.remove(&id).ok_or_else(|| ApiErr::not_found("organization not found"))?;
    let gone: Vec<String> = store.dashboards.values().filter(|d| d.org_id == id).map(|d| d.id.clone()).collect();
    for d in gone {
        store.dashboards.remove(&d);
        store.label_maps.retain(|(r, _)| r != &d);
    }
    store.labels.retain(|_, l| l.org_id != id);
    store.buckets.retain(|_, b| b.org_id != id);
    store.urms.retain(|u| u.resource_id != id);
    Ok(StatusCode::NO_CONTENT)
}

pub async fn list_buckets(State(state): State<AppState>, RawQuery(q): RawQuery) -> ApiResult<Json<Value>> {
    let params = crate::Params::parse(q.as_deref());
    let store = state.store();
    let org = match (params.first("orgID"), params.first("org")) {
        (Some(id), _) => store.orgs.get(id).cloned(),
        (None, Some(name)) => {
            Some(store.org_by_name(name).cloned().ok_or_else(|| ApiErr::not_found(format!("organization name \"{name}\" not found")))?)
        }
        (None, None) => None,
    };
    let may = authz::checker(&store);
    let buckets: Vec<Value> = store
        .buckets
        .values()
        .filter(|b| org.as_ref().is_none_or(|o| o.id == b.org_id))
        .filter(|b| may(&Perm::at(Act::Read, "buckets", &b.org_id, &b.id)))
        .filter_map(|b| store.orgs.get(&b.org_id).map(|o| bucket_json(b, o)))
        .collect();
    Ok(Json(json!({"links": {"self": "/api/v2/buckets"}, "buckets": buckets})))
}

fn label_answer(l: &LabelRec) -> Value {
    json!({"label": label_json(l), "links": {"self": format!("/api/v2/labels/{}", l.id)}})
}

fn string_map(v: Option<&Value>) -> ApiResult<BTreeMap<String, String>> {
    match v {
        None | Some(Value::Null) => Ok(BTreeMap::new()),
        Some(Value::Object(m)) => m
            .iter()
            .map(|(k, v)| {
                v.as_str().map(|s| (k.clone(), s.to_owned())).ok_or_else(|| ApiErr::invalid(format!("label property {k} must be a string")))
            })
            .collect(),
        Some(_) => Err(ApiErr::invalid("label properties must be an object of strings")),
    }
}

/// Another label of `org` whose name is `name` as influxd compares names: its uniqueness index
/// key is the org and `strings.ToLower(name)` (`label/storage_label.go` labelIndexKey).
fn name_taken(store: &crate::store::Store, org: &str, name: &str, except: Option<&str>) -> bool {
    let key = name.to_lowercase();
    store.labels.values().any(|l| l.org_id == org && Some(l.id.as_str()) != except && l.name.to_lowercase() == key)
}

/// Names are unique per org case-insensitively, compared trimmed; a duplicate is a 422
/// conflict. The empty check comes before the trim: a name of only spaces is stored as "".
pub async fn create_label(State(state): State<AppState>, body: Bytes) -> ApiResult<Response> {
    let v = body_json(&body)?;
    let name = str_member(&v, "name").filter(|n| !n.is_empty()).ok_or_else(|| ApiErr::invalid("label name is required"))?.trim();
    let org_id = str_member(&v, "orgID").filter(|s| !s.is_empty()).ok_or_else(|| ApiErr::invalid("orgID is required"))?;
    let org_id = parse_id(org_id)?;
    let properties = string_map(v.get("properties"))?;
    let mut store = state.store();
    authz::check(&store, Perm::new(Act::Write, "labels", Some(&org_id), None))?;
    if name_taken(&store, &org_id, name, None) {
        return Err(ApiErr::conflict(format!("label with name {name} already exists")));
    }
    let id = store.new_id();
    let l = LabelRec { id: id.clone(), org_id, name: name.into(), properties };
    let out = label_answer(&l);
    store.labels.insert(id, l);
    Ok((StatusCode::CREATED, Json(out)).into_response())
}

/// `GET /labels`: no paging; an invalid orgID is silently ignored.
pub async fn list_labels(State(state): State<AppState>, RawQuery(q): RawQuery) -> Json<Value> {
    let params = crate::Params::parse(q.as_deref());
    let org = params.first("orgID").filter(|o| parse_id(o).is_ok());
    let name = params.first("name");
    let store = state.store();
    let may = authz::checker(&store);
    let labels: Vec<Value> = store
        .labels
        .values()
        // The name filter is case-insensitive (`strings.EqualFold`).
        .filter(|l| org.as_ref().is_none_or(|o| &l.org_id == o) && name.as_ref().is_none_or(|n| l.name.to_lowercase() == n.to_lowercase()))
        .filter(|l| may(&Perm::at(Act::Read, "labels", &l.org_id, &l.id)))
        .map(label_json)
        .collect();
    Json(json!({"links": {"self": "/api/v2/labels"}, "labels": labels}))
}

pub async fn get_label(State(state): State<AppState>, Path(id): Path<String>) -> ApiResult<Json<Value>> {
    let store = state.store();
    let l = store.labels.get(&parse_id(&id)?).ok_or_else(|| ApiErr::not_found("label not found"))?;
    authz::check(&store, Perm::at(Act::Read, "labels", &l.org_id, &l.id))?;
    Ok(Json(label_answer(l)))
}

/// Properties are merged; a key set to "" is removed. A name of "" changes nothing; one of
/// only spaces is trimmed to "" and then checked like any other (a 422 if a label named ""
/// exists, else 400 `label name is required`), as influxd's UpdateLabel does. Renaming a label
/// to its own name in another case is allowed.
pub async fn patch_label(State(state): State<AppState>, Path(id): Path<String>, body: Bytes) -> ApiResult<Json<Value>> {
    let v = body_json(&body)?;
    let id = parse_id(&id)?;
    let props = string_map(v.get("properties"))?;
    let mut store = state.store();
    let org_id = store.labels.get(&id).ok_or_else(|| ApiErr::not_found("label not found"))?.org_id.clone();
    authz::check(&store, Perm::at(Act::Write, "labels", &org_id, &id))?;
    let name = str_member(&v, "name").filter(|n| !n.is_empty()).map(str::trim);
    if let Some(name) = name {
        if name_taken(&store, &org_id, name, Some(&id)) {
            return Err(ApiErr::conflict(format!("label with name {name} already exists")));
        }
        if name.is_empty() {
            return Err(ApiErr::invalid("label name is required"));
        }
    }
    let l = store.labels.get_mut(&id).ok_or_else(|| ApiErr::not_found("label not found"))?;
    if let Some(name) = name {
        l.name = name.into();
    }
    for (k, val) in props {
        if val.is_empty() {
            l.properties.remove(&k);
        } else {
            l.properties.insert(k, val);
        }
    }
    Ok(Json(label_answer(l)))
}

pub async fn delete_label(State(state): State<AppState>, Path(id): Path<String>) -> ApiResult<StatusCode> {
    let id = parse_id(&id)?;
    let mut store = state.store();
    let l = store.labels.get(&id).ok_or_else(|| ApiErr::not_found("label not found"))?;
    authz::check(&store, Perm::at(Act::Write, "labels", &l.org_id, &l.id))?;
    store.labels.remove(&id);
    store.label_maps.retain(|(_, l)| l != &id);
    Ok(StatusCode::NO_CONTENT)
}

#[cfg(test)]
mod tests {
    #[test]
    fn base64_decodes_what_core_encodes() {
        for s in ["", "a", "ab", "abc", "user:pässword"] {
            let enc = dashboards_core::endpoints::base64(s.as_bytes());
            assert_eq!(super::decode_base64(&enc).unwrap(), s.as_bytes());
        }
        assert!(super::decode_base64("!!!!").is_none());
        assert!(super::decode_base64("YWI").is_none(), "padding is required, as in Go");
        assert_eq!(super::decode_base64("YWJ=").unwrap(), b"ab", "trailing bits are ignored, as in Go");
    }
}
