//! Where the index's load time goes on the host: decoding the list answer, building the
//! catalog, sorting it.
//!
//! `cargo run --release -p dashboards-core --example index_bench [-- --count N] [-- --file answer.json]`
//!
//! The answer is generated in the dev server's shape (`GET /dashboards?orgID=…` with
//! 10,000 dashboards by default: 0–6 cells with links, 0–3 labels with properties, links,
//! meta; about 14 MB), or read from a file saved from a server. Each step runs several times;
//! prints the median and the fastest. Asserts nothing except that every decode agrees.

use dashboards_core::index::{Catalog, SortOrder};
use dashboards_core::model::DashboardsPage;
use serde_json::{json, Value};
use std::time::Instant;

const RUNS: usize = 7;

/// The model as it was before `read_members!`: serde's derive with `#[serde(flatten)]
/// extra` on every object. Kept here to compare against.
#[allow(dead_code)] // read only to be timed
mod flattened {
    use dashboards_core::model::{null_as_default, Field, Links};
    use serde::Deserialize;
    use serde_json::{Map, Value};
    use std::collections::BTreeMap;

    #[derive(Deserialize)]
    pub struct Page {
        #[serde(default, deserialize_with = "null_as_default")]
        pub dashboards: Vec<Dashboard>,
        #[serde(flatten)]
        pub extra: Map<String, Value>,
    }
    #[derive(Deserialize)]
    pub struct Dashboard {
        pub id: String,
        #[serde(rename = "orgID")]
        pub org_id: String,
        #[serde(default)]
        pub name: String,
        #[serde(default)]
        pub description: String,
        #[serde(default)]
        pub meta: Meta,
        #[serde(default, deserialize_with = "null_as_default")]
        pub cells: Vec<Cell>,
        #[serde(default, deserialize_with = "null_as_default")]
        pub labels: Vec<Label>,
        #[serde(default)]
        pub links: Field<Links>,
        #[serde(flatten)]
        pub extra: Map<String, Value>,
    }
    #[derive(Deserialize, Default)]
    pub struct Meta {
        #[serde(rename = "createdAt", default)]
        pub created_at: String,
        #[serde(rename = "updatedAt", default)]
        pub updated_at: String,
        #[serde(flatten)]
        pub extra: Map<String, Value>,
    }
    #[derive(Deserialize)]
    pub struct Cell {
        pub id: String,
        #[serde(default)]
        pub x: i32,
        #[serde(default)]
        pub y: i32,
        #[serde(default)]
        pub w: i32,
        #[serde(default)]
        pub h: i32,
        #[serde(default)]
        pub links: Field<Links>,
        #[serde(default)]
        pub name: Field<String>,
        #[serde(flatten)]
        pub extra: Map<String, Value>,
    }
    #[derive(Deserialize)]
    pub struct Label {
        pub id: String,
        #[serde(rename = "orgID", default)]
        pub org_id: String,
        #[serde(default)]
        pub name: String,
        #[serde(default)]
        pub properties: Field<BTreeMap<String, String>>,
        #[serde(flatten)]
        pub extra: Map<String, Value>,
    }
}

/// The dev server's list answer for `n` dashboards (`crates/devserver/src/store.rs`,
/// `dashboard_json` without properties), with its seed's names and descriptions.
fn answer(n: usize) -> String {
    const TOPICS: [&str; 6] = ["CPU", "Memory", "Disk I/O", "Ärger-Übersicht", "日本語ダッシュボード", "cpu"];
    const LABELS: [(&str, &str, &str); 4] = [
        ("production", "#326BBA", "Serves customers"),
        ("staging", "#BF3D5E", "Pre-release checks"),
        ("critical", "#DC4E58", "Pages someone at night"),
        ("experimental", "#7A65F2", "May change without notice"),
    ];
    let org = "68877d2e98400001";
    let dashboards: Vec<Value> = (0..n)
        .map(|i| {
            let id = format!("68877d32{:08x}", i * 8);
            let base = format!("/api/v2/dashboards/{id}");
            let topic = TOPICS[i % TOPICS.len()];
            let cells: Vec<Value> = (0..i % 7)
                .map(|c| {
                    let cell = format!("68877d32{:08x}", i * 8 + c + 1);
                    json!({"id": cell, "x": (c * 4) % 12, "y": c * 3, "w": 4, "h": 3,
                           "links": {"self": format!("{base}/cells/{cell}"), "view": format!("{base}/cells/{cell}/view")}})
                })
                .collect();
            let labels: Vec<Value> = (0..i % 4)
                .map(|l| {
                    let (name, color, description) = LABELS[(i + l) % LABELS.len()];
                    json!({"id": format!("68877d2e9880000{l}"), "orgID": org, "name": name,
                           "properties": {"color": color, "description": description}})
                })
                .collect();
            json!({
                "id": id, "orgID": org, "name": format!("{topic} {}", i / TOPICS.len() + 1),
                "description": if i % 3 == 0 { String::new() } else { format!("{topic} overview for the eu fleet") },
                "meta": {"createdAt": format!("2026-05-{:02}T20:05:23.490625549Z", 1 + i % 28),
                         "updatedAt": format!("2026-05-{:02}T08:05:23.49062554{}Z", 1 + (i * 7) % 28, i % 10)},
                "cells": cells, "labels": labels,
                "links": {"self": base, "cells": format!("{base}/cells"), "members": format!("{base}/members"),
                          "owners": format!("{base}/owners"), "labels": format!("{base}/labels"), "org": format!("/api/v2/orgs/{org}")}
            })
        })
        .collect();
    let links = json!({"self": format!("/api/v2/dashboards?descending=false&limit=100&offset=0&orgID={org}")});
    serde_json::to_string(&json!({"links": links, "dashboards": dashboards})).unwrap()
}

/// Runs `f` RUNS times; prints the median and the fastest in ms; returns the last result.
fn time<T>(what: &str, mut f: impl FnMut() -> T) -> T {
    let mut ms = Vec::new();
    let mut out = None;
    for _ in 0..RUNS {
        let t = Instant::now();
        let v = f();
        ms.push(t.elapsed().as_secs_f64() * 1000.0);
        // Dropping is part of nobody's load: keep it out of the figure.
        out = Some(v);
    }
    ms.sort_by(f64::total_cmp);
    println!("{what:<48} median {:>8.2} ms   min {:>8.2} ms", ms[ms.len() / 2], ms[0]);
    out.unwrap()
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let arg = |name: &str| args.iter().position(|a| a == name).and_then(|i| args.get(i + 1)).cloned();
    let text = match arg("--file") {
        Some(path) => std::fs::read_to_string(&path).expect("read the answer file"),
        None => answer(arg("--count").map(|c| c.parse().expect("--count takes a number")).unwrap_or(10_000)),
    };
    let page: DashboardsPage = serde_json::from_str(&text).expect("a list answer");
    println!("index load on the host: {} dashboards, {} bytes of JSON, {RUNS} runs each", page.dashboards.len(), text.len());

    time("serde_json::Value (for scale)", || serde_json::from_str::<Value>(&text).unwrap());
    time("serde derive with flatten (the model before)", || serde_json::from_str::<flattened::Page>(&text).unwrap().dashboards.len());
    let full = time("DashboardsPage (the model)", || serde_json::from_str::<DashboardsPage>(&text).unwrap());
    let catalog = time("Catalog::new", || Catalog::new(&full.dashboards));
    time("sort by name (first order asked)", || catalog.sorted(SortOrder::NameAsc));
    time("sort by modified", || catalog.sorted(SortOrder::ModifiedNewest));
}
