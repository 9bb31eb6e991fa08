//! Table tests of the chart ↔ view mapping against what influxd 2.8.0's pkger code does, and
//! of reading and writing whole templates.

use super::*;
use crate::index::ImportFile;
use serde_json::json;

fn query(text: &str) -> Value {
    json!({"text": text, "editMode": "advanced", "name": "",
           "builderConfig": {"buckets": [], "tags": [], "functions": [], "aggregateWindow": {"period": "", "fillValues": false}}})
}

fn axis(label: &str) -> Value {
    json!({"bounds": [], "label": label, "prefix": "p", "suffix": "s", "base": "10", "scale": "linear"})
}

const Q: &str = "from(bucket: \"b\")\n  |> range(start: v.timeRangeStart)";

fn color() -> Value {
    json!({"id": "c1", "type": "threshold", "hex": "#00C9FF", "name": "laser", "value": 2.5})
}

/// A view of each chart kind with every member a template carries set to something not zero,
/// in the form influxd stores it (every member of its Go struct).
fn full_view(view_type: &str) -> Value {
    let legend = json!({"legendColorizeRows": true, "legendHide": true, "legendOpacity": 0.5, "legendOrientationThreshold": 3});
    let x_ticks = json!({"xColumn": "_time", "generateXAxisTicks": ["xTotalTicks"], "xTotalTicks": 4, "xTickStart": 1.5, "xTickStep": 2});
    let y_ticks = json!({"yColumn": "_value", "generateYAxisTicks": ["yTickStep"], "yTotalTicks": 5, "yTickStart": 0.5, "yTickStep": 3});
    let note = json!({"note": "a note", "showNoteWhenEmpty": true});
    let plot_axes = json!({"xDomain": [0, 10.5], "yDomain": [1, 2], "xAxisLabel": "xl", "yAxisLabel": "yl",
                           "xPrefix": "xp", "xSuffix": "xs", "yPrefix": "yp", "ySuffix": "ys"});
    let static_legend = json!({"colorizeRows": true, "heightRatio": 0.2, "show": true, "opacity": 0.8,
                               "orientationThreshold": 10, "valueAxis": "y", "widthRatio": 1});
    let mut v = json!({"shape": "chronograf-v2", "type": view_type, "queries": [query(Q)]});
    let merge = |v: &mut Value, more: &Value| {
        for (k, x) in more.as_object().unwrap() {
            v[k] = x.clone();
        }
    };
    match view_type {
        "gauge" | "single-stat" => merge(
            &mut v,
            &json!({"prefix": "a", "tickPrefix": "b", "suffix": "c", "tickSuffix": "d",
                     "colors": [color(), {"id": "m", "type": "min", "hex": "#000000", "name": "black", "value": 0},
                                {"id": "M", "type": "max", "hex": "#ffffff", "name": "white", "value": 100}],
                     "decimalPlaces": {"isEnforced": true, "digits": 3}}),
        ),
        "geo" => merge(
            &mut v,
            &json!({"center": {"lat": 51.5, "lon": -0.12}, "zoom": 6, "mapStyle": "light", "allowPanAndZoom": true,
                     "detectCoordinateFields": true, "colors": [color()],
                     "layers": [{"type": "circleMap", "radiusField": "r", "colorField": "c", "intensityField": "",
                                 "colors": [color()], "radius": 12, "blur": 0,
                                 "radiusDimension": {"bounds": null, "label": "rl", "prefix": "", "suffix": "", "base": "", "scale": ""},
                                 "colorDimension": {"bounds": null, "label": "", "prefix": "", "suffix": "u", "base": "", "scale": ""},
                                 "intensityDimension": {"bounds": null, "label": "", "prefix": "", "suffix": "", "base": "", "scale": ""},
                                 "interpolateColors": true, "trackWidth": 0, "speed": 0, "randomColors": false, "isClustered": true}]}),
        ),
        "heatmap" => {
            merge(&mut v, &json!({"colors": ["#000004", "#fcffa4"], "binSize": 10, "timeFormat": ""}));
            for m in [&x_ticks, &y_ticks, &plot_axes, &legend] {
                merge(&mut v, m);
            }
        }
        "histogram" => {
            merge(
                &mut v,
                &json!({"colors": [color()], "xColumn": "_value", "fillColumns": ["host"], "xDomain": [0, 100],
                         "xAxisLabel": "value", "position": "stacked", "binCount": 30}),
            );
            merge(&mut v, &legend);
        }
        "markdown" => v = json!({"shape": "chronograf-v2", "type": "markdown", "note": "# Title\n\ntext"}),
        "mosaic" => {
            merge(
                &mut v,
                &json!({"colors": ["#DA6FF1", "#00717A"], "hoverDimension": "xy", "yLabelColumnSeparator": "/",
                         "yLabelColumns": ["host"], "ySeriesColumns": ["_value"], "fillColumns": null, "timeFormat": ""}),
            );
            for m in [&x_ticks, &plot_axes, &legend] {
                merge(&mut v, m);
            }
        }
        "scatter" => {
            merge(&mut v, &json!({"colors": ["#DA6FF1"], "fillColumns": null, "symbolColumns": null, "timeFormat": ""}));
            for m in [&x_ticks, &y_ticks, &plot_axes, &legend] {
                merge(&mut v, m);
            }
        }
        "line-plus-single-stat" => {
            merge(
                &mut v,
                &json!({"axes": {"x": axis("x label"), "y": axis("y label")}, "staticLegend": static_legend, "colors": [color()],
                         "prefix": "a", "suffix": "c", "decimalPlaces": {"isEnforced": true, "digits": 1},
                         "shadeBelow": true, "position": "stacked", "timeFormat": "", "hoverDimension": "x"}),
            );
            for m in [&x_ticks, &y_ticks, &legend] {
                merge(&mut v, m);
            }
        }
        "table" => merge(
            &mut v,
            &json!({"colors": [color()], "timeFormat": "YYYY-MM-DD HH:mm:ss",
                     "tableOptions": {"verticalTimeAxis": true, "sortBy": {"internalName": "_time", "displayName": "", "visible": false},
                                      "wrapping": "wrap", "fixFirstColumn": true},
                     "fieldOptions": [{"internalName": "_time", "displayName": "Time", "visible": true},
                                      {"internalName": "host", "displayName": "", "visible": false}],
                     "decimalPlaces": {"isEnforced": true, "digits": 2}}),
        ),
        "xy" | "band" => {
            merge(
                &mut v,
                &json!({"axes": {"x": axis("x label"), "y": axis("y label")}, "staticLegend": static_legend, "colors": [color()],
                         "geom": "monotoneX", "hoverDimension": "y", "timeFormat": ""}),
            );
            if view_type == "xy" {
                merge(&mut v, &json!({"shadeBelow": true, "position": "stacked"}));
            } else {
                merge(&mut v, &json!({"upperColumn": "max", "mainColumn": "mean", "lowerColumn": "min"}));
            }
            for m in [&x_ticks, &y_ticks, &legend] {
                merge(&mut v, m);
            }
        }
        other => panic!("no full view for {other}"),
    }
    if view_type != "markdown" {
        merge(&mut v, &note);
    }
    v
}

#[test]
fn every_chart_kind_round_trips_whole_when_the_view_holds_only_what_a_template_carries() {
    for kind in &CHART_KINDS {
        let view = full_view(kind.view);
        let chart = cell_to_chart(1, 2, 3, 4, "cell", &view).unwrap_or_else(|| panic!("{} exports", kind.view));
        assert_eq!(chart["kind"], kind.title, "{}", kind.view);
        let cell = chart_to_cell(&chart).unwrap_or_else(|e| panic!("{}: {e}: {chart:#}", kind.view));
        assert_eq!((cell.x, cell.y, cell.w, cell.h, cell.name.as_str()), (1, 2, 3, 4, "cell"));
        let mut lost = Vec::new();
        diff_strict("", &view, &cell.properties, &mut lost);
        assert!(lost.is_empty(), "{}: changed on the way: {lost:?}\nchart: {chart:#}\nback: {:#}", kind.view, cell.properties);
        assert_eq!(losses(&view), Some(vec![]), "{}", kind.view);
    }
}

/// Every member of `a` equal in `b`, and nothing in `b` that `a` lacks (numbers by value).
fn diff_strict(path: &str, a: &Value, b: &Value, out: &mut Vec<String>) {
    match (a, b) {
        (Value::Object(x), Value::Object(y)) => {
            for k in x.keys().chain(y.keys().filter(|k| !x.contains_key(*k))) {
                diff_strict(&format!("{path}.{k}"), x.get(k).unwrap_or(&Value::Null), y.get(k).unwrap_or(&Value::Null), out);
            }
        }
        (Value::Array(x), Value::Array(y)) if x.len() == y.len() => {
            for (i, (p, q)) in x.iter().zip(y).enumerate() {
                diff_strict(&format!("{path}[{i}]"), p, q, out);
            }
        }
        (Value::Number(x), Value::Number(y)) if x.as_f64() == y.as_f64() => {}
        _ if a != b => out.push(format!("{path}: {a} -> {b}")),
        _ => {}
    }
}

#[test]
fn what_a_template_loses_is_what_influxd_loses() {
    // Each (view type, members changed, members the template does not carry).
    let builder_query = json!([{"text": Q, "editMode": "builder", "name": "Query 1",
        "builderConfig": {"buckets": ["b"], "tags": [], "functions": [{"name": "mean"}], "aggregateWindow": {"period": "auto", "fillValues": true}}}]);
    let cases: Vec<(&str, Value, Vec<&str>)> = vec![
        (
            "xy",
            json!({"axes": {"x": {"bounds": ["0", "100"], "label": "x label", "prefix": "p", "suffix": "s", "base": "10", "scale": "linear"}, "y": axis("y label")}}),
            vec!["axes.x.bounds"],
        ),
        ("xy", json!({"timeFormat": "HH:mm"}), vec!["timeFormat"]),
        ("band", json!({"timeFormat": "HH:mm"}), vec!["timeFormat"]),
        ("heatmap", json!({"timeFormat": "HH:mm"}), vec!["timeFormat"]),
        ("table", json!({"timeFormat": "HH:mm"}), vec![]),
        ("scatter", json!({"fillColumns": ["host"], "symbolColumns": ["cpu"]}), vec!["fillColumns", "symbolColumns"]),
        ("mosaic", json!({"fillColumns": ["host"]}), vec!["fillColumns"]),
        ("single-stat", json!({"decimalPlaces": {"isEnforced": false, "digits": 4}}), vec!["decimalPlaces.digits"]),
        (
            "table",
            json!({"tableOptions": {"verticalTimeAxis": true, "sortBy": {"internalName": "_time", "displayName": "Time", "visible": true}, "wrapping": "wrap", "fixFirstColumn": true}}),
            vec!["tableOptions.sortBy.displayName", "tableOptions.sortBy.visible"],
        ),
        (
            "gauge",
            json!({"queries": builder_query}),
            vec![
                "queries[0].builderConfig.aggregateWindow.fillValues",
                "queries[0].builderConfig.aggregateWindow.period",
                "queries[0].builderConfig.buckets",
                "queries[0].builderConfig.functions",
                "queries[0].editMode",
                "queries[0].name",
            ],
        ),
    ];
    for (view_type, changes, want) in cases {
        let mut view = full_view(view_type);
        for (k, v) in changes.as_object().unwrap() {
            view[k] = v.clone();
        }
        assert_eq!(losses(&view), Some(want.iter().map(|s| s.to_string()).collect()), "{view_type} {changes}");
    }
    // Views a template cannot hold at all: influxd's export leaves their cells out.
    for t in [
        json!({"shape": "chronograf-v2", "type": "check", "checkID": "0000000000000001"}),
        json!({"shape": "empty"}),
        json!({"shape": "chronograf-v2", "type": "simple-table", "showAll": true}),
        json!({"shape": "chronograf-v2", "type": "log-viewer", "columns": []}),
    ] {
        assert_eq!(cell_to_chart(0, 0, 1, 1, "", &t), None, "{t}");
        assert_eq!(losses(&t), None);
    }
}

#[test]
fn a_chart_becomes_the_view_influxd_stores() {
    // Written out from pkger's chart.properties and dashboard.go's JSON form: every member of
    // the Go struct, nil lists as null, empty domains left out, queries as advanced.
    let chart = json!({"kind": "Xy", "name": " cpu ", "xPos": 2, "yPos": 1, "width": 6, "height": 3, "geom": "line",
                       "queries": [{"query": "  from(bucket: \"b\")  "}, {"query": ""}],
                       "axes": [{"name": "x", "label": "time"}, {"name": "y", "base": "2", "domain": [0, 5]}],
                       "colors": [{"hex": "#fff", "name": " white ", "type": "scale"}], "shade": true});
    let cell = chart_to_cell(&chart).unwrap();
    assert_eq!((cell.x, cell.y, cell.w, cell.h, cell.name.as_str()), (2, 1, 6, 3, "cpu"));
    let want = json!({"shape": "chronograf-v2", "type": "xy", "queries": [query("from(bucket: \"b\")")],
        "axes": {"x": {"bounds": [], "label": "time", "prefix": "", "suffix": "", "base": "", "scale": ""},
                 "y": {"bounds": [], "label": "", "prefix": "", "suffix": "", "base": "2", "scale": ""}},
        "staticLegend": {}, "geom": "line", "colors": [{"id": "", "type": "scale", "hex": "#fff", "name": "white", "value": 0}],
        "note": "", "showNoteWhenEmpty": false, "xColumn": "", "generateXAxisTicks": null, "xTotalTicks": 0, "xTickStart": 0,
        "xTickStep": 0, "yColumn": "", "generateYAxisTicks": null, "yTotalTicks": 0, "yTickStart": 0, "yTickStep": 0,
        "shadeBelow": true, "position": "", "timeFormat": "", "hoverDimension": "", "legendColorizeRows": false,
        "legendHide": false, "legendOpacity": 0, "legendOrientationThreshold": 0});
    assert_eq!(cell.properties, want);

    let heatmap = chart_to_cell(&json!({"kind": "heatmap", "width": 4, "height": 4, "binSize": 7.9,
        "axes": [{"name": "x", "domain": ["1", 2]}, {"name": "y"}], "colors": [{"hex": "#000"}]}))
    .unwrap();
    let p = &heatmap.properties;
    assert_eq!(p["colors"], json!(["#000"]));
    assert_eq!(p["binSize"], json!(7), "an integer member truncates a float, as influxd's Resource.int");
    assert_eq!(p["xDomain"], json!([1, 2]), "domain values may be strings");
    assert!(p.get("yDomain").is_none(), "an empty domain is left out (omitempty)");
    assert_eq!(p["queries"], Value::Null);

    let table = chart_to_cell(&json!({"kind": "Table", "width": 4, "height": 4, "decimalPlaces": 0})).unwrap().properties;
    assert_eq!(table["decimalPlaces"], json!({"isEnforced": true, "digits": 0}), "present decimalPlaces enforce them");
    assert_eq!(table["fieldOptions"], json!([]));
    assert_eq!(table["colors"], Value::Null);
    assert_eq!(table["tableOptions"]["sortBy"], json!({"internalName": "", "displayName": "", "visible": false}));

    let markdown = chart_to_cell(&json!({"kind": "markdown", "note": "hi", "width": 0})).unwrap();
    assert_eq!(markdown.properties, json!({"shape": "chronograf-v2", "type": "markdown", "note": "hi"}));

    for kind in &CHART_KINDS {
        assert_eq!(ChartKind::by_chart(kind.title).map(|k| k.view), Some(kind.view));
        assert_eq!(ChartKind::by_chart(&format!(" {} ", kind.chart.to_uppercase())).map(|k| k.view), Some(kind.view));
    }
}

#[test]
fn charts_influxd_refuses_are_refused_in_words() {
    let xy = json!({"kind": "xy", "width": 4, "height": 3, "geom": "line", "axes": [{"name": "x"}, {"name": "y"}]});
    let with = |k: &str, v: Value| {
        let mut c = xy.clone();
        c[k] = v;
        c
    };
    let cases: Vec<(Value, &str)> = vec![
        (json!({"kind": "Foo"}), "unknown kind 'Foo'"),
        (json!({"name": "x"}), "has no kind"),
        (json!([1]), "is not an object"),
        (with("width", json!(0)), "width must be greater than 0"),
        (with("height", json!(-1)), "height must be greater than 0"),
        (with("geom", json!("pie")), "geom 'pie' is not supported"),
        (with("geom", json!(null)), "geom is missing"),
        (with("axes", json!([{"name": "x"}])), "need an axis named 'y'"),
        (with("position", json!("sideways")), "'sideways' is not overlaid or stacked"),
        (with("colors", json!([{"hex": "#fff"}, {"name": "no hex"}])), "color 2 has no hex value"),
        (with("axes", json!([{"name": "x", "domain": ["a"]}, {"name": "y"}])), "axis 1 has a domain value that is not a number"),
        (json!({"kind": "gauge", "width": 2, "height": 2, "colors": [{"hex": "#000", "type": "min"}]}), "need a color of type 'max'"),
        (json!({"kind": "histogram", "width": 2, "height": 2}), "need an axis named 'x'"),
        (
            json!({"kind": "table", "width": 2, "height": 2, "tableOptions": {"wrapping": "fold"}}),
            "'fold' is not single-line, truncate or wrap",
        ),
    ];
    for (chart, want) in cases {
        let e = chart_to_cell(&chart).unwrap_err().to_string();
        assert!(e.contains(want), "{chart}: {e}");
    }
    assert!(chart_to_cell(&xy).is_ok());
    assert!(chart_to_cell(&with("position", json!("Stacked"))).is_ok(), "positions are compared in lower case");
}

const TEMPLATE_YAML: &str = r#"apiVersion: influxdata.com/v2alpha1
kind: Label
metadata:
    name: zealous-a
spec:
    color: '#326BBA'
    description: production hosts
    name: prod
---
apiVersion: influxdata.com/v2alpha1
kind: Bucket
metadata:
    name: bold-b
spec:
    name: telegraf
---
apiVersion: influxdata.com/v2alpha1
kind: Dashboard
metadata:
    name: cool-c
spec:
    associations:
        - kind: Label
          name: zealous-a
    charts:
        - kind: Markdown
          name: readme
          note: '# hello'
          height: 1
          width: 12
        - colors:
            - hex: '#00C9FF'
              name: laser
              type: text
          height: 2
          kind: Single_Stat
          name: load
          queries:
            - query: |-
                from(bucket: "telegraf")
                  |> range(start: v.timeRangeStart)
          width: 3
          yPos: 1
    description: all hosts
    name: System
---
apiVersion: influxdata.com/v2alpha2
kind: Dashboard
metadata:
    name: dull-d
spec:
    name: Second
"#;

#[test]
fn a_template_with_many_dashboards_labels_and_other_kinds() {
    let file = ImportFile::parse(TEMPLATE_YAML).unwrap();
    let ds = file.dashboards();
    assert_eq!(ds.len(), 2);
    assert_eq!((ds[0].name.as_str(), ds[0].description.as_str()), ("System", "all hosts"));
    assert_eq!(ds[0].cells.len(), 2);
    assert_eq!(ds[0].cells[1].properties.type_name(), "single-stat");
    assert_eq!((ds[0].cells[1].x, ds[0].cells[1].y, ds[0].cells[1].w, ds[0].cells[1].h), (0, 1, 3, 2));
    assert_eq!(ds[0].labels.len(), 1);
    assert_eq!(ds[0].labels[0].name, "prod");
    assert_eq!(ds[0].labels[0].properties.get("color").map(String::as_str), Some("#326BBA"));
    assert_eq!(ds[0].labels[0].properties.get("description").map(String::as_str), Some("production hosts"));
    assert!(ds[1].cells.is_empty() && ds[1].labels.is_empty());
    assert_eq!(file.left_out(), &[("Bucket".to_owned(), 1)]);

    // The same template as JSON (influxd's export with Accept: application/json): a list.
    let objects = yaml::read_documents(TEMPLATE_YAML).unwrap();
    let as_json = serde_json::to_string_pretty(&objects).unwrap();
    assert_eq!(ImportFile::parse(&as_json).unwrap(), file);
}

#[test]
fn template_errors_name_their_place() {
    let mut objects = yaml::read_documents(TEMPLATE_YAML).unwrap();
    type Break = Box<dyn Fn(&mut Vec<Value>)>;
    let cases: Vec<(Break, &str)> = vec![
        (Box::new(|o| o[2]["spec"]["charts"][1]["kind"] = json!("Foo")), "Dashboard “System” (object 3), chart 2: unknown kind 'Foo'"),
        (
            Box::new(|o| o[2]["spec"]["charts"][0]["width"] = json!(13)),
            "Dashboard “System” (object 3), chart 1: A cell must fit in the 12 columns",
        ),
        (
            Box::new(|o| o[2]["spec"]["associations"][0]["name"] = json!("nope")),
            "Dashboard “System” (object 3): the label 'nope' is not defined",
        ),
        (Box::new(|o| o[1]["apiVersion"] = json!("influxdata.com/v1")), "Object 2: apiVersion 'influxdata.com/v1'"),
        (Box::new(|o| o[1]["kind"] = json!("Widget")), "Object 2: unknown kind 'Widget'"),
        (Box::new(|o| o[3]["spec"]["name"] = json!("X")), "Dashboard “X” (object 4): a dashboard name needs at least 2 characters"),
        (Box::new(|o| o[0]["metadata"] = json!({})), "Object 1 (Label) has no metadata.name"),
        (Box::new(|o| o[2]["spec"]["charts"] = json!({"a": 1})), "charts is not a list"),
        (Box::new(|o| o.retain(|x| x["kind"] != "Dashboard")), "This template has no dashboard to import (it holds 1 Bucket)"),
    ];
    for (change, want) in cases {
        let mut o = objects.clone();
        change(&mut o);
        let e = ImportFile::parse(&serde_json::to_string(&o).unwrap()).unwrap_err();
        assert!(e.message().contains(want), "{want}\n got: {}", e.message());
    }
    objects.truncate(1);
    objects[0]["apiVersion"] = Value::Null;
    let e = ImportFile::parse(&serde_json::to_string(&objects[0]).unwrap()).unwrap_err();
    assert!(e.message().contains("neither a dashboard export"), "{}", e.message());
}

#[test]
fn syntax_errors_say_line_and_column_not_the_parser() {
    let e = ImportFile::parse("[{\"apiVersion\": \"influxdata.com/v2alpha1\",\n  \"kind\": Dashboard}]").unwrap_err();
    assert_eq!(e.message(), "Line 2, column 11: this is not well-formed JSON.");
    let e = ImportFile::parse("[{\"apiVersion\": \"x\"").unwrap_err();
    assert!(e.message().ends_with("the file ends before the JSON does."), "{}", e.message());
    let e = ImportFile::parse("apiVersion: a\nkind: Dashboard\n  metadata: x\n").unwrap_err();
    assert!(e.message().starts_with("Line 3, column"), "{}", e.message());
    assert!(e.message().ends_with("this is not well-formed YAML."), "{}", e.message());
}

#[test]
fn our_own_export_still_imports_and_a_template_export_reads_back() {
    let file = ImportFile::parse(TEMPLATE_YAML).unwrap();
    let docs = file.dashboards().to_vec();
    // Our format, in JSON.
    let ours = serde_json::to_string(&docs[0]).unwrap();
    assert_eq!(ImportFile::parse(&ours).unwrap(), ImportFile::Export(docs[0].clone()));

    // Written as a template (both formats) and read back: the same dashboards.
    let export = export_template(&docs);
    assert!(export.left_out.is_empty() && export.losses.is_empty(), "{export:?}");
    let kinds: Vec<&str> = export.objects.iter().map(|o| o["kind"].as_str().unwrap()).collect();
    assert_eq!(kinds, ["Label", "Dashboard", "Dashboard"]);
    assert_eq!(export.objects[1]["metadata"]["name"], "dashboard-system");
    assert_eq!(export.objects[1]["spec"]["associations"], json!([{"kind": "Label", "name": "label-prod"}]));
    for format in [TemplateFormat::Json, TemplateFormat::Yaml] {
        let text = export.to_text(format);
        let back = ImportFile::parse(&text).unwrap_or_else(|e| panic!("{format:?}: {}\n{text}", e.message()));
        assert_eq!(back.dashboards(), &docs[..], "{format:?}\n{text}");
    }
    assert_eq!(template_file_name("CPU / hosts", TemplateFormat::Yaml), "CPU---hosts.template.yml");
}

#[test]
fn export_names_what_it_leaves_out_and_what_it_loses() {
    let mut doc = ImportFile::parse(TEMPLATE_YAML).unwrap().dashboards()[0].clone();
    doc.cells.push(ExportCell {
        x: 0,
        y: 3,
        w: 4,
        h: 2,
        name: "alerts".into(),
        properties: serde_json::from_value(
            json!({"shape": "chronograf-v2", "type": "check", "checkID": "0000000000000001", "queries": [], "colors": []}),
        )
        .unwrap(),
    });
    let mut xy = full_view("xy");
    xy["axes"]["y"]["bounds"] = json!(["0", "100"]);
    doc.cells.push(ExportCell { x: 4, y: 3, w: 4, h: 2, name: "cpu".into(), properties: serde_json::from_value(xy).unwrap() });
    let export = export_template(&[doc.clone(), doc]);
    assert_eq!(export.left_out, vec![("System".into(), "alerts".into(), "check".into()); 2]);
    assert_eq!(export.losses[0], ("System".into(), "cpu".into(), vec!["axes.y.bounds".to_owned()]));
    let metas: Vec<&str> = export.objects.iter().map(|o| o["metadata"]["name"].as_str().unwrap()).collect();
    assert_eq!(metas, ["label-prod", "dashboard-system", "dashboard-system-2"], "metadata names are unique");
}
