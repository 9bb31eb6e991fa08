//! InfluxDB templates both ways, proven against influxd's own template service (pkger):
//! a template influxd exports (`POST /api/v2/templates/export`, JSON and YAML) imports here
//! with the same cells and view properties as influxd's apply of it gives, and a template
//! this app writes applies on influxd (`POST /api/v2/templates/apply`) and gives the same
//! dashboard back, save what core's `template::losses` says a template does not carry.
//!
//! The dev server has no template service: there these tests report themselves skipped;
//! `./x`'s real-influxd stage runs them. The mapping itself is table-tested in core.

use conformance::*;
use dashboards_core::index::{plan_import, ExportDoc, ImportFile, ImportPlan};
use dashboards_core::model::{Dashboard, Label, OrgId};
use dashboards_core::template::{self, export_template, through_template, TemplateFormat};
use serde_json::{json, Value};

fn no_template_service() -> bool {
    if target().is_devserver {
        skip("the dev server has no /api/v2/templates; run against influxd (./x's real-influxd stage)");
        return true;
    }
    false
}

const Q: &str = "from(bucket: \"conformance-bucket\")\n  |> range(start: v.timeRangeStart, stop: v.timeRangeStop)\n  |> filter(fn: (r) => r._measurement == \"cpu\")";

/// One chart of every kind influxd exports, each with most of its members set, placed on a
/// 3-wide grid of 4×3 cells.
fn source_charts() -> Vec<Value> {
    let colors = json!([{"id": "base", "type": "text", "hex": "#00C9FF", "name": "laser", "value": 0},
                        {"id": "t1", "type": "threshold", "hex": "#F48D38", "name": "tiger", "value": 80.5}]);
    let gauge_colors = json!([{"id": "0", "type": "min", "hex": "#00C9FF", "name": "laser", "value": 0},
                              {"id": "1", "type": "max", "hex": "#9394FF", "name": "comet", "value": 100}]);
    let queries = json!([{"query": Q}]);
    let xy_axes = json!([{"name": "x", "label": "time"}, {"name": "y", "label": "usage", "prefix": "~", "suffix": "%", "base": "10", "scale": "linear"}]);
    let plot_axes = json!([{"name": "x", "label": "x", "prefix": "a", "suffix": "b", "domain": [0, 100.5]}, {"name": "y", "label": "y", "domain": [1, 2]}]);
    let mut charts = vec![
        json!({"kind": "Xy", "geom": "monotoneX", "position": "stacked", "shade": true, "hoverDimension": "x", "axes": xy_axes,
               "colors": colors, "queries": queries, "note": "n", "noteOnEmpty": true, "xCol": "_time", "yCol": "_value",
               "staticLegend": {"show": true, "heightRatio": 0.3, "valueAxis": "y"}, "generateXAxisTicks": ["xTotalTicks"], "xTotalTicks": 5,
               "timeFormat": "HH:mm"}),
        json!({"kind": "Single_Stat_Plus_Line", "geom": "line", "position": "overlaid", "axes": xy_axes, "colors": colors, "queries": queries,
               "prefix": "$", "suffix": "k", "decimalPlaces": 2, "staticLegend": {"show": true}, "yTickStart": 0.5, "yTickStep": 10}),
        json!({"kind": "Single_Stat", "colors": colors, "queries": queries, "prefix": "$", "tickPrefix": "t", "suffix": "%", "tickSuffix": "u", "decimalPlaces": 1}),
        json!({"kind": "Gauge", "colors": gauge_colors, "queries": queries, "suffix": "%", "decimalPlaces": 0}),
        json!({"kind": "Table", "colors": colors, "queries": queries, "timeFormat": "YYYY-MM-DD HH:mm", "decimalPlaces": 3,
               "tableOptions": {"verticalTimeAxis": true, "sortBy": "_time", "wrapping": "wrap", "fixFirstColumn": true},
               "fieldOptions": [{"fieldName": "_time", "displayName": "Time", "visible": true}, {"fieldName": "host", "visible": false}]}),
        json!({"kind": "Markdown", "note": "# Notes\n\nsome *text*"}),
        json!({"kind": "Histogram", "colors": colors, "queries": queries, "xCol": "_value", "fillColumns": ["host"], "position": "stacked",
               "binCount": 25, "axes": [{"name": "x", "label": "value", "domain": [0, 50]}]}),
        json!({"kind": "Heatmap", "colors": [{"hex": "#000004"}, {"hex": "#fcffa4"}], "queries": queries, "binSize": 12,
               "xCol": "_time", "yCol": "_value", "axes": plot_axes, "yTotalTicks": 3}),
        json!({"kind": "Scatter", "colors": [{"hex": "#DA6FF1"}], "queries": queries, "xCol": "_time", "yCol": "_value", "axes": plot_axes}),
        json!({"kind": "Mosaic", "colors": [{"hex": "#DA6FF1"}, {"hex": "#00717A"}], "queries": queries, "xCol": "_time",
               "ySeriesColumns": ["host"], "yLabelColumns": ["host"], "yLabelColumnSeparator": "-", "hoverDimension": "xy", "axes": plot_axes}),
        json!({"kind": "Band", "colors": colors, "queries": queries, "geom": "line", "axes": xy_axes, "upperColumn": "max", "mainColumn": "mean",
               "lowerColumn": "min", "hoverDimension": "auto", "xTickStep": 2.5}),
        json!({"kind": "Geo", "queries": queries, "lat": 51.5, "lon": -0.12, "zoom": 6, "allowPanAndZoom": true, "detectCoordinateFields": true,
               "mapStyle": "light", "geoLayers": [{"layerType": "circleMap", "radiusField": "r", "colorField": "c", "radius": 10,
               "viewColors": [{"id": "v", "type": "scale", "hex": "#00C9FF", "name": "laser", "value": 1}],
               "radiusDimension": {"label": "radius"}, "colorDimension": {"suffix": "u"}, "interpolateColors": true}]}),
    ];
    for (i, c) in charts.iter_mut().enumerate() {
        c["name"] = json!(format!("{} cell", c["kind"].as_str().unwrap_or_default()));
        c["xPos"] = json!((i % 3) * 4);
        c["yPos"] = json!((i / 3) * 3);
        c["width"] = json!(4);
        c["height"] = json!(3);
        if c["kind"] != "Markdown" {
            for (k, v) in [("legendColorizeRows", json!(true)), ("legendOpacity", json!(0.8)), ("legendOrientationThreshold", json!(5))] {
                c[k] = v;
            }
        }
    }
    charts
}

fn dashboard_template(name: &str, description: &str, charts: Vec<Value>) -> Vec<Value> {
    vec![json!({"apiVersion": template::API_VERSIONS[0], "kind": "Dashboard", "metadata": {"name": "tpl-source"},
                "spec": {"name": name, "description": description, "charts": charts}})]
}

/// A label and a dashboard with one cell of every chart kind, made by influxd's own apply (so
/// the source does not depend on this app's mapping), then given members a template does not
/// carry (axis bounds, a builder query) and a check cell (a template cannot hold one), so
/// that both what travels and what is lost are seen. Removed on drop.
struct Source {
    id: String,
    label_name: String,
    _dashboard: Cleanup,
    _label: Cleanup,
}

fn source() -> Source {
    let label_name = unique("tpl-label");
    let r = call(
        "POST",
        "/api/v2/labels",
        Some(
            &json!({"orgID": target().org_id, "name": label_name, "properties": {"color": "#326BBA", "description": "from the conformance suite"}}),
        ),
    );
    assert_eq!(r.status, 201, "create label: {}", r.text);
    let label_id = r.json()["label"]["id"].as_str().expect("label id").to_owned();
    let label = Cleanup(format!("/api/v2/labels/{label_id}"));
    let name = unique("tpl-source");
    let (id, dashboard) = apply_on_influxd(&dashboard_template(&name, "every chart kind", source_charts()), &name);
    let path = format!("/api/v2/dashboards/{id}");
    for c in read_dashboard(&id).cells {
        let mut props = serde_json::to_value(c.properties.get().cloned().unwrap_or_default()).unwrap();
        match props["type"].as_str() {
            Some("xy") => props["axes"]["y"]["bounds"] = json!(["0", "100"]),
            Some("single-stat") => {
                props["queries"] = json!([{"text": Q, "editMode": "builder", "name": "Query 1",
                    "builderConfig": {"buckets": ["conformance-bucket"], "tags": [{"key": "_measurement", "values": ["cpu"], "aggregateFunctionType": "filter"}],
                                      "functions": [{"name": "mean"}], "aggregateWindow": {"period": "auto", "fillValues": false}}}])
            }
            _ => continue,
        }
        let body = json!({"name": c.name.get().cloned().unwrap_or_default(), "properties": props});
        let r = call("PATCH", &format!("{path}/cells/{}/view", c.id.as_str()), Some(&body));
        assert_eq!(r.status, 200, "{}", r.text);
    }
    let r = call("POST", &format!("{path}/cells"), Some(&json!({"x": 0, "y": 12, "w": 4, "h": 3})));
    assert_eq!(r.status, 201, "{}", r.text);
    let cell = r.json()["id"].as_str().expect("cell id").to_owned();
    let check = json!({"shape": "chronograf-v2", "type": "check", "checkID": "0000000000000001", "queries": [], "colors": []});
    let r = call("PATCH", &format!("{path}/cells/{cell}/view"), Some(&json!({"name": "check cell", "properties": check})));
    assert_eq!(r.status, 200, "{}", r.text);
    let r = call("POST", &format!("{path}/labels"), Some(&json!({"labelID": label_id})));
    assert_eq!(r.status, 201, "{}", r.text);
    Source { id, label_name, _dashboard: dashboard, _label: label }
}

#[test]
fn every_chart_kind_becomes_the_view_influxd_makes() {
    if no_template_service() {
        return;
    }
    let _g = dashboards_shared();
    let charts = source_charts();
    let name = unique("tpl-kinds");
    let (id, _guard) = apply_on_influxd(&dashboard_template(&name, "", charts.clone()), &name);
    let made = cells(&read_dashboard(&id));
    assert_eq!(made.len(), template::CHART_KINDS.len());
    let mut ours: Vec<_> = charts
        .iter()
        .map(|c| {
            let cell = template::chart_to_cell(c).unwrap_or_else(|e| panic!("{c}: {e}"));
            (cell.x, cell.y, cell.w, cell.h, cell.name, cell.properties)
        })
        .collect();
    ours.sort_by_key(|c| (c.1, c.0));
    for (theirs, ours) in made.iter().zip(&ours) {
        assert_eq!(theirs, ours, "{}", ours.4);
    }
}

fn read_dashboard(id: &str) -> Dashboard {
    let r = call("GET", &format!("/api/v2/dashboards/{id}?include=properties"), None);
    assert_eq!(r.status, 200, "{}", r.text);
    serde_json::from_str(&r.text).expect("a dashboard")
}

/// A dashboard's cells as (x, y, w, h, name, properties), in reading order.
fn cells(d: &Dashboard) -> Vec<(i32, i32, i32, i32, String, Value)> {
    let mut out: Vec<_> = d
        .cells
        .iter()
        .map(|c| {
            let props = serde_json::to_value(c.properties.get().cloned().unwrap_or_default()).unwrap_or_default();
            (c.x, c.y, c.w, c.h, c.name.get().cloned().unwrap_or_default(), props)
        })
        .collect();
    out.sort_by_key(|c| (c.1, c.0));
    out
}

fn export_from_influxd(id: &str, accept: &str) -> String {
    let t = target();
    let auth = format!("Token {}", t.token);
    let body = json!({"resources": [{"kind": "Dashboard", "id": id}]}).to_string();
    let r = send_raw(
        &t.base,
        "POST",
        "/api/v2/templates/export",
        &[("Authorization", &auth), ("Content-Type", "application/json"), ("Accept", accept)],
        Some(&body),
    );
    assert_eq!(r.status, 200, "export: {}", r.text);
    r.text
}

/// Applies template objects on influxd; returns the id of the dashboard named `name`, with a
/// guard that deletes it.
fn apply_on_influxd(objects: &[Value], name: &str) -> (String, Cleanup) {
    let r = call("POST", "/api/v2/templates/apply", Some(&json!({"orgID": target().org_id, "template": {"contents": objects}})));
    assert_eq!(r.status, 201, "apply: {}", r.text);
    let id = r.json()["summary"]["dashboards"]
        .as_array()
        .into_iter()
        .flatten()
        .find(|d| d["name"] == name)
        .map(|d| format!("{:016x}", d["id"].as_u64().expect("a numeric id")))
        .unwrap_or_else(|| panic!("no dashboard {name} in the apply summary: {}", r.text));
    let guard = Cleanup(format!("/api/v2/dashboards/{id}"));
    (id, guard)
}

/// Carries out an import plan as the app's `run_import` does: labels, the dashboard, each
/// cell then its view (B10), then the labels attached.
fn run_plan(plan: &ImportPlan) -> (String, Cleanup) {
    let mut labels = Vec::new();
    for l in &plan.create_labels {
        let r = call("POST", "/api/v2/labels", Some(&json!({"orgID": plan.create.org_id, "name": l.name, "properties": l.properties})));
        assert_eq!(r.status, 201, "{}", r.text);
        labels.push(r.json()["label"]["id"].as_str().expect("id").to_owned());
    }
    let r = call("POST", "/api/v2/dashboards", Some(&serde_json::to_value(&plan.create).unwrap()));
    assert_eq!(r.status, 201, "{}", r.text);
    let id = r.json()["id"].as_str().expect("id").to_owned();
    let guard = Cleanup(format!("/api/v2/dashboards/{id}"));
    for (create, name, properties) in &plan.cells {
        let r = call("POST", &format!("/api/v2/dashboards/{id}/cells"), Some(&serde_json::to_value(create).unwrap()));
        assert_eq!(r.status, 201, "{}", r.text);
        let cell = r.json()["id"].as_str().expect("cell id").to_owned();
        let body = json!({"name": name, "properties": properties});
        let r = call("PATCH", &format!("/api/v2/dashboards/{id}/cells/{cell}/view"), Some(&body));
        assert_eq!(r.status, 200, "{}", r.text);
    }
    for label in plan.attach.iter().map(|l| l.as_str().to_owned()).chain(labels) {
        let r = call("POST", &format!("/api/v2/dashboards/{id}/labels"), Some(&json!({"labelID": label})));
        assert_eq!(r.status, 201, "{}", r.text);
    }
    (id, guard)
}

fn org_labels() -> Vec<Label> {
    let r = call("GET", &format!("/api/v2/labels?orgID={}", target().org_id), None);
    serde_json::from_value(r.json()["labels"].clone()).expect("labels")
}

fn label_names(d: &Dashboard) -> Vec<String> {
    d.labels.iter().map(|l| l.name.clone()).collect()
}

/// The source's cells as a template round trip should leave them (`through_template`), the
/// check cell left out.
fn expected_through_template(source: &Dashboard) -> Vec<(i32, i32, i32, i32, String, Value)> {
    cells(source).into_iter().filter_map(|(x, y, w, h, name, p)| through_template(&p).map(|p| (x, y, w, h, name, p))).collect()
}

#[test]
fn a_template_influxd_exports_imports_here_as_influxd_applies_it() {
    if no_template_service() {
        return;
    }
    let _g = dashboards_shared();
    let src = source();
    let source_dashboard = read_dashboard(&src.id);

    let json_text = export_from_influxd(&src.id, "application/json");
    let yaml_text = export_from_influxd(&src.id, "application/x-yaml");
    let file = ImportFile::parse(&json_text).unwrap_or_else(|e| panic!("{}\n{json_text}", e.message()));
    let from_yaml = ImportFile::parse(&yaml_text).unwrap_or_else(|e| panic!("{}\n{yaml_text}", e.message()));
    assert_eq!(from_yaml, file, "influxd's YAML export reads as its JSON export");
    let doc = &file.dashboards()[0];
    assert_eq!(doc.name, source_dashboard.name);
    assert_eq!(doc.description, "every chart kind");
    assert_eq!(doc.cells.len(), source_dashboard.cells.len() - 1, "influxd leaves the check cell out");
    assert_eq!(doc.labels.iter().map(|l| l.name.as_str()).collect::<Vec<_>>(), [src.label_name.as_str()]);

    // Here: the app's import plan, carried out request by request.
    let here_name = unique("tpl-imported");
    let plan = plan_import(doc, &OrgId::from(target().org_id.as_str()), Some(&here_name), &org_labels()).expect("a plan");
    assert!(plan.create_labels.is_empty(), "the label exists in the org: attached, not made again");
    let (here_id, _here) = run_plan(&plan);

    // There: influxd applies the very same template.
    let mut objects: Vec<Value> = serde_json::from_str(&json_text).expect("a list");
    let there_name = unique("tpl-applied");
    for o in objects.iter_mut().filter(|o| o["kind"] == "Dashboard") {
        o["spec"]["name"] = json!(there_name);
    }
    let (there_id, _there) = apply_on_influxd(&objects, &there_name);

    let here = read_dashboard(&here_id);
    let there = read_dashboard(&there_id);
    assert_eq!(cells(&here), cells(&there), "the same cells and view properties as influxd's apply");
    assert_eq!(here.description, there.description);
    assert_eq!(label_names(&here), label_names(&there));
    // And core predicts influxd's round trip from the source alone.
    assert_eq!(cells(&there), expected_through_template(&source_dashboard), "through_template is influxd's export + apply");
}

#[test]
fn a_template_exported_here_applies_on_influxd_and_gives_the_dashboard_back() {
    if no_template_service() {
        return;
    }
    let _g = dashboards_shared();
    let src = source();
    let source_dashboard = read_dashboard(&src.id);
    for format in [TemplateFormat::Json, TemplateFormat::Yaml] {
        let mut doc = ExportDoc::from_dashboard(&source_dashboard);
        doc.name = unique("tpl-here");
        let export = export_template(std::slice::from_ref(&doc));
        assert_eq!(export.left_out, vec![(doc.name.clone(), "check cell".to_owned(), "check".to_owned())]);
        let lost: Vec<(&str, &[String])> = export.losses.iter().map(|(_, c, l)| (c.as_str(), &l[..])).collect();
        assert!(lost.iter().any(|(c, l)| *c == "Xy cell" && l.contains(&"axes.y.bounds".to_owned())), "{lost:?}");

        let text = export.to_text(format);
        // influxd's apply takes the template inside a JSON body: YAML goes through this app's reader.
        let objects = template::read_objects(&text).unwrap_or_else(|e| panic!("{format:?}: {}\n{text}", e.message()));
        let (id, _guard) = apply_on_influxd(&objects, &doc.name);
        let applied = read_dashboard(&id);
        assert_eq!(applied.description, source_dashboard.description, "{format:?}");
        assert_eq!(label_names(&applied), std::slice::from_ref(&src.label_name), "{format:?}");
        let label = &applied.labels[0];
        assert_eq!(label.id, source_dashboard.labels[0].id, "{format:?}: the org's label of that name, reused");
        assert_eq!(cells(&applied), expected_through_template(&source_dashboard), "{format:?}");
        // Whatever differs from the source is what core said would be lost, and nothing else.
        for ((_, _, _, _, name, before), (_, _, _, _, _, after)) in
            cells(&source_dashboard).iter().filter(|c| c.4 != "check cell").zip(cells(&applied).iter())
        {
            let said = export.losses.iter().find(|(_, c, _)| c == name).map(|(_, _, l)| l.clone()).unwrap_or_default();
            assert_eq!(template::losses(before).unwrap_or_default(), said, "{format:?} {name}");
            if said.is_empty() {
                assert_eq!(through_template(before).as_ref(), Some(after), "{format:?} {name}: travels whole");
            }
        }
    }
}
