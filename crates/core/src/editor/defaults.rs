//! The properties of a new view of each type, as the official UI creates them
//! (`src/views/helpers/index.ts` in influxdata/ui): every member the OpenAPI spec requires
//! for the type, with the UI's default values and colour schemes. Colour ids are fixed
//! strings here (the official UI draws random ones); nothing reads them but the editor.

use serde_json::{json, Map, Value};

/// The types the type picker offers, in its order: every type the server stores that a
/// dashboard cell draws (`check` belongs to checks, `geo` is cloud-only, `log-viewer` is
/// server-only, `simple-table` is not stored, B9).
pub const SWITCH_TYPES: [&str; 11] =
    ["xy", "line-plus-single-stat", "band", "single-stat", "gauge", "table", "histogram", "heatmap", "scatter", "mosaic", "markdown"];

/// The query a new view starts with (`defaultViewQuery`).
pub fn default_query() -> Value {
    json!({
        "name": "",
        "text": "",
        "editMode": "builder",
        "builderConfig": {
            "buckets": [],
            "tags": [{"key": "_measurement", "values": [], "aggregateFunctionType": "filter"}],
            "functions": [{"name": "mean"}],
            "aggregateWindow": {"period": "auto", "fillValues": false}
        }
    })
}

/// The "Nineteen Eighty Four" line colours: xy, band, histogram.
pub fn line_colors() -> Value {
    let c =
        |i: usize, hex: &str| json!({"id": format!("scale-{i}"), "type": "scale", "hex": hex, "name": "Nineteen Eighty Four", "value": 0});
    let [a, b, d] = NINETEEN_EIGHTY_FOUR;
    json!([c(0, a), c(1, b), c(2, d)])
}

fn base_text(hex: &str, name: &str) -> Value {
    json!([{"id": "base", "type": "text", "hex": hex, "name": name, "value": 0}])
}

fn gauge_colors() -> Value {
    json!([
        {"id": "0", "type": "min", "hex": "#00C9FF", "name": "laser", "value": 0},
        {"id": "1", "type": "max", "hex": "#9394FF", "name": "comet", "value": 100}
    ])
}

/// Giraffe's INFERNO scheme, the heatmap's default.
const INFERNO: [&str; 12] =
    ["#000004", "#110a30", "#320a5e", "#57106e", "#781c6d", "#9a2865", "#bc3754", "#d84c3e", "#ed6925", "#f98e09", "#fbb61a", "#f4df53"];
/// Giraffe's NINETEEN_EIGHTY_FOUR, the scatter and mosaic default.
const NINETEEN_EIGHTY_FOUR: [&str; 3] = crate::chart::SCHEMES[0].1;

fn axis(with_base: bool) -> Value {
    let mut a = json!({"bounds": ["", ""], "label": "", "prefix": "", "suffix": "", "scale": "linear"});
    if with_base {
        a["base"] = json!("10");
    }
    a
}

fn merge(into: &mut Map<String, Value>, from: Value) {
    if let Value::Object(m) = from {
        into.extend(m);
    }
}

fn legend() -> Value {
    json!({"legendOpacity": 1, "legendOrientationThreshold": 100_000_000, "legendColorizeRows": true, "legendHide": false})
}

fn ticks(y: bool) -> Value {
    let mut t = json!({"generateXAxisTicks": [], "xTotalTicks": null, "xTickStart": null, "xTickStep": null});
    if y {
        merge(
            t.as_object_mut().expect("object"),
            json!({"generateYAxisTicks": [], "yTotalTicks": null, "yTickStart": null, "yTickStep": null}),
        );
    }
    t
}

fn note() -> Value {
    json!({"note": "", "showNoteWhenEmpty": false})
}

fn plot_labels() -> Value {
    json!({"xAxisLabel": "", "yAxisLabel": "", "xPrefix": "", "xSuffix": "", "yPrefix": "", "ySuffix": ""})
}

/// `defaultLineViewProperties` (with `base` on the axes) or the band's (without).
fn line_like(with_base: bool) -> Value {
    let mut m = Map::new();
    merge(&mut m, legend());
    merge(&mut m, note());
    merge(&mut m, ticks(true));
    merge(
        &mut m,
        json!({
            "staticLegend": {"heightRatio": 0, "show": false, "widthRatio": 1},
            "queries": [default_query()],
            "colors": line_colors(),
            "axes": {"x": axis(with_base), "y": axis(with_base)},
            "hoverDimension": "auto",
        }),
    );
    Value::Object(m)
}

fn stat(colors: Value) -> Value {
    let mut m = Map::new();
    merge(&mut m, note());
    merge(
        &mut m,
        json!({
            "queries": [default_query()],
            "colors": colors,
            "prefix": "", "tickPrefix": "", "suffix": "", "tickSuffix": "",
            "decimalPlaces": {"isEnforced": true, "digits": 2},
        }),
    );
    Value::Object(m)
}

/// The properties of a new view of type `kind` (with `type` and `shape`), or `None` for a
/// type not in [`SWITCH_TYPES`].
pub fn default_properties(kind: &str) -> Option<Map<String, Value>> {
    let mut m = Map::new();
    match kind {
        "xy" => {
            merge(&mut m, line_like(true));
            merge(&mut m, json!({"geom": "line", "xColumn": null, "yColumn": null, "position": "overlaid"}));
        }
        "band" => {
            merge(&mut m, line_like(false));
            merge(
                &mut m,
                json!({"upperColumn": "", "mainColumn": "mean", "lowerColumn": "", "geom": "line", "xColumn": null, "yColumn": null}),
            );
        }
        "line-plus-single-stat" => {
            // The official UI spreads the single stat's defaults over the line's, colours too.
            merge(&mut m, line_like(true));
            merge(&mut m, stat(base_text("#00C9FF", "laser")));
            merge(&mut m, json!({"xColumn": null, "yColumn": null, "position": "overlaid"}));
        }
        "single-stat" => merge(&mut m, stat(base_text("#00C9FF", "laser"))),
        "gauge" => merge(&mut m, stat(gauge_colors())),
        "histogram" => {
            merge(&mut m, legend());
            merge(&mut m, note());
            merge(
                &mut m,
                json!({"queries": [], "xColumn": "_value", "xDomain": null, "xAxisLabel": "", "fillColumns": null,
                       "position": "stacked", "binCount": 30, "colors": line_colors()}),
            );
        }
        "heatmap" => {
            merge(&mut m, legend());
            merge(&mut m, note());
            merge(&mut m, ticks(true));
            merge(&mut m, plot_labels());
            merge(
                &mut m,
                json!({"queries": [], "xColumn": null, "yColumn": null, "xDomain": null, "yDomain": null, "colors": INFERNO, "binSize": 10}),
            );
        }
        "scatter" => {
            merge(&mut m, legend());
            merge(&mut m, note());
            merge(&mut m, ticks(true));
            merge(&mut m, plot_labels());
            merge(
                &mut m,
                json!({"queries": [default_query()], "colors": NINETEEN_EIGHTY_FOUR, "fillColumns": null, "symbolColumns": null,
                       "xColumn": null, "xDomain": null, "yColumn": null, "yDomain": null}),
            );
        }
        "mosaic" => {
            merge(&mut m, legend());
            merge(&mut m, note());
            merge(&mut m, ticks(false));
            merge(&mut m, plot_labels());
            merge(
                &mut m,
                json!({"queries": [default_query()], "colors": NINETEEN_EIGHTY_FOUR, "fillColumns": null, "xColumn": null,
                       "xDomain": null, "ySeriesColumns": null, "yLabelColumns": null, "yLabelColumnSeparator": "", "yDomain": null}),
            );
        }
        "table" => {
            merge(&mut m, note());
            merge(
                &mut m,
                json!({
                    "queries": [default_query()],
                    "colors": base_text("#ffffff", "white"),
                    "tableOptions": {"verticalTimeAxis": true, "sortBy": null, "fixFirstColumn": false},
                    "fieldOptions": [],
                    "decimalPlaces": {"isEnforced": false, "digits": 2},
                    "timeFormat": "YYYY-MM-DD HH:mm:ss",
                }),
            );
        }
        "markdown" => merge(&mut m, json!({"note": ""})),
        _ => return None,
    }
    m.insert("type".into(), json!(kind));
    m.insert("shape".into(), json!("chronograf-v2"));
    Some(m)
}

/// A threshold to add to `colors` (of kind `kind`: "text" or "background"), as InfluxDB's UI
/// adds one, with an id no other color has (that UI tells thresholds apart by id).
pub fn new_threshold(colors: &[Value], kind: &str) -> Value {
    let taken = |id: &str| colors.iter().any(|c| c.get("id").and_then(Value::as_str) == Some(id));
    let id = (colors.len()..).map(|n| format!("threshold-{n}")).find(|id| !taken(id)).unwrap_or_default();
    json!({"id": id, "type": kind, "hex": "#FFB94A", "name": "pineapple", "value": 0})
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    #[test]
    fn a_new_threshold_gets_an_id_no_other_color_has() {
        // Add, add, remove the first, add: the third got the second's id.
        let colors = vec![json!({"id": "base"}), json!({"id": "threshold-2"})];
        assert_eq!(new_threshold(&colors, "text")["id"], "threshold-3");
        assert_eq!(new_threshold(&colors[..1], "background")["type"], "background");
    }
    use crate::editor::checks::check_view;
    use crate::model::ViewProperties;

    /// Each type's required members in `shared/openapi/oss.yml` (besides type and shape).
    const REQUIRED: [(&str, &[&str]); 11] = [
        ("xy", &["queries", "colors", "axes", "geom", "note", "showNoteWhenEmpty", "position"]),
        (
            "line-plus-single-stat",
            &["queries", "colors", "axes", "note", "showNoteWhenEmpty", "prefix", "suffix", "decimalPlaces", "position"],
        ),
        ("band", &["queries", "colors", "axes", "geom", "note", "showNoteWhenEmpty"]),
        (
            "heatmap",
            &[
                "queries",
                "colors",
                "note",
                "showNoteWhenEmpty",
                "xColumn",
                "yColumn",
                "xDomain",
                "yDomain",
                "xAxisLabel",
                "yAxisLabel",
                "xPrefix",
                "yPrefix",
                "xSuffix",
                "ySuffix",
                "binSize",
            ],
        ),
        (
            "histogram",
            &["queries", "colors", "note", "showNoteWhenEmpty", "xColumn", "fillColumns", "xDomain", "xAxisLabel", "position", "binCount"],
        ),
        (
            "mosaic",
            &[
                "queries",
                "colors",
                "note",
                "showNoteWhenEmpty",
                "xColumn",
                "ySeriesColumns",
                "fillColumns",
                "xDomain",
                "yDomain",
                "xAxisLabel",
                "yAxisLabel",
                "xPrefix",
                "yPrefix",
                "xSuffix",
                "ySuffix",
            ],
        ),
        (
            "scatter",
            &[
                "queries",
                "colors",
                "note",
                "showNoteWhenEmpty",
                "xColumn",
                "yColumn",
                "fillColumns",
                "symbolColumns",
                "xDomain",
                "yDomain",
                "xAxisLabel",
                "yAxisLabel",
                "xPrefix",
                "yPrefix",
                "xSuffix",
                "ySuffix",
            ],
        ),
        (
            "single-stat",
            &["queries", "colors", "note", "showNoteWhenEmpty", "prefix", "tickPrefix", "suffix", "tickSuffix", "decimalPlaces"],
        ),
        ("gauge", &["queries", "colors", "note", "showNoteWhenEmpty", "prefix", "tickPrefix", "suffix", "tickSuffix", "decimalPlaces"]),
        ("table", &["queries", "colors", "note", "showNoteWhenEmpty", "tableOptions", "fieldOptions", "timeFormat", "decimalPlaces"]),
        ("markdown", &["note"]),
    ];

    /// The required members of a type (for the switch tests).
    pub(crate) fn required(kind: &str) -> &'static [&'static str] {
        REQUIRED.iter().find(|(k, _)| *k == kind).map(|(_, r)| *r).unwrap_or(&[])
    }

    #[test]
    fn every_default_is_typed_complete_and_passes_the_checks() {
        for kind in SWITCH_TYPES {
            let m = default_properties(kind).unwrap();
            for member in required(kind) {
                assert!(m.contains_key(*member), "{kind} lacks {member}");
            }
            let p = ViewProperties::from_map(m.clone());
            assert!(p.is_typed() && p.type_name() == kind, "{kind}: {p:?}");
            assert!(p.is_storable(), "{kind}");
            assert_eq!(serde_json::to_value(&p).unwrap(), Value::Object(m), "{kind} round-trips");
            assert_eq!(check_view(&p), vec![], "{kind}");
        }
        for kind in SWITCH_TYPES {
            assert!(REQUIRED.iter().any(|(k, _)| *k == kind), "no required list for {kind}");
        }
        assert_eq!(default_properties("simple-table"), None);
        assert_eq!(default_properties("geo"), None);
    }
}
