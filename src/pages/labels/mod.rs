//! The labels page (`/orgs/:org/labels`): every label of the org with its color, description
//! and how many dashboards carry it (counted from every dashboard of the org, loaded once);
//! search and sort in the URL; create, edit and delete; a label opens the index filtered by it.

mod form;

use crate::components::{href, label_pill, ErrorView};
use crate::copy;
use crate::session::use_client;
use dashboards_core::labels::{index_query_for_label, label_usage, list_labels, LabelSort, LabelUsage, LabelsState};
use dashboards_core::model::{Label, OrgId};
use dashboards_core::routes::{dashboards_path, labels_path};
use dashboards_core::ApiError;
use form::{DeleteLabelDialog, LabelForm};
use leptos::prelude::*;
use leptos_router::hooks::{use_location, use_navigate, use_params_map};
use leptos_router::NavigateOptions;

/// The org's labels and how many dashboards carry each, as loaded.
#[derive(Clone, Copy)]
pub struct LabelsData {
    pub labels: RwSignal<Vec<Label>>,
    pub usage: RwSignal<LabelUsage>,
}

/// What a row shows: a change of any of it draws the row again.
fn row_key((l, uses): &(Label, usize)) -> (String, String, String, String, usize) {
    let p = |k: &str| l.property(k).unwrap_or_default().to_owned();
    (l.id.0.clone(), l.name.clone(), p("color"), p("description"), *uses)
}

#[derive(Clone, Debug, PartialEq)]
enum Open {
    None,
    New,
    Edit(Label),
    Delete(Label),
}

/// The labels of the org in the route.
#[component]
pub fn LabelsPage() -> impl IntoView {
    let params = use_params_map();
    let org = Memo::new(move |_| OrgId(params.with(|p| p.get("org").unwrap_or_default())));
    let client = use_client();
    let data = LabelsData { labels: RwSignal::new(Vec::new()), usage: RwSignal::new(LabelUsage::default()) };
    // Two lists, each read once: the labels, and every dashboard (for the counts).
    let loaded = LocalResource::new(move || {
        let client = client.get();
        let org = org.get();
        async move {
            let client = client.ok_or(ApiError::Unauthorized { message: copy::SIGNED_OUT.into() })?;
            // Both at once: neither waits for the other.
            let (labels, dashboards) = futures::future::join(client.list_labels(&org), client.load_all_dashboards(&org)).await;
            let (labels, dashboards) = (labels?, dashboards?);
            data.labels.set(labels);
            data.usage.set(label_usage(&dashboards));
            Ok::<_, ApiError>(dashboards.len())
        }
    });
    let location = use_location();
    let navigate = use_navigate();
    let state = Memo::new(move |_| LabelsState::from_query(&location.search.get()));
    let set_state = Callback::new(move |next: LabelsState| {
        let path = format!("{}{}", labels_path(&org.get_untracked()), next.to_query());
        navigate(&path, NavigateOptions { replace: true, scroll: false, ..Default::default() });
    });
    Effect::new(move |_| crate::browser::set_title(&copy::labels_title(&crate::orgs::org_name(&org.get()))));
    let rows = Memo::new(move |_| {
        data.labels.with(|labels| {
            data.usage.with(|usage| {
                state.with(|s| list_labels(labels, usage, s).into_iter().map(|r| (r.label.clone(), r.uses)).collect::<Vec<_>>())
            })
        })
    });
    let open = RwSignal::new(Open::None);
    let close = Callback::new(move |_| open.set(Open::None));
    view! {
        <main class="page">
            <div class="page-head">
                <h1>{copy::LABELS}</h1>
                <div class="head-actions">
                    <button class="btn btn-primary" data-testid="label-new" on:click=move |_| open.set(Open::New)>{copy::NEW_LABEL_BUTTON}</button>
                </div>
            </div>
            <div class="toolbar" role="search">
                <input type="search" class="search" data-testid="labels-search" placeholder=copy::SEARCH_LABELS aria-label=copy::SEARCH_LABELS
                    prop:value=move || state.with(|s| s.query.clone())
                    on:input=move |ev| set_state.run(LabelsState { query: event_target_value(&ev), ..state.get_untracked() }) />
                <label class="select">
                    <span>{copy::SORT}</span>
                    <select data-testid="labels-sort" on:change=move |ev| {
                        let sort = LabelSort::from_param(&event_target_value(&ev)).unwrap_or_default();
                        set_state.run(LabelsState { sort, ..state.get_untracked() })
                    }>
                        {LabelSort::ALL.into_iter().map(|o| view! {
                            <option value=o.as_param() selected=move || state.with(|s| s.sort == o)>{o.label()}</option>
                        }).collect_view()}
                    </select>
                </label>
            </div>
            <Transition fallback=|| view! { <p class="muted">{copy::LOADING}</p> }>
                {move || Suspend::new(async move {
                    match loaded.await {
                        Err(e) => view! { <ErrorView error=e on_retry=Callback::new(move |_| loaded.refetch()) /> }.into_any(),
                        Ok(dashboards) => view! {
                            <p class="muted" data-testid="labels-count">{move || copy::labels_counted(rows.with(Vec::len), data.labels.with(Vec::len), dashboards)}</p>
                            <Show when=move || !rows.with(Vec::is_empty) fallback=move || view! {
                                <p class="empty-state" data-testid="no-labels">{if data.labels.with(Vec::is_empty) { copy::NO_LABELS } else { copy::NO_LABEL_MATCH }}</p>
                            }>
                                <ul class="label-list" data-testid="label-list">
                                    <For each=move || rows.get() key=row_key let:row>
                                        {
                                            let (label, uses) = row;
                                            let (edit, delete) = (label.clone(), label.clone());
                                            let link = href(&format!("{}{}", dashboards_path(&org.get_untracked()), index_query_for_label(&label.name)));
                                            view! {
                                                <li class="label-row" data-testid="label-row" data-label-id=label.id.0.clone()>
                                                    <a class="label-link" href=link title=copy::SHOW_ITS_DASHBOARDS data-testid="label-link">{label_pill(&label)}</a>
                                                    <span class="label-description muted">{label.property("description").unwrap_or_default().to_owned()}</span>
                                                    <span class="label-uses" data-testid="label-uses">{copy::used_by(uses)}</span>
                                                    <button class="btn btn-small" data-testid="label-edit" on:click=move |_| open.set(Open::Edit(edit.clone()))>{copy::EDIT}</button>
                                                    <button class="btn btn-small btn-danger" data-testid="label-delete" on:click=move |_| open.set(Open::Delete(delete.clone()))>{copy::DELETE}</button>
                                                </li>
                                            }
                                        }
                                    </For>
                                </ul>
                            </Show>
                        }.into_any(),
                    }
                })}
            </Transition>
            {move || match open.get() {
                Open::None => ().into_any(),
                Open::New => view! { <LabelForm org=org.get_untracked() editing=None data=data on_close=close /> }.into_any(),
                Open::Edit(l) => view! { <LabelForm org=org.get_untracked() editing=Some(l) data=data on_close=close /> }.into_any(),
                Open::Delete(l) => {
                    let uses = data.usage.with_untracked(|u| u.count(&l.id));
                    view! { <DeleteLabelDialog label=l uses=uses data=data on_close=close /> }.into_any()
                }
            }}
        </main>
    }
}
