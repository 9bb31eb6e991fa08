use super::IndexStore;
use crate::components::{Dialog, FormError};
use crate::copy;
use crate::mutation::{use_mutation, MutationScope};
use crate::session::use_session;
use dashboards_core::endpoints::check_dashboard_name;
use dashboards_core::index::{plan_import, ExportDoc, ImportPlan};
use dashboards_core::model::{CreateDashboard, Dashboard, DashboardId, Label, OrgId};
use dashboards_core::ApiError;
use leptos::prelude::*;
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
    let navigate = leptos_router::hooks::use_navigate();
    let create = use_mutation(move |body: CreateDashboard| {
        let client = session.require_client();
        async move {
            let made = client?.create_dashboard(&body).await?;
            store.put(made.clone());
            Ok(made)
        }
    })
    .on_success(move |made: dashboards_core::model::Dashboard| {
        on_close.run(());
        // The new dashboard opens, ready for its first cell.
        navigate(&dashboards_core::routes::dashboard_path(&made.org_id, &made.id), Default::default());
    });
    let (error, busy) = (create.error(), create.pending());
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        match dashboard_to_create(store.org.get_untracked(), &name.get_untracked(), &description.get_untracked()) {
            Ok(body) => create.run(body),
            Err(e) => error.set(Some(e)),
        }
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
    let delete = use_mutation(move |id: DashboardId| {
        let client = session.require_client();
        async move {
            client?.delete_dashboard(&id).await?;
            store.remove(&id);
            Ok(())
        }
    })
    .on_success(move |()| on_close.run(()));
    let (error, busy) = (delete.error(), delete.pending());
    let id = dashboard.id.clone();
    let confirm = move |_| delete.run(id.clone());
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
    // Reading the chosen file and importing share the dialog's error line and busy flag; a
    // file chosen while another is still being read replaces it.
    let writes = MutationScope::new();
    let (error, busy) = (writes.error, writes.pending());
    let preview = Memo::new(move |_| text.with(|t| if t.trim().is_empty() { None } else { Some(ExportDoc::parse(t)) }));
    let read = writes
        .mutation(|input: web_sys::HtmlInputElement| async move {
            crate::browser::read_chosen_file(&input)
                .await
                .map_err(|e| ApiError::Validation { message: format!("{}: {e}", copy::READ_FAILED) })
        })
        .on_success(move |chosen: Option<String>| {
            if let Some(t) = chosen {
                text.set(t)
            }
        });
    let on_file = move |ev: leptos::ev::Event| {
        if let Some(input) = ev.target().and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok()) {
            read.run(input)
        }
    };
    let import = writes
        .mutation(move |plan: ImportPlan| {
            let client = session.require_client();
            let org = store.org.get_untracked();
            async move {
                let client = client?;
                let d = client.run_import(&plan).await?;
                // Labels made by the import are now the org's too.
                if let Ok(labels) = client.list_labels(&org).await {
                    store.labels.set(labels);
                }
                store.put(d);
                Ok(())
            }
        })
        .on_success(move |()| on_close.run(()));
    let submit = move |_| match import_plan(&text.get_untracked(), &store.org.get_untracked(), &store.labels.get_untracked()) {
        Ok(plan) => import.run(plan),
        Err(e) => error.set(Some(e)),
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

/// The dashboard to make from the form: the name is required and trimmed, an empty
/// description is left out.
fn dashboard_to_create(org: OrgId, name: &str, description: &str) -> Result<CreateDashboard, ApiError> {
    let description = description.trim();
    Ok(CreateDashboard {
        org_id: org,
        name: check_dashboard_name(name)?,
        description: (!description.is_empty()).then(|| description.to_owned()),
    })
}

/// The import of a pasted or loaded export document into `org`, checked before anything is
/// sent.
fn import_plan(text: &str, org: &OrgId, org_labels: &[Label]) -> Result<ImportPlan, ApiError> {
    plan_import(&ExportDoc::parse(text)?, org, None, org_labels)
}
