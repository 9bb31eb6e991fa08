//! The end-to-end harness: the release UI (built with `--public-url /ui/`) served by nginx
//! with the repo's own `deploy/nginx/influx-dashboards.locations`, `/api/` proxied to a dev
//! server started here (or to `INFLUX_URL`), and headless Chromium driven over WebDriver.
//! Everything listens on free 127.0.0.1 ports and is stopped when the test process ends.
//!
//! Environment: `E2E_DIST` (a dist built for `/ui/`; default: built here with trunk),
//! `INFLUX_URL` + `INFLUX_TOKEN` + `INFLUX_USERNAME` + `INFLUX_PASSWORD` for a real influxd.

use fantoccini::{Client, ClientBuilder, Locator};
use serde_json::{json, Value};
use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::{Mutex, OnceLock};
use std::time::{Duration, Instant};

pub mod figures;

pub use fantoccini;

/// The servers of one test process.
pub struct Stack {
    /// `http://127.0.0.1:<nginx>`: the UI is at `/ui/`, the API at `/api/v2`.
    pub base: String,
    /// The API server behind nginx (for direct checks and fault injection).
    pub api: String,
    pub token: String,
    pub username: String,
    pub password: String,
    /// A bucket of the org with points in it (the dev server's demo bucket, or
    /// `INFLUX_BUCKET`, default "conformance-bucket", where `./x test` writes cpu and mem).
    pub bucket: String,
    /// Fault injection is available (dev server only).
    pub faults: bool,
    pub webdriver: String,
    children: Mutex<Vec<Child>>,
}

impl Stack {
    /// Stops nginx and chromedriver (the dev server ends with the process).
    pub fn stop(&self) {
        for c in self.children.lock().unwrap_or_else(|p| p.into_inner()).iter_mut() {
            let _ = c.kill();
            let _ = c.wait();
        }
    }
}

impl Drop for Stack {
    fn drop(&mut self) {
        self.stop();
    }
}

/// Pids of the servers this process started. The stack lives in a `static`, which is never
/// dropped: an exit handler stops them instead (it runs when the test binary returns).
static CHILDREN: Mutex<Vec<u32>> = Mutex::new(Vec::new());

/// This process's scratch directory: nginx's files, and the temporary files of chromedriver
/// and the Chromes it starts (a profile per session, ~130 MB, which chromedriver does not
/// always delete). Removed at exit, so a run leaves nothing behind in the system's temp dir.
static SCRATCH: OnceLock<PathBuf> = OnceLock::new();

fn scratch() -> &'static Path {
    SCRATCH.get_or_init(|| {
        let dir = std::env::temp_dir().join(format!("influx-dashboards-e2e-{}", std::process::id()));
        std::fs::create_dir_all(&dir).expect("a scratch dir");
        dir
    })
}

extern "C" fn stop_children() {
    if let Ok(pids) = CHILDREN.lock() {
        for &pid in pids.iter() {
            // SAFETY: kill(2) with a pid this process spawned; failure (already gone) is harmless.
            unsafe {
                libc::kill(pid as libc::pid_t, libc::SIGTERM);
            }
        }
        // Each gets two seconds to go (so its files can be removed below), then is killed.
        let until = Instant::now() + Duration::from_secs(2);
        for &pid in pids.iter() {
            loop {
                // SAFETY: waitpid(2) and kill(2) on a child of this process; a pid already
                // reaped gives -1, which ends the wait.
                let done = unsafe { libc::waitpid(pid as libc::pid_t, std::ptr::null_mut(), libc::WNOHANG) } != 0;
                if done {
                    break;
                }
                if Instant::now() > until {
                    unsafe {
                        libc::kill(pid as libc::pid_t, libc::SIGKILL);
                        libc::waitpid(pid as libc::pid_t, std::ptr::null_mut(), 0);
                    }
                    break;
                }
                std::thread::sleep(Duration::from_millis(20));
            }
        }
    }
    if let Some(dir) = SCRATCH.get() {
        let _ = std::fs::remove_dir_all(dir);
    }
}

/// Starts a server process, to be stopped when this process exits.
fn spawn(cmd: &mut Command, what: &str) -> Child {
    static REGISTER: std::sync::Once = std::sync::Once::new();
    REGISTER.call_once(|| {
        // SAFETY: registers a plain extern "C" function with no captured state.
        unsafe {
            libc::atexit(stop_children);
        }
    });
    let child = cmd.spawn().unwrap_or_else(|e| panic!("start {what} (./x bootstrap installs it): {e}"));
    CHILDREN.lock().unwrap_or_else(|p| p.into_inner()).push(child.id());
    child
}

fn repo_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..").canonicalize().expect("repo root")
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0").and_then(|l| l.local_addr()).map(|a| a.port()).expect("a free port")
}

fn wait_for_port(port: u16, what: &str) {
    let until = Instant::now() + Duration::from_secs(20);
    while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
        assert!(Instant::now() < until, "{what} did not listen on 127.0.0.1:{port}");
        std::thread::sleep(Duration::from_millis(50));
    }
}

/// The dist to serve: `E2E_DIST`, or built now with trunk for `/ui/`.
fn dist() -> PathBuf {
    if let Ok(d) = std::env::var("E2E_DIST") {
        return PathBuf::from(d);
    }
    let out = repo_root().join("target/e2e-dist");
    let status = Command::new("trunk")
        .args(["build", "--release", "--public-url", "/ui/", "--dist"])
        .arg(&out)
        .current_dir(repo_root())
        .status()
        .expect("run trunk (./x bootstrap installs it)");
    assert!(status.success(), "trunk build failed");
    out
}

fn nginx(dist: &Path, influxd: &str, children: &mut Vec<Child>) -> u16 {
    let port = free_port();
    let dir = scratch().join(format!("nginx-{port}"));
    let www = dir.join("www");
    std::fs::create_dir_all(&www).expect("nginx dir");
    let ui = www.join("ui");
    let _ = std::fs::remove_file(&ui);
    std::os::unix::fs::symlink(dist, &ui).expect("link the dist");
    let locations = repo_root().join("deploy/nginx/influx-dashboards.locations");
    let d = dir.display();
    let conf = format!(
        "daemon off;\nmaster_process off;\nworker_processes 1;\npid {d}/nginx.pid;\nerror_log {d}/error.log warn;\n\
         events {{ worker_connections 256; }}\n\
         http {{\n  include /etc/nginx/mime.types;\n  access_log off;\n\
           client_body_temp_path {d}/body;\n  proxy_temp_path {d}/proxy;\n  fastcgi_temp_path {d}/fastcgi;\n\
           uwsgi_temp_path {d}/uwsgi;\n  scgi_temp_path {d}/scgi;\n\
           server {{\n    listen 127.0.0.1:{port};\n    set $influx_dashboards_root {www};\n    set $influxd {influxd};\n\
             include {loc};\n  }}\n}}\n",
        www = www.display(),
        loc = locations.display(),
    );
    let conf_path = dir.join("nginx.conf");
    std::fs::write(&conf_path, conf).expect("write nginx.conf");
    let bin = ["/usr/sbin/nginx", "nginx"].into_iter().find(|b| Path::new(b).exists()).unwrap_or("nginx");
    let child = spawn(Command::new(bin).arg("-c").arg(&conf_path).arg("-p").arg(&dir).stdout(Stdio::null()), "nginx");
    children.push(child);
    wait_for_port(port, "nginx");
    port
}

fn chromedriver(children: &mut Vec<Child>) -> String {
    let port = free_port();
    let tmp = scratch().join(format!("chromedriver-{port}"));
    std::fs::create_dir_all(&tmp).expect("chromedriver's temp dir");
    let mut cmd = Command::new("chromedriver");
    cmd.arg(format!("--port={port}")).env("TMPDIR", &tmp).stdout(Stdio::null()).stderr(Stdio::null());
    let child = spawn(&mut cmd, "chromedriver");
    children.push(child);
    wait_for_port(port, "chromedriver");
    format!("http://127.0.0.1:{port}")
}

/// The servers of the test process (a seeded dev server, or `INFLUX_URL`), started on first use.
pub fn stack() -> &'static Stack {
    static STACK: OnceLock<Stack> = OnceLock::new();
    STACK.get_or_init(|| match std::env::var("INFLUX_URL") {
        Ok(url) if !url.is_empty() => Stack::start(Backend::Influxd {
            url: url.trim_end_matches('/').to_owned(),
            token: std::env::var("INFLUX_TOKEN").expect("INFLUX_TOKEN with INFLUX_URL"),
            username: std::env::var("INFLUX_USERNAME").expect("INFLUX_USERNAME with INFLUX_URL"),
            password: std::env::var("INFLUX_PASSWORD").expect("INFLUX_PASSWORD with INFLUX_URL"),
        }),
        _ => Stack::start(Backend::DevServer(influx_devserver::Config { seed_demo: true, ..Default::default() })),
    })
}

/// What nginx proxies `/api/` to.
pub enum Backend {
    /// A dev server started in this process (always with `faults`, so `/debug/` is there).
    DevServer(influx_devserver::Config),
    /// A running, onboarded influxd.
    Influxd { url: String, token: String, username: String, password: String },
}

impl Stack {
    /// Starts nginx (serving the dist), chromedriver and, for `DevServer`, the dev server.
    pub fn start(backend: Backend) -> Stack {
        let mut children = Vec::new();
        let (api, token, username, password, faults) = match backend {
            Backend::Influxd { url, token, username, password } => (url, token, username, password, false),
            Backend::DevServer(config) => {
                use influx_devserver::{seed, spawn_background, Config};
                let addr = spawn_background(Config { faults: true, quiet: true, ..config }).expect("dev server");
                (format!("http://{addr}"), seed::DEMO_TOKEN.into(), seed::DEMO_USER.into(), seed::DEMO_PASSWORD.into(), true)
            }
        };
        let dist = dist();
        let port = nginx(&dist, &api, &mut children);
        let webdriver = chromedriver(&mut children);
        let bucket = if faults {
            influx_devserver::seed::DEMO_BUCKET.to_owned()
        } else {
            std::env::var("INFLUX_BUCKET").unwrap_or_else(|_| "conformance-bucket".into())
        };
        let stack = Stack {
            base: format!("http://127.0.0.1:{port}"),
            api,
            token,
            username,
            password,
            bucket,
            faults,
            webdriver,
            children: Mutex::new(children),
        };
        if !stack.faults {
            stack.seed_over_api();
        }
        stack
    }

    /// Gives a real influxd the dev server's demo data, through the API (once: an org with
    /// enough dashboards is left as it is).
    fn seed_over_api(&self) {
        use influx_devserver::seed;
        let org = self.org_id();
        let have = self.dashboards().len();
        if have >= seed::DASHBOARD_COUNT {
            return;
        }
        let started = Instant::now();
        let (_, existing) = self.call("GET", &format!("/api/v2/labels?orgID={org}"), None);
        let mut label_ids = Vec::new();
        for (name, color, description) in seed::labels() {
            let found = existing["labels"]
                .as_array()
                .into_iter()
                .flatten()
                .find(|l| l["name"] == *name)
                .and_then(|l| l["id"].as_str())
                .map(str::to_owned);
            let id = match found {
                Some(id) => id,
                None => {
                    let body = json!({"orgID": org, "name": name, "properties": {"color": color, "description": description}});
                    let (st, v) = self.call("POST", "/api/v2/labels", Some(&body));
                    assert_eq!(st, 201, "seed label {name}: {v}");
                    v["label"]["id"].as_str().expect("label id").to_owned()
                }
            };
            label_ids.push(id);
        }
        for d in seed::demo_dashboards(seed::DASHBOARD_COUNT - have) {
            let (st, v) =
                self.call("POST", "/api/v2/dashboards", Some(&json!({"orgID": org, "name": d.name, "description": d.description})));
            assert_eq!(st, 201, "seed dashboard: {v}");
            let id = v["id"].as_str().expect("id").to_owned();
            for c in d.cells {
                let body = json!({"x": c.x, "y": c.y, "w": c.w, "h": c.h, "name": c.name});
                let (st, cell) = self.call("POST", &format!("/api/v2/dashboards/{id}/cells"), Some(&body));
                assert_eq!(st, 201, "seed cell: {cell}");
                let view = json!({"name": c.name, "properties": c.properties});
                let path = format!("/api/v2/dashboards/{id}/cells/{}/view", cell["id"].as_str().expect("cell id"));
                let (st, v) = self.call("PATCH", &path, Some(&view));
                assert_eq!(st, 200, "seed view: {v}");
            }
            for j in d.labels {
                let (st, v) = self.call("POST", &format!("/api/v2/dashboards/{id}/labels"), Some(&json!({"labelID": label_ids[j]})));
                assert_eq!(st, 201, "seed label mapping: {v}");
            }
        }
        eprintln!("seeded {} dashboards over the API in {:.1} s", seed::DASHBOARD_COUNT - have, started.elapsed().as_secs_f64());
    }
}

impl Stack {
    /// An API call with the token, through nginx (as the UI makes them).
    pub fn call(&self, method: &str, path: &str, body: Option<&Value>) -> (u16, Value) {
        let req = ureq::request(method, &format!("{}{path}", self.base)).set("Authorization", &format!("Token {}", self.token));
        let res = match body {
            Some(b) => req.send_json(b.clone()),
            None => req.call(),
        };
        let res = match res {
            Ok(r) => r,
            Err(ureq::Error::Status(_, r)) => r,
            Err(e) => panic!("{method} {path}: {e}"),
        };
        let status = res.status();
        let text = res.into_string().unwrap_or_default();
        (status, serde_json::from_str(&text).unwrap_or(Value::Null))
    }

    /// The org the tests use: `INFLUX_ORG` (by name) or the first one the token sees.
    pub fn org_id(&self) -> String {
        let (_, v) = self.call("GET", "/api/v2/orgs", None);
        let wanted = std::env::var("INFLUX_ORG").ok().filter(|_| !self.faults);
        let orgs = v["orgs"].as_array().cloned().unwrap_or_default();
        let org = orgs.iter().find(|o| wanted.as_deref().is_none_or(|w| o["name"] == w)).expect("the org");
        org["id"].as_str().expect("an org id").to_owned()
    }

    /// Every dashboard of the org, from the API.
    pub fn dashboards(&self) -> Vec<dashboards_core::model::Dashboard> {
        let (status, v) = self.call("GET", &format!("/api/v2/dashboards?orgID={}&limit=100", self.org_id()), None);
        assert_eq!(status, 200);
        serde_json::from_value(v["dashboards"].clone()).expect("dashboards")
    }

    /// Makes the next `count` matching API requests fail (dev server only).
    pub fn inject_fault(&self, rule: Value) {
        assert!(self.faults, "fault injection needs the dev server");
        let r = ureq::post(&format!("{}/debug/faults", self.api)).send_json(rule).expect("add a fault");
        assert_eq!(r.status(), 201);
    }

    /// A new browser session. Close it with `session.close()` in every path.
    pub async fn browser(&self) -> Client {
        let caps = json!({
            "goog:chromeOptions": {
                "args": ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--window-size=1400,1000",
                         "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"]
            },
            // Keeps the page's console (and Chrome's own warnings) for `browser_log`.
            "goog:loggingPrefs": { "browser": "ALL" }
        });
        let caps = caps.as_object().cloned().expect("object");
        ClientBuilder::new(hyper_util::client::legacy::connect::HttpConnector::new())
            .capabilities(caps)
            .connect(&self.webdriver)
            .await
            .expect("a WebDriver session")
    }
}

/// The browser console's entries since the last call (chromedriver's log endpoint, which
/// W3C WebDriver lacks): `{level, message, source, timestamp}`, Chrome's own warnings included.
pub async fn browser_log(c: &Client) -> Result<Vec<Value>> {
    let id = c.session_id().await?.ok_or("no WebDriver session")?;
    let r = ureq::post(&format!("{}/session/{id}/se/log", stack().webdriver)).send_json(json!({ "type": "browser" }))?;
    let v: Value = r.into_json()?;
    Ok(v["value"].as_array().cloned().unwrap_or_default())
}

/// Reports the calling test as skipped: one line `skipped: <test> (<reason>)` on the real
/// stderr (libtest captures `eprintln!`, not a direct write). `./x test` counts these lines
/// as skipped instead of passed and lists them by name. The test returns right after.
pub fn skip(reason: &str) {
    use std::io::Write;
    let thread = std::thread::current();
    let name = thread.name().unwrap_or("an unnamed test");
    let _ = writeln!(std::io::stderr(), "skipped: {name} ({reason})");
}

/// Skips the calling test unless fault injection is available (the dev server). Returns
/// true when the test may go on.
pub fn needs_faults() -> bool {
    if stack().faults {
        return true;
    }
    skip("fault injection needs the dev server");
    false
}

/// One scenario at a time in a test process: they share one server and look at the same
/// dashboards, so `cargo test` (which runs tests in parallel) must not interleave them.
static SCENARIO: tokio::sync::Mutex<()> = tokio::sync::Mutex::const_new(());

/// Runs a scenario with a fresh browser and closes it whatever happens (a failed test must
/// not leave Chromium behind).
pub async fn with_browser<F, Fut>(scenario: F)
where
    F: FnOnce(Client) -> Fut,
    Fut: std::future::Future<Output = Result> + Send + 'static,
{
    stack().with_browser(scenario).await
}

impl Stack {
    /// `with_browser` on this stack.
    pub async fn with_browser<F, Fut>(&self, scenario: F)
    where
        F: FnOnce(Client) -> Fut,
        Fut: std::future::Future<Output = Result> + Send + 'static,
    {
        let _one_at_a_time = SCENARIO.lock().await;
        // A fault left over by a scenario that failed must not fail the next one.
        if self.faults {
            self.clear_faults();
        }
        let client = self.browser().await;
        let handle = client.clone();
        let outcome = tokio::spawn(scenario(client)).await;
        let _ = handle.close().await;
        match outcome {
            Ok(Ok(())) => {}
            Ok(Err(e)) => panic!("scenario failed: {e}"),
            Err(join) => std::panic::resume_unwind(join.into_panic()),
        }
    }

    /// Signs in with username and password through the form, and waits for the index.
    pub async fn sign_in(&self, c: &Client) -> Result {
        self.sign_in_as(c, &self.username, &self.password).await
    }

    /// [`Stack::sign_in`] as another user.
    pub async fn sign_in_as(&self, c: &Client, username: &str, password: &str) -> Result {
        c.goto(&format!("{}/ui/", self.base)).await?;
        wait(c, &tid("username")).await?.send_keys(username).await?;
        wait(c, &tid("password")).await?.send_keys(password).await?;
        wait(c, &tid("sign-in")).await?.click().await?;
        c.wait().at_most(Duration::from_secs(60)).for_element(Locator::Css(&tid("dashboard-row"))).await?;
        Ok(())
    }

    /// API requests counted by the dev server since the last reset, per "METHOD /path".
    pub fn requests(&self) -> std::collections::BTreeMap<String, u64> {
        let r = ureq::get(&format!("{}/debug/requests", self.api)).call().expect("request counts");
        r.into_json().expect("counts")
    }

    /// Removes every injected fault that was not used up (dev server only).
    pub fn clear_faults(&self) {
        ureq::delete(&format!("{}/debug/faults", self.api)).call().expect("clear faults");
    }

    pub fn reset_requests(&self) {
        ureq::delete(&format!("{}/debug/requests", self.api)).call().expect("reset counts");
    }
}

pub type Result<T = ()> = std::result::Result<T, Box<dyn std::error::Error + Send + Sync>>;

/// `[data-testid=…]`.
pub fn tid(id: &str) -> String {
    format!("[data-testid={id}]")
}

/// Waits for an element (10 s).
pub async fn wait(c: &Client, css: &str) -> Result<fantoccini::elements::Element> {
    Ok(c.wait().at_most(Duration::from_secs(10)).for_element(Locator::Css(css)).await?)
}

/// Polls `f` until it returns true (10 s).
pub async fn until<F, Fut>(what: &str, mut f: F) -> Result
where
    F: FnMut() -> Fut,
    Fut: std::future::Future<Output = Result<bool>>,
{
    let end = Instant::now() + Duration::from_secs(10);
    loop {
        if f().await.unwrap_or(false) {
            return Ok(());
        }
        if Instant::now() > end {
            return Err(format!("timed out waiting for {what}").into());
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

/// The texts of every element matching `css`.
pub async fn texts(c: &Client, css: &str) -> Result<Vec<String>> {
    let mut out = Vec::new();
    for e in c.find_all(Locator::Css(css)).await? {
        out.push(e.text().await?);
    }
    Ok(out)
}

/// Signs in to the test process's stack.
pub async fn sign_in(c: &Client) -> Result {
    stack().sign_in(c).await
}

// ---- the index, as a person uses it ----

/// A name no other test run uses.
pub fn unique(prefix: &str) -> String {
    let n = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map(|d| d.as_micros()).unwrap_or(0);
    format!("{prefix} {n}")
}

/// Picks an option of a `<select>` by value.
pub async fn select(c: &Client, testid: &str, value: &str) -> Result {
    wait(c, &format!("{} option[value=\"{value}\"]", tid(testid))).await?.click().await?;
    Ok(())
}

/// The page's address.
pub async fn url(c: &Client) -> Result<String> {
    Ok(c.current_url().await?.to_string())
}

/// Types a filter and waits until it is in the address.
pub async fn filter(c: &Client, text: &str) -> Result {
    let search = wait(c, &tid("search")).await?;
    search.clear().await?;
    search.send_keys(text).await?;
    let want = format!("q={}", dashboards_core::urlenc::encode(text));
    until("the filter in the URL", || async { Ok(url(c).await?.contains(&want)) }).await
}

/// The card whose name is exactly `name` (there must be one on the page).
pub async fn card(c: &Client, name: &str) -> Result<fantoccini::elements::Element> {
    for row in c.find_all(Locator::Css(&tid("dashboard-row"))).await? {
        if row.find(Locator::Css(&tid("dashboard-name"))).await?.text().await? == name {
            return Ok(row);
        }
    }
    Err(format!("no card named {name:?}").into())
}

/// Opens a card's "⋯" menu and picks an action.
pub async fn action(c: &Client, name: &str, testid: &str) -> Result {
    let row = card(c, name).await?;
    row.find(Locator::Css(&tid("actions"))).await?.click().await?;
    row.find(Locator::Css(&tid(testid))).await?.click().await?;
    Ok(())
}

/// Deletes a dashboard (by id) when dropped: a test's own dashboard goes whatever happens.
pub struct DeleteOnDrop(pub String);

impl Drop for DeleteOnDrop {
    fn drop(&mut self) {
        stack().call("DELETE", &format!("/api/v2/dashboards/{}", self.0), None);
    }
}

/// A dashboard with one cell per `(name, properties)`, three to a row, made through the API:
/// its id, the cells' ids, and what deletes it.
pub fn dashboard_with_cells(prefix: &str, cells: &[(&str, Value)]) -> (String, Vec<String>, DeleteOnDrop) {
    let s = stack();
    let (st, d) = s.call("POST", "/api/v2/dashboards", Some(&serde_json::json!({"orgID": s.org_id(), "name": unique(prefix)})));
    assert_eq!(st, 201, "{d}");
    let id = d["id"].as_str().expect("id").to_owned();
    let mut ids = Vec::new();
    for (i, (name, props)) in cells.iter().enumerate() {
        let body = serde_json::json!({"x": (i % 3) * 4, "y": (i / 3) * 4, "w": 4, "h": 4, "name": name});
        let (st, c) = s.call("POST", &format!("/api/v2/dashboards/{id}/cells"), Some(&body));
        assert_eq!(st, 201, "{c}");
        let cell = c["id"].as_str().expect("cell id").to_owned();
        let view = serde_json::json!({"name": name, "properties": props});
        let (st, v) = s.call("PATCH", &format!("/api/v2/dashboards/{id}/cells/{cell}/view"), Some(&view));
        assert_eq!(st, 200, "{v}");
        ids.push(cell);
    }
    (id.clone(), ids, DeleteOnDrop(id))
}

/// A seeded dashboard with at least `cells` cells, as the UI exports it.
pub fn seeded_export(cells: usize) -> dashboards_core::index::ExportDoc {
    let s = stack();
    let source = s.dashboards().into_iter().find(|d| d.cells.len() >= cells).expect("a seeded dashboard with enough cells");
    let (_, full) = s.call("GET", &format!("/api/v2/dashboards/{}?include=properties", source.id), None);
    dashboards_core::index::ExportDoc::from_dashboard(&serde_json::from_value(full).expect("a dashboard"))
}

/// The properties of the dev server's seed view of `kind` (with `note`), its queries reading
/// the test bucket: the seed's read its demo bucket; a real influxd has the test bucket.
pub fn seed_view(kind: &str, note: &str) -> Value {
    let mut p = influx_devserver::seed::properties(kind, "cpu", "usage_user", note);
    let bucket = format!("\"{}\"", stack().bucket);
    for q in p["queries"].as_array_mut().into_iter().flatten() {
        q["text"] = json!(q["text"].as_str().unwrap_or_default().replace("\"demo\"", &bucket));
    }
    p
}

/// Sets a textarea's (or an input's) whole text as typing would end, with one `input` event.
pub async fn set_text(c: &Client, element: &fantoccini::elements::Element, text: &str) -> Result {
    c.execute(
        "const a = arguments[0]; a.value = arguments[1]; a.dispatchEvent(new Event('input', {bubbles: true}));",
        vec![serde_json::to_value(element)?, serde_json::json!(text)],
    )
    .await?;
    Ok(())
}
