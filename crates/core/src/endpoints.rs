//! Request building for every endpoint the UI uses: method, path (relative to
//! `/api/v2`), headers and JSON body. Pure, so it is tested on the host; the app's
//! `api` module only sends what these functions build.

use crate::error::ApiError;
pub use crate::layout::check_position;
use crate::model::*;
use crate::query::{QueryRequest, QueryVars};
use crate::urlenc::{encode, query_string};
use serde::Serialize;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Method {
    Get,
    Post,
    Put,
    Patch,
    Delete,
}

impl Method {
    pub fn as_str(self) -> &'static str {
        match self {
            Method::Get => "GET",
            Method::Post => "POST",
            Method::Put => "PUT",
            Method::Patch => "PATCH",
            Method::Delete => "DELETE",
        }
    }
}

/// A request, ready to send: `path` is relative to the API base (`/api/v2`).
#[derive(Clone, Debug, PartialEq)]
pub struct Request {
    pub method: Method,
    pub path: String,
    pub headers: Vec<(&'static str, String)>,
    /// A JSON body, already serialized.
    pub body: Option<String>,
}

impl Request {
    fn new(method: Method, path: String) -> Self {
        Request { method, path, headers: Vec::new(), body: None }
    }

    fn json<T: Serialize>(mut self, body: &T) -> Self {
        // Serializing these plain structs cannot fail; fall back to an empty object anyway.
        self.body = Some(serde_json::to_string(body).unwrap_or_else(|_| "{}".into()));
        self.headers.push(("Content-Type", "application/json".into()));
        self
    }

    fn header(mut self, name: &'static str, value: String) -> Self {
        self.headers.push((name, value));
        self
    }
}

pub(crate) fn validation(message: impl Into<String>) -> ApiError {
    ApiError::Validation { message: message.into() }
}

/// The sort keys `GET /dashboards` accepts (B2: they sort within a page only).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SortBy {
    Id,
    Name,
    CreatedAt,
    UpdatedAt,
}

impl SortBy {
    pub fn as_str(self) -> &'static str {
        match self {
            SortBy::Id => "ID",
            SortBy::Name => "Name",
            SortBy::CreatedAt => "CreatedAt",
            SortBy::UpdatedAt => "UpdatedAt",
        }
    }
}

/// The query of `GET /dashboards`. Filters are exclusive: id > ownerID > orgID > org (B3).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct ListDashboards {
    pub offset: Option<u32>,
    pub limit: Option<u32>,
    pub sort_by: Option<SortBy>,
    pub descending: Option<bool>,
    pub org: Option<String>,
    pub org_id: Option<OrgId>,
    pub ids: Vec<DashboardId>,
    pub owner_id: Option<UserId>,
}

pub const MAX_PAGE: u32 = 100;

pub fn list_dashboards(q: &ListDashboards) -> Result<Request, ApiError> {
    let mut pairs: Vec<(&str, String)> = Vec::new();
    if let Some(o) = q.offset {
        pairs.push(("offset", o.to_string()));
    }
    if let Some(l) = q.limit {
        if !(1..=MAX_PAGE).contains(&l) {
            return Err(validation(format!("limit must be between 1 and {MAX_PAGE}")));
        }
        pairs.push(("limit", l.to_string()));
    }
    if let Some(s) = q.sort_by {
        pairs.push(("sortBy", s.as_str().into()));
    }
    if let Some(d) = q.descending {
        pairs.push(("descending", d.to_string()));
    }
    if let Some(org) = &q.org {
        pairs.push(("org", org.clone()));
    }
    if let Some(id) = &q.org_id {
        pairs.push(("orgID", id.0.clone()));
    }
    for id in &q.ids {
        pairs.push(("id", id.0.clone()));
    }
    if let Some(id) = &q.owner_id {
        pairs.push(("ownerID", id.0.clone()));
    }
    Ok(Request::new(Method::Get, format!("/dashboards{}", query_string(&pairs))))
}

/// Checks a dashboard name as the UI requires it (the server accepts an empty one, B12).
pub fn check_dashboard_name(name: &str) -> Result<String, ApiError> {
    let name = name.trim();
    if name.is_empty() {
        return Err(validation("A dashboard needs a name."));
    }
    if name.chars().count() > 256 {
        return Err(validation("A dashboard name has at most 256 characters."));
    }
    Ok(name.to_owned())
}

pub fn create_dashboard(body: &CreateDashboard) -> Result<Request, ApiError> {
    let mut body = body.clone();
    body.name = check_dashboard_name(&body.name)?;
    check_id(body.org_id.as_str()).map_err(|e| validation(format!("organization: {e}")))?;
    Ok(Request::new(Method::Post, "/dashboards".into()).json(&body))
}

fn dash_path(id: &DashboardId) -> String {
    format!("/dashboards/{}", encode(id.as_str()))
}

pub fn get_dashboard(id: &DashboardId, include_properties: bool) -> Request {
    let q = if include_properties { "?include=properties" } else { "" };
    Request::new(Method::Get, format!("{}{q}", dash_path(id)))
}

pub fn patch_dashboard(id: &DashboardId, body: &PatchDashboard) -> Result<Request, ApiError> {
    if body.name.is_none() && body.description.is_none() {
        return Err(validation("Nothing to change."));
    }
    let mut body = body.clone();
    if let Some(n) = &body.name {
        body.name = Some(check_dashboard_name(n)?);
    }
    Ok(Request::new(Method::Patch, dash_path(id)).json(&body))
}

pub fn delete_dashboard(id: &DashboardId) -> Request {
    Request::new(Method::Delete, dash_path(id))
}

pub fn create_cell(dashboard: &DashboardId, body: &CreateCell) -> Result<Request, ApiError> {
    if let (Some(x), Some(y), Some(w), Some(h)) = (body.x, body.y, body.w, body.h) {
        check_position(x, y, w, h)?;
    }
    Ok(Request::new(Method::Post, format!("{}/cells", dash_path(dashboard))).json(body))
}

/// `PUT .../cells`: every cell of the dashboard must be listed, or it is removed (B5).
pub fn replace_cells(dashboard: &DashboardId, cells: &[CellPosition]) -> Result<Request, ApiError> {
    let mut seen = std::collections::HashSet::new();
    for c in cells {
        if c.id.as_str().is_empty() {
            return Err(validation("Every cell needs its id."));
        }
        if !seen.insert(c.id.as_str()) {
            return Err(validation(format!("Cell {} is listed twice.", c.id)));
        }
        check_position(c.x, c.y, c.w, c.h)?;
    }
    Ok(Request::new(Method::Put, format!("{}/cells", dash_path(dashboard))).json(&cells))
}

fn cell_path(dashboard: &DashboardId, cell: &CellId) -> String {
    format!("{}/cells/{}", dash_path(dashboard), encode(cell.as_str()))
}

pub fn patch_cell(dashboard: &DashboardId, cell: &CellId, body: &PatchCell) -> Result<Request, ApiError> {
    if body == &PatchCell::default() {
        return Err(validation("Nothing to change."));
    }
    Ok(Request::new(Method::Patch, cell_path(dashboard, cell)).json(body))
}

pub fn delete_cell(dashboard: &DashboardId, cell: &CellId) -> Request {
    Request::new(Method::Delete, cell_path(dashboard, cell))
}

pub fn get_view(dashboard: &DashboardId, cell: &CellId) -> Request {
    Request::new(Method::Get, format!("{}/view", cell_path(dashboard, cell)))
}

/// Always sends name and properties in full: leaving properties out wipes the view (B7).
pub fn patch_view(dashboard: &DashboardId, cell: &CellId, body: &PatchView) -> Request {
    Request::new(Method::Patch, format!("{}/view", cell_path(dashboard, cell))).json(body)
}

/// The sub-resources of a dashboard that hold users.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Role {
    Member,
    Owner,
}

impl Role {
    fn segment(self) -> &'static str {
        match self {
            Role::Member => "members",
            Role::Owner => "owners",
        }
    }
}

pub fn list_dashboard_labels(dashboard: &DashboardId) -> Request {
    Request::new(Method::Get, format!("{}/labels", dash_path(dashboard)))
}

pub fn add_label(dashboard: &DashboardId, label: &LabelId) -> Request {
    Request::new(Method::Post, format!("{}/labels", dash_path(dashboard))).json(&AddLabel { label_id: label.clone() })
}

pub fn remove_label(dashboard: &DashboardId, label: &LabelId) -> Request {
    Request::new(Method::Delete, format!("{}/labels/{}", dash_path(dashboard), encode(label.as_str())))
}

pub fn list_users_of(dashboard: &DashboardId, role: Role) -> Request {
    Request::new(Method::Get, format!("{}/{}", dash_path(dashboard), role.segment()))
}

pub fn add_user_to(dashboard: &DashboardId, role: Role, user: &UserId) -> Request {
    Request::new(Method::Post, format!("{}/{}", dash_path(dashboard), role.segment())).json(&AddMember { id: user.clone(), name: None })
}

pub fn remove_user_from(dashboard: &DashboardId, role: Role, user: &UserId) -> Request {
    Request::new(Method::Delete, format!("{}/{}/{}", dash_path(dashboard), role.segment(), encode(user.as_str())))
}

/// Checks a label name (unique per org, compared trimmed by the server).
pub fn check_label_name(name: &str) -> Result<String, ApiError> {
    let name = name.trim();
    if name.is_empty() {
        return Err(validation("A label needs a name."));
    }
    Ok(name.to_owned())
}

/// Checks a label color: `#rgb` or `#rrggbb` (what `labels::safe_label_color` lets through).
pub fn check_color(hex: &str) -> Result<(), ApiError> {
    if crate::chart::is_hex_color(hex) {
        Ok(())
    } else {
        Err(validation(format!("\"{hex}\" is not a color of the form #rrggbb or #rgb.")))
    }
}

pub fn list_labels(org_id: &OrgId) -> Request {
    Request::new(Method::Get, format!("/labels{}", query_string(&[("orgID", org_id.0.clone())])))
}

pub fn create_label(body: &CreateLabel) -> Result<Request, ApiError> {
    let mut body = body.clone();
    body.name = check_label_name(&body.name)?;
    if let Some(c) = body.properties.get("color") {
        check_color(c)?;
    }
    Ok(Request::new(Method::Post, "/labels".into()).json(&body))
}

fn label_path(id: &LabelId) -> String {
    format!("/labels/{}", encode(id.as_str()))
}

pub fn get_label(id: &LabelId) -> Request {
    Request::new(Method::Get, label_path(id))
}

pub fn patch_label(id: &LabelId, body: &PatchLabel) -> Result<Request, ApiError> {
    let mut body = body.clone();
    if let Some(n) = &body.name {
        body.name = Some(check_label_name(n)?);
    }
    if let Some(c) = body.properties.as_ref().and_then(|p| p.get("color")).filter(|c| !c.is_empty()) {
        check_color(c)?;
    }
    if body == PatchLabel::default() {
        return Err(validation("Nothing to change."));
    }
    Ok(Request::new(Method::Patch, label_path(id)).json(&body))
}

pub fn delete_label(id: &LabelId) -> Request {
    Request::new(Method::Delete, label_path(id))
}

/// `GET /users`, optionally by exact name.
pub fn list_users(name: Option<&str>) -> Request {
    let pairs: Vec<(&str, String)> = name.map(|n| vec![("name", n.to_owned())]).unwrap_or_default();
    Request::new(Method::Get, format!("/users{}", query_string(&pairs)))
}

/// `GET /users?offset=…&limit=…`: one page of the instance's users. influxd pages this list
/// (default 20) but sends no `next` link, and lists only the users the caller may read (an
/// operator all of them, anyone else just themselves): ask again with `offset + limit` while a
/// page comes back full.
pub fn list_users_page(offset: u32, limit: u32) -> Result<Request, ApiError> {
    if !(1..=MAX_PAGE).contains(&limit) {
        return Err(validation(format!("limit must be between 1 and {MAX_PAGE}")));
    }
    Ok(Request::new(Method::Get, format!("/users{}", query_string(&[("offset", offset.to_string()), ("limit", limit.to_string())]))))
}

pub fn get_user(id: &UserId) -> Request {
    Request::new(Method::Get, format!("/users/{}", encode(id.as_str())))
}

pub fn me() -> Request {
    Request::new(Method::Get, "/me".into())
}

pub fn list_orgs() -> Request {
    // The server's default limit is 20 with no next link; ask for its maximum.
    Request::new(Method::Get, format!("/orgs{}", query_string(&[("limit", MAX_PAGE.to_string())])))
}

pub fn get_org(id: &OrgId) -> Request {
    Request::new(Method::Get, format!("/orgs/{}", encode(id.as_str())))
}

/// `POST /signin` with HTTP Basic credentials; the answer sets the session cookie.
pub fn signin(username: &str, password: &str) -> Result<Request, ApiError> {
    if username.trim().is_empty() {
        return Err(validation("Enter your username."));
    }
    if password.is_empty() {
        return Err(validation("Enter your password."));
    }
    let creds = base64(format!("{username}:{password}").as_bytes());
    Ok(Request::new(Method::Post, "/signin".into()).header("Authorization", format!("Basic {creds}")))
}

pub fn signout() -> Request {
    Request::new(Method::Post, "/signout".into())
}

pub fn get_setup() -> Request {
    Request::new(Method::Get, "/setup".into())
}

pub fn post_setup(body: &SetupRequest) -> Result<Request, ApiError> {
    if let Some(p) = &body.password {
        if !(8..=72).contains(&p.len()) {
            return Err(validation("The password must have 8 to 72 characters."));
        }
    }
    if body.username.trim().is_empty() || body.org.trim().is_empty() || body.bucket.trim().is_empty() {
        return Err(validation("Username, organization and bucket are all needed."));
    }
    Ok(Request::new(Method::Post, "/setup".into()).json(body))
}

/// `POST /query?orgID=…` asking for annotated CSV, with the dashboard variables
/// (`v.timeRangeStart`, `v.timeRangeStop`, `v.windowPeriod`) as `extern`.
pub fn query(org_id: &OrgId, flux: &str, vars: &QueryVars) -> Result<Request, ApiError> {
    if flux.trim().is_empty() {
        return Err(validation("The query is empty."));
    }
    Ok(Request::new(Method::Post, format!("/query{}", query_string(&[("orgID", org_id.0.clone())])))
        .header("Accept", "application/csv".into())
        .json(&QueryRequest::with_vars(flux, vars)))
}

/// Standard base64 with padding (for HTTP Basic).
pub fn base64(input: &[u8]) -> String {
    let mut out = String::with_capacity(input.len().div_ceil(3) * 4);
    crate::csv::push_base64(&mut out, input);
    out
}

#[cfg(test)]
mod tests {

    use super::*;

    fn d() -> DashboardId {
        DashboardId::from("0a1b2c3d4e5f6789")
    }

    #[test]
    fn paths_and_methods() {
        let c = CellId::from("1111111111111111");
        let cases: Vec<(Request, Method, &str)> = vec![
            (get_dashboard(&d(), true), Method::Get, "/dashboards/0a1b2c3d4e5f6789?include=properties"),
            (get_dashboard(&d(), false), Method::Get, "/dashboards/0a1b2c3d4e5f6789"),
            (delete_dashboard(&d()), Method::Delete, "/dashboards/0a1b2c3d4e5f6789"),
            (get_view(&d(), &c), Method::Get, "/dashboards/0a1b2c3d4e5f6789/cells/1111111111111111/view"),
            (delete_cell(&d(), &c), Method::Delete, "/dashboards/0a1b2c3d4e5f6789/cells/1111111111111111"),
            (list_dashboard_labels(&d()), Method::Get, "/dashboards/0a1b2c3d4e5f6789/labels"),
            (
                remove_label(&d(), &LabelId::from("2222222222222222")),
                Method::Delete,
                "/dashboards/0a1b2c3d4e5f6789/labels/2222222222222222",
            ),
            (list_users_of(&d(), Role::Owner), Method::Get, "/dashboards/0a1b2c3d4e5f6789/owners"),
            (
                remove_user_from(&d(), Role::Member, &UserId::from("3333333333333333")),
                Method::Delete,
                "/dashboards/0a1b2c3d4e5f6789/members/3333333333333333",
            ),
            (list_labels(&OrgId::from("4444444444444444")), Method::Get, "/labels?orgID=4444444444444444"),
            (list_users(Some("a b")), Method::Get, "/users?name=a%20b"),
            (list_users(None), Method::Get, "/users"),
            (list_users_page(100, 100).unwrap(), Method::Get, "/users?offset=100&limit=100"),
            (me(), Method::Get, "/me"),
            (list_orgs(), Method::Get, "/orgs?limit=100"),
            (signout(), Method::Post, "/signout"),
            (get_setup(), Method::Get, "/setup"),
        ];
        for (req, method, path) in cases {
            assert_eq!((req.method, req.path.as_str()), (method, path));
        }
    }

    #[test]
    fn list_dashboards_query() {
        let q = ListDashboards {
            offset: Some(20),
            limit: Some(100),
            sort_by: Some(SortBy::Name),
            descending: Some(true),
            org_id: Some(OrgId::from("4444444444444444")),
            ids: vec![d(), DashboardId::from("0000000000000001")],
            ..Default::default()
        };
        assert_eq!(
            list_dashboards(&q).unwrap().path,
            "/dashboards?offset=20&limit=100&sortBy=Name&descending=true&orgID=4444444444444444&id=0a1b2c3d4e5f6789&id=0000000000000001"
        );
        for bad in [0, 101] {
            let q = ListDashboards { limit: Some(bad), ..Default::default() };
            assert!(matches!(list_dashboards(&q), Err(ApiError::Validation { .. })));
        }
    }

    #[test]
    fn bodies() {
        let r = create_dashboard(&CreateDashboard { org_id: OrgId::from("4444444444444444"), name: "  cpu  ".into(), description: None })
            .unwrap();
        assert_eq!(r.body.as_deref(), Some(r#"{"orgID":"4444444444444444","name":"cpu"}"#));
        assert!(
            create_dashboard(&CreateDashboard { org_id: OrgId::from("4444444444444444"), name: "   ".into(), description: None }).is_err()
        );
        assert!(create_dashboard(&CreateDashboard { org_id: OrgId::from("nope"), name: "x".into(), description: None }).is_err());

        assert!(patch_dashboard(&d(), &PatchDashboard::default()).is_err());
        let r = patch_dashboard(&d(), &PatchDashboard { description: Some(String::new()), ..Default::default() }).unwrap();
        assert_eq!(r.body.as_deref(), Some(r#"{"description":""}"#));

        let v = patch_view(&d(), &CellId::from("1111111111111111"), &PatchView { name: "n".into(), properties: ViewProperties::empty() });
        assert_eq!(v.method, Method::Patch);
        assert_eq!(v.body.as_deref(), Some(r#"{"name":"n","properties":{"shape":"empty"}}"#));

        let cells = [CellPosition { id: CellId::from("1111111111111111"), x: 0, y: 0, w: 4, h: 3 }];
        assert_eq!(replace_cells(&d(), &cells).unwrap().body.as_deref(), Some(r#"[{"id":"1111111111111111","x":0,"y":0,"w":4,"h":3}]"#));
        let twice = [cells[0].clone(), cells[0].clone()];
        assert!(replace_cells(&d(), &twice).is_err());
        let wide = [CellPosition { w: 13, ..cells[0].clone() }];
        assert!(replace_cells(&d(), &wide).is_err());

        let r = add_label(&d(), &LabelId::from("2222222222222222"));
        assert_eq!(r.body.as_deref(), Some(r#"{"labelID":"2222222222222222"}"#));
        let r = add_user_to(&d(), Role::Owner, &UserId::from("3333333333333333"));
        assert_eq!((r.path.as_str(), r.body.as_deref()), ("/dashboards/0a1b2c3d4e5f6789/owners", Some(r#"{"id":"3333333333333333"}"#)));
    }

    #[test]
    fn labels_validate_before_sending() {
        let mut props = std::collections::BTreeMap::new();
        props.insert("color".to_string(), "red".to_string());
        let bad = CreateLabel { org_id: OrgId::from("4444444444444444"), name: "x".into(), properties: props };
        assert!(create_label(&bad).is_err());
        assert!(check_color("#00ffAA").is_ok());
        assert!(check_color("#00ffA").is_err());
        assert!(check_color("#0fA").is_ok());
        assert!(check_color("#326BBA; x").is_err());
        assert!(list_users_page(0, 101).is_err());
        assert!(list_users_page(0, 0).is_err());
        assert!(patch_label(&LabelId::from("2222222222222222"), &PatchLabel::default()).is_err());
    }

    #[test]
    fn signin_uses_basic_auth() {
        let r = signin("my-user", "my-password").unwrap();
        assert_eq!(r.headers, vec![("Authorization", "Basic bXktdXNlcjpteS1wYXNzd29yZA==".to_string())]);
        assert!(r.body.is_none());
        assert!(signin("", "x").is_err());
        assert!(signin("u", "").is_err());
    }

    #[test]
    fn base64_vectors() {
        for (i, o) in
            [("", ""), ("f", "Zg=="), ("fo", "Zm8="), ("foo", "Zm9v"), ("foob", "Zm9vYg=="), ("fooba", "Zm9vYmE="), ("foobar", "Zm9vYmFy")]
        {
            assert_eq!(base64(i.as_bytes()), o);
        }
    }

    #[test]
    fn query_always_asks_for_annotations() {
        use crate::range::{Preset, TimeRange};
        let vars = QueryVars::new(TimeRange::Past(Preset::Past1h), 600);
        let r = query(&OrgId::from("4444444444444444"), "from(bucket:\"b\")", &vars).unwrap();
        assert_eq!(r.method, Method::Post);
        assert_eq!(r.path, "/query?orgID=4444444444444444");
        assert!(r.headers.contains(&("Content-Type", "application/json".into())));
        let body: serde_json::Value = serde_json::from_str(r.body.as_deref().unwrap()).unwrap();
        assert_eq!(body["dialect"]["annotations"], serde_json::json!(["group", "datatype", "default"]));
        assert_eq!(body["type"], "flux");
        assert_eq!(body["query"], "from(bucket:\"b\")");
        assert_eq!(body["extern"], vars.to_extern());
        assert!(query(&OrgId::from("4444444444444444"), "  ", &vars).is_err());
    }

    /// B7: a PATCH of a view without `properties` wipes it to `{"shape":"empty"}`. Every body
    /// `patch_view` builds (the only builder of that request; the app's `api::patch_view`
    /// sends what it returns) carries the name and the whole properties, for every view type,
    /// the empty view and an unknown type alike.
    #[test]
    fn every_view_patch_body_carries_the_properties() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/views");
        let mut seen = 0;
        for entry in std::fs::read_dir(dir).unwrap() {
            let text = std::fs::read_to_string(entry.unwrap().path()).unwrap();
            let props: ViewProperties = serde_json::from_str(&text).unwrap();
            for name in ["", "cpu", "ünïcode \"quoted\""] {
                let r = patch_view(&d(), &CellId::from("1111111111111111"), &PatchView { name: name.into(), properties: props.clone() });
                assert_eq!((r.method, r.path.as_str()), (Method::Patch, "/dashboards/0a1b2c3d4e5f6789/cells/1111111111111111/view"));
                let body: serde_json::Value = serde_json::from_str(r.body.as_deref().unwrap()).unwrap();
                let keys: Vec<&String> = body.as_object().unwrap().keys().collect();
                assert_eq!(keys, ["name", "properties"]);
                assert_eq!(body["name"], name);
                assert_eq!(body["properties"], serde_json::from_str::<serde_json::Value>(&text).unwrap());
                seen += 1;
            }
        }
        assert!(seen >= 3 * 40, "the fixtures were read");
        let empty = PatchView::default();
        let r = patch_view(&d(), &CellId::from("1111111111111111"), &empty);
        assert_eq!(r.body.as_deref(), Some(r#"{"name":"","properties":{"shape":"empty"}}"#), "even a default body");
    }
}
