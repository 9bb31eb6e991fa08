use crate::components::{first_api_error, href, ErrorView, LabelPill, RelativeTime};
use crate::copy;
use crate::session::use_client;
use dashboards_core::display::grid_area;
use dashboards_core::model::{Cell, Dashboard, DashboardId, OrgId};
use dashboards_core::routes::dashboards_path;
use dashboards_core::ApiError;
use leptos::prelude::*;
use leptos_router::hooks::use_params_map;

/// One dashboard: its name, description, labels and cells on the 12-column grid.
#[component]
pub fn DashboardPage() -> impl IntoView {
    let params = use_params_map();
    let org = Memo::new(move |_| OrgId(params.with(|p| p.get("org").unwrap_or_default())));
    let id = Memo::new(move |_| DashboardId(params.with(|p| p.get("id").unwrap_or_default())));
    let client = use_client();
    let dashboard = LocalResource::new(move || {
        let client = client.get();
        let id = id.get();
        async move {
            let client = client.ok_or(ApiError::Unauthorized { message: "signed out".into() })?;
            client.get_dashboard(&id, true).await
        }
    });
    view! {
        <main class="page">
            <a class="back" href=move || href(&dashboards_path(&org.get()))>"← "{copy::BACK_TO_LIST}</a>
            <Transition fallback=|| view! { <p class="muted">{copy::LOADING}</p> }>
                <ErrorBoundary fallback=move |errors| view! {
                    <ErrorView error=Signal::derive(move || first_api_error(&errors.get())) on_retry=Callback::new(move |_| dashboard.refetch()) />
                }>
                    {move || Suspend::new(async move {
                        let d = dashboard.await?;
                        Ok::<_, ApiError>(view! { <DashboardView dashboard=d /> })
                    })}
                </ErrorBoundary>
            </Transition>
        </main>
    }
}

#[component]
fn DashboardView(dashboard: Dashboard) -> impl IntoView {
    let Dashboard { name, description, labels, cells, meta, .. } = dashboard;
    let name = if name.trim().is_empty() { copy::UNNAMED.to_owned() } else { name };
    view! {
        <div class="page-head">
            <h1 data-testid="dashboard-title">{name}</h1>
            <span class="muted">{copy::MODIFIED}" "<RelativeTime time=meta.updated_at /></span>
        </div>
        {(!description.trim().is_empty()).then(|| view! { <p class="dashboard-description">{description}</p> })}
        <div class="labels">{labels.into_iter().map(|l| view! { <LabelPill label=l /> }).collect_view()}</div>
        {if cells.is_empty() {
            view! { <p class="empty-state" data-testid="no-cells">{copy::NO_CELLS}</p> }.into_any()
        } else {
            view! { <div class="grid" data-testid="grid">{cells.into_iter().map(|c| view! { <CellBox cell=c /> }).collect_view()}</div> }.into_any()
        }}
    }
}

#[component]
fn CellBox(cell: Cell) -> impl IntoView {
    let kind = cell.properties.get().map(|p| p.type_name().to_owned()).unwrap_or_default();
    let name = cell.name.get().cloned().filter(|n| !n.trim().is_empty()).unwrap_or_else(|| copy::UNNAMED.to_owned());
    view! {
        <section class="cell" data-testid="cell" style=grid_area(cell.x, cell.y, cell.w, cell.h)>
            <h2 class="cell-name">{name}</h2>
            <p class="cell-meta muted">{copy::cell_summary(&kind, cell.x, cell.y, cell.w, cell.h)}</p>
        </section>
    }
}
