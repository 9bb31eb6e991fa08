//! InfluxDB templates (`apiVersion: influxdata.com/v2alpha1`), in and out: the dashboards of a
//! template with their labels and charts, read into export documents this app imports, and
//! dashboards written as a template influxd applies. JSON or YAML. The chart ↔ view mapping
//! is in `chart`, read from influxd's own template code.
//!
//! Errors are said in words with their place in the file ("Dashboard “System” (object 2),
//! chart 3: unknown kind 'Foo'"); what a template holds besides dashboards and labels
//! (buckets, tasks, variables…) is counted and left out.

pub mod chart;
pub mod yaml;

use crate::error::ApiError;
use crate::index::{ExportCell, ExportDoc, ExportLabel, EXPORT_KIND};
use crate::layout::check_position;
use serde_json::{json, Map, Value};
use std::collections::BTreeMap;

pub use chart::{cell_to_chart, chart_to_cell, losses, through_template, ChartCell, ChartError, ChartKind, CHART_KINDS};

/// The template versions influxd 2.8.0 reads; it writes the first.
pub const API_VERSIONS: [&str; 2] = ["influxdata.com/v2alpha1", "influxdata.com/v2alpha2"];

/// The kinds of object a template may hold besides dashboards and labels (pkger `kinds`).
const OTHER_KINDS: [&str; 12] = [
    "Bucket",
    "Check",
    "CheckDeadman",
    "CheckThreshold",
    "NotificationEndpoint",
    "NotificationEndpointHTTP",
    "NotificationEndpointPagerDuty",
    "NotificationEndpointSlack",
    "NotificationRule",
    "Task",
    "Telegraf",
    "Variable",
];

/// Dashboards and labels need names of at least this many characters (pkger's
/// `dashboardNameMinLength`, `labelNameMinLength`).
const MIN_NAME: usize = 2;

/// What a template gives to import.
#[derive(Clone, Debug, PartialEq)]
pub struct TemplateImport {
    /// Each dashboard, with its cells and the labels associated with it.
    pub dashboards: Vec<ExportDoc>,
    /// Objects of other kinds, left out: (kind, how many), by kind.
    pub left_out: Vec<(String, usize)>,
}

fn invalid(message: impl Into<String>) -> ApiError {
    ApiError::Validation { message: message.into() }
}

/// The text of a file as JSON values: JSON when it reads as JSON, YAML documents otherwise.
/// A JSON list stands for its items, as does a YAML document that is a list.
pub fn read_objects(text: &str) -> Result<Vec<Value>, ApiError> {
    let text = text.trim_start_matches('\u{feff}');
    let json_like = text.trim_start().starts_with(['{', '[']);
    // Text shaped like JSON is read as JSON only: a YAML reading of broken JSON would
    // succeed on mistakes (an unquoted word) or fail with a less useful place.
    let docs = match serde_json::from_str::<Value>(text) {
        Ok(v) => vec![v],
        Err(e) if json_like => {
            let what = if e.is_eof() { "the file ends before the JSON does" } else { "this is not well-formed JSON" };
            return Err(invalid(format!("Line {}, column {}: {what}.", e.line(), e.column())));
        }
        Err(_) => yaml::read_documents(text).map_err(|e| invalid(format!("Line {}, column {}: {}.", e.line, e.column, e.problem)))?,
    };
    Ok(docs
        .into_iter()
        .flat_map(|d| match d {
            Value::Array(items) => items,
            Value::Null => Vec::new(),
            other => vec![other],
        })
        .collect())
}

/// Whether these objects look like a template (some object names an `apiVersion`).
pub fn is_template(objects: &[Value]) -> bool {
    objects.iter().any(|o| o.get("apiVersion").is_some_and(Value::is_string))
}

/// A member that may be a plain value or an environment reference with a default
/// (`{envRef: {key, default}}`): its text, trimmed.
fn text_of(v: Option<&Value>) -> String {
    match v {
        Some(Value::String(s)) => s.trim().to_owned(),
        Some(Value::Number(n)) => n.to_string(),
        Some(Value::Object(o)) => text_of(o.get("envRef").and_then(|r| r.get("default"))),
        _ => String::new(),
    }
}

struct Object<'a> {
    index: usize,
    kind: String,
    meta_name: String,
    spec: &'a Map<String, Value>,
}

impl Object<'_> {
    /// `spec.name`, or `metadata.name` when it has none (pkger's `identity.Name`).
    fn name(&self) -> String {
        let display = text_of(self.spec.get("name"));
        if display.is_empty() {
            self.meta_name.clone()
        } else {
            display
        }
    }
}

/// Reads the dashboards and labels of a template; every problem is found before anything
/// is sent, and named with its place.
pub fn read_template(objects: &[Value]) -> Result<TemplateImport, ApiError> {
    static EMPTY: std::sync::OnceLock<Map<String, Value>> = std::sync::OnceLock::new();
    let empty = EMPTY.get_or_init(Map::new);
    let mut parsed = Vec::new();
    let mut left_out: BTreeMap<String, usize> = BTreeMap::new();
    for (i, o) in objects.iter().enumerate() {
        let place = format!("Object {}", i + 1);
        let o = o.as_object().ok_or_else(|| invalid(format!("{place} is not a mapping with apiVersion, kind, metadata and spec.")))?;
        let kind = text_of(o.get("kind"));
        let version = text_of(o.get("apiVersion"));
        if !API_VERSIONS.contains(&version.as_str()) {
            let found = if version.is_empty() { "no apiVersion".to_owned() } else { format!("apiVersion '{version}'") };
            return Err(invalid(format!("{place}: {found}; an InfluxDB template has {}.", API_VERSIONS.join(" or "))));
        }
        match kind.as_str() {
            "Dashboard" | "Label" => {}
            k if OTHER_KINDS.contains(&k) => {
                *left_out.entry(kind).or_default() += 1;
                continue;
            }
            "" => return Err(invalid(format!("{place} has no kind."))),
            k => return Err(invalid(format!("{place}: unknown kind '{k}'."))),
        }
        let meta_name = text_of(o.get("metadata").and_then(|m| m.get("name")));
        if meta_name.is_empty() {
            return Err(invalid(format!("{place} ({kind}) has no metadata.name.")));
        }
        let spec = match o.get("spec") {
            Some(Value::Object(s)) => s,
            None | Some(Value::Null) => empty,
            Some(_) => return Err(invalid(format!("{place} ({kind}): spec is not a mapping."))),
        };
        parsed.push(Object { index: i + 1, kind, meta_name, spec });
    }

    // Labels first: dashboards name them by metadata.name.
    let mut labels: BTreeMap<String, ExportLabel> = BTreeMap::new();
    for l in parsed.iter().filter(|o| o.kind == "Label") {
        let name = l.name();
        let place = format!("Label “{name}” (object {})", l.index);
        if name.chars().count() < MIN_NAME {
            return Err(invalid(format!("{place}: a label name needs at least {MIN_NAME} characters.")));
        }
        if labels.contains_key(&l.meta_name) {
            return Err(invalid(format!("{place}: another label has the metadata.name '{}'.", l.meta_name)));
        }
        let mut properties = BTreeMap::new();
        for key in ["color", "description"] {
            let v = text_of(l.spec.get(key));
            if !v.is_empty() {
                properties.insert(key.to_owned(), v);
            }
        }
        labels.insert(l.meta_name.clone(), ExportLabel { name, properties });
    }

    let mut dashboards = Vec::new();
    for d in parsed.iter().filter(|o| o.kind == "Dashboard") {
        let name = d.name();
        let place = format!("Dashboard “{name}” (object {})", d.index);
        if name.chars().count() < MIN_NAME {
            return Err(invalid(format!("{place}: a dashboard name needs at least {MIN_NAME} characters.")));
        }
        let mut doc_labels: Vec<ExportLabel> = Vec::new();
        for a in d.spec.get("associations").and_then(Value::as_array).into_iter().flatten() {
            if text_of(a.get("kind")) != "Label" {
                continue;
            }
            let wanted = text_of(a.get("name"));
            let label =
                labels.get(&wanted).ok_or_else(|| invalid(format!("{place}: the label '{wanted}' is not defined in this file.")))?;
            if !doc_labels.contains(label) {
                doc_labels.push(label.clone());
            }
        }
        let charts = match d.spec.get("charts") {
            None | Some(Value::Null) => &[][..],
            Some(Value::Array(c)) => &c[..],
            Some(_) => return Err(invalid(format!("{place}: charts is not a list."))),
        };
        let mut cells = Vec::new();
        for (i, c) in charts.iter().enumerate() {
            let at = format!("{place}, chart {}", i + 1);
            let cell = chart_to_cell(c).map_err(|e| invalid(format!("{at}: {e}.")))?;
            check_position(cell.x, cell.y, cell.w, cell.h).map_err(|e| invalid(format!("{at}: {}", e.message())))?;
            let properties = serde_json::from_value(cell.properties).map_err(|_| invalid(format!("{at}: its view could not be built.")))?;
            cells.push(ExportCell { x: cell.x, y: cell.y, w: cell.w, h: cell.h, name: cell.name, properties });
        }
        dashboards.push(ExportDoc {
            kind: EXPORT_KIND.into(),
            version: 1,
            name,
            description: text_of(d.spec.get("description")),
            cells,
            labels: doc_labels,
        });
    }
    if dashboards.is_empty() {
        let others: Vec<String> = left_out.iter().map(|(k, n)| format!("{n} {k}")).collect();
        let held = if others.is_empty() { String::new() } else { format!(" (it holds {})", others.join(", ")) };
        return Err(invalid(format!("This template has no dashboard to import{held}.")));
    }
    Ok(TemplateImport { dashboards, left_out: left_out.into_iter().collect() })
}

/// The file format of an export.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TemplateFormat {
    Json,
    Yaml,
}

/// Dashboards written as one InfluxDB template.
#[derive(Clone, Debug, PartialEq)]
pub struct TemplateExport {
    /// The template's objects: the labels, then the dashboards.
    pub objects: Vec<Value>,
    /// Cells a template cannot hold (check, simple-table, log-viewer or empty views), left
    /// out as influxd's export leaves them out: (dashboard, cell name, view type).
    pub left_out: Vec<(String, String, String)>,
    /// Members a template does not carry, per cell: (dashboard, cell name, member paths).
    pub losses: Vec<(String, String, Vec<String>)>,
}

/// A metadata.name influxd accepts (a DNS-1123 label: lower-case letters, digits and '-',
/// at most 63, starting and ending with a letter or digit), unique among `taken`.
fn meta_name(prefix: &str, name: &str, taken: &mut Vec<String>) -> String {
    let mut slug = String::new();
    for c in name.to_lowercase().chars() {
        if c.is_ascii_alphanumeric() {
            slug.push(c);
        } else if !slug.ends_with('-') {
            slug.push('-');
        }
    }
    let slug: String = slug.trim_matches('-').chars().take(40).collect();
    let base = format!("{prefix}-{}", slug.trim_end_matches('-')).trim_end_matches('-').to_owned();
    let mut candidate = base.clone();
    let mut n = 2;
    while taken.contains(&candidate) {
        candidate = format!("{base}-{n}");
        n += 1;
    }
    taken.push(candidate.clone());
    candidate
}

/// Writes dashboards as a template, as influxd's export writes them: each label once, each
/// dashboard with its charts and label associations.
pub fn export_template(docs: &[ExportDoc]) -> TemplateExport {
    let mut taken = Vec::new();
    let mut label_names: Vec<(String, String)> = Vec::new(); // (label name, metadata.name)
    let mut objects = Vec::new();
    for l in docs.iter().flat_map(|d| &d.labels) {
        if label_names.iter().any(|(n, _)| n == &l.name) {
            continue;
        }
        let meta = meta_name("label", &l.name, &mut taken);
        let mut spec = Map::new();
        spec.insert("name".into(), json!(l.name));
        for key in ["color", "description"] {
            if let Some(v) = l.properties.get(key).filter(|v| !v.is_empty()) {
                spec.insert(key.into(), json!(v));
            }
        }
        objects.push(json!({"apiVersion": API_VERSIONS[0], "kind": "Label", "metadata": {"name": meta}, "spec": spec}));
        label_names.push((l.name.clone(), meta));
    }
    let mut left_out = Vec::new();
    let mut losses = Vec::new();
    for d in docs {
        let mut charts = Vec::new();
        for c in &d.cells {
            let props = serde_json::to_value(&c.properties).unwrap_or(Value::Null);
            match cell_to_chart(c.x, c.y, c.w, c.h, &c.name, &props) {
                Some(chart) => {
                    let lost = chart::losses_in(&props, &chart).unwrap_or_default();
                    if !lost.is_empty() {
                        losses.push((d.name.clone(), c.name.clone(), lost));
                    }
                    charts.push(chart);
                }
                None => left_out.push((d.name.clone(), c.name.clone(), c.properties.type_name().to_owned())),
            }
        }
        let mut spec = Map::new();
        spec.insert("name".into(), json!(d.name));
        if !d.description.is_empty() {
            spec.insert("description".into(), json!(d.description));
        }
        let assoc: Vec<Value> = d
            .labels
            .iter()
            .filter_map(|l| label_names.iter().find(|(n, _)| n == &l.name))
            .map(|(_, meta)| json!({"kind": "Label", "name": meta}))
            .collect();
        if !assoc.is_empty() {
            spec.insert("associations".into(), Value::Array(assoc));
        }
        spec.insert("charts".into(), Value::Array(charts));
        let meta = meta_name("dashboard", &d.name, &mut taken);
        objects.push(json!({"apiVersion": API_VERSIONS[0], "kind": "Dashboard", "metadata": {"name": meta}, "spec": spec}));
    }
    TemplateExport { objects, left_out, losses }
}

impl TemplateExport {
    /// The template as text: a JSON list of objects, or YAML documents.
    pub fn to_text(&self, format: TemplateFormat) -> String {
        match format {
            TemplateFormat::Json => serde_json::to_string_pretty(&self.objects).unwrap_or_default(),
            TemplateFormat::Yaml => yaml::write_documents(&self.objects),
        }
    }
}

/// A file name for a template of the dashboard named `name`.
pub fn template_file_name(name: &str, format: TemplateFormat) -> String {
    let base =
        ExportDoc { kind: EXPORT_KIND.into(), version: 1, name: name.into(), description: String::new(), cells: vec![], labels: vec![] }
            .file_name();
    let stem = base.trim_end_matches(".json");
    match format {
        TemplateFormat::Json => format!("{stem}.template.json"),
        TemplateFormat::Yaml => format!("{stem}.template.yml"),
    }
}

#[cfg(test)]
mod tests;
