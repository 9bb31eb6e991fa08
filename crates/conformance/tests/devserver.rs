//! What only the embedded dev server does: the demo seed, persistence, fault injection and
//! serving the UI. Each test starts servers of its own.

use conformance::{send_raw, Resp};
use influx_devserver::{seed, spawn_background, Config};
use serde_json::{json, Value};

fn start(config: Config) -> String {
    format!("http://{}", spawn_background(Config { quiet: true, ..config }).expect("start"))
}

fn get(base: &str, path: &str) -> Resp {
    let auth = format!("Token {}", seed::DEMO_TOKEN);
    send_raw(base, "GET", path, &[("Authorization", &auth)], None)
}

fn send(base: &str, method: &str, path: &str, body: &Value) -> Resp {
    let auth = format!("Token {}", seed::DEMO_TOKEN);
    send_raw(base, method, path, &[("Authorization", &auth), ("Content-Type", "application/json")], Some(&body.to_string()))
}

#[test]
fn demo_seed_has_every_view_type_labels_members_and_paging() {
    let base = start(Config { seed_demo: true, ..Default::default() });
    let org = get(&base, "/api/v2/orgs").json()["orgs"][0].clone();
    assert_eq!(org["name"], seed::DEMO_ORG);
    let all = get(&base, &format!("/api/v2/dashboards?orgID={}", org["id"].as_str().unwrap())).json();
    let dashboards = all["dashboards"].as_array().unwrap();
    assert_eq!(dashboards.len(), seed::DASHBOARD_COUNT);
    assert!(dashboards.iter().any(|d| d["labels"].as_array().unwrap().len() >= 2));
    assert!(dashboards.iter().any(|d| d["description"] == ""));
    // Paging needs more than one page of the server's maximum.
    let page = get(&base, "/api/v2/dashboards?limit=100").json();
    assert_eq!(page["dashboards"].as_array().unwrap().len(), 100);
    assert!(page["links"]["next"].is_string());

    let mut types = std::collections::BTreeSet::new();
    for d in dashboards {
        let full = get(&base, &format!("/api/v2/dashboards/{}?include=properties", d["id"].as_str().unwrap())).json();
        for c in full["cells"].as_array().unwrap() {
            types.insert(c["properties"]["type"].as_str().unwrap_or("").to_owned());
            // Every stored view reads back into the typed model.
            let p: dashboards_core::model::ViewProperties = serde_json::from_value(c["properties"].clone()).unwrap();
            assert!(p.is_typed(), "{p:?}");
        }
    }
    for t in dashboards_core::model::stored_view_types() {
        assert!(types.contains(t), "no seeded cell of type {t}: {types:?}");
    }
    let labels = get(&base, &format!("/api/v2/labels?orgID={}", org["id"].as_str().unwrap())).json();
    assert_eq!(labels["labels"].as_array().unwrap().len(), 8);
    assert!(labels["labels"][0]["properties"]["color"].as_str().unwrap().starts_with('#'));
    let first = dashboards[0]["id"].as_str().unwrap();
    assert_eq!(get(&base, &format!("/api/v2/dashboards/{first}/owners")).json()["users"][0]["name"], "ada");

    let basic = format!("Basic {}", dashboards_core::endpoints::base64(format!("{}:{}", seed::DEMO_USER, seed::DEMO_PASSWORD).as_bytes()));
    assert_eq!(send_raw(&base, "POST", "/api/v2/signin", &[("Authorization", &basic)], None).status, 204);
}

#[test]
fn every_answered_write_survives_a_restart() {
    let dir = std::env::temp_dir().join(format!("devserver-persist-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    let config = Config { data_dir: Some(dir.clone()), seed_demo: true, ..Default::default() };
    let base = start(config.clone());
    let org_id = get(&base, "/api/v2/orgs").json()["orgs"][0]["id"].as_str().unwrap().to_owned();
    let r = send(&base, "POST", "/api/v2/dashboards", &json!({"orgID": org_id, "name": "kept"}));
    assert_eq!(r.status, 201);
    let id = r.json()["id"].as_str().unwrap().to_owned();
    let cell = send(&base, "POST", &format!("/api/v2/dashboards/{id}/cells"), &json!({"x": 0, "y": 0, "w": 3, "h": 3})).json();
    let props = seed::properties("gauge", "cpu", "usage_user", "");
    let r = send(
        &base,
        "PATCH",
        &format!("/api/v2/dashboards/{id}/cells/{}/view", cell["id"].as_str().unwrap()),
        &json!({"name": "g", "properties": props}),
    );
    assert_eq!(r.status, 200);

    // A second server on the same folder sees exactly what the first one answered, as a
    // restart after kill -9 would (nothing of the first one's memory is shared).
    let again = start(config);
    let d = get(&again, &format!("/api/v2/dashboards/{id}?include=properties")).json();
    assert_eq!(d["name"], "kept");
    assert_eq!(d["cells"][0]["properties"], props);
    assert_eq!(
        get(&again, "/api/v2/dashboards?limit=100").json()["dashboards"].as_array().unwrap().len(),
        100,
        "the seed is not added twice"
    );
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn faults_fail_the_next_matching_requests_then_stop() {
    let base = start(Config { seed_demo: true, faults: true, ..Default::default() });
    let rule = json!({"method": "PATCH", "path": "/api/v2/dashboards/", "count": 2, "status": 500, "message": "disk full"});
    assert_eq!(send_raw(&base, "POST", "/debug/faults", &[], Some(&rule.to_string())).status, 201);
    let id = get(&base, "/api/v2/dashboards?limit=1").json()["dashboards"][0]["id"].as_str().unwrap().to_owned();
    assert_eq!(get(&base, &format!("/api/v2/dashboards/{id}")).status, 200, "GET does not match a PATCH rule");
    for _ in 0..2 {
        let r = send(&base, "PATCH", &format!("/api/v2/dashboards/{id}"), &json!({"name": "x"}));
        assert_eq!(r.assert_error(500, "internal error"), "disk full");
    }
    assert_eq!(send(&base, "PATCH", &format!("/api/v2/dashboards/{id}"), &json!({"name": "x"})).status, 200);

    let delay = json!({"path": "/api/v2/me", "delayMs": 300});
    send_raw(&base, "POST", "/debug/faults", &[], Some(&delay.to_string()));
    let started = std::time::Instant::now();
    assert_eq!(get(&base, "/api/v2/me").status, 200);
    assert!(started.elapsed() >= std::time::Duration::from_millis(300));
    assert_eq!(send_raw(&base, "DELETE", "/debug/faults", &[], None).status, 204);

    let without = start(Config::default());
    assert_eq!(send_raw(&without, "POST", "/debug/faults", &[], Some(&rule.to_string())).status, 404, "off unless enabled");
}

#[test]
fn a_drop_fault_closes_the_connection_unanswered_then_is_used_up() {
    use std::io::{Read, Write};
    let base = start(Config { seed_demo: true, faults: true, ..Default::default() });
    let auth = format!("Token {}", seed::DEMO_TOKEN);
    let rule = json!({"method": "GET", "path": "/api/v2/me", "drop": true});
    assert_eq!(send_raw(&base, "POST", "/debug/faults", &[], Some(&rule.to_string())).status, 201);
    assert_eq!(send_raw(&base, "GET", "/debug/faults", &[], None).json()[0]["drop"], true);

    // On the wire: the connection is closed and not one byte of an answer comes back.
    let mut tcp = std::net::TcpStream::connect(base.trim_start_matches("http://")).unwrap();
    tcp.set_read_timeout(Some(std::time::Duration::from_secs(10))).unwrap();
    write!(tcp, "GET /api/v2/me HTTP/1.1\r\nHost: devserver\r\nAuthorization: {auth}\r\n\r\n").unwrap();
    let mut answer = Vec::new();
    match tcp.read_to_end(&mut answer) {
        Ok(_) => {}
        // A reset is as good as a close, as long as nothing came first.
        Err(e) => assert_eq!(e.kind(), std::io::ErrorKind::ConnectionReset, "{e}"),
    }
    assert_eq!(String::from_utf8_lossy(&answer), "", "no byte of an answer");
    assert_eq!(send_raw(&base, "GET", "/debug/faults", &[], None).json(), json!([]), "the rule is used up");
    assert_eq!(get(&base, "/api/v2/me").status, 200, "the next request is answered");

    // To an HTTP client it is a transport error, not a status, and the request did nothing.
    let id = get(&base, "/api/v2/dashboards?limit=1").json()["dashboards"][0]["id"].as_str().unwrap().to_owned();
    let rule = json!({"method": "PATCH", "path": format!("/api/v2/dashboards/{id}"), "drop": true, "delayMs": 50});
    assert_eq!(send_raw(&base, "POST", "/debug/faults", &[], Some(&rule.to_string())).status, 201);
    let fresh = ureq::AgentBuilder::new().timeout(std::time::Duration::from_secs(10)).build();
    let sent = fresh
        .request("PATCH", &format!("{base}/api/v2/dashboards/{id}"))
        .set("Authorization", &auth)
        .set("Content-Type", "application/json")
        .send_string(&json!({"name": "never applied"}).to_string());
    match sent {
        Err(ureq::Error::Transport(t)) => assert_eq!(t.kind(), ureq::ErrorKind::Io, "{t}"),
        Err(ureq::Error::Status(status, _)) => panic!("a status ({status}) instead of a network error"),
        Ok(r) => panic!("answered {}", r.status()),
    }
    assert_ne!(get(&base, &format!("/api/v2/dashboards/{id}")).json()["name"], "never applied", "a dropped request is not handled");
    assert_eq!(send(&base, "PATCH", &format!("/api/v2/dashboards/{id}"), &json!({"name": "applied"})).json()["name"], "applied");
}

#[test]
fn serves_the_ui_with_single_page_fallback_and_json_404_under_api() {
    let dir = std::env::temp_dir().join(format!("devserver-ui-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join("index.html"), "<!doctype html><title>ui</title>").unwrap();
    std::fs::write(dir.join("app.js"), "console.log(1)").unwrap();
    let base = start(Config { ui_dir: Some(dir.clone()), ..Default::default() });
    assert_eq!(send_raw(&base, "GET", "/app.js", &[], None).text, "console.log(1)");
    assert!(send_raw(&base, "GET", "/dashboards/0000000000000001", &[], None).text.contains("<title>ui</title>"));
    send_raw(&base, "GET", "/api/v2/nothing-here", &[("Authorization", "Token x")], None).assert_error(404, "not found");
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn enforce_org_dashboard_limits_pages_the_org_like_influxd() {
    let base = start(Config { seed_demo: true, enforce_org_dashboard_limits: true, ..Default::default() });
    let org = get(&base, "/api/v2/orgs").json()["orgs"][0]["id"].as_str().unwrap().to_owned();
    let len = |q: &str| get(&base, &format!("/api/v2/dashboards?orgID={org}&{q}")).json()["dashboards"].as_array().unwrap().len();
    assert_eq!(len("limit=100"), 100);
    assert_eq!(len("limit=100&offset=100"), 50);
    assert_eq!(len("limit=100&offset=150"), 100, "an offset at the end is ignored, as influxd does");
    // The UI's plan still gets every dashboard once: 100, then 50.
    let mut plan = dashboards_core::index::LoadAll::new(dashboards_core::model::OrgId(org.clone()));
    let mut q = plan.first();
    loop {
        let path = dashboards_core::endpoints::list_dashboards(&q).unwrap().path;
        let page: dashboards_core::model::DashboardsPage = serde_json::from_value(get(&base, &format!("/api/v2{path}")).json()).unwrap();
        match plan.accept(page.dashboards) {
            dashboards_core::index::LoadStep::Next(next) => q = next,
            dashboards_core::index::LoadStep::Done => break,
        }
    }
    assert_eq!(plan.requests(), 2);
    assert_eq!(plan.into_dashboards().len(), 150);
}

#[test]
fn the_demo_viewer_reads_the_org_and_is_listed_on_the_shared_dashboard() {
    let base = start(Config { seed_demo: true, ..Default::default() });
    let cookie = conformance::signin_at(&base, seed::VIEWER_USER, seed::VIEWER_PASSWORD);
    let as_viewer = |method: &str, path: &str, body: Option<&Value>| conformance::call_as_at(&base, &cookie, method, path, body);
    let org = as_viewer("GET", "/api/v2/orgs", None).json()["orgs"][0]["id"].as_str().unwrap().to_owned();
    let all = as_viewer("GET", &format!("/api/v2/dashboards?orgID={org}"), None).json();
    let dashboards = all["dashboards"].as_array().unwrap();
    assert_eq!(dashboards.len(), seed::DASHBOARD_COUNT, "an org member reads every dashboard");
    let shared = dashboards.iter().find(|d| d["name"] == seed::SHARED_DASHBOARD).expect("the shared dashboard");
    let id = shared["id"].as_str().unwrap();
    let members = as_viewer("GET", &format!("/api/v2/dashboards/{id}/members"), None).json();
    assert!(members["users"].as_array().unwrap().iter().any(|u| u["name"] == seed::VIEWER_USER));
    let r = as_viewer("PATCH", &format!("/api/v2/dashboards/{id}"), Some(&json!({"name": "x"})));
    assert_eq!(r.assert_error(401, "unauthorized"), format!("write:orgs/{org}/dashboards/{id} is unauthorized"));
    // The demo user still changes everything (an org owner with an operator token).
    assert_eq!(send(&base, "PATCH", &format!("/api/v2/dashboards/{id}"), &json!({"name": "renamed"})).status, 200);
}
