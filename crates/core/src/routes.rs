//! The app's URLs: built and read here so that every link and every parser agree.

use crate::model::{CellId, DashboardId, OrgId};
use crate::urlenc::encode;

pub fn dashboards_path(org: &OrgId) -> String {
    format!("/orgs/{}/dashboards", encode(org.as_str()))
}

pub fn dashboard_path(org: &OrgId, id: &DashboardId) -> String {
    format!("/orgs/{}/dashboards/{}", encode(org.as_str()), encode(id.as_str()))
}

pub fn labels_path(org: &OrgId) -> String {
    format!("/orgs/{}/labels", encode(org.as_str()))
}

/// The view editor of one cell, over its dashboard (a reload keeps it open).
pub fn cell_edit_path(org: &OrgId, id: &DashboardId, cell: &CellId) -> String {
    format!("{}/cells/{}/edit", dashboard_path(org, id), encode(cell.as_str()))
}

/// `path` with a query string (the router's `search`, without its `?`), if there is one.
pub fn with_query(path: &str, query: &str) -> String {
    let query = query.trim_start_matches('?');
    if query.is_empty() {
        path.to_owned()
    } else {
        format!("{path}?{query}")
    }
}

/// The org id of a path such as `/orgs/{id}/dashboards/...`, below an optional base.
pub fn org_in_path<'a>(base: &str, path: &'a str) -> Option<&'a str> {
    let rest = path.strip_prefix(base.trim_end_matches('/')).unwrap_or(path);
    let rest = rest.strip_prefix("/orgs/")?;
    let id = rest.split('/').next().filter(|s| !s.is_empty())?;
    Some(id)
}

/// The base path the app is served under, from the document's base URI
/// (`http://host/ui/` -> `/ui`, `http://host/` -> ``).
pub fn base_path(base_uri: &str) -> String {
    let after_scheme = base_uri.split_once("://").map(|(_, r)| r).unwrap_or(base_uri);
    let path = after_scheme.find('/').map(|i| &after_scheme[i..]).unwrap_or("/");
    let path = path.split(['?', '#']).next().unwrap_or("/");
    // A base URI names a folder when it ends with '/'; otherwise its last segment is a file.
    let folder = match path.rfind('/') {
        Some(i) => &path[..i],
        None => "",
    };
    folder.trim_end_matches('/').to_owned()
}

/// Whether two addresses are the same page: equal but for the query and the fragment (a
/// dashboard at another time range is the same dashboard).
pub fn same_page(a: &str, b: &str) -> bool {
    let page = |u: &str| u.split(['?', '#']).next().unwrap_or_default().trim_end_matches('/').to_owned();
    page(a) == page(b)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_same_page_at_another_range_is_the_same_page() {
        let d = "http://h/ui/orgs/1/dashboards/2";
        assert!(same_page(&format!("{d}?range=6h"), &format!("{d}?range=1h#x")));
        assert!(!same_page(&format!("{d}/cells/3/edit"), d));
        assert!(!same_page("http://h/ui/orgs/1/dashboards", d));
    }

    #[test]
    fn a_query_string_goes_along_only_when_there_is_one() {
        assert_eq!(with_query("/a", "range=1h"), "/a?range=1h");
        assert_eq!(with_query("/a", "?range=1h"), "/a?range=1h");
        assert_eq!(with_query("/a", ""), "/a");
    }

    #[test]
    fn builds_and_reads() {
        let org = OrgId::from("0a1b2c3d4e5f6789");
        assert_eq!(dashboards_path(&org), "/orgs/0a1b2c3d4e5f6789/dashboards");
        assert_eq!(dashboard_path(&org, &DashboardId::from("1111111111111111")), "/orgs/0a1b2c3d4e5f6789/dashboards/1111111111111111");
        assert_eq!(org_in_path("", "/orgs/0a1b2c3d4e5f6789/dashboards"), Some("0a1b2c3d4e5f6789"));
        assert_eq!(org_in_path("/ui", "/ui/orgs/abc/dashboards/x"), Some("abc"));
        assert_eq!(org_in_path("", "/signin"), None);
        assert_eq!(org_in_path("", "/orgs/"), None);
    }

    #[test]
    fn base_paths() {
        assert_eq!(base_path("http://127.0.0.1:8080/"), "");
        assert_eq!(base_path("http://127.0.0.1:8080/ui/"), "/ui");
        assert_eq!(base_path("https://h/a/b/index.html"), "/a/b");
        assert_eq!(base_path("http://h"), "");
        assert_eq!(base_path("http://h/ui/?x=1"), "/ui");
    }
}
