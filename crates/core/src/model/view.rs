//! View properties: the union of every view type InfluxDB stores
//! (`shared/api-contract.md` §2), plus the two server-only forms (`log-viewer` and
//! `{"shape":"empty"}`) and anything newer this model does not know.

use super::field::{Field, Float};
use super::{lossless_object, member_group};
use serde::{de::Error as _, Deserialize, Deserializer, Serialize, Serializer};
use serde_json::{Map, Value};

lossless_object! {
    /// One query of a view.
    pub struct DashboardQuery {
        text: "text" => String,
        /// "builder" or "advanced".
        edit_mode: "editMode" => String,
        name: "name" => String,
        builder_config: "builderConfig" => BuilderConfig,
    }
}

lossless_object! {
    /// The query builder's state.
    pub struct BuilderConfig {
        buckets: "buckets" => Vec<String>,
        tags: "tags" => Vec<BuilderTag>,
        functions: "functions" => Vec<BuilderFunction>,
        aggregate_window: "aggregateWindow" => AggregateWindow,
    }
}

lossless_object! {
    /// A tag selector of the query builder.
    pub struct BuilderTag {
        key: "key" => String,
        values: "values" => Vec<String>,
        /// "filter" or "group".
        aggregate_function_type: "aggregateFunctionType" => String,
    }
}

lossless_object! {
    /// An aggregate function of the query builder.
    pub struct BuilderFunction {
        name: "name" => String,
    }
}

lossless_object! {
    /// The builder's window.
    pub struct AggregateWindow {
        period: "period" => String,
        fill_values: "fillValues" => bool,
    }
}

lossless_object! {
    /// A color of a view: a threshold, a scale stop, a text or background color.
    pub struct DashboardColor {
        id: "id" => String,
        /// min, max, threshold, scale, text or background.
        kind: "type" => String,
        /// "#rrggbb".
        hex: "hex" => String,
        name: "name" => String,
        value: "value" => Float,
    }
}

lossless_object! {
    /// The axes of a chart. The server stores them as a free-form map.
    pub struct Axes {
        x: "x" => Axis,
        y: "y" => Axis,
    }
}

lossless_object! {
    /// One axis.
    pub struct Axis {
        /// Zero to two bounds, as strings ("" for unset).
        bounds: "bounds" => Vec<String>,
        label: "label" => String,
        prefix: "prefix" => String,
        suffix: "suffix" => String,
        /// "", "2" or "10".
        base: "base" => String,
        /// "log" or "linear".
        scale: "scale" => String,
    }
}

lossless_object! {
    /// How many decimals a number shows.
    pub struct DecimalPlaces {
        is_enforced: "isEnforced" => bool,
        digits: "digits" => i32,
    }
}

lossless_object! {
    /// A column of a table view, renamed or hidden.
    pub struct RenamableField {
        internal_name: "internalName" => String,
        display_name: "displayName" => String,
        visible: "visible" => bool,
    }
}

lossless_object! {
    /// The static legend of a chart.
    pub struct StaticLegend {
        colorize_rows: "colorizeRows" => bool,
        height_ratio: "heightRatio" => Float,
        show: "show" => bool,
        opacity: "opacity" => Float,
        orientation_threshold: "orientationThreshold" => i64,
        value_axis: "valueAxis" => String,
        width_ratio: "widthRatio" => Float,
    }
}

lossless_object! {
    /// Options of a table view.
    pub struct TableOptions {
        vertical_time_axis: "verticalTimeAxis" => bool,
        sort_by: "sortBy" => RenamableField,
        /// truncate, wrap or single-line.
        wrapping: "wrapping" => String,
        fix_first_column: "fixFirstColumn" => bool,
    }
}

lossless_object! {
    /// The center of a map.
    pub struct GeoCenter {
        lat: "lat" => Float,
        lon: "lon" => Float,
    }
}

lossless_object! {
    /// A layer of a geo view, keyed by `type`: circleMap, heatmap, pointMap or trackMap.
    /// One struct holds the members of every kind, so a layer of any kind round-trips.
    pub struct GeoLayer {
        kind: "type" => String,
        radius_field: "radiusField" => String,
        radius_dimension: "radiusDimension" => Axis,
        color_field: "colorField" => String,
        color_dimension: "colorDimension" => Axis,
        colors: "colors" => Vec<DashboardColor>,
        radius: "radius" => i64,
        interpolate_colors: "interpolateColors" => bool,
        intensity_field: "intensityField" => String,
        intensity_dimension: "intensityDimension" => Axis,
        blur: "blur" => i64,
        is_clustered: "isClustered" => bool,
        tooltip_columns: "tooltipColumns" => Vec<String>,
        track_width: "trackWidth" => i64,
        speed: "speed" => i64,
        random_colors: "randomColors" => bool,
    }
}

member_group! {
    /// The hover legend's options (the contract's **L**), shared by the chart types.
    pub struct LegendMembers {
        legend_colorize_rows: "legendColorizeRows" => bool,
        legend_hide: "legendHide" => bool,
        legend_opacity: "legendOpacity" => Float,
        legend_orientation_threshold: "legendOrientationThreshold" => i64,
    }
}

member_group! {
    /// Generated ticks of the x axis (the contract's **TX** but `xColumn`).
    pub struct XTicks {
        generate_x_axis_ticks: "generateXAxisTicks" => Vec<String>,
        x_total_ticks: "xTotalTicks" => i64,
        x_tick_start: "xTickStart" => Float,
        x_tick_step: "xTickStep" => Float,
    }
}

member_group! {
    /// Generated ticks of the y axis (the contract's **TY** but `yColumn`).
    pub struct YTicks {
        generate_y_axis_ticks: "generateYAxisTicks" => Vec<String>,
        y_total_ticks: "yTotalTicks" => i64,
        y_tick_start: "yTickStart" => Float,
        y_tick_step: "yTickStep" => Float,
    }
}

lossless_object! {
    /// `type: "xy"`: line, step, stacked, bar and monotone charts.
    pub struct XyProperties {
        shape: "shape" => String,
        queries: "queries" => Vec<DashboardQuery>,
        colors: "colors" => Vec<DashboardColor>,
        axes: "axes" => Axes,
        geom: "geom" => String,
        note: "note" => String,
        show_note_when_empty: "showNoteWhenEmpty" => bool,
        position: "position" => String,
        time_format: "timeFormat" => String,
        static_legend: "staticLegend" => StaticLegend,
        x_column: "xColumn" => String,
        y_column: "yColumn" => String,
        shade_below: "shadeBelow" => bool,
        hover_dimension: "hoverDimension" => String,
    }
    with { legend: LegendMembers, x_ticks: XTicks, y_ticks: YTicks }
}

lossless_object! {
    /// `type: "line-plus-single-stat"`: a chart with its last value written over it.
    pub struct LinePlusSingleStatProperties {
        shape: "shape" => String,
        queries: "queries" => Vec<DashboardQuery>,
        colors: "colors" => Vec<DashboardColor>,
        axes: "axes" => Axes,
        note: "note" => String,
        show_note_when_empty: "showNoteWhenEmpty" => bool,
        prefix: "prefix" => String,
        suffix: "suffix" => String,
        decimal_places: "decimalPlaces" => DecimalPlaces,
        position: "position" => String,
        time_format: "timeFormat" => String,
        static_legend: "staticLegend" => StaticLegend,
        x_column: "xColumn" => String,
        y_column: "yColumn" => String,
        shade_below: "shadeBelow" => bool,
        hover_dimension: "hoverDimension" => String,
    }
    with { legend: LegendMembers, x_ticks: XTicks, y_ticks: YTicks }
}

lossless_object! {
    /// `type: "single-stat"` and `type: "gauge"`: one number.
    pub struct StatProperties {
        shape: "shape" => String,
        queries: "queries" => Vec<DashboardQuery>,
        colors: "colors" => Vec<DashboardColor>,
        note: "note" => String,
        show_note_when_empty: "showNoteWhenEmpty" => bool,
        prefix: "prefix" => String,
        tick_prefix: "tickPrefix" => String,
        suffix: "suffix" => String,
        tick_suffix: "tickSuffix" => String,
        decimal_places: "decimalPlaces" => DecimalPlaces,
        static_legend: "staticLegend" => StaticLegend,
    }
}

lossless_object! {
    /// `type: "table"`.
    pub struct TableProperties {
        shape: "shape" => String,
        queries: "queries" => Vec<DashboardQuery>,
        colors: "colors" => Vec<DashboardColor>,
        note: "note" => String,
        show_note_when_empty: "showNoteWhenEmpty" => bool,
        table_options: "tableOptions" => TableOptions,
        field_options: "fieldOptions" => Vec<RenamableField>,
        time_format: "timeFormat" => String,
        decimal_places: "decimalPlaces" => DecimalPlaces,
    }
}

lossless_object! {
    /// `type: "simple-table"` (the OSS server does not implement it: see B9).
    pub struct SimpleTableProperties {
        shape: "shape" => String,
        queries: "queries" => Vec<DashboardQuery>,
        show_all: "showAll" => bool,
        note: "note" => String,
        show_note_when_empty: "showNoteWhenEmpty" => bool,
    }
}

lossless_object! {
    /// `type: "markdown"`: a note.
    pub struct MarkdownProperties {
        shape: "shape" => String,
        note: "note" => String,
    }
}

lossless_object! {
    /// `type: "histogram"`.
    pub struct HistogramProperties {
        shape: "shape" => String,
        queries: "queries" => Vec<DashboardQuery>,
        colors: "colors" => Vec<DashboardColor>,
        note: "note" => String,
        show_note_when_empty: "showNoteWhenEmpty" => bool,
        x_column: "xColumn" => String,
        fill_columns: "fillColumns" => Vec<String>,
        x_domain: "xDomain" => Vec<Float>,
        x_axis_label: "xAxisLabel" => String,
        position: "position" => String,
        bin_count: "binCount" => i64,
    }
    with { legend: LegendMembers }
}

lossless_object! {
    /// `type: "heatmap"`, `"scatter"` and `"mosaic"`: plots of two columns, colored by a
    /// list of plain hex strings. Each type uses its own subset of these members.
    pub struct PlotProperties {
        shape: "shape" => String,
        queries: "queries" => Vec<DashboardQuery>,
        colors: "colors" => Vec<String>,
        note: "note" => String,
        show_note_when_empty: "showNoteWhenEmpty" => bool,
        x_column: "xColumn" => String,
        y_column: "yColumn" => String,
        fill_columns: "fillColumns" => Vec<String>,
        symbol_columns: "symbolColumns" => Vec<String>,
        y_series_columns: "ySeriesColumns" => Vec<String>,
        y_label_columns: "yLabelColumns" => Vec<String>,
        y_label_column_separator: "yLabelColumnSeparator" => String,
        x_domain: "xDomain" => Vec<Float>,
        y_domain: "yDomain" => Vec<Float>,
        x_axis_label: "xAxisLabel" => String,
        y_axis_label: "yAxisLabel" => String,
        x_prefix: "xPrefix" => String,
        x_suffix: "xSuffix" => String,
        y_prefix: "yPrefix" => String,
        y_suffix: "ySuffix" => String,
        bin_size: "binSize" => Float,
        time_format: "timeFormat" => String,
        hover_dimension: "hoverDimension" => String,
    }
    with { legend: LegendMembers, x_ticks: XTicks, y_ticks: YTicks }
}

lossless_object! {
    /// `type: "band"`: a main line between an upper and a lower one.
    pub struct BandProperties {
        shape: "shape" => String,
        queries: "queries" => Vec<DashboardQuery>,
        colors: "colors" => Vec<DashboardColor>,
        axes: "axes" => Axes,
        geom: "geom" => String,
        note: "note" => String,
        show_note_when_empty: "showNoteWhenEmpty" => bool,
        time_format: "timeFormat" => String,
        static_legend: "staticLegend" => StaticLegend,
        x_column: "xColumn" => String,
        y_column: "yColumn" => String,
        upper_column: "upperColumn" => String,
        main_column: "mainColumn" => String,
        lower_column: "lowerColumn" => String,
        hover_dimension: "hoverDimension" => String,
    }
    with { legend: LegendMembers, x_ticks: XTicks, y_ticks: YTicks }
}

lossless_object! {
    /// `type: "check"`: the view of a monitoring check. The spec says its colors are
    /// DashboardColor objects, the server stores plain strings: both are kept as JSON.
    pub struct CheckProperties {
        shape: "shape" => String,
        check_id: "checkID" => String,
        queries: "queries" => Vec<DashboardQuery>,
        colors: "colors" => Vec<Value>,
    }
    with { legend: LegendMembers }
}

lossless_object! {
    /// `type: "geo"`: a map.
    pub struct GeoProperties {
        shape: "shape" => String,
        queries: "queries" => Vec<DashboardQuery>,
        note: "note" => String,
        show_note_when_empty: "showNoteWhenEmpty" => bool,
        center: "center" => GeoCenter,
        zoom: "zoom" => Float,
        allow_pan_and_zoom: "allowPanAndZoom" => bool,
        detect_coordinate_fields: "detectCoordinateFields" => bool,
        layers: "layers" => Vec<GeoLayer>,
        colors: "colors" => Vec<DashboardColor>,
        map_style: "mapStyle" => String,
        use_s2_cell_id: "useS2CellID" => bool,
        s2_column: "s2Column" => String,
        lat_lon_columns: "latLonColumns" => Value,
    }
}

lossless_object! {
    /// `type: "log-viewer"`: a server-only form.
    pub struct LogViewerProperties {
        shape: "shape" => String,
        columns: "columns" => Vec<Value>,
    }
}

/// The properties of a view, by `type`.
#[derive(Clone, Debug, PartialEq)]
pub enum ViewProperties {
    Xy(XyProperties),
    LinePlusSingleStat(LinePlusSingleStatProperties),
    SingleStat(StatProperties),
    Gauge(StatProperties),
    Table(TableProperties),
    SimpleTable(SimpleTableProperties),
    Markdown(MarkdownProperties),
    Histogram(HistogramProperties),
    Heatmap(PlotProperties),
    Scatter(PlotProperties),
    Mosaic(PlotProperties),
    Band(BandProperties),
    Check(CheckProperties),
    Geo(GeoProperties),
    LogViewer(LogViewerProperties),
    /// `{"shape":"empty"}`: a view with no properties (what a new cell gets).
    Empty(Map<String, Value>),
    /// A type this model does not know, or a known type whose members have the wrong
    /// JSON types: kept whole so that it can be shown and written back as it came.
    Other(Map<String, Value>),
}

/// The name of every view type the server stores, in the order the UI offers them.
pub const VIEW_TYPES: [&str; 15] = [
    "xy",
    "line-plus-single-stat",
    "single-stat",
    "gauge",
    "table",
    "simple-table",
    "markdown",
    "histogram",
    "heatmap",
    "scatter",
    "mosaic",
    "band",
    "check",
    "geo",
    "log-viewer",
];

/// The view types the OSS server stores: every type but `simple-table`, which it parses as
/// nothing (B9).
pub fn stored_view_types() -> impl Iterator<Item = &'static str> {
    VIEW_TYPES.into_iter().filter(|t| *t != "simple-table")
}

impl Default for ViewProperties {
    fn default() -> Self {
        ViewProperties::empty()
    }
}

impl ViewProperties {
    /// `{"shape":"empty"}`.
    pub fn empty() -> Self {
        let mut m = Map::new();
        m.insert("shape".into(), Value::String("empty".into()));
        ViewProperties::Empty(m)
    }

    /// The `type` member, or "" for an empty view.
    pub fn type_name(&self) -> &str {
        match self {
            ViewProperties::Xy(_) => "xy",
            ViewProperties::LinePlusSingleStat(_) => "line-plus-single-stat",
            ViewProperties::SingleStat(_) => "single-stat",
            ViewProperties::Gauge(_) => "gauge",
            ViewProperties::Table(_) => "table",
            ViewProperties::SimpleTable(_) => "simple-table",
            ViewProperties::Markdown(_) => "markdown",
            ViewProperties::Histogram(_) => "histogram",
            ViewProperties::Heatmap(_) => "heatmap",
            ViewProperties::Scatter(_) => "scatter",
            ViewProperties::Mosaic(_) => "mosaic",
            ViewProperties::Band(_) => "band",
            ViewProperties::Check(_) => "check",
            ViewProperties::Geo(_) => "geo",
            ViewProperties::LogViewer(_) => "log-viewer",
            ViewProperties::Empty(_) => "",
            ViewProperties::Other(m) => m.get("type").and_then(Value::as_str).unwrap_or(""),
        }
    }

    /// The queries of the view, if its type has any.
    pub fn queries(&self) -> &[DashboardQuery] {
        let q = match self {
            ViewProperties::Xy(p) => &p.queries,
            ViewProperties::LinePlusSingleStat(p) => &p.queries,
            ViewProperties::SingleStat(p) | ViewProperties::Gauge(p) => &p.queries,
            ViewProperties::Table(p) => &p.queries,
            ViewProperties::SimpleTable(p) => &p.queries,
            ViewProperties::Histogram(p) => &p.queries,
            ViewProperties::Heatmap(p) | ViewProperties::Scatter(p) | ViewProperties::Mosaic(p) => &p.queries,
            ViewProperties::Band(p) => &p.queries,
            ViewProperties::Check(p) => &p.queries,
            ViewProperties::Geo(p) => &p.queries,
            _ => return &[],
        };
        q.get().map(Vec::as_slice).unwrap_or(&[])
    }

    /// Converts to a JSON object (with `type`).
    pub fn to_map(&self) -> Map<String, Value> {
        fn obj<T: Serialize>(t: &T) -> Map<String, Value> {
            match serde_json::to_value(t) {
                Ok(Value::Object(m)) => m,
                // Every variant struct serializes to an object; nothing else can happen.
                _ => Map::new(),
            }
        }
        let mut m = match self {
            ViewProperties::Xy(p) => obj(p),
            ViewProperties::LinePlusSingleStat(p) => obj(p),
            ViewProperties::SingleStat(p) | ViewProperties::Gauge(p) => obj(p),
            ViewProperties::Table(p) => obj(p),
            ViewProperties::SimpleTable(p) => obj(p),
            ViewProperties::Markdown(p) => obj(p),
            ViewProperties::Histogram(p) => obj(p),
            ViewProperties::Heatmap(p) | ViewProperties::Scatter(p) | ViewProperties::Mosaic(p) => obj(p),
            ViewProperties::Band(p) => obj(p),
            ViewProperties::Check(p) => obj(p),
            ViewProperties::Geo(p) => obj(p),
            ViewProperties::LogViewer(p) => obj(p),
            ViewProperties::Empty(m) | ViewProperties::Other(m) => return m.clone(),
        };
        m.insert("type".into(), Value::String(self.type_name().to_owned()));
        m
    }

    /// Reads a JSON object. Never fails on an object: what the typed model cannot hold
    /// becomes [`ViewProperties::Other`].
    pub fn from_map(mut m: Map<String, Value>) -> Self {
        let Some(kind) = m.get("type").and_then(Value::as_str).map(str::to_owned) else {
            return if m.get("shape").and_then(Value::as_str) == Some("empty") {
                ViewProperties::Empty(m)
            } else {
                ViewProperties::Other(m)
            };
        };
        let original = m.clone();
        m.remove("type");
        fn typed<T: serde::de::DeserializeOwned>(m: Map<String, Value>) -> Option<T> {
            serde_json::from_value(Value::Object(m)).ok()
        }
        let parsed = match kind.as_str() {
            "xy" => typed(m).map(ViewProperties::Xy),
            "line-plus-single-stat" => typed(m).map(ViewProperties::LinePlusSingleStat),
            "single-stat" => typed(m).map(ViewProperties::SingleStat),
            "gauge" => typed(m).map(ViewProperties::Gauge),
            "table" => typed(m).map(ViewProperties::Table),
            "simple-table" => typed(m).map(ViewProperties::SimpleTable),
            "markdown" => typed(m).map(ViewProperties::Markdown),
            "histogram" => typed(m).map(ViewProperties::Histogram),
            "heatmap" => typed(m).map(ViewProperties::Heatmap),
            "scatter" => typed(m).map(ViewProperties::Scatter),
            "mosaic" => typed(m).map(ViewProperties::Mosaic),
            "band" => typed(m).map(ViewProperties::Band),
            "check" => typed(m).map(ViewProperties::Check),
            "geo" => typed(m).map(ViewProperties::Geo),
            "log-viewer" => typed(m).map(ViewProperties::LogViewer),
            _ => None,
        };
        parsed.unwrap_or(ViewProperties::Other(original))
    }

    /// The `shape` member: "chronograf-v2" for a view, "empty" for none, `None` when missing.
    pub fn shape(&self) -> Option<String> {
        self.to_map().get("shape").and_then(Value::as_str).map(str::to_owned)
    }

    /// Whether InfluxDB can store these properties (B7: a view without the chronograf-v2
    /// shape, unless it is the empty view, is refused with a 500).
    pub fn is_storable(&self) -> bool {
        matches!(self.shape().as_deref(), Some("chronograf-v2") | Some("empty"))
    }

    /// Whether the typed model holds this view (false for `Other`).
    pub fn is_typed(&self) -> bool {
        !matches!(self, ViewProperties::Other(_))
    }
}

impl Serialize for ViewProperties {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        self.to_map().serialize(s)
    }
}

impl<'de> Deserialize<'de> for ViewProperties {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        match Value::deserialize(d)? {
            Value::Object(m) => Ok(ViewProperties::from_map(m)),
            other => Err(D::Error::custom(format!("view properties must be an object, not {other}"))),
        }
    }
}
