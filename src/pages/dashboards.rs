use crate::components::{first_api_error, href, ErrorView, LabelPill, RelativeTime};
use crate::copy;
use crate::session::use_session;
use dashboards_core::endpoints::ListDashboards;
use dashboards_core::model::{Dashboard, OrgId};
use dashboards_core::routes::dashboard_path;
use leptos::prelude::*;
use leptos_router::hooks::use_params_map;

/// The dashboards of one organization.
#[component]
pub fn DashboardsPage() -> impl IntoView {
    let session = use_session();
    let params = use_params_map();
    let org = Memo::new(move |_| OrgId(params.with(|p| p.get("org").unwrap_or_default())));
    // With an org filter the server returns the whole org in one answer, whatever the limit (B3).
    let dashboards = LocalResource::new(move || {
        let client = session.client.get();
        let org = org.get();
        async move {
            let client = client.ok_or(dashboards_core::ApiError::Unauthorized { message: "signed out".into() })?;
            let q = ListDashboards { org_id: Some(org), ..Default::default() };
            client.list_dashboards(&q).await.map(|p| p.dashboards)
        }
    });
    view! {
        <main class="page">
            <div class="page-head">
                <h1>{copy::DASHBOARDS}</h1>
            </div>
            <Transition fallback=|| view! { <p class="muted">{copy::LOADING}</p> }>
                <ErrorBoundary fallback=move |errors| view! {
                    <ErrorView error=Signal::derive(move || first_api_error(&errors.get())) on_retry=Callback::new(move |_| dashboards.refetch()) />
                }>
                    {move || Suspend::new(async move {
                        let list = dashboards.await?;
                        Ok::<_, dashboards_core::ApiError>(view! { <DashboardList dashboards=list org=org /> })
                    })}
                </ErrorBoundary>
            </Transition>
        </main>
    }
}

/// A list of dashboards: name (a link), description, labels, last modified.
#[component]
pub fn DashboardList(
    /// The dashboards, in the order to show.
    #[prop(into)]
    dashboards: Signal<Vec<Dashboard>>,
    /// The organization they belong to (for links).
    #[prop(into)]
    org: Signal<OrgId>,
) -> impl IntoView {
    view! {
        <p class="muted" data-testid="dashboard-count">{move || copy::dashboard_count(dashboards.with(Vec::len))}</p>
        <Show
            when=move || dashboards.with(|d| !d.is_empty())
            fallback=|| view! { <p class="empty-state" data-testid="no-dashboards">{copy::NO_DASHBOARDS}</p> }
        >
            <ul class="dashboard-list" data-testid="dashboard-list">
                <For
                    each=move || dashboards.get()
                    key=|d| (d.id.clone(), d.meta.updated_at.clone())
                    children=move |d: Dashboard| {
                        let link = href(&dashboard_path(&org.get_untracked(), &d.id));
                        let name = if d.name.trim().is_empty() { copy::UNNAMED.to_owned() } else { d.name.clone() };
                        let description = d.description.clone();
                        let has_description = !description.trim().is_empty();
                        let updated = d.meta.updated_at.clone();
                        view! {
                            <li class="dashboard-row" data-testid="dashboard-row">
                                <div class="dashboard-main">
                                    <a class="dashboard-name" href=link data-testid="dashboard-name">{name}</a>
                                    <p class="dashboard-description" class:muted=!has_description>
                                        {if has_description { description } else { copy::NO_DESCRIPTION.to_owned() }}
                                    </p>
                                    <div class="labels">
                                        {d.labels.iter().cloned().map(|l| view! { <LabelPill label=l /> }).collect_view()}
                                    </div>
                                </div>
                                <div class="dashboard-meta">
                                    <span class="muted">{copy::MODIFIED}" "</span>
                                    <RelativeTime time=updated />
                                </div>
                            </li>
                        }
                    }
                />
            </ul>
        </Show>
    }
}
