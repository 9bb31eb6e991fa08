//! `/api/v2/dashboards` and everything under it, with the real server's behaviours
//! B1–B14 (contract §3, §5).

use crate::authz::{self, Act, Perm};
use crate::error::{parse_id, ApiErr, ApiResult};
use crate::shapes;
use crate::store::{cell_json, cell_json_with_view, empty_view, label_json, now_nanos, CellRec, Dash, Store, ViewRec};
use crate::AppState;
use axum::body::Bytes;
use axum::extract::{Path, RawQuery, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde_json::{json, Value};

/// Go's `url.QueryEscape`: like percent-encoding, with `+` for a space.
pub fn go_query_escape(s: &str) -> String {
    dashboards_core::urlenc::encode(s).replace("%20", "+")
}

/// Go's `strconv.ParseBool`.
pub fn parse_bool(s: &str) -> Option<bool> {
    match s {
        "1" | "t" | "T" | "TRUE" | "true" | "True" => Some(true),
        "0" | "f" | "F" | "FALSE" | "false" | "False" => Some(false),
        _ => None,
    }
}

fn body_json(body: &Bytes) -> ApiResult<Value> {
    serde_json::from_slice(body).map_err(|e| ApiErr::invalid(format!("failed to unmarshal json: {e}")))
}

fn dash<'a>(store: &'a Store, id: &str) -> ApiResult<&'a Dash> {
    store.dashboards.get(&parse_id(id)?).ok_or_else(|| ApiErr::not_found("dashboard not found"))
}

fn dash_mut<'a>(store: &'a mut Store, id: &str) -> ApiResult<&'a mut Dash> {
    store.dashboards.get_mut(&parse_id(id)?).ok_or_else(|| ApiErr::not_found("dashboard not found"))
}

/// The labels/members/owners routes check the dashboard first and answer a plain 404 when it
/// is missing **or unreadable** (influxd's ValidResource looks it up through the authorizing
/// service and turns any error into a 404).
fn resource(store: &Store, id: &str) -> ApiResult<String> {
    crate::urm::resource(store, crate::urm::Kind::Dashboard, id).map(|(id, _)| id)
}

/// The dashboard, if it exists (404) and the caller may `act` on it (401, after the 404).
fn dash_for<'a>(store: &'a Store, id: &str, act: Act) -> ApiResult<&'a Dash> {
    let d = dash(store, id)?;
    authz::check(store, Perm::at(act, "dashboards", &d.org_id, &d.id))?;
    Ok(d)
}

fn int_member(v: &Value, key: &str) -> ApiResult<Option<i32>> {
    match v.get(key) {
        None | Some(Value::Null) => Ok(None),
        Some(n) => n
            .as_i64()
            .and_then(|n| i32::try_from(n).ok())
            .map(Some)
            .ok_or_else(|| ApiErr::invalid(format!("failed to unmarshal json: {key} must be an int32"))),
    }
}

/// B1–B3: paging in ID order, sorting only the page; the org filters ignore offset/limit.
pub async fn list(State(state): State<AppState>, RawQuery(q): RawQuery) -> ApiResult<Response> {
    let params = crate::Params::parse(q.as_deref());
    // influxd accepts a negative offset (it skips nothing) and echoes it in the links.
    let raw_offset: i64 = match params.first("offset") {
        None => 0,
        Some(s) => s.parse().map_err(|_| ApiErr::invalid("offset is invalid"))?,
    };
    let offset = raw_offset.max(0) as usize;
    let limit: usize = match params.first("limit") {
        None => 20,
        Some(s) => match s.parse::<i64>() {
            Ok(n) if (1..=100).contains(&n) => n as usize,
            Ok(_) => return Err(ApiErr::invalid("limit must be between 1 and 100")),
            Err(_) => return Err(ApiErr::invalid("limit is invalid")),
        },
    };
    let descending = match params.first("descending") {
        None => false,
        Some(s) => parse_bool(s).ok_or_else(|| ApiErr::invalid("descending is invalid"))?,
    };
    let sort_by = params.first("sortBy").unwrap_or("").to_owned();
    let ids = params.all("id").map(parse_id).collect::<ApiResult<Vec<_>>>()?;
    let owner_id = params.first("ownerID").map(parse_id).transpose()?;
    let org_id = params.first("orgID").map(parse_id).transpose()?;
    let org = params.first("org").map(str::to_owned);

    let store = state.store();
    let mut page: Vec<&Dash> = if !ids.is_empty() {
        ids.iter().filter_map(|id| store.dashboards.get(id)).collect()
    } else if owner_id.is_some() {
        // ownerID matches a stored `owner` field that nothing sets.
        Vec::new()
    } else if let Some(org_id) = &org_id {
        org_page(
            store.dashboards.values().filter(|d| &d.org_id == org_id).collect(),
            state.enforce_org_dashboard_limits(),
            offset,
            limit,
            descending,
        )
    } else if let Some(name) = &org {
        let o = store.org_by_name(name).ok_or_else(|| ApiErr::not_found(format!("organization name \"{name}\" not found")))?;
        org_page(
            store.dashboards.values().filter(|d| d.org_id == o.id).collect(),
            state.enforce_org_dashboard_limits(),
            offset,
            limit,
            descending,
        )
    } else if descending {
        store.dashboards.values().rev().skip(offset).take(limit).collect()
    } else {
        store.dashboards.values().skip(offset).take(limit).collect()
    };
    match sort_by.as_str() {
        "CreatedAt" => page.sort_by_key(|d| d.created_at),
        "UpdatedAt" => page.sort_by_key(|d| d.updated_at),
        "Name" => page.sort_by(|a, b| a.name.cmp(&b.name)),
        _ if descending => page.sort_by(|a, b| b.id.cmp(&a.id)),
        _ => page.sort_by(|a, b| a.id.cmp(&b.id)),
    }

    // links echo the query: sorted keys, always descending/limit/offset, plus the filters.
    let mut params: Vec<(String, String)> =
        vec![("descending".into(), descending.to_string()), ("limit".into(), limit.to_string()), ("offset".into(), offset.to_string())];
    if !sort_by.is_empty() {
        params.push(("sortBy".into(), sort_by.clone()));
    }
    for id in &ids {
        params.push(("id".into(), id.clone()));
    }
    if let Some(v) = &owner_id {
        params.push(("ownerID".into(), v.clone()));
    }
    if let Some(v) = &org_id {
        params.push(("orgID".into(), v.clone()));
    }
    if let Some(v) = &org {
        params.push(("org".into(), v.clone()));
    }
    params.sort_by(|a, b| a.0.cmp(&b.0));
    let link = |off: i64| {
        let q: Vec<String> = params
            .iter()
            .map(|(k, v)| if k == "offset" { format!("offset={off}") } else { format!("{}={}", go_query_escape(k), go_query_escape(v)) })
            .collect();
        format!("/api/v2/dashboards?{}", q.join("&"))
    };
    // Dashboards the caller may not read are dropped after paging (B4), before the links.
    let allowed = authz::checker(&store);
    page.retain(|d| allowed(&Perm::at(Act::Read, "dashboards", &d.org_id, &d.id)));
    let mut links = json!({"self": link(raw_offset)});
    if page.len() >= limit {
        links["next"] = json!(link(raw_offset + limit as i64));
    }
    if raw_offset > 0 {
        links["prev"] = json!(link((raw_offset - limit as i64).max(0)));
    }
    let body = crate::dashboard_json::dashboard_list(&store, &page, &links);
    Ok(([(axum::http::header::CONTENT_TYPE, "application/json")], body).into_response())
}

/// The org filter: the whole org (the default), or with `enforceOrgDashboardLimits` on, paged
/// as influxd does it: an offset at or past the end is ignored, and `descending` reverses.
fn org_page(mut all: Vec<&Dash>, enforce: bool, offset: usize, limit: usize, descending: bool) -> Vec<&Dash> {
    if !enforce {
        return all;
    }
    if offset > 0 && offset < all.len() {
        all.drain(..offset);
    }
    all.truncate(limit);
    if descending {
        all.reverse();
    }
    all
}

/// What influxd's `Cell.UnmarshalJSON` makes of a cell's `name` and `properties` in a POST or
/// PATCH /dashboards or PUT /cells body: the view the cell carries, if any (B10). A name that
/// is not empty is kept. The properties go to a parser that expects the view's wrapper
/// `{"properties": …}` and finds none, so properties as sent read as `{"shape":"empty"}`; only
/// properties wrapped once more (`"properties": {"properties": {…}}`) survive. Properties the
/// parser refuses (not an object, a bad shape or member) are ignored, not an error.
fn carried_view(cell: &Value) -> Option<ViewRec> {
    let name = cell.get("name").and_then(Value::as_str).unwrap_or("");
    let properties = match cell.get("properties") {
        None => None,
        Some(Value::Null) => Some(empty_view()),
        Some(Value::Object(o)) => match o.get("properties") {
            None => Some(empty_view()),
            Some(inner) => match shapes::parse(inner) {
                Ok(shapes::Parsed::Props(p)) => Some(p),
                // An unknown type parses as nothing: the view still exists, empty.
                Ok(shapes::Parsed::Unknown) => Some(empty_view()),
                Err(_) => None,
            },
        },
        Some(_) => None,
    };
    if name.is_empty() && properties.is_none() {
        return None;
    }
    Some(ViewRec::new(name.to_owned(), properties.unwrap_or_else(empty_view)))
}

/// A cell of a POST or PATCH /dashboards body: the cell, the view stored for it, and the
/// properties its carried view shows in the answer.
struct BodyCell {
    cell: CellRec,
    view: ViewRec,
    shown: Option<Value>,
}

/// The cells of a POST (`patch`: false) or PATCH /dashboards body. Each view gets the name
/// the cell carried and, but for the double wrapping of `carried_view`, no properties (B10).
fn cells_from_body(store: &mut Store, v: &Value, patch: bool) -> ApiResult<Vec<BodyCell>> {
    let mut out = Vec::new();
    for c in v.as_array().into_iter().flatten() {
        // PATCH keeps a valid id; POST always makes new ones.
        let given = match c.get("id").and_then(Value::as_str) {
            Some(id) if patch && parse_id(id).is_ok() => Some(id.to_owned()),
            _ => None,
        };
        let made_id = given.is_none();
        let id = given.unwrap_or_else(|| store.new_id());
        let carried = carried_view(c);
        let mut cell = CellRec::new(
            id,
            int_member(c, "x")?.unwrap_or(0),
            int_member(c, "y")?.unwrap_or(0),
            int_member(c, "w")?.unwrap_or(0),
            int_member(c, "h")?.unwrap_or(0),
        );
        cell.carried_name = carried.as_ref().map(|view| view.name.clone());
        let shown = carried.as_ref().map(|view| view.properties.clone());
        let mut view = carried.clone().unwrap_or_else(ViewRec::empty);
        // influxd's PATCH sets a view's id only for a cell whose id it made and that carried
        // a view (POST always sets it).
        view.no_id = patch && !(made_id && carried.is_some());
        out.push(BodyCell { cell, view, shown });
    }
    Ok(out)
}

/// Stores the views of `cells`; returns the cells and what their answer shows.
fn store_cells(store: &mut Store, cells: Vec<BodyCell>) -> (Vec<CellRec>, Vec<Option<Value>>) {
    let mut shown = Vec::with_capacity(cells.len());
    let cells = cells
        .into_iter()
        .map(|b| {
            store.views.insert(b.cell.id.clone(), b.view);
            shown.push(b.shown);
            b.cell
        })
        .collect();
    (cells, shown)
}

/// The answers of POST and PATCH /dashboards show the carried views as they were read from
/// the body (the record, read back later, has `{"shape":"empty"}` for each).
fn show_carried(out: &mut Value, shown: &[Option<Value>]) {
    for (i, props) in shown.iter().enumerate() {
        if let (Some(p), Some(cell)) = (props, out["cells"].get_mut(i)) {
            cell["properties"] = p.clone();
        }
    }
}

/// B12: an empty name is accepted; the org's existence is not checked.
pub async fn create(State(state): State<AppState>, body: Bytes) -> ApiResult<Response> {
    let v = body_json(&body)?;
    let org_id = match v.get("orgID").and_then(Value::as_str) {
        None | Some("") => return Err(ApiErr::invalid("invalid org id for permission: invalid ID")),
        Some(s) => parse_id(s).map_err(|e| ApiErr::invalid(format!("failed to unmarshal json: {}", e.message)))?,
    };
    let name = v.get("name").and_then(Value::as_str).unwrap_or("").to_owned();
    let description = v.get("description").and_then(Value::as_str).unwrap_or("").to_owned();
    let mut store = state.store();
    authz::check(&store, Perm::new(Act::Write, "dashboards", Some(&org_id), None))?;
    let id = store.new_id();
    let body_cells = match v.get("cells") {
        Some(c) => cells_from_body(&mut store, c, false)?,
        None => Vec::new(),
    };
    let (cells, shown) = store_cells(&mut store, body_cells);
    let now = now_nanos();
    let d = Dash { id: id.clone(), org_id, name, description, created_at: now, updated_at: now, cells };
    let mut out = store.dashboard_json(&d, false);
    show_carried(&mut out, &shown);
    store.dashboards.insert(id, d);
    Ok((StatusCode::CREATED, Json(out)).into_response())
}

pub async fn get_one(State(state): State<AppState>, Path(id): Path<String>, RawQuery(q): RawQuery) -> ApiResult<Json<Value>> {
    let include = crate::Params::parse(q.as_deref()).all("include").any(|v| v == "properties");
    let store = state.store();
    let d = dash_for(&store, &id, Act::Read)?;
    Ok(Json(store.dashboard_json(d, include)))
}

pub async fn patch_one(State(state): State<AppState>, Path(id): Path<String>, body: Bytes) -> ApiResult<Json<Value>> {
    let v: Value = serde_json::from_slice(&body).map_err(|e| ApiErr::invalid(e.to_string()))?;
    let name = v.get("name").and_then(Value::as_str).map(str::to_owned);
    let description = v.get("description").and_then(Value::as_str).map(str::to_owned);
    let mut store = state.store();
    dash_for(&store, &id, Act::Write)?;
    if name.is_none() && description.is_none() {
        return Err(ApiErr::invalid("must update at least one attribute"));
    }
    let id = parse_id(&id)?;
    let (cells, shown) = match v.get("cells") {
        Some(c) if c.is_array() => {
            let body_cells = cells_from_body(&mut store, c, true)?;
            // influxd deletes every view of the dashboard, then stores one per new cell.
            for old in store.dashboards[&id].cells.iter().map(|c| c.id.clone()).collect::<Vec<_>>() {
                store.views.remove(&old);
            }
            let (cells, shown) = store_cells(&mut store, body_cells);
            (Some(cells), shown)
        }
        _ => (None, Vec::new()),
    };
    let d = dash_mut(&mut store, &id)?;
    if let Some(n) = name {
        d.name = n;
    }
    if let Some(desc) = description {
        d.description = desc;
    }
    if let Some(c) = cells {
        d.cells = c;
    }
    store.touch(&id);
    let d = dash(&store, &id)?;
    let mut out = store.dashboard_json(d, false);
    show_carried(&mut out, &shown);
    Ok(Json(out))
}

pub async fn delete_one(State(state): State<AppState>, Path(id): Path<String>) -> ApiResult<StatusCode> {
    let mut store = state.store();
    let id = dash_for(&store, &id, Act::Write)?.id.clone();
    if let Some(d) = store.dashboards.remove(&id) {
        for c in d.cells {
            store.views.remove(&c.id);
        }
    }
    store.label_maps.retain(|(r, _)| r != &id);
    store.urms.retain(|u| u.resource_id != id);
    Ok(StatusCode::NO_CONTENT)
}

/// B11: `usingView` copies the view of a cell of the same dashboard; `name` overrides its name.
pub async fn create_cell(State(state): State<AppState>, Path(id): Path<String>, body: Bytes) -> ApiResult<Response> {
    let mut store = state.store();
    let dash_id = dash_for(&store, &id, Act::Write)?.id.clone();
    if body.iter().all(u8::is_ascii_whitespace) {
        return Err(ApiErr::invalid("bad request json body: EOF"));
    }
    let v: Value = serde_json::from_slice(&body).map_err(|e| ApiErr::invalid(format!("bad request json body: {e}")))?;
    let (x, y, w, h) = (int_member(&v, "x")?, int_member(&v, "y")?, int_member(&v, "w")?, int_member(&v, "h")?);
    let using_view = v.get("usingView").and_then(Value::as_str).filter(|s| !s.is_empty());
    // A body that sets nothing is "empty" to influxd.
    if x.is_none() && y.is_none() && w.is_none() && h.is_none() && v.get("name").is_none() && using_view.is_none() {
        return Err(ApiErr::invalid("req body is empty"));
    }
    let name = v.get("name").and_then(Value::as_str).map(str::to_owned);
    let mut view = ViewRec::empty();
    if let Some(using) = using_view {
        let in_dash = store.dashboards[&dash_id].cells.iter().any(|c| c.id == using);
        match store.views.get(using) {
            // The copy gets the new cell's id.
            Some(src) if in_dash => view = ViewRec::new(src.name.clone(), src.properties.clone()),
            _ => return Err(ApiErr::not_found("view not found")),
        }
    }
    if let Some(n) = name {
        view.name = n;
    }
    let cell_id = store.new_id();
    let cell = CellRec::new(cell_id.clone(), x.unwrap_or(0), y.unwrap_or(0), w.unwrap_or(0), h.unwrap_or(0));
    let out = cell_json(&dash_id, &cell);
    store.views.insert(cell_id, view);
    if let Some(d) = store.dashboards.get_mut(&dash_id) {
        d.cells.push(cell);
    }
    store.touch(&dash_id);
    Ok((StatusCode::CREATED, Json(out)).into_response())
}

/// B5: only ids already in the dashboard; cells left out are removed (their views stay). A
/// `name` or `properties` given here reaches only the dashboard record (see `carried_view`),
/// never the view.
pub async fn replace_cells(State(state): State<AppState>, Path(id): Path<String>, body: Bytes) -> ApiResult<Response> {
    let mut store = state.store();
    let dash_id = dash_for(&store, &id, Act::Write)?.id.clone();
    let v: Value = serde_json::from_slice(&body).map_err(|e| ApiErr::internal(e.to_string()))?;
    let Some(items) = v.as_array() else {
        return Err(ApiErr::internal("json: cannot unmarshal object into Go value of type []*influxdb.Cell"));
    };
    let present: std::collections::HashSet<String> = store.dashboards[&dash_id].cells.iter().map(|c| c.id.clone()).collect();
    let mut cells = Vec::with_capacity(items.len());
    let mut out = Vec::with_capacity(items.len());
    for item in items {
        let cid = item.get("id").and_then(Value::as_str).unwrap_or("");
        if cid.is_empty() {
            return Err(ApiErr::invalid("cannot provide empty cell id"));
        }
        if !present.contains(cid) {
            return Err(ApiErr::conflict("cannot replace cells that were not already present"));
        }
        let mut cell = CellRec::new(
            cid.to_owned(),
            int_member(item, "x")?.unwrap_or(0),
            int_member(item, "y")?.unwrap_or(0),
            int_member(item, "w")?.unwrap_or(0),
            int_member(item, "h")?.unwrap_or(0),
        );
        let carried = carried_view(item);
        cell.carried_name = carried.as_ref().map(|view| view.name.clone());
        out.push(cell_json_with_view(&dash_id, &cell, carried.as_ref().map(|view| (view.name.as_str(), &view.properties))));
        cells.push(cell);
    }
    if let Some(d) = store.dashboards.get_mut(&dash_id) {
        d.cells = cells;
    }
    store.touch(&dash_id);
    let links = json!({"self": format!("/api/v2/dashboards/{dash_id}/cells")});
    Ok((StatusCode::CREATED, Json(json!({"cells": out, "links": links}))).into_response())
}

fn cell_index(store: &Store, dash_id: &str, cell: &str) -> ApiResult<usize> {
    store.dashboards[dash_id].cells.iter().position(|c| c.id == cell).ok_or_else(|| ApiErr::not_found("cell not found"))
}

/// B6: only x/y/w/h change.
pub async fn patch_cell(State(state): State<AppState>, Path((id, cell)): Path<(String, String)>, body: Bytes) -> ApiResult<Json<Value>> {
    let mut store = state.store();
    let dash_id = dash_for(&store, &id, Act::Write)?.id.clone();
    let cell = parse_id(&cell)?;
    let v: Value = serde_json::from_slice(&body).map_err(|e| ApiErr::invalid(e.to_string()))?;
    let (x, y, w, h) = (int_member(&v, "x")?, int_member(&v, "y")?, int_member(&v, "w")?, int_member(&v, "h")?);
    if x.is_none() && y.is_none() && w.is_none() && h.is_none() {
        return Err(ApiErr::invalid("must update at least one attribute"));
    }
    let i = cell_index(&store, &dash_id, &cell)?;
    let c = &mut store.dashboards.get_mut(&dash_id).expect("checked above").cells[i];
    c.x = x.unwrap_or(c.x);
    c.y = y.unwrap_or(c.y);
    c.w = w.unwrap_or(c.w);
    c.h = h.unwrap_or(c.h);
    // The answer shows the name of a view the record carries, but never properties.
    let mut out = cell_json(&dash_id, c);
    if let Some(name) = c.carried_name.as_deref().filter(|n| !n.is_empty()) {
        out["name"] = json!(name);
    }
    store.touch(&dash_id);
    Ok(Json(out))
}

pub async fn delete_cell(State(state): State<AppState>, Path((id, cell)): Path<(String, String)>) -> ApiResult<StatusCode> {
    let mut store = state.store();
    let dash_id = dash_for(&store, &id, Act::Write)?.id.clone();
    let cell = parse_id(&cell)?;
    let i = cell_index(&store, &dash_id, &cell)?;
    if let Some(d) = store.dashboards.get_mut(&dash_id) {
        d.cells.remove(i);
    }
    store.views.remove(&cell);
    store.touch(&dash_id);
    Ok(StatusCode::NO_CONTENT)
}

pub async fn get_view(State(state): State<AppState>, Path((id, cell)): Path<(String, String)>) -> ApiResult<Json<Value>> {
    let store = state.store();
    let dash_id = dash_for(&store, &id, Act::Read)?.id.clone();
    let cell = parse_id(&cell)?;
    cell_index(&store, &dash_id, &cell).map_err(|_| ApiErr::not_found("view not found"))?;
    store.view_json(&dash_id, &cell).map(Json).ok_or_else(|| ApiErr::not_found("view not found"))
}

/// B7 (properties replace wholesale; leaving them out wipes the view), B8 (no updatedAt bump),
/// B9 (an unknown type keeps the old properties).
pub async fn patch_view(State(state): State<AppState>, Path((id, cell)): Path<(String, String)>, body: Bytes) -> ApiResult<Json<Value>> {
    // A malformed body is a 500 here (the view decoder's error is not mapped).
    let v: Value = serde_json::from_slice(&body).map_err(|e| ApiErr::internal(e.to_string()))?;
    let mut store = state.store();
    let dash_id = dash_for(&store, &id, Act::Write)?.id.clone();
    let cell = parse_id(&cell)?;
    cell_index(&store, &dash_id, &cell).map_err(|_| ApiErr::not_found("view not found"))?;
    let name = v.get("name").and_then(Value::as_str).map(str::to_owned);
    let props = v.get("properties").filter(|p| !p.is_null());
    if name.is_none() && props.is_none() {
        return Err(ApiErr::invalid("expected at least one attribute to be updated"));
    }
    let parsed = props.map(shapes::parse).transpose()?;
    let view = store.views.entry(cell.clone()).or_insert_with(ViewRec::empty);
    if let Some(n) = name {
        view.name = n;
    }
    match parsed {
        Some(shapes::Parsed::Props(p)) => view.properties = p,
        Some(shapes::Parsed::Unknown) => {}
        None => view.properties = empty_view(),
    }
    store.view_json(&dash_id, &cell).map(Json).ok_or_else(|| ApiErr::not_found("view not found"))
}

pub async fn list_labels(State(state): State<AppState>, Path(id): Path<String>) -> ApiResult<Json<Value>> {
    let store = state.store();
    let id = resource(&store, &id)?;
    // Only the labels the caller may read (all of them, for anyone who may read the dashboard).
    let may = authz::checker(&store);
    let labels: Vec<Value> =
        store.label_recs_of(&id).filter(|l| may(&Perm::at(Act::Read, "labels", &l.org_id, &l.id))).map(label_json).collect();
    Ok(Json(json!({"links": {"self": "/api/v2/labels"}, "labels": labels})))
}

/// B13: attaching twice is a 422 conflict.
pub async fn add_label(State(state): State<AppState>, Path(id): Path<String>, body: Bytes) -> ApiResult<Response> {
    let mut store = state.store();
    let id = resource(&store, &id)?;
    let label_id = match serde_json::from_slice::<Value>(&body) {
        Err(e) => return Ok(doubled_error("Invalid post label map request", &e.to_string())),
        Ok(v) => match v.get("labelID").and_then(Value::as_str).filter(|s| !s.is_empty()).map(parse_id) {
            None => return Err(ApiErr::invalid("label id is required")),
            Some(Err(e)) => return Ok(doubled_error("Invalid post label map request", &e.message)),
            Some(Ok(l)) => l,
        },
    };
    let label = store.labels.get(&label_id).ok_or_else(|| ApiErr::not_found("label not found"))?;
    may_map_label(&store, &id, &label.org_id, &label_id)?;
    let out = json!({"label": label_json(label), "links": {"self": format!("/api/v2/labels/{label_id}")}});
    if !store.label_maps.insert((id, label_id)) {
        return Err(ApiErr::conflict("Cannot add label, label already exists on resource"));
    }
    Ok((StatusCode::CREATED, Json(out)).into_response())
}

/// Attaching or detaching needs write on the label, then on the dashboard, both in the label's
/// org (`label/middleware_auth.go` CreateLabelMapping, DeleteLabelMapping).
fn may_map_label(store: &Store, dashboard: &str, org: &str, label: &str) -> ApiResult<()> {
    authz::check(store, Perm::at(Act::Write, "labels", org, label))?;
    authz::check(store, Perm::at(Act::Write, "dashboards", org, dashboard))
}

/// influxd answers a bad label mapping with two error objects back to back.
fn doubled_error(outer: &str, cause: &str) -> Response {
    let one = |m: &str| serde_json::to_string_pretty(&json!({"code": "invalid", "message": m})).unwrap_or_default();
    let mut res = (
        StatusCode::BAD_REQUEST,
        [(axum::http::header::CONTENT_TYPE, "application/json; charset=utf-8")],
        format!("{}{}", one(outer), one(cause)),
    )
        .into_response();
    res.headers_mut().insert("X-Platform-Error-Code", axum::http::HeaderValue::from_static("invalid"));
    res
}

pub async fn remove_label(State(state): State<AppState>, Path((id, label)): Path<(String, String)>) -> ApiResult<StatusCode> {
    let mut store = state.store();
    let id = resource(&store, &id)?;
    let label = parse_id(&label)?;
    // A label that does not exist is a 404; one that exists but is not attached, a 204.
    let Some(org) = store.labels.get(&label).map(|l| l.org_id.clone()) else {
        return Err(ApiErr::not_found("label not found"));
    };
    may_map_label(&store, &id, &org, &label)?;
    store.label_maps.remove(&(id, label));
    Ok(StatusCode::NO_CONTENT)
}
