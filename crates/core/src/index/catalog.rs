//! Sorting and filtering many dashboards fast: keys are computed once per load (`Catalog`),
//! a sort order once per sort change, and a keystroke only scans precomputed lower-case text.

use super::natural::{natural_key, Chunk};
use super::state::{IndexState, LabelMatch, SortOrder};
use crate::model::Dashboard;
use crate::time::parse_rfc3339;
use std::cmp::Ordering;

struct Entry {
    name_key: Vec<Chunk>,
    /// Lower-cased name, description and label names, separated by newlines.
    haystack: String,
    labels: Vec<String>,
    created: i128,
    updated: i128,
    id: String,
}

/// The precomputed keys of a list of dashboards. Indices refer to that list.
pub struct Catalog {
    entries: Vec<Entry>,
    /// Where each id is in the list.
    positions: std::collections::HashMap<String, usize>,
    /// Each sort order, computed the first time it is asked for.
    orders: std::sync::Mutex<std::collections::HashMap<SortOrder, std::sync::Arc<Vec<usize>>>>,
}

impl Catalog {
    pub fn new(dashboards: &[Dashboard]) -> Self {
        let entries = dashboards
            .iter()
            .map(|d| {
                let labels: Vec<String> = d.labels.iter().map(|l| l.name.to_lowercase()).collect();
                let mut haystack = d.name.to_lowercase();
                haystack.push('\n');
                haystack.push_str(&d.description.to_lowercase());
                for l in &labels {
                    haystack.push('\n');
                    haystack.push_str(l);
                }
                Entry {
                    name_key: natural_key(&d.name),
                    haystack,
                    labels,
                    created: parse_rfc3339(&d.meta.created_at).unwrap_or(0),
                    updated: parse_rfc3339(&d.meta.updated_at).unwrap_or(0),
                    id: d.id.0.clone(),
                }
            })
            .collect::<Vec<Entry>>();
        let positions = entries.iter().enumerate().map(|(i, e)| (e.id.clone(), i)).collect();
        Catalog { entries, positions, orders: Default::default() }
    }

    /// The position of a dashboard in the list.
    pub fn position(&self, id: &str) -> Option<usize> {
        self.positions.get(id).copied()
    }

    /// `sorted`, computed once per order for the life of the catalog.
    pub fn order(&self, order: SortOrder) -> std::sync::Arc<Vec<usize>> {
        let mut cache = self.orders.lock().unwrap_or_else(|p| p.into_inner());
        cache.entry(order).or_insert_with(|| std::sync::Arc::new(self.sorted(order))).clone()
    }

    pub fn len(&self) -> usize {
        self.entries.len()
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// Indices in `order`. Equal keys keep a fixed order: by id, which is creation order.
    pub fn sorted(&self, order: SortOrder) -> Vec<usize> {
        let mut idx: Vec<usize> = (0..self.entries.len()).collect();
        let e = &self.entries;
        let by_id = |a: usize, b: usize| e[a].id.cmp(&e[b].id);
        let cmp: Box<dyn Fn(usize, usize) -> Ordering> = match order {
            SortOrder::NameAsc => Box::new(|a, b| e[a].name_key.cmp(&e[b].name_key).then_with(|| by_id(a, b))),
            SortOrder::NameDesc => Box::new(|a, b| e[b].name_key.cmp(&e[a].name_key).then_with(|| by_id(a, b))),
            SortOrder::ModifiedNewest => Box::new(|a, b| e[b].updated.cmp(&e[a].updated).then_with(|| by_id(a, b))),
            SortOrder::ModifiedOldest => Box::new(|a, b| e[a].updated.cmp(&e[b].updated).then_with(|| by_id(a, b))),
            SortOrder::CreatedNewest => Box::new(|a, b| e[b].created.cmp(&e[a].created).then_with(|| by_id(b, a))),
            SortOrder::CreatedOldest => Box::new(|a, b| e[a].created.cmp(&e[b].created).then_with(|| by_id(a, b))),
        };
        idx.sort_by(|&a, &b| cmp(a, b));
        idx
    }

    /// Keeps, in order, the indices that match the text and the label selection.
    /// Every whitespace-separated term must appear in the name, description or a label name.
    pub fn filter(&self, order: &[usize], state: &IndexState) -> Vec<usize> {
        let terms: Vec<String> = state.query.split_whitespace().map(str::to_lowercase).collect();
        let wanted: Vec<String> = state.labels.iter().map(|l| l.to_lowercase()).collect();
        if terms.is_empty() && wanted.is_empty() {
            return order.to_vec();
        }
        order
            .iter()
            .copied()
            .filter(|&i| {
                let e = &self.entries[i];
                let text_ok = terms.iter().all(|t| e.haystack.contains(t.as_str()));
                let labels_ok = wanted.is_empty()
                    || match state.label_match {
                        LabelMatch::All => wanted.iter().all(|w| e.labels.contains(w)),
                        LabelMatch::Any => wanted.iter().any(|w| e.labels.contains(w)),
                    };
                text_ok && labels_ok
            })
            .collect()
    }
}

/// One page of a list.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Page {
    /// 1-based, clamped into 1..=pages.
    pub page: usize,
    /// At least 1, even for an empty list.
    pub pages: usize,
    /// Range of the list shown on this page.
    pub start: usize,
    pub end: usize,
}

/// Clamps `page` to the pages that exist (a filter that shrinks the list moves back).
pub fn paginate(total: usize, page: usize, page_size: usize) -> Page {
    let size = page_size.max(1);
    let pages = total.div_ceil(size).max(1);
    let page = page.clamp(1, pages);
    let start = ((page - 1) * size).min(total);
    Page { page, pages, start, end: (start + size).min(total) }
}

/// The page buttons to show: the first, the last and two on each side of the current page;
/// `None` is a gap ("…").
pub fn page_buttons(page: usize, pages: usize) -> Vec<Option<usize>> {
    let mut out = Vec::new();
    let mut last = 0;
    for p in 1..=pages {
        if p == 1 || p == pages || p.abs_diff(page) <= 2 {
            if p > last + 1 {
                out.push(None);
            }
            out.push(Some(p));
            last = p;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{DashboardId, DashboardMeta, Label, LabelId};

    fn dash(id: u32, name: &str, desc: &str, labels: &[&str], created: &str, updated: &str) -> Dashboard {
        Dashboard {
            id: DashboardId(format!("{id:016x}")),
            name: name.into(),
            description: desc.into(),
            labels: labels
                .iter()
                .map(|l| Label { id: LabelId::from("0000000000000001"), name: (*l).into(), ..Default::default() })
                .collect(),
            meta: DashboardMeta { created_at: created.into(), updated_at: updated.into(), ..Default::default() },
            ..Default::default()
        }
    }

    fn sample() -> Vec<Dashboard> {
        vec![
            dash(1, "cpu 10", "", &["prod"], "2024-01-01T00:00:00Z", "2024-03-01T00:00:00Z"),
            dash(2, "CPU 2", "the fleet", &["prod", "critical"], "2024-01-02T00:00:00Z", "2024-01-05T00:00:00Z"),
            dash(3, "Ärger", "unicode ü", &[], "2024-01-03T00:00:00Z", "2024-02-01T00:00:00.5Z"),
            dash(4, "same", "", &["dev"], "2024-01-04T00:00:00Z", "not a time"),
            dash(5, "same", "", &["critical"], "2024-01-04T00:00:00Z", "2024-02-01T00:00:00.4Z"),
        ]
    }

    fn names(ds: &[Dashboard], idx: &[usize]) -> Vec<String> {
        idx.iter().map(|&i| format!("{}#{}", ds[i].name, ds[i].id.0.trim_start_matches('0'))).collect()
    }

    #[test]
    fn every_sort_order() {
        let ds = sample();
        let c = Catalog::new(&ds);
        let cases: [(SortOrder, &[&str]); 6] = [
            (SortOrder::NameAsc, &["CPU 2#2", "cpu 10#1", "same#4", "same#5", "Ärger#3"]),
            (SortOrder::NameDesc, &["Ärger#3", "same#4", "same#5", "cpu 10#1", "CPU 2#2"]),
            (SortOrder::ModifiedNewest, &["cpu 10#1", "Ärger#3", "same#5", "CPU 2#2", "same#4"]),
            (SortOrder::ModifiedOldest, &["same#4", "CPU 2#2", "same#5", "Ärger#3", "cpu 10#1"]),
            (SortOrder::CreatedNewest, &["same#5", "same#4", "Ärger#3", "CPU 2#2", "cpu 10#1"]),
            (SortOrder::CreatedOldest, &["cpu 10#1", "CPU 2#2", "Ärger#3", "same#4", "same#5"]),
        ];
        for (order, want) in cases {
            assert_eq!(names(&ds, &c.sorted(order)), want, "{order:?}");
        }
    }

    #[test]
    fn filters_text_and_labels() {
        let ds = sample();
        let c = Catalog::new(&ds);
        let order = c.sorted(SortOrder::NameAsc);
        let run = |q: &str, labels: &[&str], m: LabelMatch| {
            let s = IndexState {
                query: q.into(),
                labels: labels.iter().map(|s| s.to_string()).collect(),
                label_match: m,
                ..Default::default()
            };
            names(&ds, &c.filter(&order, &s))
        };
        assert_eq!(run("cpu", &[], LabelMatch::All), vec!["CPU 2#2", "cpu 10#1"]);
        assert_eq!(run("FLEET", &[], LabelMatch::All), vec!["CPU 2#2"], "description, any case");
        assert_eq!(run("ü", &[], LabelMatch::All), vec!["Ärger#3"]);
        assert_eq!(run("critical", &[], LabelMatch::All), vec!["CPU 2#2", "same#5"], "label names are searched");
        assert_eq!(run("cpu  fleet", &[], LabelMatch::All), vec!["CPU 2#2"], "every term");
        assert_eq!(run("", &["prod", "critical"], LabelMatch::All), vec!["CPU 2#2"]);
        assert_eq!(run("", &["prod", "critical"], LabelMatch::Any), vec!["CPU 2#2", "cpu 10#1", "same#5"]);
        assert_eq!(run("", &["PROD"], LabelMatch::All), vec!["CPU 2#2", "cpu 10#1"]);
        assert!(run("nothing like this", &[], LabelMatch::All).is_empty());
    }

    #[test]
    fn pages_clamp() {
        assert_eq!(paginate(0, 1, 24), Page { page: 1, pages: 1, start: 0, end: 0 });
        assert_eq!(paginate(150, 7, 24), Page { page: 7, pages: 7, start: 144, end: 150 });
        assert_eq!(paginate(150, 9, 24), Page { page: 7, pages: 7, start: 144, end: 150 }, "clamped");
        assert_eq!(paginate(10, 3, 12), Page { page: 1, pages: 1, start: 0, end: 10 });
        assert_eq!(paginate(96, 2, 96), Page { page: 1, pages: 1, start: 0, end: 96 });
        assert_eq!(paginate(97, 2, 96), Page { page: 2, pages: 2, start: 96, end: 97 });
    }

    #[test]
    fn page_button_gaps() {
        assert_eq!(page_buttons(1, 1), vec![Some(1)]);
        assert_eq!(page_buttons(1, 3), vec![Some(1), Some(2), Some(3)]);
        assert_eq!(page_buttons(5, 10), vec![Some(1), None, Some(3), Some(4), Some(5), Some(6), Some(7), None, Some(10)]);
        assert_eq!(page_buttons(1, 7), vec![Some(1), Some(2), Some(3), None, Some(7)]);
    }

    #[test]
    fn ten_thousand_dashboards() {
        let ds: Vec<Dashboard> = (0..10_000)
            .map(|i| {
                dash(
                    i + 1,
                    &format!("dash {}", 10_000 - i),
                    if i % 2 == 0 { "even" } else { "" },
                    &["l"],
                    "2024-01-01T00:00:00Z",
                    "2024-01-01T00:00:00Z",
                )
            })
            .collect();
        let c = Catalog::new(&ds);
        let order = c.sorted(SortOrder::NameAsc);
        assert_eq!(*c.order(SortOrder::NameAsc), order);
        assert!(std::sync::Arc::ptr_eq(&c.order(SortOrder::NameAsc), &c.order(SortOrder::NameAsc)), "computed once");
        assert_eq!(c.position(&ds[order[0]].id.0), Some(order[0]));
        assert_eq!(ds[order[0]].name, "dash 1");
        assert_eq!(ds[order[9_999]].name, "dash 10000");
        let s = IndexState { query: "even".into(), ..Default::default() };
        assert_eq!(c.filter(&order, &s).len(), 5_000);
        assert_eq!(Catalog::new(&[]).sorted(SortOrder::NameDesc), Vec::<usize>::new());
    }
}
