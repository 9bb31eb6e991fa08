//! The dashboard index: every dashboard of the org, sorted, filtered and paged, with the
//! state in the URL, and create / rename / describe / clone / export / import / delete.

mod card;
mod card_actions;
mod dialogs;
mod label_menu;
mod store;
mod toolbar;

pub use card::DashboardCard;
pub use store::{IndexStore, Shared, Status};

use crate::components::{ErrorView, Pagination};
use crate::copy;
use crate::session::{use_client, use_session};
use dashboards_core::index::{paginate, IndexState, Page, SortOrder};
use dashboards_core::model::{Dashboard, OrgId};
use dashboards_core::routes::dashboards_path;
use dialogs::{CreateDialog, ImportDialog};
use leptos::prelude::*;
use leptos_router::hooks::{use_location, use_navigate, use_params_map};
use leptos_router::NavigateOptions;
use toolbar::Toolbar;

/// Which dialog is open.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Open {
    None,
    Create,
    Import,
}

/// Changes the index state (it lives in the URL).
#[derive(Clone, Copy)]
pub struct SetState(Callback<(IndexState, bool)>);

impl SetState {
    /// `replace`: for keystrokes, so that Back does not step through every letter.
    pub fn set(&self, state: IndexState, replace: bool) {
        self.0.run((state, replace))
    }
}

/// Opens a dashboard's page (a path of the app): what a created, imported or cloned
/// dashboard does. Provided by the index page; without it (a card mounted alone) nothing opens.
#[derive(Clone, Copy)]
pub struct OpenDashboard(pub Callback<String>);

/// The index of the org in the route: toolbar, cards, pagination, and the create and import
/// dialogs.
#[component]
pub fn DashboardsPage() -> impl IntoView {
    let session = use_session();
    let params = use_params_map();
    let org = Memo::new(move |_| OrgId(params.with(|p| p.get("org").unwrap_or_default())));
    let store = IndexStore::new(org.into());
    // A new org (or a new sign-in) loads again; older answers are dropped by the store.
    let reader = use_client();
    Effect::new(move |_| {
        org.track();
        if let Some(client) = reader.get() {
            store.reload(client);
        }
    });

    let location = use_location();
    let navigate = use_navigate();
    let open_with = navigate.clone();
    let state = Memo::new(move |_| IndexState::from_query(&location.search.get()));
    Effect::new(move |_| {
        // Leaving for a dashboard changes the address before this page goes: keep only what
        // the index itself showed.
        if location.pathname.with(|p| p.ends_with("/dashboards")) {
            crate::browser::remember_index_query(org.get().as_str(), &state.with(IndexState::to_query));
        }
    });
    Effect::new(move |_| crate::browser::set_title(&copy::index_title(&crate::orgs::org_name(&org.get()))));
    let set_state = SetState(Callback::new(move |(next, replace): (IndexState, bool)| {
        let path = format!("{}{}", dashboards_path(&org.get_untracked()), next.to_query());
        navigate(&path, NavigateOptions { replace, scroll: false, ..Default::default() });
    }));
    provide_context(set_state);
    provide_context(OpenDashboard(Callback::new(move |path: String| open_with(&path, NavigateOptions::default()))));

    // Each stage recomputes only when its own input changes: a keystroke filters the sorted
    // order it already has, a sort change sorts the catalog it already has.
    let catalog = store.catalog;
    let sort = Memo::new(move |_| state.with(|s| s.sort));
    let order = Memo::new(move |_| {
        let sort = sort.get();
        catalog.with(|c| Shared(c.0.order(sort)))
    });
    let filter = Memo::new(move |_| state.with(|s| IndexState { page: 1, page_size: 0, sort: SortOrder::default(), ..s.clone() }));
    let filtered = Memo::new(move |_| filter.with(|f| order.with(|o| catalog.with(|c| c.0.filter(&o.0, f)))));
    let page = Memo::new(move |_| state.with(|s| paginate(filtered.with(Vec::len), s.page, s.page_size)));
    let rows = Memo::new(move |_| {
        let Page { start, end, .. } = page.get();
        filtered.with(|f| store.dashboards.with(|d| f[start..end].iter().map(|&i| d[i].clone()).collect::<Vec<Dashboard>>()))
    });
    let slots = Memo::new(move |_| rows.with(Vec::len));
    let total = Signal::derive(move || store.dashboards.with(Vec::len));
    let shown = Signal::derive(move || filtered.with(Vec::len));

    let open = RwSignal::new(Open::None);
    let close = Callback::new(move |_| open.set(Open::None));
    let clear_filters = move |_| {
        set_state.set(
            state.get_untracked().with_filter_change(|s| {
                s.query.clear();
                s.labels.clear();
            }),
            false,
        )
    };

    view! {
        <main class="page">
            <div class="page-head">
                <h1>{copy::DASHBOARDS}</h1>
                <div class="head-actions">
                    <button class="btn" data-testid="import-open" on:click=move |_| open.set(Open::Import)>{copy::IMPORT}</button>
                    <button class="btn btn-primary" data-testid="create-open" on:click=move |_| open.set(Open::Create)>{copy::NEW_DASHBOARD}</button>
                </div>
            </div>
            <Toolbar state=state />
            {move || match store.status.get() {
                Status::Loading => view! { <p class="muted" data-testid="loading">{copy::LOADING}</p> }.into_any(),
                Status::Failed(e) => view! {
                    <ErrorView error=e on_retry=Callback::new(move |_| if let Some(c) = session.client() { store.reload(c) }) />
                }.into_any(),
                Status::Ready => view! {
                    <p class="muted" data-testid="dashboard-count">
                        {move || copy::showing(page.get().start, page.get().end, shown.get(), total.get())}
                    </p>
                    <Show
                        when=move || shown.get() != 0
                        fallback=move || if total.get() == 0 {
                            view! { <p class="empty-state" data-testid="no-dashboards">{copy::NO_DASHBOARDS}</p> }.into_any()
                        } else {
                            view! {
                                <div class="empty-state" data-testid="no-match">
                                    <p>{copy::NO_MATCH}</p>
                                    <button class="btn" data-testid="clear-filters" on:click=clear_filters>{copy::CLEAR_FILTERS}</button>
                                </div>
                            }.into_any()
                        }
                    >
                        <ul class="dashboard-grid" data-testid="dashboard-list">
                            // Keyed by place, not by id: a sort or page change updates the cards
                            // in place instead of building new ones.
                            <For each=move || 0..slots.get() key=|i| *i let:i>
                                <DashboardCard dashboard=Signal::derive(move || rows.with(|r| r.get(i).cloned())) />
                            </For>
                        </ul>
                        <Pagination page=page on_page=Callback::new(move |n| {
                            set_state.set(IndexState { page: n, ..state.get_untracked() }, false);
                            crate::browser::scroll_to_top();
                        }) />
                    </Show>
                }.into_any(),
            }}
            {move || match open.get() {
                Open::None => ().into_any(),
                Open::Create => view! { <CreateDialog on_close=close /> }.into_any(),
                Open::Import => view! { <ImportDialog on_close=close /> }.into_any(),
            }}
        </main>
    }
}
