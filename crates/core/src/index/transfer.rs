//! Clone, export and import, planned as the exact requests to send, in order.
//!
//! A cell is always made with two calls: POST the cell (position and name), then PATCH its
//! view with the properties. Properties sent inside cells are lost by the server (B10), and
//! `usingView` only copies within one dashboard (B11).

use crate::endpoints::{check_dashboard_name, check_label_name};
use crate::error::ApiError;
use crate::layout::check_position;
use crate::model::{CreateCell, CreateDashboard, Dashboard, Label, LabelId, OrgId, ViewProperties};
use crate::template::{self, TemplateImport};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

pub const EXPORT_KIND: &str = "influx-dashboards/dashboard";

/// The export file: a dashboard with its cells (position, name, view properties) and labels.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ExportDoc {
    pub kind: String,
    pub version: u32,
    pub name: String,
    #[serde(default)]
    pub description: String,
    #[serde(default)]
    pub cells: Vec<ExportCell>,
    #[serde(default)]
    pub labels: Vec<ExportLabel>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ExportCell {
    pub x: i32,
    pub y: i32,
    pub w: i32,
    pub h: i32,
    #[serde(default)]
    pub name: String,
    #[serde(default)]
    pub properties: ViewProperties,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ExportLabel {
    pub name: String,
    #[serde(default)]
    pub properties: BTreeMap<String, String>,
}

impl ExportDoc {
    /// From a dashboard read with `?include=properties`.
    pub fn from_dashboard(d: &Dashboard) -> Self {
        ExportDoc {
            kind: EXPORT_KIND.into(),
            version: 1,
            name: d.name.clone(),
            description: d.description.clone(),
            cells: d
                .cells
                .iter()
                .map(|c| ExportCell {
                    x: c.x,
                    y: c.y,
                    w: c.w,
                    h: c.h,
                    name: c.name.get().cloned().unwrap_or_default(),
                    properties: c.properties.get().cloned().unwrap_or_default(),
                })
                .collect(),
            labels: d.labels.iter().map(|l| ExportLabel { name: l.name.clone(), properties: l.properties.value_or_default() }).collect(),
        }
    }

    /// A suggested file name: the dashboard's name, made safe.
    pub fn file_name(&self) -> String {
        let base: String = self
            .name
            .chars()
            .map(|c| if c.is_alphanumeric() || c == '-' || c == '_' { c } else { '-' })
            .collect::<String>()
            .trim_matches('-')
            .to_owned();
        format!("{}.json", if base.is_empty() { "dashboard" } else { &base })
    }

    /// Reads and checks an export file; every problem is found before anything is sent.
    pub fn parse(text: &str) -> Result<Self, ApiError> {
        let invalid = |m: String| ApiError::Validation { message: m };
        let doc: ExportDoc = serde_json::from_str(text).map_err(|e| invalid(format!("This is not a dashboard export: {e}.")))?;
        if doc.kind != EXPORT_KIND {
            return Err(invalid(format!("This file is a {:?}, not a dashboard export ({EXPORT_KIND}).", doc.kind)));
        }
        if doc.version != 1 {
            return Err(invalid(format!("Export version {} is not supported (1 is).", doc.version)));
        }
        check_dashboard_name(&doc.name)?;
        for (i, c) in doc.cells.iter().enumerate() {
            check_position(c.x, c.y, c.w, c.h).map_err(|e| invalid(format!("Cell {} ({}): {}", i + 1, c.name, e.message())))?;
            if !c.properties.is_storable() {
                return Err(invalid(format!("Cell {} ({}): its view properties are not a view InfluxDB can store.", i + 1, c.name)));
            }
        }
        for l in &doc.labels {
            check_label_name(&l.name)?;
        }
        Ok(doc)
    }
}

/// A file to import: this app's export, or an InfluxDB template (one or many dashboards).
#[derive(Clone, Debug, PartialEq)]
pub enum ImportFile {
    Export(ExportDoc),
    Template(TemplateImport),
}

impl ImportFile {
    /// Reads either format, JSON or YAML; every problem is found before anything is sent.
    pub fn parse(text: &str) -> Result<Self, ApiError> {
        let objects = template::read_objects(text)?;
        match &objects[..] {
            [one] if one.get("kind").and_then(serde_json::Value::as_str) == Some(EXPORT_KIND) => {
                Ok(ImportFile::Export(ExportDoc::parse(&one.to_string())?))
            }
            _ if template::is_template(&objects) => Ok(ImportFile::Template(template::read_template(&objects)?)),
            _ => Err(ApiError::Validation {
                message: format!(
                    "This is neither a dashboard export ({EXPORT_KIND}) nor an InfluxDB template (apiVersion {}).",
                    template::API_VERSIONS[0]
                ),
            }),
        }
    }

    /// The dashboards to make, in the file's order.
    pub fn dashboards(&self) -> &[ExportDoc] {
        match self {
            ImportFile::Export(doc) => std::slice::from_ref(doc),
            ImportFile::Template(t) => &t.dashboards,
        }
    }

    /// Kinds of object the file holds that are not imported, with how many of each.
    pub fn left_out(&self) -> &[(String, usize)] {
        match self {
            ImportFile::Export(_) => &[],
            ImportFile::Template(t) => &t.left_out,
        }
    }
}

/// The requests that build a dashboard from an export (or a clone).
#[derive(Clone, Debug, PartialEq)]
pub struct ImportPlan {
    pub create: CreateDashboard,
    /// Each cell: POST it, then PATCH its view with (name, properties).
    pub cells: Vec<(CreateCell, String, ViewProperties)>,
    /// Labels of the org to attach.
    pub attach: Vec<LabelId>,
    /// Labels to create first (then attach).
    pub create_labels: Vec<ExportLabel>,
}

/// Plans an import into `org`; labels are matched by name with the org's labels, ignoring
/// case as influxd does (it refuses `Prod` beside `prod`). A label to create is checked here,
/// name and color, so that a bad one refuses the import before any request.
pub fn plan_import(doc: &ExportDoc, org: &OrgId, name: Option<&str>, org_labels: &[Label]) -> Result<ImportPlan, ApiError> {
    let name = check_dashboard_name(name.unwrap_or(&doc.name))?;
    let same = |a: &str, b: &str| a.trim().to_lowercase() == b.trim().to_lowercase();
    let mut attach: Vec<LabelId> = Vec::new();
    let mut create_labels: Vec<ExportLabel> = Vec::new();
    for l in &doc.labels {
        match org_labels.iter().find(|o| same(&o.name, &l.name)) {
            Some(existing) if !attach.contains(&existing.id) => attach.push(existing.id.clone()),
            Some(_) => {}
            None if create_labels.iter().any(|c| same(&c.name, &l.name)) => {}
            None => {
                let named = |e: ApiError| {
                    let message = format!("Label “{}”: {}", l.name, e.message());
                    e.with_message(message)
                };
                crate::endpoints::check_label_name(&l.name).map_err(named)?;
                let mut label = l.clone();
                // An empty color (the API allows one) is no color.
                label.properties.retain(|k, v| k != "color" || !v.is_empty());
                if let Some(color) = label.properties.get("color") {
                    crate::endpoints::check_color(color).map_err(named)?;
                }
                create_labels.push(label);
            }
        }
    }
    Ok(ImportPlan {
        create: CreateDashboard { org_id: org.clone(), name, description: (!doc.description.is_empty()).then(|| doc.description.clone()) },
        cells: doc
            .cells
            .iter()
            .map(|c| {
                let create =
                    CreateCell { x: Some(c.x), y: Some(c.y), w: Some(c.w), h: Some(c.h), name: Some(c.name.clone()), using_view: None };
                (create, c.name.clone(), c.properties.clone())
            })
            .collect(),
        attach,
        create_labels,
    })
}

/// A clone is an import of the source into its own org, under a new name, with its labels.
pub type ClonePlan = ImportPlan;

/// Plans a clone of `source` (read with `?include=properties`) named `name`.
pub fn plan_clone(source: &Dashboard, name: &str) -> Result<ClonePlan, ApiError> {
    let doc = ExportDoc::from_dashboard(source);
    let mut plan = plan_import(&doc, &source.org_id, Some(name), &source.labels)?;
    // The source's labels exist in its org: attach by id, never create.
    plan.attach = source.labels.iter().map(|l| l.id.clone()).collect();
    plan.create_labels.clear();
    Ok(plan)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn source() -> Dashboard {
        serde_json::from_value(json!({
            "id": "0000000000000001", "orgID": "0a1b2c3d4e5f6789", "name": "System", "description": "hosts",
            "meta": {"createdAt": "2024-01-01T00:00:00Z", "updatedAt": "2024-01-01T00:00:00Z"},
            "cells": [
                {"id": "0000000000000002", "x": 0, "y": 0, "w": 6, "h": 3, "name": "cpu",
                 "properties": {"type": "markdown", "shape": "chronograf-v2", "note": "hi"}},
                {"id": "0000000000000003", "x": 6, "y": 0, "w": 6, "h": 3, "name": "",
                 "properties": {"shape": "empty"}}
            ],
            "labels": [{"id": "0c00000000000001", "orgID": "0a1b2c3d4e5f6789", "name": "prod", "properties": {"color": "#326BBA"}}],
            "links": {}
        }))
        .unwrap()
    }

    #[test]
    fn clone_posts_each_cell_then_patches_its_view_and_attaches_labels() {
        let plan = plan_clone(&source(), "System (copy)").unwrap();
        assert_eq!(plan.create.name, "System (copy)");
        assert_eq!(plan.create.description.as_deref(), Some("hosts"));
        assert_eq!(plan.cells.len(), 2);
        let (create, name, props) = &plan.cells[0];
        assert_eq!((create.x, create.y, create.w, create.h, create.using_view.as_ref()), (Some(0), Some(0), Some(6), Some(3), None));
        assert_eq!(name, "cpu");
        assert_eq!(props.type_name(), "markdown");
        assert_eq!(plan.attach, vec![LabelId::from("0c00000000000001")]);
        assert!(plan.create_labels.is_empty());
        assert!(plan_clone(&source(), "  ").is_err());
    }

    #[test]
    fn export_round_trips_and_import_matches_labels_by_name() {
        let doc = ExportDoc::from_dashboard(&source());
        let text = serde_json::to_string_pretty(&doc).unwrap();
        let back = ExportDoc::parse(&text).unwrap();
        assert_eq!(back, doc);
        assert_eq!(doc.file_name(), "System.json");

        let other_org_labels = vec![Label { id: LabelId::from("0c000000000000ff"), name: " prod ".into(), ..Default::default() }];
        let plan = plan_import(&back, &OrgId::from("1111111111111111"), None, &other_org_labels).unwrap();
        assert_eq!(plan.attach, vec![LabelId::from("0c000000000000ff")]);
        assert!(plan.create_labels.is_empty());
        let plan = plan_import(&back, &OrgId::from("1111111111111111"), None, &[]).unwrap();
        assert_eq!(plan.create_labels[0].name, "prod");
        assert_eq!(plan.create_labels[0].properties.get("color").map(String::as_str), Some("#326BBA"));
    }

    #[test]
    fn import_matches_labels_ignoring_case_and_checks_new_ones_before_sending() {
        // influxd refused a new "Prod" beside the org's "prod" (422), failing the whole import.
        let mut doc = ExportDoc::from_dashboard(&source());
        doc.labels[0].name = "PROD".into();
        let org = OrgId::from("1111111111111111");
        let theirs = vec![Label { id: LabelId::from("0c000000000000ff"), name: "prod".into(), ..Default::default() }];
        let plan = plan_import(&doc, &org, None, &theirs).unwrap();
        assert_eq!((plan.attach.len(), plan.create_labels.len()), (1, 0));
        // Two spellings of one new label make one.
        let again = ExportLabel { name: "Prod".into(), properties: Default::default() };
        doc.labels.push(again);
        let plan = plan_import(&doc, &org, None, &[]).unwrap();
        assert_eq!(plan.create_labels.iter().map(|l| l.name.as_str()).collect::<Vec<_>>(), ["PROD"]);
        // A color the label form would refuse refuses the import, naming the label.
        doc.labels[0].properties.insert("color".into(), "red".into());
        let err = plan_import(&doc, &org, None, &[]).unwrap_err();
        assert!(err.message().contains("Label “PROD”") && err.message().contains("#rrggbb"), "{}", err.message());
        // An empty color is no color.
        doc.labels[0].properties.insert("color".into(), String::new());
        let plan = plan_import(&doc, &org, None, &[]).unwrap();
        assert!(!plan.create_labels[0].properties.contains_key("color"));
    }

    #[test]
    fn bad_files_are_refused_before_anything_is_sent() {
        let good = serde_json::to_value(ExportDoc::from_dashboard(&source())).unwrap();
        let mut cases: Vec<(serde_json::Value, &str)> = Vec::new();
        let mut v = good.clone();
        v["kind"] = json!("something-else");
        cases.push((v, "not a dashboard export"));
        let mut v = good.clone();
        v["name"] = json!("  ");
        cases.push((v, "needs a name"));
        let mut v = good.clone();
        v["cells"][0]["w"] = json!(13);
        cases.push((v, "12 columns"));
        let mut v = good.clone();
        v["cells"][0]["properties"] = json!({"type": "xy"});
        cases.push((v, "view InfluxDB can store"));
        let mut v = good.clone();
        v["version"] = json!(7);
        cases.push((v, "not supported"));
        for (doc, want) in cases {
            let err = ExportDoc::parse(&doc.to_string()).unwrap_err();
            assert!(err.message().contains(want), "{want}: {}", err.message());
        }
        assert!(ExportDoc::parse("{not json").unwrap_err().message().contains("not a dashboard export"));
    }
}
