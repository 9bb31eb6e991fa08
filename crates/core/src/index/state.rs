//! What the index shows, as it lives in the URL query string. Parsing never fails: a value
//! that is not understood falls back to its default, so any link opens.

use crate::urlenc::{encode, parse_query};

pub const PAGE_SIZES: [usize; 4] = [12, 24, 48, 96];

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Default)]
pub enum SortOrder {
    #[default]
    NameAsc,
    NameDesc,
    ModifiedNewest,
    ModifiedOldest,
    CreatedNewest,
    CreatedOldest,
}

impl SortOrder {
    pub const ALL: [SortOrder; 6] = [
        SortOrder::NameAsc,
        SortOrder::NameDesc,
        SortOrder::ModifiedNewest,
        SortOrder::ModifiedOldest,
        SortOrder::CreatedNewest,
        SortOrder::CreatedOldest,
    ];

    pub fn as_param(self) -> &'static str {
        match self {
            SortOrder::NameAsc => "name-asc",
            SortOrder::NameDesc => "name-desc",
            SortOrder::ModifiedNewest => "modified-desc",
            SortOrder::ModifiedOldest => "modified-asc",
            SortOrder::CreatedNewest => "created-desc",
            SortOrder::CreatedOldest => "created-asc",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            SortOrder::NameAsc => "Name (A → Z)",
            SortOrder::NameDesc => "Name (Z → A)",
            SortOrder::ModifiedNewest => "Modified (newest first)",
            SortOrder::ModifiedOldest => "Modified (oldest first)",
            SortOrder::CreatedNewest => "Created (newest first)",
            SortOrder::CreatedOldest => "Created (oldest first)",
        }
    }

    pub fn from_param(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|o| o.as_param() == s)
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum LabelMatch {
    /// Every selected label.
    #[default]
    All,
    /// At least one selected label.
    Any,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct IndexState {
    pub sort: SortOrder,
    /// Free text, matched against name, description and label names.
    pub query: String,
    /// Selected label names.
    pub labels: Vec<String>,
    pub label_match: LabelMatch,
    /// 1-based.
    pub page: usize,
    pub page_size: usize,
}

impl Default for IndexState {
    fn default() -> Self {
        IndexState {
            sort: SortOrder::default(),
            query: String::new(),
            labels: Vec::new(),
            label_match: LabelMatch::All,
            page: 1,
            page_size: 24,
        }
    }
}

impl IndexState {
    /// Reads a query string (with or without `?`); unknown or invalid values are defaults.
    pub fn from_query(q: &str) -> Self {
        let mut s = IndexState::default();
        for (k, v) in parse_query(q) {
            match k.as_str() {
                "sort" => s.sort = SortOrder::from_param(&v).unwrap_or_default(),
                "q" => s.query = v,
                "label" if !v.trim().is_empty() && !s.labels.contains(&v) => s.labels.push(v),
                "match" => s.label_match = if v == "any" { LabelMatch::Any } else { LabelMatch::All },
                "page" => s.page = v.parse().ok().filter(|p| *p >= 1).unwrap_or(1),
                "size" => s.page_size = v.parse().ok().filter(|n| PAGE_SIZES.contains(n)).unwrap_or(24),
                _ => {}
            }
        }
        s
    }

    /// Writes the state back, leaving defaults out so that links stay short.
    pub fn to_query(&self) -> String {
        let d = IndexState::default();
        let mut parts = Vec::new();
        if !self.query.is_empty() {
            parts.push(format!("q={}", encode(&self.query)));
        }
        if self.sort != d.sort {
            parts.push(format!("sort={}", self.sort.as_param()));
        }
        for l in &self.labels {
            parts.push(format!("label={}", encode(l)));
        }
        if self.label_match == LabelMatch::Any {
            parts.push("match=any".into());
        }
        if self.page != 1 {
            parts.push(format!("page={}", self.page));
        }
        if self.page_size != d.page_size {
            parts.push(format!("size={}", self.page_size));
        }
        if parts.is_empty() {
            String::new()
        } else {
            format!("?{}", parts.join("&"))
        }
    }

    /// A change of what is shown starts again on page 1.
    pub fn with_filter_change(&self, f: impl FnOnce(&mut IndexState)) -> IndexState {
        let mut next = self.clone();
        f(&mut next);
        next.page = 1;
        next
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips_through_the_url() {
        let s = IndexState {
            sort: SortOrder::ModifiedNewest,
            query: "cpu & mem/ü".into(),
            labels: vec!["prod".into(), "a,b".into()],
            label_match: LabelMatch::Any,
            page: 3,
            page_size: 96,
        };
        assert_eq!(IndexState::from_query(&s.to_query()), s);
        assert_eq!(IndexState::default().to_query(), "");
    }

    #[test]
    fn invalid_values_fall_back_to_defaults() {
        let s = IndexState::from_query("?sort=bogus&page=-2&size=13&match=sometimes&label=&label=x&label=x&zzz=1");
        assert_eq!(s, IndexState { labels: vec!["x".into()], ..IndexState::default() });
        assert_eq!(IndexState::from_query("page=0").page, 1);
        assert_eq!(IndexState::from_query("page=99999999999999999999999").page, 1);
    }
}
