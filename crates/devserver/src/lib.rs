//! An InfluxDB OSS 2.x-compatible API server, embedded so that influx-dashboards runs and is
//! tested with no InfluxDB installed. It copies the real server's behaviours that the
//! contract records (`shared/api-contract.md`, B1–B15), including the odd ones.

pub mod authz;
pub mod dashboard_json;
pub mod dashboards;
pub mod error;
pub mod faults;
pub mod query;
pub mod seed;
pub mod shapes;
pub mod store;
pub mod tenant;
pub mod urm;

use axum::extract::{Request, State};
use axum::http::{header, HeaderMap, Method, StatusCode};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::{delete, get, patch, post};
use axum::Router;
use error::ApiErr;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::{Arc, Mutex, MutexGuard};
use store::{now_nanos, Persister, Store};

/// How the server is started.
#[derive(Clone, Debug, Default)]
pub struct Config {
    /// Persist to this folder (`devserver.json`); in memory only when `None`.
    pub data_dir: Option<PathBuf>,
    /// Seed demo data when the store is empty.
    pub seed_demo: bool,
    /// Enable `/debug/faults`.
    pub faults: bool,
    /// Serve the built UI from this folder (single-page-app fallback to index.html).
    pub ui_dir: Option<PathBuf>,
    /// No request log.
    pub quiet: bool,
    /// Session length in minutes (influxd's --session-length, default 60).
    pub session_minutes: i64,
    /// How many dashboards the demo seed makes (0: the default 150).
    pub seed_dashboards: usize,
    /// Add this many demo dashboards (and the demo labels) to the org that `POST /setup`
    /// onboards, when it does: a crowded org for tests that onboard the server themselves
    /// (the conformance suite's `CONFORMANCE_SEED_DASHBOARDS`).
    pub seed_onboarded_dashboards: usize,
    /// influxd's feature flag `enforceOrgDashboardLimits`: the org filter then pages (B3).
    pub enforce_org_dashboard_limits: bool,
}

#[derive(Clone)]
pub struct AppState {
    inner: Arc<Inner>,
}

struct Inner {
    store: Mutex<Store>,
    persister: Option<Persister>,
    /// Serializes file writes so that an older snapshot never replaces a newer one.
    write_lock: Mutex<u64>,
    faults: Option<faults::Faults>,
    quiet: bool,
    session_nanos: i128,
    enforce_org_dashboard_limits: bool,
    seed_onboarded_dashboards: usize,
    /// Requests per "METHOD /path" (debug only, with `faults`).
    requests: Mutex<std::collections::BTreeMap<String, u64>>,
}

impl AppState {
    pub fn new(config: &Config) -> std::io::Result<Self> {
        let persister = config.data_dir.as_deref().map(Persister::new).transpose()?;
        let mut store = match &persister {
            Some(p) => p.load()?.unwrap_or_default(),
            None => Store::default(),
        };
        if config.seed_demo && !store.setup_done {
            let count = if config.seed_dashboards > 0 { config.seed_dashboards } else { seed::DASHBOARD_COUNT };
            seed::demo(&mut store, count);
        }
        let minutes = if config.session_minutes > 0 { config.session_minutes } else { 60 };
        let state = AppState {
            inner: Arc::new(Inner {
                store: Mutex::new(store),
                persister,
                write_lock: Mutex::new(0),
                faults: config.faults.then(faults::Faults::default),
                quiet: config.quiet,
                session_nanos: minutes as i128 * 60 * 1_000_000_000,
                enforce_org_dashboard_limits: config.enforce_org_dashboard_limits,
                seed_onboarded_dashboards: config.seed_onboarded_dashboards,
                requests: Mutex::new(Default::default()),
            }),
        };
        state.persist()?;
        Ok(state)
    }

    /// The store, locked. Handlers hold it only for the few microseconds of their work.
    pub fn store(&self) -> MutexGuard<'_, Store> {
        self.inner.store.lock().unwrap_or_else(|p| p.into_inner())
    }

    pub fn session_nanos(&self) -> i128 {
        self.inner.session_nanos
    }

    pub fn enforce_org_dashboard_limits(&self) -> bool {
        self.inner.enforce_org_dashboard_limits
    }

    /// `Config::seed_onboarded_dashboards`.
    pub fn seed_onboarded_dashboards(&self) -> usize {
        self.inner.seed_onboarded_dashboards
    }

    /// Writes the store to disk (when persistent) before the answer leaves.
    pub fn persist(&self) -> std::io::Result<()> {
        let Some(p) = &self.inner.persister else { return Ok(()) };
        let mut generation = self.inner.write_lock.lock().unwrap_or_else(|p| p.into_inner());
        let bytes = serde_json::to_vec(&*self.store()).map_err(std::io::Error::other)?;
        p.save(&bytes)?;
        *generation += 1;
        Ok(())
    }
}

/// A request's query string, decoded, in order.
pub struct Params(Vec<(String, String)>);

impl Params {
    pub fn parse(query: Option<&str>) -> Self {
        Params(dashboards_core::urlenc::parse_query(query.unwrap_or("")))
    }

    /// The first value of `key`.
    pub fn first(&self, key: &str) -> Option<&str> {
        self.0.iter().find(|(k, _)| k == key).map(|(_, v)| v.as_str())
    }

    /// Offset and limit as `/users` and `/orgs` read them: anything unreadable is the default
    /// (0 and 20), a limit outside 1–100 too.
    pub fn lenient_page(&self) -> (usize, usize) {
        let offset = self.first("offset").and_then(|s| s.parse().ok()).unwrap_or(0);
        let limit = self.first("limit").and_then(|s| s.parse().ok()).filter(|n| (1..=100).contains(n)).unwrap_or(20);
        (offset, limit)
    }

    /// Every value of a repeated `key`, in order.
    pub fn all<'a>(&'a self, key: &'a str) -> impl Iterator<Item = &'a str> {
        self.0.iter().filter(move |(k, _)| k == key).map(|(_, v)| v.as_str())
    }
}

/// Who is making the request.
#[derive(Clone, Debug)]
pub struct Principal {
    pub user_id: String,
    /// Signed in with a token (an operator token, on the dev server) rather than a session.
    pub token: bool,
}

pub const SESSION_COOKIE: &str = "influxdb-oss-session";

/// The value of cookie `name` in the request's `Cookie` headers.
pub(crate) fn cookie(headers: &HeaderMap, name: &str) -> Option<String> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|kv| kv.trim().split_once('='))
        .find(|(k, _)| *k == name)
        .map(|(_, v)| v.to_owned())
}

/// Token header first (as influxd), then the session cookie.
fn authenticate(state: &AppState, headers: &HeaderMap) -> Result<Principal, ApiErr> {
    let mut store = state.store();
    if let Some(auth) = headers.get(header::AUTHORIZATION).and_then(|v| v.to_str().ok()) {
        let token = auth.strip_prefix("Token ").or_else(|| auth.strip_prefix("Bearer ")).ok_or_else(ApiErr::unauthorized)?;
        let rec = store.tokens.get(token.trim()).ok_or_else(ApiErr::unauthorized)?;
        let user = store.users.get(&rec.user_id).ok_or_else(ApiErr::unauthorized)?;
        if user.status != "active" {
            return Err(ApiErr::forbidden("user is inactive"));
        }
        return Ok(Principal { user_id: user.id.clone(), token: true });
    }
    let key = cookie(headers, SESSION_COOKIE).ok_or_else(ApiErr::unauthorized)?;
    let now = now_nanos();
    let session = store.sessions.get_mut(&key).ok_or_else(ApiErr::unauthorized)?;
    if session.expires_at <= now {
        store.sessions.remove(&key);
        return Err(ApiErr::unauthorized());
    }
    // Each authenticated request extends the session to at least now + 5 minutes.
    session.expires_at = session.expires_at.max(now + 5 * 60 * 1_000_000_000);
    let user_id = session.user_id.clone();
    match store.users.get(&user_id) {
        Some(u) if u.status == "active" => Ok(Principal { user_id, token: false }),
        Some(_) => Err(ApiErr::forbidden("user is inactive")),
        None => Err(ApiErr::unauthorized()),
    }
}

/// The path as the client sent it (inside `nest`, `req.uri()` has the prefix stripped).
pub(crate) fn original_path(req: &Request) -> String {
    req.extensions().get::<axum::extract::OriginalUri>().map(|u| u.0.path().to_owned()).unwrap_or_else(|| req.uri().path().to_owned())
}

async fn require_auth(State(state): State<AppState>, mut req: Request, next: Next) -> Response {
    let public = matches!(original_path(&req).as_str(), "/api/v2/signin" | "/api/v2/signout" | "/api/v2/setup");
    if !public {
        match authenticate(&state, req.headers()) {
            Ok(p) => {
                req.extensions_mut().insert(p.clone());
                return authz::scope(p, next.run(req)).await;
            }
            Err(e) => return e.into_response(),
        }
    }
    next.run(req).await
}

/// Persists after every write that succeeded, before the answer is sent.
async fn persist_writes(State(state): State<AppState>, req: Request, next: Next) -> Response {
    let write = req.method() != Method::GET && req.method() != Method::HEAD;
    let res = next.run(req).await;
    if write && res.status().is_success() {
        let s = state.clone();
        let saved = tokio::task::spawn_blocking(move || s.persist()).await;
        if let Err(e) = saved.map_err(std::io::Error::other).and_then(|r| r) {
            return ApiErr::internal(format!("could not persist the change: {e}")).into_response();
        }
    }
    res
}

async fn log_requests(State(state): State<AppState>, req: Request, next: Next) -> Response {
    let started = std::time::Instant::now();
    let method = req.method().clone();
    let uri = req.uri().clone();
    let res = next.run(req).await;
    if state.inner.faults.is_some() && uri.path().starts_with("/api/") {
        let key = format!("{method} {}", uri.path());
        *state.inner.requests.lock().unwrap_or_else(|p| p.into_inner()).entry(key).or_default() += 1;
    }
    if !state.inner.quiet {
        let outcome = match res.extensions().get::<faults::Dropped>() {
            Some(_) => "dropped".to_owned(),
            None => res.status().as_u16().to_string(),
        };
        println!("{method} {uri} {outcome} {:.1}ms", started.elapsed().as_secs_f64() * 1000.0);
    }
    res
}

/// influxd's CORS: echo `Origin`, allow its fixed header list, never allow credentials (so a
/// cookie session works only same-origin). Preflights are answered before authentication.
async fn cors(req: Request, next: Next) -> Response {
    let origin = req.headers().get(header::ORIGIN).cloned();
    let preflight = req.method() == Method::OPTIONS && origin.is_some();
    let mut res = if preflight { StatusCode::NO_CONTENT.into_response() } else { next.run(req).await };
    if let Some(origin) = origin {
        let h = res.headers_mut();
        h.insert(header::ACCESS_CONTROL_ALLOW_ORIGIN, origin);
        h.insert(header::ACCESS_CONTROL_ALLOW_METHODS, header::HeaderValue::from_static("POST, GET, OPTIONS, PUT, DELETE, PATCH"));
        h.insert(
            header::ACCESS_CONTROL_ALLOW_HEADERS,
            header::HeaderValue::from_static("Authorization, Content-Type, Accept, Accept-Encoding, Content-Length, User-Agent"),
        );
    }
    res
}

/// `GET /debug/requests`: how many API requests came, per "METHOD /path", since the last DELETE.
async fn requests(State(state): State<AppState>) -> Response {
    axum::Json(state.inner.requests.lock().unwrap_or_else(|p| p.into_inner()).clone()).into_response()
}

async fn clear_requests(State(state): State<AppState>) -> StatusCode {
    state.inner.requests.lock().unwrap_or_else(|p| p.into_inner()).clear();
    StatusCode::NO_CONTENT
}

async fn health() -> Response {
    axum::Json(serde_json::json!({
        "name": "influxdb", "message": "ready for queries and writes", "status": "pass",
        "checks": [], "version": "influx-devserver", "commit": "devserver"
    }))
    .into_response()
}

async fn api_not_found() -> Response {
    ApiErr::not_found("path not found").into_response()
}

/// The whole HTTP application.
pub fn app(state: AppState, ui_dir: Option<PathBuf>) -> Router {
    let api = Router::new()
        .route("/signin", post(tenant::signin))
        .route("/signout", post(tenant::signout))
        .route("/setup", get(tenant::get_setup).post(tenant::post_setup))
        .route("/me", get(tenant::me))
        .route("/users", get(tenant::list_users).post(tenant::create_user))
        .route("/users/{id}", get(tenant::get_user).patch(tenant::patch_user).delete(tenant::delete_user))
        .route("/users/{id}/password", post(urm::set_password))
        .route("/orgs", get(tenant::list_orgs).post(tenant::create_org))
        .route("/orgs/{id}", get(tenant::get_org).patch(tenant::patch_org).delete(tenant::delete_org))
        .route("/orgs/{id}/members", get(urm::list_org_members).post(urm::add_org_member))
        .route("/orgs/{id}/members/{user}", delete(urm::remove_org_user))
        .route("/orgs/{id}/owners", get(urm::list_org_owners).post(urm::add_org_owner))
        .route("/orgs/{id}/owners/{user}", delete(urm::remove_org_user))
        .route("/buckets", get(tenant::list_buckets))
        .route("/dashboards", get(dashboards::list).post(dashboards::create))
        .route("/dashboards/{id}", get(dashboards::get_one).patch(dashboards::patch_one).delete(dashboards::delete_one))
        .route("/dashboards/{id}/cells", post(dashboards::create_cell).put(dashboards::replace_cells))
        .route("/dashboards/{id}/cells/{cell}", patch(dashboards::patch_cell).delete(dashboards::delete_cell))
        .route("/dashboards/{id}/cells/{cell}/view", get(dashboards::get_view).patch(dashboards::patch_view))
        .route("/dashboards/{id}/labels", get(dashboards::list_labels).post(dashboards::add_label))
        .route("/dashboards/{id}/labels/{label}", delete(dashboards::remove_label))
        .route("/dashboards/{id}/members", get(urm::list_members).post(urm::add_member))
        .route("/dashboards/{id}/members/{user}", delete(urm::remove_member))
        .route("/dashboards/{id}/owners", get(urm::list_owners).post(urm::add_owner))
        .route("/dashboards/{id}/owners/{user}", delete(urm::remove_owner))
        .route("/labels", get(tenant::list_labels).post(tenant::create_label))
        .route("/labels/{id}", get(tenant::get_label).patch(tenant::patch_label).delete(tenant::delete_label))
        .route("/query", post(query::query))
        .fallback(api_not_found)
        .layer(middleware::from_fn_with_state(state.clone(), persist_writes))
        .layer(middleware::from_fn_with_state(state.clone(), require_auth))
        .layer(middleware::from_fn_with_state(state.clone(), faults::inject));

    let mut router = Router::new()
        .nest("/api/v2", api)
        .route("/health", get(health))
        .route("/ping", get(|| async { StatusCode::NO_CONTENT }).head(|| async { StatusCode::NO_CONTENT }))
        .route("/api/{*rest}", axum::routing::any(api_not_found));
    if state.inner.faults.is_some() {
        router = router
            .route("/debug/faults", get(faults::list).post(faults::add).delete(faults::clear))
            .route("/debug/requests", get(requests).delete(clear_requests))
            .route("/debug/sessions/expire", post(faults::expire_sessions));
    }
    if let Some(dir) = ui_dir {
        // The built UI, index.html for every other path (the app's routes). The wasm is over
        // 1 MB: a browser that accepts gzip or brotli gets the .gz/.br file the build wrote
        // next to it (Trunk.toml's post-build hook), or one compressed here when there is none.
        use tower_http::services::{ServeDir, ServeFile};
        let index = ServeFile::new(dir.join("index.html"));
        let files = ServeDir::new(dir).precompressed_gzip().precompressed_br().fallback(index);
        router = router.fallback_service(tower_http::compression::Compression::new(files));
    }
    router.layer(middleware::from_fn(cors)).layer(middleware::from_fn_with_state(state.clone(), log_requests)).with_state(state)
}

/// Serves until the process ends.
pub async fn serve(listener: tokio::net::TcpListener, config: Config) -> std::io::Result<()> {
    let state = AppState::new(&config)?;
    serve_app(listener, app(state, config.ui_dir.clone())).await
}

/// Each connection can be cut by a `drop` fault (see `faults`).
async fn serve_app(listener: tokio::net::TcpListener, app: Router) -> std::io::Result<()> {
    axum::serve(faults::CutListener(listener), app.into_make_service_with_connect_info::<faults::CutSwitch>()).await
}

/// Starts a server on 127.0.0.1 (port 0: any free port) in a thread of its own with its
/// own runtime, for tests. Returns its address; it stops when the process ends.
pub fn spawn_background(config: Config) -> std::io::Result<SocketAddr> {
    let std_listener = std::net::TcpListener::bind("127.0.0.1:0")?;
    std_listener.set_nonblocking(true)?;
    let addr = std_listener.local_addr()?;
    let state = AppState::new(&config)?;
    std::thread::Builder::new().name("influx-devserver".into()).spawn(move || {
        let rt = tokio::runtime::Builder::new_multi_thread().worker_threads(2).enable_all().build().expect("tokio runtime");
        rt.block_on(async move {
            let listener = tokio::net::TcpListener::from_std(std_listener).expect("listener");
            let _ = serve_app(listener, app(state, config.ui_dir.clone())).await;
        });
    })?;
    Ok(addr)
}
