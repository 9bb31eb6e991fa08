use super::IndexStore;
use crate::api::Client;
use crate::components::{ColorPicker, LabelPill};
use crate::copy;
use crate::mutation::MutationScope;
use crate::session::use_session;
use dashboards_core::endpoints::check_label_name;
use dashboards_core::model::{CreateLabel, Dashboard, DashboardId, Label, LabelId, OrgId};
use dashboards_core::ApiError;
use leptos::prelude::*;

/// The labels of one dashboard: remove an attached one, attach another of the org's, or make
/// a new label and attach it. Changes reach the store once the server agrees.
#[component]
pub fn LabelMenu(
    /// The dashboard whose labels are edited.
    #[prop(into)]
    dashboard: Signal<Dashboard>,
    /// Whether the menu is shown. Hidden, it keeps its writes going and the name typed.
    #[prop(into)]
    open: Signal<bool>,
    /// Where the writes report: the card's error line and busy flag.
    writes: MutationScope,
) -> impl IntoView {
    let store = expect_context::<IndexStore>();
    let session = use_session();
    let new_label = RwSignal::new(String::new());
    let new_color = RwSignal::new(dashboards_core::labels::DEFAULT_LABEL_COLOR.to_owned());
    // The label the last "create" made: when only its attaching failed, the retry attaches it
    // instead of making a second one (InfluxDB would refuse the name as taken).
    let made = StoredValue::new(None::<Label>);

    let detach = writes.mutation(move |(id, label): (DashboardId, LabelId)| {
        let client = session.require_client();
        async move {
            client?.remove_label(&id, &label).await?;
            store.update(&id, |d| d.labels.retain(|l| l.id != label));
            Ok(())
        }
    });
    // Each write goes to the dashboard shown when the user asked, whatever is shown by the time
    // the server answers.
    let attach = writes.mutation(move |(id, label): (DashboardId, LabelId)| {
        let client = session.require_client();
        async move { attach_label(&client?, store, &id, &label).await }
    });
    let create = writes
        .mutation(move |(id, body): (DashboardId, CreateLabel)| {
            let client = session.require_client();
            async move {
                let client = client?;
                let label = match made.try_get_value().flatten().filter(|l| same_label(l, &body)) {
                    Some(label) => label,
                    None => {
                        let label = client.create_label(&body).await?;
                        store.add_label(label.clone());
                        made.try_set_value(Some(label.clone()));
                        label
                    }
                };
                attach_label(&client, store, &id, &label.id).await?;
                // Attached: the next "create" makes a new label again.
                made.try_set_value(None);
                Ok(())
            }
        })
        .on_success(move |()| new_label.set(String::new()));

    let id = move || dashboard.with_untracked(|d| d.id.clone());
    let create_label = move || match label_to_create(store.org.get_untracked(), &new_label.get_untracked(), new_color.get_untracked()) {
        Ok(body) => create.run((id(), body)),
        Err(e) => writes.error.set(Some(e)),
    };
    let busy = writes.pending();
    move || {
        open.get().then(|| {
            view! {
                <div class="label-menu" data-testid="label-menu">
                    // Attached: each with its remove button (the list itself shows plain pills).
                    <div class="labels">
                        {move || dashboard.with(|d| d.labels.clone()).into_iter().map(|l| {
                            let label = l.id.clone();
                            view! {
                                <span class="label-with-remove">
                                    <LabelPill label=l />
                                    <button class="icon-btn small" title=copy::REMOVE_LABEL data-testid="label-remove"
                                        on:click=move |_| detach.run((id(), label.clone()))>"×"</button>
                                </span>
                            }
                        }).collect_view()}
                    </div>
                    <div class="labels">
                        {move || {
                            let options = dashboard.with(|d| store.labels.with(|all| unattached(all, &d.labels)));
                            options.into_iter().map(|l| {
                                let style = crate::components::style_of(&l);
                                let label = l.id.clone();
                                view! {
                                    <button class="chip" data-testid="label-option" style=style
                                        on:click=move |_| attach.run((id(), label.clone()))>"+ "{l.name.clone()}</button>
                                }
                            }).collect_view()
                        }}
                    </div>
                    <div class="inline-row">
                        <input class="inline-edit" placeholder=copy::NEW_LABEL data-testid="new-label-name" bind:value=new_label
                            on:keydown=move |ev| if ev.key() == "Enter" { create_label() } />
                        <button class="btn btn-small" data-testid="new-label-create" disabled=busy on:click=move |_| create_label()>{copy::CREATE}</button>
                    </div>
                    <ColorPicker color=new_color testid="new-label-color" />
                </div>
            }
        })
    }
}

/// Attaches, then adds the label as the server answers it to the dashboard in the store.
async fn attach_label(client: &Client, store: IndexStore, id: &DashboardId, label: &LabelId) -> Result<(), ApiError> {
    let attached = client.add_label(id, label).await?;
    store.update(id, |d| d.labels.push(attached));
    Ok(())
}

/// The org's labels that are not attached, in the org's order.
fn unattached(all: &[Label], attached: &[Label]) -> Vec<Label> {
    all.iter().filter(|l| !attached.iter().any(|a| a.id == l.id)).cloned().collect()
}

/// The label to make from what the user typed and chose; refused before sending if the name
/// is empty.
fn label_to_create(org: OrgId, name: &str, color: String) -> Result<CreateLabel, ApiError> {
    Ok(CreateLabel { org_id: org, name: check_label_name(name)?, properties: [("color".to_owned(), color)].into() })
}

/// Whether `label` is what `body` would make (same name and color).
fn same_label(label: &Label, body: &CreateLabel) -> bool {
    label.name == body.name && label.property("color") == body.properties.get("color").map(String::as_str)
}
