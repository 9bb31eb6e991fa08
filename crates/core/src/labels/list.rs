//! The labels as the page lists them: searched, sorted, each with its usage count.

use super::state::{LabelSort, LabelsState};
use crate::index::{natural_key, IndexState};
use crate::model::{Dashboard, Label, LabelId};
use std::collections::HashMap;

/// How many dashboards carry each label, by label id.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct LabelUsage(HashMap<LabelId, usize>);

impl LabelUsage {
    /// The number of dashboards carrying `label` (0 when none, or when unknown).
    pub fn count(&self, label: &LabelId) -> usize {
        self.0.get(label).copied().unwrap_or(0)
    }
}

/// Counts, for each label id, the dashboards of `dashboards` that carry it (from each
/// dashboard's `labels`, which every list answer includes). A label listed twice on one
/// dashboard counts once. Give it every dashboard of the org, or the counts are partial.
pub fn label_usage(dashboards: &[Dashboard]) -> LabelUsage {
    let mut counts: HashMap<LabelId, usize> = HashMap::new();
    for d in dashboards {
        let mut seen: Vec<&LabelId> = Vec::with_capacity(d.labels.len());
        for l in &d.labels {
            if !seen.contains(&&l.id) {
                seen.push(&l.id);
                *counts.entry(l.id.clone()).or_default() += 1;
            }
        }
    }
    LabelUsage(counts)
}

/// One row of the labels page.
#[derive(Clone, Debug, PartialEq)]
pub struct LabelRow<'a> {
    pub label: &'a Label,
    /// How many dashboards carry it.
    pub uses: usize,
}

/// The labels matching `state.query` (every word, case-insensitively, in the name or the
/// `description` property), in `state.sort` order. Borrows; never clones a label. Ties keep a
/// stable order: by name, then by id.
pub fn list_labels<'a>(labels: &'a [Label], usage: &LabelUsage, state: &LabelsState) -> Vec<LabelRow<'a>> {
    let words: Vec<String> = state.query.split_whitespace().map(str::to_lowercase).collect();
    let mut rows: Vec<(Vec<crate::index::Chunk>, LabelRow<'a>)> = labels
        .iter()
        .filter(|l| {
            if words.is_empty() {
                return true;
            }
            let mut haystack = l.name.to_lowercase();
            haystack.push('\n');
            haystack.push_str(&l.property("description").unwrap_or("").to_lowercase());
            words.iter().all(|w| haystack.contains(w.as_str()))
        })
        .map(|l| (natural_key(&l.name), LabelRow { label: l, uses: usage.count(&l.id) }))
        .collect();
    rows.sort_by(|(ka, a), (kb, b)| {
        let by_name = ka.cmp(kb).then_with(|| a.label.id.cmp(&b.label.id));
        match state.sort {
            LabelSort::NameAsc => by_name,
            LabelSort::NameDesc => by_name.reverse(),
            LabelSort::MostUsed => b.uses.cmp(&a.uses).then(by_name),
        }
    });
    rows.into_iter().map(|(_, r)| r).collect()
}

/// The index's query string showing the dashboards that carry the label named `name` (what
/// clicking a label on this page opens: `/` + this).
pub fn index_query_for_label(name: &str) -> String {
    IndexState { labels: vec![name.to_owned()], ..IndexState::default() }.to_query()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{DashboardId, Field};

    fn label(id: &str, name: &str, description: &str) -> Label {
        let mut props = std::collections::BTreeMap::new();
        if !description.is_empty() {
            props.insert("description".to_owned(), description.to_owned());
        }
        Label { id: LabelId(id.into()), name: name.into(), properties: Field::Set(props), ..Label::default() }
    }

    fn dashboard(id: &str, labels: &[&Label]) -> Dashboard {
        Dashboard { id: DashboardId(id.into()), labels: labels.iter().map(|l| (*l).clone()).collect(), ..Dashboard::default() }
    }

    fn names(rows: &[LabelRow]) -> Vec<String> {
        rows.iter().map(|r| format!("{}:{}", r.label.name, r.uses)).collect()
    }

    #[test]
    fn usage_counts_each_dashboard_once_per_label() {
        let (a, b, c) = (label("a", "prod", ""), label("b", "dev", ""), label("c", "unused", ""));
        let ds = [dashboard("1", &[&a, &b]), dashboard("2", &[&a]), dashboard("3", &[&a, &a]), dashboard("4", &[])];
        let usage = label_usage(&ds);
        assert_eq!((usage.count(&a.id), usage.count(&b.id), usage.count(&c.id)), (3, 1, 0));
        assert_eq!(label_usage(&[]), LabelUsage::default());
    }

    #[test]
    fn sorts_by_name_both_ways_and_by_use() {
        let labels = [label("1", "team 10", ""), label("2", "Team 2", ""), label("3", "alpha", ""), label("4", "beta", "")];
        let ds = [dashboard("d1", &[&labels[3]]), dashboard("d2", &[&labels[3], &labels[0]]), dashboard("d3", &[&labels[0]])];
        let usage = label_usage(&ds);
        let list = |sort| names(&list_labels(&labels, &usage, &LabelsState { sort, ..Default::default() }));
        assert_eq!(list(LabelSort::NameAsc), ["alpha:0", "beta:2", "Team 2:0", "team 10:2"]);
        assert_eq!(list(LabelSort::NameDesc), ["team 10:2", "Team 2:0", "beta:2", "alpha:0"]);
        // Equal counts fall back to the name order.
        assert_eq!(list(LabelSort::MostUsed), ["beta:2", "team 10:2", "alpha:0", "Team 2:0"]);
    }

    #[test]
    fn search_matches_every_word_in_name_or_description() {
        let labels = [label("1", "production", "Serves customers"), label("2", "staging", "Pre-release"), label("3", "Prod-EU", "")];
        let rows = |q: &str| {
            let s = LabelsState { query: q.into(), ..Default::default() };
            list_labels(&labels, &LabelUsage::default(), &s).iter().map(|r| r.label.name.clone()).collect::<Vec<_>>()
        };
        assert_eq!(rows("PROD"), ["Prod-EU", "production"]);
        assert_eq!(rows("prod customers"), ["production"]);
        assert_eq!(rows("release"), ["staging"]);
        assert_eq!(rows("  "), ["Prod-EU", "production", "staging"]);
        assert!(rows("nothing").is_empty());
    }

    #[test]
    fn a_label_opens_the_index_filtered_by_it() {
        assert_eq!(index_query_for_label("team a&b"), "?label=team%20a%26b");
        assert_eq!(IndexState::from_query(&index_query_for_label("prod")).labels, ["prod"]);
    }
}
