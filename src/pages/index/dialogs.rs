use super::IndexStore;
use crate::components::{Dialog, FormError};
use crate::copy;
use crate::mutation::{use_mutation, MutationScope};
use crate::session::use_session;
use dashboards_core::endpoints::check_dashboard_name;
use dashboards_core::index::{plan_import, ImportFile};
use dashboards_core::model::{CreateDashboard, Dashboard, DashboardId, OrgId};
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
    let open = use_context::<super::OpenDashboard>();
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
        if let Some(o) = open {
            o.0.run(dashboards_core::routes::dashboard_path(&made.org_id, &made.id));
        }
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

/// Import from this app's export file or an InfluxDB template (JSON or YAML, one or many
/// dashboards), loaded or pasted: checked before anything is sent; a failure midway removes
/// the partial dashboard, and the dashboards made before it stay.
#[component]
pub fn ImportDialog(
    /// Closes the dialog.
    on_close: Callback<()>,
) -> impl IntoView {
    let open = use_context::<super::OpenDashboard>();
    let store = expect_context::<IndexStore>();
    let session = use_session();
    let text = RwSignal::new(String::new());
    // Reading the chosen file and importing share the dialog's error line and busy flag; a
    // file chosen while another is still being read replaces it.
    let writes = MutationScope::new();
    let (error, busy) = (writes.error, writes.pending());
    let preview = Memo::new(move |_| text.with(|t| if t.trim().is_empty() { None } else { Some(ImportFile::parse(t)) }));
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
        .mutation(move |file: ImportFile| {
            let client = session.require_client();
            let org = store.org.get_untracked();
            async move {
                let client = client?;
                // The org's labels as they are now (the index's may still be loading).
                let mut labels = client.list_labels(&org).await?;
                let total = file.dashboards().len();
                // Every dashboard's plan is checked before the first request: a bad label in
                // the third must not leave the first two made.
                for (i, doc) in file.dashboards().iter().enumerate() {
                    if let Err(e) = plan_import(doc, &org, None, &labels) {
                        let message =
                            if total > 1 { copy::import_refused_at(i + 1, total, &doc.name, e.message()) } else { e.message().to_owned() };
                        return Err(e.with_message(message));
                    }
                }
                let mut opened = None;
                for (i, doc) in file.dashboards().iter().enumerate() {
                    // Planned one by one: labels made for one dashboard are the org's for the next.
                    let made = plan_import(doc, &org, None, &labels);
                    let made = match made {
                        Ok(plan) => client.run_import(&plan).await,
                        Err(e) => Err(e),
                    };
                    let d = match made {
                        Ok(d) => d,
                        Err(e) if total > 1 => {
                            let message = copy::import_failed_at(i + 1, total, &doc.name, i, e.message());
                            return Err(e.with_message(message));
                        }
                        Err(e) => return Err(e),
                    };
                    opened = Some(dashboards_core::routes::dashboard_path(&d.org_id, &d.id));
                    // The dashboard as read back carries every label it got, the ones just made
                    // too: they are the org's now, for the index and for the next plan.
                    for l in &d.labels {
                        store.add_label(l.clone());
                        if !labels.iter().any(|k| k.id == l.id) {
                            labels.push(l.clone());
                        }
                    }
                    store.put(d);
                }
                // One dashboard opens; several stay on the index, where they joined the list.
                Ok(opened.filter(|_| total == 1))
            }
        })
        .on_success(move |opened: Option<String>| {
            on_close.run(());
            if let (Some(path), Some(o)) = (opened, open) {
                o.0.run(path);
            }
        });
    let submit = move |_| match ImportFile::parse(&text.get_untracked()) {
        Ok(file) => import.run(file),
        Err(e) => error.set(Some(e)),
    };
    view! {
        <Dialog title=copy::IMPORT_TITLE.to_owned() busy=busy on_close=on_close testid="import-dialog">
            <label class="field">
                <span>{copy::IMPORT_FILE_ANY}</span>
                <input type="file" accept=".json,.yml,.yaml,application/json,application/x-yaml" data-testid="import-file" on:change=on_file />
            </label>
            <label class="field">
                <span>{copy::IMPORT_PASTE_ANY}</span>
                <textarea rows="8" class="code" data-testid="import-text" bind:value=text></textarea>
            </label>
            {move || match preview.get() {
                Some(Ok(file)) => view! {
                    <p class="muted" data-testid="import-summary">{import_summary(&file)}</p>
                    {(!file.left_out().is_empty()).then(|| view! {
                        <p class="muted" data-testid="import-left-out">{copy::import_left_out(file.left_out())}</p>
                    })}
                }.into_any(),
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

/// The preview line: the dashboard, or how many a template holds.
fn import_summary(file: &ImportFile) -> String {
    match file.dashboards() {
        [doc] => copy::import_summary(&doc.name, doc.cells.len(), doc.labels.len()),
        docs => {
            let cells = docs.iter().map(|d| d.cells.len()).sum();
            let mut labels: Vec<&str> = docs.iter().flat_map(|d| d.labels.iter().map(|l| l.name.as_str())).collect();
            labels.sort_unstable();
            labels.dedup();
            copy::import_summary_many(docs.len(), cells, labels.len())
        }
    }
}
