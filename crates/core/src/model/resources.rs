//! Dashboards, cells, views, labels, users, orgs and the envelopes the server wraps
//! them in, plus the request bodies the client sends.

use super::field::Field;
use super::ids::{CellId, DashboardId, LabelId, OrgId, UserId};
use super::members::read_members;
use super::view::ViewProperties;
use serde::{Deserialize, Deserializer, Serialize};
use serde_json::{Map, Value};
use std::collections::BTreeMap;

/// `links` of any resource: relation name -> API path.
pub type Links = BTreeMap<String, String>;

/// Members this model does not know, kept and written back unchanged.
pub type Extra = Map<String, Value>;

/// Reads `null` as the default value (Go sends nil slices as `null`).
pub fn null_as_default<'de, D, T>(d: D) -> Result<T, D::Error>
where
    D: Deserializer<'de>,
    T: Default + Deserialize<'de>,
{
    Ok(Option::<T>::deserialize(d)?.unwrap_or_default())
}

#[derive(Clone, Debug, PartialEq, Default, Serialize)]
pub struct DashboardMeta {
    #[serde(rename = "createdAt")]
    pub created_at: String,
    #[serde(rename = "updatedAt")]
    pub updated_at: String,
    #[serde(flatten)]
    pub extra: Extra,
}

read_members! { DashboardMeta {
    created_at: "createdAt",
    updated_at: "updatedAt",
} }

#[derive(Clone, Debug, PartialEq, Default, Serialize)]
pub struct Dashboard {
    pub id: DashboardId,
    #[serde(rename = "orgID")]
    pub org_id: OrgId,
    pub name: String,
    /// Always sent by the server, "" when unset.
    pub description: String,
    pub meta: DashboardMeta,
    pub cells: Vec<Cell>,
    pub labels: Vec<Label>,
    #[serde(skip_serializing_if = "Field::is_absent")]
    pub links: Field<Links>,
    #[serde(flatten)]
    pub extra: Extra,
}

read_members! { Dashboard {
    id: "id" (required),
    org_id: "orgID" (required),
    name: "name",
    description: "description",
    meta: "meta",
    cells: "cells" (null_as_default),
    labels: "labels" (null_as_default),
    links: "links",
} }

#[derive(Clone, Debug, PartialEq, Default, Serialize)]
pub struct Cell {
    pub id: CellId,
    pub x: i32,
    pub y: i32,
    pub w: i32,
    pub h: i32,
    #[serde(skip_serializing_if = "Field::is_absent")]
    pub links: Field<Links>,
    /// Only with `?include=properties`.
    #[serde(skip_serializing_if = "Field::is_absent")]
    pub name: Field<String>,
    /// Only with `?include=properties`.
    #[serde(skip_serializing_if = "Field::is_absent")]
    pub properties: Field<ViewProperties>,
    #[serde(flatten)]
    pub extra: Extra,
}

read_members! { Cell {
    id: "id" (required),
    x: "x",
    y: "y",
    w: "w",
    h: "h",
    links: "links",
    name: "name",
    properties: "properties",
} }

/// A cell's view. Its id is the cell's id.
#[derive(Clone, Debug, PartialEq, Default, Serialize)]
pub struct View {
    pub id: CellId,
    pub name: String,
    pub properties: ViewProperties,
    #[serde(skip_serializing_if = "Field::is_absent")]
    pub links: Field<Links>,
    #[serde(flatten)]
    pub extra: Extra,
}

read_members! { View {
    id: "id" (required),
    name: "name",
    properties: "properties",
    links: "links",
} }

#[derive(Clone, Debug, PartialEq, Default, Serialize)]
pub struct Label {
    pub id: LabelId,
    #[serde(rename = "orgID")]
    pub org_id: OrgId,
    pub name: String,
    /// Left out by the server when empty. The UI keeps `color` and `description` here.
    #[serde(skip_serializing_if = "Field::is_absent")]
    pub properties: Field<BTreeMap<String, String>>,
    #[serde(flatten)]
    pub extra: Extra,
}

read_members! { Label {
    id: "id" (required),
    org_id: "orgID",
    name: "name",
    properties: "properties",
} }

impl Label {
    /// A property of the label ("color", "description"), if set.
    pub fn property(&self, key: &str) -> Option<&str> {
        self.properties.get().and_then(|p| p.get(key)).map(String::as_str)
    }
}

#[derive(Clone, Debug, PartialEq, Default, Serialize)]
pub struct Organization {
    pub id: OrgId,
    pub name: String,
    #[serde(skip_serializing_if = "Field::is_absent")]
    pub description: Field<String>,
    #[serde(rename = "createdAt", skip_serializing_if = "Field::is_absent")]
    pub created_at: Field<String>,
    #[serde(rename = "updatedAt", skip_serializing_if = "Field::is_absent")]
    pub updated_at: Field<String>,
    #[serde(skip_serializing_if = "Field::is_absent")]
    pub links: Field<Links>,
    #[serde(flatten)]
    pub extra: Extra,
}

read_members! { Organization {
    id: "id" (required),
    name: "name",
    description: "description",
    created_at: "createdAt",
    updated_at: "updatedAt",
    links: "links",
} }

/// `UserResponse`.
#[derive(Clone, Debug, PartialEq, Default, Serialize)]
pub struct User {
    pub id: UserId,
    pub name: String,
    /// "active" or "inactive".
    #[serde(skip_serializing_if = "Field::is_absent")]
    pub status: Field<String>,
    #[serde(rename = "oauthID", skip_serializing_if = "Field::is_absent")]
    pub oauth_id: Field<String>,
    #[serde(skip_serializing_if = "Field::is_absent")]
    pub links: Field<Links>,
    #[serde(flatten)]
    pub extra: Extra,
}

read_members! { User {
    id: "id" (required),
    name: "name",
    status: "status",
    oauth_id: "oauthID",
    links: "links",
} }

/// `ResourceMember` / `ResourceOwner`: a user and the role it has on a resource.
#[derive(Clone, Debug, PartialEq, Default, Serialize)]
pub struct Member {
    pub id: UserId,
    pub name: String,
    #[serde(skip_serializing_if = "Field::is_absent")]
    pub status: Field<String>,
    /// "member" or "owner".
    pub role: String,
    #[serde(skip_serializing_if = "Field::is_absent")]
    pub links: Field<Links>,
    #[serde(flatten)]
    pub extra: Extra,
}

read_members! { Member {
    id: "id" (required),
    name: "name",
    status: "status",
    role: "role",
    links: "links",
} }

#[derive(Clone, Debug, PartialEq, Default, Serialize, Deserialize)]
pub struct PagingLinks {
    #[serde(rename = "self", default)]
    pub self_: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub next: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub prev: Option<String>,
}

/// InfluxDB's error body: `{code, message}`.
#[derive(Clone, Debug, PartialEq, Default, Serialize, Deserialize)]
pub struct ErrorBody {
    #[serde(default)]
    pub code: String,
    #[serde(default)]
    pub message: String,
}

// ---- response envelopes ----

#[derive(Clone, Debug, PartialEq, Default, Serialize, Deserialize)]
pub struct DashboardsPage {
    #[serde(default)]
    pub links: PagingLinks,
    #[serde(default, deserialize_with = "null_as_default")]
    pub dashboards: Vec<Dashboard>,
}

/// The answer to `PUT /dashboards/{id}/cells` (B5: not a Dashboard, whatever the spec says).
#[derive(Clone, Debug, PartialEq, Default, Serialize, Deserialize)]
pub struct CellsResponse {
    #[serde(default, deserialize_with = "null_as_default")]
    pub cells: Vec<Cell>,
    #[serde(default)]
    pub links: Links,
}

#[derive(Clone, Debug, PartialEq, Default, Serialize, Deserialize)]
pub struct LabelsResponse {
    #[serde(default, deserialize_with = "null_as_default")]
    pub labels: Vec<Label>,
    #[serde(default)]
    pub links: Links,
}

#[derive(Clone, Debug, PartialEq, Default, Serialize, Deserialize)]
pub struct LabelResponse {
    pub label: Label,
    #[serde(default)]
    pub links: Links,
}

#[derive(Clone, Debug, PartialEq, Default, Serialize, Deserialize)]
pub struct MembersResponse {
    #[serde(default, deserialize_with = "null_as_default")]
    pub users: Vec<Member>,
    #[serde(default)]
    pub links: Links,
}

#[derive(Clone, Debug, PartialEq, Default, Serialize, Deserialize)]
pub struct UsersResponse {
    #[serde(default, deserialize_with = "null_as_default")]
    pub users: Vec<User>,
    #[serde(default)]
    pub links: Links,
}

#[derive(Clone, Debug, PartialEq, Default, Serialize, Deserialize)]
pub struct OrgsResponse {
    #[serde(default, deserialize_with = "null_as_default")]
    pub orgs: Vec<Organization>,
    #[serde(default)]
    pub links: Links,
}

#[derive(Clone, Debug, PartialEq, Default, Serialize, Deserialize)]
pub struct SetupStatus {
    pub allowed: bool,
}

/// `POST /setup`'s answer; the authorization is kept as JSON (only its token matters here).
#[derive(Clone, Debug, PartialEq, Default, Serialize, Deserialize)]
pub struct SetupResponse {
    pub user: User,
    pub org: Organization,
    #[serde(default)]
    pub bucket: Value,
    #[serde(default)]
    pub auth: Value,
}

impl SetupResponse {
    pub fn token(&self) -> Option<&str> {
        self.auth.get("token").and_then(Value::as_str)
    }
}

// ---- request bodies ----

#[derive(Clone, Debug, PartialEq, Default, Serialize, Deserialize)]
pub struct CreateDashboard {
    #[serde(rename = "orgID")]
    pub org_id: OrgId,
    pub name: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
}

/// `PATCH /dashboards/{id}`: at least one of the two (B12).
#[derive(Clone, Debug, PartialEq, Default, Serialize, Deserialize)]
pub struct PatchDashboard {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Default, Serialize, Deserialize)]
pub struct CreateCell {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub x: Option<i32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub y: Option<i32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub w: Option<i32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub h: Option<i32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// Copy name and properties from this cell's view, in the same dashboard (B11).
    #[serde(rename = "usingView", skip_serializing_if = "Option::is_none")]
    pub using_view: Option<CellId>,
}

/// One cell of `PUT /dashboards/{id}/cells`: only id and position (B5, B10).
#[derive(Clone, Debug, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct CellPosition {
    pub id: CellId,
    pub x: i32,
    pub y: i32,
    pub w: i32,
    pub h: i32,
}

impl From<&Cell> for CellPosition {
    fn from(c: &Cell) -> Self {
        CellPosition { id: c.id.clone(), x: c.x, y: c.y, w: c.w, h: c.h }
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct PatchCell {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub x: Option<i32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub y: Option<i32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub w: Option<i32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub h: Option<i32>,
}

/// `PATCH .../view`: always both members, in full (B7: a missing `properties` wipes the view).
#[derive(Clone, Debug, PartialEq, Default, Serialize, Deserialize)]
pub struct PatchView {
    pub name: String,
    pub properties: ViewProperties,
}

#[derive(Clone, Debug, PartialEq, Default, Serialize, Deserialize)]
pub struct CreateLabel {
    #[serde(rename = "orgID")]
    pub org_id: OrgId,
    pub name: String,
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub properties: BTreeMap<String, String>,
}

/// `PATCH /labels/{id}`: properties are merged; a key set to "" is removed.
#[derive(Clone, Debug, PartialEq, Default, Serialize, Deserialize)]
pub struct PatchLabel {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub properties: Option<BTreeMap<String, String>>,
}

#[derive(Clone, Debug, PartialEq, Default, Serialize, Deserialize)]
pub struct AddLabel {
    #[serde(rename = "labelID")]
    pub label_id: LabelId,
}

#[derive(Clone, Debug, PartialEq, Default, Serialize, Deserialize)]
pub struct AddMember {
    pub id: UserId,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Default, Serialize, Deserialize)]
pub struct SetupRequest {
    pub username: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub password: Option<String>,
    pub org: String,
    pub bucket: String,
    #[serde(rename = "retentionPeriodSeconds", skip_serializing_if = "Option::is_none")]
    pub retention_period_seconds: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub token: Option<String>,
}
