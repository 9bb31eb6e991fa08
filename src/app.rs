//! The router, the routes and the context providers.

use crate::components::{first_api_error, href, AppBase, ErrorView, Header};
use crate::copy;
use crate::pages::{DashboardPage, DashboardsPage, HomePage, LabelsPage, NotFoundPage, SignInDialog, SignInPage, ViewEditor};
use crate::session::{provide_orgs, use_orgs, SessionCtx};
use dashboards_core::endpoints::MAX_PAGE;
use dashboards_core::model::OrgId;
use dashboards_core::routes::{base_path, dashboards_path};
use dashboards_core::ApiError;
use leptos::prelude::*;
use leptos_router::components::{ParentRoute, Route, Router, Routes};
use leptos_router::hooks::use_params_map;
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
    // Before the router: a page with unsaved work must hear of Back before the router does.
    crate::browser::install_history_guard();
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
                            // Retry alone could keep a remembered sign-in to a retired server
                            // (or a deactivated user) on this page for good.
                            <p class="muted" data-testid="startup-sign-out">
                                {copy::STARTUP_SIGN_OUT_HINT}" "
                                <button class="btn btn-small" on:click=move |_| session.sign_out()>{copy::SIGN_OUT}</button>
                            </p>
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
    let session = expect_context::<SessionCtx>();
    provide_orgs();
    view! {
        <Header />
        <Routes fallback=|| view! { <NotFoundPage /> }>
            <Route path=path!("/") view=HomePage />
            // The official UI's address of its sign-in page: signed in already, so home.
            <Route path=path!("/signin") view=HomePage />
            <Route path=path!("/orgs/:org/dashboards") view=|| view! { <OrgGuard><DashboardsPage /></OrgGuard> } />
            <Route path=path!("/orgs/:org/labels") view=|| view! { <OrgGuard><LabelsPage /></OrgGuard> } />
            <ParentRoute path=path!("/orgs/:org/dashboards/:id") view=|| view! { <OrgGuard><DashboardPage /></OrgGuard> }>
                <Route path=path!("") view=|| () />
                <Route path=path!("cells/:cell/edit") view=ViewEditor />
            </ParentRoute>
        </Routes>
        // Over the page, so that the page keeps what was typed into it.
        <Show when=move || session.reauth.get()>
            <SignInDialog />
        </Show>
    }
}

/// What the org check found.
#[derive(Clone, PartialEq)]
enum OrgCheck {
    Waiting,
    Yours,
    /// Not among the user's orgs: these are (id, name).
    NotYours(Vec<(OrgId, String)>),
}

/// Shows its page only for an org of the user's: an org id in the address that is none of
/// theirs (made up, mistyped, another user's) gets a page saying so with links to theirs,
/// so nothing is looked for or made there. influxd would let an operator create dashboards in
/// an org that does not exist (it checks only the permission).
#[component]
fn OrgGuard(children: ChildrenFn) -> impl IntoView {
    let orgs = use_orgs();
    let params = use_params_map();
    let org = Memo::new(move |_| params.with(|p| p.get("org").unwrap_or_default()));
    let check = Memo::new(move |_| match orgs.get() {
        None => OrgCheck::Waiting,
        // The page says what went wrong with its own requests.
        Some(Err(_)) => OrgCheck::Yours,
        Some(Ok(list)) => {
            // A full page of orgs may not be all of them (list_orgs asks for the maximum).
            if list.len() >= MAX_PAGE as usize || list.iter().any(|o| o.id.as_str() == org.get()) {
                OrgCheck::Yours
            } else {
                OrgCheck::NotYours(list.into_iter().map(|o| (o.id, o.name)).collect())
            }
        }
    });
    move || match check.get() {
        OrgCheck::Waiting => view! { <p class="muted page">{copy::LOADING}</p> }.into_any(),
        OrgCheck::Yours => children().into_any(),
        OrgCheck::NotYours(theirs) => view! {
            <main class="page">
                <div class="empty-state" data-testid="no-such-org">
                    <h1>{copy::NO_SUCH_ORG_TITLE}</h1>
                    <p>{copy::no_such_org(&org.get_untracked())}</p>
                    {if theirs.is_empty() {
                        view! { <p>{copy::NO_ORGS}</p> }.into_any()
                    } else {
                        view! {
                            <p>{copy::YOUR_ORGS}</p>
                            <ul class="org-links">
                                {theirs.into_iter().map(|(id, name)| view! {
                                    <li><a class="btn" href=href(&dashboards_path(&id)) data-testid="your-org">{name}</a></li>
                                }).collect_view()}
                            </ul>
                        }.into_any()
                    }}
                </div>
            </main>
        }
        .into_any(),
    }
}
