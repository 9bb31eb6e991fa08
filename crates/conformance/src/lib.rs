//! The harness of the conformance suite (`tests/`): one target server per test process,
//! an HTTP helper that never turns a status into an error, and unique names.
//!
//! Target: `INFLUX_URL` + `INFLUX_TOKEN` (an all-access/operator token), optionally
//! `INFLUX_ORG` (name; default: the token's first org), `INFLUX_USERNAME` and
//! `INFLUX_PASSWORD` (for the session tests), `INFLUX_BUCKET`. When `INFLUX_URL` is unset, an
//! in-process dev server is started on a free loopback port and onboarded through `/setup`.
//!
//! `CONFORMANCE_SEED_DASHBOARDS=N` (dev server only; ignored with `INFLUX_URL`) adds N demo
//! dashboards, with cells and labels, to the onboarded org before any test runs, as the e2e
//! seed leaves a real influxd's org crowded: every test must hold however many dashboards the
//! org has (`CONFORMANCE_SEED_DASHBOARDS=250 cargo test -p conformance`).
//!
//! A test that cannot run against the target says so with `return skip("why")`: one line
//! `skipped: <test> (<why>)` on the real stderr, which the test runner (`./x`) counts as a
//! skip instead of a pass.

use serde_json::Value;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{OnceLock, RwLock, RwLockReadGuard, RwLockWriteGuard};

pub struct Target {
    pub base: String,
    pub token: String,
    pub org_id: String,
    pub org_name: String,
    pub bucket: String,
    /// Username and password, when known (always for the dev server).
    pub credentials: Option<(String, String)>,
    /// True for the embedded dev server.
    pub is_devserver: bool,
}

pub struct Resp {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub text: String,
}

impl Resp {
    pub fn json(&self) -> Value {
        serde_json::from_str(&self.text).unwrap_or_else(|e| panic!("not JSON ({e}): {}", self.text))
    }
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.iter().find(|(k, _)| k.eq_ignore_ascii_case(name)).map(|(_, v)| v.as_str())
    }
    /// Asserts the status and InfluxDB's error body `{code, message}` with the code header.
    pub fn assert_error(&self, status: u16, code: &str) -> String {
        assert_eq!(self.status, status, "status; body: {}", self.text);
        let v = self.json();
        assert_eq!(v["code"], code, "code; body: {}", self.text);
        assert!(v["message"].is_string(), "message; body: {}", self.text);
        assert_eq!(self.header("X-Platform-Error-Code"), Some(code), "X-Platform-Error-Code");
        v["message"].as_str().unwrap_or("").to_owned()
    }
}

const SETUP_USER: &str = "conformance";
const SETUP_PASSWORD: &str = "conformance-password";
const SETUP_TOKEN: &str = "conformance-token";

pub fn target() -> &'static Target {
    static TARGET: OnceLock<Target> = OnceLock::new();
    TARGET.get_or_init(|| match std::env::var("INFLUX_URL") {
        Ok(url) if !url.is_empty() => real_target(url.trim_end_matches('/').to_owned()),
        _ => devserver_target(),
    })
}

/// `CONFORMANCE_SEED_DASHBOARDS`, or 0.
fn seed_dashboards() -> usize {
    match std::env::var("CONFORMANCE_SEED_DASHBOARDS") {
        Ok(v) if !v.trim().is_empty() => {
            v.trim().parse().unwrap_or_else(|_| panic!("CONFORMANCE_SEED_DASHBOARDS must be a number, not {v:?}"))
        }
        _ => 0,
    }
}

fn devserver_target() -> Target {
    let config = influx_devserver::Config { quiet: true, seed_onboarded_dashboards: seed_dashboards(), ..Default::default() };
    let addr = influx_devserver::spawn_background(config).expect("start the dev server");
    let base = format!("http://{addr}");
    let body = serde_json::json!({"username": SETUP_USER, "password": SETUP_PASSWORD, "org": "conformance-org",
                                  "bucket": "conformance-bucket", "token": SETUP_TOKEN});
    let r = send_raw(&base, "POST", "/api/v2/setup", &[("Content-Type", "application/json")], Some(&body.to_string()));
    assert_eq!(r.status, 201, "onboarding the dev server: {}", r.text);
    let v = r.json();
    let seeded = seed_dashboards();
    if seeded > 0 {
        let org = v["org"]["id"].as_str().unwrap_or_default();
        let auth = format!("Token {SETUP_TOKEN}");
        // The org filter answers the whole org (B3).
        let all = send_raw(&base, "GET", &format!("/api/v2/dashboards?orgID={org}"), &[("Authorization", &auth)], None).json();
        assert_eq!(all["dashboards"].as_array().map_or(0, Vec::len), seeded, "CONFORMANCE_SEED_DASHBOARDS");
    }
    Target {
        base,
        token: SETUP_TOKEN.into(),
        org_id: v["org"]["id"].as_str().expect("org id").into(),
        org_name: "conformance-org".into(),
        bucket: "conformance-bucket".into(),
        credentials: Some((SETUP_USER.into(), SETUP_PASSWORD.into())),
        is_devserver: true,
    }
}

fn real_target(base: String) -> Target {
    let token = std::env::var("INFLUX_TOKEN").expect("INFLUX_TOKEN must be set with INFLUX_URL");
    let auth = format!("Token {token}");
    // GET /orgs pages (20 by default) and sends no next link: ask for the org by name.
    let wanted = std::env::var("INFLUX_ORG").ok().filter(|w| !w.is_empty());
    let path = match &wanted {
        Some(w) => format!("/api/v2/orgs?org={}", dashboards_core::urlenc::encode(w)),
        None => "/api/v2/orgs".to_owned(),
    };
    let r = send_raw(&base, "GET", &path, &[("Authorization", &auth)], None);
    assert_eq!(r.status, 200, "listing orgs on {base}: {}", r.text);
    let orgs = r.json()["orgs"].as_array().cloned().unwrap_or_default();
    let org =
        orgs.iter().find(|o| wanted.as_deref().is_none_or(|w| o["name"] == w)).unwrap_or_else(|| panic!("no org {wanted:?} on {base}"));
    let credentials = match (std::env::var("INFLUX_USERNAME"), std::env::var("INFLUX_PASSWORD")) {
        (Ok(u), Ok(p)) => Some((u, p)),
        _ => None,
    };
    Target {
        base,
        token,
        org_id: org["id"].as_str().unwrap_or_default().into(),
        org_name: org["name"].as_str().unwrap_or_default().into(),
        bucket: std::env::var("INFLUX_BUCKET").unwrap_or_else(|_| "conformance-bucket".into()),
        credentials,
        is_devserver: false,
    }
}

/// Reports the running test as skipped: writes one line `skipped: <test> (<reason>)` to the
/// process's real stderr, past libtest's output capture (which swallows `eprintln!`), for the
/// test runner to count. The test then returns: `return skip("why");`.
pub fn skip(reason: &str) {
    use std::io::Write;
    let thread = std::thread::current();
    // libtest runs each test on a thread named after it.
    let test = thread.name().unwrap_or("<unnamed test>");
    let line = format!("skipped: {test} ({reason})\n");
    let mut stderr = std::io::stderr().lock();
    let _ = stderr.write_all(line.as_bytes());
    let _ = stderr.flush();
}

fn agent() -> &'static ureq::Agent {
    static AGENT: OnceLock<ureq::Agent> = OnceLock::new();
    AGENT.get_or_init(|| ureq::AgentBuilder::new().timeout(std::time::Duration::from_secs(30)).redirects(0).build())
}

/// Sends a request; every status comes back as a `Resp` (only transport failures panic).
pub fn send_raw(base: &str, method: &str, path: &str, headers: &[(&str, &str)], body: Option<&str>) -> Resp {
    let mut req = agent().request(method, &format!("{base}{path}"));
    for (k, v) in headers {
        req = req.set(k, v);
    }
    let result = match body {
        Some(b) => req.send_string(b),
        None => req.call(),
    };
    let res = match result {
        Ok(r) => r,
        Err(ureq::Error::Status(_, r)) => r,
        Err(e) => panic!("{method} {path}: {e}"),
    };
    let status = res.status();
    let headers = res
        .headers_names()
        .into_iter()
        .flat_map(|n| res.all(&n).into_iter().map(|v| (n.clone(), v.to_owned())).collect::<Vec<_>>())
        .collect();
    let text = res.into_string().unwrap_or_default();
    Resp { status, headers, text }
}

/// An authenticated request to the target with the token; `body` is sent as JSON.
pub fn call(method: &str, path: &str, body: Option<&Value>) -> Resp {
    let t = target();
    let auth = format!("Token {}", t.token);
    let text = body.map(Value::to_string);
    let mut headers = vec![("Authorization", auth.as_str())];
    if text.is_some() {
        headers.push(("Content-Type", "application/json"));
    }
    send_raw(&t.base, method, path, &headers, text.as_deref())
}

/// Like `call` with a raw body (for malformed JSON).
pub fn call_raw(method: &str, path: &str, body: &str) -> Resp {
    let t = target();
    let auth = format!("Token {}", t.token);
    send_raw(&t.base, method, path, &[("Authorization", &auth), ("Content-Type", "application/json")], Some(body))
}

/// A name no other test or earlier run uses.
pub fn unique(prefix: &str) -> String {
    static N: AtomicUsize = AtomicUsize::new(0);
    let nanos = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map(|d| d.subsec_nanos()).unwrap_or(0);
    format!("{prefix}-{}-{nanos}-{}", std::process::id(), N.fetch_add(1, Ordering::Relaxed))
}

/// A dashboard that is deleted when dropped, even when the test fails.
pub struct TempDashboard {
    pub id: String,
    pub body: Value,
}

impl TempDashboard {
    pub fn new(name: &str) -> Self {
        Self::in_org(&target().org_id, name)
    }
    pub fn in_org(org_id: &str, name: &str) -> Self {
        let r = call("POST", "/api/v2/dashboards", Some(&serde_json::json!({"orgID": org_id, "name": name})));
        assert_eq!(r.status, 201, "create dashboard: {}", r.text);
        let body = r.json();
        TempDashboard { id: body["id"].as_str().expect("id").into(), body }
    }
    pub fn path(&self) -> String {
        format!("/api/v2/dashboards/{}", self.id)
    }
}

impl Drop for TempDashboard {
    fn drop(&mut self) {
        let _ = call("DELETE", &self.path(), None);
    }
}

/// Any resource deleted by path when dropped.
pub struct Cleanup(pub String);

impl Drop for Cleanup {
    fn drop(&mut self) {
        let _ = call("DELETE", &self.0, None);
    }
}

/// A new user named after `prefix`, with `password` if given: its id, its name, and what
/// deletes it.
pub fn temp_user(prefix: &str, password: Option<&str>) -> (String, String, Cleanup) {
    let name = unique(prefix);
    let r = call("POST", "/api/v2/users", Some(&serde_json::json!({"name": name})));
    assert_eq!(r.status, 201, "{}", r.text);
    let id = r.json()["id"].as_str().expect("a user id").to_owned();
    let cleanup = Cleanup(format!("/api/v2/users/{id}"));
    if let Some(p) = password {
        let r = call("POST", &format!("/api/v2/users/{id}/password"), Some(&serde_json::json!({"password": p})));
        assert_eq!(r.status, 204, "{}", r.text);
    }
    (id, name, cleanup)
}

fn dashboards_lock() -> &'static RwLock<()> {
    static LOCK: RwLock<()> = RwLock::new(());
    &LOCK
}

/// Held by tests that create or delete dashboards: they may run together.
pub fn dashboards_shared() -> RwLockReadGuard<'static, ()> {
    dashboards_lock().read().unwrap_or_else(|p| p.into_inner())
}

/// Held by tests that page through every dashboard of the server: nothing else changes the
/// set while they look.
pub fn dashboards_exclusive() -> RwLockWriteGuard<'static, ()> {
    dashboards_lock().write().unwrap_or_else(|p| p.into_inner())
}

/// The second user (`influx_devserver::seed::VIEWER_USER`): a member of the target org, listed
/// as a member of the dashboard `seed::SHARED_DASHBOARD`, signed in with a session.
pub struct Viewer {
    pub id: String,
    pub dashboard_id: String,
    /// `influxdb-oss-session=…`, to send as the `Cookie` header.
    pub cookie: String,
}

/// Makes sure the viewer exists on the target, through the API with the operator token, as the
/// real-influxd test setup in `./x` does (each step only when missing, so a server set up by
/// `./x` or by an earlier run is taken as it is), then signs in as them. Call it holding
/// `dashboards_shared()` (it may create the shared dashboard).
pub fn viewer() -> &'static Viewer {
    use influx_devserver::seed::{SHARED_DASHBOARD, VIEWER_PASSWORD, VIEWER_USER};
    static VIEWER: OnceLock<Viewer> = OnceLock::new();
    VIEWER.get_or_init(|| {
        let t = target();
        let found = call("GET", &format!("/api/v2/users?name={VIEWER_USER}"), None);
        let id = match found.status {
            200 => found.json()["users"][0]["id"].as_str().expect("user id").to_owned(),
            _ => {
                let r = call("POST", "/api/v2/users", Some(&serde_json::json!({"name": VIEWER_USER})));
                assert_eq!(r.status, 201, "create {VIEWER_USER}: {}", r.text);
                r.json()["id"].as_str().expect("user id").to_owned()
            }
        };
        let r = call("POST", &format!("/api/v2/users/{id}/password"), Some(&serde_json::json!({"password": VIEWER_PASSWORD})));
        assert_eq!(r.status, 204, "set the password: {}", r.text);
        ensure_listed(&format!("/api/v2/orgs/{}/members", t.org_id), &id);
        let all = call("GET", &format!("/api/v2/dashboards?orgID={}", t.org_id), None).json();
        let existing = all["dashboards"].as_array().into_iter().flatten().find(|d| d["name"] == SHARED_DASHBOARD).map(|d| d["id"].clone());
        let dashboard_id = match existing {
            Some(id) => id.as_str().expect("id").to_owned(),
            None => {
                let r = call("POST", "/api/v2/dashboards", Some(&serde_json::json!({"orgID": t.org_id, "name": SHARED_DASHBOARD})));
                assert_eq!(r.status, 201, "create {SHARED_DASHBOARD}: {}", r.text);
                r.json()["id"].as_str().expect("id").to_owned()
            }
        };
        ensure_listed(&format!("/api/v2/dashboards/{dashboard_id}/members"), &id);
        let cookie = signin(VIEWER_USER, VIEWER_PASSWORD);
        Viewer { id, dashboard_id, cookie }
    })
}

/// Adds `user` to the members at `path` unless they are listed there (a re-add is a 500, B14).
fn ensure_listed(path: &str, user: &str) {
    let listed = call("GET", path, None);
    assert_eq!(listed.status, 200, "GET {path}: {}", listed.text);
    if !listed.json()["users"].as_array().into_iter().flatten().any(|u| u["id"] == user) {
        let r = call("POST", path, Some(&serde_json::json!({"id": user})));
        assert_eq!(r.status, 201, "POST {path}: {}", r.text);
    }
}

/// Signs in with a password; returns the session cookie (`name=value`).
pub fn signin(user: &str, password: &str) -> String {
    signin_at(&target().base, user, password)
}

/// [`signin`] on the server at `base` (a dev server a test started itself).
pub fn signin_at(base: &str, user: &str, password: &str) -> String {
    let basic = format!("Basic {}", dashboards_core::endpoints::base64(format!("{user}:{password}").as_bytes()));
    let r = send_raw(base, "POST", "/api/v2/signin", &[("Authorization", &basic)], None);
    assert_eq!(r.status, 204, "sign in as {user}: {}", r.text);
    r.header("Set-Cookie").expect("Set-Cookie").split(';').next().unwrap_or_default().to_owned()
}

/// A request with a session cookie instead of the token; `body` is sent as JSON.
pub fn call_as(cookie: &str, method: &str, path: &str, body: Option<&Value>) -> Resp {
    call_as_at(&target().base, cookie, method, path, body)
}

/// [`call_as`] on the server at `base`.
pub fn call_as_at(base: &str, cookie: &str, method: &str, path: &str, body: Option<&Value>) -> Resp {
    let text = body.map(Value::to_string);
    let mut headers = vec![("Cookie", cookie)];
    if text.is_some() {
        headers.push(("Content-Type", "application/json"));
    }
    send_raw(base, method, path, &headers, text.as_deref())
}
