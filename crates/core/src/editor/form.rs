//! The option forms of the view editor, declared: for each view type, the sections it shows
//! and in each the members it edits (by path in the properties, as `checks` names them), the
//! control each gets, and the special editors (color scheme, thresholds, table columns, the
//! note). The page renders these with one generic form; a test checks that every member the
//! server stores for a type is reachable from its form.

/// The kind of control a member gets.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Control {
    /// A line of text.
    Text,
    /// Several lines of text (a note).
    Area,
    /// A number (any finite value).
    Number,
    /// A whole number.
    Integer,
    /// A check box.
    Toggle,
    /// One of a list: (stored value, label).
    Choice(&'static [(&'static str, &'static str)]),
    /// A text with suggestions (any value allowed): the suggestions.
    Suggest(&'static [&'static str]),
    /// A list of column names, typed comma-separated.
    Columns,
    /// Two bounds stored as strings (`["", "100"]`, "" for automatic).
    Bounds,
    /// Two bounds stored as numbers, or `[]` for automatic.
    Domain,
}

/// One member in a form.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct FieldSpec {
    /// Where it is in the properties: `axes.y.label`, `decimalPlaces.digits`.
    pub path: &'static str,
    pub label: &'static str,
    pub control: Control,
}

/// A part of a view type's form.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Part {
    /// Plain members under a title.
    Fields { title: &'static str, fields: Vec<FieldSpec> },
    /// The colors lines are drawn with: `colors` entries of type `scale` (objects), or the
    /// whole `colors` list when it holds plain hex strings.
    Scheme { hex_strings: bool },
    /// Threshold colors (`text`, `background`, `threshold`, and a gauge's `min`/`max`).
    Thresholds { gauge: bool },
    /// A table's columns: rename, show or hide, reorder (`fieldOptions`), and the sort column.
    TableColumns,
    /// A note in Markdown with its preview beside it (`note`).
    Note,
    /// Members only the JSON tab edits, and why.
    JsonOnly { paths: &'static [&'static str], why: &'static str },
}

const fn f(path: &'static str, label: &'static str, control: Control) -> FieldSpec {
    FieldSpec { path, label, control }
}

const GEOMS: &[(&str, &str)] = &[("line", "Line"), ("step", "Step"), ("monotoneX", "Smooth"), ("bar", "Bar")];
const POSITIONS: &[(&str, &str)] = &[("overlaid", "Overlaid"), ("stacked", "Stacked")];
const HOVER: &[(&str, &str)] = &[("auto", "Auto"), ("x", "X"), ("y", "Y"), ("xy", "X and Y")];
const BASES: &[(&str, &str)] = &[("10", "Base 10"), ("2", "Base 2"), ("", "Automatic")];
const SCALES: &[(&str, &str)] = &[("linear", "Linear"), ("log", "Logarithmic")];
const WRAPPING: &[(&str, &str)] = &[("truncate", "Truncate"), ("wrap", "Wrap"), ("single-line", "Single line")];
const VALUE_AXIS: &[(&str, &str)] = &[("y", "Y"), ("x", "X")];
/// The time formats InfluxDB's UI offers.
pub const TIME_FORMATS: &[&str] = &[
    "YYYY-MM-DD HH:mm:ss",
    "YYYY-MM-DD HH:mm:ss ZZ",
    "DD/MM/YYYY HH:mm:ss.sss",
    "DD/MM/YYYY hh:mm:ss.sss a",
    "MM/DD/YYYY HH:mm:ss.sss",
    "MM/DD/YYYY hh:mm:ss.sss a",
    "YYYY/MM/DD HH:mm:ss",
    "YYYY/MM/DD hh:mm:ss a",
    "HH:mm",
    "hh:mm a",
    "HH:mm:ss",
    "hh:mm:ss a",
    "HH:mm:ss ZZ",
    "HH:mm:ss.sss",
    "MMMM D, YYYY HH:mm:ss",
    "dddd, MMMM D, YYYY HH:mm:ss",
];
const COLUMNS: &[&str] = &["_time", "_value", "_start", "_stop", "_field", "_measurement", "host"];

fn fields(title: &'static str, fields: Vec<FieldSpec>) -> Part {
    Part::Fields { title, fields }
}

/// The axes of the xy family (`axes.x`, `axes.y`): one editor shared by xy, band and
/// line-plus-single-stat.
fn axes() -> Part {
    fields(
        "Axes",
        vec![
            f("axes.x.label", "X label", Control::Text),
            f("axes.x.bounds", "X bounds (min, max)", Control::Bounds),
            f("axes.x.prefix", "X prefix", Control::Text),
            f("axes.x.suffix", "X suffix", Control::Text),
            f("axes.x.base", "X base", Control::Choice(BASES)),
            f("axes.x.scale", "X scale", Control::Choice(SCALES)),
            f("axes.y.label", "Y label", Control::Text),
            f("axes.y.bounds", "Y bounds (min, max)", Control::Bounds),
            f("axes.y.prefix", "Y prefix", Control::Text),
            f("axes.y.suffix", "Y suffix", Control::Text),
            f("axes.y.base", "Y base", Control::Choice(BASES)),
            f("axes.y.scale", "Y scale", Control::Choice(SCALES)),
        ],
    )
}

/// The flat axes of the plot types (`xAxisLabel`, `xPrefix`, `xDomain`…).
fn flat_axes(y: bool) -> Part {
    let mut v = vec![
        f("xAxisLabel", "X label", Control::Text),
        f("xDomain", "X domain (min, max)", Control::Domain),
        f("xPrefix", "X prefix", Control::Text),
        f("xSuffix", "X suffix", Control::Text),
    ];
    if y {
        v.extend([
            f("yAxisLabel", "Y label", Control::Text),
            f("yDomain", "Y domain (min, max)", Control::Domain),
            f("yPrefix", "Y prefix", Control::Text),
            f("ySuffix", "Y suffix", Control::Text),
        ]);
    }
    fields("Axes", v)
}

/// Tick placement (`generateXAxisTicks`, `xTotalTicks`, `xTickStart`, `xTickStep`, and y).
fn ticks(y: bool) -> Part {
    let mut v = vec![
        f("generateXAxisTicks", "X ticks generated from", Control::Columns),
        f("xTotalTicks", "X tick count", Control::Integer),
        f("xTickStart", "X first tick", Control::Number),
        f("xTickStep", "X tick step", Control::Number),
    ];
    if y {
        v.extend([
            f("generateYAxisTicks", "Y ticks generated from", Control::Columns),
            f("yTotalTicks", "Y tick count", Control::Integer),
            f("yTickStart", "Y first tick", Control::Number),
            f("yTickStep", "Y tick step", Control::Number),
        ]);
    }
    fields("Ticks", v)
}

/// The hover legend (`legendColorizeRows`, `legendHide`, `legendOpacity`,
/// `legendOrientationThreshold`), shared by every chart type.
fn legend(hover_dimension: bool) -> Part {
    let mut v = vec![
        f("legendHide", "Hide the legend", Control::Toggle),
        f("legendColorizeRows", "Color the legend's rows", Control::Toggle),
        f("legendOpacity", "Legend opacity (0 to 1)", Control::Number),
        f("legendOrientationThreshold", "Legend orientation threshold", Control::Integer),
    ];
    if hover_dimension {
        v.insert(0, f("hoverDimension", "Hover dimension", Control::Choice(HOVER)));
    }
    fields("Legend", v)
}

/// The static legend below a chart (`staticLegend.*`).
fn static_legend() -> Part {
    fields(
        "Static legend",
        vec![
            f("staticLegend.show", "Show a static legend", Control::Toggle),
            f("staticLegend.colorizeRows", "Color its rows", Control::Toggle),
            f("staticLegend.opacity", "Opacity (0 to 1)", Control::Number),
            f("staticLegend.orientationThreshold", "Orientation threshold", Control::Integer),
            f("staticLegend.valueAxis", "Value axis", Control::Choice(VALUE_AXIS)),
            f("staticLegend.heightRatio", "Height ratio", Control::Number),
            f("staticLegend.widthRatio", "Width ratio", Control::Number),
        ],
    )
}

fn decimals() -> [FieldSpec; 2] {
    [
        f("decimalPlaces.isEnforced", "Fixed decimal places", Control::Toggle),
        f("decimalPlaces.digits", "Decimal places (0 to 10)", Control::Integer),
    ]
}

/// The note a cell shows (above its data, or only when there is none).
fn cell_note() -> Part {
    fields(
        "Note",
        vec![
            f("note", "Note on the cell (Markdown)", Control::Area),
            f("showNoteWhenEmpty", "Show the note only when there is no data", Control::Toggle),
        ],
    )
}

fn columns(x: bool, y: bool) -> Vec<FieldSpec> {
    let mut v = Vec::new();
    if x {
        v.push(f("xColumn", "X column", Control::Suggest(COLUMNS)));
    }
    if y {
        v.push(f("yColumn", "Y column", Control::Suggest(COLUMNS)));
    }
    v
}

/// The form of a view of `kind`, in the order it is shown.
pub fn form(kind: &str) -> Vec<Part> {
    let time_format = || f("timeFormat", "Time format", Control::Suggest(TIME_FORMATS));
    match kind {
        "xy" | "line-plus-single-stat" | "band" => {
            let mut graph = columns(true, true);
            if kind == "band" {
                graph.extend([
                    f("upperColumn", "Upper column (result name)", Control::Text),
                    f("mainColumn", "Main column (result name)", Control::Text),
                    f("lowerColumn", "Lower column (result name)", Control::Text),
                    f("geom", "Line shape", Control::Choice(GEOMS)),
                ]);
            } else {
                if kind == "xy" {
                    graph.push(f("geom", "Geometry", Control::Choice(GEOMS)));
                }
                graph.push(f("position", "Position", Control::Choice(POSITIONS)));
                graph.push(f("shadeBelow", "Shade below lines", Control::Toggle));
            }
            graph.push(time_format());
            let mut parts =
                vec![fields("Graph", graph), Part::Scheme { hex_strings: false }, axes(), ticks(true), legend(true), static_legend()];
            if kind == "line-plus-single-stat" {
                let mut stat = vec![f("prefix", "Prefix", Control::Text), f("suffix", "Suffix", Control::Text)];
                stat.extend(decimals());
                parts.insert(1, fields("Single stat", stat));
                parts.insert(3, Part::Thresholds { gauge: false });
            }
            parts.push(cell_note());
            parts
        }
        "single-stat" | "gauge" => {
            let mut stat = vec![
                f("prefix", "Prefix", Control::Text),
                f("suffix", "Suffix", Control::Text),
                f("tickPrefix", "Tick prefix", Control::Text),
                f("tickSuffix", "Tick suffix", Control::Text),
            ];
            stat.extend(decimals());
            vec![fields("Value", stat), Part::Thresholds { gauge: kind == "gauge" }, cell_note()]
        }
        "table" => {
            let mut table = vec![
                f("tableOptions.verticalTimeAxis", "Vertical time axis", Control::Toggle),
                f("tableOptions.fixFirstColumn", "Fix the first column", Control::Toggle),
                f("tableOptions.wrapping", "Text wrapping", Control::Choice(WRAPPING)),
                time_format(),
            ];
            table.extend(decimals());
            vec![fields("Table", table), Part::TableColumns, Part::Thresholds { gauge: false }, cell_note()]
        }
        "markdown" => vec![Part::Note],
        "histogram" => vec![
            fields(
                "Histogram",
                vec![
                    f("xColumn", "Column", Control::Suggest(COLUMNS)),
                    f("fillColumns", "Group by (fill columns)", Control::Columns),
                    f("binCount", "Bins", Control::Integer),
                    f("position", "Position", Control::Choice(POSITIONS)),
                ],
            ),
            Part::Scheme { hex_strings: false },
            fields("Axes", vec![f("xAxisLabel", "X label", Control::Text), f("xDomain", "X domain (min, max)", Control::Domain)]),
            legend(false),
            cell_note(),
        ],
        "heatmap" => {
            let mut plot = columns(true, true);
            plot.extend([f("binSize", "Bin size (pixels)", Control::Number), time_format()]);
            vec![fields("Heatmap", plot), Part::Scheme { hex_strings: true }, flat_axes(true), ticks(true), legend(false), cell_note()]
        }
        "scatter" => {
            let mut plot = columns(true, true);
            plot.extend([
                f("fillColumns", "Color by (fill columns)", Control::Columns),
                f("symbolColumns", "Shape by (symbol columns)", Control::Columns),
                time_format(),
            ]);
            vec![fields("Scatter", plot), Part::Scheme { hex_strings: true }, flat_axes(true), ticks(true), legend(false), cell_note()]
        }
        "mosaic" => {
            let mut plot = columns(true, false);
            plot.extend([
                f("ySeriesColumns", "Rows (series columns)", Control::Columns),
                f("yLabelColumns", "Row labels (label columns)", Control::Columns),
                f("yLabelColumnSeparator", "Row label separator", Control::Text),
                f("fillColumns", "State (fill columns)", Control::Columns),
                time_format(),
            ]);
            vec![fields("Mosaic", plot), Part::Scheme { hex_strings: true }, flat_axes(true), ticks(false), legend(true), cell_note()]
        }
        "check" => vec![
            fields("Check", vec![f("checkID", "Check ID", Control::Text)]),
            legend(false),
            Part::JsonOnly { paths: &["colors"], why: "A check view's colors are stored as InfluxDB's checks write them." },
        ],
        "geo" => vec![
            fields(
                "Map",
                vec![
                    f("center.lat", "Center latitude", Control::Number),
                    f("center.lon", "Center longitude", Control::Number),
                    f("zoom", "Zoom", Control::Number),
                    f("allowPanAndZoom", "Allow pan and zoom", Control::Toggle),
                    f("detectCoordinateFields", "Detect coordinate fields", Control::Toggle),
                    f("mapStyle", "Map style", Control::Text),
                    f("useS2CellID", "Use S2 cell IDs", Control::Toggle),
                    f("s2Column", "S2 column", Control::Text),
                ],
            ),
            Part::Thresholds { gauge: false },
            Part::JsonOnly { paths: &["layers", "latLonColumns"], why: "Map layers are edited as JSON." },
            cell_note(),
        ],
        "log-viewer" => vec![Part::JsonOnly { paths: &["columns"], why: "A log viewer's columns are edited as JSON." }],
        _ => vec![Part::JsonOnly { paths: &[], why: "This view type has no form here: edit it as JSON." }],
    }
}

/// The members a part edits (their paths, or the prefix of those it edits as a whole).
pub fn part_paths(part: &Part) -> Vec<&'static str> {
    match part {
        Part::Fields { fields, .. } => fields.iter().map(|f| f.path).collect(),
        Part::Scheme { .. } | Part::Thresholds { .. } => vec!["colors"],
        Part::TableColumns => vec!["fieldOptions", "tableOptions.sortBy"],
        Part::Note => vec!["note"],
        Part::JsonOnly { paths, .. } => paths.to_vec(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::Value;

    /// Every leaf member the server stores for a type (objects descended into).
    fn leaves(prefix: &str, v: &Value, out: &mut Vec<String>) {
        match v {
            Value::Object(m) if !m.is_empty() => {
                for (k, v) in m {
                    let p = if prefix.is_empty() { k.clone() } else { format!("{prefix}.{k}") };
                    leaves(&p, v, out);
                }
            }
            _ => out.push(prefix.to_owned()),
        }
    }

    #[test]
    fn every_member_the_server_stores_is_in_its_types_form() {
        let shapes: Value = serde_json::from_str(include_str!("../../../devserver/src/server_shapes.json")).unwrap();
        for (kind, members) in shapes["types"].as_object().unwrap() {
            let covered: Vec<&str> = form(kind).iter().flat_map(part_paths).collect();
            let mut all = Vec::new();
            leaves("", members, &mut all);
            for m in all {
                if m == "queries" {
                    continue; // the query tabs
                }
                // Edited itself, as a whole (a prefix of it), or member by member (stored as null).
                let ok = covered.iter().any(|c| m == *c || m.starts_with(&format!("{c}.")) || c.starts_with(&format!("{m}.")));
                assert!(ok, "{kind}: {m} has no control");
            }
        }
    }

    #[test]
    fn the_xy_family_shares_one_axes_editor_and_every_path_is_unique_in_a_form() {
        for kind in ["xy", "band", "line-plus-single-stat", "heatmap", "scatter", "mosaic", "histogram", "table", "gauge", "geo"] {
            let paths: Vec<&str> = form(kind).iter().filter(|p| matches!(p, Part::Fields { .. })).flat_map(part_paths).collect();
            let mut unique = paths.clone();
            unique.sort();
            unique.dedup();
            assert_eq!(unique.len(), paths.len(), "{kind}: a member appears twice");
        }
        assert!(form("xy").contains(&axes()) && form("band").contains(&axes()));
        assert!(form("line-plus-single-stat").contains(&Part::Thresholds { gauge: false }));
    }
}
