//! What the labels page shows, as it lives in the URL query string: `?q=…&sort=…`. As with the
//! index (`index::IndexState`), parsing never fails: what is not understood is the default.

use crate::urlenc::{encode, parse_query};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Default)]
pub enum LabelSort {
    /// Name A → Z (natural, case-insensitive, as the index sorts names).
    #[default]
    NameAsc,
    /// Name Z → A.
    NameDesc,
    /// Carried by the most dashboards first; equal counts by name A → Z.
    MostUsed,
}

impl LabelSort {
    pub const ALL: [LabelSort; 3] = [LabelSort::NameAsc, LabelSort::NameDesc, LabelSort::MostUsed];

    /// The value of `sort=` in the URL.
    pub fn as_param(self) -> &'static str {
        match self {
            LabelSort::NameAsc => "name-asc",
            LabelSort::NameDesc => "name-desc",
            LabelSort::MostUsed => "most-used",
        }
    }

    /// The words of the sort menu.
    pub fn label(self) -> &'static str {
        match self {
            LabelSort::NameAsc => "Name (A → Z)",
            LabelSort::NameDesc => "Name (Z → A)",
            LabelSort::MostUsed => "Most used",
        }
    }

    pub fn from_param(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|o| o.as_param() == s)
    }
}

/// The labels page's state: search text and sort order.
#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub struct LabelsState {
    /// Free text, matched case-insensitively against name and description; every
    /// whitespace-separated word must match.
    pub query: String,
    pub sort: LabelSort,
}

impl LabelsState {
    /// Reads a query string (with or without `?`); unknown or invalid values are defaults.
    pub fn from_query(q: &str) -> Self {
        let mut s = LabelsState::default();
        for (k, v) in parse_query(q) {
            match k.as_str() {
                "q" => s.query = v,
                "sort" => s.sort = LabelSort::from_param(&v).unwrap_or_default(),
                _ => {}
            }
        }
        s
    }

    /// Writes the state back (`""` or `?…`), leaving defaults out so that links stay short.
    pub fn to_query(&self) -> String {
        let mut parts = Vec::new();
        if !self.query.is_empty() {
            parts.push(format!("q={}", encode(&self.query)));
        }
        if self.sort != LabelSort::default() {
            parts.push(format!("sort={}", self.sort.as_param()));
        }
        if parts.is_empty() {
            String::new()
        } else {
            format!("?{}", parts.join("&"))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips_through_the_url() {
        for sort in LabelSort::ALL {
            let s = LabelsState { query: "team & ops/ü".into(), sort };
            assert_eq!(LabelsState::from_query(&s.to_query()), s);
        }
        assert_eq!(LabelsState::default().to_query(), "");
        assert_eq!(LabelsState { sort: LabelSort::MostUsed, ..Default::default() }.to_query(), "?sort=most-used");
        assert_eq!(LabelsState { query: "a b".into(), ..Default::default() }.to_query(), "?q=a%20b");
    }

    #[test]
    fn invalid_values_fall_back_to_defaults() {
        assert_eq!(LabelsState::from_query("?sort=bogus&zzz=1"), LabelsState::default());
        assert_eq!(LabelsState::from_query("sort=name-desc&q=x").sort, LabelSort::NameDesc);
        assert_eq!(LabelsState::from_query("?q=prod+x").query, LabelsState::from_query("?q=prod%20x").query);
    }
}
