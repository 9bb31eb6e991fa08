//! GET /api/v2/dashboards written straight from the store. A list of 10,000 dashboards is
//! about 14 MB: built as a `serde_json::Value` tree first (`Store::dashboard_json` per
//! dashboard), the answer took half a second in allocations alone; serialized from borrowed
//! records it takes a fraction of that. The bytes are the same as the tree's (keys in the
//! tree's sorted order), which the test below holds against `dashboard_json`.

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
        m.serialize_entry("dashboards", &Seq(self.page.iter().map(|d| Listed { store: self.store, d })))?;
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

/// One dashboard as the list shows it: cells without their views' properties (only the view
/// the record carries, B10), its labels, meta and links.
struct Listed<'a> {
    store: &'a Store,
    d: &'a Dash,
}

impl Serialize for Listed<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let d = self.d;
        let base = format!("/api/v2/dashboards/{}", d.id);
        let mut m = s.serialize_map(Some(9))?;
        m.serialize_entry("cells", &Seq(d.cells.iter().map(|c| ListedCell { dashboard: &d.id, c })))?;
        m.serialize_entry("description", &d.description)?;
        m.serialize_entry("id", &d.id)?;
        m.serialize_entry("labels", &Seq(self.store.label_recs_of(&d.id).map(ApiLabel)))?;
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

#[derive(Clone, Copy)]
struct ListedCell<'a> {
    dashboard: &'a str,
    c: &'a CellRec,
}

impl Serialize for ListedCell<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let c = self.c;
        let link = format!("/api/v2/dashboards/{}/cells/{}", self.dashboard, c.id);
        let mut m = s.serialize_map(None)?;
        m.serialize_entry("h", &c.h)?;
        m.serialize_entry("id", &c.id)?;
        m.serialize_entry("links", &Links(&[("self", &link), ("view", &format!("{link}/view"))]))?;
        // The view the record carries: its name (when not empty) and always empty properties.
        if let Some(name) = &c.carried_name {
            if !name.is_empty() {
                m.serialize_entry("name", name)?;
            }
            m.serialize_entry("properties", &Links(&[("shape", &"empty".to_owned())]))?;
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
    use crate::seed;
    use serde_json::json;

    #[test]
    fn the_list_is_the_bytes_of_the_value_tree() {
        let mut store = Store::default();
        seed::demo(&mut store, 150);
        // A cell that carries a named view and one that carries an unnamed one (B10).
        let first = store.dashboards.keys().next().cloned().expect("seeded");
        let d = store.dashboards.get_mut(&first).expect("seeded");
        if let Some(c) = d.cells.first_mut() {
            c.carried_name = Some("carried".into());
        }
        if let Some(c) = d.cells.get_mut(1) {
            c.carried_name = Some(String::new());
        }
        let page: Vec<&Dash> = store.dashboards.values().collect();
        assert!(page.iter().any(|d| !d.cells.is_empty()) && page.iter().any(|d| store.label_recs_of(&d.id).next().is_some()));
        let links = json!({"self": "/api/v2/dashboards?descending=false&limit=20&offset=0"});
        let tree = json!({"links": links, "dashboards": page.iter().map(|d| store.dashboard_json(d, false)).collect::<Vec<_>>()});
        let written = String::from_utf8(dashboard_list(&store, &page, &links)).expect("utf-8");
        assert_eq!(written, serde_json::to_string(&tree).expect("serializes"));
    }
}
