use crate::components::{first_api_error, ErrorView};
use crate::copy;
use crate::session::use_session;
use dashboards_core::routes::dashboards_path;
use dashboards_core::ApiError;
use leptos::prelude::*;
use leptos_router::hooks::use_navigate;
use leptos_router::NavigateOptions;

/// `/`: goes to the dashboards of the first organization.
#[component]
pub fn HomePage() -> impl IntoView {
    let session = use_session();
    let navigate = use_navigate();
    let orgs = LocalResource::new(move || {
        let client = session.client.get();
        async move {
            match client {
                Some(c) => c.list_orgs().await,
                None => Ok(Vec::new()),
            }
        }
    });
    view! {
        <main class="page">
            <Transition fallback=|| view! { <p class="muted">{copy::LOADING}</p> }>
                <ErrorBoundary fallback=move |errors| view! {
                    <ErrorView error=Signal::derive(move || first_api_error(&errors.get())) on_retry=Callback::new(move |_| orgs.refetch()) />
                }>
                    {
                        let navigate = navigate.clone();
                        move || {
                            let navigate = navigate.clone();
                            Suspend::new(async move {
                                let orgs = orgs.await?;
                                match orgs.first() {
                                    Some(o) => {
                                        let opts = NavigateOptions { replace: true, ..Default::default() };
                                        navigate(&dashboards_path(&o.id), opts);
                                        Ok::<_, ApiError>(view! { <p class="muted">{copy::LOADING}</p> }.into_any())
                                    }
                                    None => Ok(view! { <p class="empty-state">{copy::NO_ORGS}</p> }.into_any()),
                                }
                            })
                        }
                    }
                </ErrorBoundary>
            </Transition>
        </main>
    }
}
