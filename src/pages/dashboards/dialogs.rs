use super::IndexStore;
use crate::components::{Dialog, FormError};
use crate::copy;
use crate::session::use_session;
use dashboards_core::endpoints::check_dashboard_name;
use dashboards_core::index::{plan_import, ExportDoc};
use dashboards_core::model::{CreateDashboard, Dashboard};
use dashboards_core::ApiError;
use leptos::prelude::*;
use leptos::task::spawn_local;
use wasm_bindgen::JsCast;

/// New dashboard: a name (required, trimmed) and a description.
#[component]
pub fn CreateDialog(
    /// Closes the dialog.
    on_close: Callback<()>,
) -> impl IntoView {
    let store = expect_context::<IndexStore>();
    let session = use_session();
    let name = RwSignal::new(String::new());
    let description = RwSignal::new(String::new());
    let error = RwSignal::new(None::<ApiError>);
    let busy = RwSignal::new(false);
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let Some(client) = session.client() else { return };
        let checked = match check_dashboard_name(&name.get_untracked()) {
            Ok(n) => n,
            Err(e) => return error.set(Some(e)),
        };
        let desc = description.get_untracked().trim().to_owned();
        let body = CreateDashboard { org_id: store.org.get_untracked(), name: checked, description: (!desc.is_empty()).then_some(desc) };
        busy.set(true);
        spawn_local(async move {
            match client.create_dashboard(&body).await {
                Ok(d) => {
                    store.put(d);
                    on_close.run(());
                }
                Err(e) => error.set(Some(e)),
            }
            busy.set(false);
        });
    };
    view! {
        <Dialog title=copy::NEW_DASHBOARD.to_owned() busy=busy on_close=on_close testid="create-dialog">
            <form class="dialog-form" on:submit=submit>
                <label class="field">
                    <span>{copy::NAME}</span>
                    <input type="text" data-testid="create-name" bind:value=name autofocus />
                </label>
                <label class="field">
                    <span>{copy::DESCRIPTION}</span>
                    <input type="text" data-testid="create-description" bind:value=description />
                </label>
                <FormError error=error testid="dialog-error" />
                <div class="dialog-actions">
                    <button type="button" class="btn" on:click=move |_| on_close.run(())>{copy::CANCEL}</button>
                    <button type="submit" class="btn btn-primary" data-testid="create-submit" disabled=busy>{copy::CREATE}</button>
                </div>
            </form>
        </Dialog>
    }
}

/// Delete, after a confirmation that names the dashboard.
#[component]
pub fn DeleteDialog(
    /// The dashboard to delete.
    dashboard: Dashboard,
    /// Closes the dialog.
    on_close: Callback<()>,
) -> impl IntoView {
    let store = expect_context::<IndexStore>();
    let session = use_session();
    let error = RwSignal::new(None::<ApiError>);
    let busy = RwSignal::new(false);
    let id = dashboard.id.clone();
    let confirm = move |_| {
        let Some(client) = session.client() else { return };
        let id = id.clone();
        busy.set(true);
        spawn_local(async move {
            match client.delete_dashboard(&id).await {
                Ok(()) => {
                    on_close.run(());
                    store.remove(&id);
                }
                Err(e) => {
                    error.set(Some(e));
                    busy.set(false);
                }
            }
        });
    };
    view! {
        <Dialog title=copy::DELETE_TITLE.to_owned() busy=busy on_close=on_close testid="delete-dialog">
            <p data-testid="delete-question">{copy::delete_question(&dashboard.name)}</p>
            <FormError error=error testid="dialog-error" />
            <div class="dialog-actions">
                <button class="btn" on:click=move |_| on_close.run(())>{copy::CANCEL}</button>
                <button class="btn btn-danger" data-testid="delete-confirm" disabled=busy on:click=confirm>{copy::DELETE}</button>
            </div>
        </Dialog>
    }
}

/// Import from an export file or pasted JSON: checked before anything is sent; a failure
/// midway removes the partial dashboard.
#[component]
pub fn ImportDialog(
    /// Closes the dialog.
    on_close: Callback<()>,
) -> impl IntoView {
    let store = expect_context::<IndexStore>();
    let session = use_session();
    let text = RwSignal::new(String::new());
    let error = RwSignal::new(None::<ApiError>);
    let busy = RwSignal::new(false);
    let preview = Memo::new(move |_| text.with(|t| if t.trim().is_empty() { None } else { Some(ExportDoc::parse(t)) }));
    let on_file = move |ev: leptos::ev::Event| {
        let Some(input) = ev.target().and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok()) else { return };
        spawn_local(async move {
            match crate::browser::read_chosen_file(&input).await {
                Ok(Some(t)) => text.set(t),
                Ok(None) => {}
                Err(e) => error.set(Some(ApiError::Validation { message: format!("{}: {e}", copy::READ_FAILED) })),
            }
        });
    };
    let submit = move |_| {
        let Some(client) = session.client() else { return };
        let doc = match ExportDoc::parse(&text.get_untracked()) {
            Ok(d) => d,
            Err(e) => return error.set(Some(e)),
        };
        let plan = match plan_import(&doc, &store.org.get_untracked(), None, &store.labels.get_untracked()) {
            Ok(p) => p,
            Err(e) => return error.set(Some(e)),
        };
        busy.set(true);
        error.set(None);
        spawn_local(async move {
            match client.run_import(&plan).await {
                Ok(d) => {
                    // Labels made by the import are now the org's too.
                    if let Ok(labels) = client.list_labels(&store.org.get_untracked()).await {
                        store.labels.set(labels);
                    }
                    store.put(d);
                    on_close.run(());
                }
                Err(e) => error.set(Some(e)),
            }
            busy.set(false);
        });
    };
    view! {
        <Dialog title=copy::IMPORT_TITLE.to_owned() busy=busy on_close=on_close testid="import-dialog">
            <label class="field">
                <span>{copy::IMPORT_FILE}</span>
                <input type="file" accept=".json,application/json" data-testid="import-file" on:change=on_file />
            </label>
            <label class="field">
                <span>{copy::IMPORT_PASTE}</span>
                <textarea rows="8" class="code" data-testid="import-text" bind:value=text></textarea>
            </label>
            {move || match preview.get() {
                Some(Ok(doc)) => view! { <p class="muted" data-testid="import-summary">{copy::import_summary(&doc.name, doc.cells.len(), doc.labels.len())}</p> }.into_any(),
                Some(Err(e)) => view! { <p class="form-error" data-testid="import-invalid">{e.message().to_owned()}</p> }.into_any(),
                None => ().into_any(),
            }}
            <FormError error=error testid="dialog-error" />
            <div class="dialog-actions">
                <button class="btn" on:click=move |_| on_close.run(())>{copy::CANCEL}</button>
                <button class="btn btn-primary" data-testid="import-submit"
                    disabled=move || busy.get() || !matches!(preview.get(), Some(Ok(_)))
                    on:click=submit>{copy::IMPORT}</button>
            </div>
        </Dialog>
    }
}
