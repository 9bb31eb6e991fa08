//! The dev server's data, in memory, optionally persisted to one JSON file with atomic
//! writes (write to a temp file, fsync, rename, fsync the folder).

use dashboards_core::time::format_rfc3339_nanos;
use serde::{Deserialize, Serialize};
use serde_json::{json, Map, Value};
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::time::{SystemTime, UNIX_EPOCH};

pub fn now_nanos() -> i128 {
    SystemTime::now().duration_since(UNIX_EPOCH).map(|d| d.as_nanos() as i128).unwrap_or(0)
}

#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Org {
    pub id: String,
    pub name: String,
    pub description: String,
    pub created_at: i128,
    pub updated_at: i128,
}

#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct UserRec {
    pub id: String,
    pub name: String,
    pub status: String,
    pub password: Option<String>,
}

#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Bucket {
    pub id: String,
    pub org_id: String,
    pub name: String,
    pub retention_seconds: i64,
}

#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct TokenRec {
    pub id: String,
    pub token: String,
    pub user_id: String,
    pub org_id: String,
}

#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct CellRec {
    pub id: String,
    pub x: i32,
    pub y: i32,
    pub w: i32,
    pub h: i32,
    /// `Some(name)` when influxd's dashboard record itself carries a view for this cell: the
    /// cell came with a `name` or `properties` in POST/PATCH /dashboards or PUT /cells (its
    /// `Cell.View`, which `Cell.MarshalJSON` writes into the record). Read back, that view
    /// has the name and `{"shape":"empty"}`, and every dashboard answer without
    /// `include=properties` shows both (B10).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub carried_name: Option<String>,
}

impl CellRec {
    pub fn new(id: String, x: i32, y: i32, w: i32, h: i32) -> Self {
        CellRec { id, x, y, w, h, carried_name: None }
    }
}

#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Dash {
    pub id: String,
    pub org_id: String,
    pub name: String,
    pub description: String,
    pub created_at: i128,
    pub updated_at: i128,
    pub cells: Vec<CellRec>,
}

#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct ViewRec {
    pub name: String,
    pub properties: Value,
    /// Stored without its id (influxd's PATCH /dashboards with `cells` gives a view its id only
    /// when it made the cell's id and the cell carried a view): `GET …/view` then has no `id`.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub no_id: bool,
}

impl ViewRec {
    pub fn new(name: String, properties: Value) -> Self {
        ViewRec { name, properties, no_id: false }
    }

    /// A cell's view before anything is set: no name, `{"shape":"empty"}`.
    pub fn empty() -> Self {
        Self::new(String::new(), empty_view())
    }
}

#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct LabelRec {
    pub id: String,
    pub org_id: String,
    pub name: String,
    pub properties: BTreeMap<String, String>,
}

#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
pub struct Urm {
    pub user_id: String,
    pub resource_id: String,
    /// "member" or "owner".
    pub role: String,
}

#[derive(Clone, Debug)]
pub struct Session {
    pub user_id: String,
    pub expires_at: i128,
}

#[derive(Clone, Debug, Default, Serialize, Deserialize)]
pub struct Store {
    pub last_id: u64,
    pub setup_done: bool,
    pub orgs: BTreeMap<String, Org>,
    pub users: BTreeMap<String, UserRec>,
    pub buckets: BTreeMap<String, Bucket>,
    pub tokens: BTreeMap<String, TokenRec>,
    pub dashboards: BTreeMap<String, Dash>,
    /// Views by cell id; a removed cell's view stays (B5).
    pub views: BTreeMap<String, ViewRec>,
    pub labels: BTreeMap<String, LabelRec>,
    /// (resource id, label id).
    pub label_maps: BTreeSet<(String, String)>,
    pub urms: Vec<Urm>,
    /// Sessions live in memory only, as on the real server.
    #[serde(skip)]
    pub sessions: HashMap<String, Session>,
}

pub fn empty_view() -> Value {
    json!({"shape": "empty"})
}

impl Store {
    /// A new time-ordered id: 16 lowercase hex characters, always greater than the last.
    pub fn new_id(&mut self) -> String {
        let ms = (now_nanos() / 1_000_000) as u64;
        let candidate = ms << 22;
        self.last_id = candidate.max(self.last_id + 1);
        format!("{:016x}", self.last_id)
    }

    pub fn org_by_name(&self, name: &str) -> Option<&Org> {
        self.orgs.values().find(|o| o.name == name)
    }

    pub fn user_by_name(&self, name: &str) -> Option<&UserRec> {
        self.users.values().find(|u| u.name == name)
    }

    pub fn touch(&mut self, dashboard_id: &str) {
        if let Some(d) = self.dashboards.get_mut(dashboard_id) {
            d.updated_at = now_nanos().max(d.updated_at + 1);
        }
    }

    /// The labels on a resource. The set is ordered by resource: a range, not a scan (a list
    /// of 10,000 dashboards asks once per dashboard).
    pub fn label_recs_of<'a>(&'a self, resource_id: &'a str) -> impl Iterator<Item = &'a LabelRec> + Clone + 'a {
        self.label_maps
            .range((resource_id.to_owned(), String::new())..)
            .take_while(move |(r, _)| r == resource_id)
            .filter_map(|(_, l)| self.labels.get(l))
    }

    /// A dashboard as the API answers it; with `include_properties`, each cell's view.
    pub fn dashboard_json(&self, d: &Dash, include_properties: bool) -> Value {
        crate::dashboard_json::dashboard_value(self, d, include_properties)
    }

    pub fn view_json(&self, dashboard_id: &str, cell_id: &str) -> Option<Value> {
        let v = self.views.get(cell_id)?;
        let mut out = json!({
            "id": cell_id,
            "name": v.name,
            "properties": v.properties,
            // The real server's view link has no "/view" at the end.
            "links": {"self": format!("/api/v2/dashboards/{dashboard_id}/cells/{cell_id}")}
        });
        if v.no_id {
            if let Some(o) = out.as_object_mut() {
                o.remove("id");
            }
        }
        Some(out)
    }

    pub fn member_json(&self, urm: &Urm) -> Option<Value> {
        let u = self.users.get(&urm.user_id)?;
        let mut v = user_json(u);
        v["role"] = json!(urm.role);
        Some(v)
    }
}

pub fn cell_json(dashboard_id: &str, c: &CellRec) -> Value {
    let link = format!("/api/v2/dashboards/{dashboard_id}/cells/{}", c.id);
    json!({"id": c.id, "x": c.x, "y": c.y, "w": c.w, "h": c.h, "links": {"self": link, "view": format!("{link}/view")}})
}

/// A cell inside a dashboard answer (or PUT /cells'), with the view it shows, if any: its
/// `name` (left out when empty, as influxd's `omitempty` does) and `properties`.
pub fn cell_json_with_view(dashboard_id: &str, c: &CellRec, view: Option<(&str, &Value)>) -> Value {
    let mut v = cell_json(dashboard_id, c);
    if let Some((name, properties)) = view {
        if !name.is_empty() {
            v["name"] = json!(name);
        }
        v["properties"] = properties.clone();
    }
    v
}

pub fn label_json(l: &LabelRec) -> Value {
    let mut v = json!({"id": l.id, "orgID": l.org_id, "name": l.name});
    // Left out when empty, as the server does.
    if !l.properties.is_empty() {
        v["properties"] = json!(l.properties);
    }
    v
}

pub fn user_json(u: &UserRec) -> Value {
    json!({"id": u.id, "name": u.name, "status": u.status, "links": {"self": format!("/api/v2/users/{}", u.id)}})
}

pub fn org_json(o: &Org) -> Value {
    let base = format!("/api/v2/orgs/{}", o.id);
    let name = dashboards_core::urlenc::encode(&o.name);
    json!({
        "id": o.id, "name": o.name, "description": o.description,
        "createdAt": format_rfc3339_nanos(o.created_at), "updatedAt": format_rfc3339_nanos(o.updated_at),
        "links": {
            "self": base, "members": format!("{base}/members"), "owners": format!("{base}/owners"),
            "labels": format!("{base}/labels"), "secrets": format!("{base}/secrets"), "logs": format!("{base}/logs"),
            "buckets": format!("/api/v2/buckets?org={name}"), "tasks": format!("/api/v2/tasks?org={name}"),
            "dashboards": format!("/api/v2/dashboards?org={name}"),
        }
    })
}

pub fn object(v: &Value) -> Option<&Map<String, Value>> {
    v.as_object()
}

/// Writes the store to `dir/devserver.json` so that a kill -9 between requests loses nothing.
pub struct Persister {
    path: PathBuf,
}

impl Persister {
    pub fn new(dir: &Path) -> std::io::Result<Self> {
        std::fs::create_dir_all(dir)?;
        Ok(Persister { path: dir.join("devserver.json") })
    }

    pub fn load(&self) -> std::io::Result<Option<Store>> {
        match std::fs::read(&self.path) {
            Ok(bytes) => serde_json::from_slice(&bytes)
                .map(Some)
                .map_err(|e| std::io::Error::new(std::io::ErrorKind::InvalidData, format!("{}: {e}", self.path.display()))),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
            Err(e) => Err(e),
        }
    }

    pub fn save(&self, bytes: &[u8]) -> std::io::Result<()> {
        let tmp = self.path.with_extension("json.tmp");
        {
            let mut f = std::fs::File::create(&tmp)?;
            f.write_all(bytes)?;
            f.sync_all()?;
        }
        std::fs::rename(&tmp, &self.path)?;
        if let Some(dir) = self.path.parent() {
            // The rename itself must reach the disk too.
            if let Ok(d) = std::fs::File::open(dir) {
                let _ = d.sync_all();
            }
        }
        Ok(())
    }
}
