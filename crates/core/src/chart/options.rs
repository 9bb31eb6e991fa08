//! What a view's properties say about drawing it, read leniently from the stored JSON (every
//! member optional, wrong types ignored): the page draws whatever the server holds.

use super::values::Threshold;
use serde_json::{Map, Value};

/// How the points of an xy series are joined.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Geom {
    #[default]
    Line,
    Step,
    Monotone,
    Bar,
}

/// One axis: user bounds ("" = automatic), label, prefix, suffix, base 2 or 10, log scale.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Axis {
    pub bounds: (Option<f64>, Option<f64>),
    pub label: String,
    pub prefix: String,
    pub suffix: String,
    pub base: u32,
    pub log: bool,
}

/// The options of the xy family (`xy`, `line-plus-single-stat`, `band`) and of stats.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct ViewOptions {
    pub kind: String,
    pub geom: Geom,
    pub stacked: bool,
    pub shade_below: bool,
    pub x_column: String,
    pub y_column: String,
    pub x: Axis,
    pub y: Axis,
    /// The color scheme of lines (the "scale" colors, or every color's hex).
    pub scheme: Vec<String>,
    /// Thresholds of single stats and gauges.
    pub thresholds: Vec<Threshold>,
    pub prefix: String,
    pub suffix: String,
    pub decimals: Option<u32>,
    pub hide_legend: bool,
    pub note: String,
    /// `band`: the results named upper, main and lower.
    pub band: (String, String, String),
    /// `histogram`: the number of bins (0: chosen from the data).
    pub bin_count: usize,
    /// `heatmap`: the side of a cell in pixels.
    pub bin_size: f64,
    /// `histogram`, `scatter`, `mosaic`: the columns whose values pick a color.
    pub fill_columns: Vec<String>,
    /// `scatter`: the columns whose values pick a symbol.
    pub symbol_columns: Vec<String>,
    /// `mosaic`: the columns whose values name a row.
    pub series_columns: Vec<String>,
}

fn s(m: &Map<String, Value>, k: &str) -> String {
    m.get(k).and_then(Value::as_str).unwrap_or_default().to_owned()
}

fn strings(m: &Map<String, Value>, k: &str) -> Vec<String> {
    m.get(k).and_then(Value::as_array).into_iter().flatten().filter_map(Value::as_str).map(str::to_owned).collect()
}

/// The axis of the plot types (`heatmap`, `scatter`, `histogram`, `mosaic`), stored as flat
/// members: `xDomain: [min, max]`, `xAxisLabel`, `xPrefix`, `xSuffix` (and the same for y).
fn flat_axis(m: &Map<String, Value>, a: &str) -> Axis {
    let bound = |i: usize| m.get(&format!("{a}Domain")).and_then(|d| d.get(i)).and_then(Value::as_f64);
    Axis {
        bounds: (bound(0), bound(1)),
        label: s(m, &format!("{a}AxisLabel")),
        prefix: s(m, &format!("{a}Prefix")),
        suffix: s(m, &format!("{a}Suffix")),
        base: 10,
        log: false,
    }
}

fn axis(v: Option<&Value>) -> Axis {
    let Some(m) = v.and_then(Value::as_object) else { return Axis { base: 10, ..Default::default() } };
    let bound = |i: usize| m.get("bounds").and_then(|b| b.get(i)).and_then(Value::as_str).and_then(|b| b.trim().parse::<f64>().ok());
    Axis {
        bounds: (bound(0), bound(1)),
        label: s(m, "label"),
        prefix: s(m, "prefix"),
        suffix: s(m, "suffix"),
        base: if s(m, "base") == "2" { 2 } else { 10 },
        log: s(m, "scale") == "log",
    }
}

impl ViewOptions {
    /// Reads the options of a view's properties (`ViewProperties::to_map`).
    pub fn read(p: &Map<String, Value>) -> ViewOptions {
        let colors: Vec<&Map<String, Value>> =
            p.get("colors").and_then(Value::as_array).into_iter().flatten().filter_map(Value::as_object).collect();
        let scheme: Vec<String> = match p.get("colors") {
            // Some types store their scheme as a list of hex strings.
            Some(Value::Array(a)) if a.iter().all(Value::is_string) => a.iter().filter_map(Value::as_str).map(str::to_owned).collect(),
            _ => {
                let scale: Vec<String> = colors.iter().filter(|c| s(c, "type") == "scale").map(|c| s(c, "hex")).collect();
                if scale.is_empty() {
                    colors.iter().map(|c| s(c, "hex")).collect()
                } else {
                    scale
                }
            }
        };
        let thresholds = colors
            .iter()
            .filter(|c| matches!(s(c, "type").as_str(), "text" | "background" | "threshold" | "min" | "max"))
            .map(|c| Threshold { kind: s(c, "type"), hex: s(c, "hex"), value: c.get("value").and_then(Value::as_f64).unwrap_or(0.0) })
            .collect();
        let decimals = p.get("decimalPlaces").and_then(Value::as_object).and_then(|d| {
            let enforced = d.get("isEnforced").and_then(Value::as_bool).unwrap_or(false);
            enforced.then(|| d.get("digits").and_then(Value::as_u64).map(|n| n.min(10) as u32)).flatten()
        });
        let axes = p.get("axes").and_then(Value::as_object);
        let flat = matches!(s(p, "type").as_str(), "heatmap" | "scatter" | "histogram" | "mosaic");
        let (x, y) = if flat {
            (flat_axis(p, "x"), flat_axis(p, "y"))
        } else {
            (axis(axes.and_then(|a| a.get("x"))), axis(axes.and_then(|a| a.get("y"))))
        };
        ViewOptions {
            kind: s(p, "type"),
            geom: match s(p, "geom").as_str() {
                "step" => Geom::Step,
                "monotoneX" => Geom::Monotone,
                "bar" => Geom::Bar,
                _ => Geom::Line,
            },
            stacked: s(p, "position") == "stacked",
            shade_below: p.get("shadeBelow").and_then(Value::as_bool).unwrap_or(false),
            x_column: Some(s(p, "xColumn")).filter(|c| !c.is_empty()).unwrap_or_else(|| "_time".into()),
            y_column: Some(s(p, "yColumn")).filter(|c| !c.is_empty()).unwrap_or_else(|| "_value".into()),
            x,
            y,
            scheme,
            thresholds,
            prefix: s(p, "prefix"),
            suffix: s(p, "suffix"),
            decimals,
            hide_legend: p.get("legendHide").and_then(Value::as_bool).unwrap_or(false)
                || p.get("legendOpacity").and_then(Value::as_f64) == Some(0.0),
            note: s(p, "note"),
            band: (s(p, "upperColumn"), s(p, "mainColumn"), s(p, "lowerColumn")),
            bin_count: p.get("binCount").and_then(Value::as_u64).unwrap_or(0) as usize,
            bin_size: p.get("binSize").and_then(Value::as_f64).unwrap_or(10.0),
            fill_columns: strings(p, "fillColumns"),
            symbol_columns: strings(p, "symbolColumns"),
            series_columns: strings(p, "ySeriesColumns"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn reads_an_xy_view_as_the_demo_seed_writes_it() {
        let p = json!({"type": "xy", "geom": "step", "position": "stacked", "shadeBelow": true,
            "colors": [{"type": "scale", "hex": "#31C0F6"}, {"type": "scale", "hex": "#A500A5"}],
            "axes": {"y": {"bounds": ["0", ""], "label": "cpu", "suffix": "%", "base": "2", "scale": "log"}},
            "decimalPlaces": {"isEnforced": true, "digits": 1}});
        let o = ViewOptions::read(p.as_object().unwrap());
        assert_eq!(o.geom, Geom::Step);
        assert!(o.stacked && o.shade_below);
        assert_eq!(o.scheme, vec!["#31C0F6", "#A500A5"]);
        assert_eq!(o.y.bounds, (Some(0.0), None));
        assert_eq!((o.y.label.as_str(), o.y.suffix.as_str(), o.y.base, o.y.log), ("cpu", "%", 2, true));
        assert_eq!(o.decimals, Some(1));
        assert_eq!((o.x_column.as_str(), o.y_column.as_str()), ("_time", "_value"));
    }

    #[test]
    fn reads_thresholds_and_tolerates_anything_else() {
        let p = json!({"type": "single-stat", "colors": [{"type": "text", "hex": "#00C9FF", "value": 0},
            {"type": "threshold", "hex": "#DC4E58", "value": 90}], "decimalPlaces": {"isEnforced": false, "digits": 3},
            "axes": "nonsense", "geom": 7});
        let o = ViewOptions::read(p.as_object().unwrap());
        assert_eq!(o.thresholds.len(), 2);
        assert_eq!(o.thresholds[1].value, 90.0);
        assert_eq!(o.decimals, None, "not enforced");
        assert_eq!(o.geom, Geom::Line);
        let heat = json!({"type": "heatmap", "colors": ["#000004", "#fcffa4"]});
        assert_eq!(ViewOptions::read(heat.as_object().unwrap()).scheme, vec!["#000004", "#fcffa4"]);
    }

    #[test]
    fn reads_the_flat_axes_and_columns_of_the_plot_types() {
        let p = json!({"type": "histogram", "xColumn": "_value", "fillColumns": ["_field", 3], "binCount": 30,
            "xDomain": [0, 100.5], "xAxisLabel": "load", "xSuffix": "%", "position": "stacked"});
        let o = ViewOptions::read(p.as_object().unwrap());
        assert_eq!((o.bin_count, o.fill_columns.clone(), o.stacked), (30, vec!["_field".to_string()], true));
        assert_eq!((o.x.bounds, o.x.label.as_str(), o.x.suffix.as_str()), ((Some(0.0), Some(100.5)), "load", "%"));
        let m = json!({"type": "mosaic", "ySeriesColumns": ["host"], "yDomain": []});
        let o = ViewOptions::read(m.as_object().unwrap());
        assert_eq!((o.series_columns, o.y.bounds, o.bin_size), (vec!["host".to_string()], (None, None), 10.0));
    }
}
