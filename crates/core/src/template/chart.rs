//! A template chart and a cell's view properties, each way, as influxd 2.8.0 maps them.
//!
//! Source of truth: influxdata/influxdb v2.8.0, `pkger/parser.go` (`parseChart`: how a chart's
//! members are read), `pkger/parser_models.go` (`chart.properties`: the view a chart becomes;
//! `validProperties`: what a chart must have) and `pkger/clone_resource.go` (`convertCellView`
//! and `convertChartToResource`: the chart a view becomes on export), with the views' JSON
//! form from `dashboard.go`. Each view type is declared once below as the list of its members;
//! both directions walk that list, so the two cannot drift apart.
//!
//! What influxd's own round trip loses is kept lost here too, so a template gives the same
//! view in this app as on influxd: axis bounds of xy, band and line-plus-single-stat charts,
//! query names and builder settings (every query comes back `advanced`), the decimal places
//! of a view that does not enforce them, the time format of xy, band, heatmap, scatter and
//! mosaic views on export, the fill and symbol columns of scatter and mosaic views, and the
//! sort column's display name in tables. `losses` names them for a given view.

use serde_json::{json, Map, Value};

/// A chart's members, as `parseChart` reads them: strings also from numbers, numbers from
/// either integers or floats (an integer member truncates a float), booleans only from booleans.
#[derive(Clone, Copy)]
struct Resource<'a>(&'a Map<String, Value>);

impl<'a> Resource<'a> {
    fn get(&self, key: &str) -> Option<&'a Value> {
        self.0.get(key)
    }
    fn string(&self, key: &str) -> String {
        scalar_text(self.get(key)).unwrap_or_default()
    }
    fn boolean(&self, key: &str) -> bool {
        self.get(key).and_then(Value::as_bool).unwrap_or(false)
    }
    fn float(&self, key: &str) -> f64 {
        self.get(key).and_then(Value::as_f64).unwrap_or(0.0)
    }
    fn int(&self, key: &str) -> Option<i64> {
        let v = self.get(key)?;
        v.as_i64().or_else(|| v.as_f64().map(|f| f as i64))
    }
    fn int_or_zero(&self, key: &str) -> i64 {
        self.int(key).unwrap_or(0)
    }
    /// A list of strings; `None` when the member is absent or not a list (influxd's nil).
    fn strings(&self, key: &str) -> Option<Vec<String>> {
        let list = self.get(key)?.as_array()?;
        Some(list.iter().filter_map(|v| scalar_text(Some(v))).collect())
    }
    /// The objects of a list member; anything else in the list is skipped.
    fn objects(&self, key: &str) -> Vec<Resource<'a>> {
        self.get(key).and_then(Value::as_array).map_or(Vec::new(), |l| l.iter().filter_map(Value::as_object).map(Resource).collect())
    }
    fn object(&self, key: &str) -> Option<Resource<'a>> {
        self.get(key).and_then(Value::as_object).map(Resource)
    }
    /// `name`, trimmed (pkger's `Resource.Name`).
    fn name(&self) -> String {
        self.string("name").trim().to_owned()
    }
}

/// A string as influxd's `ifaceToStr` reads it: a string, or a number written out.
fn scalar_text(v: Option<&Value>) -> Option<String> {
    match v? {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(match n.as_i64() {
            Some(i) => i.to_string(),
            None => n.as_f64().map(format_float).unwrap_or_default(),
        }),
        _ => None,
    }
}

/// A float written the shortest way that reads back the same, as Go's `FormatFloat(f, 'f', -1)`.
fn format_float(f: f64) -> String {
    if f.fract() == 0.0 && f.abs() < 1e15 {
        format!("{}", f as i64)
    } else {
        format!("{f}")
    }
}

/// A JSON number for a float member: integers stay integers, as Go prints them.
fn number(f: f64) -> Value {
    if f.fract() == 0.0 && f.abs() < 1e15 {
        json!(f as i64)
    } else {
        json!(f)
    }
}

/// One member of a view's properties and the chart member(s) that hold it.
#[derive(Clone, Copy, Debug)]
enum Member {
    /// A string: (view key, chart key).
    Str(&'static str, &'static str),
    Bool(&'static str, &'static str),
    Int(&'static str, &'static str),
    Float(&'static str, &'static str),
    /// A list of strings, `null` in the view when the chart has none.
    Strings(&'static str, &'static str),
    Queries,
    /// `colors` as DashboardColor objects (`null` when none).
    Colors,
    /// `colors` as hex strings (`[]` when none).
    Hexes,
    /// `axes: {x: Axis, y: Axis}`, from the chart's axes list; bounds do not travel.
    AxesMap,
    /// `<a>Domain`, `<a>AxisLabel`, and with `affixes` `<a>Prefix` and `<a>Suffix`, from the
    /// chart's axis named `a`.
    PlotAxis {
        axis: &'static str,
        affixes: bool,
    },
    Decimals,
    StaticLegend,
    TableOptions,
    FieldOptions,
    Center,
    Layers,
    /// A string member of the view's Go struct that influxd never sets from a chart: "".
    Blank(&'static str),
    /// A list member of the view's Go struct that influxd never sets from a chart: null.
    Nil(&'static str),
}

use Member::*;

const NOTE: &[Member] = &[Str("note", "note"), Bool("showNoteWhenEmpty", "noteOnEmpty")];
const LEGEND: &[Member] = &[
    Bool("legendColorizeRows", "legendColorizeRows"),
    Bool("legendHide", "legendHide"),
    Float("legendOpacity", "legendOpacity"),
    Int("legendOrientationThreshold", "legendOrientationThreshold"),
];
const X_TICKS: &[Member] = &[
    Str("xColumn", "xCol"),
    Strings("generateXAxisTicks", "generateXAxisTicks"),
    Int("xTotalTicks", "xTotalTicks"),
    Float("xTickStart", "xTickStart"),
    Float("xTickStep", "xTickStep"),
];
const Y_TICKS: &[Member] = &[
    Str("yColumn", "yCol"),
    Strings("generateYAxisTicks", "generateYAxisTicks"),
    Int("yTotalTicks", "yTotalTicks"),
    Float("yTickStart", "yTickStart"),
    Float("yTickStep", "yTickStep"),
];
const STAT: &[Member] = &[
    Queries,
    Str("prefix", "prefix"),
    Str("tickPrefix", "tickPrefix"),
    Str("suffix", "suffix"),
    Str("tickSuffix", "tickSuffix"),
    Colors,
    Decimals,
];
const TIME_FORMAT: &[Member] = &[Str("timeFormat", "timeFormat")];
const PLOT_AXES: &[Member] = &[PlotAxis { axis: "x", affixes: true }, PlotAxis { axis: "y", affixes: true }];

/// A chart kind: its name in templates, the view type it becomes, its members, and the
/// members influxd's export leaves out (by view key).
pub struct ChartKind {
    /// The kind as influxd reads it (lower case; `Single_Stat` and `single_stat` are the same).
    pub chart: &'static str,
    /// The kind as influxd's export writes it.
    pub title: &'static str,
    /// The view `type`.
    pub view: &'static str,
    members: &'static [&'static [Member]],
    not_exported: &'static [&'static str],
}

/// Every chart kind influxd 2.8.0 knows (`chartKind.ok`), in its order.
pub const CHART_KINDS: [ChartKind; 12] = [
    ChartKind { chart: "gauge", title: "Gauge", view: "gauge", members: &[STAT, NOTE], not_exported: &[] },
    ChartKind {
        chart: "geo",
        title: "Geo",
        view: "geo",
        members: &[
            &[
                Queries,
                Center,
                Float("zoom", "zoom"),
                Str("mapStyle", "mapStyle"),
                Bool("allowPanAndZoom", "allowPanAndZoom"),
                Bool("detectCoordinateFields", "detectCoordinateFields"),
                Colors,
                Layers,
            ],
            NOTE,
        ],
        not_exported: &[],
    },
    ChartKind {
        chart: "heatmap",
        title: "Heatmap",
        view: "heatmap",
        members: &[&[Queries, Hexes, Int("binSize", "binSize")], X_TICKS, Y_TICKS, PLOT_AXES, NOTE, TIME_FORMAT, LEGEND],
        not_exported: &["timeFormat"],
    },
    ChartKind {
        chart: "histogram",
        title: "Histogram",
        view: "histogram",
        members: &[
            &[
                Queries,
                Colors,
                Strings("fillColumns", "fillColumns"),
                Str("xColumn", "xCol"),
                PlotAxis { axis: "x", affixes: false },
                Str("position", "position"),
                Int("binCount", "binCount"),
            ],
            NOTE,
            LEGEND,
        ],
        not_exported: &[],
    },
    ChartKind { chart: "markdown", title: "Markdown", view: "markdown", members: &[&[Str("note", "note")]], not_exported: &[] },
    ChartKind {
        chart: "mosaic",
        title: "Mosaic",
        view: "mosaic",
        members: &[
            &[Queries, Hexes, Str("hoverDimension", "hoverDimension")],
            X_TICKS,
            &[
                Str("yLabelColumnSeparator", "yLabelColumnSeparator"),
                Strings("yLabelColumns", "yLabelColumns"),
                Strings("ySeriesColumns", "ySeriesColumns"),
                Nil("fillColumns"),
            ],
            PLOT_AXES,
            NOTE,
            TIME_FORMAT,
            LEGEND,
        ],
        not_exported: &["timeFormat"],
    },
    ChartKind {
        chart: "scatter",
        title: "Scatter",
        view: "scatter",
        members: &[&[Queries, Hexes, Nil("fillColumns"), Nil("symbolColumns")], X_TICKS, Y_TICKS, PLOT_AXES, NOTE, TIME_FORMAT, LEGEND],
        not_exported: &["timeFormat"],
    },
    ChartKind { chart: "single_stat", title: "Single_Stat", view: "single-stat", members: &[STAT, NOTE], not_exported: &[] },
    ChartKind {
        chart: "single_stat_plus_line",
        title: "Single_Stat_Plus_Line",
        view: "line-plus-single-stat",
        members: &[
            &[Str("prefix", "prefix"), Str("suffix", "suffix"), Decimals],
            NOTE,
            X_TICKS,
            Y_TICKS,
            &[Bool("shadeBelow", "shade"), Str("hoverDimension", "hoverDimension"), StaticLegend, Queries, Colors, AxesMap],
            &[Str("position", "position"), Blank("timeFormat")],
            LEGEND,
        ],
        not_exported: &[],
    },
    ChartKind {
        chart: "table",
        title: "Table",
        view: "table",
        members: &[NOTE, &[Decimals, Queries, Colors, TableOptions, FieldOptions], TIME_FORMAT],
        not_exported: &[],
    },
    ChartKind {
        chart: "xy",
        title: "Xy",
        view: "xy",
        members: &[
            NOTE,
            X_TICKS,
            Y_TICKS,
            &[Bool("shadeBelow", "shade"), Str("hoverDimension", "hoverDimension"), StaticLegend, Queries, Colors, AxesMap],
            &[Str("geom", "geom"), Str("position", "position")],
            TIME_FORMAT,
            LEGEND,
        ],
        not_exported: &["timeFormat"],
    },
    ChartKind {
        chart: "band",
        title: "Band",
        view: "band",
        members: &[
            &[Queries, Colors, StaticLegend, Str("hoverDimension", "hoverDimension")],
            X_TICKS,
            Y_TICKS,
            &[Str("upperColumn", "upperColumn"), Str("mainColumn", "mainColumn"), Str("lowerColumn", "lowerColumn")],
            &[AxesMap, Str("geom", "geom")],
            NOTE,
            TIME_FORMAT,
            LEGEND,
        ],
        not_exported: &["timeFormat"],
    },
];

impl ChartKind {
    fn members(&self) -> impl Iterator<Item = Member> + '_ {
        self.members.iter().flat_map(|g| g.iter().copied())
    }

    /// The kind of a chart, read as influxd reads it (trimmed, any case).
    pub fn by_chart(kind: &str) -> Option<&'static ChartKind> {
        let k = kind.trim().to_lowercase();
        CHART_KINDS.iter().find(|c| c.chart == k)
    }

    /// The chart kind a view type is exported as, if a template can hold it.
    pub fn by_view(view_type: &str) -> Option<&'static ChartKind> {
        CHART_KINDS.iter().find(|c| c.view == view_type)
    }
}

/// A cell read from a template chart: position, name and the view properties influxd would
/// store for it.
#[derive(Clone, Debug, PartialEq)]
pub struct ChartCell {
    pub x: i32,
    pub y: i32,
    pub w: i32,
    pub h: i32,
    pub name: String,
    pub properties: Value,
}

/// Why a chart can't be read; said in words, the place is added by the caller.
#[derive(Clone, Debug, PartialEq)]
pub enum ChartError {
    NotAnObject,
    NoKind,
    UnknownKind(String),
    /// A member with what is wrong with it.
    Member {
        member: String,
        problem: String,
    },
}

impl std::fmt::Display for ChartError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ChartError::NotAnObject => write!(f, "is not an object with a kind and members"),
            ChartError::NoKind => write!(f, "has no kind"),
            ChartError::UnknownKind(k) => {
                let known: Vec<&str> = CHART_KINDS.iter().map(|c| c.title).collect();
                write!(f, "unknown kind '{k}' (a chart is one of {})", known.join(", "))
            }
            ChartError::Member { member, problem } => write!(f, "{member} {problem}"),
        }
    }
}

fn member_error(member: impl Into<String>, problem: impl Into<String>) -> ChartError {
    ChartError::Member { member: member.into(), problem: problem.into() }
}

/// Reads a template chart into a cell, refusing what influxd's `validProperties` refuses.
pub fn chart_to_cell(chart: &Value) -> Result<ChartCell, ChartError> {
    let r = Resource(chart.as_object().ok_or(ChartError::NotAnObject)?);
    let kind_text = match r.get("kind") {
        Some(Value::String(s)) => s.clone(),
        None | Some(Value::Null) => return Err(ChartError::NoKind),
        Some(other) => other.to_string(),
    };
    let kind = ChartKind::by_chart(&kind_text).ok_or_else(|| ChartError::UnknownKind(kind_text.trim().to_owned()))?;
    check_chart(kind, r)?;
    let mut props = Map::new();
    props.insert("shape".into(), json!("chronograf-v2"));
    props.insert("type".into(), json!(kind.view));
    for m in kind.members() {
        write_view_member(m, r, &mut props);
    }
    let int = |k: &str| r.int_or_zero(k).clamp(i32::MIN as i64, i32::MAX as i64) as i32;
    Ok(ChartCell { x: int("xPos"), y: int("yPos"), w: int("width"), h: int("height"), name: r.name(), properties: Value::Object(props) })
}

/// influxd's `validProperties`: markdown charts are taken as they are; every other chart needs
/// a size, and colors with a hex value; some kinds need named axes, a geometry, known
/// positions and wrapping, or min and max colors.
fn check_chart(kind: &ChartKind, r: Resource) -> Result<(), ChartError> {
    if kind.chart == "markdown" {
        return Ok(());
    }
    for key in ["width", "height"] {
        if r.int_or_zero(key) <= 0 {
            return Err(member_error(key, "must be greater than 0"));
        }
    }
    for (i, c) in r.objects("colors").iter().enumerate() {
        if c.string("hex").is_empty() {
            return Err(member_error(format!("color {}", i + 1), "has no hex value"));
        }
    }
    let axes: Vec<String> = r.objects("axes").iter().map(Resource::name).collect();
    for (i, a) in r.objects("axes").iter().enumerate() {
        if let Some(Value::Array(domain)) = a.get("domain") {
            for d in domain {
                if scalar_text(Some(d)).and_then(|t| t.parse::<f64>().ok()).is_none() {
                    return Err(member_error(format!("axis {}", i + 1), format!("has a domain value that is not a number: {d}")));
                }
            }
        }
    }
    let need_axes = |names: &[&str]| -> Result<(), ChartError> {
        match names.iter().find(|n| !axes.iter().any(|a| a == *n)) {
            Some(missing) => Err(member_error("axes", format!("need an axis named '{missing}'"))),
            None => Ok(()),
        }
    };
    let check_position = || {
        let p = r.string("position").to_lowercase();
        if p.is_empty() || p == "overlaid" || p == "stacked" {
            Ok(())
        } else {
            Err(member_error("position", format!("'{p}' is not overlaid or stacked")))
        }
    };
    match kind.chart {
        "gauge" => {
            let types: Vec<String> = r.objects("colors").iter().map(|c| c.string("type")).collect();
            for t in ["min", "max"] {
                if !types.iter().any(|x| x == t) {
                    return Err(member_error("colors", format!("need a color of type '{t}'")));
                }
            }
        }
        "heatmap" | "scatter" => need_axes(&["x", "y"])?,
        "histogram" => need_axes(&["x"])?,
        "single_stat_plus_line" => {
            need_axes(&["x", "y"])?;
            check_position()?;
        }
        "table" => {
            let wrapping = r.object("tableOptions").map(|t| t.string("wrapping")).unwrap_or_default();
            if !["", "single-line", "truncate", "wrap"].contains(&wrapping.as_str()) {
                return Err(member_error("tableOptions.wrapping", format!("'{wrapping}' is not single-line, truncate or wrap")));
            }
        }
        "xy" => {
            let geom = r.string("geom");
            if !GEOMS.contains(&geom.as_str()) {
                let problem = if geom.is_empty() { "is missing".to_owned() } else { format!("'{geom}' is not supported") };
                return Err(member_error("geom", format!("{problem} (one of {})", GEOMS.join(", "))));
            }
            need_axes(&["x", "y"])?;
            check_position()?;
        }
        _ => {}
    }
    Ok(())
}

/// The geometries influxd accepts in an xy chart (`geometryTypes`).
const GEOMS: [&str; 5] = ["line", "step", "stacked", "monotoneX", "bar"];

fn strings_value(list: Option<Vec<String>>) -> Value {
    list.map_or(Value::Null, |l| json!(l))
}

/// The axis of a chart named `name` (influxd's `axes.get`: the first one, or none).
fn chart_axis<'a>(r: Resource<'a>, name: &str) -> Option<Resource<'a>> {
    r.objects("axes").into_iter().find(|a| a.name() == name)
}

fn axis_domain(a: Resource) -> Vec<f64> {
    match a.get("domain") {
        Some(Value::Array(l)) => l.iter().filter_map(|v| scalar_text(Some(v))?.parse().ok()).collect(),
        _ => Vec::new(),
    }
}

/// A view Axis from a chart axis; `null_bounds` for geo dimensions.
fn view_axis(a: Option<Resource>, null_bounds: bool) -> Value {
    let s = |k: &str| a.map(|a| a.string(k)).unwrap_or_default();
    json!({"bounds": if null_bounds { Value::Null } else { json!([]) }, "label": s("label"), "prefix": s("prefix"),
           "suffix": s("suffix"), "base": s("base"), "scale": s("scale")})
}

fn view_colors(r: Resource, key: &str) -> Value {
    let colors = r.objects(key);
    if colors.is_empty() {
        return Value::Null;
    }
    Value::Array(
        colors
            .iter()
            .map(|c| json!({"id": c.string("id"), "type": c.string("type"), "hex": c.string("hex"), "name": c.name(), "value": number(c.float("value"))}))
            .collect(),
    )
}

fn write_view_member(m: Member, r: Resource, out: &mut Map<String, Value>) {
    let mut put = |k: &str, v: Value| {
        out.insert(k.to_owned(), v);
    };
    match m {
        Str(v, c) => put(v, json!(r.string(c))),
        Bool(v, c) => put(v, json!(r.boolean(c))),
        Int(v, c) => put(v, json!(r.int_or_zero(c))),
        Float(v, c) => put(v, number(r.float(c))),
        Strings(v, c) => put(v, strings_value(r.strings(c))),
        Queries => {
            let queries: Vec<Value> = r
                .objects("queries")
                .iter()
                .map(|q| q.string("query"))
                .filter(|q| !q.is_empty())
                .map(|q| {
                    json!({"text": q.trim(), "editMode": "advanced", "name": "",
                           "builderConfig": {"buckets": [], "tags": [], "functions": [], "aggregateWindow": {"period": "", "fillValues": false}}})
                })
                .collect();
            put("queries", if queries.is_empty() { Value::Null } else { Value::Array(queries) });
        }
        Colors => put("colors", view_colors(r, "colors")),
        Hexes => put("colors", Value::Array(r.objects("colors").iter().map(|c| json!(c.string("hex"))).collect())),
        AxesMap => {
            let mut axes = Map::new();
            for a in r.objects("axes") {
                axes.insert(a.name(), view_axis(Some(a), false));
            }
            put("axes", Value::Object(axes));
        }
        PlotAxis { axis, affixes } => {
            let a = chart_axis(r, axis);
            let domain = a.map(axis_domain).unwrap_or_default();
            if !domain.is_empty() {
                put(&format!("{axis}Domain"), Value::Array(domain.into_iter().map(number).collect()));
            }
            let s = |k: &str| a.map(|a| a.string(k)).unwrap_or_default();
            put(&format!("{axis}AxisLabel"), json!(s("label")));
            if affixes {
                put(&format!("{axis}Prefix"), json!(s("prefix")));
                put(&format!("{axis}Suffix"), json!(s("suffix")));
            }
        }
        Decimals => {
            let digits = r.int("decimalPlaces");
            put("decimalPlaces", json!({"isEnforced": digits.is_some(), "digits": digits.unwrap_or(0) as i32}));
        }
        StaticLegend => {
            // Every member is left out when zero (`omitempty` on influxd's StaticLegend).
            let mut legend = Map::new();
            if let Some(l) = r.object("staticLegend") {
                for (key, is_bool) in STATIC_LEGEND {
                    let v = match is_bool {
                        LegendType::Bool => l.boolean(key).then_some(json!(true)),
                        LegendType::Float => Some(l.float(key)).filter(|f| *f != 0.0).map(number),
                        LegendType::Int => Some(l.int_or_zero(key)).filter(|i| *i != 0).map(|i| json!(i)),
                        LegendType::Str => Some(l.string(key)).filter(|s| !s.is_empty()).map(|s| json!(s)),
                    };
                    if let Some(v) = v {
                        legend.insert((*key).to_owned(), v);
                    }
                }
            }
            put("staticLegend", Value::Object(legend));
        }
        TableOptions => {
            let t = r.object("tableOptions");
            let s = |k: &str| t.map(|t| t.string(k)).unwrap_or_default();
            let b = |k: &str| t.is_some_and(|t| t.boolean(k));
            put(
                "tableOptions",
                json!({"verticalTimeAxis": b("verticalTimeAxis"), "sortBy": {"internalName": s("sortBy"), "displayName": "", "visible": false},
                       "wrapping": s("wrapping"), "fixFirstColumn": b("fixFirstColumn")}),
            );
        }
        FieldOptions => put(
            "fieldOptions",
            Value::Array(
                r.objects("fieldOptions")
                    .iter()
                    .map(|f| json!({"internalName": f.string("fieldName"), "displayName": f.string("displayName"), "visible": f.boolean("visible")}))
                    .collect(),
            ),
        ),
        Center => put("center", json!({"lat": number(r.float("lat")), "lon": number(r.float("lon"))})),
        Blank(v) => put(v, json!("")),
        Nil(v) => put(v, Value::Null),
        Layers => {
            let layers: Vec<Value> = r
                .objects("geoLayers")
                .iter()
                .map(|l| {
                    let dim = |k: &str| match l.object(k) {
                        Some(a) => view_axis(Some(a), true),
                        None => json!({"bounds": null, "label": "", "prefix": "", "suffix": "", "base": "", "scale": ""}),
                    };
                    json!({"type": l.string("layerType"), "radiusField": l.string("radiusField"), "colorField": l.string("colorField"),
                           "intensityField": l.string("intensityField"), "colors": view_colors(*l, "viewColors"),
                           "radius": l.int_or_zero("radius") as i32, "blur": l.int_or_zero("blur") as i32,
                           "radiusDimension": dim("radiusDimension"), "colorDimension": dim("colorDimension"),
                           "intensityDimension": dim("intensityDimension"), "interpolateColors": l.boolean("interpolateColors"),
                           "trackWidth": l.int_or_zero("trackWidth") as i32, "speed": l.int_or_zero("speed") as i32,
                           "randomColors": l.boolean("randomColors"), "isClustered": l.boolean("isClustered")})
                })
                .collect();
            put("layers", if layers.is_empty() { Value::Null } else { Value::Array(layers) });
        }
    }
}

enum LegendType {
    Bool,
    Float,
    Int,
    Str,
}

const STATIC_LEGEND: [(&str, LegendType); 7] = [
    ("colorizeRows", LegendType::Bool),
    ("heightRatio", LegendType::Float),
    ("show", LegendType::Bool),
    ("opacity", LegendType::Float),
    ("orientationThreshold", LegendType::Int),
    ("valueAxis", LegendType::Str),
    ("widthRatio", LegendType::Float),
];

// ---------- a view to a chart (export) ----------

/// A view, read loosely: absent or mistyped members are zero, as Go's decoder leaves them.
#[derive(Clone, Copy)]
struct View<'a>(&'a Map<String, Value>);

impl<'a> View<'a> {
    fn get(&self, k: &str) -> Option<&'a Value> {
        self.0.get(k)
    }
    fn string(&self, k: &str) -> String {
        self.get(k).and_then(Value::as_str).unwrap_or_default().to_owned()
    }
    fn boolean(&self, k: &str) -> bool {
        self.get(k).and_then(Value::as_bool).unwrap_or(false)
    }
    fn float(&self, k: &str) -> f64 {
        self.get(k).and_then(Value::as_f64).unwrap_or(0.0)
    }
    fn int(&self, k: &str) -> i64 {
        self.get(k).and_then(|v| v.as_i64().or_else(|| v.as_f64().map(|f| f as i64))).unwrap_or(0)
    }
    fn strings(&self, k: &str) -> Vec<String> {
        self.get(k).and_then(Value::as_array).map_or(Vec::new(), |l| l.iter().filter_map(Value::as_str).map(str::to_owned).collect())
    }
    fn objects(&self, k: &str) -> Vec<View<'a>> {
        self.get(k).and_then(Value::as_array).map_or(Vec::new(), |l| l.iter().filter_map(Value::as_object).map(View).collect())
    }
    fn object(&self, k: &str) -> Option<View<'a>> {
        self.get(k).and_then(Value::as_object).map(View)
    }
}

/// Sets `key` only when the value is not zero (influxd's `assignNonZero*`).
fn put_nonzero(out: &mut Map<String, Value>, key: &str, v: Value) {
    let zero = match &v {
        Value::Null => true,
        Value::Bool(b) => !b,
        Value::Number(n) => n.as_f64() == Some(0.0),
        Value::String(s) => s.is_empty(),
        Value::Array(a) => a.is_empty(),
        Value::Object(_) => false,
    };
    if !zero {
        out.insert(key.to_owned(), v);
    }
}

/// A chart axis from a view Axis (`convertAxis`): empty members left out.
fn chart_axis_from(name: &str, a: Option<View>) -> Map<String, Value> {
    let mut out = Map::new();
    for k in ["base", "label"] {
        put_nonzero(&mut out, k, json!(a.map(|a| a.string(k)).unwrap_or_default()));
    }
    out.insert("name".into(), json!(name));
    for k in ["prefix", "scale", "suffix"] {
        put_nonzero(&mut out, k, json!(a.map(|a| a.string(k)).unwrap_or_default()));
    }
    out
}

/// Chart colors from view colors (`convertColors`): empty members and a zero value left out.
fn chart_colors(colors: Vec<View>) -> Vec<Value> {
    colors
        .iter()
        .map(|c| {
            let mut o = Map::new();
            for k in ["id", "name", "type", "hex"] {
                put_nonzero(&mut o, k, json!(c.string(k)));
            }
            put_nonzero(&mut o, "value", number(c.float("value")));
            Value::Object(o)
        })
        .collect()
}

/// A cell's chart in a template, as influxd's export writes it (`convertCellView` then
/// `convertChartToResource`); `None` when a template cannot hold the view's type (check,
/// simple-table, log-viewer, an empty view): influxd's export leaves such cells out.
pub fn cell_to_chart(x: i32, y: i32, w: i32, h: i32, name: &str, properties: &Value) -> Option<Value> {
    let view = View(properties.as_object()?);
    let kind = ChartKind::by_view(&view.string("type"))?;
    let mut out = Map::new();
    out.insert("kind".into(), json!(kind.title));
    out.insert("name".into(), json!(name));
    out.insert("height".into(), json!(h));
    out.insert("width".into(), json!(w));
    put_nonzero(&mut out, "xPos", json!(x));
    put_nonzero(&mut out, "yPos", json!(y));
    let mut axes: Vec<Map<String, Value>> = Vec::new();
    for m in kind.members() {
        match m {
            Str(v, c) if !kind.not_exported.contains(&v) => put_nonzero(&mut out, c, json!(view.string(v))),
            Str(..) | Blank(_) | Nil(_) => {}
            Bool(v, c) => put_nonzero(&mut out, c, json!(view.boolean(v))),
            Int(v, c) => put_nonzero(&mut out, c, json!(view.int(v))),
            Float(v, c) => put_nonzero(&mut out, c, number(view.float(v))),
            Strings(v, c) => put_nonzero(&mut out, c, json!(view.strings(v))),
            Queries => {
                let qs: Vec<Value> = view.objects("queries").iter().map(|q| json!({"query": q.string("text").trim()})).collect();
                put_nonzero(&mut out, "queries", Value::Array(qs));
            }
            Colors => put_nonzero(&mut out, "colors", Value::Array(chart_colors(view.objects("colors")))),
            Hexes => {
                let hexes: Vec<Value> = view.strings("colors").into_iter().map(|h| json!({"hex": h})).collect();
                put_nonzero(&mut out, "colors", Value::Array(hexes));
            }
            AxesMap => {
                if let Some(map) = view.object("axes") {
                    for (name, a) in map.0 {
                        axes.push(chart_axis_from(name, a.as_object().map(View)));
                    }
                }
            }
            PlotAxis { axis, affixes } => {
                let mut a = Map::new();
                put_nonzero(&mut a, "label", json!(view.string(&format!("{axis}AxisLabel"))));
                a.insert("name".into(), json!(axis));
                if affixes {
                    put_nonzero(&mut a, "prefix", json!(view.string(&format!("{axis}Prefix"))));
                    put_nonzero(&mut a, "suffix", json!(view.string(&format!("{axis}Suffix"))));
                }
                let domain: Vec<Value> = view
                    .get(&format!("{axis}Domain"))
                    .and_then(Value::as_array)
                    .map_or(Vec::new(), |d| d.iter().filter_map(Value::as_f64).map(number).collect());
                put_nonzero(&mut a, "domain", Value::Array(domain));
                axes.push(a);
            }
            Decimals => {
                if let Some(d) = view.object("decimalPlaces").filter(|d| d.boolean("isEnforced")) {
                    out.insert("decimalPlaces".into(), json!(d.int("digits")));
                }
            }
            StaticLegend => {
                let mut legend = Map::new();
                if let Some(l) = view.object("staticLegend") {
                    for (key, _) in STATIC_LEGEND {
                        if let Some(v) = l.get(key) {
                            put_nonzero(&mut legend, key, v.clone());
                        }
                    }
                }
                out.insert("staticLegend".into(), Value::Object(legend));
            }
            TableOptions => {
                if let Some(t) = view.object("tableOptions") {
                    let mut o = Map::new();
                    put_nonzero(&mut o, "verticalTimeAxis", json!(t.boolean("verticalTimeAxis")));
                    put_nonzero(&mut o, "fixFirstColumn", json!(t.boolean("fixFirstColumn")));
                    put_nonzero(&mut o, "sortBy", json!(t.object("sortBy").map(|s| s.string("internalName")).unwrap_or_default()));
                    put_nonzero(&mut o, "wrapping", json!(t.string("wrapping")));
                    if !o.is_empty() {
                        out.insert("tableOptions".into(), Value::Object(o));
                    }
                }
            }
            FieldOptions => {
                let fields: Vec<Value> = view
                    .objects("fieldOptions")
                    .iter()
                    .map(|f| {
                        let mut o = Map::new();
                        put_nonzero(&mut o, "visible", json!(f.boolean("visible")));
                        put_nonzero(&mut o, "displayName", json!(f.string("displayName")));
                        put_nonzero(&mut o, "fieldName", json!(f.string("internalName")));
                        Value::Object(o)
                    })
                    .collect();
                put_nonzero(&mut out, "fieldOptions", Value::Array(fields));
            }
            Center => {
                let c = view.object("center");
                put_nonzero(&mut out, "lat", number(c.map_or(0.0, |c| c.float("lat"))));
                put_nonzero(&mut out, "lon", number(c.map_or(0.0, |c| c.float("lon"))));
            }
            Layers => {
                let layers: Vec<Value> = view
                    .objects("layers")
                    .iter()
                    .map(|l| {
                        let mut o = Map::new();
                        put_nonzero(&mut o, "layerType", json!(l.string("type")));
                        for k in ["radiusField", "intensityField", "colorField"] {
                            put_nonzero(&mut o, k, json!(l.string(k)));
                        }
                        for k in ["radius", "blur", "speed", "trackWidth"] {
                            put_nonzero(&mut o, k, json!(l.int(k)));
                        }
                        for k in ["randomColors", "isClustered", "interpolateColors"] {
                            put_nonzero(&mut o, k, json!(l.boolean(k)));
                        }
                        put_nonzero(&mut o, "viewColors", Value::Array(chart_colors(l.objects("colors"))));
                        for (k, name) in [("radiusDimension", "radius"), ("colorDimension", "color"), ("intensityDimension", "intensity")] {
                            o.insert(k.into(), Value::Object(chart_axis_from(name, l.object(k))));
                        }
                        Value::Object(o)
                    })
                    .collect();
                put_nonzero(&mut out, "geoLayers", Value::Array(layers));
            }
        }
    }
    if !axes.is_empty() {
        axes.sort_by(|a, b| a["name"].as_str().cmp(&b["name"].as_str()));
        out.insert("axes".into(), json!(axes));
    }
    Some(Value::Object(out))
}

/// The view influxd gives back for `properties` after a template round trip (export, then
/// apply); `None` when a template cannot hold the view.
pub fn through_template(properties: &Value) -> Option<Value> {
    chart_to_cell(&cell_to_chart(0, 0, 1, 1, "", properties)?).ok().map(|c| c.properties)
}

/// The members of `properties` (by JSON path) that a template does not carry: what influxd
/// would change or drop on the way through one. Empty when the view travels whole; `None`
/// when a template cannot hold the view at all.
pub fn losses(properties: &Value) -> Option<Vec<String>> {
    losses_in(properties, &cell_to_chart(0, 0, 1, 1, "", properties)?)
}

/// [`losses`] of `properties` written as `chart` (what [`cell_to_chart`] made of them), for a
/// writer that has the chart already.
pub fn losses_in(properties: &Value, chart: &Value) -> Option<Vec<String>> {
    let after = chart_to_cell(chart).ok()?.properties;
    let mut out = Vec::new();
    diff("", properties, &after, &mut out);
    Some(out)
}

/// Paths where `before` holds something that `after` does not hold the same. Members that
/// are zero on both sides (absent, null, "", 0, false, empty) count as equal.
fn diff(path: &str, before: &Value, after: &Value, out: &mut Vec<String>) {
    let join = |k: &str| if path.is_empty() { k.to_owned() } else { format!("{path}.{k}") };
    match (before, after) {
        (Value::Object(b), Value::Object(a)) => {
            for (k, v) in b {
                diff(&join(k), v, a.get(k).unwrap_or(&Value::Null), out);
            }
        }
        (Value::Array(b), Value::Array(a)) if b.len() == a.len() => {
            for (i, (x, y)) in b.iter().zip(a).enumerate() {
                diff(&format!("{path}[{i}]"), x, y, out);
            }
        }
        (Value::Number(b), Value::Number(a)) if b.as_f64() == a.as_f64() => {}
        _ if is_zero(before) && is_zero(after) => {}
        _ if before != after => out.push(path.to_owned()),
        _ => {}
    }
}

fn is_zero(v: &Value) -> bool {
    match v {
        Value::Null => true,
        Value::Bool(b) => !b,
        Value::Number(n) => n.as_f64() == Some(0.0),
        Value::String(s) => s.is_empty(),
        Value::Array(a) => a.is_empty() || a.iter().all(is_zero),
        Value::Object(o) => o.values().all(is_zero),
    }
}
