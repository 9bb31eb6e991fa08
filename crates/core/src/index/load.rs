//! Getting every dashboard of an org exactly once, in the fewest requests.
//!
//! `GET /dashboards?orgID=…&limit=100&offset=…`. On influxd as shipped (feature flag
//! `enforceOrgDashboardLimits` off, and on the dev server) the org filter ignores offset and
//! limit and the first answer is the whole org: one request. With the flag on, the server
//! pages the org but answers an offset at or past the end with the whole org again. So: a page
//! with fewer than `limit` dashboards is the last one; more than `limit` is the whole org; a
//! page that repeats an id already seen means the server ignored the offset. Either way at most
//! ⌈N/100⌉ + 1 requests, and never a duplicate.

use crate::endpoints::{ListDashboards, MAX_PAGE};
use crate::model::{Dashboard, OrgId};
use std::collections::HashSet;

pub struct LoadAll {
    org: OrgId,
    offset: u32,
    seen: HashSet<String>,
    dashboards: Vec<Dashboard>,
    requests: usize,
}

/// What to do after a page.
#[derive(Debug, PartialEq)]
pub enum LoadStep {
    /// Send this request next.
    Next(ListDashboards),
    /// Every dashboard is in hand.
    Done,
}

impl LoadAll {
    pub fn new(org: OrgId) -> Self {
        LoadAll { org, offset: 0, seen: HashSet::new(), dashboards: Vec::new(), requests: 0 }
    }

    /// The first request.
    pub fn first(&mut self) -> ListDashboards {
        self.request()
    }

    fn request(&mut self) -> ListDashboards {
        self.requests += 1;
        ListDashboards { org_id: Some(self.org.clone()), offset: Some(self.offset), limit: Some(MAX_PAGE), ..Default::default() }
    }

    /// Takes the answer to the last request.
    pub fn accept(&mut self, page: Vec<Dashboard>) -> LoadStep {
        let count = page.len();
        let mut repeated = false;
        for d in page {
            if self.seen.insert(d.id.0.clone()) {
                self.dashboards.push(d);
            } else {
                repeated = true;
            }
        }
        if repeated || count != MAX_PAGE as usize {
            return LoadStep::Done;
        }
        self.offset += MAX_PAGE;
        LoadStep::Next(self.request())
    }

    pub fn requests(&self) -> usize {
        self.requests
    }

    pub fn into_dashboards(self) -> Vec<Dashboard> {
        self.dashboards
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::DashboardId;

    fn org(n: usize) -> Vec<Dashboard> {
        (0..n).map(|i| Dashboard { id: DashboardId(format!("{:016x}", i + 1)), ..Default::default() }).collect()
    }

    /// influxd's answer to `?orgID&offset&limit`, with the feature flag on or off.
    fn server(all: &[Dashboard], q: &ListDashboards, enforce_limits: bool) -> Vec<Dashboard> {
        if !enforce_limits {
            return all.to_vec();
        }
        let (offset, limit) = (q.offset.unwrap_or(0) as usize, q.limit.unwrap_or(0) as usize);
        let mut v = all.to_vec();
        if offset > 0 && offset < v.len() {
            v = v[offset..].to_vec();
        }
        if limit > 0 && limit < v.len() {
            v.truncate(limit);
        }
        v
    }

    fn load(n: usize, enforce: bool) -> (usize, Vec<Dashboard>) {
        let all = org(n);
        let mut l = LoadAll::new(OrgId::from("0a1b2c3d4e5f6789"));
        let mut q = l.first();
        while let LoadStep::Next(next) = l.accept(server(&all, &q, enforce)) {
            q = next;
            assert!(l.requests() < 1000, "runaway");
        }
        (l.requests(), l.into_dashboards())
    }

    #[test]
    fn every_dashboard_once_within_the_request_budget() {
        for n in [0, 1, 99, 100, 101, 150, 200, 250, 10_000] {
            for enforce in [false, true] {
                let (requests, got) = load(n, enforce);
                assert_eq!(got, org(n), "n={n} enforce={enforce}");
                let budget = n.div_ceil(100) + 1;
                assert!(requests <= budget, "n={n} enforce={enforce}: {requests} requests > {budget}");
                if !enforce && n != 100 {
                    assert_eq!(requests, 1, "n={n}: the org filter answers everything at once");
                }
            }
        }
    }

    #[test]
    fn asks_with_org_and_the_maximum_page() {
        let mut l = LoadAll::new(OrgId::from("0a1b2c3d4e5f6789"));
        let q = l.first();
        assert_eq!((q.org_id.as_ref().map(|o| o.as_str()), q.limit, q.offset), (Some("0a1b2c3d4e5f6789"), Some(100), Some(0)));
    }
}
