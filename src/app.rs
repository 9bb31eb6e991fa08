//! The router, the routes and the context providers.

use crate::components::{first_api_error, AppBase, ErrorView, Header};
use crate::copy;
use crate::pages::{DashboardPage, DashboardsPage, HomePage, LabelsPage, NotFoundPage, SignInPage, ViewEditor};
use crate::session::SessionCtx;
use dashboards_core::routes::base_path;
use dashboards_core::ApiError;
use leptos::prelude::*;
use leptos_router::components::{ParentRoute, Route, Router, Routes};
use leptos_router::path;

/// The base path from `<base href>` (set by trunk's `--public-url`).
fn document_base() -> String {
    web_sys::window().and_then(|w| w.document()).and_then(|d| d.base_uri().ok().flatten()).map(|b| base_path(&b)).unwrap_or_default()
}

#[component]
pub fn App() -> impl IntoView {
    let session = SessionCtx::restore();
    provide_context(session);
    let base = document_base();
    provide_context(AppBase(base.clone()));
    view! {
        <Router base=base>
            <Shell />
        </Router>
    }
}

/// Signed out: the sign-in form, in place (the address is kept, so the same page opens after
/// sign-in). Signed in: checks the stored credentials once with `/me`, then the app.
#[component]
fn Shell() -> impl IntoView {
    let session = expect_context::<SessionCtx>();
    let me = LocalResource::new(move || {
        let client = session.client.get();
        async move {
            match client {
                Some(c) if session.user.get_untracked().is_none() => Some(c.me().await),
                _ => None,
            }
        }
    });
    view! {
        {move || match session.client.get() {
            None => view! { <SignInPage /> }.into_any(),
            Some(_) => view! {
                <Transition fallback=|| view! { <p class="muted page">{copy::CONNECTING}</p> }>
                    <ErrorBoundary fallback=move |errors| view! {
                        <main class="page">
                            <ErrorView error=Signal::derive(move || first_api_error(&errors.get())) on_retry=Callback::new(move |_| me.refetch()) />
                        </main>
                    }>
                        {move || Suspend::new(async move {
                            match me.await {
                                Some(Ok(user)) => session.user.set(Some(user)),
                                // Stored credentials no longer work: back to the sign-in form.
                                Some(Err(ApiError::Unauthorized { .. })) => session.forget(),
                                Some(Err(e)) => return Err(e),
                                None => {}
                            }
                            Ok::<_, ApiError>(view! { <SignedIn /> })
                        })}
                    </ErrorBoundary>
                </Transition>
            }.into_any(),
        }}
    }
}

#[component]
fn SignedIn() -> impl IntoView {
    crate::orgs::provide_orgs();
    view! {
        <Header />
        <Routes fallback=|| view! { <NotFoundPage /> }>
            <Route path=path!("/") view=HomePage />
            <Route path=path!("/orgs/:org/dashboards") view=DashboardsPage />
            <Route path=path!("/orgs/:org/labels") view=LabelsPage />
            <ParentRoute path=path!("/orgs/:org/dashboards/:id") view=DashboardPage>
                <Route path=path!("") view=|| () />
                <Route path=path!("cells/:cell/edit") view=ViewEditor />
            </ParentRoute>
        </Routes>
    }
}
