//! Making, changing and deleting a label. The name is checked before anything is sent (empty,
//! or already used in the org in any case: influxd refuses those with 422, B13); the server's
//! answer is still handled when another client took the name meanwhile.

use super::LabelsData;
use crate::components::{ColorPicker, Dialog, FormError};
use crate::copy;
use crate::mutation::use_mutation;
use crate::session::use_session;
use dashboards_core::labels::{check_label_name, DEFAULT_LABEL_COLOR};
use dashboards_core::model::{CreateLabel, Label, OrgId, PatchLabel};
use dashboards_core::ApiError;
use leptos::prelude::*;
use std::collections::BTreeMap;

/// What the form sends.
#[derive(Clone, Debug)]
enum Write {
    Create(CreateLabel),
    Patch(Label, PatchLabel),
}

/// One form for a new label (`editing: None`) and for changing one.
#[component]
pub fn LabelForm(org: OrgId, editing: Option<Label>, data: LabelsData, on_close: Callback<()>) -> impl IntoView {
    let session = use_session();
    let name = RwSignal::new(editing.as_ref().map(|l| l.name.clone()).unwrap_or_default());
    let description = RwSignal::new(editing.as_ref().and_then(|l| l.property("description")).unwrap_or_default().to_owned());
    let color = RwSignal::new(editing.as_ref().and_then(|l| l.property("color")).unwrap_or(DEFAULT_LABEL_COLOR).to_owned());
    let title = if editing.is_some() { copy::EDIT_LABEL } else { copy::NEW_LABEL_TITLE };
    let editing = StoredValue::new(editing);
    let save = use_mutation(move |write: Write| {
        let client = session.require_client();
        async move {
            let client = client?;
            let saved = match write {
                Write::Create(body) => client.create_label(&body).await?,
                Write::Patch(label, body) => client.patch_label(&label.id, &body).await?,
            };
            data.labels.update(|all| match all.iter_mut().find(|l| l.id == saved.id) {
                Some(l) => *l = saved.clone(),
                None => all.push(saved.clone()),
            });
            Ok(())
        }
    })
    .on_success(move |()| on_close.run(()));
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let current = editing.get_value();
        let checked = data.labels.with_untracked(|all| check_label_name(&name.get_untracked(), all, current.as_ref().map(|l| &l.id)));
        let n = match checked {
            Ok(n) => n,
            Err(e) => return save.error().set(Some(e.into())),
        };
        let mut properties = BTreeMap::new();
        properties.insert("color".to_owned(), color.get_untracked());
        // On a change, "" removes the description (PATCH merges properties).
        properties.insert("description".to_owned(), description.get_untracked().trim().to_owned());
        let write = match current {
            Some(label) => Write::Patch(label, PatchLabel { name: Some(n), properties: Some(properties) }),
            None => {
                properties.retain(|_, v| !v.is_empty());
                Write::Create(CreateLabel { org_id: org.clone(), name: n, properties })
            }
        };
        save.run(write);
    };
    view! {
        <Dialog title=title.to_owned() busy=save.pending() on_close=on_close testid="label-form">
            <form class="dialog-form" on:submit=submit>
                <label class="field">
                    <span>{copy::NAME}</span>
                    <input type="text" data-testid="label-name" bind:value=name autofocus required />
                </label>
                <label class="field">
                    <span>{copy::DESCRIPTION}</span>
                    <input type="text" data-testid="label-description" bind:value=description />
                </label>
                <ColorPicker color=color testid="label-color" />
                <p class="preview-row">{copy::PREVIEW}": "
                    <span class="label-pill" style=move || crate::components::label_style(&color.get())>{move || name.get()}</span></p>
                <FormError error=save.error() testid="label-form-error" />
                <div class="dialog-actions">
                    <button type="button" class="btn" on:click=move |_| on_close.run(())>{copy::CANCEL}</button>
                    <button type="submit" class="btn btn-primary" data-testid="label-save" disabled=save.pending()>{copy::SAVE}</button>
                </div>
            </form>
        </Dialog>
    }
}

/// Deletes a label after a question that names it and how many dashboards lose it.
#[component]
pub fn DeleteLabelDialog(label: Label, uses: usize, data: LabelsData, on_close: Callback<()>) -> impl IntoView {
    let session = use_session();
    let id = StoredValue::new(label.id.clone());
    let delete = use_mutation(move |()| {
        let client = session.require_client();
        async move {
            let id = id.get_value();
            match client?.delete_label(&id).await {
                // Gone already (another client): what the user wanted.
                Ok(()) | Err(ApiError::NotFound { .. }) => {}
                Err(e) => return Err(e),
            }
            data.labels.update(|all| all.retain(|l| l.id != id));
            Ok(())
        }
    })
    .on_success(move |()| on_close.run(()));
    view! {
        <Dialog title=copy::DELETE_LABEL_TITLE.to_owned() busy=delete.pending() on_close=on_close testid="delete-label-dialog">
            <p data-testid="delete-label-question">{copy::delete_label_question(&label.name, uses)}</p>
            <FormError error=delete.error() testid="dialog-error" />
            <div class="dialog-actions">
                <button class="btn" on:click=move |_| on_close.run(())>{copy::CANCEL}</button>
                <button class="btn btn-danger" data-testid="delete-label-confirm" disabled=delete.pending() on:click=move |_| delete.run(())>{copy::DELETE}</button>
            </div>
        </Dialog>
    }
}
