//! The app's URLs: built and read here so that every link and every parser agree.

use crate::endpoints::validation;
use crate::model::{CellId, DashboardId, OrgId};
use crate::urlenc::encode;
use crate::ApiError;

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

/// The InfluxDB address typed at sign-in, as the client's origin: empty for the server this
/// app is served with; otherwise an `http://` or `https://` address, without a trailing `/`
/// or `/api/v2` (the client adds that). `localhost:8086` would pass the browser's URL check
/// (its scheme read as "localhost") and then fail as "no answer".
pub fn check_origin(input: &str) -> Result<String, ApiError> {
    let typed = input.trim();
    if typed.is_empty() {
        return Ok(String::new());
    }
    let lower = typed.to_ascii_lowercase();
    let Some(rest) = lower.strip_prefix("http://").or_else(|| lower.strip_prefix("https://")) else {
        return Err(validation(format!("Start the address with http:// or https:// (for example http://{typed}).")));
    };
    let origin = typed.trim_end_matches('/');
    if rest.trim_end_matches('/').is_empty() || rest.starts_with('/') {
        return Err(validation("The address needs a host name, for example http://localhost:8086."));
    }
    if origin.contains(['?', '#', ' ']) {
        return Err(validation("The address is the server's alone, for example https://influx.example.com (no ?, # or spaces)."));
    }
    let origin = origin.strip_suffix("/api/v2").unwrap_or(origin).trim_end_matches('/');
    Ok(origin.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_server_address_needs_its_scheme_and_loses_api_v2() {
        assert_eq!(check_origin("  ").unwrap(), "");
        assert_eq!(check_origin("http://localhost:8086/").unwrap(), "http://localhost:8086");
        assert_eq!(check_origin("https://influx.example.com/api/v2/").unwrap(), "https://influx.example.com");
        assert_eq!(check_origin("https://example.com/influx").unwrap(), "https://example.com/influx");
        let e = check_origin("localhost:8086").unwrap_err();
        assert!(e.message().contains("http://localhost:8086"), "{}", e.message());
        assert!(check_origin("http://").unwrap_err().message().contains("needs a host name"));
        assert!(check_origin("http://host:8086/?org=1").is_err());
    }

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
