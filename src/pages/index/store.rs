//! The dashboards and labels of the org the index shows, and the edits made to them.

use crate::api::{mark, Client};
use dashboards_core::index::Catalog;
use dashboards_core::model::{Dashboard, DashboardId, Label, OrgId};
use dashboards_core::ApiError;
use futures::future::join;
use leptos::prelude::*;
use leptos::task::spawn_local;
use std::collections::HashMap;
use std::sync::Arc;

#[derive(Clone, Debug, PartialEq)]
pub enum Status {
    Loading,
    Ready,
    Failed(ApiError),
}

/// Shared, compared by identity: a new catalog is a new value.
#[derive(Clone)]
pub struct Shared<T>(pub Arc<T>);

impl<T> PartialEq for Shared<T> {
    fn eq(&self, other: &Self) -> bool {
        Arc::ptr_eq(&self.0, &other.0)
    }
}

/// What is being typed into a card: (name, description), each while its field is open.
pub type Typed = (Option<String>, Option<String>);

#[derive(Clone, Copy)]
pub struct IndexStore {
    pub org: Signal<OrgId>,
    pub dashboards: RwSignal<Vec<Dashboard>>,
    /// The org's labels.
    pub labels: RwSignal<Vec<Label>>,
    pub status: RwSignal<Status>,
    /// Sort keys, search text and id positions of `dashboards`, rebuilt when they change.
    pub catalog: Memo<Shared<Catalog>>,
    /// Answers to an older load (the org changed meanwhile) are dropped.
    generation: StoredValue<u64>,
    /// What was being typed into a card's name and description fields, by dashboard, while
    /// its card shows another dashboard (a rename elsewhere re-sorted the page): the text
    /// follows its dashboard to the card that shows it next.
    pub typing: StoredValue<HashMap<DashboardId, Typed>>,
}

impl IndexStore {
    /// Makes the store and provides it as context.
    pub fn new(org: Signal<OrgId>) -> Self {
        let dashboards = RwSignal::new(Vec::new());
        let store = IndexStore {
            org,
            dashboards,
            catalog: Memo::new(move |_| {
                let catalog = dashboards.with(|d| Catalog::new(d));
                mark("index:catalog");
                Shared(Arc::new(catalog))
            }),
            labels: RwSignal::new(Vec::new()),
            status: RwSignal::new(Status::Loading),
            generation: StoredValue::new(0),
            typing: StoredValue::new(HashMap::new()),
        };
        provide_context(store);
        store
    }

    /// Loads every dashboard and label of the org.
    pub fn reload(&self, client: Client) {
        let this = *self;
        let org = this.org.get_untracked();
        this.generation.update_value(|g| *g += 1);
        let generation = this.generation.get_value();
        this.status.set(Status::Loading);
        spawn_local(async move {
            // Both at once: the labels' round trip is not added to the list's.
            let (labels, dashboards) = join(client.list_labels(&org), client.load_all_dashboards(&org)).await;
            // The page may be gone (its reads aborted): then there is nothing left to update.
            if this.generation.try_get_value() != Some(generation) {
                return;
            }
            match (labels, dashboards) {
                (Ok(labels), Ok(dashboards)) => {
                    this.labels.try_set(labels);
                    this.dashboards.try_set(dashboards);
                    this.status.try_set(Status::Ready);
                    mark("index:stored");
                    // Effects run before the next frame: by then the first rows are in the page.
                    request_animation_frame(|| mark("index:rendered"));
                }
                (Err(e), _) | (_, Err(e)) => {
                    this.status.try_set(Status::Failed(e));
                }
            }
        });
    }

    /// The current state of one dashboard (by the catalog's id index, not a scan).
    pub fn get(&self, id: &DashboardId) -> Option<Dashboard> {
        let i = self.catalog.with(|c| c.0.position(id.as_str()))?;
        self.dashboards.with(|v| v.get(i).filter(|d| &d.id == id).cloned())
    }

    /// Changes one dashboard in place; returns what it was (for a rollback).
    pub fn update(&self, id: &DashboardId, f: impl FnOnce(&mut Dashboard)) -> Option<Dashboard> {
        let mut before = None;
        self.dashboards.update(|v| {
            if let Some(d) = v.iter_mut().find(|d| &d.id == id) {
                before = Some(d.clone());
                f(d);
            }
        });
        before
    }

    /// Puts a dashboard back as the server (or a rollback) says it is. One of another org (a
    /// clone or import that answered after the user switched org) is not this list's.
    pub fn put(&self, dashboard: Dashboard) {
        // The page may have closed while the request ran (its signals are gone then).
        if self.org.try_with_untracked(|org| *org != dashboard.org_id).unwrap_or(true) {
            return;
        }
        self.dashboards.update(|v| match v.iter_mut().find(|d| d.id == dashboard.id) {
            Some(d) => *d = dashboard,
            None => v.push(dashboard),
        });
    }

    pub fn remove(&self, id: &DashboardId) {
        self.dashboards.update(|v| v.retain(|d| &d.id != id));
    }

    pub fn add_label(&self, label: Label) {
        if self.org.try_with_untracked(|org| *org != label.org_id).unwrap_or(true) {
            return;
        }
        self.labels.update(|v| {
            if !v.iter().any(|l| l.id == label.id) {
                v.push(label)
            }
        });
    }
}
