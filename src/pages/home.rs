use crate::components::{first_api_error, ErrorView};
use crate::copy;
use crate::session::use_orgs;
use dashboards_core::routes::dashboards_path;
use dashboards_core::ApiError;
use leptos::prelude::*;
use leptos_router::hooks::use_navigate;
use leptos_router::NavigateOptions;

/// `/`: goes to the dashboards of the first organization.
#[component]
pub fn HomePage() -> impl IntoView {
    let navigate = use_navigate();
    let orgs = use_orgs();
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
