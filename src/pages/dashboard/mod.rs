//! The dashboard page: one `GET /dashboards/{id}?include=properties`, then the grid of its
//! cells, arranged with the pointer and the keyboard and saved once per gesture, each drawing
//! its queries' data for the page's time range.

mod board;
mod cell;
mod content;
mod data;
mod grid;
mod header;
mod menus;
mod timebar;

use crate::components::{first_api_error, href, ErrorView};
use crate::copy;
use crate::session::{use_client, use_session};
pub use board::Board;
use board::Ops;
pub use content::CellContent;
use dashboards_core::model::{Dashboard, DashboardId, OrgId};
use dashboards_core::routes::{dashboard_path, dashboards_path};
use dashboards_core::ApiError;
use grid::Grid;
use header::{BoardHead, Toolbar};
use leptos::prelude::*;
use leptos_router::components::Outlet;
use leptos_router::hooks::use_params_map;

/// Reads the dashboard again from the server (the conflict's "reload theirs").
#[derive(Clone, Copy)]
pub struct Reload(pub Callback<()>);

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
            // An address whose id cannot be a dashboard's is said in words, without asking.
            if dashboards_core::model::check_id(id.as_str()).is_err() {
                return Err(ApiError::NotFound { message: copy::NOT_A_DASHBOARD_ID.into() });
            }
            let client = client.ok_or(ApiError::Unauthorized { message: copy::SIGNED_OUT.into() })?;
            client.get_dashboard(&id, true).await
        }
    });
    let back = move || href(&format!("{}{}", dashboards_path(&org.get()), crate::browser::index_query(org.get().as_str())));
    provide_context(Reload(Callback::new(move |_| dashboard.refetch())));
    view! {
        <main class="page">
            <a class="back" data-testid="back-to-list" href=back>"← "{copy::BACK_TO_LIST}</a>
            <Transition fallback=|| view! { <p class="muted">{copy::LOADING}</p> }>
                <ErrorBoundary fallback=move |errors| {
                    let error = Signal::derive(move || first_api_error(&errors.get()));
                    // Not there: no "Try again" that cannot help, the way back instead.
                    move || match error.get() {
                        ApiError::NotFound { message } => {
                            crate::browser::set_title(copy::NO_SUCH_DASHBOARD);
                            view! {
                                <div class="empty-state" data-testid="dashboard-not-found">
                                    <h1>{copy::NO_SUCH_DASHBOARD}</h1>
                                    <p>{message}</p>
                                    <a class="btn btn-primary" href=back>{copy::BACK_TO_LIST}</a>
                                </div>
                            }.into_any()
                        }
                        _ => view! { <ErrorView error=error on_retry=Callback::new(move |_| dashboard.refetch()) /> }.into_any(),
                    }
                }>
                    {move || Suspend::new(async move {
                        let d = dashboard.await?;
                        Ok::<_, ApiError>(view! { <BoardView dashboard=d /> })
                    })}
                </ErrorBoundary>
            </Transition>
        </main>
    }
}

/// The open dashboard: head, toolbar, grid; unsaved work guarded; Ctrl+Z and Ctrl+Shift+Z.
#[component]
fn BoardView(dashboard: Dashboard) -> impl IntoView {
    let session = use_session();
    let board = Board::new(session, &dashboard);
    let ops = Ops::new(session, board);
    provide_context(ops);
    provide_context(board);
    let (clock, url_error) = timebar::use_clock();
    provide_context(clock);
    provide_context(data::Slots::new());
    // The view editor over the page says here whether it holds unsaved edits: the page's
    // guard asks for both (an editor's own guard would go before Back's answer: Back
    // unmounts the editor first).
    let editor_unsaved = RwSignal::new(false);
    provide_context(EditorUnsaved(editor_unsaved));
    // No editor open, no edits of one (whichever way it closed).
    let location = leptos_router::hooks::use_location();
    Effect::new(move |_| {
        if !location.pathname.with(|p| p.ends_with("/edit")) {
            editor_unsaved.set(false);
        }
    });
    let unsaved = board.unsaved();
    guard_unsaved(Signal::derive(move || unsaved.get() || editor_unsaved.get()));
    undo_shortcuts(ops);
    let empty = Memo::new(move |_| board.layout.with(Vec::is_empty));
    let (org, id) = (dashboard.org_id.clone(), dashboard.id.clone());
    crate::browser::set_title(if dashboard.name.trim().is_empty() { copy::UNNAMED } else { &dashboard.name });
    view! {
        <BoardHead dashboard=dashboard />
        <timebar::TimeBar clock=clock url_error=url_error path=dashboard_path(&org, &id) />
        <Toolbar board=board ops=ops />
        <Show when=move || !empty.get() fallback=|| view! { <p class="empty-state" data-testid="no-cells">{copy::NO_CELLS}</p> }>
            <Grid board=board />
        </Show>
        // The view editor, over the page, when the route names a cell.
        <Outlet />
    }
}

/// While `unsaved`, leaving the page asks first: closing or reloading the tab (the browser's
/// own question), following a link of the app, and Back or Forward (ours).
fn guard_unsaved(unsaved: Signal<bool>) {
    // The address to put back when Back is refused: the page's, read once the router has
    // written it (after a route change the address bar follows the signals a little later).
    let location = leptos_router::hooks::use_location();
    let here = StoredValue::new(crate::browser::href());
    Effect::new(move |_| {
        location.pathname.track();
        location.search.track();
        location.hash.track();
        unsaved.track();
        set_timeout(move || here.try_set_value(crate::browser::href()).map_or((), drop), std::time::Duration::ZERO);
    });
    let moves = crate::browser::check_history_moves(
        // Back through the page's own addresses (its time ranges) does not leave it.
        move |to: &str| {
            here.try_with_value(|h| dashboards_core::routes::same_page(to, h)).unwrap_or(true)
                || !unsaved.try_get_untracked().unwrap_or(false)
                || crate::browser::confirm(copy::LEAVE_UNSAVED)
        },
        move || here.try_get_value().unwrap_or_default(),
    );
    let unload = window_event_listener(leptos::ev::beforeunload, move |ev| {
        if unsaved.try_get_untracked().unwrap_or(false) {
            ev.prevent_default();
            ev.set_return_value(copy::LEAVE_UNSAVED);
        }
    });
    let links = crate::browser::intercept_link_clicks(move || {
        !unsaved.try_get_untracked().unwrap_or(false) || crate::browser::confirm(copy::LEAVE_UNSAVED)
    });
    // Held by a stored value, which goes when the page goes.
    StoredValue::new_local(LeaveGuards { unload: Some(unload), _links: links, _moves: moves });
}

/// Whether the view editor open over the page holds unsaved edits (it sets this; the page's
/// guard asks before leaving).
#[derive(Clone, Copy)]
pub(crate) struct EditorUnsaved(pub RwSignal<bool>);

/// The listeners of [`guard_unsaved`], removed when dropped.
struct LeaveGuards {
    unload: Option<WindowListenerHandle>,
    _links: send_wrapper::SendWrapper<crate::browser::LinkGuard>,
    _moves: send_wrapper::SendWrapper<crate::browser::HistoryCheck>,
}

impl Drop for LeaveGuards {
    fn drop(&mut self) {
        if let Some(u) = self.unload.take() {
            u.remove();
        }
    }
}

/// Ctrl+Z undoes, Ctrl+Shift+Z and Ctrl+Y redo (⌘ on a Mac), except while typing in a field.
fn undo_shortcuts(ops: Ops) {
    let keys = window_event_listener(leptos::ev::keydown, move |ev| {
        if !(ev.ctrl_key() || ev.meta_key()) || crate::browser::typing_in_a_field(&ev) {
            return;
        }
        let key = ev.key().to_lowercase();
        let (undo, redo) = (key == "z" && !ev.shift_key(), (key == "z" && ev.shift_key()) || key == "y");
        if undo || redo {
            ev.prevent_default();
            if ops.scope.pending().get_untracked() {
                return;
            }
            if undo {
                ops.undo.run(());
            } else {
                ops.redo.run(());
            }
        }
    });
    on_cleanup(move || keys.remove());
}
