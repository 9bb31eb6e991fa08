//! A dashboard as the API answers it, written straight from the store's records: the one
//! writer of GET /api/v2/dashboards (the list) and of every answer that is one dashboard
//! (`Store::dashboard_json`). A list of 10,000 dashboards is about 14 MB: built as a
//! `serde_json::Value` tree per dashboard first, it took half a second in allocations alone;
//! serialized from borrowed records it takes a fraction of that. Keys are in sorted order,
//! as a `Value` tree writes them.

use crate::store::{CellRec, Dash, LabelRec, Store};
use dashboards_core::time::format_rfc3339_nanos;
use serde::ser::{SerializeMap, SerializeSeq, Serializer};
use serde::Serialize;
use serde_json::Value;

/// `{"dashboards": [...], "links": {...}}` for the dashboards of a page, in order.
pub fn dashboard_list(store: &Store, page: &[&Dash], links: &Value) -> Vec<u8> {
    // Most of a listed dashboard is its labels; 1.5 KB each is the seed's average.
    let mut out = Vec::with_capacity(page.len() * 1536 + 512);
    let list = List { store, page, links };
    // Writing into a Vec cannot fail, and every key is a string.
    serde_json::to_writer(&mut out, &list).expect("a dashboard list serializes");
    out
}

struct List<'a> {
    store: &'a Store,
    page: &'a [&'a Dash],
    links: &'a Value,
}

impl Serialize for List<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut m = s.serialize_map(Some(2))?;
        m.serialize_entry("dashboards", &Seq(self.page.iter().map(|d| DashboardOut { store: self.store, d, views: false })))?;
        m.serialize_entry("links", self.links)?;
        m.end()
    }
}

/// A sequence from an iterator that can be walked again (serde needs `&self`).
struct Seq<I>(I);

impl<I: Iterator + Clone> Serialize for Seq<I>
where
    I::Item: Serialize,
{
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut seq = s.serialize_seq(None)?;
        for item in self.0.clone() {
            seq.serialize_element(&item)?;
        }
        seq.end()
    }
}

/// A dashboard as one value (GET /dashboards/:id and the answers of POST and PATCH).
pub fn dashboard_value(store: &Store, d: &Dash, views: bool) -> Value {
    serde_json::to_value(DashboardOut { store, d, views }).expect("a dashboard serializes")
}

/// One dashboard: its cells, labels, meta and links. The cells show, with `views`
/// (`include=properties`), the view stored for each; without, only the view the record
/// carries (B10).
struct DashboardOut<'a> {
    store: &'a Store,
    d: &'a Dash,
    views: bool,
}

impl<'a> Serialize for DashboardOut<'a> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let (store, d, views): (&'a Store, &'a Dash, bool) = (self.store, self.d, self.views);
        let base = format!("/api/v2/dashboards/{}", d.id);
        let cell = move |c: &'a CellRec| {
            let view = if views {
                // The view replaces whatever the record carries.
                let v = store.views.get(&c.id);
                Some((v.map_or("", |v| v.name.as_str()), v.map(|v| &v.properties)))
            } else {
                c.carried_name.as_deref().map(|name| (name, None))
            };
            CellOut { dashboard: &d.id, c, view }
        };
        let mut m = s.serialize_map(Some(9))?;
        m.serialize_entry("cells", &Seq(d.cells.iter().map(cell)))?;
        m.serialize_entry("description", &d.description)?;
        m.serialize_entry("id", &d.id)?;
        m.serialize_entry("labels", &Seq(store.label_recs_of(&d.id).map(ApiLabel)))?;
        m.serialize_entry(
            "links",
            &Links(&[
                ("cells", &format!("{base}/cells")),
                ("labels", &format!("{base}/labels")),
                ("members", &format!("{base}/members")),
                ("org", &format!("/api/v2/orgs/{}", d.org_id)),
                ("owners", &format!("{base}/owners")),
                ("self", &base),
            ]),
        )?;
        m.serialize_entry(
            "meta",
            &Links(&[("createdAt", &format_rfc3339_nanos(d.created_at)), ("updatedAt", &format_rfc3339_nanos(d.updated_at))]),
        )?;
        m.serialize_entry("name", &d.name)?;
        m.serialize_entry("orgID", &d.org_id)?;
        m.end()
    }
}

/// An object of string members, in the order given.
struct Links<'a>(&'a [(&'a str, &'a String)]);

impl Serialize for Links<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut m = s.serialize_map(Some(self.0.len()))?;
        for (k, v) in self.0 {
            m.serialize_entry(k, v)?;
        }
        m.end()
    }
}

/// A cell in a dashboard answer, with the view it shows, if any: its `name` (left out when
/// empty, as influxd's `omitempty` does) and its `properties` (`None`: `{"shape":"empty"}`).
#[derive(Clone, Copy)]
struct CellOut<'a> {
    dashboard: &'a str,
    c: &'a CellRec,
    view: Option<(&'a str, Option<&'a Value>)>,
}

impl Serialize for CellOut<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let c = self.c;
        let link = format!("/api/v2/dashboards/{}/cells/{}", self.dashboard, c.id);
        let mut m = s.serialize_map(None)?;
        m.serialize_entry("h", &c.h)?;
        m.serialize_entry("id", &c.id)?;
        m.serialize_entry("links", &Links(&[("self", &link), ("view", &format!("{link}/view"))]))?;
        if let Some((name, properties)) = self.view {
            if !name.is_empty() {
                m.serialize_entry("name", name)?;
            }
            match properties {
                Some(p) => m.serialize_entry("properties", p)?,
                None => m.serialize_entry("properties", &Links(&[("shape", &"empty".to_owned())]))?,
            }
        }
        m.serialize_entry("w", &c.w)?;
        m.serialize_entry("x", &c.x)?;
        m.serialize_entry("y", &c.y)?;
        m.end()
    }
}

/// A label as the API shows it (`label_json`; the record's own `Serialize` is its stored form).
struct ApiLabel<'a>(&'a LabelRec);

impl Serialize for ApiLabel<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let l = self.0;
        let mut m = s.serialize_map(None)?;
        m.serialize_entry("id", &l.id)?;
        m.serialize_entry("name", &l.name)?;
        m.serialize_entry("orgID", &l.org_id)?;
        // Left out when empty, as the server does.
        if !l.properties.is_empty() {
            m.serialize_entry("properties", &l.properties)?;
        }
        m.end()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::ViewRec;
    use serde_json::json;
    use std::collections::BTreeMap;

    /// One dashboard with a label and three cells: one that shows nothing, one whose record
    /// carries a named view (B10), one with a stored view.
    fn store() -> Store {
        let mut store = Store::default();
        let properties = BTreeMap::from([("color".to_owned(), "#326BBA".to_owned())]);
        store.labels.insert("l1".into(), LabelRec { id: "l1".into(), org_id: "o1".into(), name: "prod".into(), properties });
        store.label_maps.insert(("d1".into(), "l1".into()));
        let mut carried = CellRec::new("c2".into(), 6, 0, 6, 4);
        carried.carried_name = Some("carried".into());
        let cells = vec![CellRec::new("c1".into(), 0, 0, 6, 4), carried, CellRec::new("c3".into(), 0, 4, 12, 3)];
        store.views.insert("c3".into(), ViewRec::new("cpu".into(), json!({"shape": "chronograf-v2", "type": "markdown", "note": "n"})));
        let d =
            Dash { id: "d1".into(), org_id: "o1".into(), name: "n".into(), description: "d".into(), created_at: 0, updated_at: 0, cells };
        store.dashboards.insert("d1".into(), d);
        store
    }

    fn cell(id: &str, x: i32, y: i32, w: i32, h: i32) -> Value {
        let link = format!("/api/v2/dashboards/d1/cells/{id}");
        json!({"id": id, "x": x, "y": y, "w": w, "h": h, "links": {"self": link, "view": format!("{link}/view")}})
    }

    fn expected(cells: Vec<Value>) -> Value {
        let base = "/api/v2/dashboards/d1";
        json!({
            "id": "d1", "orgID": "o1", "name": "n", "description": "d",
            "meta": {"createdAt": format_rfc3339_nanos(0), "updatedAt": format_rfc3339_nanos(0)},
            "cells": cells,
            "labels": [{"id": "l1", "name": "prod", "orgID": "o1", "properties": {"color": "#326BBA"}}],
            "links": {"self": base, "cells": format!("{base}/cells"), "members": format!("{base}/members"),
                      "owners": format!("{base}/owners"), "labels": format!("{base}/labels"), "org": "/api/v2/orgs/o1"}
        })
    }

    #[test]
    fn a_dashboard_shows_the_carried_views_or_with_include_the_stored_ones() {
        let store = store();
        let d = &store.dashboards["d1"];
        let mut carried = cell("c2", 6, 0, 6, 4);
        carried["name"] = json!("carried");
        carried["properties"] = json!({"shape": "empty"});
        let plain = expected(vec![cell("c1", 0, 0, 6, 4), carried, cell("c3", 0, 4, 12, 3)]);
        assert_eq!(dashboard_value(&store, d, false), plain);
        // With the views: a cell without one shows an empty view with no name.
        let (mut c1, mut c2, mut c3) = (cell("c1", 0, 0, 6, 4), cell("c2", 6, 0, 6, 4), cell("c3", 0, 4, 12, 3));
        c1["properties"] = json!({"shape": "empty"});
        c2["properties"] = json!({"shape": "empty"});
        c3["name"] = json!("cpu");
        c3["properties"] = store.views["c3"].properties.clone();
        assert_eq!(dashboard_value(&store, d, true), expected(vec![c1, c2, c3]));
        // The list: the same dashboards, compact, keys sorted, then the links.
        let links = json!({"self": "/api/v2/dashboards?descending=false&limit=20&offset=0"});
        let written = String::from_utf8(dashboard_list(&store, &[d, d], &links)).expect("utf-8");
        assert_eq!(written, serde_json::to_string(&json!({"dashboards": [plain, plain], "links": links})).expect("serializes"));
    }
}
