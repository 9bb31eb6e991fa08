//! `--seed demo`: an org, users, labels and 150 dashboards with cells of every view type the
//! server stores, so the index needs real paging and every editor has something to open.
//! Deterministic: the same names, cells, labels and members on every start.

use crate::shapes::{self, Parsed};
use crate::store::{now_nanos, CellRec, Dash, LabelRec, Store, Urm, UserRec, ViewRec};
use serde_json::{json, Value};

pub const DEMO_USER: &str = "demo";
pub const DEMO_PASSWORD: &str = "demo-password";
pub const DEMO_ORG: &str = "demo";
pub const DEMO_BUCKET: &str = "demo";
/// The all-access token of the seeded user. For local development only.
pub const DEMO_TOKEN: &str = "influx-dashboards-demo-token";
pub const DASHBOARD_COUNT: usize = 150;
/// The second user: a member of the demo org (reads everything in it, changes nothing: every
/// write is influxd's 401) and listed as a member of `SHARED_DASHBOARD`. For local development.
pub const VIEWER_USER: &str = "viewer";
pub const VIEWER_PASSWORD: &str = "viewer-password";
/// The dashboard the viewer is listed on. The demo seed renames its first dashboard to this;
/// the real-influxd test setup (`./x`, `conformance::viewer`) creates one through the API.
pub const SHARED_DASHBOARD: &str = "Shared with viewer";

const DAY: i128 = 86_400 * 1_000_000_000;

const TOPICS: [&str; 18] = [
    "CPU",
    "Memory",
    "Disk I/O",
    "Network",
    "Kubernetes nodes",
    "PostgreSQL",
    "Redis",
    "nginx",
    "Sensors",
    "Energy",
    "Weather station",
    "Billing",
    "API latency",
    "Queue depth",
    "Ärger-Übersicht",
    "日本語ダッシュボード",
    "émission CO₂",
    "cpu",
];

const LABELS: [(&str, &str, &str); 8] = [
    ("production", "#326BBA", "Serves customers"),
    ("staging", "#BF3D5E", "Pre-release checks"),
    ("development", "#4ED8A0", "Local and dev clusters"),
    ("team-infra", "#FFB94A", "Owned by infrastructure"),
    ("team-data", "#9394FF", "Owned by the data team"),
    ("critical", "#DC4E58", "Pages someone at night"),
    ("customer-facing", "#22ADF6", "Shown on the status page"),
    ("experimental", "#7A65F2", "May change without notice"),
];

/// FNV-1a of a string.
pub(crate) fn fnv(s: &str) -> u64 {
    s.bytes().fold(0xcbf2_9ce4_8422_2325, |h, b| (h ^ b as u64).wrapping_mul(0x0000_0100_0000_01b3))
}

/// splitmix64's finalizer: independent-looking bits for consecutive inputs (FNV of "i:j" made
/// labels come in fixed pairs).
pub(crate) fn mix(mut z: u64) -> u64 {
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    z ^ (z >> 31)
}

fn flux(measurement: &str, field: &str) -> String {
    windowed(measurement, field, "mean")
}

/// A query of one field, windowed by `aggregate` and yielded under its name.
fn windowed(measurement: &str, field: &str, aggregate: &str) -> String {
    format!(
        "from(bucket: \"{DEMO_BUCKET}\")\n  |> range(start: v.timeRangeStart, stop: v.timeRangeStop)\n  |> filter(fn: (r) => r._measurement == \"{measurement}\" and r._field == \"{field}\")\n  |> aggregateWindow(every: v.windowPeriod, fn: {aggregate}, createEmpty: false)\n  |> yield(name: \"{aggregate}\")"
    )
}

fn dashboard_colors() -> Value {
    json!([
        {"id": "base", "type": "text", "hex": "#00C9FF", "name": "laser", "value": 0},
        {"id": "warn", "type": "threshold", "hex": "#FFB94A", "name": "pineapple", "value": 70},
        {"id": "crit", "type": "threshold", "hex": "#DC4E58", "name": "fire", "value": 90}
    ])
}

fn gauge_colors() -> Value {
    json!([
        {"id": "min", "type": "min", "hex": "#00C9FF", "name": "laser", "value": 0},
        {"id": "warn", "type": "threshold", "hex": "#FFB94A", "name": "pineapple", "value": 70},
        {"id": "crit", "type": "threshold", "hex": "#DC4E58", "name": "fire", "value": 90},
        {"id": "max", "type": "max", "hex": "#9394FF", "name": "comet", "value": 100}
    ])
}

fn axis(label: &str, suffix: &str) -> Value {
    json!({"bounds": ["", ""], "label": label, "prefix": "", "suffix": suffix, "base": "10", "scale": "linear"})
}

/// The properties of a demo cell of `kind`, as the server would store them.
pub fn properties(kind: &str, measurement: &str, field: &str, note: &str) -> Value {
    let query = |text: String| {
        json!({"text": text, "editMode": "advanced", "name": "",
            "builderConfig": {"buckets": [], "tags": [], "functions": [], "aggregateWindow": {"period": "", "fillValues": false}}})
    };
    // A band draws its mean between the max and the min: a query for each, as InfluxDB's UI writes them.
    let queries = if kind == "band" {
        json!(["mean", "max", "min"].map(|a| query(windowed(measurement, field, a))))
    } else {
        json!([query(flux(measurement, field))])
    };
    let plot_colors = json!(["#31C0F6", "#A500A5", "#FF7E27"]);
    let mut p = json!({"type": kind, "shape": "chronograf-v2", "queries": queries, "note": "", "showNoteWhenEmpty": false,
                       "legendOpacity": 1, "legendOrientationThreshold": 100_000_000, "hoverDimension": "auto",
                       "timeFormat": "YYYY-MM-DD HH:mm:ss"});
    let extra = match kind {
        "xy" => json!({"colors": dashboard_colors(), "geom": "line", "position": "overlaid", "shadeBelow": true,
                       "axes": {"x": axis("", ""), "y": axis(field, "%")}, "xColumn": "_time", "yColumn": "_value"}),
        "line-plus-single-stat" => json!({"colors": dashboard_colors(), "position": "overlaid", "suffix": "%", "prefix": "",
                       "decimalPlaces": {"isEnforced": true, "digits": 1}, "axes": {"x": axis("", ""), "y": axis("", "")}}),
        "single-stat" => json!({"colors": dashboard_colors(), "suffix": "%", "decimalPlaces": {"isEnforced": true, "digits": 2}}),
        // A gauge spans its min and max colors, as InfluxDB's UI always writes them.
        "gauge" => json!({"colors": gauge_colors(), "suffix": "%", "decimalPlaces": {"isEnforced": true, "digits": 2}}),
        "table" => json!({"colors": dashboard_colors(), "tableOptions": {"verticalTimeAxis": true,
                       "sortBy": {"internalName": "_time", "displayName": "time", "visible": true}, "wrapping": "truncate", "fixFirstColumn": true},
                       "fieldOptions": [{"internalName": "_time", "displayName": "time", "visible": true},
                                        {"internalName": "_value", "displayName": field, "visible": true}],
                       "decimalPlaces": {"isEnforced": false, "digits": 2}}),
        "markdown" => json!({"note": note}),
        "histogram" => json!({"colors": dashboard_colors(), "xColumn": "_value", "fillColumns": ["_field"], "binCount": 30,
                       "position": "stacked", "xAxisLabel": field}),
        "heatmap" => json!({"colors": plot_colors, "xColumn": "_time", "yColumn": "_value", "binSize": 10}),
        "scatter" => {
            json!({"colors": plot_colors, "xColumn": "_time", "yColumn": "_value", "fillColumns": ["_field"], "symbolColumns": ["host"]})
        }
        "mosaic" => json!({"colors": plot_colors, "xColumn": "_time", "ySeriesColumns": ["host"], "fillColumns": ["_field"]}),
        "band" => json!({"colors": dashboard_colors(), "geom": "line", "mainColumn": "mean", "upperColumn": "max", "lowerColumn": "min",
                       "axes": {"x": axis("", ""), "y": axis("", "")}}),
        "check" => json!({"checkID": "0000000000000001", "colors": ["#00C9FF", "#DC4E58"]}),
        "geo" => json!({"center": {"lat": 40.7128, "lon": -74.006}, "zoom": 6, "allowPanAndZoom": true, "detectCoordinateFields": true,
                       "mapStyle": "", "layers": [{"type": "pointMap", "colorField": "_value", "colorDimension": {"label": "Value"},
                       "colors": dashboard_colors(), "isClustered": false}]}),
        "log-viewer" => json!({"columns": [{"name": "time", "position": 0, "settings": [{"type": "visibility", "value": "visible"}]}]}),
        _ => json!({}),
    };
    for (k, v) in extra.as_object().into_iter().flatten() {
        p[k] = v.clone();
    }
    match shapes::parse(&p) {
        Ok(Parsed::Props(v)) => v,
        // Types the server parses as nothing are stored as they are written here.
        _ => p,
    }
}

/// One cell of a demo dashboard.
pub struct DemoCell {
    pub x: i32,
    pub y: i32,
    pub w: i32,
    pub h: i32,
    pub name: String,
    pub properties: Value,
}

/// One demo dashboard, as it would be created through the API.
pub struct DemoDashboard {
    pub name: String,
    pub description: String,
    pub cells: Vec<DemoCell>,
    /// Indices into `LABELS`.
    pub labels: Vec<usize>,
}

/// The demo labels: (name, color, description).
pub fn labels() -> &'static [(&'static str, &'static str, &'static str)] {
    &LABELS
}

/// The demo dashboards: varied names (natural-sort traps, unicode, one that looks like
/// markup, two equal ones), descriptions (a third empty), 0 to 6 cells of every stored view
/// type laid out on the 12 columns, and labels chosen independently.
pub fn demo_dashboards(count: usize) -> Vec<DemoDashboard> {
    const WIDTHS: [i32; 7] = [4, 4, 4, 6, 6, 12, 3];
    let stored: Vec<&str> = dashboards_core::model::stored_view_types().collect();
    (0..count)
        .map(|i| {
            let topic = TOPICS[i % TOPICS.len()];
            let name = match i {
                7 => "<img src=x onerror=alert('xss')>".to_owned(),
                // Two dashboards share a name, for stable-order tests.
                40 | 41 => "Shared name".to_owned(),
                _ => format!("{topic} {}", i / TOPICS.len() + 1),
            };
            let description = match i % 3 {
                0 => String::new(),
                1 => format!("{topic} overview for the {} fleet", ["eu", "us", "ap"][i % 3]),
                _ => format!("Everything about {} — owner: {}", topic.to_lowercase(), ["ada", "grace", "linus"][i % 3]),
            };
            let mut cells = Vec::new();
            let (mut x, mut y, mut row_h) = (0, 0, 0);
            for c in 0..(i % 7) {
                let kind = stored[(i + c) % stored.len()];
                let w = WIDTHS[(i + c) % WIDTHS.len()];
                let h = if c % 2 == 0 { 3 } else { 4 };
                if x + w > 12 {
                    x = 0;
                    y += row_h;
                    row_h = 0;
                }
                let field = ["usage_user", "usage_system", "used_percent", "bytes_recv"][(i + c) % 4];
                let note = format!(
                    "## {topic}\n\nRunbook: **check the {field} panel** first.\n\n<script>alert(\"xss\")</script> stays text.\n\n- one\n- two"
                );
                cells.push(DemoCell {
                    x,
                    y,
                    w,
                    h,
                    name: format!("{topic} · {field}"),
                    // The catalog's measurement, so that the cell shows data.
                    properties: properties(kind, crate::query::data::Db::measurement_of(field).unwrap_or("cpu"), field, &note),
                });
                x += w;
                row_h = row_h.max(h);
            }
            let labels = (0..LABELS.len()).filter(|j| mix((i * LABELS.len() + j) as u64).is_multiple_of(4)).collect();
            DemoDashboard { name, description, cells, labels }
        })
        .collect()
}

/// Fills an empty store with the demo data: the onboarded user, org, bucket and token, four
/// more users, the labels, `dashboards` dashboards with owners and members, and the viewer:
/// a member of the org, listed as a member of the first dashboard, renamed `SHARED_DASHBOARD`.
/// (A dashboard mapping grants nothing on influxd 2.8.0: the org membership is what lets the
/// viewer read, see `authz`.)
pub fn demo(store: &mut Store, dashboards: usize) {
    crate::tenant::onboard(store, DEMO_USER, Some(DEMO_PASSWORD.into()), DEMO_ORG, DEMO_BUCKET, 0, DEMO_TOKEN);
    let org_id = store.org_by_name(DEMO_ORG).map(|o| o.id.clone()).expect("onboarded");
    let mut others = Vec::new();
    for name in ["ada", "grace", "linus", "margaret"] {
        let id = store.new_id();
        store.users.insert(
            id.clone(),
            UserRec { id: id.clone(), name: name.into(), status: "active".into(), password: Some(DEMO_PASSWORD.into()) },
        );
        others.push(id);
    }
    add_dashboards(store, &org_id, dashboards, Some((&others[0], &others[1])));

    let viewer = store.new_id();
    let rec = UserRec { id: viewer.clone(), name: VIEWER_USER.into(), status: "active".into(), password: Some(VIEWER_PASSWORD.into()) };
    store.users.insert(viewer.clone(), rec);
    store.urms.push(Urm { user_id: viewer.clone(), resource_id: org_id.clone(), role: "member".into() });
    if let Some(first) = store.dashboards.values_mut().find(|d| d.org_id == org_id) {
        first.name = SHARED_DASHBOARD.into();
        first.description = format!("{VIEWER_USER} is listed here as a member");
        let id = first.id.clone();
        store.urms.push(Urm { user_id: viewer, resource_id: id, role: "member".into() });
    }
}

/// Adds the demo labels (those the org does not have yet) and `count` demo dashboards to the
/// org `org_id`, as `demo` does. With `people` (an owner and a member), every tenth
/// dashboard gets the owner and every fifteenth the member.
pub fn add_dashboards(store: &mut Store, org_id: &str, count: usize, people: Option<(&str, &str)>) {
    let label_ids: Vec<String> = LABELS
        .iter()
        .map(|(name, color, description)| {
            if let Some(l) = store.labels.values().find(|l| l.org_id == org_id && l.name == *name) {
                return l.id.clone();
            }
            let id = store.new_id();
            let properties = [("color".to_string(), color.to_string()), ("description".to_string(), description.to_string())].into();
            store.labels.insert(id.clone(), LabelRec { id: id.clone(), org_id: org_id.to_owned(), name: (*name).into(), properties });
            id
        })
        .collect();

    let now = now_nanos();
    let first_created = now - 200 * DAY;
    for (i, demo) in demo_dashboards(count).into_iter().enumerate() {
        let created_at = first_created + (i as i128) * 200 * DAY / count.max(1) as i128 + (fnv(&demo.name) % 3600) as i128 * 1_000_000_000;
        let updated_at = (created_at + (fnv(&format!("u{i}")) % 40) as i128 * DAY / 2).min(now);
        let id = store.new_id();
        let mut cells = Vec::new();
        for c in demo.cells {
            let cell_id = store.new_id();
            store.views.insert(cell_id.clone(), ViewRec::new(c.name, c.properties));
            cells.push(CellRec::new(cell_id, c.x, c.y, c.w, c.h));
        }
        for j in demo.labels {
            store.label_maps.insert((id.clone(), label_ids[j].clone()));
        }
        if let Some((owner, member)) = people {
            if i % 10 == 0 {
                store.urms.push(Urm { user_id: owner.to_owned(), resource_id: id.clone(), role: "owner".into() });
            }
            if i % 15 == 0 {
                store.urms.push(Urm { user_id: member.to_owned(), resource_id: id.clone(), role: "member".into() });
            }
        }
        let d = Dash {
            id: id.clone(),
            org_id: org_id.to_owned(),
            name: demo.name,
            description: demo.description,
            created_at,
            updated_at,
            cells,
        };
        store.dashboards.insert(id, d);
    }
}
