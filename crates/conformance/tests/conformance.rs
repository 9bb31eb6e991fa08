//! The InfluxDB API as influx-dashboards relies on it: shapes, status codes and the
//! behaviours B1–B15 of shared/api-contract.md that can be seen over HTTP. Written against
//! the contract, so that it runs unchanged against a real influxd (INFLUX_URL/INFLUX_TOKEN).
//! The query tests write their points to a real influxd first (`query_data`); the dev server
//! has the same series in its synthetic catalog.

use conformance::*;
use dashboards_core::model::OrgId;
use dashboards_core::query::QueryVars;
use dashboards_core::range::{Preset, TimeRange};
use serde_json::{json, Value};
use std::sync::OnceLock;

fn ids(v: &Value) -> Vec<String> {
    v["dashboards"].as_array().unwrap().iter().map(|d| d["id"].as_str().unwrap().to_owned()).collect()
}

fn names(v: &Value) -> Vec<String> {
    v["dashboards"].as_array().unwrap().iter().map(|d| d["name"].as_str().unwrap().to_owned()).collect()
}

fn xy_properties(note: &str) -> Value {
    json!({"type": "xy", "shape": "chronograf-v2", "geom": "line", "position": "overlaid", "note": note,
           "showNoteWhenEmpty": false, "colors": [], "axes": {"x": {"bounds": ["", ""]}, "y": {"bounds": ["", ""]}},
           "queries": [{"text": "from(bucket: \"b\") |> range(start: -1h)", "editMode": "advanced", "name": "",
                        "builderConfig": {"buckets": [], "tags": [], "functions": [], "aggregateWindow": {"period": "", "fillValues": false}}}],
           "colorMapping": {"a": "#ffffff"}, "notAMember": 1})
}

// ---------- §0 conventions ----------

#[test]
fn errors_carry_code_message_and_header() {
    let m = call("GET", "/api/v2/dashboards/abc", None).assert_error(400, "invalid");
    assert!(m.contains("16"), "bad-length id message: {m}");
    call("GET", "/api/v2/dashboards/zzzzzzzzzzzzzzzz", None).assert_error(400, "invalid");
    call("GET", "/api/v2/dashboards/0000000000000001", None).assert_error(404, "not found");
}

#[test]
fn no_credentials_is_401_everywhere_but_the_public_routes() {
    let t = target();
    for (method, path) in [
        ("GET", "/api/v2/dashboards"),
        ("GET", "/api/v2/me"),
        ("GET", "/api/v2/labels"),
        ("GET", "/api/v2/orgs"),
        ("POST", "/api/v2/query"),
    ] {
        let r = send_raw(&t.base, method, path, &[], None);
        assert_eq!(r.assert_error(401, "unauthorized"), "unauthorized access", "{method} {path}");
    }
    let r = send_raw(&t.base, "GET", "/api/v2/dashboards", &[("Authorization", "Token not-a-real-token")], None);
    r.assert_error(401, "unauthorized");
    let r = send_raw(&t.base, "GET", "/api/v2/setup", &[], None);
    assert_eq!(r.status, 200);
    assert_eq!(r.json()["allowed"], false, "the target is onboarded");
}

#[test]
fn bearer_is_accepted_like_token() {
    let t = target();
    let auth = format!("Bearer {}", t.token);
    let r = send_raw(&t.base, "GET", "/api/v2/me", &[("Authorization", &auth)], None);
    assert_eq!(r.status, 200, "{}", r.text);
}

// ---------- dashboards ----------

#[test]
fn dashboard_lifecycle_and_shape() {
    let _g = dashboards_shared();
    let name = unique("lifecycle");
    let d = TempDashboard::new(&name);
    let b = &d.body;
    assert_eq!(b["name"], name.as_str());
    assert_eq!(b["orgID"], target().org_id.as_str());
    assert_eq!(b["description"], "", "description is always sent");
    assert_eq!(b["labels"], json!([]));
    assert_eq!(b["cells"], json!([]));
    assert!(b["meta"]["createdAt"].is_string() && b["meta"]["updatedAt"].is_string());
    let p = d.path();
    for (k, v) in [
        ("self", p.clone()),
        ("cells", format!("{p}/cells")),
        ("members", format!("{p}/members")),
        ("owners", format!("{p}/owners")),
        ("labels", format!("{p}/labels")),
        ("org", format!("/api/v2/orgs/{}", target().org_id)),
    ] {
        assert_eq!(b["links"][k], v.as_str(), "links.{k}");
    }
    let got = call("GET", &p, None);
    assert_eq!(got.status, 200);
    assert_eq!(got.json()["id"], d.id.as_str());

    // B8: PATCH dashboard bumps updatedAt.
    let before = b["meta"]["updatedAt"].as_str().unwrap().to_owned();
    std::thread::sleep(std::time::Duration::from_millis(5));
    let r = call("PATCH", &p, Some(&json!({"name": format!("{name}-renamed"), "description": "about"})));
    assert_eq!(r.status, 200, "{}", r.text);
    let v = r.json();
    assert_eq!((v["name"].as_str(), v["description"].as_str()), (Some(format!("{name}-renamed").as_str()), Some("about")));
    assert_ne!(v["meta"]["updatedAt"].as_str().unwrap(), before);
    // B12: "" is allowed; nothing to update is refused.
    assert_eq!(call("PATCH", &p, Some(&json!({"description": ""}))).status, 200);
    let m = call("PATCH", &p, Some(&json!({}))).assert_error(400, "invalid");
    assert_eq!(m, "must update at least one attribute");

    assert_eq!(call("DELETE", &p, None).status, 204);
    assert_eq!(call("GET", &p, None).assert_error(404, "not found"), "dashboard not found");
    call("PATCH", "/api/v2/dashboards/0000000000000001", Some(&json!({"name": "x"}))).assert_error(404, "not found");
}

#[test]
fn b12_create_validation() {
    let _g = dashboards_shared();
    let r = call("POST", "/api/v2/dashboards", Some(&json!({"orgID": target().org_id})));
    assert_eq!(r.status, 201, "a missing name is accepted: {}", r.text);
    let _c = Cleanup(format!("/api/v2/dashboards/{}", r.json()["id"].as_str().unwrap()));
    assert_eq!(r.json()["name"], "");
    call("POST", "/api/v2/dashboards", Some(&json!({"name": "no org"}))).assert_error(400, "invalid");
    let m = call_raw("POST", "/api/v2/dashboards", "{not json").assert_error(400, "invalid");
    assert!(m.contains("unmarshal"), "{m}");
}

#[test]
fn b1_limits_links_and_walking_every_page() {
    let _g = dashboards_exclusive();
    let mine: Vec<TempDashboard> = (0..5).map(|i| TempDashboard::new(&unique(&format!("walk{i}")))).collect();
    for (bad, message) in [
        ("limit=0", "limit must be between 1 and 100"),
        ("limit=101", "limit must be between 1 and 100"),
        ("limit=x", "limit is invalid"),
        ("offset=x", "offset is invalid"),
        ("descending=maybe", "descending is invalid"),
    ] {
        assert_eq!(call("GET", &format!("/api/v2/dashboards?{bad}"), None).assert_error(400, "invalid"), message, "{bad}");
    }
    // A negative offset is accepted (observed on influxd 2.8.0) and echoed in the links.
    let v = call("GET", "/api/v2/dashboards?offset=-1&limit=1", None);
    assert_eq!(v.status, 200, "{}", v.text);
    assert_eq!(v.json()["links"]["self"], "/api/v2/dashboards?descending=false&limit=1&offset=-1");

    let v = call("GET", "/api/v2/dashboards?limit=2&offset=3", None).json();
    assert_eq!(v["links"]["self"], "/api/v2/dashboards?descending=false&limit=2&offset=3");
    assert_eq!(v["links"]["next"], "/api/v2/dashboards?descending=false&limit=2&offset=5");
    assert_eq!(v["links"]["prev"], "/api/v2/dashboards?descending=false&limit=2&offset=1");
    let first = call("GET", "/api/v2/dashboards", None).json();
    assert_eq!(first["links"]["self"], "/api/v2/dashboards?descending=false&limit=20&offset=0", "default limit 20");
    assert!(first["links"].get("prev").is_none());

    // Following next visits every dashboard once, in ID order.
    let mut seen: Vec<String> = Vec::new();
    let mut path = "/api/v2/dashboards?limit=2".to_owned();
    for _ in 0..10_000 {
        let v = call("GET", &path, None).json();
        let page = ids(&v);
        seen.extend(page.iter().cloned());
        match v["links"]["next"].as_str() {
            Some(n) if !page.is_empty() => path = n.to_owned(),
            _ => break,
        }
    }
    let mut sorted = seen.clone();
    sorted.sort();
    assert_eq!(seen, sorted, "pages come in ID order");
    sorted.dedup();
    assert_eq!(sorted.len(), seen.len(), "no dashboard twice");
    for d in &mine {
        assert!(seen.contains(&d.id), "{} missing from the walk", d.id);
    }
    // next is sent when the page is full, so it can lead to an empty page: the last `limit`
    // dashboards make a full last page (whatever the total; limit is at most 100).
    let total = seen.len();
    let limit = total.min(100);
    let v = call("GET", &format!("/api/v2/dashboards?limit={limit}&offset={}", total - limit), None).json();
    assert_eq!(ids(&v), seen[total - limit..].to_vec(), "the last page");
    let next = v["links"]["next"].as_str().expect("a full page has next").to_owned();
    assert_eq!(next, format!("/api/v2/dashboards?descending=false&limit={limit}&offset={total}"));
    assert_eq!(ids(&call("GET", &next, None).json()), Vec::<String>::new());
}

#[test]
fn b2_sorting_is_per_page() {
    let _g = dashboards_exclusive();
    let tag = unique("sort");
    // Created in the order c, a, b: IDs grow with creation time.
    let made: Vec<TempDashboard> = ["c", "a", "b"].iter().map(|n| TempDashboard::new(&format!("{n}-{tag}"))).collect();
    let all = ids(&call("GET", "/api/v2/dashboards?limit=100&descending=true", None).json());
    assert_eq!(&all[..3], &[made[2].id.clone(), made[1].id.clone(), made[0].id.clone()], "descending ID order: newest first");

    // Name sorts only the page: the page is still the first `limit` by ID.
    let by_id = call("GET", "/api/v2/dashboards?limit=3&descending=true", None).json();
    let by_name = call("GET", "/api/v2/dashboards?limit=3&descending=true&sortBy=Name", None).json();
    let mut a = ids(&by_id);
    let mut b = ids(&by_name);
    a.sort();
    b.sort();
    assert_eq!(a, b, "sortBy does not change which dashboards are on the page");
    assert_eq!(
        names(&by_name),
        vec![format!("a-{tag}"), format!("b-{tag}"), format!("c-{tag}")],
        "Name sorts ascending even with descending=true"
    );
    let by_created = call("GET", "/api/v2/dashboards?limit=3&descending=true&sortBy=CreatedAt", None).json();
    assert_eq!(ids(&by_created), vec![made[0].id.clone(), made[1].id.clone(), made[2].id.clone()], "CreatedAt ascending");
    let unknown = call("GET", "/api/v2/dashboards?limit=3&descending=true&sortBy=Bogus", None).json();
    assert_eq!(ids(&unknown), ids(&by_id), "an unknown sortBy is ID order");
}

#[test]
fn b3_filters_org_ignores_paging_and_ids() {
    let _g = dashboards_shared();
    let org_name = unique("org");
    let r = call("POST", "/api/v2/orgs", Some(&json!({"name": org_name})));
    assert_eq!(r.status, 201, "{}", r.text);
    let org_id = r.json()["id"].as_str().unwrap().to_owned();
    let _org = Cleanup(format!("/api/v2/orgs/{org_id}"));
    let made: Vec<TempDashboard> = ["z", "y", "x"].iter().map(|n| TempDashboard::in_org(&org_id, n)).collect();

    let v = call("GET", &format!("/api/v2/dashboards?orgID={org_id}&limit=1&offset=1"), None).json();
    assert_eq!(ids(&v), made.iter().map(|d| d.id.clone()).collect::<Vec<_>>(), "orgID ignores offset/limit, ID order");
    assert!(v["links"]["next"].is_string(), "next still appears when >= limit came back");
    let by_name = call("GET", &format!("/api/v2/dashboards?org={}&sortBy=Name&limit=1", urlenc(&org_name)), None).json();
    assert_eq!(names(&by_name), vec!["x", "y", "z"]);
    let m = call("GET", "/api/v2/dashboards?org=no-such-org-anywhere", None).assert_error(404, "not found");
    assert_eq!(m, "organization name \"no-such-org-anywhere\" not found");

    let two = call("GET", &format!("/api/v2/dashboards?id={}&id={}", made[0].id, made[2].id), None).json();
    let mut got = ids(&two);
    got.sort();
    assert_eq!(got, vec![made[0].id.clone(), made[2].id.clone()]);
    let none = call("GET", "/api/v2/dashboards?id=0000000000000001", None);
    assert_eq!(none.status, 200);
    assert_eq!(ids(&none.json()), Vec::<String>::new());
    // id wins over orgID.
    let v = call("GET", &format!("/api/v2/dashboards?id={}&orgID={}", made[1].id, target().org_id), None).json();
    assert_eq!(ids(&v), vec![made[1].id.clone()]);
}

fn urlenc(s: &str) -> String {
    dashboards_core::urlenc::encode(s)
}

// ---------- cells and views ----------

#[test]
fn cells_create_replace_patch_delete() {
    let _g = dashboards_shared();
    let d = TempDashboard::new(&unique("cells"));
    let p = d.path();
    let m = call_raw("POST", &format!("{p}/cells"), "").assert_error(400, "invalid");
    assert_eq!(m, "bad request json body: EOF", "an empty body (the contract said \"req body is empty\")");
    let m = call("POST", &format!("{p}/cells"), Some(&json!({}))).assert_error(400, "invalid");
    assert_eq!(m, "req body is empty", "a body that sets nothing");
    assert!(call_raw("POST", &format!("{p}/cells"), "{bad").assert_error(400, "invalid").starts_with("bad request json body: "));

    let r = call("POST", &format!("{p}/cells"), Some(&json!({"x": 0, "y": 0, "w": 4, "h": 3, "name": "first"})));
    assert_eq!(r.status, 201, "{}", r.text);
    let c1 = r.json();
    let c1_id = c1["id"].as_str().unwrap().to_owned();
    assert!(c1.get("name").is_none() && c1.get("properties").is_none(), "a created cell has no name/properties: {c1}");
    assert_eq!(c1["links"]["self"], format!("{p}/cells/{c1_id}").as_str());
    assert_eq!(c1["links"]["view"], format!("{p}/cells/{c1_id}/view").as_str());
    let c2_id =
        call("POST", &format!("{p}/cells"), Some(&json!({"x": 4, "y": 0, "w": 4, "h": 3}))).json()["id"].as_str().unwrap().to_owned();

    // B5: PUT answers 201 {cells, links} echoing the request.
    let r = call(
        "PUT",
        &format!("{p}/cells"),
        Some(&json!([{"id": c1_id, "x": 0, "y": 3, "w": 6, "h": 2}, {"id": c2_id, "x": 6, "y": 3, "w": 6, "h": 2}])),
    );
    assert_eq!(r.status, 201, "{}", r.text);
    let v = r.json();
    assert_eq!(v["links"]["self"], format!("{p}/cells").as_str());
    assert_eq!((v["cells"][0]["y"].as_i64(), v["cells"][0]["w"].as_i64()), (Some(3), Some(6)));
    // 422 with the code "conflict" (the contract had "unprocessable entity").
    let m = call("PUT", &format!("{p}/cells"), Some(&json!([{"id": "0000000000000001", "x": 0, "y": 0, "w": 1, "h": 1}])))
        .assert_error(422, "conflict");
    assert_eq!(m, "cannot replace cells that were not already present");
    let m = call("PUT", &format!("{p}/cells"), Some(&json!([{"x": 0, "y": 0, "w": 1, "h": 1}]))).assert_error(400, "invalid");
    assert_eq!(m, "cannot provide empty cell id");
    assert_eq!(call_raw("PUT", &format!("{p}/cells"), "[{").status, 500, "malformed JSON on PUT /cells is a 500");

    // B6: PATCH cell changes the position only.
    call("PATCH", &format!("{p}/cells/{c1_id}"), Some(&json!({}))).assert_error(400, "invalid");
    let r = call("PATCH", &format!("{p}/cells/{c1_id}"), Some(&json!({"x": 1, "name": "ignored"})));
    assert_eq!(r.status, 200, "{}", r.text);
    assert_eq!((r.json()["x"].as_i64(), r.json()["w"].as_i64()), (Some(1), Some(6)));
    assert_eq!(
        call("PATCH", &format!("{p}/cells/0000000000000001"), Some(&json!({"x": 1}))).assert_error(404, "not found"),
        "cell not found"
    );

    // Cells left out of a PUT are removed.
    assert_eq!(call("PUT", &format!("{p}/cells"), Some(&json!([{"id": c2_id, "x": 0, "y": 0, "w": 12, "h": 4}]))).status, 201);
    let cells = call("GET", &p, None).json()["cells"].clone();
    assert_eq!(cells.as_array().unwrap().len(), 1);
    assert_eq!(cells[0]["id"], c2_id.as_str());

    assert_eq!(call("DELETE", &format!("{p}/cells/{c2_id}"), None).status, 204);
    call("DELETE", &format!("{p}/cells/{c2_id}"), None).assert_error(404, "not found");
}

#[test]
fn views_b7_b8_b9_b11() {
    let _g = dashboards_shared();
    let d = TempDashboard::new(&unique("views"));
    let p = d.path();
    let c = call("POST", &format!("{p}/cells"), Some(&json!({"x": 0, "y": 0, "w": 4, "h": 3, "name": "cpu"}))).json();
    let cid = c["id"].as_str().unwrap().to_owned();
    let vpath = format!("{p}/cells/{cid}/view");

    let v = call("GET", &vpath, None).json();
    assert_eq!(v["id"], cid.as_str(), "a view has its cell's id");
    assert_eq!(v["name"], "cpu");
    assert_eq!(v["properties"], json!({"shape": "empty"}), "a new cell's view is empty");
    assert_eq!(v["links"]["self"], format!("{p}/cells/{cid}").as_str(), "the view's self link has no /view");

    let updated_before = call("GET", &p, None).json()["meta"]["updatedAt"].clone();
    std::thread::sleep(std::time::Duration::from_millis(5));
    let r = call("PATCH", &vpath, Some(&json!({"name": "CPU usage", "properties": xy_properties("hello")})));
    assert_eq!(r.status, 200, "{}", r.text);
    let props = r.json()["properties"].clone();
    assert_eq!((props["type"].as_str(), props["note"].as_str(), props["geom"].as_str()), (Some("xy"), Some("hello"), Some("line")));
    assert!(props.get("notAMember").is_none(), "unknown members are dropped");
    assert!(props.get("colorMapping").is_none(), "colorMapping is dropped by the server");
    assert_eq!(props["generateXAxisTicks"], Value::Null, "unset slices come back null");
    assert_eq!(props["shadeBelow"], false, "missing members are zero-filled");
    // B8: PATCH view does not bump the dashboard's updatedAt.
    assert_eq!(call("GET", &p, None).json()["meta"]["updatedAt"], updated_before);

    // include=properties shows name and properties on each cell.
    let full = call("GET", &format!("{p}?include=properties"), None).json();
    assert_eq!(full["cells"][0]["name"], "CPU usage");
    assert_eq!(full["cells"][0]["properties"]["type"], "xy");
    assert!(call("GET", &p, None).json()["cells"][0].get("properties").is_none());

    // B11: usingView copies name and properties; name overrides.
    let r = call("POST", &format!("{p}/cells"), Some(&json!({"x": 4, "y": 0, "w": 4, "h": 3, "usingView": cid, "name": "copy"})));
    assert_eq!(r.status, 201, "{}", r.text);
    let copy = call("GET", &format!("{p}/cells/{}/view", r.json()["id"].as_str().unwrap()), None).json();
    assert_eq!(copy["name"], "copy");
    assert_eq!(copy["properties"], props);
    let m = call("POST", &format!("{p}/cells"), Some(&json!({"usingView": "0000000000000001"}))).assert_error(404, "not found");
    assert_eq!(m, "view not found");

    // B9: an unknown type (simple-table) answers 200 and keeps the old properties.
    let r = call(
        "PATCH",
        &vpath,
        Some(
            &json!({"name": "CPU usage", "properties": {"type": "simple-table", "shape": "chronograf-v2", "showAll": true, "queries": [], "note": "", "showNoteWhenEmpty": false}}),
        ),
    );
    assert_eq!(r.status, 200, "{}", r.text);
    assert_eq!(call("GET", &vpath, None).json()["properties"]["type"], "xy");

    // B7: without shape, or with a wrongly typed member: 500. Neither member: 400.
    assert_eq!(call("PATCH", &vpath, Some(&json!({"properties": {"type": "xy"}}))).assert_error(500, "internal error"), "unknown shape ");
    let mut wrong = xy_properties("x");
    wrong["geom"] = json!(5);
    let m = call("PATCH", &vpath, Some(&json!({"properties": wrong}))).assert_error(500, "internal error");
    assert_eq!(m, "json: cannot unmarshal number into Go struct field XYViewProperties.geom of type string");
    let m = call("PATCH", &vpath, Some(&json!({}))).assert_error(400, "invalid");
    assert_eq!(m, "expected at least one attribute to be updated");
    call_raw("PATCH", &vpath, "{bad").assert_error(500, "internal error");
    let m = call("PATCH", &format!("{p}/cells/0000000000000001/view"), Some(&json!({"name": "x"}))).assert_error(404, "not found");
    assert_eq!(m, "view not found");
    assert_eq!(call("GET", &vpath, None).json()["properties"]["type"], "xy", "failed patches change nothing");
    // B7: a rename alone wipes the properties.
    let r = call("PATCH", &vpath, Some(&json!({"name": "renamed"})));
    assert_eq!(r.status, 200);
    assert_eq!(r.json()["properties"], json!({"shape": "empty"}));
}

#[test]
fn b10_properties_inside_cells_are_lost() {
    let _g = dashboards_shared();
    let empty = json!({"shape": "empty"});
    // influxd's Cell.UnmarshalJSON keeps a cell's name and hands its properties to a parser
    // that expects the view's wrapper {"properties": …}: as sent, they read as none.
    let body = json!({"orgID": target().org_id, "name": unique("b10"), "cells": [
        {"x": 0, "y": 0, "w": 4, "h": 4, "name": "inline", "properties": xy_properties("inline")},
        {"x": 4, "y": 0, "w": 4, "h": 4},
        {"x": 8, "y": 0, "w": 4, "h": 4, "properties": {"properties": xy_properties("wrapped")}}]});
    let r = call("POST", "/api/v2/dashboards", Some(&body));
    assert_eq!(r.status, 201, "{}", r.text);
    let v = r.json();
    let d = v["id"].as_str().unwrap().to_owned();
    let p = format!("/api/v2/dashboards/{d}");
    let _c = Cleanup(p.clone());
    let cells = v["cells"].as_array().expect("cells").clone();
    assert_eq!(cells.len(), 3, "the cells are created: {v}");
    let cell = |i: usize| cells[i]["id"].as_str().unwrap().to_owned();
    // The answer shows the view each cell carries, as read from the body.
    assert_eq!((&cells[0]["name"], &cells[0]["properties"]), (&json!("inline"), &empty), "{v}");
    assert!(cells[1].get("name").is_none() && cells[1].get("properties").is_none(), "a cell with neither carries no view: {v}");
    assert_eq!(cells[2]["properties"]["note"], "wrapped", "properties wrapped once more are read: {v}");

    let view = call("GET", &format!("{p}/cells/{}/view", cell(0)), None).json();
    assert_eq!(view["properties"], empty, "embedded properties do not survive");
    assert_eq!(view["name"], "inline", "the cell's name is the view's name");
    assert_eq!(view["id"], cell(0).as_str());
    let view = call("GET", &format!("{p}/cells/{}/view", cell(1)), None).json();
    assert_eq!((&view["name"], &view["properties"]), (&json!(""), &empty));
    let view = call("GET", &format!("{p}/cells/{}/view", cell(2)), None).json();
    assert_eq!((view["properties"]["type"].as_str(), view["properties"]["note"].as_str()), (Some("xy"), Some("wrapped")));

    let full = call("GET", &format!("{p}?include=properties"), None).json();
    assert_eq!((&full["cells"][0]["name"], &full["cells"][0]["properties"]), (&json!("inline"), &empty));
    assert!(full["cells"][1].get("name").is_none(), "include=properties leaves an empty name out: {full}");
    assert_eq!(full["cells"][1]["properties"], empty);
    assert_eq!(full["cells"][2]["properties"]["note"], "wrapped");

    // The dashboard record keeps a copy of each carried view (name, and properties that read
    // back as none): every answer without include=properties shows it, and it goes stale.
    let r = call("PATCH", &format!("{p}/cells/{}/view", cell(0)), Some(&json!({"name": "renamed", "properties": xy_properties("x")})));
    assert_eq!(r.status, 200, "{}", r.text);
    let plain = call("GET", &p, None).json();
    assert_eq!((&plain["cells"][0]["name"], &plain["cells"][0]["properties"]), (&json!("inline"), &empty), "{plain}");
    assert!(plain["cells"][1].get("name").is_none() && plain["cells"][1].get("properties").is_none(), "{plain}");
    assert!(plain["cells"][2].get("name").is_none(), "{plain}");
    assert_eq!(plain["cells"][2]["properties"], empty, "the record's copy reads back as none: {plain}");
    let listed = call("GET", &format!("/api/v2/dashboards?id={d}"), None).json();
    assert_eq!(listed["dashboards"][0]["cells"][0]["name"], "inline", "{listed}");
    let full = call("GET", &format!("{p}?include=properties"), None).json();
    assert_eq!((full["cells"][0]["name"].as_str(), full["cells"][0]["properties"]["type"].as_str()), (Some("renamed"), Some("xy")));
    // PATCH cell answers with the record's name (never its properties).
    let r = call("PATCH", &format!("{p}/cells/{}", cell(0)), Some(&json!({"x": 1})));
    assert_eq!(r.status, 200, "{}", r.text);
    assert_eq!(r.json()["name"], "inline");
    assert!(r.json().get("properties").is_none(), "{}", r.text);

    // PUT /cells: a name reaches the record only, never the view.
    let r = call(
        "PUT",
        &format!("{p}/cells"),
        Some(&json!([{"id": cell(0), "x": 0, "y": 0, "w": 4, "h": 4}, {"id": cell(1), "x": 4, "y": 0, "w": 4, "h": 4, "name": "put"}])),
    );
    assert_eq!(r.status, 201, "{}", r.text);
    let put = r.json();
    assert!(put["cells"][0].get("name").is_none() && put["cells"][0].get("properties").is_none(), "{put}");
    assert_eq!((&put["cells"][1]["name"], &put["cells"][1]["properties"]), (&json!("put"), &empty), "{put}");
    let plain = call("GET", &p, None).json();
    assert!(plain["cells"][0].get("name").is_none(), "a PUT without name drops the record's copy: {plain}");
    assert_eq!(plain["cells"][1]["name"], "put");
    assert_eq!(call("GET", &format!("{p}/cells/{}/view", cell(1)), None).json()["name"], "", "the view keeps its name");

    // PATCH /dashboards with cells rewrites every view. A view keeps its id only when its
    // cell's id was made by the server and the cell carried a view.
    let r = call(
        "PATCH",
        &p,
        Some(&json!({"name": unique("b10-patched"), "cells": [{"id": cell(0), "x": 0, "y": 0, "w": 6, "h": 4},
                                                             {"x": 6, "y": 0, "w": 6, "h": 4, "name": "added"}]})),
    );
    assert_eq!(r.status, 200, "{}", r.text);
    let patched = r.json();
    assert!(patched["cells"][0].get("name").is_none(), "{patched}");
    assert_eq!((&patched["cells"][1]["name"], &patched["cells"][1]["properties"]), (&json!("added"), &empty), "{patched}");
    let added = patched["cells"][1]["id"].as_str().unwrap().to_owned();
    let kept = call("GET", &format!("{p}/cells/{}/view", cell(0)), None).json();
    assert_eq!((&kept["name"], &kept["properties"]), (&json!(""), &empty), "the old view is gone: {kept}");
    assert!(kept.get("id").is_none(), "a view stored under a given cell id has no id: {kept}");
    let new = call("GET", &format!("{p}/cells/{added}/view"), None).json();
    assert_eq!((&new["id"], &new["name"]), (&json!(added), &json!("added")), "{new}");
}

// ---------- labels ----------

#[test]
fn labels_crud_and_b13() {
    let _g = dashboards_shared();
    let t = target();
    let name = unique("label");
    let r = call(
        "POST",
        "/api/v2/labels",
        Some(&json!({"orgID": t.org_id, "name": name, "properties": {"color": "#326BBA", "description": "d"}})),
    );
    assert_eq!(r.status, 201, "{}", r.text);
    let v = r.json();
    let id = v["label"]["id"].as_str().unwrap().to_owned();
    let _l = Cleanup(format!("/api/v2/labels/{id}"));
    assert_eq!(v["links"]["self"], format!("/api/v2/labels/{id}").as_str());
    assert_eq!(v["label"]["properties"]["color"], "#326BBA");

    let m = call("POST", "/api/v2/labels", Some(&json!({"orgID": t.org_id, "name": format!("  {name} ")}))).assert_error(422, "conflict");
    assert!(m.contains("already exists"), "{m}");
    assert_eq!(call("POST", "/api/v2/labels", Some(&json!({"orgID": t.org_id}))).assert_error(400, "invalid"), "label name is required");
    assert_eq!(call("POST", "/api/v2/labels", Some(&json!({"name": unique("no-org")}))).assert_error(400, "invalid"), "orgID is required");

    let list = call("GET", &format!("/api/v2/labels?orgID={}", t.org_id), None).json();
    assert_eq!(list["links"]["self"], "/api/v2/labels");
    assert!(list["labels"].as_array().unwrap().iter().any(|l| l["id"] == id.as_str()));
    assert_eq!(call("GET", &format!("/api/v2/labels/{id}"), None).json()["label"]["name"], name.as_str());

    // PATCH merges properties; "" removes a key.
    let r = call("PATCH", &format!("/api/v2/labels/{id}"), Some(&json!({"properties": {"color": "#FFFFFF", "description": ""}})));
    assert_eq!(r.status, 200, "{}", r.text);
    assert_eq!(r.json()["label"]["properties"], json!({"color": "#FFFFFF"}));

    let d = TempDashboard::new(&unique("labelled"));
    let lp = format!("{}/labels", d.path());
    let r = call("POST", &lp, Some(&json!({"labelID": id})));
    assert_eq!(r.status, 201, "{}", r.text);
    assert_eq!(r.json()["label"]["id"], id.as_str());
    assert_eq!(r.json()["links"]["self"], format!("/api/v2/labels/{id}").as_str());
    let m = call("POST", &lp, Some(&json!({"labelID": id}))).assert_error(422, "conflict");
    assert_eq!(m, "Cannot add label, label already exists on resource");
    call("POST", &lp, Some(&json!({"labelID": "0000000000000001"}))).assert_error(404, "not found");
    assert_eq!(call("POST", &lp, Some(&json!({}))).assert_error(400, "invalid"), "label id is required");
    // A malformed mapping is answered with two error objects back to back.
    let r = call("POST", &lp, Some(&json!({"labelID": "zz"})));
    assert_eq!(r.status, 400);
    let parsed = dashboards_core::ApiError::from_response(r.status, &r.text, r.header("X-Platform-Error-Code"));
    assert!(parsed.message().starts_with("Invalid post label map request: "), "{parsed:?} from {}", r.text);
    let listed = call("GET", &lp, None).json();
    assert_eq!(listed["links"]["self"], "/api/v2/labels");
    assert_eq!(listed["labels"][0]["id"], id.as_str());
    assert_eq!(call("GET", &d.path(), None).json()["labels"][0]["id"], id.as_str(), "labels ride on the dashboard");
    assert_eq!(call("DELETE", &format!("{lp}/{id}"), None).status, 204);
    assert_eq!(call("DELETE", &format!("{lp}/{id}"), None).status, 204, "deleting a missing mapping is 204");
    assert_eq!(
        call("DELETE", &format!("{lp}/0000000000000001"), None).assert_error(404, "not found"),
        "label not found",
        "but not of a missing label"
    );
    assert_eq!(call("GET", &lp, None).json()["labels"], json!([]));

    assert_eq!(call("GET", "/api/v2/dashboards/0000000000000001/labels", None).assert_error(404, "not found"), "404 page not found");
    assert_eq!(call("DELETE", &format!("/api/v2/labels/{id}"), None).status, 204);
    call("GET", &format!("/api/v2/labels/{id}"), None).assert_error(404, "not found");
}

// ---------- members and owners ----------

#[test]
fn members_owners_b14() {
    let _g = dashboards_shared();
    let uname = unique("user");
    let r = call("POST", "/api/v2/users", Some(&json!({"name": uname})));
    assert_eq!(r.status, 201, "{}", r.text);
    let uid = r.json()["id"].as_str().unwrap().to_owned();
    let _u = Cleanup(format!("/api/v2/users/{uid}"));
    assert_eq!(r.json()["links"]["self"], format!("/api/v2/users/{uid}").as_str());
    call("POST", "/api/v2/users", Some(&json!({"name": uname}))).assert_error(422, "conflict");
    assert_eq!(call("POST", "/api/v2/users", Some(&json!({}))).assert_error(400, "empty value"), "key required");

    let d = TempDashboard::new(&unique("members"));
    let p = d.path();
    assert_eq!(call("GET", &format!("{p}/owners"), None).json()["users"], json!([]), "new dashboards have no owner mapping");
    let r = call("POST", &format!("{p}/members"), Some(&json!({"id": uid})));
    assert_eq!(r.status, 201, "{}", r.text);
    assert_eq!((r.json()["role"].as_str(), r.json()["name"].as_str()), (Some("member"), Some(uname.as_str())));
    let listed = call("GET", &format!("{p}/members"), None).json();
    assert_eq!(listed["links"]["self"], format!("{p}/members").as_str());
    assert_eq!(listed["users"][0]["id"], uid.as_str());
    assert_eq!(call("GET", &format!("{p}/owners"), None).json()["users"], json!([]));

    // Any second mapping for the same user is a 500.
    assert_eq!(call("POST", &format!("{p}/owners"), Some(&json!({"id": uid}))).status, 500);
    call("POST", &format!("{p}/members"), Some(&json!({"id": "0000000000000001"}))).assert_error(404, "not found");
    assert_eq!(call("POST", &format!("{p}/members"), Some(&json!({}))).status, 400);
    // DELETE /owners removes the member mapping too.
    assert_eq!(call("DELETE", &format!("{p}/owners/{uid}"), None).status, 204);
    assert_eq!(call("GET", &format!("{p}/members"), None).json()["users"], json!([]));
    let r = call("POST", &format!("{p}/owners"), Some(&json!({"id": uid})));
    assert_eq!((r.status, r.json()["role"].as_str()), (201, Some("owner")));
    assert_eq!(call("GET", "/api/v2/dashboards/0000000000000001/members", None).status, 404);
}

// ---------- users, orgs, me, setup, session ----------

#[test]
fn users_orgs_me_setup() {
    let t = target();
    let me = call("GET", "/api/v2/me", None);
    assert_eq!(me.status, 200, "{}", me.text);
    let me = me.json();
    assert!(me["id"].is_string() && me["name"].is_string());
    assert_eq!(me["status"], "active");
    assert_eq!(call("GET", &format!("/api/v2/users?name={}", me["name"].as_str().unwrap()), None).json()["users"][0]["id"], me["id"]);
    call("GET", "/api/v2/users?name=no-such-user-anywhere", None).assert_error(404, "not found");
    let users = call("GET", "/api/v2/users", None).json();
    assert_eq!(users["links"]["self"], "/api/v2/users");

    let orgs = call("GET", "/api/v2/orgs", None).json();
    assert_eq!(orgs["links"]["self"], "/api/v2/orgs");
    // The list pages (20 by default, no next link): look for the target org page by page.
    let mut org = None;
    for offset in (0..).step_by(100).take(1000) {
        let page = call("GET", &format!("/api/v2/orgs?limit=100&offset={offset}"), None).json()["orgs"].as_array().cloned().unwrap();
        org = page.iter().find(|o| o["id"] == t.org_id.as_str()).cloned();
        if org.is_some() || page.is_empty() {
            break;
        }
    }
    let org = org.expect("the target org is listed");
    assert_eq!(org["links"]["self"], format!("/api/v2/orgs/{}", t.org_id).as_str());
    assert_eq!(org["links"]["dashboards"], format!("/api/v2/dashboards?org={}", urlenc(&t.org_name)).as_str());
    assert_eq!(call("GET", &format!("/api/v2/orgs/{}", t.org_id), None).json()["name"], t.org_name.as_str());

    let r = call("POST", "/api/v2/setup", Some(&json!({"username": "x", "password": "password1", "org": "o", "bucket": "b"})));
    assert_eq!(r.assert_error(422, "conflict"), "onboarding has already been completed");
}

#[test]
fn session_cookie_signin_and_signout() {
    let t = target();
    let Some((user, password)) = &t.credentials else {
        return skip("set INFLUX_USERNAME and INFLUX_PASSWORD");
    };
    let basic = format!("Basic {}", dashboards_core::endpoints::base64(format!("{user}:{password}").as_bytes()));
    let r = send_raw(&t.base, "POST", "/api/v2/signin", &[("Authorization", &basic)], None);
    assert_eq!(r.status, 204, "{}", r.text);
    let cookie = r.header("Set-Cookie").expect("Set-Cookie").to_owned();
    assert!(cookie.starts_with("influxdb-oss-session="), "{cookie}");
    for part in ["Path=/api/", "HttpOnly", "SameSite=Strict", "Expires="] {
        assert!(cookie.contains(part), "{part} in {cookie}");
    }
    let session = cookie.split(';').next().unwrap().to_owned();
    let me = send_raw(&t.base, "GET", "/api/v2/me", &[("Cookie", &session)], None);
    assert_eq!((me.status, me.json()["name"].as_str()), (200, Some(user.as_str())));

    let wrong = format!("Basic {}", dashboards_core::endpoints::base64(format!("{user}:wrong-password").as_bytes()));
    send_raw(&t.base, "POST", "/api/v2/signin", &[("Authorization", &wrong)], None).assert_error(401, "unauthorized");
    send_raw(&t.base, "POST", "/api/v2/signout", &[], None).assert_error(401, "unauthorized");
    assert_eq!(send_raw(&t.base, "POST", "/api/v2/signout", &[("Cookie", &session)], None).status, 204);
    send_raw(&t.base, "GET", "/api/v2/me", &[("Cookie", &session)], None).assert_error(401, "unauthorized");
}

// ---------- query ----------

#[test]
fn b15_query_answers_annotated_csv() {
    let t = target();
    let flux = "import \"array\"\narray.from(rows: [{_time: 2024-01-01T00:00:00Z, _value: 1.5, _field: \"f\", _measurement: \"m\"}])";
    let body = json!({"query": flux, "type": "flux", "dialect": {"annotations": ["group", "datatype", "default"]}});
    let r = call("POST", &format!("/api/v2/query?orgID={}", t.org_id), Some(&body));
    assert_eq!(r.status, 200, "{}", r.text);
    assert!(r.header("Content-Type").unwrap_or("").starts_with("text/csv"), "{:?}", r.header("Content-Type"));
    assert!(r.text.contains("\r\n"), "CRLF line endings");
    let lines: Vec<&str> = r.text.split("\r\n").collect();
    assert!(lines[0].starts_with("#group,false,false,"), "{}", lines[0]);
    assert!(lines[1].starts_with("#datatype,string,long,"), "{}", lines[1]);
    assert!(lines[2].starts_with("#default,_result,"), "{}", lines[2]);
    assert!(lines[3].starts_with(",result,table,"), "{}", lines[3]);
    assert!(lines[4].starts_with(",,0,"), "data rows leave result empty with #default: {}", lines[4]);

    // Without annotations requested, none come back.
    let plain = call("POST", &format!("/api/v2/query?org={}", urlenc(&t.org_name)), Some(&json!({"query": flux})));
    assert_eq!(plain.status, 200, "{}", plain.text);
    assert!(plain.text.starts_with(",result,table,"), "{}", plain.text);

    let m = call("POST", "/api/v2/query", Some(&body)).assert_error(400, "invalid");
    assert_eq!(m, "failed to decode request body: Please provide either orgID or org");
    let m = call("POST", &format!("/api/v2/query?orgID={}", t.org_id), Some(&json!({"query": "from(bucket: \"x\""})))
        .assert_error(400, "invalid");
    assert_eq!(m, "compilation failed: error @1:1-1:17: expected RPAREN, got EOF");
    let m = call("POST", &format!("/api/v2/query?orgID={}", t.org_id), Some(&json!({"query": ""}))).assert_error(400, "invalid");
    assert_eq!(m, "failed to decode request body: request body requires either query or AST");
    call("POST", &format!("/api/v2/query?orgID={}", t.org_id), Some(&json!({"query": flux, "type": "sql"}))).assert_error(400, "invalid");
    let missing = format!("from(bucket: \"{}\") |> range(start: -1h)", unique("no-such-bucket"));
    call("POST", &format!("/api/v2/query?orgID={}", t.org_id), Some(&json!({"query": missing}))).assert_error(404, "not found");
}

// ---------- the dashboard query request (issue #9) ----------

const NANOS: i128 = 1_000_000_000;

fn now_nanos() -> i128 {
    std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map(|d| d.as_nanos() as i128).unwrap_or(0)
}

/// The points the query tests read, on host server01: cpu usage_user/usage_system and mem
/// used_percent (floats), system load1 (float), n_cpus and uptime (integers), service up
/// (boolean) and status (string), every minute of the last hour. Written once to a real
/// influxd; the dev server has the same series in its catalog.
fn query_data() {
    static WRITTEN: OnceLock<()> = OnceLock::new();
    WRITTEN.get_or_init(|| {
        let t = target();
        if t.is_devserver {
            return;
        }
        let now = (now_nanos() / NANOS) as i64;
        let mut lines = Vec::new();
        for i in 0..=60 {
            let ts = now / 60 * 60 - 3600 + i * 60;
            let x = i as f64 / 10.0;
            lines.push(format!("cpu,host=server01 usage_user={:.2},usage_system={:.2} {ts}", 40.0 + 20.0 * x.sin(), 10.0 + 5.0 * x.cos()));
            lines.push(format!("mem,host=server01 used_percent={:.2} {ts}", 55.0 + 10.0 * x.sin()));
            lines.push(format!("system,host=server01 load1={:.2},n_cpus=8i,uptime={}i {ts}", 1.0 + x.sin().abs(), 100_000 + i * 60));
            lines.push(format!("service,host=server01 up=true,status=\"ok\" {ts}"));
        }
        let path = format!("/api/v2/write?org={}&bucket={}&precision=s", urlenc(&t.org_name), urlenc(&t.bucket));
        let auth = format!("Token {}", t.token);
        let r = send_raw(&t.base, "POST", &path, &[("Authorization", &auth), ("Content-Type", "text/plain")], Some(&lines.join("\n")));
        assert_eq!(r.status, 204, "writing the query test points: {}", r.text);
    });
}

/// Sends the request `endpoints::query` builds: `POST /query?orgID=…` with the variables as
/// `extern`.
fn dashboard_query(flux: &str, vars: &QueryVars) -> Resp {
    query_data();
    let t = target();
    let req = dashboards_core::endpoints::query(&OrgId::from(t.org_id.as_str()), flux, vars).expect("a query request");
    let auth = format!("Token {}", t.token);
    let mut headers: Vec<(&str, &str)> = req.headers.iter().map(|(k, v)| (*k, v.as_str())).collect();
    headers.push(("Authorization", &auth));
    send_raw(&t.base, req.method.as_str(), &format!("/api/v2{}", req.path), &headers, req.body.as_deref())
}

/// The same body with `extern` replaced by raw JSON.
fn query_with_raw_extern(flux: &str, raw_extern: &str) -> Resp {
    let body = format!(
        r#"{{"query": {}, "type": "flux", "extern": {raw_extern}, "dialect": {{"annotations": ["group", "datatype", "default"]}}}}"#,
        Value::String(flux.to_owned())
    );
    call_raw("POST", &format!("/api/v2/query?orgID={}", target().org_id), &body)
}

/// One annotated-CSV table: its annotation rows, header and data rows, split on commas.
#[derive(Debug, Default)]
struct CsvTable {
    annotations: Vec<Vec<String>>,
    header: Vec<String>,
    rows: Vec<Vec<String>>,
}

impl CsvTable {
    fn col(&self, name: &str) -> usize {
        self.header.iter().position(|h| h == name).unwrap_or_else(|| panic!("no column {name} in {:?}", self.header))
    }
    fn annotation(&self, name: &str) -> &[String] {
        self.annotations.iter().find(|a| a[0] == format!("#{name}")).map(Vec::as_slice).unwrap_or(&[])
    }
}

/// Splits an answer into tables by table id (`result`, `table`), keeping each block's
/// annotations. Asserts CRLF line ends. (Values with commas are not used here.)
fn csv_tables(text: &str) -> Vec<(String, CsvTable)> {
    assert!(!text.contains('\n') || text.contains("\r\n"), "CRLF line endings");
    let mut out: Vec<(String, CsvTable)> = Vec::new();
    let (mut annotations, mut header): (Vec<Vec<String>>, Vec<String>) = (Vec::new(), Vec::new());
    let mut default_name = String::new();
    for line in text.split("\r\n") {
        let f: Vec<String> = line.split(',').map(str::to_owned).collect();
        if line.is_empty() {
            annotations.clear();
        } else if line.starts_with('#') {
            if f[0] == "#default" {
                default_name = f[1].clone();
            }
            annotations.push(f);
        } else if f.get(1).map(String::as_str) == Some("result") {
            header = f;
        } else {
            let result = if f[1].is_empty() { default_name.clone() } else { f[1].clone() };
            let id = format!("{result}/{}", f[2]);
            if out.last().map(|(k, _)| k) != Some(&id) {
                out.push((id.clone(), CsvTable { annotations: annotations.clone(), header: header.clone(), rows: Vec::new() }));
            }
            if let Some((_, t)) = out.last_mut() {
                t.rows.push(f);
            }
        }
    }
    out
}

#[test]
fn b15_dashboard_query_with_extern_variables() {
    let t = target();
    let flux = format!(
        "from(bucket: \"{}\")\n  |> range(start: v.timeRangeStart, stop: v.timeRangeStop)\n  |> filter(fn: (r) => r._measurement == \"cpu\" and (r._field == \"usage_user\" or r._field == \"usage_system\") and r.host == \"server01\")\n  |> aggregateWindow(every: v.windowPeriod, fn: mean, createEmpty: false)\n  |> yield(name: \"mean\")",
        t.bucket
    );
    let vars = QueryVars::new(TimeRange::Past(Preset::Past1h), 800);
    assert_eq!(vars.window_period_ms, 10_000);
    let before = now_nanos();
    let r = dashboard_query(&flux, &vars);
    assert_eq!(r.status, 200, "{}", r.text);
    assert!(r.header("Content-Type").unwrap_or("").starts_with("text/csv"), "{:?}", r.header("Content-Type"));
    let lines: Vec<&str> = r.text.split("\r\n").collect();
    assert_eq!(lines[0], "#group,false,false,true,true,false,false,true,true,true");
    assert_eq!(lines[1], "#datatype,string,long,dateTime:RFC3339,dateTime:RFC3339,dateTime:RFC3339,double,string,string,string");
    assert_eq!(lines[2], "#default,mean,,,,,,,,");
    assert_eq!(lines[3], ",result,table,_start,_stop,_time,_value,_field,_measurement,host");
    let tables = csv_tables(&r.text);
    let ids: Vec<&str> = tables.iter().map(|(id, _)| id.as_str()).collect();
    assert_eq!(ids, ["mean/0", "mean/1"], "one table per series");
    let fields: Vec<&str> = tables.iter().map(|(_, t)| t.rows[0][t.col("_field")].as_str()).collect();
    assert_eq!(fields, ["usage_system", "usage_user"]);
    for (_, table) in &tables {
        // Past hour, windows of 10 s: many rows, each in the range.
        assert!(table.rows.len() >= 50, "{} rows", table.rows.len());
        let row = &table.rows[0];
        let start = dashboards_core::time::parse_rfc3339(&row[table.col("_start")]).expect("_start");
        let stop = dashboards_core::time::parse_rfc3339(&row[table.col("_stop")]).expect("_stop");
        assert_eq!(stop - start, 3600 * NANOS, "v.timeRangeStart is -1h from v.timeRangeStop");
        assert!((stop - before).abs() < 120 * NANOS, "v.timeRangeStop is now()");
        for row in &table.rows {
            let time = dashboards_core::time::parse_rfc3339(&row[table.col("_time")]).expect("_time");
            assert!(time > start && time <= stop);
            let v: f64 = row[table.col("_value")].parse().expect("a float");
            assert!((0.0..=100.0).contains(&v), "{v}");
        }
    }
}

#[test]
fn b15_query_without_variables_runs_with_the_extern() {
    let t = target();
    let vars = QueryVars::new(TimeRange::Past(Preset::Past6h), 300);
    let r = dashboard_query("import \"array\"\narray.from(rows: [{_value: 1}])", &vars);
    assert_eq!(r.status, 200, "{}", r.text);
    assert_eq!(
        r.text,
        "#group,false,false,false\r\n#datatype,string,long,long\r\n#default,_result,,\r\n,result,table,_value\r\n,,0,1\r\n\r\n"
    );
    let flux = format!(
        "from(bucket: \"{}\") |> range(start: -10m) |> filter(fn: (r) => r._measurement == \"mem\" and r._field == \"used_percent\" and r.host == \"server01\") |> last()",
        t.bucket
    );
    let r = dashboard_query(&flux, &vars);
    assert_eq!(r.status, 200, "{}", r.text);
    let tables = csv_tables(&r.text);
    assert_eq!(tables.len(), 1, "{}", r.text);
    assert_eq!(tables[0].1.rows.len(), 1, "last() gives one row per series");
}

#[test]
fn b15_absolute_range_and_window() {
    let t = target();
    let minute = 60 * NANOS;
    let start = now_nanos() / minute * minute - 30 * minute;
    let vars = QueryVars { range: TimeRange::absolute(start, start + 10 * minute).unwrap(), window_period_ms: 60_000 };
    let flux = format!(
        "from(bucket: \"{}\") |> range(start: v.timeRangeStart, stop: v.timeRangeStop) |> filter(fn: (r) => r._measurement == \"mem\" and r._field == \"used_percent\" and r.host == \"server01\") |> aggregateWindow(every: v.windowPeriod, fn: mean, createEmpty: false)",
        t.bucket
    );
    let r = dashboard_query(&flux, &vars);
    assert_eq!(r.status, 200, "{}", r.text);
    let tables = csv_tables(&r.text);
    assert_eq!(tables.len(), 1, "{}", r.text);
    let table = &tables[0].1;
    let times: Vec<String> = (1..=10).map(|m| dashboards_core::time::format_rfc3339_nanos(start + m * minute)).collect();
    let got: Vec<String> = table.rows.iter().map(|row| row[table.col("_time")].clone()).collect();
    assert_eq!(got, times, "one row per 1m window, stamped with its stop");
    for row in &table.rows {
        assert_eq!(row[table.col("_start")], dashboards_core::time::format_rfc3339_nanos(start));
        assert_eq!(row[table.col("_stop")], dashboards_core::time::format_rfc3339_nanos(start + 10 * minute));
    }
}

#[test]
fn b15_value_types_follow_the_fields() {
    let t = target();
    let vars = QueryVars::new(TimeRange::Past(Preset::Past1h), 800);
    let flux = format!(
        "from(bucket: \"{}\") |> range(start: v.timeRangeStart) |> filter(fn: (r) => r.host == \"server01\" and (r._measurement == \"system\" or r._measurement == \"service\")) |> last()",
        t.bucket
    );
    let r = dashboard_query(&flux, &vars);
    assert_eq!(r.status, 200, "{}", r.text);
    let tables = csv_tables(&r.text);
    let types: Vec<(String, String)> =
        tables.iter().map(|(_, t)| (t.rows[0][t.col("_field")].clone(), t.annotation("datatype")[t.col("_value")].clone())).collect();
    let want = [("status", "string"), ("up", "boolean"), ("load1", "double"), ("n_cpus", "long"), ("uptime", "long")];
    assert_eq!(types, want.map(|(f, ty)| (f.to_owned(), ty.to_owned())), "series in storage order, one row each");
    assert!(tables.iter().all(|(_, t)| t.rows.len() == 1));
    // A pivot makes one table with a column per field, each of its own type.
    let flux = format!(
        "import \"influxdata/influxdb/schema\"\nfrom(bucket: \"{}\") |> range(start: v.timeRangeStart) |> filter(fn: (r) => r.host == \"server01\" and r._measurement == \"system\") |> last() |> schema.fieldsAsCols()",
        t.bucket
    );
    let r = dashboard_query(&flux, &vars);
    assert_eq!(r.status, 200, "{}", r.text);
    let tables = csv_tables(&r.text);
    assert_eq!(tables.len(), 1, "{}", r.text);
    assert_eq!(tables[0].1.header.join(","), ",result,table,_start,_stop,_time,_measurement,host,load1,n_cpus,uptime");
    assert_eq!(
        tables[0].1.annotation("datatype").join(","),
        "#datatype,string,long,dateTime:RFC3339,dateTime:RFC3339,dateTime:RFC3339,string,string,double,long,long"
    );
}

#[test]
fn b15_several_yields_several_results() {
    let t = target();
    let flux = format!(
        "data = from(bucket: \"{}\") |> range(start: v.timeRangeStart, stop: v.timeRangeStop) |> filter(fn: (r) => r._measurement == \"cpu\" and r._field == \"usage_user\" and r.host == \"server01\")\ndata |> min() |> yield(name: \"low\")\ndata |> max() |> yield(name: \"high\")",
        t.bucket
    );
    let r = dashboard_query(&flux, &QueryVars::new(TimeRange::Past(Preset::Past1h), 800));
    assert_eq!(r.status, 200, "{}", r.text);
    // influxd sends results in no fixed order (a Go map); each is its own block.
    let mut names: Vec<String> = csv_tables(&r.text).into_iter().map(|(id, _)| id).collect();
    names.sort();
    assert_eq!(names, ["high/0", "low/0"]);
    assert_eq!(r.text.matches("#default,").count(), 2);
}

#[test]
fn b15_flux_errors() {
    let t = target();
    let vars = QueryVars::new(TimeRange::Past(Preset::Past1h), 800);
    // Syntax: 400 invalid, "compilation failed", libflux's span.
    let flux = format!("from(bucket: \"{}\")\n  |> range(start: v.timeRangeStart", t.bucket);
    let m = dashboard_query(&flux, &vars).assert_error(400, "invalid");
    assert_eq!(m, "compilation failed: error @2:6-2:35: expected RPAREN, got EOF");
    // Semantic: 400 invalid, no prefix; every use is named.
    let flux = format!("from(bucket: \"{}\") |> range(start: v.timeRangeStart) |> bogus()", t.bucket);
    let m = dashboard_query(&flux, &vars).assert_error(400, "invalid");
    let c = flux.find("bogus").unwrap_or(0) + 1;
    assert_eq!(m, format!("error @1:{c}-1:{}: undefined identifier bogus", c + 5));
    // Without the extern, v itself is undefined.
    let plain =
        json!({"query": flux.replace(" |> bogus()", ""), "type": "flux", "dialect": {"annotations": ["group", "datatype", "default"]}});
    let m = call("POST", &format!("/api/v2/query?orgID={}", t.org_id), Some(&plain)).assert_error(400, "invalid");
    let c = flux.find("v.").unwrap_or(0) + 1;
    assert_eq!(m, format!("error @1:{c}-1:{}: undefined identifier v", c + 1));
    // An extern that is not a Flux File: libflux's serde message, at the column of the
    // extern wrapped in {"type":"Package","package":"main","files":[…]}.
    let m = query_with_raw_extern("x = 1", "{}").assert_error(400, "invalid");
    assert_eq!(m, "compilation failed: extern json parse error: missing field `imports` at line 1 column 46");
    let m = query_with_raw_extern("x = 1", r#"{"type":"File","imports":null,"body":[{"type":"Nope"}]}"#).assert_error(400, "invalid");
    assert_eq!(
        m,
        "compilation failed: extern json parse error: unknown variant `Nope`, expected one of `ExpressionStatement`, `VariableAssignment`, `OptionStatement`, `ReturnStatement`, `BadStatement`, `TestCaseStatement`, `BuiltinStatement` at line 1 column 96"
    );
    // v without the label the query reads.
    let empty_v = r#"{"type":"File","package":null,"imports":null,"body":[{"type":"OptionStatement","assignment":{"type":"VariableAssignment","id":{"type":"Identifier","name":"v"},"init":{"type":"ObjectExpression","properties":[]}}}]}"#;
    let m = query_with_raw_extern("from(bucket: \"b\") |> range(start: v.timeRangeStart)", empty_v).assert_error(400, "invalid");
    assert_eq!(m, "error @1:35-1:36: record is missing label timeRangeStart");
}

#[test]
fn b15_runtime_errors() {
    let vars = QueryVars::new(TimeRange::Past(Preset::Past1h), 800);
    // Failing before anything was written: the error is the whole answer.
    let flux = "import \"array\"\narray.from(rows: [{_value: 2}]) |> map(fn: (r) => ({_value: die(msg: \"boom\")}))";
    let m = dashboard_query(flux, &vars).assert_error(400, "invalid");
    assert_eq!(m, "runtime error @2:36-2:80: map: failed to evaluate map function: boom");
    // Failing after another result went out: status 200 and an error table at the end. influxd
    // sends results in no fixed order, so the failing one may come first: then it is a 400.
    let flux = "import \"array\"\narray.from(rows: [{_value: 1}]) |> yield(name: \"a\")\narray.from(rows: [{_value: 2}]) |> map(fn: (r) => ({_value: die(msg: \"boom\")})) |> yield(name: \"b\")";
    let message = "runtime error @3:36-3:80: map: failed to evaluate map function: boom";
    let r = dashboard_query(flux, &vars);
    if r.status == 200 {
        assert_eq!(
            r.text,
            format!("#group,false,false,false\r\n#datatype,string,long,long\r\n#default,a,,\r\n,result,table,_value\r\n,,0,1\r\n\r\n\r\n#group,true,true\r\n#datatype,string,string\r\n#default,,\r\n,error,reference\r\n,{message},\r\n")
        );
    } else {
        assert!(!target().is_devserver, "the dev server writes results in the order of their yields");
        assert_eq!(r.assert_error(400, "invalid"), message);
    }
}
