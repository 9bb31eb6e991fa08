use super::IndexStore;
use crate::api::Client;
use crate::copy;
use crate::mutation::MutationScope;
use crate::session::use_session;
use dashboards_core::index::{plan_clone, ExportDoc};
use dashboards_core::model::{Dashboard, DashboardId};
use dashboards_core::template::{export_template, template_file_name, TemplateFormat};
use dashboards_core::ApiError;
use leptos::prelude::*;

/// The actions menu of a card: clone, export, delete. The actions exist only while the menu
/// is open (a page of cards stays light); choosing one closes it.
#[component]
pub fn CardActions(
    /// The dashboard the actions apply to.
    #[prop(into)]
    dashboard: Signal<Dashboard>,
    /// Whether the menu is shown. Its writes outlive it: they report in `writes`.
    #[prop(into)]
    open: Signal<bool>,
    /// Where the writes report: the card's error line and busy flag.
    writes: MutationScope,
    /// Called when an action is chosen: the menu closes.
    on_close: Callback<()>,
    /// Called by Delete: the card asks for a confirmation.
    on_delete: Callback<()>,
    /// Called by Members: the card opens the members panel.
    on_members: Callback<()>,
    /// What a template export left behind, told to the user under the card.
    notice: RwSignal<Option<String>>,
) -> impl IntoView {
    let store = expect_context::<IndexStore>();
    let session = use_session();
    // The copy opens, as a created or imported dashboard does: it is what the user asked for.
    let open_copy = use_context::<super::OpenDashboard>();
    let clone = writes
        .mutation(move |id: DashboardId| {
            let client = session.require_client();
            async move { clone_dashboard(&client?, store, &id).await }
        })
        .on_success(move |path: String| {
            if let Some(o) = open_copy {
                o.0.run(path)
            }
        });
    let export = writes
        .mutation(move |(id, format): (DashboardId, Option<TemplateFormat>)| {
            let client = session.require_client();
            async move { export_dashboard(&client?, &id, format).await }
        })
        .on_success(move |said: Option<String>| notice.set(said));
    let id = move || dashboard.with_untracked(|d| d.id.clone());
    let busy = writes.pending();
    move || {
        open.get().then(|| {
            view! {
                <div class="card-actions" role="menu" inert=move || busy.get() on:click=move |_| on_close.run(())>
                    <button class="btn btn-small" role="menuitem" data-testid="clone" on:click=move |_| clone.run(id())>{copy::CLONE}</button>
                    <button class="btn btn-small" role="menuitem" data-testid="export" on:click=move |_| export.run((id(), None))>{copy::EXPORT}</button>
                    <button class="btn btn-small" role="menuitem" data-testid="export-template-json" title=copy::EXPORT_TEMPLATE_HINT
                        on:click=move |_| export.run((id(), Some(TemplateFormat::Json)))>{copy::EXPORT_TEMPLATE_JSON}</button>
                    <button class="btn btn-small" role="menuitem" data-testid="export-template-yaml" title=copy::EXPORT_TEMPLATE_HINT
                        on:click=move |_| export.run((id(), Some(TemplateFormat::Yaml)))>{copy::EXPORT_TEMPLATE_YAML}</button>
                    <button class="btn btn-small" role="menuitem" data-testid="members" on:click=move |_| on_members.run(())>{copy::MEMBERS}</button>
                    <button class="btn btn-small btn-danger" role="menuitem" data-testid="delete" on:click=move |_| on_delete.run(())>{copy::DELETE}</button>
                </div>
            }
        })
    }
}

/// Copies the dashboard with its cells, views and labels; the copy joins the store. Returns
/// the copy's path.
async fn clone_dashboard(client: &Client, store: IndexStore, id: &DashboardId) -> Result<String, ApiError> {
    let source = client.get_dashboard(id, true).await?;
    let plan = plan_clone(&source, &copy::clone_name(&source.name))?;
    let copy = client.run_import(&plan).await?;
    let path = dashboards_core::routes::dashboard_path(&copy.org_id, &copy.id);
    store.put(copy);
    Ok(path)
}

/// Reads the dashboard with its views and offers it as a download: this app's export (JSON),
/// or an InfluxDB template in JSON or YAML.
/// Returns what a template could not carry, in words, when it lost anything.
async fn export_dashboard(client: &Client, id: &DashboardId, format: Option<TemplateFormat>) -> Result<Option<String>, ApiError> {
    let d = client.get_dashboard(id, true).await?;
    let doc = ExportDoc::from_dashboard(&d);
    let (name, text, mime, said) = match format {
        None => (doc.file_name(), serde_json::to_string_pretty(&doc).unwrap_or_default(), "application/json", None),
        Some(f) => {
            let template = export_template(std::slice::from_ref(&doc));
            let mime = if f == TemplateFormat::Json { "application/json" } else { "application/x-yaml" };
            let said = copy::template_losses(&template.left_out, &template.losses);
            (template_file_name(&doc.name, f), template.to_text(f), mime, said)
        }
    };
    crate::browser::download_text(&name, &text, mime)
        .map_err(|e| ApiError::Validation { message: format!("{}: {e}", copy::DOWNLOAD_FAILED) })?;
    Ok(said)
}
