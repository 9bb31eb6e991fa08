//! The only code that touches the network. Request building is pure and lives in
//! `dashboards_core::endpoints` (host-tested); this module sends what it builds with
//! gloo-net and turns every answer into `Result<T, ApiError>`.

mod ops;

use dashboards_core::access::Refusal;
use dashboards_core::endpoints::{self as ep, ListDashboards, Method, Request, Role};
use dashboards_core::model::*;
use dashboards_core::query::QueryVars;
use dashboards_core::ApiError;
use gloo_net::http::{Method as HttpMethod, RequestBuilder, Response};
use leptos::prelude::{RwSignal, Set};
use serde::de::DeserializeOwned;
use wasm_bindgen::prelude::wasm_bindgen;
use web_sys::{AbortSignal, RequestCredentials};

#[wasm_bindgen]
extern "C" {
    #[wasm_bindgen(js_namespace = performance, js_name = mark)]
    fn performance_mark(name: &str);
}

/// A User Timing mark (`performance.mark`, seen in the browser's profiler): the bench reads
/// them to say where the index's load time goes.
pub(crate) fn mark(name: &str) {
    performance_mark(name)
}

/// How the UI proves who it is.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Auth {
    /// The `influxdb-oss-session` cookie, sent by the browser (same origin only).
    Session,
    /// `Authorization: Token …`.
    Token(String),
}

/// Where the API is and how to authenticate. Cheap to clone.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Client {
    /// Origin of the InfluxDB server, "" for the page's own origin (behind a proxy).
    pub origin: String,
    pub auth: Auth,
    /// Cancels this client's reads when the page that made them goes away (see `use_abort`).
    pub abort: Option<AbortSignal>,
    /// Set to true when InfluxDB refuses a request for want of a valid sign-in (401
    /// `unauthorized access`: the session expired or was ended, the token was deleted).
    pub signed_out: Option<RwSignal<bool>>,
}

impl Client {
    pub fn new(origin: impl Into<String>, auth: Auth) -> Self {
        Client { origin: origin.into().trim_end_matches('/').to_owned(), auth, abort: None, signed_out: None }
    }

    /// The same client, reporting to `flag` when the sign-in stops working (see `signed_out`).
    pub fn reporting_sign_out(self, flag: RwSignal<bool>) -> Self {
        Client { signed_out: Some(flag), ..self }
    }

    /// The same client, its GETs cancelled by `signal`. Writes are never cancelled: a request
    /// already sent changes the server whether or not anyone waits for the answer.
    pub fn with_abort(&self, signal: AbortSignal) -> Self {
        Client { abort: Some(signal), ..self.clone() }
    }

    fn url(&self, path: &str) -> String {
        format!("{}/api/v2{}", self.origin, path)
    }

    /// Sends a request and returns the raw answer when its status is 2xx. `abort` overrides
    /// the client's own signal.
    pub async fn send(&self, req: Request, abort: Option<&AbortSignal>) -> Result<Response, ApiError> {
        let method = match req.method {
            Method::Get => HttpMethod::GET,
            Method::Post => HttpMethod::POST,
            Method::Put => HttpMethod::PUT,
            Method::Patch => HttpMethod::PATCH,
            Method::Delete => HttpMethod::DELETE,
        };
        let abort = abort.or(if req.method == Method::Get { self.abort.as_ref() } else { None });
        let mut builder =
            RequestBuilder::new(&self.url(&req.path)).method(method).credentials(RequestCredentials::SameOrigin).abort_signal(abort);
        let has_auth_header = req.headers.iter().any(|(k, _)| *k == "Authorization");
        for (k, v) in &req.headers {
            builder = builder.header(k, v);
        }
        if let (Auth::Token(t), false) = (&self.auth, has_auth_header) {
            builder = builder.header("Authorization", &format!("Token {t}"));
        }
        let request = match req.body {
            Some(body) => builder.body(body),
            None => builder.build(),
        }
        .map_err(|e| ApiError::Network { message: e.to_string() })?;
        let res = request.send().await.map_err(|e| ApiError::Network { message: network_message(&e.to_string()) })?;
        if res.ok() {
            return Ok(res);
        }
        let status = res.status();
        let code = res.headers().get("X-Platform-Error-Code");
        let body = res.text().await.unwrap_or_default();
        let error = ApiError::from_response(status, &body, code.as_deref());
        if let Some(flag) = self.signed_out {
            if Refusal::from_error(&error) == Some(Refusal::SignedOut) {
                flag.try_set(true);
            }
        }
        Err(error)
    }

    /// An answer's body as bytes, not text: read as text, it is decoded into a JS string and
    /// encoded back into wasm memory (a 14 MB list: 100+ ms for nothing).
    async fn body(&self, req: Request) -> Result<Vec<u8>, ApiError> {
        let res = self.send(req, None).await?;
        res.binary().await.map_err(|e| ApiError::Network { message: e.to_string() })
    }

    async fn json<T: DeserializeOwned>(&self, req: Request) -> Result<T, ApiError> {
        decode(&self.body(req).await?)
    }

    async fn empty(&self, req: Request) -> Result<(), ApiError> {
        self.send(req, None).await.map(|_| ())
    }

    // ---- dashboards ----

    pub async fn list_dashboards(&self, q: &ListDashboards) -> Result<DashboardsPage, ApiError> {
        let body = self.body(ep::list_dashboards(q)?).await?;
        mark("index:list-received");
        let page = decode(&body);
        mark("index:list-decoded");
        page
    }
    pub async fn create_dashboard(&self, body: &CreateDashboard) -> Result<Dashboard, ApiError> {
        self.json(ep::create_dashboard(body)?).await
    }
    pub async fn get_dashboard(&self, id: &DashboardId, include_properties: bool) -> Result<Dashboard, ApiError> {
        self.json(ep::get_dashboard(id, include_properties)).await
    }
    pub async fn patch_dashboard(&self, id: &DashboardId, body: &PatchDashboard) -> Result<Dashboard, ApiError> {
        self.json(ep::patch_dashboard(id, body)?).await
    }
    pub async fn delete_dashboard(&self, id: &DashboardId) -> Result<(), ApiError> {
        self.empty(ep::delete_dashboard(id)).await
    }

    // ---- cells and views ----

    pub async fn create_cell(&self, dashboard: &DashboardId, body: &CreateCell) -> Result<Cell, ApiError> {
        self.json(ep::create_cell(dashboard, body)?).await
    }
    pub async fn replace_cells(&self, dashboard: &DashboardId, cells: &[CellPosition]) -> Result<CellsResponse, ApiError> {
        self.json(ep::replace_cells(dashboard, cells)?).await
    }
    pub async fn patch_cell(&self, dashboard: &DashboardId, cell: &CellId, body: &PatchCell) -> Result<Cell, ApiError> {
        self.json(ep::patch_cell(dashboard, cell, body)?).await
    }
    pub async fn delete_cell(&self, dashboard: &DashboardId, cell: &CellId) -> Result<(), ApiError> {
        self.empty(ep::delete_cell(dashboard, cell)).await
    }
    pub async fn get_view(&self, dashboard: &DashboardId, cell: &CellId) -> Result<View, ApiError> {
        self.json(ep::get_view(dashboard, cell)).await
    }
    /// Sends name and properties in full (B7).
    pub async fn patch_view(&self, dashboard: &DashboardId, cell: &CellId, body: &PatchView) -> Result<View, ApiError> {
        self.json(ep::patch_view(dashboard, cell, body)).await
    }

    // ---- labels on dashboards, members, owners ----

    pub async fn list_dashboard_labels(&self, dashboard: &DashboardId) -> Result<Vec<Label>, ApiError> {
        self.json::<LabelsResponse>(ep::list_dashboard_labels(dashboard)).await.map(|r| r.labels)
    }
    pub async fn add_label(&self, dashboard: &DashboardId, label: &LabelId) -> Result<Label, ApiError> {
        self.json::<LabelResponse>(ep::add_label(dashboard, label)).await.map(|r| r.label)
    }
    pub async fn remove_label(&self, dashboard: &DashboardId, label: &LabelId) -> Result<(), ApiError> {
        self.empty(ep::remove_label(dashboard, label)).await
    }
    pub async fn list_members(&self, dashboard: &DashboardId) -> Result<Vec<Member>, ApiError> {
        self.json::<MembersResponse>(ep::list_users_of(dashboard, Role::Member)).await.map(|r| r.users)
    }
    pub async fn add_member(&self, dashboard: &DashboardId, user: &UserId) -> Result<Member, ApiError> {
        self.json(ep::add_user_to(dashboard, Role::Member, user)).await
    }
    pub async fn remove_member(&self, dashboard: &DashboardId, user: &UserId) -> Result<(), ApiError> {
        self.empty(ep::remove_user_from(dashboard, Role::Member, user)).await
    }
    pub async fn list_owners(&self, dashboard: &DashboardId) -> Result<Vec<Member>, ApiError> {
        self.json::<MembersResponse>(ep::list_users_of(dashboard, Role::Owner)).await.map(|r| r.users)
    }
    pub async fn add_owner(&self, dashboard: &DashboardId, user: &UserId) -> Result<Member, ApiError> {
        self.json(ep::add_user_to(dashboard, Role::Owner, user)).await
    }
    pub async fn remove_owner(&self, dashboard: &DashboardId, user: &UserId) -> Result<(), ApiError> {
        self.empty(ep::remove_user_from(dashboard, Role::Owner, user)).await
    }

    // ---- labels ----

    pub async fn list_labels(&self, org: &OrgId) -> Result<Vec<Label>, ApiError> {
        self.json::<LabelsResponse>(ep::list_labels(org)).await.map(|r| r.labels)
    }
    pub async fn create_label(&self, body: &CreateLabel) -> Result<Label, ApiError> {
        self.json::<LabelResponse>(ep::create_label(body)?).await.map(|r| r.label)
    }
    pub async fn get_label(&self, id: &LabelId) -> Result<Label, ApiError> {
        self.json::<LabelResponse>(ep::get_label(id)).await.map(|r| r.label)
    }
    pub async fn patch_label(&self, id: &LabelId, body: &PatchLabel) -> Result<Label, ApiError> {
        self.json::<LabelResponse>(ep::patch_label(id, body)?).await.map(|r| r.label)
    }
    pub async fn delete_label(&self, id: &LabelId) -> Result<(), ApiError> {
        self.empty(ep::delete_label(id)).await
    }

    // ---- users, orgs, session, setup ----

    pub async fn list_users(&self) -> Result<Vec<User>, ApiError> {
        self.json::<UsersResponse>(ep::list_users(None)).await.map(|r| r.users)
    }
    /// Every user the caller may read (influxd pages `/users` without a next link: read on
    /// while pages come back full).
    pub async fn list_all_users(&self) -> Result<Vec<User>, ApiError> {
        const PAGE: u32 = 100;
        let mut all: Vec<User> = Vec::new();
        let mut offset = 0;
        loop {
            let page: UsersResponse = self.json(ep::list_users_page(offset, PAGE)?).await?;
            let n = page.users.len() as u32;
            for u in page.users {
                if !all.iter().any(|x| x.id == u.id) {
                    all.push(u);
                }
            }
            if n < PAGE || offset > 100_000 {
                return Ok(all);
            }
            offset += PAGE;
        }
    }

    /// One step of a membership change (`dashboards_core::members`).
    pub async fn apply_membership(&self, dashboard: &DashboardId, step: &dashboards_core::members::MembershipStep) -> Result<(), ApiError> {
        self.send(step.request(dashboard), None).await.map(|_| ())
    }

    /// The user with exactly this name (404 when there is none).
    pub async fn find_user(&self, name: &str) -> Result<User, ApiError> {
        let users = self.json::<UsersResponse>(ep::list_users(Some(name))).await?.users;
        users.into_iter().next().ok_or_else(|| ApiError::NotFound { message: format!("user {name} not found") })
    }
    pub async fn get_user(&self, id: &UserId) -> Result<User, ApiError> {
        self.json(ep::get_user(id)).await
    }
    pub async fn me(&self) -> Result<User, ApiError> {
        self.json(ep::me()).await
    }
    pub async fn list_orgs(&self) -> Result<Vec<Organization>, ApiError> {
        self.json::<OrgsResponse>(ep::list_orgs()).await.map(|r| r.orgs)
    }
    pub async fn get_org(&self, id: &OrgId) -> Result<Organization, ApiError> {
        self.json(ep::get_org(id)).await
    }
    /// Signs in with a password; the browser keeps the session cookie.
    pub async fn signin(&self, username: &str, password: &str) -> Result<(), ApiError> {
        self.empty(ep::signin(username, password)?).await
    }
    pub async fn signout(&self) -> Result<(), ApiError> {
        self.empty(ep::signout()).await
    }
    pub async fn setup_allowed(&self) -> Result<bool, ApiError> {
        self.json::<SetupStatus>(ep::get_setup()).await.map(|s| s.allowed)
    }
    pub async fn setup(&self, body: &SetupRequest) -> Result<SetupResponse, ApiError> {
        self.json(ep::post_setup(body)?).await
    }

    /// Runs a Flux query with the dashboard variables; the answer is annotated CSV (all three annotations).
    pub async fn query(&self, org: &OrgId, flux: &str, vars: &QueryVars, abort: Option<&AbortSignal>) -> Result<String, ApiError> {
        let res = self.send(ep::query(org, flux, vars)?, abort).await?;
        res.text().await.map_err(|e| ApiError::Network { message: e.to_string() })
    }
}

/// An answer's JSON read into `T`.
fn decode<T: DeserializeOwned>(body: &[u8]) -> Result<T, ApiError> {
    serde_json::from_slice(body).map_err(|e| ApiError::Decode { message: e.to_string() })
}

/// What a failed `fetch` means to a person (the browser only says "Failed to fetch").
fn network_message(raw: &str) -> String {
    if raw.contains("abort") || raw.contains("Abort") {
        "The request was cancelled.".into()
    } else {
        format!("No answer from the server ({raw}).")
    }
}
